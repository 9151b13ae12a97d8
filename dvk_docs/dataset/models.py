"""The dataset schema: one year of "Dân vận khéo" paperwork for one issuing unit.

Every model forbids unknown fields, so a typo in the YAML is reported with the
allowed names instead of being ignored. Field descriptions are the documentation
shown by ``dvk-docs new`` and the user guide.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..conventions import Authority
from .clean import strip_accents


def _why_not(year: int, month: int, day: int) -> str:
    """Why a day/month/year is no real date, in Vietnamese (Python's reason is English)."""
    if not 1 <= year <= 9999:
        return f"năm {year} không hợp lệ"
    if not 1 <= month <= 12:
        return f"không có tháng {month}"
    days = calendar.monthrange(year, month)[1]
    return f"tháng {month}/{year} chỉ có {days} ngày"


def _parse_date(value: Any) -> Any:
    """Accept ISO dates (2026-01-15) and Vietnamese dd/mm/yyyy (15/01/2026)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool):
        # YAML reads 20260115 as a number; pydantic would take it for seconds since 1970
        raise ValueError("phải là ngày, viết dạng 15/01/2026 hoặc 2026-01-15 (không viết liền "
                         "thành một số)")
    if isinstance(value, str):
        text = value.strip()
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if m:
            day, month, year = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(
                    f"ngày {text} không tồn tại ({_why_not(year, month, day)}); viết dạng "
                    "ngày/tháng/năm, ví dụ 15/01/2026") from None
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if m:
            year, month, day = (int(g) for g in m.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                raise ValueError(
                    f"ngày {text} không tồn tại ({_why_not(year, month, day)})") from None
        if text == "":
            return None
        raise ValueError(f"'{text}' không phải là ngày; viết dạng 15/01/2026 hoặc 2026-01-15")
    return value


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
OptDate = Annotated[dt.date | None, BeforeValidator(_parse_date)]


# The longest text one field may hold: what one Excel cell holds. Longer text is a
# pasting accident, and a table cell of hundreds of pages stalls Word and LibreOffice.
MAX_TEXT = 32_767
# The Markdown body of a plan written inline in the YAML (a whole document).
MAX_BODY = 1_000_000


class Model(BaseModel):
    """Base: unknown fields are errors, strings are stripped, required text may not be
    blank and no text is longer than one Excel cell."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=False,
                              str_max_length=MAX_TEXT)

    @field_validator("*")
    @classmethod
    def _not_blank(cls, v: Any, info: ValidationInfo) -> Any:
        # '   ' is stripped to '': for a required field that is as good as missing
        if v == "" and info.field_name and cls.model_fields[info.field_name].is_required():
            raise PydanticCustomError("blank", "không được để trống")
        return v


class Body(Model):
    """An issuing body as printed in the header (ô 2) and in document numbers."""

    parent: str | None = Field(
        None,
        description="Tên cơ quan cấp trên trực tiếp (dòng 1, in hoa, không đậm), "
        "ví dụ 'Đảng bộ tỉnh Lâm Đồng'. Bỏ trống nếu không có.",
    )
    name: str = Field(
        description="Tên cơ quan ban hành (in hoa, đậm). Xuống dòng bằng '\\n' nếu tên dài, "
        "ví dụ 'Ủy ban nhân dân\\nxã An Phú'.",
    )
    code: str = Field(description="Ký hiệu cơ quan trong số văn bản, ví dụ ĐU, BXDĐ, UBND.")
    short_name: str | None = Field(
        None, description="Tên dùng trong câu văn, ví dụ 'Ban Thường vụ Đảng ủy xã'."
    )
    archive: str | None = Field(
        None,
        description="Nơi lưu (dòng cuối Nơi nhận): Đảng 'Văn phòng Đảng ủy'; Nhà nước 'VT, VP'.",
    )

    @field_validator("name", "parent")
    @classmethod
    def _line_breaks(cls, v: str | None) -> str | None:
        # '\n' typed in an unquoted YAML value arrives as backslash + n
        return v.replace("\\n", "\n") if v is not None else v

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        if not re.fullmatch(r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*", v.replace("Đ", "Đ")):
            raise ValueError(
                f"ký hiệu '{v}' chỉ gồm chữ in hoa (kể cả Đ), số và dấu '-', ví dụ ĐU, BXDĐ, UBND"
            )
        return v


class Signer(Model):
    """Who signs: authority (thẩm quyền), on whose behalf, title and name."""

    authority: Authority = Field(
        Authority.NONE,
        description="Thẩm quyền ký: TM (thay mặt), KT (ký thay), TL (thừa lệnh), "
        "TUQ (thừa ủy quyền, chỉ văn bản Nhà nước), Q (quyền), none (người đứng đầu ký).",
    )
    on_behalf_of: str | None = Field(
        None, description="Thay mặt / ký thay ai, ví dụ 'Ban Thường vụ', 'Chủ tịch'."
    )
    title: str = Field(description="Chức vụ người ký, ví dụ 'Phó Bí thư', 'Chủ tịch'.")
    name: str = Field(description="Họ và tên người ký, ví dụ 'Nguyễn Văn An'.")

    @field_validator("authority", mode="before")
    @classmethod
    def _authority(cls, v: Any) -> Any:
        if isinstance(v, str):
            key = strip_accents(v).strip().upper().replace("/", "").replace(".", "")
            aliases = {"": "none", "NONE": "none", "KHONG": "none", "TM": "TM", "KT": "KT",
                       "TL": "TL", "TUQ": "TUQ", "TU": "TUQ", "Q": "Q"}
            if key in aliases:
                return aliases[key]
        return v


class Reference(Model):
    """A cited document (căn cứ / thực hiện)."""

    kind: str = Field(description="Loại văn bản, ví dụ 'Hướng dẫn', 'Kế hoạch', 'Nghị quyết'.")
    number: str | None = Field(
        None, description="Số và ký hiệu đầy đủ, ví dụ '12-HD/BTGDVTU'. Bỏ trống với luật, điều lệ."
    )
    date: OptDate = Field(None, description="Ngày ban hành.")
    issuer: str | None = Field(None, description="Cơ quan ban hành, ví dụ 'Ban Tuyên giáo và "
                               "Dân vận Tỉnh ủy'.")
    subject: str | None = Field(
        None,
        description="Trích yếu, ví dụ 'về thực hiện phong trào thi đua “Dân vận khéo” năm 2026'.",
    )
    text: str | None = Field(
        None, description="Viết nguyên câu thay cho các trường trên, ví dụ 'Điều lệ Đảng'."
    )


class LinhVuc(Model):
    """One field (lĩnh vực) of the movement."""

    code: str = Field(description="Mã ngắn dùng trong bảng đăng ký, ví dụ KT, VHXH, QPAN, XDHTCT.")
    name: str = Field(description="Tên đầy đủ, ví dụ 'Lĩnh vực phát triển kinh tế'.")
    aliases: list[str] = Field(default_factory=list, description="Cách viết khác trong Excel.")


DEFAULT_LINH_VUC: list[dict[str, Any]] = [
    {"code": "KT", "name": "Lĩnh vực phát triển kinh tế",
     "aliases": ["Kinh tế", "Phát triển kinh tế"]},
    {"code": "VHXH", "name": "Lĩnh vực văn hóa - xã hội",
     "aliases": ["Văn hóa - xã hội", "Văn hóa xã hội", "VH-XH"]},
    {"code": "QPAN", "name": "Lĩnh vực quốc phòng - an ninh",
     "aliases": ["Quốc phòng - an ninh", "Quốc phòng an ninh", "QP-AN"]},
    {"code": "XDHTCT", "name": "Lĩnh vực xây dựng hệ thống chính trị",
     "aliases": ["Xây dựng hệ thống chính trị", "Hệ thống chính trị", "XD HTCT"]},
]

OTHER_LINH_VUC = {"code": "KHAC", "name": "Các lĩnh vực khác", "aliases": ["Khác", "Lĩnh vực khác"]}


class RegistrantKind(str, Enum):
    """Tập thể (a collective) or cá nhân (a person)."""

    TAP_THE = "tap_the"
    CA_NHAN = "ca_nhan"

    @property
    def label(self) -> str:
        return "Tập thể" if self is RegistrantKind.TAP_THE else "Cá nhân"


class Status(str, Enum):
    """Tình trạng mô hình."""

    MOI = "moi"
    CO_TU_TRUOC = "co_tu_truoc"
    NHAN_RONG = "nhan_rong"

    @property
    def label(self) -> str:
        return {"moi": "Mới", "co_tu_truoc": "Có từ trước", "nhan_rong": "Nhân rộng"}[self.value]


class NextYear(str, Enum):
    """What a model does next year (read by ``dvk-docs rollover``)."""

    CO_TU_TRUOC = "co_tu_truoc"
    NHAN_RONG = "nhan_rong"
    DUNG = "dung"

    @property
    def label(self) -> str:
        return {"co_tu_truoc": "Có từ trước (duy trì)", "nhan_rong": "Nhân rộng",
                "dung": "Dừng (không tiếp tục)"}[self.value]


class Person(Model):
    """Facts about a person who registers a model in their own name."""

    full_name: str = Field(description="Họ và tên.")
    birth_year: int | None = Field(None, ge=1900, le=2100, description="Năm sinh.")
    gender: str | None = Field(None, description="Giới tính: Nam / Nữ.")
    position: str | None = Field(None, description="Chức vụ, nghề nghiệp.")
    workplace: str | None = Field(None, description="Nơi công tác / nơi ở.")
    party_member: bool | None = Field(None, description="Là đảng viên (true/false).")
    phone: str | None = Field(None, description="Số điện thoại.")
    birth_date: OptDate = Field(None, description="Ngày sinh (in thay năm sinh khi có).")
    hometown: str | None = Field(None, description="Quê quán.")
    ethnicity: str | None = Field(None, description="Dân tộc.")
    education: str | None = Field(
        None, description="Trình độ chuyên môn, lý luận chính trị, ví dụ 'Đại học sư phạm; "
        "Trung cấp lý luận chính trị'.")
    party_join_date: OptDate = Field(None, description="Ngày vào Đảng (đảng viên).")


class Confirmer(Model):
    """The managing body that confirms a registration (ký, đóng dấu)."""

    body: str = Field(description="Cơ quan xác nhận, ví dụ 'Đảng ủy xã An Phú', 'Chi bộ thôn 3'.")
    signer: Signer | None = Field(None, description="Người ký xác nhận (bỏ trống để ký tay).")


class Registration(Model):
    """One registered model (mô hình) or exemplar (điển hình)."""

    id: str | None = Field(None, description="Mã đăng ký; để trống thì tự đánh DK001, DK002...")
    registrant: str = Field(
        description="Chủ thể thực hiện: tên tập thể, hoặc với cá nhân 'Ông/Bà ... - chức vụ, "
        "nơi công tác'."
    )
    kind: RegistrantKind = Field(description="tap_the (tập thể) hoặc ca_nhan (cá nhân).")
    model_name: str = Field(description="Tên mô hình: ngắn gọn, dễ nhớ.")
    linh_vuc: str = Field(description="Mã hoặc tên lĩnh vực (xem danh sách linh_vuc).")
    status: Status = Field(description="moi (mới), co_tu_truoc (có từ trước), nhan_rong.")
    expected_results: str = Field(description="Dự kiến kết quả cần đạt.")
    managing_body: str | None = Field(
        None, description="Đơn vị quản lý / chi bộ, đảng bộ trực thuộc."
    )
    person: Person | None = Field(None, description="Thông tin cá nhân (chỉ với cá nhân).")
    superior: str | None = Field(
        None,
        description="Cơ quan, tổ chức cấp trên trực tiếp in ở dòng trên của tiêu đề phiếu đăng "
        "ký và báo cáo thành tích, ví dụ 'Công an tỉnh Lâm Đồng' trên 'Công an phường Hòa Bình' "
        "(xuống dòng bằng \\n). Để trống: văn bản Đảng dùng cấp ủy ban hành, văn bản Nhà nước "
        "dùng đơn vị quản lý.",
    )
    location: str | None = Field(None, description="Địa bàn, phạm vi thực hiện.")
    reason: str | None = Field(None, description="Sự cần thiết, lý do xây dựng mô hình.")
    objectives: str | None = Field(None, description="Mục tiêu, tiêu chí.")
    method: str | None = Field(None, description="Nội dung, cách làm (khéo ở đâu).")
    timeline: str | None = Field(
        None, description="Thời gian thực hiện, ví dụ 'Tháng 3 - 11/2026'."
    )
    resources: str | None = Field(None, description="Nguồn lực: kinh phí, ngày công, xã hội hóa.")
    in_charge: str | None = Field(
        None, description="Người phụ trách mô hình (họ tên, chức vụ), ví dụ 'Đồng chí Trần Văn "
        "A - Chủ tịch Hội Nông dân xã'.")
    commitment: str | None = Field(None, description="Cam kết của chủ thể.")
    signer: Signer | None = Field(
        None,
        description="Người ký phiếu đăng ký (tập thể: T/M chi bộ, bí thư...; cá nhân: để trống "
        "thì dùng họ tên cá nhân).",
    )
    confirmer: Confirmer | None = Field(None, description="Cơ quan quản lý xác nhận.")
    date: OptDate = Field(None, description="Ngày đăng ký (để trống thì ghi tay).")
    note: str | None = Field(None, description="Ghi chú.")
    next_year: NextYear | None = Field(
        None,
        description="Năm sau (dùng khi chuyển năm): co_tu_truoc (duy trì), nhan_rong (nhân rộng "
        "ra nơi khác) hoặc dung (không tiếp tục); để trống thì mô hình tiếp tục là 'có từ trước'.",
    )
    unit: str | None = Field(
        None,
        description="Đơn vị báo cáo trong thống kê Mẫu 2 (mặc định: tập thể là chính chủ thể, "
        "cá nhân là đơn vị quản lý hoặc nơi công tác).",
    )
    source: str | None = Field(None, exclude=True, description="(tự điền) file, dòng nguồn.")

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, v: Any) -> Any:
        return _enum_alias(v, {"taptthe": "tap_the", "tapthe": "tap_the", "tt": "tap_the",
                               "canhan": "ca_nhan", "cn": "ca_nhan"})

    @field_validator("status", mode="before")
    @classmethod
    def _status(cls, v: Any) -> Any:
        return _enum_alias(v, {"moi": "moi", "dangkymoi": "moi",
                               "cotutruoc": "co_tu_truoc", "duytri": "co_tu_truoc",
                               "duytricotutruoc": "co_tu_truoc",
                               "nhanrong": "nhan_rong"})

    @field_validator("next_year", mode="before")
    @classmethod
    def _next_year(cls, v: Any) -> Any:
        return _enum_alias(v, {"cotutruoc": "co_tu_truoc", "duytri": "co_tu_truoc",
                               "tieptuc": "co_tu_truoc", "nhanrong": "nhan_rong",
                               "dung": "dung", "khongtieptuc": "dung"})

    @model_validator(mode="after")
    def _person(self) -> Registration:
        if self.person is not None and self.kind is RegistrantKind.TAP_THE:
            raise ValueError("'person' chỉ dùng khi kind là ca_nhan (cá nhân)")
        return self


def _enum_alias(v: Any, aliases: dict[str, str]) -> Any:
    if isinstance(v, str):
        return aliases.get(_alias_key(v), v)
    return v


@functools.lru_cache(maxsize=1024)  # the same few words on every row of a sheet
def _alias_key(text: str) -> str:
    return re.sub(r"[^a-z]", "", strip_accents(text).lower())


class RegistrationSource(Model):
    """Registrations kept in a spreadsheet next to the YAML."""

    file: str = Field(description="Tên file .xlsx hoặc .csv (đường dẫn tính từ file YAML).")
    sheet: str | None = Field(
        None, description="Tên trang tính (mặc định: trang đang mở khi lưu, nếu không bị ẩn).")
    ignore_columns: list[str] = Field(
        default_factory=list,
        description="Cột không đọc (tên cột như trong bảng, hoặc chữ cột như 'F').")


class PlanDoc(Model):
    """Kế hoạch (annual plan)."""

    number: int | None = Field(None, ge=1, description="Số văn bản (để trống thì ghi tay).")
    date: OptDate = Field(None, description="Ngày ban hành (để trống thì ghi tay).")
    issuer: str = Field("unit", description="Cơ quan ban hành: 'unit' hoặc khóa trong 'bodies'.")
    subject: str = Field(description="Trích yếu, ví dụ 'thực hiện phong trào thi đua “Dân vận "
                         "khéo” năm 2026'.")
    references: list[str] = Field(
        default_factory=list, description="Các văn bản căn cứ (khóa trong 'references')."
    )
    preamble: str | None = Field(
        None,
        description="Câu dẫn sau căn cứ, ví dụ 'Ban Thường vụ Đảng ủy xã xây dựng Kế hoạch ... "
        "như sau:'.",
    )
    body_file: str | None = Field(None, description="File Markdown nội dung kế hoạch.")
    body: str | None = Field(None, max_length=MAX_BODY,
                             description="Nội dung kế hoạch viết thẳng (Markdown).")
    signer: str = Field(description="Người ký (khóa trong 'signers').")
    recipients: list[str] = Field(description="Nơi nhận (không ghi dòng 'Lưu').")
    attach_forms: bool = Field(
        False,
        description="true: kèm sau kế hoạch Mẫu 1 (tổng hợp đăng ký) và Mẫu 2 (kết quả thực "
        "hiện) để trống, mỗi mẫu một trang khổ ngang có ô 'Xác nhận của cơ quan, đơn vị', "
        "để các đơn vị điền và gửi về (như kế hoạch ghi 'theo mẫu gửi kèm').",
    )

    @model_validator(mode="after")
    def _body(self) -> PlanDoc:
        if not self.body_file and not self.body:
            raise ValueError("cần 'body_file' (file Markdown) hoặc 'body' cho nội dung kế hoạch")
        if self.body_file and self.body:
            raise ValueError("chỉ dùng một trong hai: 'body_file' hoặc 'body'")
        return self


class SummaryDoc(Model):
    """Tổng hợp đăng ký (Mẫu 1)."""

    date: OptDate = Field(None, description="Ngày lập bảng (để trống thì ghi tay).")
    issuer: str = Field("unit", description="Cơ quan lập bảng: 'unit' hoặc khóa trong 'bodies'.")
    attached_to_plan: bool = Field(
        False, description="Ghi '(Kèm theo Kế hoạch số ...)' dưới tiêu đề; chỉ đúng khi bảng do "
        "chính cơ quan ban hành kế hoạch lập, cùng ngày kế hoạch."
    )
    attached_to: str | None = Field(
        None, description="Khóa trong 'references' của văn bản mà bảng tổng hợp kèm theo (ví dụ "
        "báo cáo kết quả đăng ký), in '(Kèm theo Báo cáo số ...)' dưới tiêu đề.")
    numbering: str = Field(
        "per_group",
        description="Đánh số thứ tự: per_group (lại từ 1 mỗi lĩnh vực) hoặc continuous.",
    )
    signer: str | None = Field(None, description="Người ký (khóa trong 'signers'); bỏ trống: "
                               "ô xác nhận để ký tay.")

    @field_validator("numbering")
    @classmethod
    def _numbering(cls, v: str) -> str:
        if v not in {"per_group", "continuous"}:
            raise ValueError("numbering chỉ nhận 'per_group' hoặc 'continuous'")
        return v


class RegistrationFormDoc(Model):
    """Phiếu đăng ký (one per registration)."""

    addressee: str | None = Field(
        None, description="Kính gửi (mặc định: tên cơ quan tiếp nhận đăng ký, staff_body)."
    )


class Documents(Model):
    """Per-document settings. An empty entry means the defaults; ``false`` turns it off."""

    @field_validator("tong_hop_dang_ky", "phieu_dang_ky", mode="before")
    @classmethod
    def _empty_means_default(cls, v: Any) -> Any:
        if v is None:
            return {}
        if v is False:
            return None
        return v

    ke_hoach: PlanDoc | None = None
    tong_hop_dang_ky: SummaryDoc | None = Field(default_factory=SummaryDoc)
    phieu_dang_ky: RegistrationFormDoc | None = Field(default_factory=RegistrationFormDoc)


class Margins(Model):
    top: float | None = Field(None, ge=5, le=60)
    bottom: float | None = Field(None, ge=5, le=60)
    left: float | None = Field(None, ge=5, le=60)
    right: float | None = Field(None, ge=5, le=60)


class ProfileOverride(Model):
    """Layout overrides (values in mm / pt); everything else comes from the family profile."""

    margins_mm: Margins | None = None
    body_size_pt: float | None = Field(None, ge=11, le=16)
    line_spacing_pt: float | None = Field(None, ge=10, le=40)
    first_line_indent_mm: float | None = Field(None, ge=0, le=30)
    space_before_pt: float | None = Field(None, ge=0, le=24)
    number_colon: bool | None = Field(None, description="In dấu ':' sau chữ 'Số'.")
    heading_roman_separator: str | None = Field(
        None, description="Dấu sau số La Mã của đề mục cấp 1: '.' (I.) hoặc '-' (I-).")

    @field_validator("heading_roman_separator")
    @classmethod
    def _sep(cls, v: str | None) -> str | None:
        if v is not None and v not in {".", "-"}:
            raise ValueError("chỉ nhận '.' hoặc '-'")
        return v


class DateWindow(Model):
    """The dates documents may carry (default: the campaign year)."""

    earliest: OptDate = Field(None, description="Ngày sớm nhất (mặc định 01/01 năm year).")
    latest: OptDate = Field(None, description="Ngày muộn nhất (mặc định 31/12 năm year).")

    @model_validator(mode="after")
    def _order(self) -> DateWindow:
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError("earliest phải trước latest")
        return self
