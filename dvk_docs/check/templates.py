"""``dvk-docs templates check``: find what breaks a .docx template edited in Word before a
build does — tags split across runs or paragraphs, smart quotes, Jinja syntax errors,
unknown variables (``a.b.c`` checked against the contexts the documents really pass),
tags the sandbox will refuse — each with its paragraph or table cell and a fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError, nodes

from ..conventions import Family
from ..render.engine_env import make_env
from ..render.locate import TAG
from .model import CheckError, Para, open_docx
from .rules import FindingsReport
from .shapes import ANY, Shape, context_shapes

_ANY_TAG = re.compile(TAG.pattern + r"|\{#.*?#\}|\{#.*")  # locate.TAG + comments
_PREFIX = re.compile(r"^\{([{%#])(p|tr|tc|r)\s")
_SMART_OK = "‘’“”"  # docxtpl turns these into straight quotes inside tags
_SMART_BAD = "„‟‚‛«»′″"
_GLOBALS = {"range", "dict", "cycler", "joiner", "namespace", "loop", "true",
            "false", "none", "True", "False", "None"}
_BLOCKS = {"for": "endfor", "if": "endif", "macro": "endmacro", "call": "endcall",
           "filter": "endfilter", "with": "endwith", "raw": "endraw", "block": "endblock"}
_MIDDLE = {"else": ("if", "for"), "elif": ("if",)}


@dataclass(frozen=True)
class TemplateFinding:
    where: str
    rule: str
    message: str
    hint: str
    severity: str = "error"

    def line(self) -> str:
        mark = "" if self.severity == "error" else " (lưu ý)"
        return f"[{self.rule}]{mark} {self.where}: {self.message}. Cách sửa: {self.hint}"

    def as_dict(self) -> dict[str, str]:
        return {"where": self.where, "rule": self.rule, "message": self.message,
                "hint": self.hint, "severity": self.severity}


@dataclass
class TemplateReport(FindingsReport):
    file: str
    kind: str | None = None
    family: Family | None = None
    findings: list[TemplateFinding] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "kind": self.kind,
                "family": self.family.value if self.family else None, "ok": self.ok,
                "error": self.error, "findings": [f.as_dict() for f in self.findings]}


@dataclass
class _Tag:
    text: str  # as typed
    source: str  # what Jinja sees (docxtpl prefix removed, quotes straightened)
    where: str
    line: int = 0


# -- reading the template ------------------------------------------------------------------
def _parts(path: Path | bytes, name: str) -> Iterator[tuple[str, list[Para]]]:
    """(part name, paragraphs) for the body and every header/footer."""
    doc = open_docx(path, name=name)
    body = list(doc.paragraphs())
    # text boxes live in Doc.extra next to headers and footers
    boxes = [p for p in doc.extra if "khung chữ" in p.where]
    yield "thân văn bản", body + boxes
    others: dict[str, list[Para]] = {}
    for p in doc.extra:
        if "khung chữ" in p.where:
            continue
        others.setdefault(p.where.split(", đoạn")[0], []).append(p)
    yield from others.items()


def _runs_of(p: Para, start: int, end: int) -> list[int]:
    """Indexes of the runs covering characters [start, end) of ``p.text``."""
    out = []
    pos = 0
    for i, r in enumerate(p.runs):
        nxt = pos + len(r.text)
        if nxt > start and pos < end:
            out.append(i)
        pos = nxt
    return out


def _in_row(paras: list[Para], p: Para) -> list[Para]:
    return [q for q in paras if q.table == p.table and q.cell is not None and p.cell is not None
            and q.cell[0] == p.cell[0] and not q.top_level and q.where.split(" › ")[0]
            .split(", dòng")[0] == p.where.split(" › ")[0].split(", dòng")[0]]


def _scan(paras: list[Para], out: list[TemplateFinding]) -> list[_Tag]:
    tags: list[_Tag] = []
    for p in paras:
        text = p.text
        for m in _ANY_TAG.finditer(text):
            raw = m.group(0)
            closed = (raw.startswith("{{") and raw.endswith("}}")) or \
                (raw.startswith("{%") and raw.endswith("%}")) or \
                (raw.startswith("{#") and raw.endswith("#}"))
            if not closed:
                out.append(TemplateFinding(
                    p.where, "tag.unclosed", f"thẻ «{raw[:60]}» không đóng trong cùng đoạn",
                    "gõ cả thẻ trên một dòng, không nhấn Enter giữa {{ và }} (hoặc {% và %})"))
                continue
            runs = _runs_of(p, m.start(), m.end())
            if len(runs) > 1:
                styles = {(p.runs[i].fonts, p.runs[i].size, p.runs[i].bold, p.runs[i].italic,
                           p.runs[i].underline) for i in runs}
                differ = len(styles) > 1
                out.append(TemplateFinding(
                    p.where, "tag.split",
                    f"thẻ «{raw[:60]}» bị Word tách thành {len(runs)} đoạn chữ (run)"
                    + (" có định dạng khác nhau" if differ else ""),
                    "xóa thẻ rồi gõ lại liền một lần (không sửa giữa chừng); khi điền, chữ lấy "
                    "định dạng của ký tự đầu thẻ", "warning"))
            if any(q in raw for q in _SMART_BAD):
                out.append(TemplateFinding(
                    p.where, "tag.quotes", f"thẻ «{raw[:60]}» có dấu nháy kiểu «„ ‚ »",
                    "trong thẻ chỉ dùng nháy thẳng ' hoặc \""))
            elif any(q in raw for q in _SMART_OK):
                out.append(TemplateFinding(
                    p.where, "tag.quotes", f"thẻ «{raw[:60]}» có dấu nháy cong ‘ ’ “ ”",
                    "gõ nháy thẳng ' hoặc \" (Word: File › Options › Proofing › AutoCorrect "
                    "Options › AutoFormat As You Type, bỏ chọn \"Straight quotes with smart "
                    "quotes\"); bản docxtpl hiện tại tự đổi, bản khác có thể báo lỗi",
                    "warning"))
            prefix = _PREFIX.match(raw)
            source = raw
            if prefix:
                kind = prefix.group(2)
                source = raw[:2] + " " + raw[prefix.end():]
                others = text[:m.start()] + text[m.end():]
                if kind == "p" and others.strip():
                    out.append(TemplateFinding(
                        p.where, "tag.alone",
                        f"đoạn có thẻ «{raw[:40]}» còn chữ khác «{others.strip()[:40]}»",
                        f"thẻ {{{prefix.group(1)}p ...}} thay cả đoạn: để nó đứng một mình "
                        "một đoạn, chữ khác sẽ bị mất"))
                elif kind in ("tr", "tc") and p.cell is None:
                    out.append(TemplateFinding(
                        p.where, "tag.alone", f"thẻ «{raw[:40]}» nằm ngoài bảng",
                        f"thẻ {{%{kind} ...%}} chỉ dùng trong ô bảng; ngoài bảng dùng {{%p ...%}}"))
                elif kind == "tr":
                    row_text = [q.text for q in _in_row(paras, p)]
                    rest = " ".join(row_text).replace(raw, "", 1).strip()
                    if rest:
                        out.append(TemplateFinding(
                            p.where, "tag.alone",
                            f"dòng bảng có thẻ «{raw[:40]}» còn chữ khác «{rest[:40]}»",
                            "thẻ {%tr ...%} thay cả dòng bảng: để dòng đó chỉ có thẻ"))
            for q in _SMART_OK:
                source = source.replace(q, "'" if q in "‘’" else '"')
            source = re.sub(r"^\{%\s*(vm|hm)\s*%\}$", "", source)
            source = re.sub(r"^\{%\s*(colspan|cellbg)\s+(.*?)\s*%\}$", r"{{ \2 }}", source)
            tags.append(_Tag(raw, source.replace("\n", " "), p.where))
    return tags


# -- blocks and syntax -------------------------------------------------------------------------
def _blocks(tags: list[_Tag], out: list[TemplateFinding]) -> list[_Tag]:
    """Match for/if/... with their end tags and report the opening tag of what is unclosed.
    Returns the tags repaired (stray tags dropped, missing end tags added) so the other
    checks still run."""
    stack: list[tuple[str, _Tag]] = []
    kept: list[_Tag] = []
    for tag in tags:
        m = re.match(r"^\{%-?\s*(\w+)", tag.source)
        word = m.group(1) if m else ""
        if word == "set" and "=" not in tag.source:
            stack.append(("set", tag))
        elif word == "endset":
            if stack and stack[-1][0] == "set":
                stack.pop()
        elif word in _BLOCKS:
            stack.append((word, tag))
        elif word in _MIDDLE:
            if not stack or stack[-1][0] not in _MIDDLE[word]:
                out.append(TemplateFinding(tag.where, "tag.syntax",
                                           f"«{tag.text[:60]}» không nằm trong khối "
                                           f"{' / '.join(_MIDDLE[word])} nào",
                                           "xóa thẻ này hoặc thêm thẻ mở khối phía trước"))
                continue
        elif word.startswith("end") and word[3:] in _BLOCKS:
            opener = word[3:]
            if not stack or stack[-1][0] != opener:
                open_text = (f"; khối đang mở là «{stack[-1][1].text[:40]}» ở "
                             f"{stack[-1][1].where}") if stack else ""
                out.append(TemplateFinding(tag.where, "tag.syntax",
                                           f"«{tag.text[:60]}» không có thẻ mở {opener} tương "
                                           f"ứng{open_text}",
                                           f"xóa thẻ thừa hoặc thêm {{% {opener} ... %}} "
                                           "phía trước"))
                continue
            stack.pop()
        kept.append(tag)
    for word, tag in reversed(stack):
        end = _BLOCKS.get(word, "end" + word)
        out.append(TemplateFinding(tag.where, "tag.syntax",
                                   f"khối «{tag.text[:60]}» mở mà không đóng",
                                   f"thêm {{%p {end} %}} (một đoạn riêng) ở cuối phần lặp / "
                                   "điều kiện"))
        kept.append(_Tag(f"{{% {end} %}}", f"{{% {end} %}}", tag.where))
    return kept


def _source(tags: list[_Tag]) -> str:
    lines = []
    for i, tag in enumerate(tags, start=1):
        tag.line = i
        lines.append(tag.source)
    return "\n".join(lines)


def _where(tags: list[_Tag], lineno: int | None) -> str:
    if lineno and 1 <= lineno <= len(tags):
        return tags[lineno - 1].where
    return tags[-1].where if tags else "mẫu"


def _tag_at(tags: list[_Tag], lineno: int | None) -> str:
    if lineno and 1 <= lineno <= len(tags):
        return f"«{tags[lineno - 1].text[:60]}»"
    return ""


def _syntax_finding(tags: list[_Tag], err: TemplateSyntaxError) -> TemplateFinding:
    msg = (err.message or str(err)).rstrip(".")
    hint = "sửa thẻ theo cú pháp Jinja: {{ tên.biến }}, {% for x in danh_sách %}, {% if ... %}"
    if "No filter named" in msg or "No test named" in msg:
        hint = "dùng bộ lọc có sẵn của Jinja (upper, lower, length, join, default ...)"
    elif "unknown tag" in msg:
        hint = ("thẻ {%p ...%}, {%tr ...%} phải có dấu cách sau p/tr và đứng riêng một "
                "đoạn / dòng bảng; kiểm tra chính tả tên thẻ (for, if, endfor, endif)")
    return TemplateFinding(_where(tags, err.lineno), "tag.syntax",
                           f"thẻ {_tag_at(tags, err.lineno)} sai cú pháp: {msg}", hint)


def _syntax(tags: list[_Tag], out: list[TemplateFinding]) -> nodes.Template | None:
    """Parse (syntax) then compile (filters and tests exist); the tree is returned whenever
    it parsed, so variables are still checked."""
    env = make_env()
    try:
        ast = env.parse(_source(tags))
    except TemplateSyntaxError as err:
        out.append(_syntax_finding(tags, err))
        return None
    try:
        env.compile(ast)
    except TemplateSyntaxError as err:
        out.append(_syntax_finding(tags, err))
    return ast


# -- variables ----------------------------------------------------------------------------------
class _Vars:
    def __init__(self, tags: list[_Tag], root: Shape | None, out: list[TemplateFinding]) -> None:
        self.tags = tags
        self.root = root
        self.out = out
        self.seen: set[tuple[str, str]] = set()

    def report(self, node: nodes.Node, path: str, base: Shape | None, missing: str) -> None:
        where = _where(self.tags, node.lineno)
        if (where, path) in self.seen:
            return
        self.seen.add((where, path))
        hint = "sửa tên biến trong thẻ"
        if base is not None:
            close = base.suggest(missing)
            names = base.names()
            head = path.rsplit(".", 1)[0] if "." in path else ""
            if close:
                hint = f"có phải '{head + '.' if head else ''}{close}'?"
            if names:
                hint += f"; các tên có trong {head or 'dữ liệu'}: {', '.join(names[:25])}"
            elif base.kind == "leaf":
                kinds = ", ".join(sorted({t.__name__ for t in base.types}))
                hint += f"; '{head}' là một giá trị ({kinds}), không có mục con"
        self.out.append(TemplateFinding(where, "var.unknown",
                                        f"thẻ {_tag_at(self.tags, node.lineno)} dùng '{path}' "
                                        "không có trong dữ liệu văn bản này", hint))

    def unsafe(self, node: nodes.Node, attr: str) -> None:
        where = _where(self.tags, node.lineno)
        self.out.append(TemplateFinding(where, "tag.unsafe",
                                        f"thẻ {_tag_at(self.tags, node.lineno)} truy cập "
                                        f"'{attr}' (bị chặn vì không an toàn)",
                                        "mẫu chỉ được đọc dữ liệu văn bản; xóa phần '_...'"))

    # expressions return (shape, dotted path or None)
    def expr(self, node: nodes.Node, scope: dict[str, Shape]) -> tuple[Shape, str | None]:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name], node.name
            if node.name in _GLOBALS:
                return ANY, None
            if self.root is not None:
                shape = self.root.member(node.name)
                if shape is None:
                    self.report(node, node.name, self.root, node.name)
                    return ANY, None
                return shape, node.name
            return ANY, None
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            if isinstance(node, nodes.Getattr):
                attr: str | None = node.attr
            else:
                attr = node.arg.value if isinstance(node.arg, nodes.Const) and isinstance(
                    node.arg.value, str) else None
                if attr is None:
                    self.expr(node.arg, scope)
            if attr is not None and attr.startswith("_"):
                self.unsafe(node, attr)
                return ANY, None
            base, path = self.expr(node.node, scope)
            if isinstance(node, nodes.Getitem) and attr is None:
                if base.kind == "list" and isinstance(node.arg, nodes.Const):
                    return base.item or ANY, f"{path}[{node.arg.value}]" if path else None
                return ANY, None
            assert attr is not None
            shape = base.member(attr)
            if shape is None:
                if path is not None:
                    self.report(node, f"{path}.{attr}", base, attr)
                return ANY, None
            return shape, f"{path}.{attr}" if path else None
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        return ANY, None

    def body(self, items: list[nodes.Node], scope: dict[str, Shape]) -> None:
        for item in items:
            self.stmt(item, scope)

    def stmt(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        if isinstance(node, nodes.Expr):
            self.expr(node, scope)
        elif isinstance(node, nodes.For):
            shape, _ = self.expr(node.iter, scope)
            item = (shape.item or ANY) if shape.kind == "list" else ANY
            inner = dict(scope)
            self._bind(node.target, item, inner)
            inner["loop"] = ANY
            if node.test is not None:
                self.expr(node.test, inner)
            self.body(node.body, inner)
            self.body(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            shape, _ = self.expr(node.node, scope)
            self._bind(node.target, shape, scope)
        elif isinstance(node, nodes.AssignBlock):
            self._bind(node.target, ANY, scope)
            self.body(node.body, scope)
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = ANY
            inner["caller"] = ANY
            inner["varargs"] = ANY
            inner["kwargs"] = ANY
            if isinstance(node, nodes.Macro):
                scope[node.name] = ANY
            else:
                self.expr(node.call, scope)
            self.body(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                shape, _ = self.expr(value, scope)
                self._bind(target, shape, inner)
            self.body(node.body, inner)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.TemplateData):
                    continue
                if isinstance(child, nodes.Expr):
                    self.expr(child, scope)
                else:
                    self.stmt(child, scope)

    def _bind(self, target: nodes.Node, shape: Shape, scope: dict[str, Shape]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for t in target.items:
                self._bind(t, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            return


# -- driver ---------------------------------------------------------------------------------------
def _kind_family(path: Path) -> tuple[str | None, Family | None]:
    from ..documents import KINDS

    kind = path.stem if path.stem in KINDS else None
    family = None
    for part in reversed(path.parts[:-1]):
        if part in ("party", "state"):
            family = Family(part)
            break
    return kind, family


def lint_template(path: Path, *, kind: str | None = None, family: Family | None = None,
                  shapes: dict[tuple[str, Family], Shape] | None = None,
                  label: str | None = None) -> TemplateReport:
    """Lint one template; ``kind``/``family`` default to what its path says."""
    guess_kind, guess_family = _kind_family(path)
    kind = kind or guess_kind
    family = family or guess_family
    report = TemplateReport(file=label or str(path), kind=kind, family=family)
    out = report.findings
    try:
        parts = list(_parts(path, report.file))
    except CheckError as err:
        report.error = str(err)
        return report
    if family is None:
        from .detect import detect_family

        try:
            family = detect_family(open_docx(path, name=report.file))[0]
            report.family = family
        except CheckError:
            family = None
    root: Shape | None = None
    if kind is not None and shapes is not None:
        if family is not None and (kind, family) in shapes:
            root = shapes[(kind, family)]
        else:
            from .shapes import union

            for (k, _fam), shape in shapes.items():
                if k == kind:
                    root = union(root, shape) if root is not None else shape
    for _name, paras in parts:
        tags = _blocks(_scan(paras, out), out)
        if not tags:
            continue
        ast = _syntax(tags, out)
        if ast is not None and root is not None:
            _Vars(tags, root, out).body(ast.body, {})
        elif ast is not None:
            _Vars(tags, None, out).body(ast.body, {})
    return report


def lint_templates(directory: Path, *, datasets: list[Path] | None = None
                   ) -> list[TemplateReport]:
    """Lint every .docx under ``directory`` (as made by ``dvk-docs templates copy``)."""
    from ..documents import KINDS

    if not directory.is_dir():
        raise CheckError(f"{directory}: không phải thư mục (chép mẫu bằng "
                         f"'dvk-docs templates copy {directory}')")
    files = sorted(f for f in directory.rglob("*.docx")
                   if f.is_file() and not f.name.startswith(("~$", ".")))
    if not files:
        raise CheckError(f"{directory}: không có mẫu .docx nào")
    shapes = context_shapes(datasets)
    reports = []
    for f in files:
        label = str(f)
        report = lint_template(f, shapes=shapes, label=label)
        if report.kind is None and report.error is None:
            import difflib

            close = difflib.get_close_matches(f.stem, list(KINDS), n=1)
            hint = f"có phải '{close[0]}.docx'?" if close else (
                "đặt tên theo loại văn bản: " + ", ".join(f"{k}.docx" for k in KINDS))
            report.findings.insert(0, TemplateFinding(
                "tên file", "template.unknown",
                f"'{f.name}' không ứng với loại văn bản nào nên dvk-docs sẽ không dùng nó; "
                "chỉ kiểm tra cú pháp", hint, "warning"))
        reports.append(report)
    return reports


__all__ = ["TemplateFinding", "TemplateReport", "lint_template", "lint_templates"]
