"""The templates and samples ship inside the wheel and work outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent


def test_installed_wheel_builds_the_demo(tmp_path: Path) -> None:
    """This test ensures an installed wheel (no checkout around it) renders every document."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                    str(REPO)], check=True, capture_output=True)
    wheel = next(wheels.glob("dvk_docs-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    # every module of the source tree is in the wheel (the hand-kept package list of
    # pyproject.toml once left out dvk_docs.check and dvk_docs.importer)
    sources = {p.relative_to(REPO).as_posix() for p in (REPO / "dvk_docs").rglob("*.py")}
    assert sources - names == set()
    # and every page template (Django's and the Jinja2 ones) and static file of the web app
    web = REPO / "dvk_docs" / "web"
    pages = {p.relative_to(REPO).as_posix() for folder in ("templates", "jinja2", "static")
             for p in (web / folder).rglob("*") if p.is_file()}
    assert "dvk_docs/web/jinja2/dvk_web/field.html" in pages
    assert pages - names == set()
    for scaffold in ("party/dataset.yaml", "state/dang_ky.xlsx"):
        assert "dvk_docs/scaffold/" + scaffold in names, scaffold
    forms = "dvk_docs/_data/forms/"
    for shipped in ("party/phieu_dang_ky.pdf", "state/phieu_dang_ky.pdf",
                    "fonts/LiberationSerif-Regular.ttf", "fonts/LiberationSerif-Bold.ttf",
                    "fonts/LiberationSerif-Italic.ttf", "fonts/OFL.txt"):
        assert forms + shipped in names, shipped
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    code = ("import dvk_docs, sys; from dvk_docs.api import resource_root; "
            "print(dvk_docs.__file__); print(resource_root()); "
            "r = dvk_docs.demo(sys.argv[1]); print(sum(len(x.files) for x in r))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "demo")], cwd=tmp_path,
                         env=env, check=True, capture_output=True, text=True).stdout.split("\n")
    assert out[0].startswith(str(target))
    assert out[1] == str(target / "dvk_docs" / "_data")
    from dvk_docs.api import count_documents, samples_dir
    from dvk_docs.dataset import load_dataset

    expected = sum(count_documents(load_dataset(p)) for p in samples_dir().iterdir()
                   if (p / "dataset.yaml").is_file())
    assert int(out[2]) == expected
    # the fillable form and its fonts work from the wheel too (no checkout, no system font)
    filled = tmp_path / "dk002.pdf"
    cli = ("import sys; from dvk_docs.cli import main; sys.argv[0] = 'dvk-docs'; main()")
    subprocess.run([sys.executable, "-c", cli, "forms", "fill", str(REPO / "samples" /
                    "xa-an-phu"), "--id", "DK002", "--flatten", "-o", str(filled)],
                   cwd=tmp_path, env=env, check=True, capture_output=True)
    text = PdfReader(str(filled)).pages[0].extract_text()
    assert "Dân vận khéo trong mở rộng đường nội đồng" in text
