"""Context pieces every document shares: header grid, signature, recipients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..conventions import (
    Authority,
    Family,
    format_number_line,
    format_recipients,
    place_date_line,
    signature_lines,
    upper_vi,
)
from ..dataset import LoadedDataset
from ..dataset.models import Body, Signer
from ..errors import ConventionError, DatasetError
from ..profiles import Profile
from ..render.blueprints import text_width_mm
from ..render.layout import estimate_width_mm, measured_width_mm


@dataclass(frozen=True)
class Rendered:
    """One document ready to write: where it goes and its bytes."""

    kind: str
    filename: str
    title: str
    content: bytes
    sources: tuple[str, ...] = ()


def body(loaded: LoadedDataset, key: str) -> Body:
    return loaded.data.unit if key == "unit" else loaded.data.bodies[key]


def header(
    loaded: LoadedDataset,
    profile: Profile,
    *,
    issuer: Body,
    type_code: str | None,
    number: int | None,
    date: dt.date | None,
) -> dict[str, Any]:
    """Context ``hdr``: ô 2 parent/issuer lines (upper case), ô 3 number, ô 4 place-date."""
    data = loaded.data
    parent = header_lines(issuer.parent or "", profile, "parent")
    names = header_lines(issuer.name, profile, "issuer")
    number_line = ""
    if type_code is not None:
        number_line = format_number_line(number, type_code, issuer.code, profile.family,
                                         colon=profile.number_colon)
    return {
        "parent": parent,
        "issuer": names,
        "number": number_line,
        # the year only fills a blank date; a dated document may fall in the next year
        "place_date": place_date_line(data.place, date, year=None if date else data.year),
    }


# a header line may break before these words (the place name stays whole: 'PHƯỜNG HÒA BÌNH')
_BREAK_BEFORE = {"PHƯỜNG", "XÃ", "TỈNH", "HUYỆN", "QUẬN", "THỊ", "THÀNH", "VÀ"}
# two-syllable words of unit names a header line must not split
_WORDS = {"ỦY BAN", "NHÂN DÂN", "HÀNH CHÍNH", "KHEN THƯỞNG", "THI ĐUA", "CỘNG SẢN",
          "THANH NIÊN", "PHỤC VỤ", "TRUNG TÂM", "HẠ TẦNG", "ĐÔ THỊ", "KINH TẾ", "VĂN HÓA",
          "XÃ HỘI", "PHỤ NỮ", "LIÊN HIỆP", "NÔNG DÂN", "CHIẾN BINH", "QUÂN SỰ", "Y TẾ",
          "VIỆT NAM", "MẶT TRẬN", "TỔ QUỐC", "HỘI ĐỒNG", "VĂN PHÒNG", "CÔNG AN", "HÒA BÌNH",
          "AN PHÚ", "TIỂU HỌC", "TRUNG HỌC", "CƠ SỞ", "CHỈ HUY", "DÂN PHỐ", "XÂY DỰNG",
          "TUYÊN GIÁO", "DÂN VẬN", "KIỂM TRA", "THƯỜNG VỤ", "ĐẢNG ỦY", "CHI BỘ", "LÂM ĐỒNG",
          "DOANH NGHIỆP", "TƯ PHÁP", "HỘ TỊCH", "LAO ĐỘNG", "THƯƠNG BINH", "CƠ QUAN",
          "ĐOÀN THỂ", "NÔNG THÔN", "NÔNG NGHIỆP", "PHÁT TRIỂN", "MÔI TRƯỜNG", "TÀI NGUYÊN",
          "GIÁO DỤC", "ĐÀO TẠO", "TÀI CHÍNH", "KẾ HOẠCH", "ĐẦU TƯ", "NỘI VỤ", "CÔNG THƯƠNG",
          "GIAO THÔNG", "VẬN TẢI", "KHOA HỌC", "CÔNG NGHỆ", "THÔNG TIN", "TRUYỀN THÔNG",
          "THỂ THAO", "DU LỊCH", "DÂN TỘC", "TÔN GIÁO", "THANH TRA", "QUỐC PHÒNG", "AN NINH",
          "ĐỊA CHÍNH", "MẦM NON", "THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TRUNG ƯƠNG", "TỈNH ỦY",
          "HUYỆN ỦY", "THÀNH ỦY", "THỊ ỦY", "QUẬN ỦY", "CÔNG ĐOÀN", "KHU PHỐ", "KHỐI PHỐ",
          "BỆNH VIỆN", "TRẠM Y", "NGÂN HÀNG", "CHÍNH SÁCH", "BẢO HIỂM"}


def header_lines(text: str, profile: Profile, element: str) -> list[str]:
    """ô 2 lines in upper case: the dataset's own line breaks, and a line too wide for the
    header column broken at a word group (before the place name, after ' - '), into lines of
    balanced width, never 'HÒA BÌNH' or 'KHEN THƯỞNG' split or left alone on a line."""
    style = profile.elements[element]
    width = header_column_mm(profile)
    out: list[str] = []
    for line in text.split("\n"):
        if line.strip():
            out += _fit(" ".join(upper_vi(line).split()), width, style.size, style.bold)
    return out


def header_column_mm(profile: Profile) -> float:
    """Width of the header's left column in a portrait document (render.blueprints)."""
    width = text_width_mm(profile, False)
    if profile.family is Family.STATE:
        width += 10
    # lines are measured with the font's own widths (render.layout.measured_width_mm): in the
    # ward's PDFs 'TRUNG TÂM PHỤC VỤ HÀNH' (65.2 mm) fits this 66.5 mm column and 'CÔNG AN
    # PHƯỜNG HÒA BÌNH' (67.6 mm) wraps, which the rough estimate had the wrong way round
    return width * profile.header_left_pct / 100


def _fit(line: str, width: float, size: float, bold: bool) -> list[str]:
    """``line`` broken into header lines no wider than ``width`` mm (a copy of the cached
    answer: unit names repeat over thousands of phiếu)."""
    return list(_fit_cached(line, width, size, bold))


@lru_cache(maxsize=4096)
def _fit_cached(line: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    return tuple(_fit_lines(line, width, size, bold))


def _fit_lines(line: str, width: float, size: float, bold: bool) -> list[str]:
    words = line.split(" ")
    # widths add up per character: one measure per word, a space between words
    sizes = [measured_width_mm(w, size, bold) for w in words]
    space = measured_width_mm(" ", size, bold)
    out: list[str] = []
    start = 0
    while True:
        total = sum(sizes[start:]) + space * (len(words) - start - 1)
        if total <= width or len(words) - start < 2:  # fits, or one word too wide: as it is
            out.append(" ".join(words[start:]))
            return out
        best: tuple[tuple[bool, float], int] | None = None
        wa = 0.0
        for i in range(start + 1, len(words)):
            wa += sizes[i - 1] + (space if i - 1 > start else 0.0)
            wb = total - wa - space
            score = max(wa, wb)
            if words[i] in _BREAK_BEFORE:
                score -= 20  # a word group starts here
            if "-" in (words[i], words[i - 1]) or len(words) - i == 1 or i == start + 1:
                score += 40  # 'THI ĐUA - KHEN THƯỞNG' stays whole, no word alone on a line
            if f"{words[i - 1]} {words[i]}" in _WORDS:
                score += 60  # one word of two syllables: 'HÀNH CHÍNH', 'CỘNG SẢN'
            if words[i - 1] in ("HỒ", "CHÍ"):  # Hồ Chí Minh
                score += 30
            key = (wa > width + 1e-9, round(score, 6))  # sums in another order: no float noise
            if best is None or key < best[0]:
                best = (key, i)
        assert best is not None  # at least two words here
        out.append(" ".join(words[start:best[1]]))
        start = best[1]


def signature(signer: Signer, family: Family, *, where: str) -> dict[str, Any]:
    """Context ``sig``: authority line, position line(s), optional note, name."""
    try:
        lines = signature_lines(signer.authority, signer.on_behalf_of, signer.title, family)
    except ConventionError as err:
        raise DatasetError(f"{where}: {err}") from None
    if signer.authority is Authority.NONE:
        authority, positions = "", lines
    else:
        authority, positions = lines[0], lines[1:]
    return {"authority": authority, "positions": positions, "note": "", "name": signer.name,
            "pad": []}


def recipients(items: list[str], loaded: LoadedDataset, issuer: Body, profile: Profile
               ) -> list[str]:
    archive = issuer.archive or loaded.data.unit.archive or profile.archive_default
    return format_recipients(items, profile.family, archive=archive)


def signer(loaded: LoadedDataset, key: str) -> Signer:
    return loaded.data.signers[key]


@lru_cache(maxsize=4096)
def _wrapped(text: str, width: float, size: float, bold: bool) -> int:
    """How many printed lines a centred line of text takes in a column ``width`` mm wide."""
    count, current = 0, ""
    for line in text.split("\n"):
        count, current = count + 1, ""
        for word in line.split():
            trial = f"{current} {word}".strip()
            if current and estimate_width_mm(trial, size, bold) > width:
                count, current = count + 1, word
            else:
                current = trial
    return count


def signature_height(block: dict[str, Any], width: float, profile: Profile) -> int:
    """Printed lines above the blank space of a signature block: authority, positions,
    note."""
    auth, pos = profile.elements["authority"], profile.elements["position"]
    lines = _wrapped(block.get("authority") or "", width, auth.size, auth.bold) \
        if block.get("authority") else 0
    lines += sum(_wrapped(x, width, pos.size, pos.bold) for x in block.get("positions", []))
    return lines + (1 if block.get("note") else 0)


def level_signatures(left: dict[str, Any], right: dict[str, Any], profile: Profile,
                     landscape: bool = False) -> None:
    """Give the shorter of two side-by-side signature blocks blank lines ('pad'), so the two
    names print on the same line (render.blueprints.add_signature_grid: 45% | 55%)."""
    width = text_width_mm(profile, landscape) * 1.06  # the estimate overstates capitals
    a = signature_height(left, width * 0.45, profile)
    b = signature_height(right, width * 0.55, profile)
    left["pad"] = [""] * max(b - a, 0)
    right["pad"] = [""] * max(a - b, 0)


SEAL_NOTE = "(Ký tên, đóng dấu)"
NO_SEAL_NOTE = "(Ký, ghi rõ họ tên)"


def seal_note(body: str) -> str:
    """A chi bộ has no seal: it signs only (format-standards §1.3, 'Chi bộ has no seal')."""
    return NO_SEAL_NOTE if body.strip().lower().startswith(("chi bộ", "chi ủy")) else SEAL_NOTE
