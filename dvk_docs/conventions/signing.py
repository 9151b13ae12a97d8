"""Thể thức đề ký: the authority prefix and title lines above the signature.

Party (36-HD) writes ``T/M``, ``K/T``, ``T/L`` (slash, no dot) and has no TUQ or Q;
State (NĐ 30) writes ``TM.``, ``KT.``, ``TL.``, ``TUQ.``, ``Q.`` (dot, no slash).
"""

from __future__ import annotations

from enum import Enum

from dvk_docs.conventions.family import Family, coerce_family
from dvk_docs.conventions.text import collapse_spaces, nfc, upper_vi
from dvk_docs.errors import ConventionError


class Authority(str, Enum):
    """How the signer signs."""

    TM = "TM"  #: on behalf of a collective body (thay mặt)
    KT = "KT"  #: deputy signing for the head (ký thay)
    TL = "TL"  #: by order of the head (thừa lệnh)
    TUQ = "TUQ"  #: by authorisation (thừa ủy quyền) — State only
    Q = "Q"  #: acting head (quyền) — State only
    NONE = "none"  #: the head signs in their own name


_PREFIXES: dict[Family, dict[Authority, str]] = {
    Family.PARTY: {
        Authority.TM: "T/M",
        Authority.KT: "K/T",
        Authority.TL: "T/L",
        Authority.NONE: "",
    },
    Family.STATE: {
        Authority.TM: "TM.",
        Authority.KT: "KT.",
        Authority.TL: "TL.",
        Authority.TUQ: "TUQ.",
        Authority.Q: "Q.",
        Authority.NONE: "",
    },
}

_NEEDS_PRINCIPAL = frozenset({Authority.TM, Authority.KT, Authority.TL, Authority.TUQ})


def _coerce_authority(value: Authority | str) -> Authority:
    if isinstance(value, Authority):
        return value
    if isinstance(value, str):
        key = value.strip()
        for auth in Authority:
            if key.upper() == auth.value.upper():
                return auth
    allowed = ", ".join(repr(a.value) for a in Authority)
    raise ConventionError(f"unknown signing authority {value!r}; expected one of {allowed}")


def authority_prefix(authority: Authority, family: Family) -> str:
    """Return the prefix for ``authority`` in ``family`` (``"T/M"``, ``"TM."``, ... or ``""``).

    Raises :class:`ConventionError` for TUQ and Q in Party documents, which 36-HD does not know.
    """
    auth = _coerce_authority(authority)
    fam = coerce_family(family)
    table = _PREFIXES[fam]
    if auth not in table:
        allowed = ", ".join(f"{a.value} ({p})" if p else a.value for a, p in table.items())
        raise ConventionError(
            f"thẩm quyền ký (authority) {auth.value} không dùng trong văn bản "
            f"{'Đảng (party)' if fam is Family.PARTY else 'Nhà nước (state)'}; dùng: {allowed}"
        )
    return table[auth]


def _clean(value: str | None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ConventionError(f"expected text, got {value!r}")
    return collapse_spaces(nfc(value))


def signature_lines(
    authority: Authority,
    on_behalf_of: str | None,
    title: str,
    family: Family,
) -> list[str]:
    """Return the upper-case lines printed above the signature space.

    * TM/KT/TL/TUQ: ``[prefix + " " + ON_BEHALF_OF, TITLE]`` — ``on_behalf_of`` is required
      (Party TM, "Ban Thường vụ", "Phó Bí thư" → ``["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]``).
    * Q (State only): ``["Q. " + ON_BEHALF_OF]`` plus ``TITLE`` only when it differs;
      ``on_behalf_of`` defaults to ``title``.
    * NONE: ``[TITLE]``; ``on_behalf_of`` is ignored.
    """
    auth = _coerce_authority(authority)
    prefix = authority_prefix(auth, family)
    who = _clean(on_behalf_of)
    role = _clean(title)
    if not role:
        raise ConventionError("chức vụ người ký (title) đang trống, ví dụ 'Bí thư' hoặc 'Chủ tịch'")
    if auth is Authority.NONE:
        return [upper_vi(role)]
    if auth is Authority.Q:
        head = upper_vi(who or role)
        lines = [f"{prefix} {head}"]
        if upper_vi(role) != head:
            lines.append(upper_vi(role))
        return lines
    if auth in _NEEDS_PRINCIPAL and not who:
        raise ConventionError(
            f"thẩm quyền ký {auth.value} cần on_behalf_of (ký thay mặt/thay ai, "
            "ví dụ 'Ban Thường vụ' hoặc 'Chủ tịch')"
        )
    return [f"{prefix} {upper_vi(who)}", upper_vi(role)]
