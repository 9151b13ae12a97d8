"""Render a .docx template with docxtpl: sandboxed, autoescaped, strict about variables.

Errors in a template (a user's copy or ours) become :class:`TemplateError` naming the
template file, the offending tag and what is wrong.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError
from lxml import etree

from ..errors import TemplateError
from ..profiles import Profile
from .engine_env import make_env
from .layout import apply_profile, paginate, size_rules
from .locate import find_bad_tag, find_name

_STYLED: dict[tuple[Path, int, int, str], bytes] = {}


def _styled_template(path: Path, profile: Profile) -> bytes:
    """The template with the profile's styles and page setup already written in.

    Styles and margins do not depend on the data, so this work is done once per template
    and profile instead of once per document; only the rules sized to the text are drawn
    after rendering.
    """
    stat = path.stat()
    key = (path.resolve(), stat.st_mtime_ns, stat.st_size, repr(profile))
    cached = _STYLED.get(key)
    if cached is not None:
        return cached
    data = path.read_bytes()
    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise TemplateError(
            f"Mẫu {path} không phải file .docx hợp lệ ({err}); mở bằng Word và lưu lại "
            "dạng .docx"
        ) from None
    apply_profile(doc, profile, rules=False)
    out = io.BytesIO()
    doc.save(out)
    if len(_STYLED) > 64:
        _STYLED.clear()
    _STYLED[key] = out.getvalue()
    return _STYLED[key]


def _snippet(err: Exception) -> str:
    ctx = getattr(err, "docx_context", None)
    if ctx:
        text = " ".join(str(c) for c in ctx) if isinstance(ctx, list | tuple) else str(ctx)
        text = re.sub(r"<[^>]+>", "", text)
        return re.sub(r"\s+", " ", text).strip()[:160]
    return ""


def _safe(fn: Callable[[], str | None]) -> str | None:
    try:
        return fn()
    except Exception:  # locating is best effort; the error itself is what matters
        return None


# Python's own words for errors a template's arithmetic or recursion can raise
_RUNTIME = (ArithmeticError, RecursionError)


def runtime_message(err: BaseException) -> str:
    """A template's arithmetic or recursion failure in the user's words."""
    if isinstance(err, ZeroDivisionError):
        return "phép chia cho 0"
    if isinstance(err, OverflowError):
        return "số hoặc dãy quá lớn (range() tối đa 100 000 phần tử)"
    if isinstance(err, RecursionError):
        return "gọi lồng nhau quá sâu (macro tự gọi lại chính nó?)"
    return str(err)


def _explain(err: Exception, template: Path, data: bytes) -> str:
    where = f"Mẫu {template}"
    snippet = _snippet(err)
    near = f" (gần: «{snippet}»)" if snippet else ""
    if isinstance(err, _RUNTIME):
        return f"{where}: lỗi khi điền mẫu ({runtime_message(err)}){near}"
    if isinstance(err, TemplateNotFound):
        return (f"{where}: thẻ include/import/extends bị chặn ('{err.name}'): mẫu không được "
                f"đọc file khác; chép nội dung cần dùng vào thẳng mẫu{near}")
    if isinstance(err, UndefinedError):
        m = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(err))
        name = next((g for g in (m.groups() if m else ()) if g), str(err))
        place = _safe(lambda: find_name(data, name))
        near = f", ở {place}" if place else near
        return (f"{where}: thẻ dùng biến '{name}' không có trong dữ liệu{near}. Sửa tên biến "
                "trong mẫu (xem danh sách biến trong docs/) hoặc bổ sung dữ liệu")
    if isinstance(err, SecurityError):
        m = re.search(r"attribute '([^']+)'", str(err))
        place = _safe(lambda: find_name(data, m.group(1))) if m else None
        near = f", ở {place}" if place else near
        return f"{where}: thẻ bị chặn vì không an toàn ({err}){near}"
    if isinstance(err, TemplateSyntaxError):
        place = _safe(lambda: find_bad_tag(data))
        near = f", ở {place}" if place else near
        hint = ""
        if "unknown tag 'p'" in str(err) or "unknown tag 'tr'" in str(err):
            hint = "; thẻ {%p ...%}/{%tr ...%} phải đứng riêng một đoạn/dòng bảng"
        elif "unexpected char" in str(err) and any(q in str(err) for q in "‘’“”"):
            hint = "; trong thẻ phải dùng dấu nháy thẳng ' hoặc \" (tắt AutoCorrect nháy cong)"
        return f"{where}: thẻ sai cú pháp ({err.message}){hint}{near}"
    return f"{where}: lỗi khi điền mẫu ({err}){near}"


def _fit(text: str, limit: int = 255) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_docx(template: Path, context: dict[str, Any], profile: Profile,
                *, title: str = "", author: str = "") -> bytes:
    """Render ``template`` with ``context`` and the profile's layout; return .docx bytes."""
    try:
        data = _styled_template(template, profile)
    except OSError as err:
        raise TemplateError(f"Không đọc được mẫu {template}: {err.strerror}") from None
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise TemplateError(
            f"Mẫu {template} không phải file .docx hợp lệ ({err}); mở bằng Word và lưu lại "
            "dạng .docx"
        ) from None
    try:
        tpl.render(context, make_env(), autoescape=True)
    except (JinjaTemplateError, SecurityError) as err:
        raise TemplateError(_explain(err, template, data)) from None
    except (TypeError, ValueError, AttributeError, etree.XMLSyntaxError, *_RUNTIME) as err:
        raise TemplateError(_explain(err, template, data)) from None
    doc = tpl.docx
    size_rules(doc, profile)
    paginate(doc)
    props = doc.core_properties
    # python-docx refuses core properties longer than 255 characters
    props.title = _fit(title)
    props.author = _fit(author)
    props.comments = "dvk-docs"
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()
