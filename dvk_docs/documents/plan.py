"""Kế hoạch thực hiện phong trào thi đua "Dân vận khéo" (paperwork.md §1)."""

from __future__ import annotations

from typing import Any

from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SecurityError

from ..conventions import Family, cited_date
from ..dataset import LoadedDataset
from ..dataset.models import PlanDoc, Reference
from ..errors import DatasetError
from ..facts import Facts
from ..profiles import Profile
from ..render.blueprints import build_plan
from ..render.engine_env import make_env
from ..render.markdown import markdown_to_body
from . import common
from .kind import Kind

TYPE_CODE = "KH"


def format_reference(ref: Reference) -> str:
    """'Hướng dẫn số 12-HD/BTGDVTU, ngày 10/01/2026 của Ban ... về ...'."""
    if ref.text:
        return ref.text
    parts = [ref.kind]
    if ref.number:
        parts.append(f"số {ref.number}")
    text = " ".join(parts)
    if ref.date:
        text += f", {cited_date(ref.date)}" if ref.number else f" {cited_date(ref.date)}"
    if ref.issuer:
        text += f" của {ref.issuer}"
    if ref.subject:
        text += f" {ref.subject}"
    return text


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


def render_body_markdown(text: str, loaded: LoadedDataset, facts: Facts, source: str) -> str:
    """Fill {{ ... }} placeholders in Markdown (sandboxed, strict)."""
    env = make_env(autoescape=False)
    try:
        return env.from_string(text).render(body_context(loaded, facts))
    except (JinjaTemplateError, SecurityError) as err:
        line = getattr(err, "lineno", None)
        where = f"{source}, dòng {line}" if line else source
        allowed = ", ".join(sorted(body_context(loaded, facts)))
        raise DatasetError(f"{where}: chỗ điền {{{{ ... }}}} sai: {err}. Dùng được: {allowed}"
                           ) from None


def context(loaded: LoadedDataset, facts: Facts, profile: Profile) -> dict[str, Any]:
    data = loaded.data
    doc: PlanDoc | None = data.documents.ke_hoach
    assert doc is not None
    issuer = common.body(loaded, doc.issuer)
    refs = [format_reference(data.references[k]) for k in doc.references]
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
    md = render_body_markdown(loaded.plan_body or "", loaded, facts, source)
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
    }


KIND = Kind("ke_hoach", "Kế hoạch", 1, "letter_templates",
            lambda ld: ld.data.documents.ke_hoach is not None, context, build_plan)
