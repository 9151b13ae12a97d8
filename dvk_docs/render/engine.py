"""Render a .docx template with docxtpl: sandboxed, autoescaped, strict about variables.

Errors in a template (a user's copy or ours) become :class:`TemplateError` naming the
template file, the offending tag and what is wrong.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
from docxtpl import DocxTemplate
from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from lxml import etree

from ..errors import TemplateError
from ..profiles import Profile
from .compiled import CompiledTemplate, compiled
from .engine_env import RenderLimitError, make_env
from .layout import apply_profile, paginate, size_rules
from .locate import find_bad_tag, find_name
from .slim import slim_docx

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
    # a user's template saved by Word carries every built-in style: drop the unused ones
    _STYLED[key] = slim_docx(out.getvalue())
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
    if isinstance(err, RenderLimitError):  # render/limits.py: time, size, digits
        near = f", ở thẻ «{err.tag}»" if err.tag else near
        return f"{where}: vượt giới hạn khi điền mẫu ({err}){near}"
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


_ENV: SandboxedEnvironment | None = None


def shared_env() -> SandboxedEnvironment:
    """The one sandboxed environment of this process; compiled templates belong to it."""
    global _ENV
    if _ENV is None:
        _ENV = make_env()
    return _ENV


def _load_styled(template: Path, profile: Profile) -> bytes:
    try:
        return _styled_template(template, profile)
    except OSError as err:
        raise TemplateError(f"Không đọc được mẫu {template}: {err.strerror}") from None


@contextlib.contextmanager
def _template_errors(template: Path, profile: Profile) -> Iterator[None]:
    """Jinja's, docxtpl's and Python's errors while compiling or rendering ``template``, as
    the user's TemplateError naming the file, the tag and what to fix."""
    try:
        yield
    except (JinjaTemplateError, SecurityError) as err:
        data = _load_styled(template, profile)
        raise TemplateError(_explain(err, template, data)) from None
    except (zipfile.BadZipFile, KeyError) as err:
        raise TemplateError(
            f"Mẫu {template} không phải file .docx hợp lệ ({err}); mở bằng Word và lưu lại "
            "dạng .docx"
        ) from None
    except (TypeError, ValueError, AttributeError, etree.XMLSyntaxError, *_RUNTIME) as err:
        data = _load_styled(template, profile)
        raise TemplateError(_explain(err, template, data)) from None


def _compiled(template: Path, profile: Profile) -> CompiledTemplate | None:
    return compiled(template, profile, lambda: _load_styled(template, profile), shared_env())


def render_docx(template: Path, context: dict[str, Any], profile: Profile,
                *, title: str = "", author: str = "") -> bytes:
    """Render ``template`` with ``context`` and the profile's layout; return .docx bytes.

    The template is parsed and compiled once per process (see :mod:`.compiled`); what the
    fast path does not handle is rendered by plain docxtpl (:func:`render_docx_docxtpl`).
    """
    with _template_errors(template, profile):
        fast = _compiled(template, profile)
        if fast is None:
            return render_docx_docxtpl(template, context, profile, title=title, author=author)
        return fast.render(context, title=_fit(title), author=_fit(author))


class FieldCheck:
    """Whether contexts give a template every name it reads, without rendering it.

    The template is compiled (syntax errors surface here, as in a build); each context is
    then checked for the top-level names the template's tags read. With ``trial`` (a
    user's template: its tags may read fields the shipped ones never do, ``unit.ten_sai``)
    and for a template the compiled path does not handle, the first context is also
    rendered once in memory."""

    def __init__(self, template: Path, profile: Profile, *, trial: bool = False) -> None:
        self.template = template
        self.profile = profile
        with _template_errors(template, profile):
            fast = _compiled(template, profile)
        self.fields = None if fast is None else fast.fields - shared_env().globals.keys()
        self.trial = trial or fast is None

    def check(self, context: dict[str, Any]) -> None:
        if self.trial:
            self.trial = False
            render_docx(self.template, context, self.profile)
        if self.fields is None:
            return
        missing = self.fields - context.keys()
        if missing:
            err = UndefinedError(f"'{min(missing)}' is undefined")
            raise TemplateError(_explain(err, self.template,
                                         _load_styled(self.template, self.profile)))


def render_docx_docxtpl(template: Path, context: dict[str, Any], profile: Profile,
                        *, title: str = "", author: str = "") -> bytes:
    """The same document through docxtpl's own open/render/save, nothing kept between calls
    (the reference the compiled path is tested against, and its fallback)."""
    data = _load_styled(template, profile)
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
