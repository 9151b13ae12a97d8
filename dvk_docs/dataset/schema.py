"""The root of the dataset schema: one year of paperwork for one issuing unit.

It joins the plan-side models (``models``: bodies, signers, references, registrations,
documents) and the process models (``process``: appraisal ... reports), which build on
``models``; keeping the root here leaves no import cycle between the two.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator, model_validator

from ..conventions import Family
from .models import (
    DEFAULT_LINH_VUC,
    Body,
    Date,
    DateWindow,
    Documents,
    LinhVuc,
    Model,
    ProfileOverride,
    Reference,
    Registration,
    RegistrationSource,
    Signer,
)
from .process import (
    Achievement,
    Appraisal,
    Decision,
    Meeting,
    Procedure,
    Proposal,
    ResultReport,
    Rule,
)


class Dataset(Model):
    """One year of paperwork for one issuing unit."""

    schema_version: int = Field(1, description="Phiên bản cấu trúc dữ liệu (hiện là 1).")
    year: int = Field(ge=2000, le=2100, description="Năm của phong trào.")
    family: Family = Field(description="party (văn bản Đảng, HD 36) hoặc state (NĐ 30/2020).")
    place: str = Field(description="Địa danh ghi trước ngày tháng, ví dụ 'An Phú'.")
    term: str | None = Field(None, description="Nhiệm kỳ, ví dụ '2025 - 2030'.")
    unit: Body = Field(description="Cơ quan chính (đảng ủy / UBND).")
    bodies: dict[str, Body] = Field(
        default_factory=dict,
        description="Các cơ quan khác có thể ban hành (ví dụ ban_xd: Ban Xây dựng Đảng).",
    )
    staff_body: str | None = Field(
        None, description="Cơ quan tiếp nhận đăng ký, tổng hợp (Kính gửi của phiếu đăng ký)."
    )
    signers: dict[str, Signer] = Field(default_factory=dict, description="Người ký, theo khóa.")
    references: dict[str, Reference] = Field(default_factory=dict, description="Văn bản căn cứ.")
    linh_vuc: list[LinhVuc] = Field(
        default_factory=lambda: [LinhVuc(**d) for d in DEFAULT_LINH_VUC],
        description="Danh sách lĩnh vực (mặc định 4 lĩnh vực).",
    )
    date_window: DateWindow | None = Field(
        None, description="Khoảng ngày văn bản được phép mang, khi khác năm year: "
        "{earliest: 15/12/2025, latest: 31/01/2027}.")
    deadlines: dict[str, Date] = Field(
        default_factory=dict, description="Các mốc thời hạn, dùng trong nội dung: {{ han.ten }}."
    )
    targets: list[str] = Field(default_factory=list, description="Chỉ tiêu: {{ chi_tieu }}.")
    registrations: list[Registration] | RegistrationSource = Field(
        default_factory=list, description="Danh sách đăng ký, hoặc {file: dang_ky.xlsx}."
    )
    documents: Documents = Field(default_factory=Documents)
    profile: ProfileOverride = Field(default_factory=ProfileOverride)
    appraisal: Appraisal | None = Field(None, description="Thẩm định.")
    meeting: Meeting | None = Field(None, description="Họp bình xét.")
    rule: Rule = Field(default_factory=Rule, description="Quy tắc công nhận khi bình xét.")
    proposal: Proposal | None = Field(None, description="Tờ trình đề nghị công nhận.")
    procedure: Procedure | None = Field(
        None, description="Thứ tự thẩm định, bình xét, tờ trình, quyết định (mặc định theo "
        "ngày: tờ trình trước ngày họp thì trình trước khi bình xét).")
    decision: Decision | None = Field(None, description="Quyết định công nhận / khen thưởng.")
    achievements: dict[str, Achievement] = Field(
        default_factory=dict, description="Báo cáo thành tích theo mã đăng ký.")
    reports: list[ResultReport] = Field(default_factory=list,
                                        description="Báo cáo kết quả 6 tháng / năm.")

    @model_validator(mode="before")
    @classmethod
    def _empty_sections(cls, data: Any) -> Any:
        """'achievements:' or 'reports:' left empty in YAML means none, not an error."""
        if isinstance(data, dict):
            for key in ("achievements", "reports", "rule", "bodies", "signers", "references",
                        "deadlines", "targets", "documents", "profile"):
                if key in data and data[key] is None:
                    data = {k: v for k, v in data.items() if k != key}
        return data

    @field_validator("linh_vuc")
    @classmethod
    def _linh_vuc(cls, v: list[LinhVuc]) -> list[LinhVuc]:
        codes = [lv.code for lv in v]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise ValueError(f"mã lĩnh vực bị trùng: {', '.join(dupes)}")
        if not v:
            raise ValueError("cần ít nhất một lĩnh vực")
        return v

