"""Next year's dataset from this year's folder (``dvk-docs rollover``): the YAML-preserving
file rollover.

The original is never touched: the YAML is loaded round-trip (comments, quotes and layout
kept), edited value by value, and written with the Markdown body and the registration sheet
into a new folder, with a change report (Markdown) that lists every change with before and
after and every item that needs a human decision.

What changes and what stays:

* a year that means "this year" moves (title, subject, "năm 2026" in the text, deadlines,
  months and quarters); so does "so với năm 2025" (the year before) and a date early in the
  following year (a deadline of this year's cycle);
* terms of office and other year ranges, dates and years of cited documents, target years
  ("phấn đấu đến năm 2028"), founding years stay; anniversary numbers ("96 năm Ngày truyền
  thống") and the end of an anniversary range ("15/10/1930 - 15/10/2026") are recomputed;
* anything unclear (a bare 2026, "năm 2025" that is not a comparison, "đến năm 2026", a
  one-off event of this year) is reported, not guessed;
* a moved deadline that falls on a weekend or a fixed public holiday is reported with the
  previous working day;
* numbers and dates of documents not yet issued are cleared (Party numbering continues the
  term's series, State numbering restarts each year: both are said in the report);
* this year's results (appraisal, meeting, proposal, decision, achievements, reports) are
  not carried over; continuing models are carried as registrations "có từ trước";
* cited documents of this year (the higher-level guidance above all) are flagged "must
  update", unless ``guidance`` gives next year's.
"""


from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..conventions import Family
from ..dataset import LoadedDataset, load_dataset
from ..dataset.models import Status
from ..dataset.scratch import load_in_scratch
from ..errors import DvkError
from ..output import same_place, write_folder
from .report import (
    REGISTRATION_POLICIES,
    REPORT_NAME,
    RESULT_SECTIONS,
    RolloverError,
    RolloverReport,
    show_value,
)
from .sheets import SheetRoller, row_number
from .yamledit import (
    YamlLocations,
    as_date,
    date_like,
    delete_keys,
    round_trip_yaml,
    same_style,
)
from .yearshift import YearShifter


@dataclass
class RolloverResult:
    target: Path
    files: list[Path]
    report: RolloverReport
    report_path: Path



def rollover(
    dataset: Path | str,
    out_dir: Path | str,
    *,
    year: int,
    guidance: Iterable[str] = (),
    number: int | None = None,
    registrations: str = "recognised",
    force: bool = False,
) -> RolloverResult:
    """Write next year's dataset from ``dataset`` into ``out_dir`` with a change report.

    ``guidance``: next year's higher-level guidance as a citation ("Hướng dẫn số
    02-HD/BTGDVTU, ngày 08/01/2027 của ... về ..."), optionally "key=..." to name the
    reference it replaces. ``number``: the new plan's number if already allocated.
    ``registrations``: which models are carried as next year's registrations:
    ``recognised`` (default; all when the year has no decision yet), ``all`` or ``none``.
    """
    loaded = load_dataset(dataset)
    check_request(loaded, year, registrations, dataset)
    old = loaded.data.year
    src_dir = loaded.base_dir.resolve()
    target = Path(out_dir)
    if same_place(target, src_dir):  # by device and inode: bind mounts and symlinks too
        raise RolloverError(f"{target}: là thư mục của bộ dữ liệu gốc; chọn thư mục khác (-o) — "
                            "bộ dữ liệu gốc không bao giờ bị sửa")
    if target.exists() and not target.is_dir():
        raise RolloverError(f"{target} đã có và không phải thư mục")
    report = RolloverReport(old, year, loaded.path, target)
    roller = Roller(loaded, start_report(report), report, list(guidance), number,
                    registrations)
    files = roller.run()
    report.files = sorted([*files, REPORT_NAME])
    files[REPORT_NAME] = report.markdown().encode("utf-8")

    # validate in a scratch folder before anything reaches out_dir
    try:
        load_in_scratch(files, loaded.path.name)
    except DvkError as err:  # a bug here: say so, write nothing
        raise RolloverError(f"Bộ dữ liệu năm {year} tạo ra chưa hợp lệ, không ghi gì: {err}"
                            ) from None
    written = write_folder(target, files, force)
    return RolloverResult(target, written, report, target / REPORT_NAME)


def check_request(loaded: LoadedDataset, year: int, registrations: str,
                  dataset: Path | str | None = None) -> None:
    """The new year must follow the dataset's; the registration policy must be known."""
    if registrations not in REGISTRATION_POLICIES:
        raise RolloverError(f"registrations chỉ nhận: {', '.join(REGISTRATION_POLICIES)}")
    old = loaded.data.year
    if year <= old:
        raise RolloverError(
            f"{loaded.path}: bộ dữ liệu là năm {old}; năm mới ({year}) phải lớn hơn {old}. "
            f"Ví dụ: dvk-docs rollover {dataset or loaded.path} --year {old + 1} -o "
            f"du-lieu-{old + 1}")
    if year > 2100:
        raise RolloverError(f"năm {year} không hợp lệ")


def start_report(report: RolloverReport) -> YearShifter:
    """The year shifter writing into ``report``, with the note for a jump of several years."""
    old, year = report.old_year, report.new_year
    if year - old > 1:
        report.notes.append(f"Chuyển {year - old} năm một lần: mọi năm “năm nay” cộng thêm "
                            f"{year - old}.")
    return YearShifter(old, year, report)


class Roller:
    """Applies the rollover rules to one dataset; ``run`` for its files, ``roll`` for a tree."""

    def __init__(self, loaded: LoadedDataset, shifter: YearShifter, report: RolloverReport,
                 guidance: list[str], number: int | None, policy: str) -> None:
        self.loaded = loaded
        self.s = shifter
        self.report = report
        self.guidance = guidance
        self.number = number
        self.policy = policy
        self.old = loaded.data.year
        self.new = shifter.new
        self.y = YamlLocations(loaded.path.name)
        self.files: dict[str, bytes] = {}

    # -------------------------------------------------------------------------------------
    def run(self) -> dict[str, bytes]:
        """The file rollover: next year's dataset.yaml (comments kept), body, sheet."""
        text = self.loaded.path.read_text(encoding="utf-8-sig")
        yaml = round_trip_yaml()
        root = yaml.load(text)
        self.roll(root)
        self._other_files()
        out = io.StringIO()
        yaml.dump(root, out)
        header = (f"# Năm {self.new}: chuyển từ bộ dữ liệu năm {self.old} "
                  f"({self.loaded.path.name}) bằng dvk-docs rollover.\n"
                  f"# Xem {REPORT_NAME}: mọi thay đổi và các việc cần quyết định.\n")
        self.files[self.loaded.path.name] = (header + out.getvalue()).encode("utf-8")
        comments = [line for line in text.splitlines() if re.search(
            rf"(^\s*#|\s#\s).*\b{self.old}\b", line)]
        if comments:
            self.report.notes.append(
                f"{len(comments)} dòng chú thích (#) trong {self.loaded.path.name} có năm "
                f"{self.old}: chú thích của người dùng được giữ nguyên, sửa tay nếu cần")
        return self.files

    def roll(self, root: CommentedMap) -> None:
        """Every rule, applied to the dataset's tree (the round-trip YAML of the file, or the
        model's values turned into the same kind of tree): the one place the rules live."""
        handled: set[str] = set()
        root["year"] = self.new
        self.report.change(self.y.where(root, "year", "year"), self.old, self.new, "năm mới")
        handled.add("year")
        self._term(root)
        handled.add("term")
        dropped_refs = self._drop_results(root)
        handled |= set(RESULT_SECTIONS)
        self._references(root, dropped_refs)
        handled.add("references")
        self._deadlines(root)
        handled.add("deadlines")
        self._documents(root)
        handled.add("documents")
        self._registrations(root)
        handled.add("registrations")
        for key in list(root.keys()):
            if key not in handled:
                self._walk(root, key, str(key))

    # -- generic walk over remaining values -----------------------------------------------
    def _walk(self, node: Any, key: Any, path: str) -> None:
        value = node[key]
        if isinstance(value, CommentedMap):
            for k in list(value.keys()):
                self._walk(value, k, f"{path}.{k}")
        elif isinstance(value, CommentedSeq):
            for i in range(len(value)):
                self._walk(value, i, f"{path}[{i}]")
        elif isinstance(value, str):
            new = self.s.text(value, self.y.text_where(node, key, path, value))
            if new != value:
                node[key] = same_style(value, new)
        elif isinstance(value, dt.date) and value.year in (self.old, self.old + 1):
            self.report.ask(self.y.where(node, key, path), show_value(value),
                                f"ngày của năm {value.year}: chưa rõ là gì nên chưa sửa")

    # -- term -----------------------------------------------------------------------------
    def _term(self, root: CommentedMap) -> None:
        term = root.get("term")
        if not isinstance(term, str):
            return
        where = self.y.where(root, "term", "term")
        years = [int(y) for y in re.findall(r"(?:19|20)\d{2}", term)]
        self.report.keep(where, term, "nhiệm kỳ")
        if len(years) == 2 and self.new > years[1]:
            self.report.ask(where, term, f"nhiệm kỳ {term} đã kết thúc trước năm {self.new}: "
                            "ghi nhiệm kỳ mới (term) và kiểm tra người ký, cơ quan")

    # -- results --------------------------------------------------------------------------
    def _drop_results(self, root: CommentedMap) -> set[str]:
        """Remove this year's results; returns the reference keys only they used."""
        used_by_results: set[str] = set()
        to_delete: set[str] = set()
        for key, label in RESULT_SECTIONS.items():
            if key not in root or root[key] in (None, [], {}):
                if key in root:
                    to_delete.add(key)
                continue
            value = root[key]
            for section in value if isinstance(value, list) else [value]:
                if isinstance(section, dict):
                    used_by_results |= {str(r) for r in section.get("references") or []}
                    body_file = section.get("body_file")
                    if body_file:
                        self.report.dropped.append(f"file `{body_file}` (nội dung báo cáo năm "
                                                   f"{self.old}) không chép sang")
            detail = ""
            if key in ("achievements", "reports") and isinstance(value, dict | list):
                detail = f": {len(value)} báo cáo"
            elif isinstance(value, dict) and value.get("number"):
                detail = f": số {value.get('number')}"
            self.report.dropped.append(f"`{key}` — {label} năm {self.old}{detail} (kết quả của "
                                       "năm cũ)")
            to_delete.add(key)
        delete_keys(root, to_delete)
        plan = root.get("documents", {}) or {}
        plan_refs: set[str] = set()
        if isinstance(plan, dict) and isinstance(plan.get("ke_hoach"), dict):
            plan_refs = {str(r) for r in plan["ke_hoach"].get("references") or []}
        return used_by_results - plan_refs

    # -- references -----------------------------------------------------------------------
    def _this_year_ref(self, ref: Any) -> bool:
        if not isinstance(ref, dict):
            return False
        d = as_date(ref.get("date"))
        if d is not None and d.year == self.old:
            return True
        texts = " ".join(str(ref.get(k) or "") for k in ("subject", "text", "number"))
        if re.search(rf"\bnăm\s+{self.old}\b|/{self.old}\b", texts):
            # "nhiệm kỳ 2025 - 2030" is not a this-year document
            return not re.search(rf"{self.old}\s*[-–]\s*\d{{4}}|\d{{4}}\s*[-–]\s*{self.old}",
                                 texts) or bool(d)
        return False

    def _references(self, root: CommentedMap, dropped_refs: set[str]) -> None:
        refs = root.get("references")
        if not isinstance(refs, CommentedMap):
            self._guidance_in_text(root)
            return
        gone = set()
        for key in list(refs.keys()):
            if key in dropped_refs and self._this_year_ref(refs[key]):
                self.report.dropped.append(
                    f"văn bản căn cứ `{key}` — chỉ dùng cho kết quả năm {self.old}: "
                    f"{_ref_text(refs[key])}")
                gone.add(key)
        delete_keys(refs, gone)
        plan_refs: list[str] = []
        docs = root.get("documents")
        if isinstance(docs, dict) and isinstance(docs.get("ke_hoach"), dict):
            plan_refs = [str(r) for r in docs["ke_hoach"].get("references") or []]
        this_year = [k for k in refs if self._this_year_ref(refs[k])]
        explicit: dict[str, str] = {}
        loose: list[str] = []
        for g in self.guidance:
            m = re.match(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$", g, re.S)
            if m and m.group(1) in refs:
                explicit[m.group(1)] = m.group(2).strip()
            elif m and m.group(1) not in refs and not re.search(r"\s", m.group(1)):
                raise RolloverError(f"--guidance {m.group(1)}=...: không có văn bản căn cứ "
                                    f"'{m.group(1)}' (có: {', '.join(refs)})")
            else:
                loose.append(g.strip())
        if loose:
            # the main guidance: this year's "Hướng dẫn"/"Kế hoạch" of another body cited first
            ordered = [k for k in plan_refs if k in this_year] + [
                k for k in this_year if k not in plan_refs]
            guidance_keys = sorted(ordered, key=lambda k: 0 if str(
                refs[k].get("kind", "")).startswith("Hướng dẫn") else 1)
            for text in loose:
                free = [k for k in guidance_keys if k not in explicit]
                if not free and self._guidance_in_text(root, text):
                    continue
                if not free:
                    raise RolloverError(
                        "--guidance: không tìm thấy văn bản căn cứ của năm "
                        f"{self.old} để thay (các văn bản: {', '.join(refs) or 'không có'}); "
                        "dùng dạng --guidance 'khóa=Hướng dẫn số ...'")
                explicit[free[0]] = text
        for key in list(refs.keys()):
            ref = refs[key]
            where = self.y.where(refs, key, f"references.{key}")
            if key in explicit:
                new_ref = _parse_guidance(explicit[key])
                before = _ref_text(ref)
                refs[key] = new_ref
                self.report.change(where, before, _ref_text(new_ref),
                                   f"văn bản hướng dẫn của năm {self.new} (--guidance)")
                d = as_date(new_ref.get("date"))
                if d is not None and d.year > self.new:
                    self.report.ask(where, _ref_text(new_ref), f"ngày {d:%d/%m/%Y} sau năm "
                                    f"{self.new}: kiểm tra lại")
                continue
            if key in this_year:
                used = key in plan_refs
                self.report.keep(where, _ref_text(ref), "văn bản được dẫn (giữ nguyên số, ngày)")
                self.report.ask(
                    where, _ref_text(ref),
                    f"CẦN CẬP NHẬT: văn bản căn cứ `{key}` là của năm {self.old}"
                    + (" (kế hoạch đang dẫn)" if used else "")
                    + f"; thay bằng văn bản năm {self.new} (sửa mục references.{key} hoặc chạy "
                    f"lại với --guidance \"{key}=…\")")
                with contextlib.suppress(Exception):
                    refs.yaml_add_eol_comment(f"CẦN CẬP NHẬT: văn bản năm {self.old}", key)

    def _guidance_in_text(self, root: CommentedMap, text: str | None = None) -> bool:
        """Put next year's guidance in place of this year's citation inside the preamble
        (plans imported with a preamble that could not be split into references)."""
        guidance = [text] if text is not None else list(self.guidance)
        if not guidance:
            return False
        docs = root.get("documents")
        plan = docs.get("ke_hoach") if isinstance(docs, dict) else None
        preamble = plan.get("preamble") if isinstance(plan, dict) else None
        if isinstance(preamble, str):
            for a, b in self.s.citations(preamble):
                span = preamble[a:b]
                if re.search(rf"(?<!\d){self.old}(?!\d)", span):
                    new = preamble[:a] + guidance[0].strip().rstrip(";.") + preamble[b:]
                    plan["preamble"] = same_style(preamble, new)
                    self.report.change(
                        self.y.where(plan, "preamble", "documents.ke_hoach.preamble"), span,
                        guidance[0], f"văn bản hướng dẫn của năm {self.new} (--guidance)")
                    return True
        if text is None:
            raise RolloverError("--guidance: bộ dữ liệu không có văn bản căn cứ của năm "
                                f"{self.old} để thay (mục references hoặc lời dẫn của kế hoạch)")
        return False

    # -- deadlines ------------------------------------------------------------------------
    def _deadlines(self, root: CommentedMap) -> None:
        deadlines = root.get("deadlines")
        if not isinstance(deadlines, CommentedMap):
            return
        for key in list(deadlines.keys()):
            value = deadlines[key]
            d = as_date(value)
            where = self.y.where(deadlines, key, f"deadlines.{key}")
            if d is None:
                continue
            moved = self.s.date(d, where, "thời hạn dời sang năm mới")
            deadlines[key] = date_like(value, moved)

    # -- documents ------------------------------------------------------------------------
    def _documents(self, root: CommentedMap) -> None:
        docs = root.get("documents")
        if not isinstance(docs, CommentedMap):
            return
        plan = docs.get("ke_hoach")
        if isinstance(plan, CommentedMap):
            self._plan(plan, docs)
        summary = docs.get("tong_hop_dang_ky")
        if isinstance(summary, CommentedMap) and summary.get("date") is not None:
            where = self.y.where(summary, "date", "documents.tong_hop_dang_ky.date")
            self.report.change(where, summary["date"], None, "văn bản chưa ban hành: xóa ngày")
            summary["date"] = None
        for key in list(docs.keys()):
            if key != "ke_hoach":
                self._walk(docs, key, f"documents.{key}")

    def _plan(self, plan: CommentedMap, docs: CommentedMap) -> None:
        family = self.loaded.data.family
        old_number = plan.get("number")
        term = self.loaded.data.term or ""
        where = self.y.where(plan, "number", "documents.ke_hoach.number")
        if family is Family.PARTY:
            years = [int(y) for y in re.findall(r"\d{4}", term)]
            new_term = len(years) == 2 and self.new > years[1]
            rule = (f"văn bản Đảng đánh số liên tục theo từng loại trong cả nhiệm kỳ: số KH năm "
                    f"{self.new} tiếp theo dãy số KH của nhiệm kỳ {term or '(chưa ghi term)'}"
                    + (f" (năm {self.old} là số {old_number:02d})" if isinstance(
                        old_number, int) else "")
                    + ", không bắt đầu lại từ 01")
            if new_term:
                rule = ("năm mới thuộc nhiệm kỳ mới: dãy số văn bản Đảng bắt đầu lại từ 01 "
                        "trong nhiệm kỳ mới")
        else:
            rule = (f"văn bản Nhà nước đánh số theo năm: dãy số KH năm {self.new} bắt đầu lại "
                    "từ 01 vào đầu năm (ngày 01/01)")
        if self.number is not None:
            if (family is Family.PARTY and isinstance(old_number, int)
                    and self.number <= old_number and "nhiệm kỳ mới" not in rule):
                self.report.ask(where, f"số {self.number}", f"số {self.number} không lớn hơn số "
                                f"năm {self.old} ({old_number}) dù cùng nhiệm kỳ: kiểm tra "
                                "với văn thư")
            plan["number"] = self.number
            self.report.change(where, old_number, self.number, f"số kế hoạch mới — {rule}")
        else:
            if "number" in plan:
                plan["number"] = None
                with contextlib.suppress(Exception):
                    plan.yaml_add_eol_comment("điền khi văn thư cấp số", "number")
            self.report.change(where, old_number, None, "kế hoạch mới chưa có số")
            self.report.ask(where, "", f"số kế hoạch năm {self.new}: {rule}. Điền "
                            "documents.ke_hoach.number khi văn thư cấp số (hoặc dùng --number)")
        if plan.get("date") is not None:
            where = self.y.where(plan, "date", "documents.ke_hoach.date")
            self.report.change(where, plan["date"], None, "kế hoạch chưa ban hành: xóa ngày")
            plan["date"] = None
            with contextlib.suppress(Exception):
                plan.yaml_add_eol_comment("ngày ban hành: điền khi ký", "date")
        for key in list(plan.keys()):
            if key in ("number", "date", "body_file"):
                continue
            self._walk(plan, key, f"documents.ke_hoach.{key}")
        body_file = plan.get("body_file")
        if body_file:
            self._body_file(str(body_file))

    def _body_file(self, rel: str) -> None:
        src = self.loaded.base_dir / rel
        text = src.read_text(encoding="utf-8-sig")

        def where(offset: int) -> str:
            return f"{rel}, dòng {text.count(chr(10), 0, offset) + 1}"

        new = self.s.text(text, where)
        self.files[rel] = new.encode("utf-8")

    # -- registrations --------------------------------------------------------------------
    def _continuing(self) -> tuple[list[str], str]:
        """Ids of the models carried over, and why."""
        regs = self.loaded.registrations
        if self.policy == "none" or not regs:
            return [], "không chuyển mô hình nào (--registrations none)" if regs else ""
        if self.policy == "all":
            return [r.id or "" for r in regs], "chuyển mọi mô hình đã đăng ký (--registrations all)"
        if self.loaded.data.decision is None:
            return ([r.id or "" for r in regs],
                    f"năm {self.old} chưa có quyết định công nhận: chuyển mọi mô hình đã đăng ký "
                    "làm ứng viên")
        from ..stages import derive_stages

        recognised = derive_stages(self.loaded).recognised
        return ([r.id or "" for r in recognised],
                f"chuyển {len(recognised)} mô hình được công nhận năm {self.old} (quyết định công "
                "nhận)")

    def _new_status(self, reg_id: str | None) -> str:
        """The status a carried model gets: its ``next_year`` if set, else "có từ trước"."""
        reg = next((r for r in self.loaded.registrations if r.id == reg_id), None)
        if reg is not None and reg.next_year is not None and reg.next_year.value != "dung":
            return reg.next_year.value
        return "co_tu_truoc"

    def _registrations(self, root: CommentedMap) -> None:
        regs_node = root.get("registrations")
        keep_ids, why = self._continuing()
        regs = self.loaded.registrations
        stopping = {r.id for r in regs if r.next_year is not None and r.next_year.value == "dung"}
        keep = set(keep_ids) - stopping
        if why:
            self.report.carried.append(why + ".")
        if regs:
            self.report.carried.append(
                f"Mô hình chuyển tiếp được ghi tình trạng theo cột/trường “năm sau” (next_year) "
                f"của nó; không ghi thì là “có từ trước” (đã có, tiếp tục duy trì với chỉ tiêu, "
                f"mục tiêu cao hơn — Mẫu 2); ngày đăng ký để trống; các đơn vị cần "
                f"xác nhận, cập nhật dự kiến kết quả năm {self.new}. Mô hình mới đăng ký năm "
                f"{self.new} thêm vào cuối danh sách với tình trạng “mới” hoặc “nhân rộng”.")
        for reg in regs:
            label = f"{reg.id} {reg.model_name} ({reg.registrant})"
            if reg.id in keep:
                new = Status(self._new_status(reg.id)).label
                self.report.carried.append(f"chuyển: {label} — {reg.status.label} → {new}")
            elif reg.id in stopping:
                self.report.dropped.append(f"mô hình {label}: không chuyển (năm sau: dừng)")
            else:
                self.report.dropped.append(f"mô hình {label}: không chuyển (chưa được công nhận "
                                           f"năm {self.old}); nếu tiếp tục thì đăng ký lại")
        if isinstance(regs_node, CommentedSeq):
            reg_of = {id(item): reg for item, reg in zip(regs_node, regs, strict=False)}
            for i in reversed(range(len(regs_node))):
                reg = regs[i] if i < len(regs) else None
                if reg is None or reg.id not in keep:
                    del regs_node[i]
            for i, item in enumerate(regs_node):
                if not isinstance(item, CommentedMap):
                    continue
                path = f"registrations[{i}]"
                if "status" in item:
                    where = self.y.where(item, "status", f"{path}.status")
                    old_status = item["status"]
                    reg = reg_of.get(id(item))
                    new_status = self._new_status(reg.id if reg is not None else None)
                    item["status"] = same_style(old_status, new_status)
                    if str(old_status) != item["status"]:
                        self.report.change(where, old_status, item["status"],
                                           "mô hình tiếp tục từ năm trước")
                if "next_year" in item:
                    where = self.y.where(item, "next_year", f"{path}.next_year")
                    self.report.change(where, item["next_year"], None,
                                       "đã dùng để chọn tình trạng năm mới; năm sau quyết lại")
                    del item["next_year"]
                if item.get("date") is not None:
                    where = self.y.where(item, "date", f"{path}.date")
                    self.report.change(where, item["date"], None, "đăng ký năm mới chưa có ngày")
                    del item["date"]
                for key in list(item.keys()):
                    self._walk(item, key, f"{path}.{key}")
        elif isinstance(regs_node, CommentedMap) and regs_node.get("file"):
            rel = str(regs_node["file"])
            rows = [row_number(r.source) for r in regs if r.id in keep]
            kept_rows = {n for n in rows if n is not None}
            if not kept_rows:
                root["registrations"] = CommentedSeq()
                self.report.ask(self.y.where(root, "registrations", "registrations"), "",
                                f"chưa có mô hình nào cho năm {self.new}: đã để registrations: "
                                f"[] ; khi các đơn vị gửi đăng ký, điền vào {rel} rồi đổi lại "
                                f"thành registrations: {{file: {rel}}}")
            self.files[rel] = SheetRoller(self.loaded, self.s, self.report, self._new_status).sheet(
                rel, regs_node.get("sheet"), kept_rows)

    def _other_files(self) -> None:
        base = self.loaded.base_dir
        known = {self.loaded.path.name, *self.files}
        for p in sorted(base.rglob("*")):
            if not p.is_file() or p.name.startswith("."):
                continue
            rel = p.relative_to(base).as_posix()
            if rel in known or rel == REPORT_NAME:
                continue
            self.report.dropped.append(f"file `{rel}` không được bộ dữ liệu dùng: không chép")


def _ref_text(ref: Any) -> str:
    if not isinstance(ref, dict):
        return str(ref)
    from ..dataset.models import Reference
    from ..documents.plan import format_reference

    try:
        return format_reference(Reference.model_validate(
            {k: (v if not isinstance(v, dt.date) else v.isoformat()) for k, v in ref.items()}))
    except Exception:
        return ", ".join(f"{k}: {v}" for k, v in ref.items())


def _parse_guidance(text: str) -> CommentedMap:
    from ..importer.references import parse_reference

    ref = parse_reference(text.strip().rstrip(";."))
    out = CommentedMap()
    for key in ("kind", "number", "date", "issuer", "subject", "text"):
        value = ref.get(key)
        if value is not None:
            out[key] = value
    return out
