"""The Mẫu 2 statistics table (kết quả thực hiện theo đơn vị): its header rows and column
widths, shared by the result reports (filled in) and the plan's attached blank form."""

from __future__ import annotations

from typing import Any

from ..dataset.models import LinhVuc
from ..render.tables import Cell, fit_width_mm, table_xml

STATS_SIZE = 11.0  # pt: the Mẫu 2 table is dense


def stats_widths(lvs: list[LinhVuc], text_width_mm: float) -> list[float]:
    """Mẫu 2 column widths: counts as narrow as their longest header word allows."""
    n = 3 + 2 + len(lvs) + 3 + 1 + 3  # all columns
    size = STATS_SIZE

    def fit(text: str, least: float = 9.0) -> float:  # no header word split ("VHX/H")
        return fit_width_mm(text, size, least=least)

    counted = [fit("Tập thể"), fit("Cá nhân"), *[fit(lv.code) for lv in lvs], fit("Mới"),
               fit("Có từ trước"), fit("Nhân rộng")]
    fixed = fit("STT", 10) + fit("Tổng số mô hình", 14) + sum(counted) + fit("Được công nhận")
    rest = max(text_width_mm - fixed, 90)
    unit_w, typical_w = rest * 0.3, rest * 0.24
    note_w = (rest - unit_w - typical_w) / 2
    widths = [fit("STT", 10), unit_w, fit("Tổng số mô hình", 14), *counted,
              fit("Được công nhận"), typical_w, note_w, note_w]
    assert len(widths) == n
    return widths


def stats_header(lvs: list[LinhVuc]) -> list[list[Cell]]:
    """The three header rows of Mẫu 2 (repeated on every page)."""
    n = 3 + 2 + len(lvs) + 3 + 1 + 3

    def h(text: str, **kw: Any) -> Cell:
        return Cell(text, header=True, bold=True, **kw)

    top = [h("STT", vmerge="restart"), h("Đơn vị", vmerge="restart"),
           h("Tổng số mô hình", vmerge="restart"), h("Chia theo chủ thể", span=2),
           h("Chia theo lĩnh vực", span=len(lvs)), h("Chia theo tình trạng", span=3),
           h("Được công nhận", vmerge="restart"), h("Điển hình tiêu biểu", vmerge="restart"),
           h("Khó khăn, vướng mắc", vmerge="restart"), h("Đề xuất, kiến nghị", vmerge="restart")]
    second = [h("", vmerge="continue"), h("", vmerge="continue"), h("", vmerge="continue"),
              h("Tập thể"), h("Cá nhân"), *[h(lv.code) for lv in lvs],
              h("Mới"), h("Có từ trước"), h("Nhân rộng"),
              *[h("", vmerge="continue") for _ in range(4)]]
    numbers = [Cell(f"({i})", header=True) for i in range(1, n + 1)]
    return [top, second, numbers]


def blank_stats_table(lvs: list[LinhVuc], text_width_mm: float, rows: int = 3) -> Any:
    """Mẫu 2 to fill by hand (sent with the plan): numbered empty rows and 'Tổng số'."""
    n = 3 + 2 + len(lvs) + 3 + 1 + 3
    body = [[Cell(f"{i}"), *[Cell("") for _ in range(n - 1)]] for i in range(1, rows + 1)]
    body.append([Cell("Tổng số", bold=True, span=2), *[Cell("") for _ in range(n - 2)]])
    return table_xml([*stats_header(lvs), *body], stats_widths(lvs, text_width_mm),
                     header_rows=3, size_pt=STATS_SIZE, keep_tail=2, row_height_mm=7)
