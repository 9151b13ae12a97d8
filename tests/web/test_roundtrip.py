"""One truth: a year exported as a dataset folder builds, with ``dvk-docs build``, exactly the
documents the web page offers, and importing that folder back changes nothing."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

from django.test import Client
from docx import Document

from dvk_docs.web import store
from dvk_docs.web.models import Organisation, Year

from ..docx_helpers import all_text
from .conftest import streamed, unzip


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    return {n: all_text(Document(io.BytesIO(c))) for n, c in files.items()
            if n.endswith(".docx")}


def test_export_builds_the_same_documents_and_imports_back_unchanged(
        ca: Client, year_a: Year, tmp_path: Path) -> None:
    # an edit made on the web first, so the export is not just the sample
    def edit(snap: store.Snapshot) -> None:
        snap.registrations[0]["model_name"] = "Tổ hợp tác bơ ghép (sửa trên web)"

    store.change(year_a, None, "test", "", edit)
    r = ca.get("/to-chuc/xa-an-phu/nam/2026/du-lieu.zip")
    assert r["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        zf.extractall(tmp_path / "export")
    folder = tmp_path / "export" / "xa-an-phu-2026"
    assert (folder / "dataset.yaml").is_file() and (folder / "ke_hoach.md").is_file()

    out = tmp_path / "cli-build"
    subprocess.run([sys.executable, "-m", "dvk_docs", "build", str(folder), "-o", str(out)],
                   check=True, capture_output=True)
    cli = _texts({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.docx")})

    z = ca.get("/to-chuc/xa-an-phu/nam/2026/bo-van-ban.zip")
    web = _texts(unzip(streamed(z)))
    assert set(cli) == set(web) and len(web) > 40
    assert cli == web
    assert "Tổ hợp tác bơ ghép (sửa trên web)" in web["02-tong-hop-dang-ky.docx"]

    before = store.snapshot_of(year_a)
    other = Organisation.objects.create(slug="ban-sao", name="Bản sao")
    again = store.import_folder(other, folder)
    after = store.snapshot_of(again)
    assert after == before
    assert list(again.registrations.values_list("reg_id", "unit_key", "linh_vuc")) == \
        list(year_a.registrations.values_list("reg_id", "unit_key", "linh_vuc"))


def test_both_samples_are_fixed_points(db: Any) -> None:
    from dvk_docs.api import samples_dir
    from dvk_docs.dataset import load_dataset

    for sample in ("xa-an-phu", "phuong-hoa-binh"):
        snap = store.snapshot_of_loaded(load_dataset(samples_dir() / sample))
        assert store.snapshot_of_loaded(store.validate(snap)) == snap


def test_exported_zip_imports_back_through_the_web(ca: Client, year_a: Year, db: Any) -> None:
    from dvk_docs.web.accounts import add_user

    from .conftest import PASSWORD, client_for

    content = ca.get("/to-chuc/xa-an-phu/nam/2026/du-lieu.zip").content
    other = Organisation.objects.create(slug="xa-khac", name="Xã khác")
    c = client_for(add_user("vp-khac", other, "van_phong", PASSWORD))
    f = io.BytesIO(content)
    f.name = "du-lieu.zip"
    r = c.post("/to-chuc/xa-khac/nam-moi/", {"how": "dataset", "dataset": f})
    assert r.status_code == 302
    assert store.snapshot_of(other.years.get()) == store.snapshot_of(year_a)


def test_dataset_zip_with_unsafe_names_is_refused(ca: Client, year_a: Year) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../etc/dataset.yaml", "year: 2027\n")
    f = io.BytesIO(buf.getvalue())
    f.name = "x.zip"
    page = ca.post("/to-chuc/xa-an-phu/nam-moi/", {"how": "dataset", "dataset": f}
                   ).content.decode()
    assert "Tên trong file nén không hợp lệ" in page
