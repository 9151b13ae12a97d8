"""Excel cells printed as Excel shows them, the Vietnamese way (issue 10, point 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from dvk_docs.dataset.cells import Uncomputed, cell_text


@pytest.mark.parametrize(("value", "fmt", "shown"), [
    (0.1, "0%", "10%"),
    (0.125, "0.0%", "12,5%"),
    (0.35, "0.00%", "35,00%"),
    (2.5, "General", "2,5"),
    (2.5, "0.0", "2,5"),
    (3.0, "General", "3"),
    (0.1 + 0.2, "General", "0,3"),
    (1500000, "#,##0", "1.500.000"),
    (1500000, "General", "1500000"),
    (-1234.5, "#,##0.00", "-1.234,50"),
    (42, "0", "42"),
    (dt.datetime(2026, 3, 15), "dd/mm/yyyy", "15/3/2026"),
    (dt.datetime(2026, 2, 5), "m/d/yy", "05/02/2026"),
    (dt.date(2026, 12, 1), "General", "01/12/2026"),
    (dt.datetime(1899, 12, 30, 14, 0), "h:mm", "14:00"),
    (dt.time(7, 30), "h:mm", "07:30"),
    (True, "General", "Đúng"),
    ("10%", "@", "10%"),
    (None, "0%", None),
])
def test_cells_read_as_shown(value: object, fmt: str, shown: object) -> None:
    """This test ensures a stored value prints as the cell shows it: percent, decimal comma,
    grouping by the format, dates as documents write them (before: 0.1, 2.5, raw dates)."""
    assert cell_text(value, fmt) == shown


def test_an_uncomputed_formula_stays_a_marker() -> None:
    """This test ensures a formula without a stored result is not turned into text."""
    marker = Uncomputed("=A1*2")
    assert cell_text(marker, "General") is marker
