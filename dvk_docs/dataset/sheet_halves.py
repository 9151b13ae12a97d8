"""A big registration sheet read on two cores.

Turning 25,000 rows of .xlsx into checked registrations (the XML parsed, every row sorted
out, its cells cleaned, the model validated) is about 1.6 s of one core, most of a first
``validate``. Here the worksheet's rows are cut in two at a ``<row`` near the middle (byte
spans of the same XML, no copy); a forked child parses the second run of rows while this
process parses the first, finds the header and the lĩnh vực group in force where the runs
meet, and sends them to the child. Each process then turns its rows into registrations and
pickles them; the child sends its part back, and the sheet cache keeps both parts as they
are (``Pickled``).

The result is the one reading on one core gives: the same registrations, warnings and
problems in the same order (``tests/test_sheet_halves.py`` compares them). Anything
unusual reads on one core instead, so every message stays the one-core reading's: a small
sheet, a CSV file, a process with other threads (the web application: forking one is
unsafe) or without ``fork``, a sheet the cut could split wrongly (a comment, CDATA, shared
formulas whose master may lie in the other half, a row without its number), a header not
found in the first half, or the child failing.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
from pathlib import Path
from typing import Any

from ..cores import fork_is_safe, usable_cores
from .models import Registration
from .sheet import (
    HEADER_ROWS,
    SheetBook,
    SheetRow,
    cell_value,
    check_columns,
    check_path,
    find_header,
    no_rows,
    read_sheet,
    sheet_rows,
)
from .sheet_regs import raise_problems, read_sheet_regs, registrations_of
from .xlsx import XlsxBroken, in_order
from .xlsx_fast import bounds

# Below this size of worksheet XML (about 2,000 registrations as openpyxl writes them, 5,000
# as Excel does) one process is as quick: the fork and the pickled half cost more than they
# save.
MIN_BYTES = 2_000_000
# The share of the rows this process reads: it also finds the header before the child can
# go on, the child pickles its registrations after (tuned with bench/bench_scale.py).
HEAD_SHARE = 0.6

_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row(?=[\s>/])([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["']\d+["']""")
_UNSAFE = (b"<!", b'="shared"', b"='shared'")  # comments, CDATA; shared formulas


class Pickled(list[Registration]):
    """Registrations read in parts, with each part already pickled (``pickled_parts``): the
    sheet cache keeps those bytes instead of pickling the registrations again."""

    pickled_parts: list[bytes]


def read_registrations(path: Path, sheet: str | None, linh_vuc_names: list[str],
                       warnings: list[str], ignore_columns: list[str]) -> list[Registration]:
    """The registrations of the sheet at ``path``, as :func:`read_sheet` and
    :func:`read_sheet_regs` give them, on two cores when the sheet is big."""
    found = _on_two_cores(path, sheet, linh_vuc_names, warnings, ignore_columns)
    if found is not None:
        return found
    return read_sheet_regs(path, read_sheet(path, sheet, linh_vuc_names, warnings,
                                            ignore_columns), warnings)


def can_fork() -> bool:
    """Whether a child may be forked here: two usable cores, and a fork is safe."""
    return usable_cores() >= 2 and fork_is_safe()


def cut(xml: bytes, share: float = HEAD_SHARE) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The worksheet ``xml``'s rows in two runs of whole rows, cut at the ``<row`` nearest
    ``share`` of the rows' bytes, as byte spans (None where a cut is not safe)."""
    where = bounds(xml)
    if where is None or any(mark in xml for mark in _UNSAFE):
        return None
    start, end = where.rows, where.end
    row = _ROW.search(xml, start + int((end - start) * share), end)
    if row is None or row.start() == start or not _ROW_NUMBER.search(row.group(1)):
        return None
    return (start, row.start()), (row.start(), end)


def _on_two_cores(path: Path, sheet: str | None, names: list[str], warnings: list[str],
                  ignore: list[str]) -> list[Registration] | None:
    if path.suffix.lower() != ".xlsx" or not can_fork():
        return None
    check_path(path)
    book = SheetBook(path, sheet)
    try:
        if book.book.sheet_size(book.title) < MIN_BYTES:
            return None
        xml = book.book.sheet_xml(book.title)
        halves = cut(xml) if xml is not None else None
        if halves is None:
            return None
        book.book.shared_strings()  # read once, before the fork
        before = len(warnings)
        found = _read_halves(path, book, xml, halves, names, warnings, ignore)
        if found is None:  # read again on one core, which says what is wrong
            del warnings[before:]
        return found
    except XlsxBroken:
        return None
    finally:
        book.close()


def _read_halves(path: Path, book: SheetBook, xml: bytes,
                 halves: tuple[tuple[int, int], tuple[int, int]], names: list[str],
                 warnings: list[str], ignore: list[str]) -> list[Registration] | None:
    head, tail = halves
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(to_child_w)
        os.close(from_child_r)
        _child(path, book, xml, tail, to_child_r, from_child_w)
    os.close(to_child_r)
    os.close(from_child_w)
    sent = False
    try:
        label = f"{path.name}, trang '{book.title}'"
        rows = in_order(book.book.parse_rows(xml, cell_value, head))
        header = find_header(rows)
        if header is None or rows[-1][0] <= HEADER_ROWS + 1:  # header not surely found
            return None
        columns = check_columns(header, label, ignore, warnings)
        mine, current = sheet_rows(rows, header, label, columns, names)
        _write_all(to_child_w, pickle.dumps(
            (header, label, columns, names, current, rows[-1][0], len(mine)),
            protocol=pickle.HIGHEST_PROTOCOL))
        os.close(to_child_w)
        sent = True
        regs, problems = registrations_of(path, mine, warnings)
        # pickled while the child finishes: the sheet cache keeps both halves as they are
        my_part = b"" if problems else pickle.dumps(regs, protocol=pickle.HIGHEST_PROTOCOL)
        answer = pickle.loads(_read_all(from_child_r))
        if answer[0] != "ok":
            return None
        theirs, their_part, their_problems, their_warnings = answer[1]
        if not mine and not theirs:
            raise no_rows(label, header)
        warnings.extend(their_warnings)
        raise_problems(path, problems + their_problems)
        found = Pickled(regs + pickle.loads(their_part))
        found.pickled_parts = [my_part, their_part]
        return found
    except (EOFError, pickle.UnpicklingError, OSError):  # the child died: one core
        return None
    finally:
        if not sent:
            os.close(to_child_w)
        os.close(from_child_r)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _child(path: Path, book: SheetBook, xml: bytes, tail: tuple[int, int], inbox: int,
           outbox: int) -> None:
    """Parse the rows of ``xml`` in ``tail``, wait for the header and the group in force,
    make the registrations and send them back; leaves the process with ``os._exit``
    whatever happens (nothing of the parent's, not its buffered output nor its atexit
    handlers, runs twice)."""
    try:
        try:
            raw = book.book.parse_rows(xml, cell_value, tail)
            context = _read_all(inbox)
            if not context:  # the parent stopped
                os._exit(0)
            header, label, columns, names, current, last, offset = pickle.loads(context)
            rows: list[SheetRow] = sheet_rows(in_order(raw, last), header, label, columns,
                                              names, current)[0]
            said: list[str] = []
            regs, problems = registrations_of(path, rows, said, offset)
            part = pickle.dumps(regs, protocol=pickle.HIGHEST_PROTOCOL)
            answer: Any = ("ok", (len(rows), part, problems, said))
        except BaseException as err:  # the parent reads the sheet again on one core
            answer = ("failed", f"{type(err).__name__}: {err}")
        _write_all(outbox, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        os._exit(0)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)
