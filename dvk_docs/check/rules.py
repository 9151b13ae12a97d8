"""The rules ``dvk-docs check`` applies, with the section of format-standards.md behind each.

Rule ids are stable (tools filter on them); titles and messages are Vietnamese. The spec
reference differs per family: Party rules come from Hướng dẫn 36-HD/VPTW (§1, §4), State
rules from Nghị định 30/2020/NĐ-CP Phụ lục I (§2, §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..conventions import Family

Severity = Literal["error", "warning"]


class FindingsReport:
    """What a report of either linter says about one file (mixed into their dataclasses,
    which hold ``findings`` with ``rule`` and ``severity``, and ``error``)."""

    findings: list[Any]
    error: str | None

    @property
    def errors(self) -> list[Any]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def ok(self) -> bool:
        return self.error is None and not self.errors

    def rules(self) -> set[str]:
        return {f.rule for f in self.findings}


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    party: str  # spec section for Party documents
    state: str  # spec section for State documents
    severity: Severity = "error"

    def spec(self, family: Family) -> str:
        ref = self.party if family is Family.PARTY else self.state
        return ref if ref.endswith(".md") or ".md " in ref else f"format-standards.md {ref}"


_RULES = [
    Rule("page.size", "Khổ giấy A4", "§1.1, §4.1", "§2.1, §4.1"),
    Rule("page.orientation", "Trang dọc (khổ ngang chỉ cho bảng rộng)", "§1.1", "§2.1"),
    Rule("page.margins", "Lề trang", "§1.1, §4.1", "§2.1, §4.1"),
    Rule("font.family", "Phông chữ Times New Roman (Unicode)", "§1.1", "§2.1"),
    Rule("text.nfc", "Chữ Việt dựng sẵn (Unicode NFC)", "§1.1", "§2.1", "warning"),
    Rule("header.layout", "Ô 1 (tiêu đề) bên phải, ô 2 (cơ quan) bên trái", "§1.2", "§2.2"),
    Rule("header.title", "Tiêu đề ĐẢNG CỘNG SẢN VIỆT NAM", "§1.3 (ô 1)", "§2.3 (ô 1)"),
    Rule("header.national", "Quốc hiệu CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "§2.3 (ô 1)",
         "§2.3 (ô 1)"),
    Rule("header.motto", "Tiêu ngữ Độc lập - Tự do - Hạnh phúc", "§2.3 (ô 1)", "§2.3 (ô 1)"),
    Rule("header.title_rule", "Đường kẻ dưới tiêu đề / tiêu ngữ", "§1.3 (ô 1′)",
         "§2.3 (ô 1′)"),
    Rule("header.parent", "Tên cơ quan cấp trên (in hoa, không đậm)", "§1.3 (ô 2)",
         "§2.3 (ô 2)"),
    Rule("header.issuer", "Tên cơ quan ban hành (in hoa, đậm)", "§1.3 (ô 2)", "§2.3 (ô 2)"),
    Rule("header.separator", "Dấu * (Đảng) / đường kẻ ngắn (Nhà nước) dưới tên cơ quan",
         "§1.3 (ô 2′), §4.4", "§2.3 (ô 2′), §4.4"),
    Rule("header.number", "Số và ký hiệu", "§1.3 (ô 3), §4.4", "§2.3 (ô 3), §2.4, §4.4"),
    Rule("header.place_date", "Địa danh, ngày tháng năm (nghiêng, số 0 đứng trước)",
         "§1.3 (ô 4)", "§2.3 (ô 4), §2.4"),
    Rule("title.doc_type", "Tên loại văn bản (in hoa, đậm)", "§1.3 (ô 5a)", "§2.3 (ô 5a)"),
    Rule("title.subject", "Trích yếu (đậm)", "§1.3 (ô 5a)", "§2.3 (ô 5a)"),
    Rule("title.separator", "Gạch dưới trích yếu: ----- (Đảng) / đường kẻ (Nhà nước)",
         "§1.3 (ô 5a′)", "§2.3 (ô 5a′)"),
    Rule("basis.style", "Căn cứ: đứng (Đảng) / nghiêng (Nhà nước)", "§1.3 (Căn cứ)",
         "§2.3 (ô 6, căn cứ)"),
    Rule("basis.punctuation", "Căn cứ: mỗi dòng kết thúc ';', dòng cuối ',' hoặc '.'",
         "§1.3 (Căn cứ)", "§2.3 (ô 6, căn cứ)"),
    Rule("body.align", "Nội dung căn đều hai bên", "§1.3 (ô 6), §4.3", "§2.3 (ô 6), §4.3"),
    Rule("body.indent", "Thụt đầu dòng 1–1,27 cm", "§1.3, §4.3", "§2.4, §4.3"),
    Rule("body.spacing", "Khoảng cách đoạn ít nhất 6 pt", "§1.3, §4.3", "§2.4, §4.3"),
    Rule("body.line_spacing", "Giãn dòng", "§1.3, §4.3", "§2.4, §4.3"),
    Rule("body.size", "Cỡ chữ nội dung và bảng", "§1.3 (ô 6), §4.2", "§2.3 (ô 6), §4.2"),
    Rule("heading.numbering", "Số đề mục liên tục (I. II. III., 1. 2. 3., a) b))",
         "§1.3 (đề mục), §4.4", "§2.4, §4.4"),
    Rule("sign.prefix", "Thể thức đề ký: T/M, K/T, T/L (Đảng) / TM., KT., TL., TUQ., Q."
         " (Nhà nước)", "§1.3 (ô 7a), §4.4", "§2.4, §4.4"),
    Rule("sign.authority", "Quyền hạn người ký (in hoa, đậm)", "§1.3 (ô 7a)", "§2.3 (ô 7a)"),
    Rule("sign.position", "Chức vụ người ký (in hoa; Đảng không đậm, Nhà nước đậm)",
         "§1.3 (ô 7b)", "§2.3 (ô 7b)"),
    Rule("sign.name", "Họ tên người ký (đậm, không học hàm học vị)", "§1.3 (ô 7c)",
         "§2.3 (ô 7c)"),
    Rule("recipients.label", "Chữ \"Nơi nhận:\"", "§1.3 (ô 9b)", "§2.3 (ô 9b)"),
    Rule("recipients.item", "Dòng nơi nhận: '- ...,' (Đảng) / '- ...;' (Nhà nước), dòng cuối '.'",
         "§1.3 (ô 9b)", "§2.3 (ô 9b)"),
    Rule("recipients.archive", "Dòng Lưu: '- Lưu Văn phòng ...' (Đảng) / '- Lưu: VT, ...'"
         " (Nhà nước)", "§1.3 (Nơi nhận), §4.4", "§2.3 (ô 9b), §4.4"),
    Rule("leftover.template", "Còn thẻ mẫu {{ }} / {% %}", "pitfalls.md #1, #6",
         "pitfalls.md #1, #6"),
    Rule("leftover.dots", "Còn dấu chấm chờ điền (……)", "§1.2 (mọi ô có nội dung)",
         "§2.2 (mọi ô có nội dung)"),
]

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
