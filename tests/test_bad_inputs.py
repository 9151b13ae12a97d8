"""The bad-input corpus: one file per case in tests/bad_inputs/, each ending in a clear
"Lỗi: ..." (exit 1) or in correct documents — never a traceback, a hang or a broken file.

Below the corpus, hypothesis fuzzes the loaders (YAML, CSV) and the renderers (Markdown
bodies, a registration form with arbitrary text) with a bounded number of examples.

A case file (YAML) says how to build the input from a test dataset and what must come out:

    about: what the case is
    base: party-min                 # tests/data/<base>, scaffold/party, or none (empty)
    edit: [[old, new], ...]         # replacements in dataset.yaml ("<<x*N>>" repeats x N times)
    sheet: dk.csv                   # registrations read from this file instead of the YAML list
    sheet_extra: "ignore_columns: [F]"   # more keys of that registrations mapping
    files: {name: text | {text, encoding} | {hex} | {xlsx: rows} | {docx: paragraphs}
            | {book: {sheets: [{title, state, rows, formats, merged}], active, corrupt}}}
    template: {file, old, new} | {file, hex}   # a copy of the shipped templates, edited
    args: [build, "{ds}", -o, "{out}"]          # CLI arguments ({ds} {out} {tpl} {tmp})
    expect: error | ok
    message: fragment that must be printed (the error, or a warning / summary line)
    contains: [fragments the written documents must show]   (expect: ok)
    timeout: seconds (default 30)
    limits: {seconds: 2}            # render limits for this case (dvk_docs.render.limits)
    xfail: why (a bug in shared code, reported; strict: the test fails once it is fixed)
"""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import signal
import tempfile
import traceback
import unicodedata
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from ruamel.yaml import YAML

from dvk_docs.api import copy_templates, render_all
from dvk_docs.check import check_docx
from dvk_docs.cli import cli
from dvk_docs.dataset import LoadedDataset, load_dataset
from dvk_docs.dataset.clean import clean_text
from dvk_docs.documents.plan import render_body_markdown
from dvk_docs.errors import DvkError
from dvk_docs.facts import Facts, derive
from dvk_docs.profiles import profile_for
from dvk_docs.render import limits
from dvk_docs.render.markdown import markdown_to_body

HERE = Path(__file__).parent
CASES = sorted((HERE / "bad_inputs").glob("*.yaml"))
DATA = HERE / "data"

# .docx written by the cases that end in documents, for the LibreOffice test below
WRITTEN: dict[str, list[Path]] = {}


def _load(path: Path) -> dict[str, Any]:
    case = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict) and case.get("expect") in ("error", "ok"), path.name
    assert case.get("message"), f"{path.name}: every case asserts a message"
    return case


def _params() -> list[Any]:
    out = []
    for path in CASES:
        case = _load(path)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        out.append(pytest.param(path, id=path.stem, marks=marks))
    return out


def _expand(text: str) -> str:
    """'<<ab*3>>' -> 'ababab' (huge cells without huge case files)."""
    while "<<" in text:
        start = text.index("<<")
        end = text.index(">>", start)
        unit, _, times = text[start + 2:end].rpartition("*")
        text = text[:start] + unit * int(times) + text[end + 2:]
    return text


def _cp1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: base letters precomposed (â ơ ư ...), tone marks
    combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def _content(spec: Any) -> bytes:
    if isinstance(spec, str):
        return _expand(spec).encode("utf-8")
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    if "book" in spec:
        return _book(spec["book"])
    if "xlsx" in spec:
        wb = openpyxl.Workbook()
        for row in spec["xlsx"]:
            wb.active.append([_expand(c) if isinstance(c, str) else c for c in row])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    if "docx" in spec:
        d = docx.Document()
        for text in spec["docx"]:
            d.add_paragraph(_expand(text))
        buf = io.BytesIO()
        d.save(buf)
        return buf.getvalue()
    text = _expand(spec["text"])
    encoding = spec.get("encoding", "utf-8")
    return _cp1258(text) if encoding == "cp1258" else text.encode(encoding)


def _book(spec: dict[str, Any]) -> bytes:
    """An .xlsx as staff make them: several sheets (hidden ones too), number formats,
    merged cells, the active sheet, optionally one sheet's XML broken."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet in spec["sheets"]:
        ws = wb.create_sheet(sheet.get("title", "Sheet"))
        ws.sheet_state = sheet.get("state", "visible")
        for row in sheet.get("rows", []):
            ws.append([_expand(c) if isinstance(c, str) else c for c in row])
        for ref, fmt in (sheet.get("formats") or {}).items():
            ws[ref].number_format = fmt
        for ref in sheet.get("merged") or []:
            ws.merge_cells(ref)
    wb.active = spec.get("active", 0)
    buf = io.BytesIO()
    wb.save(buf)
    if "corrupt" not in spec:
        return buf.getvalue()
    index = [s.get("title", "Sheet") for s in spec["sheets"]].index(spec["corrupt"]) + 1
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, \
            zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == f"xl/worksheets/sheet{index}.xml":
                data = data[: len(data) // 2]  # cut in the middle of a tag
            dst.writestr(item, data)
    return broken.getvalue()


def _edit_template(path: Path, old: str, new: str) -> None:
    d = docx.Document(str(path))
    for el in d.element.body.iter(qn("w:p")):
        p = Paragraph(el, d)
        if p.text == old:
            p.runs[0].text = new
            for r in p.runs[1:]:
                r.text = ""
            d.save(str(path))
            return
    raise AssertionError(f"{path.name}: no paragraph {old!r}")


def _prepare(case: dict[str, Any], tmp: Path) -> dict[str, str]:
    ds = tmp / "ds"
    base = case.get("base", "party-min")
    if base == "none":
        ds.mkdir()
    elif base.startswith("scaffold/"):
        shutil.copytree(HERE.parent / "dvk_docs" / base, ds)
    else:
        shutil.copytree(DATA / base, ds)
    yaml_path = ds / "dataset.yaml"
    if case.get("edit"):
        text = yaml_path.read_text(encoding="utf-8")
        for old, new in case["edit"]:
            assert old in text, f"edit: {old!r} not in {base}/dataset.yaml"
            text = text.replace(old, _expand(new), 1)
        yaml_path.write_text(text, encoding="utf-8")
    if case.get("sheet"):
        text = yaml_path.read_text(encoding="utf-8")
        extra = f", {case['sheet_extra']}" if case.get("sheet_extra") else ""
        text = (text[: text.index("registrations:")]
                + f"registrations: {{file: {case['sheet']}{extra}}}\n")
        yaml_path.write_text(text, encoding="utf-8")
    for name, spec in (case.get("files") or {}).items():
        target = ds / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(_content(spec))
    tpl = tmp / "tpl"
    if case.get("template"):
        copy_templates(tpl)
        spec = case["template"]
        target = tpl / spec["file"]
        if "hex" in spec:
            target.write_bytes(bytes.fromhex(spec["hex"]))
        else:
            _edit_template(target, spec["old"], _expand(spec["new"]))
    return {"ds": str(ds), "out": str(tmp / "out"), "tpl": str(tpl), "tmp": str(tmp)}


class _Hang(Exception):
    pass


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def fire(signum: int, frame: object) -> None:
        raise _Hang(f"no answer after {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run_case(path: Path, tmp: Path) -> tuple[dict[str, Any], Any, dict[str, str]]:
    case = _load(path)
    where = _prepare(case, tmp)
    args = [a.format(**where) for a in case.get("args", ["validate", "{ds}"])]
    before = _tree(tmp)
    saved = dataclasses.replace(limits.LIMITS)
    for key, value in (case.get("limits") or {}).items():
        setattr(limits.LIMITS, key, value)
    try:
        with _deadline(int(case.get("timeout", 30))):
            result = CliRunner().invoke(cli, args)
    finally:
        for key in dataclasses.fields(limits.LIMITS):
            setattr(limits.LIMITS, key.name, getattr(saved, key.name))
    case["_changed"] = sorted(set(_tree(tmp).items()) - set(before.items()))
    return case, result, where


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` with its size and modification time (ns); the compiled-
    template cache in the isolated home (render/diskcache.py) is not output and is left out."""
    out = {}
    for p in root.rglob("*"):
        if p.is_file() and ".cache/dvk-docs" not in p.relative_to(root).as_posix():
            st_ = p.stat()
            out[str(p.relative_to(root))] = (st_.st_size, st_.st_mtime_ns)
    return out


def _traceback(result: Any) -> str:
    exc = result.exception
    if exc is None or isinstance(exc, SystemExit):
        return ""
    return "".join(traceback.format_exception(exc))[-1500:]


@pytest.mark.parametrize("path", _params())
def test_bad_input(path: Path, tmp_path: Path) -> None:
    """This test ensures each bad input ends in its clear message (or correct documents)."""
    case, result, where = run_case(path, tmp_path)
    assert not _traceback(result), _traceback(result)
    assert "Traceback" not in result.output
    assert case["message"] in result.output, result.output[-2000:]
    if case["expect"] == "error":
        assert result.exit_code == 1, result.output[-2000:]
        assert "Lỗi: " in result.output
        assert case["_changed"] == []  # an error writes nothing, not even half a set
        return
    assert result.exit_code == 0, result.output[-2000:]
    out = Path(where["out"])
    written = sorted(out.rglob("*.docx")) if out.exists() else []
    for f in written:
        assert out.resolve() in f.resolve().parents  # nothing outside the output folder
        d = docx.Document(str(f))  # re-opens
        assert d.paragraphs is not None
        report = check_docx(f)
        assert report.error is None
        assert not report.rules() & {"leftover.template", "text.nfc"}, report.rules()
    leftovers = [p for p in Path(where["tmp"]).rglob("*") if p.name.startswith(".dvk-")]
    assert leftovers == []  # no half-written temporary file
    if case.get("contains"):  # the values the documents must show
        texts = [_all_text(docx.Document(str(f))) for f in written]
        for fragment in case["contains"]:
            assert any(fragment in t for t in texts), (fragment, [t[:3000] for t in texts])
    if written:
        WRITTEN[path.stem] = written


def _all_text(d: Any) -> str:
    """Paragraphs and table cells of a .docx, NFC, one string."""
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return unicodedata.normalize("NFC", "\n".join(parts))


def test_corpus_is_large_and_each_case_asserts_a_message() -> None:
    cases = [_load(p) for p in CASES]
    assert len(cases) >= 50
    assert sum(c["expect"] == "error" for c in cases) >= 40
    assert len({c["message"] for c in cases}) >= 35  # messages are specific, not one fragment


# ---------------------------------------------------------------- fuzzing (hypothesis)

# Bounded: the whole file stays well under a minute on two cores.
FUZZ = settings(max_examples=30, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# Text that stresses YAML, CSV, Markdown, Jinja and XML at once.
_NASTY = st.lists(
    st.one_of(
        st.sampled_from(list(":-[]{}&*!|>'\"#%@`,;\t\n\r /\\<>~=+_.()")),
        st.sampled_from(["{{", "}}", "{%", "%}", "\u0301", "\u202e", "\ufeff", "\x00", "\x01",
                         "\x0b", "\ud800", "đ", "Ư", "ệ", "🌸", "**", "# ", "- ", "1. "]),
        st.characters(codec="utf-8"),
    ),
    max_size=30,
).map("".join)

_PARTY_MIN = (DATA / "party-min" / "dataset.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def party_min_loaded() -> tuple[LoadedDataset, Facts]:
    """party-min loaded once for the renderer fuzzers (they do not change it)."""
    loaded = load_dataset(DATA / "party-min")
    return loaded, derive(loaded)


def _load_or_refuse(text: str | bytes) -> None:
    """The dataset loads, or is refused with a DvkError naming the file — nothing else."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        ds = Path(tmp) / "ds"
        shutil.copytree(DATA / "party-min", ds)
        target = ds / "dataset.yaml"
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            load_dataset(ds)
        except DvkError as err:
            assert "dataset.yaml" in str(err) or "body" in str(err), str(err)


@FUZZ
@given(st.data())
def test_fuzz_yaml_loader_edits(data: st.DataObject) -> None:
    """This test ensures a dataset.yaml with any stretch replaced by any text either loads
    or is refused with a clear DvkError — never another exception."""
    start = data.draw(st.integers(0, len(_PARTY_MIN)), label="start")
    length = data.draw(st.integers(0, 40), label="length")
    new = data.draw(_NASTY, label="new")
    _load_or_refuse(_PARTY_MIN[:start] + new + _PARTY_MIN[start + length:])


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_yaml_loader_bytes(raw: bytes) -> None:
    """This test ensures arbitrary bytes as dataset.yaml end in a DvkError (or load)."""
    _load_or_refuse(raw)


_HEADER = ["Stt", "Chủ thể thực hiện", "Mô hình tập thể", "Mô hình cá nhân", "Tên mô hình",
           "Mới", "Có từ trước", "Nhân rộng", "Dự kiến kết quả cần đạt", "Lĩnh vực"]


@FUZZ
@given(rows=st.lists(st.lists(_NASTY, max_size=12), min_size=1, max_size=4),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
       delimiter=st.sampled_from([",", ";", "\t"]))
def test_fuzz_csv_loader(rows: list[list[str]], encoding: str, delimiter: str) -> None:
    """This test ensures any CSV rows under a valid header either load or end in a
    DatasetError naming the sheet — never another exception."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(_HEADER)
    for row in rows:
        writer.writerow(row)
    raw = buf.getvalue().encode(encoding, errors="replace") if encoding != "utf-16" else (
        buf.getvalue().encode("utf-16", errors="surrogatepass"))
    yaml_text = _PARTY_MIN[: _PARTY_MIN.index("registrations:")] + "registrations: {file: dk.csv}\n"
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        ds = Path(tmp) / "ds"
        shutil.copytree(DATA / "party-min", ds)
        (ds / "dataset.yaml").write_text(yaml_text, encoding="utf-8")
        (ds / "dk.csv").write_bytes(raw)
        try:
            loaded = load_dataset(ds)
        except DvkError as err:
            assert "dk.csv" in str(err), str(err)
        else:
            assert loaded.registrations


@FUZZ
@given(_NASTY)
def test_fuzz_markdown_body(party_min_loaded: tuple[LoadedDataset, Facts], text: str) -> None:
    """This test ensures any Markdown body either fills in or ends in a DatasetError, and
    what it fills in becomes well-formed paragraph XML."""
    loaded, facts = party_min_loaded
    try:
        clean = clean_text(text, "body", lambda _m: None)
    except ValueError:
        return  # refused as legacy TCVN3 text, with its own message
    try:
        md = render_body_markdown(clean, loaded, facts, "body.md")
    except DvkError as err:
        assert str(err).startswith("body.md"), str(err)
        return
    body = markdown_to_body(md, profile_for(loaded.data.family, loaded.data.profile))
    wrapper = ('<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               f"{body.xml}</w:body>")
    etree.fromstring(wrapper.encode("utf-8"))  # raises on anything malformed


# .docx rendered by the fuzzers, for the LibreOffice test below (a few are enough)
FUZZ_WRITTEN: list[bytes] = []


@settings(FUZZ, max_examples=12)
@given(registrant=_NASTY, model_name=_NASTY)
def test_fuzz_registration_form(party_min_loaded: tuple[LoadedDataset, Facts],
                                registrant: str, model_name: str) -> None:
    """This test ensures a registration form with any (cleaned) text in its fields renders
    into a .docx that re-opens and keeps every character, or is refused with a DvkError."""
    loaded, _facts = party_min_loaded
    reg = loaded.registrations[0]
    saved = (reg.registrant, reg.model_name)
    try:
        reg.registrant = clean_text(registrant, "r", lambda _m: None).strip() or "Chi bộ"
        reg.model_name = clean_text(model_name, "m", lambda _m: None).strip() or "Mô hình"
    except ValueError:
        return
    try:
        rendered = render_all(loaded, ["phieu_dang_ky"], None, None, only=reg.id)
    except DvkError:
        return
    finally:
        reg.registrant, reg.model_name = saved
    assert len(rendered) == 1
    d = docx.Document(io.BytesIO(rendered[0].content))
    text = "\n".join(p.text for p in d.paragraphs) + "".join(
        c.text for t in d.tables for row in t.rows for c in row.cells)
    # quotes inside a model name print as single ones (“Lớp ‘Bình dân học vụ số’”) and a
    # name wrapped in quotes is not quoted twice: compare with every quote mark alike
    quotes = str.maketrans(dict.fromkeys("“”‘’", '"'))
    squashed = "".join(text.split()).translate(quotes)
    for value in (registrant, model_name):
        cleaned = "".join(clean_text(value, "x", lambda _m: None).split()).translate(quotes)
        assert cleaned.strip('"') in squashed or not cleaned.strip('"')
    if len(FUZZ_WRITTEN) < 3:
        FUZZ_WRITTEN.append(rendered[0].content)


@pytest.mark.pdf
def test_documents_from_bad_inputs_convert_in_libreoffice(tmp_path: Path) -> None:
    """This test ensures every document written from a bad input converts to PDF (one
    LibreOffice call); cases not run in this session are run here."""
    import os

    from pypdf import PdfReader

    from dvk_docs.pdf import convert_to_pdf

    if not shutil.which("soffice"):
        if os.environ.get("CI"):
            raise RuntimeError("CI must have LibreOffice")
        pytest.skip("LibreOffice not installed")
    for path in CASES:
        case = _load(path)
        if case["expect"] == "ok" and not case.get("xfail") and path.stem not in WRITTEN:
            _case, result, where = run_case(path, tmp_path / path.stem)
            assert result.exit_code == 0, result.output
            written = sorted(Path(where["out"]).rglob("*.docx"))
            if written:
                WRITTEN[path.stem] = written
    batch = tmp_path / "batch"
    batch.mkdir()
    files = []
    for stem, written in sorted(WRITTEN.items()):
        for i, f in enumerate(written):
            target = batch / f"{stem}-{i}.docx"
            shutil.copy(f, target)
            files.append(target)
    for i, content in enumerate(FUZZ_WRITTEN):
        target = batch / f"fuzz-{i}.docx"
        target.write_bytes(content)
        files.append(target)
    assert len(files) >= 20
    for pdf in convert_to_pdf(files, tmp_path / "pdf", timeout=150):  # one soffice call
        assert len(PdfReader(str(pdf)).pages) >= 1
