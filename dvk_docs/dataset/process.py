"""Schema of the year's process after registration: appraisal, review meeting, the
recognition rule, proposal (tờ trình), decision, achievement reports and result reports.

All of it is optional: a dataset grows through the year and each document is made once
its data is there.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .models import MAX_BODY, Confirmer, Model, OptDate, Person, Signer


class Member(Model):
    """A person in a team, a meeting or a council."""

    name: str = Field(description="Họ và tên.")
    position: str | None = Field(None, description="Chức vụ, ví dụ 'Phó Bí thư Đảng ủy xã'.")
    body: str | None = Field(None, description="Cơ quan, đơn vị.")
    role: Literal["truong_doan", "pho_doan", "thanh_vien", "thu_ky"] = Field(
        "thanh_vien", description="Vai trò trong đoàn/tổ: truong_doan, pho_doan, thanh_vien, "
        "thu_ky.")


class Team(Model):
    """One appraisal team (tổ/đoàn thẩm định), usually for some lĩnh vực."""

    name: str = Field(description="Tên tổ, ví dụ 'Tổ thẩm định số 1'.")
    linh_vuc: list[str] = Field(default_factory=list, description="Lĩnh vực tổ phụ trách.")
    members: list[Member] = Field(description="Thành viên, có vai trò.")


class AppraisalResult(Model):
    result: Literal["dat", "khong_dat"] = Field(description="dat (Đạt) hoặc khong_dat.")
    score: float | None = Field(None, ge=0, le=100, description="Điểm (nếu chấm điểm).")
    note: str | None = Field(None, description="Nhận xét.")
    achieved: str | None = Field(
        None, description="Kết quả thực tế đã đạt, tổ thẩm định ghi nhận (dùng trong danh "
        "sách trích ngang khi mô hình không có báo cáo thành tích).")

    @field_validator("result", mode="before")
    @classmethod
    def _result(cls, v: object) -> object:
        if isinstance(v, str):
            from .clean import strip_accents

            key = re.sub(r"[^a-z]", "", strip_accents(v).lower())
            return {"dat": "dat", "khongdat": "khong_dat"}.get(key, v)
        return v


class Appraisal(Model):
    """Thẩm định: teams, dates, method and one result per model appraised."""

    number: int | None = Field(None, ge=1, description="Số Thông báo kết quả thẩm định.")
    date: OptDate = Field(None, description="Ngày ban hành thông báo.")
    issuer: str = Field("unit", description="Cơ quan ban hành thông báo.")
    signer: str = Field(description="Người ký thông báo (khóa trong 'signers').")
    start: OptDate = Field(None, description="Ngày bắt đầu thẩm định thực tế.")
    end: OptDate = Field(None, description="Ngày kết thúc thẩm định.")
    method: str = Field(description="Phương pháp thẩm định.")
    pass_mark: float | None = Field(
        None, ge=0, le=100,
        description="Điểm đạt khi chấm điểm: mô hình có từ số điểm này trở lên được xếp loại Đạt "
        "(in trong thông báo; kết quả từng mô hình phải khớp).")
    score_max: int = Field(100, ge=1, le=100, description="Thang điểm thẩm định.")
    teams: list[Team] = Field(description="Các tổ thẩm định.")
    results: dict[str, AppraisalResult] = Field(description="Kết quả theo mã đăng ký.")
    recommendations: str | None = Field(None, description="Kiến nghị, đề xuất (Markdown).")
    references: list[str] = Field(default_factory=list, description="Văn bản căn cứ thêm.")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận.")


    @model_validator(mode="after")
    def _results_follow_pass_mark(self) -> Appraisal:
        if self.pass_mark is None:
            return self
        wrong = [f"{key} ({r.score:g} điểm, {'Đạt' if r.result == 'dat' else 'Không đạt'})"
                 for key, r in self.results.items() if r.score is not None and
                 (r.score >= self.pass_mark) != (r.result == "dat")]
        if wrong:
            raise ValueError(f"điểm đạt là {self.pass_mark:g} nhưng kết quả không khớp điểm: "
                             f"{', '.join(wrong)}; sửa 'result' hoặc 'score'")
        return self


class Absent(Model):
    name: str = Field(description="Họ tên người vắng.")
    reason: str | None = Field(None, description="Lý do (bỏ trống: vắng không lý do).")


class Ballots(Model):
    """Phiếu bầu (bỏ phiếu kín)."""

    issued: int = Field(ge=0, description="Số phiếu phát ra.")
    returned: int = Field(ge=0, description="Số phiếu thu về.")
    valid: int = Field(ge=0, description="Số phiếu hợp lệ.")


class CountingBoard(Model):
    """Ban kiểm phiếu, elected by the meeting before a secret ballot."""

    head: str = Field(description="Họ tên Trưởng Ban kiểm phiếu.")
    members: list[str] = Field(default_factory=list,
                               description="Họ tên các thành viên khác của Ban kiểm phiếu.")


class Meeting(Model):
    """Họp bình xét: who met, how they voted, the votes per model."""

    number: int | None = Field(None, ge=1, description="Số biên bản.")
    date: OptDate = Field(None, description="Ngày họp.")
    start: str = Field(description="Giờ bắt đầu, ví dụ '14:00'.")
    end: str = Field(description="Giờ kết thúc, ví dụ '16:30'.")
    place: str = Field(description="Địa điểm họp.")
    body: str = Field(description="Tên hội nghị / cơ quan họp, ví dụ 'Ban Thường vụ Đảng ủy xã'.")
    issuer: str = Field("unit", description="Cơ quan đứng tên biên bản.")
    chair: Member = Field(description="Chủ trì.")
    secretary: Member = Field(description="Thư ký.")
    members_total: int = Field(ge=1, description="Tổng số thành viên.")
    present: int | None = Field(None, ge=0, description="Số có mặt (để trống: tổng trừ vắng).")
    absent: list[Absent] = Field(default_factory=list, description="Người vắng, lý do.")
    guests: list[str] = Field(default_factory=list, description="Khách mời.")
    method: Literal["show_of_hands", "secret_ballot", "scoring"] = Field(
        description="Biểu quyết giơ tay, bỏ phiếu kín hoặc chấm điểm.")
    ballots: Ballots | None = Field(None, description="Phiếu (khi bỏ phiếu kín).")
    counting_board: CountingBoard | None = Field(
        None, description="Ban kiểm phiếu hội nghị bầu (khi bỏ phiếu kín); in thành một mục "
        "riêng của biên bản.")
    candidates: list[str] | None = Field(
        None, description="Mã các mô hình đưa ra bình xét (mặc định: các mô hình thẩm định "
        "Đạt, hoặc mọi mô hình đã đăng ký nếu không có thẩm định).")
    votes: dict[str, float] = Field(description="Số phiếu đồng ý (hoặc điểm) theo mã.")
    opinions: str | None = Field(None, description="Ý kiến thảo luận (Markdown).")

    @field_validator("start", "end")
    @classmethod
    def _time(cls, v: str) -> str:
        m = re.fullmatch(r"(\d{1,2})\s*(?:[:hg]|giờ)\s*(\d{2})?(?:\s*phút)?", v.strip())
        if not m or int(m.group(1)) > 23 or int(m.group(2) or 0) > 59:
            raise ValueError(f"giờ '{v}' không hợp lệ; viết dạng 14:00 hoặc 14 giờ 30")
        return f"{int(m.group(1)):02d}:{int(m.group(2) or 0):02d}"

    @model_validator(mode="after")
    def _ballots(self) -> Meeting:
        if self.method == "secret_ballot" and self.ballots is None:
            raise ValueError("bỏ phiếu kín (secret_ballot) cần mục 'ballots' (issued, returned, "
                             "valid)")
        return self

    @property
    def present_count(self) -> int:
        return self.present if self.present is not None else self.members_total - len(self.absent)


_LEGACY_BASIS: dict[str, Literal["tong_so", "co_mat"]] = {"present": "co_mat",
                                                          "total": "tong_so"}
_THRESHOLD = re.compile(r"^\s*(>=|≥|>)\s*(\d+(?:[.,]\d+)?)\s*(%|/\s*(\d+))?\s*$")


class Rule(Model):
    """The recognition rule (quy chế bình xét); unsure in law, so every part is a setting."""

    threshold: str = Field(
        ">50%",
        description="Ngưỡng công nhận: '>50%' (trên 50%), '>=2/3' (từ 2/3 trở lên), '>=70%', "
        "hoặc với chấm điểm '>=75' (điểm từ 75 trở lên).",
    )
    basis: Literal["tong_so", "co_mat"] | None = Field(
        None,
        description="Tỷ lệ đồng ý tính trên tổng số thành viên (tong_so) hay số thành viên có "
        "mặt (co_mat). Để trống: văn bản Đảng tính trên tong_so (nghị quyết của cấp ủy, ban "
        "thường vụ phải được quá nửa tổng số thành viên tán thành - Điều lệ Đảng), văn bản Nhà "
        "nước tính trên co_mat.",
    )
    denominator: Literal["present", "total"] | None = Field(
        None, description="Tên cũ của 'basis': present = co_mat, total = tong_so."
    )
    quorum: str = Field(">=2/3", description="Điều kiện hội nghị hợp lệ, ví dụ '>=2/3', '>50%'.")
    score_max: int = Field(100, ge=1, description="Thang điểm khi chấm điểm.")

    @model_validator(mode="after")
    def _one_basis(self) -> Rule:
        if self.basis is not None and self.denominator is not None and \
                self.basis != _LEGACY_BASIS[self.denominator]:
            raise ValueError(f"'basis: {self.basis}' và 'denominator: {self.denominator}' mâu "
                             "thuẫn nhau; chỉ giữ 'basis' (tong_so hoặc co_mat)")
        return self

    def resolved_basis(self, party: bool) -> Literal["tong_so", "co_mat"]:
        """The basis written, else the family default: Party tong_so, State co_mat."""
        if self.basis is not None:
            return self.basis
        if self.denominator is not None:
            return _LEGACY_BASIS[self.denominator]
        return "tong_so" if party else "co_mat"

    @field_validator("threshold", "quorum")
    @classmethod
    def _parse(cls, v: str) -> str:
        if not _THRESHOLD.match(v):
            raise ValueError(f"'{v}' không đúng dạng; ví dụ '>50%', '>=2/3', '>=70%', '>=75'")
        return v

    @staticmethod
    def parse(text: str) -> tuple[bool, Fraction, str]:
        """(strict, value, unit) where unit is '%', 'fraction' or 'points'; value as a ratio
        for % and fractions (0.5 for 50%), as points otherwise."""
        m = _THRESHOLD.match(text)
        assert m is not None
        strict = m.group(1) == ">"
        number = Fraction(m.group(2).replace(",", "."))
        if m.group(3) == "%":
            return strict, number / 100, "%"
        if m.group(4):
            return strict, number / int(m.group(4)), "fraction"
        return strict, number, "points"


class Procedure(Model):
    """Who votes, who proposes, who decides, and in which order (seed 001 §5.2.3-5.2.4).

    Who votes is the meeting (meeting.body / meeting.issuer), who proposes the tờ trình's
    issuer, who decides the quyết định's signer; ``order`` says whether the tờ trình follows
    the bình xét (the proposer encloses the minutes) or precedes it (a staff board proposes
    to the committee that then votes and decides)."""

    order: list[Literal["tham_dinh", "binh_xet", "to_trinh", "quyet_dinh"]] = Field(
        description="Thứ tự các bước, ví dụ [tham_dinh, to_trinh, binh_xet, quyet_dinh] (Ban "
        "Xây dựng Đảng trình, Ban Thường vụ bình xét rồi quyết định) hoặc [tham_dinh, "
        "binh_xet, to_trinh, quyet_dinh] (Hội đồng bình xét, cơ quan tham mưu trình kèm biên "
        "bản).")

    @field_validator("order")
    @classmethod
    def _complete(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v) or v[-1] != "quyet_dinh" or v[:1] != ["tham_dinh"]:
            raise ValueError("thứ tự phải bắt đầu bằng tham_dinh, kết thúc bằng quyet_dinh, "
                             "mỗi bước một lần")
        return v


class Proposal(Model):
    """Tờ trình đề nghị công nhận."""

    number: int | None = Field(None, ge=1, description="Số tờ trình.")
    date: OptDate = Field(None, description="Ngày tờ trình.")
    issuer: str = Field("unit", description="Cơ quan trình.")
    signer: str = Field(description="Người ký.")
    addressee: str = Field(description="Kính gửi, ví dụ 'Ban Thường vụ Đảng ủy xã An Phú'.")
    routing: str | None = Field(None, description="Qua cơ quan nào, ví dụ 'Ban Xây dựng Đảng'.")
    level: str = Field("cấp xã", description="Cấp công nhận đề nghị, ví dụ 'cấp xã'.")
    models: list[str] | None = Field(
        None, description="Mã các mô hình đề nghị (mặc định: các mô hình đạt khi bình xét).")
    references: list[str] = Field(default_factory=list, description="Căn cứ cấp trên.")
    results_placeholder: bool = Field(
        False, description="true: mô hình đề nghị chưa có kết quả thực tế (báo cáo thành tích "
        "hoặc appraisal.results.<mã>.achieved) được in chỗ trống '[Ghi kết quả thực tế đã "
        "đạt]' để ghi tay; mặc định false: báo lỗi.")
    attachments: list[str] | None = Field(None, description="Hồ sơ kèm theo (mặc định chuẩn).")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận ngoài 'Như trên'.")


class Decision(Model):
    """Quyết định công nhận (Đảng) / tặng Giấy khen (Nhà nước)."""

    number: int | None = Field(None, ge=1, description="Số quyết định.")
    date: OptDate = Field(None, description="Ngày quyết định.")
    issuer: str = Field("unit", description="Cơ quan quyết định.")
    signer: str = Field(description="Người ký.")
    recognised: list[str] | None = Field(
        None, description="Mã các mô hình được công nhận (mặc định: tất cả mô hình đề nghị).")
    level: str = Field("cấp xã", description="Cấp công nhận.")
    references: list[str] = Field(default_factory=list, description="Căn cứ (luật, quy chế...).")
    reward: str | None = Field(None, description="Hình thức khen (Nhà nước), ví dụ 'Giấy khen'.")
    bonus: str | None = Field(None, description="Tiền thưởng, ví dụ 'kèm theo tiền thưởng theo "
                              "quy định'.")
    executors: list[str] = Field(default_factory=list,
                                 description="Điều 3: các cơ quan, cá nhân thi hành.")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận.")


class Award(Model):
    """A past award (hình thức khen thưởng đã nhận)."""

    year: int = Field(ge=1945, le=2100, description="Năm.")
    form: str = Field(description="Hình thức, ví dụ 'Giấy khen', 'Chiến sĩ thi đua cơ sở'.")
    decision: str | None = Field(None, description="Số quyết định, ngày.")
    issuer: str | None = Field(None, description="Cơ quan ban hành quyết định.")


class Figure(Model):
    label: str = Field(description="Chỉ tiêu, ví dụ 'Số hộ tham gia'.")
    value: str = Field(description="Kết quả, ví dụ '320 hộ (100%)'.")


class Achievement(Model):
    """Báo cáo thành tích of one điển hình (tập thể or cá nhân)."""

    title: str | None = Field(None, description="Trích yếu (mặc định theo tên mô hình).")
    date: OptDate = Field(None, description="Ngày báo cáo.")
    person: Person | None = Field(None, description="Cá nhân (mặc định: từ phiếu đăng ký).")
    address: str | None = Field(None, description="Địa chỉ, trụ sở (tập thể) / nơi ở.")
    phone: str | None = Field(None, description="Điện thoại.")
    founded: str | None = Field(None, description="Năm thành lập (tập thể).")
    members_count: str | None = Field(None, description="Số thành viên, hội viên (tập thể).")
    leader: str | None = Field(None, description="Người đứng đầu (tập thể).")
    background: str | None = Field(None, description="Đặc điểm, tình hình, chức năng (Markdown).")
    achievements: str = Field(description="Thành tích đạt được (Markdown).")
    summary: str | None = Field(
        None, description="Tóm tắt thành tích cho danh sách trích ngang, ngôi thứ ba, 1 - 3 "
        "dòng có số liệu (để trống: kết quả tổ thẩm định ghi nhận và các số liệu nổi bật).")
    figures: list[Figure] = Field(default_factory=list, description="Số liệu nổi bật.")
    awards: list[Award] = Field(default_factory=list, description="Khen thưởng đã nhận.")
    reporter: Signer | None = Field(None, description="Người báo cáo (ký).")
    confirmer: Confirmer | None = Field(None, description="Thủ trưởng đơn vị xác nhận.")
    party_confirmer: Confirmer | None = Field(None, description="Cấp ủy xác nhận (nếu cần).")


class UnitResult(Model):
    """Per-unit additions for the result report's statistics (Mẫu 2)."""

    difficulties: str | None = Field(None, description="Khó khăn, vướng mắc.")
    proposals: str | None = Field(None, description="Đề xuất, kiến nghị.")
    typical: str | None = Field(None, description="Mã đăng ký của điển hình tiêu biểu.")


class ResultReport(Model):
    """Báo cáo kết quả 6 tháng / năm."""

    period: Literal["6_thang", "nam"] = Field(description="6_thang hoặc nam.")
    number: int | None = Field(None, ge=1, description="Số báo cáo.")
    date: OptDate = Field(None, description="Ngày báo cáo.")
    issuer: str = Field("unit", description="Cơ quan báo cáo.")
    signer: str = Field(description="Người ký.")
    body: str | None = Field(None, max_length=MAX_BODY, description="Nội dung (Markdown).")
    body_file: str | None = Field(None, description="File Markdown nội dung.")
    units: dict[str, UnitResult] = Field(default_factory=dict,
                                         description="Bổ sung theo đơn vị (tên đơn vị).")
    recipients: list[str] = Field(default_factory=list, description="Nơi nhận.")

    @property
    def id(self) -> str:
        return self.period

    @model_validator(mode="after")
    def _body(self) -> ResultReport:
        if not self.body and not self.body_file:
            raise ValueError("cần 'body' hoặc 'body_file' cho nội dung báo cáo")
        return self
