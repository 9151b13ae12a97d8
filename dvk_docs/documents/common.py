"""Context pieces every document shares: header grid, signature, recipients."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
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
    parent = [upper_vi(line) for line in (issuer.parent or "").split("\n") if line.strip()]
    names = [upper_vi(line) for line in issuer.name.split("\n") if line.strip()]
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
    return {"authority": authority, "positions": positions, "note": "", "name": signer.name}


def recipients(items: list[str], loaded: LoadedDataset, issuer: Body, profile: Profile
               ) -> list[str]:
    archive = issuer.archive or loaded.data.unit.archive or profile.archive_default
    return format_recipients(items, profile.family, archive=archive)


def signer(loaded: LoadedDataset, key: str) -> Signer:
    return loaded.data.signers[key]


SEAL_NOTE = "(Ký tên, đóng dấu)"
NO_SEAL_NOTE = "(Ký, ghi rõ họ tên)"


def seal_note(body: str) -> str:
    """A chi bộ has no seal: it signs only (format-standards §1.3, 'Chi bộ has no seal')."""
    return NO_SEAL_NOTE if body.strip().lower().startswith(("chi bộ", "chi ủy")) else SEAL_NOTE
