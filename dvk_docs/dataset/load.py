"""Load a dataset folder (YAML + sheets + Markdown) into validated models.

Errors name the file, the line (YAML) or row/column (sheet) and the field, say what is
allowed and suggest the closest name for a typo.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from ..conventions.family import Family
from ..errors import DatasetError
from ..problems import Problem, field_path, split_source, where_fields
from .clean import clean_text, clean_tree, strip_accents
from .date_window import check_dates_in_year
from .describe import (
    describe,
    line_of,
    other_union_branch,
    registration_ids,
    thousands,
)
from .models import OTHER_LINH_VUC, LinhVuc, Registration, RegistrationSource
from .schema import Dataset
from .sheet_halves import read_registrations

DATASET_NAMES = ("dataset.yaml", "dataset.yml")


@dataclass
class LoadedDataset:
    """A validated dataset with everything it refers to already read."""

    data: Dataset
    path: Path
    plan_body: str | None = None
    warnings: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # what -> file it came from
    root: Any = field(default=None, repr=False)  # the parsed YAML, for line numbers

    def where(self, *loc: Any) -> str:
        """'dataset.yaml, dòng 12' for a path of keys/indexes into the YAML."""
        line = self.line(*loc)
        return f"{self.path.name}, dòng {line}" if line else self.path.name

    def line(self, *loc: Any) -> int | None:
        """The 1-based line in the YAML of a path of keys/indexes (None when not known)."""
        return line_of(self.root, loc) if self.root is not None else None

    @property
    def base_dir(self) -> Path:
        return self.path.parent

    @property
    def registrations(self) -> list[Registration]:
        regs = self.data.registrations
        assert isinstance(regs, list)
        return regs


def find_dataset_file(path: Path) -> Path:
    """A dataset is a YAML file, or a folder holding dataset.yaml."""
    if path.is_dir():
        for name in DATASET_NAMES:
            if (path / name).is_file():
                return path / name
        raise DatasetError(
            f"{path}: thư mục không có file dataset.yaml. Tạo bộ dữ liệu mới bằng "
            f"'dvk-docs new {path}'"
        )
    if not path.exists():
        raise DatasetError(f"{path}: không tìm thấy file hoặc thư mục")
    if path.suffix.lower() not in {".yaml", ".yml"}:
        raise DatasetError(
            f"{path}: bộ dữ liệu phải là file .yaml (hoặc thư mục chứa dataset.yaml)"
        )
    return path


def _yaml_cache_name(raw: bytes) -> str:
    import hashlib
    import sys

    import ruamel.yaml

    h = hashlib.sha256(f"yaml 1 {sys.version} {ruamel.yaml.__version__}".encode())
    h.update(raw)
    return f"yaml-{h.hexdigest()}.pickle"


def _cached_yaml(raw: bytes) -> Any:
    """The round-trip tree (line numbers included) of a dataset.yaml parsed before with the
    same bytes, from the cache folder of render/diskcache.py; None when there is none."""
    import pickle

    from ..render import diskcache

    data = diskcache.load_bytes(_yaml_cache_name(raw))
    if data is None:
        return None
    try:
        return pickle.loads(data)  # the user's own cache folder, as marshal's
    except Exception:  # a stale or broken entry: parse again
        return None


def _store_yaml(raw: bytes, root: Any) -> None:
    import pickle

    from ..render import diskcache

    try:
        data = pickle.dumps(root, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # an unpicklable tree is not cached
        return
    diskcache.store_bytes(_yaml_cache_name(raw), data)


def _read_yaml(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise DatasetError(f"{path}: không đọc được file ({err.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise DatasetError(
            f"{path}, dòng {line}: file không phải UTF-8. Mở bằng trình soạn thảo và lưu lại "
            "với bảng mã UTF-8"
        ) from None
    cached = _cached_yaml(raw)
    if cached is not None:
        return cached
    yaml = YAML(typ="rt")
    try:
        if _bracket_depth(text) > MAX_DEPTH:
            raise RecursionError  # refused before ruamel spends seconds recursing into it
        root = yaml.load(text)
        _check_size(root, path)
        _store_yaml(raw, root)
        return root
    except ReaderError as err:  # a raw control character: ruamel gives only a position
        line = text[: max(err.position, 0)].count("\n") + 1
        char = err.character if isinstance(err.character, str) else chr(err.character)
        raise DatasetError(
            f"{path}, dòng {line}: có ký tự điều khiển U+{ord(char):04X} không được phép trong "
            "YAML (thường do dán từ phần mềm khác); xóa ký tự đó rồi lưu lại"
        ) from None
    except RecursionError:
        raise DatasetError(
            f"{path}: YAML sai cú pháp (ngoặc hoặc thụt lề lồng nhau quá {MAX_DEPTH} tầng); "
            "kiểm tra lại các dấu ngoặc [ ] { }"
        ) from None
    except MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{path}, dòng {mark.line + 1}, cột {mark.column + 1}" if mark else str(path)
        problem = err.problem or err.context or "lỗi cú pháp"
        raise DatasetError(
            f"{where}: YAML sai cú pháp ({problem}). Kiểm tra thụt lề, dấu ':' và dấu ngoặc kép"
        ) from None
    except YAMLError as err:
        raise DatasetError(f"{path}: YAML sai cú pháp ({err})") from None
    except ValueError as err:  # an unquoted impossible date such as 2026-02-30
        raise DatasetError(_bad_iso_date(text, path, err)) from None


# Limits on what one dataset may expand to: YAML aliases (&a / *a) can make a few lines
# stand for millions of values ("billion laughs"), and deep nesting exhausts the stack.
MAX_NODES = 200_000
MAX_DEPTH = 100


def _bracket_depth(text: str) -> int:
    """How deep [ ] and { } nest (brackets inside quoted text may be counted: only a depth
    far beyond any real dataset is refused)."""
    depth = deepest = 0
    for m in re.finditer(r"[\[\]{}]", text):
        if m.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(depth - 1, 0)
    return deepest


def _check_size(root: Any, path: Path) -> None:
    """Refuse a YAML tree that expands to more than MAX_NODES values or nests deeper than
    MAX_DEPTH levels; shared (aliased) nodes are counted once per use, measured once."""
    sizes: dict[int, int] = {}

    def size(node: Any, depth: int) -> int:
        if not isinstance(node, dict | list):
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise RecursionError
        items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        total = 1
        for item in items:
            total += size(item, depth + 1)
            if total > MAX_NODES:
                break
        sizes[id(node)] = total
        return total

    if size(root, 0) > MAX_NODES:
        raise DatasetError(
            f"{path}: dữ liệu quá lớn (hơn {thousands(MAX_NODES)} giá trị sau khi mở rộng các "
            "bí danh YAML &/*); viết các mục ra trực tiếp, không lồng bí danh vào nhau"
        )


def _bad_iso_date(text: str, path: Path, err: ValueError) -> str:
    """Name the line of the first ISO date that does not exist."""
    for number, line in enumerate(text.splitlines(), start=1):
        for m in re.finditer(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])", line):
            try:
                dt.date(*(int(g) for g in m.groups()))
            except ValueError:
                return (f"{path}, dòng {number}: ngày {m.group(0)} không tồn tại; viết lại ngày "
                        "đúng, ví dụ 2026-02-28 hoặc 28/02/2026")
    return f"{path}: giá trị không hợp lệ ({err})"


def _check_mapping(root: Any, path: Path) -> dict[str, Any]:
    if root is None:
        raise DatasetError(f"{path}: file rỗng. Tạo bộ dữ liệu mẫu bằng 'dvk-docs new THƯ_MỤC'")
    if not isinstance(root, dict):
        raise DatasetError(f"{path}: nội dung phải là các cặp 'tên: giá trị' (YAML mapping)")
    return root


def load_dataset(path: Path | str) -> LoadedDataset:
    """Read, clean (NFC, XML-safe), validate and cross-check a dataset."""
    file = find_dataset_file(Path(path))
    label = file.name
    warnings: list[str] = []
    root = _check_mapping(_read_yaml(file), file)
    try:
        clean_tree(root, "", lambda m: warnings.append(f"{label}: {m}"))
    except ValueError as err:
        raise DatasetError(f"{label}: {err}") from None

    sheet_regs: list[Registration] | None = None
    sources: dict[str, str] = {"dataset": str(file)}
    regs_node = root.get("registrations")
    if isinstance(regs_node, dict):
        try:
            source = RegistrationSource.model_validate(dict(regs_node))
        except ValidationError as err:
            raise DatasetError(
                f"{label}: mục 'registrations' sai",
                [describe(e, RegistrationSource, regs_node, label) for e in err.errors()],
            ) from None
        sheet_regs = _load_sheet_registrations(file.parent / source.file, source.sheet, root,
                                               warnings, source.ignore_columns)
        sources["registrations"] = str(file.parent / source.file)
        root_for_model = dict(root)
        root_for_model["registrations"] = []
    else:
        root_for_model = root
    return _validate(root, root_for_model, file, warnings, sources, sheet_regs)


def load_model(data: Dataset | Mapping[str, Any], *, name: str = "dataset.yaml",
               base_dir: Path | str | None = None) -> LoadedDataset:
    """A dataset held in memory (a web application keeps years in a database; the rollover
    and the importer make one) cleaned, validated and cross-checked as :func:`load_dataset`
    does a file, without writing anything. ``data`` is a Dataset or the mapping a YAML file
    would hold, with the registrations as a list; the plan body inline
    (``documents.ke_hoach.body``) unless ``base_dir`` holds its ``body_file``. Problems name
    ``name`` and the field path (no line numbers)."""
    if isinstance(data, Dataset):
        root: Any = data.model_dump(mode="json", exclude_none=True)
    else:
        root = dict(data)
    file = Path(base_dir or ".") / name
    warnings: list[str] = []
    root = _check_mapping(root, file)
    try:  # cleaned into a copy: the caller's mapping stays as it was
        root = clean_tree(root, "", lambda m: warnings.append(f"{name}: {m}"), copy=True)
    except ValueError as err:
        raise DatasetError(f"{name}: {err}") from None
    if not isinstance(root.get("registrations", []), list):
        raise DatasetError(f"{name}: registrations phải là danh sách khi dữ liệu ở trong bộ nhớ")
    return _validate(root, root, file, warnings, {"dataset": str(file)}, None)


def _validate(root: dict[str, Any], root_for_model: dict[str, Any], file: Path,
              warnings: list[str], sources: dict[str, str],
              sheet_regs: list[Registration] | None) -> LoadedDataset:
    label = file.name
    try:
        data = Dataset.model_validate(root_for_model)
    except ValidationError as err:
        errors = [e for e in err.errors() if not other_union_branch(e, root_for_model)]
        raise DatasetError(
            f"{label}: dữ liệu chưa hợp lệ ({len(errors)} lỗi)",
            [describe(e, Dataset, root, label) for e in errors],
        ) from None
    if sheet_regs is not None:
        data.registrations = sheet_regs
    else:
        assert isinstance(data.registrations, list)
        for i, reg in enumerate(data.registrations):
            line = line_of(root, ("registrations", i))
            reg.source = f"{label}, dòng {line}" if line else f"{label}, registrations[{i}]"

    loaded = LoadedDataset(data=data, path=file, warnings=warnings, sources=sources, root=root)
    _cross_check(loaded, root)
    _load_bodies(loaded)
    _lint_markdown(loaded, root)
    return loaded


def _load_sheet_registrations(
    path: Path, sheet: str | None, root: dict[str, Any], warnings: list[str],
    ignore_columns: list[str] | None = None,
) -> list[Registration]:
    """The sheet's registrations (from dataset/sheet_cache.py when read before)."""
    from .sheet_cache import through_cache

    names = [str(lv.get("name", "")) for lv in root.get("linh_vuc") or [] if isinstance(lv, dict)]
    ignore = list(ignore_columns or [])
    return through_cache(path, (sheet, names, ignore), warnings, lambda: read_registrations(
        path, sheet, names, warnings, ignore))


@functools.lru_cache(maxsize=4096)
def _linh_vuc_key(text: str) -> str:
    """A lĩnh vực name as compared: no case, diacritics, 'Lĩnh vực', punctuation (the same
    few names come back on every row of a sheet, hence the cache)."""
    t = strip_accents(text).lower()
    t = t.replace("linh vuc", "").replace("–", "-")
    return "".join(ch for ch in t if ch.isalnum())


def match_linh_vuc(value: str, options: list[LinhVuc]) -> LinhVuc | None:
    """Find a lĩnh vực by code, name or alias, ignoring case, diacritics and 'Lĩnh vực'."""
    key = _linh_vuc_key
    wanted = key(value)
    for lv in options:
        if wanted in {key(lv.code), key(lv.name), *(key(a) for a in lv.aliases)}:
            return lv
    return None


def _cross_check(loaded: LoadedDataset, root: dict[str, Any]) -> None:
    data = loaded.data
    label = loaded.path.name
    problems: list[Problem] = []
    ids = registration_ids(root)

    def where(*loc: Any) -> str:
        line = line_of(root, loc)
        return f"{label}, dòng {line}" if line else label

    def add(code: str, loc: tuple[Any, ...], message: str, hint: str) -> None:
        problems.append(Problem(code, message, path=field_path(loc, ids), source=label,
                                line=line_of(root, loc), hint=hint, location=where(*loc)))

    def at_registration(code: str, reg: Registration, index: int, field_name: str,
                        message: str, hint: str) -> None:
        source, number = split_source(reg.source)
        reg_id = reg.id or f"DK{index + 1:03d}"  # the id given below when it has none
        problems.append(Problem(code, message, path=f"registrations[{reg_id}].{field_name}",
                                location=reg.source or "", hint=hint,
                                **where_fields(source, number)))

    bodies = {"unit", *data.bodies}
    if data.staff_body and data.staff_body not in bodies:
        add("dataset.unknown_body", ("staff_body",),
            f"staff_body '{data.staff_body}' không có trong 'bodies' (có: "
            f"{', '.join(sorted(bodies))})", "Dùng một khóa của 'bodies', hoặc 'unit'.")

    def need_signer(key: str | None, *loc: Any) -> None:
        if key is not None and key not in data.signers:
            close = difflib.get_close_matches(key, list(data.signers), n=1)
            hint = f" Có phải '{close[0]}'?" if close else ""
            add("dataset.unknown_signer", loc,
                f"người ký '{key}' chưa khai trong 'signers'.{hint} "
                f"(có: {', '.join(data.signers) or 'chưa có ai'})",
                f"Đổi thành '{close[0]}'." if close else
                f"Khai người ký '{key}' trong mục signers, hoặc dùng một người ký đã khai.")

    def need_body(key: str, *loc: Any) -> None:
        if key not in bodies:
            add("dataset.unknown_body", loc,
                f"cơ quan '{key}' không có trong 'bodies' (có: {', '.join(sorted(bodies))})",
                f"Khai cơ quan '{key}' trong mục bodies, hoặc dùng 'unit'.")

    def need_reference(ref: str, loc: tuple[Any, ...], listed: bool) -> None:
        have = f" (có: {', '.join(data.references) or 'chưa có'})" if listed else ""
        add("dataset.unknown_reference", loc,
            f"văn bản căn cứ '{ref}' chưa khai trong 'references'{have}",
            f"Khai văn bản '{ref}' trong mục references, hoặc sửa tên khóa.")

    plan = data.documents.ke_hoach
    if plan is not None:
        need_signer(plan.signer, "documents", "ke_hoach", "signer")
        need_body(plan.issuer, "documents", "ke_hoach", "issuer")
        for i, ref in enumerate(plan.references):
            if ref not in data.references:
                need_reference(ref, ("documents", "ke_hoach", "references", i), True)
    if data.family is Family.PARTY and data.meeting is not None and \
            data.meeting.method != "scoring" and \
            data.rule.resolved_basis(party=True) == "co_mat":
        key = "basis" if data.rule.basis is not None else "denominator"
        loaded.warnings.append(
            f"{where('rule', key)}: cấp ủy, ban thường vụ tính tỷ lệ đồng ý trên số thành viên "
            "có mặt; theo Điều lệ Đảng, nghị quyết của cấp ủy, ban thường vụ phải được quá nửa "
            "TỔNG SỐ thành viên tán thành. Ghi 'basis: tong_so' (hoặc bỏ dòng này) trừ khi quy "
            "chế của cơ quan họp quy định khác.")
    summary = data.documents.tong_hop_dang_ky
    if summary is not None:
        need_signer(summary.signer, "documents", "tong_hop_dang_ky", "signer")
        need_body(summary.issuer, "documents", "tong_hop_dang_ky", "issuer")
        if summary.attached_to_plan and plan is None:
            add("dataset.missing_plan", ("documents", "tong_hop_dang_ky"),
                "attached_to_plan cần có mục documents.ke_hoach",
                "Thêm mục documents.ke_hoach, hoặc bỏ attached_to_plan.")

    for section in ("appraisal", "proposal", "decision"):
        doc = getattr(data, section)
        if doc is not None:
            need_signer(doc.signer, section, "signer")
            need_body(doc.issuer, section, "issuer")
            for i, ref in enumerate(doc.references):
                if ref not in data.references:
                    need_reference(ref, (section, "references", i), False)
    if data.meeting is not None:
        need_body(data.meeting.issuer, "meeting", "issuer")
    for i, report in enumerate(data.reports):
        need_signer(report.signer, "reports", i, "signer")
        need_body(report.issuer, "reports", i, "issuer")
    periods = [r.period for r in data.reports]
    for period in sorted({p for p in periods if periods.count(p) > 1}):
        add("dataset.duplicate_report", ("reports",), f"có hơn một báo cáo kỳ '{period}'",
            "Giữ một báo cáo cho mỗi kỳ (6_thang, nam).")

    options = list(data.linh_vuc)
    seen_ids: dict[str, str] = {}
    matched: dict[str, LinhVuc | None] = {}  # a sheet repeats the same few names
    for i, reg in enumerate(loaded.registrations, start=1):
        lv = matched[reg.linh_vuc] if reg.linh_vuc in matched else match_linh_vuc(
            reg.linh_vuc, options)
        if lv is None and match_linh_vuc(reg.linh_vuc, [LinhVuc(**OTHER_LINH_VUC)]):
            lv = LinhVuc(**OTHER_LINH_VUC)
            if all(o.code != lv.code for o in data.linh_vuc):
                data.linh_vuc.append(lv)
                options.append(lv)
                matched.clear()
        matched[reg.linh_vuc] = lv
        if lv is None:
            allowed = "; ".join(f"{o.code} ({o.name})" for o in options)
            at_registration("dataset.unknown_linh_vuc", reg, i - 1, "linh_vuc",
                            f"lĩnh vực '{reg.linh_vuc}' không có trong danh sách linh_vuc. "
                            f"Dùng một trong: {allowed}; hoặc 'Khác'",
                            "Ghi mã hoặc tên một lĩnh vực của mục linh_vuc, hoặc thêm lĩnh "
                            "vực đó vào linh_vuc.")
        else:
            reg.linh_vuc = lv.code
        if reg.id is None:
            reg.id = f"DK{i:03d}"
        if reg.id in seen_ids:
            at_registration("dataset.duplicate_id", reg, i - 1, "id",
                            f"mã đăng ký '{reg.id}' trùng với {seen_ids[reg.id]}",
                            "Đặt cho mỗi đăng ký một mã riêng (DK001, DK002, ...).")
        seen_ids[reg.id] = reg.source or reg.id
    for loc, message in check_dates_in_year(data):
        add("dataset.date_outside_year", loc, message,
            "Sửa ngày hoặc năm. Văn bản thật sự ban hành ngoài năm (kế hoạch cuối năm trước, "
            "báo cáo đầu năm sau): khai khoảng ngày được phép ở date_window (earliest, latest).")
    if problems:
        raise DatasetError(f"{label}: dữ liệu mâu thuẫn ({len(problems)} lỗi)", problems)


def _lint_markdown(loaded: LoadedDataset, root: dict[str, Any]) -> None:
    """Warn about what the Markdown texts written in dataset.yaml ask for and the documents
    cannot show (images, footnotes, a fifth heading level ...), with the YAML line."""
    from ..render.md_lint import lint_markdown

    data = loaded.data
    texts: list[tuple[str | None, tuple[Any, ...]]] = []
    if data.documents.ke_hoach is not None:
        texts.append((data.documents.ke_hoach.body, ("documents", "ke_hoach", "body")))
    if data.appraisal is not None:
        texts.append((data.appraisal.recommendations, ("appraisal", "recommendations")))
    if data.meeting is not None:
        texts.append((data.meeting.opinions, ("meeting", "opinions")))
    for key, ach in data.achievements.items():
        texts += [(ach.background, ("achievements", key, "background")),
                  (ach.achievements, ("achievements", key, "achievements"))]
    for i, report in enumerate(data.reports):
        texts.append((report.body, ("reports", i, "body")))
    for text, loc in texts:
        if not text:
            continue
        line = line_of(root, loc) or 0
        block = "\n" in text.rstrip("\n") or text.endswith("\n")  # 'key: |' starts below
        loaded.warnings.extend(lint_markdown(text, loaded.path.name,
                                             line if block else max(line - 1, 0)))


def _load_bodies(loaded: LoadedDataset) -> None:
    plan = loaded.data.documents.ke_hoach
    if plan is None:
        return
    if plan.body is not None:
        loaded.plan_body = plan.body
        return
    assert plan.body_file is not None
    body_path = loaded.base_dir / plan.body_file
    try:
        text = body_path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DatasetError(
            f"{loaded.path.name}: documents.ke_hoach.body_file: không tìm thấy file "
            f"'{plan.body_file}' (tìm ở {loaded.base_dir})"
        ) from None
    except UnicodeDecodeError:
        raise DatasetError(f"{body_path.name}: file không phải UTF-8; lưu lại với bảng mã UTF-8"
                           ) from None
    except OSError as err:
        raise DatasetError(f"{body_path}: không đọc được ({err.strerror})") from None
    try:
        loaded.plan_body = clean_text(text, body_path.name, loaded.warnings.append)
    except ValueError as err:
        raise DatasetError(str(err)) from None
    from ..render.md_lint import lint_markdown

    loaded.warnings.extend(lint_markdown(loaded.plan_body, body_path.name))
    loaded.sources["ke_hoach.body"] = str(body_path)
