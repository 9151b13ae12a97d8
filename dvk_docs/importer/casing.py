"""Upper-case header and signature lines back to the way names are written in sentences.

The header prints ``ĐẢNG ỦY XÃ AN PHÚ``; the dataset keeps ``Đảng ủy xã An Phú`` (the
templates upper-case it again). The same name usually appears in the document's own text
("Ban Thường vụ Đảng ủy xã An Phú xây dựng Kế hoạch..."), so that spelling is taken first;
otherwise Vietnamese rules for names of bodies and titles are applied: the first word, "Đảng",
the proper name after xã/phường/tỉnh..., known names of bodies and titles, abbreviations.
"""

from __future__ import annotations

import re
import unicodedata

# longest first; lower-case key -> written form
KNOWN = {
    "ban thường vụ": "Ban Thường vụ",
    "ban chấp hành": "Ban Chấp hành",
    "ban xây dựng đảng": "Ban Xây dựng Đảng",
    "ban tuyên giáo và dân vận": "Ban Tuyên giáo và Dân vận",
    "ban tuyên giáo": "Ban Tuyên giáo",
    "ban dân vận": "Ban Dân vận",
    "ban tổ chức": "Ban Tổ chức",
    "ban chỉ đạo": "Ban Chỉ đạo",
    "ban chỉ huy quân sự": "Ban Chỉ huy Quân sự",
    "ủy ban kiểm tra": "Ủy ban Kiểm tra",
    "ủy ban mặt trận tổ quốc việt nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "mặt trận tổ quốc việt nam": "Mặt trận Tổ quốc Việt Nam",
    "mặt trận tổ quốc": "Mặt trận Tổ quốc",
    "hội đồng thi đua - khen thưởng": "Hội đồng Thi đua - Khen thưởng",
    "hội đồng thi đua, khen thưởng": "Hội đồng Thi đua, Khen thưởng",
    "văn phòng": "Văn phòng",
    "thường trực": "Thường trực",
    "trung ương": "Trung ương",
    "việt nam": "Việt Nam",
    "cộng sản": "Cộng sản",
    "hồ chí minh": "Hồ Chí Minh",
    "trưởng ban chỉ đạo": "Trưởng Ban Chỉ đạo",
    "phó trưởng ban chỉ đạo": "Phó Trưởng Ban Chỉ đạo",
    "phó bí thư": "Phó Bí thư",
    "bí thư": "Bí thư",
    "phó chủ tịch": "Phó Chủ tịch",
    "chủ tịch": "Chủ tịch",
    "phó trưởng ban": "Phó Trưởng ban",
    "trưởng ban": "Trưởng ban",
    "phó giám đốc": "Phó Giám đốc",
    "giám đốc": "Giám đốc",
    "phó chánh văn phòng": "Phó Chánh Văn phòng",
    "chánh văn phòng": "Chánh Văn phòng",
    "phó trưởng phòng": "Phó Trưởng phòng",
    "trưởng phòng": "Trưởng phòng",
    "chủ nhiệm": "Chủ nhiệm",
    "thủ trưởng": "Thủ trưởng",
}
ABBREVIATIONS = {"HĐND", "UBND", "MTTQ", "MTTQVN", "BCH", "BTV", "CT-XH", "TW", "HĐTĐKT", "VN",
                 "TP", "TP.", "BCĐ", "VP", "QP-AN", "KT-XH", "TNCS", "TNCSHCM", "LLVT", "CCB"}
PLACE_WORDS = ("thành phố", "thị trấn", "thị xã", "tổ dân phố", "khu phố", "tỉnh", "huyện",
               "quận", "xã", "phường", "thôn", "ấp", "bản", "khối", "tổ", "làng", "xóm")
# "đảng ủy", "đảng bộ", "Tỉnh ủy" ... take a capital letter
_PARTY_WORDS = re.compile(r"\b(đảng)\b")
_COMMITTEE = re.compile(r"\b(tỉnh ủy|huyện ủy|thành ủy|quận ủy|thị ủy|tỉnh uỷ|huyện uỷ|thành uỷ|"
                        r"quận uỷ|thị uỷ)\b")


def mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c.isupper()) >= 0.8 * len(letters)


def _norm_tone(word: str) -> str:
    """Old- and new-style tone placement compare equal: 'uỷ' ~ 'ủy', 'hoà' ~ 'hòa'."""
    d = unicodedata.normalize("NFD", word.lower())
    tones = "".join(c for c in d if c in "\u0300\u0301\u0303\u0309\u0323")
    base = "".join(c for c in d if c not in "\u0300\u0301\u0303\u0309\u0323")
    return unicodedata.normalize("NFC", base) + tones


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"[^\s,;:.()“”\"'/]+", text)]


def find_in(corpus: str, upper: str) -> str | None:
    """The spelling of ``upper`` as it appears in ``corpus`` (same words, any case)."""
    target = [_norm_tone(w) for _, _, w in _words(upper)]
    if not target:
        return None
    words = _words(corpus)
    keys = [_norm_tone(w) for _, _, w in words]
    n = len(target)
    best: str | None = None
    for i in range(len(keys) - n + 1):
        if keys[i:i + n] == target:
            found = corpus[words[i][0]:words[i + n - 1][1]]
            if mostly_upper(found):
                continue  # the header line itself, or another line in capitals
            if re.sub(r"\s+", " ", found.upper()) == re.sub(r"\s+", " ", upper.upper()):
                return found
            best = best or found
    return best


def recase(text: str, corpus: str = "", *, first: bool = True, name: bool = False) -> str:
    """Sentence spelling of an upper-case line; ``name`` for a person's name (every word)."""
    text = re.sub(r"\s+", " ", text).strip()
    if not mostly_upper(text):
        return text
    if name:
        return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))
    found = find_in(corpus, text) if corpus else None
    out = found or _rules(text)
    if first and out:
        out = out[0].upper() + out[1:]
    return out


def _rules(text: str) -> str:
    tokens = text.split(" ")
    lowered = []
    for tok in tokens:
        bare = tok.strip(",;:()")
        if bare.upper() in ABBREVIATIONS or (len(bare) >= 2 and not re.search(
                r"[AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]",
                bare.upper())):
            lowered.append(tok)  # an abbreviation: no vowel (UBND, HĐND, BCĐ)
        else:
            lowered.append(tok.lower())
    out = " ".join(lowered)
    for key in sorted(KNOWN, key=len, reverse=True):
        out = re.sub(rf"(?<!\w){re.escape(key)}(?!\w)", KNOWN[key], out)
    out = _PARTY_WORDS.sub("Đảng", out)
    out = _COMMITTEE.sub(lambda m: m.group(1)[0].upper() + m.group(1)[1:], out)
    # the proper name after a place word: every word capitalised to the end
    for word in (*PLACE_WORDS, "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Quận ủy", "Thị ủy"):
        m = re.search(rf"(?<!\w){word}\s+(?!kiêm\b)(.+)$", out)
        if m and not any(out[m.start(1):].lower().startswith(w) for w in PLACE_WORDS):
            tail = " ".join(w[:1].upper() + w[1:] for w in m.group(1).split(" "))
            out = out[:m.start(1)] + tail
            break
    return out
