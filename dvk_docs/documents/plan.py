"""Kế hoạch thực hiện phong trào thi đua "Dân vận khéo" (paperwork.md §1)."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound
from jinja2.sandbox import SecurityError

from ..conventions import (
    Family,
    cited_after_number,
    cited_date,
    format_symbol,
    place_date_line,
    upper_vi,
)
from ..dataset import LoadedDataset
from ..dataset.models import PlanDoc, Reference
from ..errors import DatasetError
from ..facts import Facts
from ..profiles import Profile
from ..render.blueprints import build_plan
from ..render.engine import runtime_message
from ..render.engine_env import make_env
from ..render.limits import traceback_line
from ..render.markdown import markdown_to_body, roman
from . import common
from .kind import Kind
from .stats_form import blank_stats_table

TYPE_CODE = "KH"
FILL_IN_UNIT = "ĐƠN VỊ……………"  # the unit filling in a form sent with the plan


def format_reference(ref: Reference, family: Family = Family.PARTY) -> str:
    """'Hướng dẫn số 12-HD/BTGDVTU, ngày 10/01/2026 của Ban ... về ...' (Party); a State
    document writes no comma before 'ngày'."""
    if ref.text:
        return ref.text
    parts = [ref.kind]
    if ref.number:
        parts.append(f"số {ref.number}")
    text = " ".join(parts)
    if ref.date:
        text += cited_after_number(ref.date, family) if ref.number else f" {cited_date(ref.date)}"
    if ref.issuer:
        text += f" của {ref.issuer}"
    if ref.subject:
        text += f" {ref.subject}"
    return text


def _vi_jinja(err: Exception) -> str:
    text = str(err)
    m = re.search(r"'([^']+)' is undefined", text)
    if m:
        return f"không có tên '{m.group(1)}'"
    m = re.search(r"has no attribute '([^']+)'", text)
    if m:
        return f"không có mục '{m.group(1)}'"
    if "unsafe" in text:
        return "bị chặn vì không an toàn"
    if isinstance(err, SecurityError):
        return f"bị chặn: {text}"
    if isinstance(err, TemplateNotFound):
        return f"không được dùng include/import/extends để đọc file '{err.name}'"
    return f"cú pháp: {text}"


def body_context(loaded: LoadedDataset, facts: Facts) -> dict[str, Any]:
    """Names usable inside the Markdown body: {{ nam }}, {{ han.dang_ky }}, ..."""
    data = loaded.data
    return {
        "nam": data.year,
        "nam_sau": data.year + 1,
        "nhiem_ky": data.term or "",
        "han": facts.deadlines,
        "chi_tieu": data.targets,
        "ky_niem": facts.anniversaries,
        "don_vi": data.unit.short_name or data.unit.name.replace("\n", " "),
        "dia_danh": data.place,
    }


def render_body_markdown(text: str, loaded: LoadedDataset, facts: Facts, source: str,
                         extra: dict[str, Any] | None = None, *, line_offset: int = 0) -> str:
    """Fill {{ ... }} placeholders in Markdown (sandboxed, strict). ``line_offset`` is the
    line of ``source`` just before the text (a body written inside dataset.yaml)."""
    env = make_env(autoescape=False)
    names = {**body_context(loaded, facts), **(extra or {})}

    def where(line: int | None) -> str:
        return f"{source}, dòng {line + line_offset}" if line else source

    try:
        return env.from_string(text).render(names)
    except (ArithmeticError, RecursionError) as err:
        raise DatasetError(f"{where(traceback_line(err))}: chỗ điền {{{{ ... }}}} sai "
                           f"({runtime_message(err)})") from None
    except (JinjaTemplateError, SecurityError) as err:
        line = (getattr(err, "lineno", None) or traceback_line(err)
                or _line_mentioning(text, err))
        allowed = ", ".join(sorted(names))
        deadlines = ", ".join(f"han.{k}" for k in facts.deadlines) or "chưa khai deadlines"
        raise DatasetError(f"{where(line)}: chỗ điền {{{{ ... }}}} sai ({_vi_jinja(err)}). "
                           f"Dùng được: {allowed}; các hạn: {deadlines}") from None


def _body_offset(loaded: LoadedDataset, text: str, *loc: str) -> int:
    """The dataset.yaml line just before an inline Markdown text (0 when unknown): a block
    ('body: |') starts on the line after its key, a one-line value on the key's line."""
    found = re.search(r"dòng (\d+)$", loaded.where(*loc))
    if not found:
        return 0
    key_line = int(found.group(1))
    return key_line if "\n" in text.rstrip("\n") or text.endswith("\n") else key_line - 1


def _line_mentioning(text: str, err: Exception) -> int | None:
    """Jinja does not give a line for an undefined name: find the placeholder using it."""
    m = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(err))
    name = next((g for g in (m.groups() if m else ()) if g), None)
    if not name:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        for tag in re.findall(r"\{\{.*?\}\}|\{%.*?%\}", line):
            if re.search(rf"\b{re.escape(name)}\b", tag):
                return number
    return None


def _blank_row(stt: str) -> dict[str, str]:
    return {"stt": stt, "registrant": "", "tap_the": "", "ca_nhan": "", "model_name": "",
            "moi": "", "co_tu_truoc": "", "nhan_rong": "", "expected": ""}


def _blank_totals(label: str) -> dict[str, str]:
    return {"label": label, "models": "", "tap_the": "", "ca_nhan": "", "moi": "",
            "co_tu_truoc": "", "nhan_rong": ""}


def attached_forms(loaded: LoadedDataset, facts: Facts, profile: Profile, doc: PlanDoc
                   ) -> dict[str, Any]:
    """Context ``forms``: the blank Mẫu 1 and Mẫu 2 sent with the plan, headed by the unit
    that fills them in under the plan's issuer, cited as attached to this plan."""
    data = loaded.data
    issuer = common.body(loaded, doc.issuer)
    symbol = format_symbol(doc.number, TYPE_CODE, issuer.code, profile.family)
    comma = "," if profile.family is Family.PARTY else ""
    when = f"{comma} {cited_date(doc.date)}" if doc.date else ""
    who = issuer.short_name or issuer.name.replace("\n", " ")
    attached = f"(Kèm theo Kế hoạch số {symbol}{when} của {who})"
    parent = [upper_vi(line) for line in data.unit.name.split("\n") if line.strip()]
    groups = [{"heading": f"{roman(i)}. {lv.name}",
               "rows": [_blank_row("1")],
               "total": None}
              for i, lv in enumerate(facts.linh_vuc, start=1)]
    width = profile.page_mm[1] - profile.margins_mm[2] - profile.margins_mm[3]
    codes = "; ".join(f"{lv.code} - {lv.name}" for lv in facts.linh_vuc)
    return {
        "hdr": {"parent": parent, "issuer": [FILL_IN_UNIT], "number": "",
                "place_date": place_date_line(data.place, None, year=data.year)},
        "summary": {
            "label": "Mẫu 1",
            "title_lines": [upper_vi(f"Tổng hợp đăng ký mô hình “Dân vận khéo” năm {data.year}")],
            "attached": attached,
            "groups": groups,
            "total": _blank_totals("Tổng cộng"),
        },
        "report": {
            "label": "Mẫu 2",
            "title_lines": [upper_vi("Kết quả thực hiện phong trào thi đua “Dân vận khéo”"),
                            upper_vi(f"6 tháng, năm {data.year}")],
            "attached": attached,
            "table": blank_stats_table(facts.linh_vuc, width, rows=2),
            "note": f"Ghi chú: {codes}. Số liệu tính đến thời điểm báo cáo; cột (13), (14) "
                    "ghi ở báo cáo năm.",
        },
        "confirm": {"authority": "XÁC NHẬN CỦA CƠ QUAN, ĐƠN VỊ", "positions": [], "pad": [],
                    "note": "(Ký tên, đóng dấu)", "name": ""},
    }


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    doc: PlanDoc | None = data.documents.ke_hoach
    assert doc is not None
    issuer = common.body(loaded, doc.issuer)
    refs = [format_reference(data.references[k], profile.family) for k in doc.references]
    basis: list[str] = []
    preamble = doc.preamble or ""
    if profile.family is Family.PARTY:
        if refs:
            lead = "Thực hiện " + "; ".join(refs)
            preamble = f"{lead}, {preamble}" if preamble else f"{lead}."
    else:
        basis = [f"Căn cứ {r};" for r in refs]
        if basis:
            basis[-1] = basis[-1][:-1] + "."
    source = loaded.sources.get("ke_hoach.body", loaded.path.name)
    body = loaded.plan_body or ""
    offset = 0 if "ke_hoach.body" in loaded.sources else _body_offset(
        loaded, body, "documents", "ke_hoach", "body")
    md = render_body_markdown(body, loaded, facts, source, line_offset=offset)
    sig = common.signature(common.signer(loaded, doc.signer), profile.family,
                           where=f"{loaded.path.name}: documents.ke_hoach.signer")
    return {
        "year": data.year,
        "hdr": common.header(loaded, profile, issuer=issuer, type_code=TYPE_CODE,
                             number=doc.number, date=doc.date),
        "doc_type": "KẾ HOẠCH",
        "subject_lines": [doc.subject],
        "basis": basis,
        "preamble": preamble,
        "body": markdown_to_body(md, profile),
        "recipients": common.recipients(doc.recipients, loaded, issuer, profile),
        "sig": sig,
        "forms": attached_forms(loaded, facts, profile, doc) if doc.attach_forms else None,
    }


KIND = Kind("ke_hoach", "Kế hoạch", 1, "letter_templates",
            lambda ld: ld.data.documents.ke_hoach is not None, context, build_plan)
