"""Start-up: importing the package does not load the rendering stack."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_import_package_is_light() -> None:
    code = ("import sys, dvk_docs; heavy = [m for m in ('docx', 'docxtpl', 'lxml', 'pydantic', "
            "'openpyxl', 'pypdf', 'fontTools', 'jinja2') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_entry_points_still_import() -> None:
    import dvk_docs

    assert callable(dvk_docs.build) and callable(dvk_docs.load_dataset)
    assert issubclass(dvk_docs.DvkError, Exception)
    assert "render_one" in dir(dvk_docs)


SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "xa-an-phu"


def test_validate_ends_without_teardown_yet_says_everything(tmp_path: Path) -> None:
    """``dvk-docs validate`` leaves with os._exit after flushing (cli.main): every byte of a
    long JSON report reaches a pipe, and the exit codes are the usual ones."""
    run = [sys.executable, "-m", "dvk_docs", "validate"]
    done = subprocess.run([*run, str(SAMPLE), "--json"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["ok"] is True and report["counts"]["total"] > 10
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "dataset.yaml").write_text("year: hai\n", encoding="utf-8")
    done = subprocess.run([*run, str(bad)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "dòng 1: trường 'year': phải là số nguyên" in done.stderr
    done = subprocess.run([*run, "--no-such-option", str(SAMPLE)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and "--no-such-option" in done.stderr
