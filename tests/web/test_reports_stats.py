"""Báo cáo 6 tháng / năm (fields saved into the dataset's reports, Mẫu 2 .xlsx/.docx) and
Thống kê pages of a commune's office; unit accounts are kept out."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from docx import Document

from dvk_docs import api
from dvk_docs.web import store
from dvk_docs.web.models import Year

from .conftest import client_for

Y = "/to-chuc/xa-an-phu/nam/2026/"


def _report(year: Year, period: str) -> dict[str, Any]:
    year.refresh_from_db()
    return next(r for r in year.document["reports"] if r["period"] == period)


def _form(year: Year, period: str, **changes: Any) -> dict[str, Any]:
    """The report page's form as the browser would send it back unchanged, plus changes."""
    r = _report(year, period)
    data = {"number": r.get("number", ""), "issuer": r.get("issuer", "unit"),
            "signer": r["signer"], "recipients": "\n".join(r.get("recipients", [])),
            "body": r["body"]}
    d = r.get("date", "")
    if d:
        yy, mm, dd = d.split("-")
        data["date"] = f"{dd}/{mm}/{yy}"
    data.update(changes)
    return data


def test_stats_page_shows_the_counts(ca: Any, year_a: Year) -> None:
    page = ca.get(Y + "thong-ke/").content.decode()
    assert "Thống kê năm 2026" in page
    assert "80,0% số đăng ký" in page  # 24 of 30 recognised
    for label, n in (("Lĩnh vực phát triển kinh tế", "8 / 5"), ("Đạt thẩm định", "26")):
        assert label in page and n in page
    assert page.count("<svg") >= 6  # the bar charts are drawn by the server
    # KT: 8 registered, the largest → the full width; 5 recognised → 5/8 of it
    assert 'width="100.0"/><rect class="c2" x="0" y="3.5" height="5" width="62.5"/>' in page
    assert "Chưa có năm 2025" in page  # nothing to compare with yet


def test_stats_page_compares_with_last_year(ca: Any, year_a: Year, org_a: Any) -> None:
    nxt = api.rollover_model(store.load_year(year_a), year=2027)
    store.create_year(org_a, store.snapshot_of_loaded(nxt.loaded), None, "chuyển năm")
    page = ca.get("/to-chuc/xa-an-phu/nam/2027/thong-ke/").content.decode()
    assert "Năm 2027 so với năm 2026" in page
    assert "mô hình đăng ký (30 → 24)" in page
    assert '<td class="num">-12</td>' in page  # đăng ký mới: 0 against 12


def test_report_page_saves_fields_into_the_dataset(ca: Any, year_a: Year) -> None:
    r = ca.get(Y + "bao-cao/")
    assert r.status_code == 302 and r["Location"].endswith("/bao-cao/nam/")
    page = ca.get(Y + "bao-cao/nam/").content.decode()
    assert "Phụ lục: thống kê theo đơn vị (Mẫu 2)" in page
    assert "Hỗ trợ xi măng để làm tiếp 1,2 km" in page
    units = [u for u, _ in _units(year_a)]
    i = units.index("Hội Nông dân xã")
    revision = year_a.revision
    data = _form(year_a, "nam", number="91", date="30/11/2026",
                 body="# KẾT QUẢ\n\nCông nhận {{ so_lieu.cong_nhan }} mô hình.",
                 **{f"u{i}_difficulties": "Giá bơ giảm", f"u{i}_typical": "DK001"})
    for j, unit in enumerate(units):  # keep the other units' notes as they are
        if j != i:
            notes = _report(year_a, "nam").get("units", {}).get(unit, {})
            for k in ("typical", "difficulties", "proposals"):
                data.setdefault(f"u{j}_{k}", notes.get(k, ""))
    r = ca.post(Y + "bao-cao/nam/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    saved = _report(year_a, "nam")
    assert saved["number"] == 91 and saved["date"] == "2026-11-30"
    assert saved["units"]["Hội Nông dân xã"] == {"difficulties": "Giá bơ giảm",
                                                  "typical": "DK001"}
    assert saved["units"]["Chi bộ thôn Phú Lợi"]["typical"] == "DK002"  # kept
    assert year_a.revision == revision + 1
    assert year_a.organisation.audit.filter(action="sửa báo cáo kết quả").exists()
    # the downloaded .docx carries the new number and the figure from the body
    r = ca.get(Y + "bao-cao/nam/bao-cao.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "Công nhận 24 mô hình." in text
    assert "Số 91-BC/ĐU" in text.replace("\n", " ") or "91-BC/ĐU" in text
    ws = openpyxl.load_workbook(io.BytesIO(ca.get(Y + "bao-cao/nam/mau-2.xlsx").content)).active
    row = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 2).value == "Hội Nông dân xã")
    assert ws.cell(row, 14).value == "Tổ hợp tác trồng bơ ghép theo hướng VietGAP"
    assert ws.cell(row, 15).value == "Giá bơ giảm"
    assert "91-BC/ĐU" in ws["A2"].value


def _units(year: Year) -> list[tuple[str, Any]]:
    from dvk_docs.web.views.reports import units_of

    return units_of(store.load_year(year))


def test_report_with_a_wrong_value_is_not_saved(ca: Any, year_a: Year) -> None:
    revision = year_a.revision
    r = ca.post(Y + "bao-cao/6-thang/", _form(year_a, "6_thang", date="31/02/2026"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "Chưa lưu được" in page
    year_a.refresh_from_db()
    assert year_a.revision == revision
    r = ca.post(Y + "bao-cao/6-thang/", _form(year_a, "6_thang", body=""))
    assert r.status_code == 200 and "ô đánh dấu đỏ" in r.content.decode()


def test_mau2_xlsx_of_the_half_year_report(ca: Any, year_a: Year) -> None:
    r = ca.get(Y + "bao-cao/6-thang/mau-2.xlsx")
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="mau-2-6-thang-2026.xlsx"'
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert ws["A1"].value.endswith("6 THÁNG ĐẦU NĂM 2026")
    assert ws["A4"].value == "STT" and ws["F5"].value == "KT"
    total = next(r for r in range(7, ws.max_row + 1) if ws.cell(r, 1).value == "Tổng cộng")
    # registered 30; none recognised yet on 15/6 (the decision is of October)
    assert [ws.cell(total, c).value for c in (3, 4, 5, 13)] == [30, 22, 8, 0]
    assert ca.get(Y + "bao-cao/quy-3/").status_code == 404


def test_a_missing_report_is_created_from_the_page(ca: Any, year_a: Year) -> None:
    def drop(snap: store.Snapshot) -> None:
        snap.document["reports"] = [r for r in snap.document["reports"]
                                    if r["period"] != "6_thang"]

    store.change(year_a, None, "test", "", drop)
    page = ca.get(Y + "bao-cao/6-thang/").content.decode()
    assert "chưa có báo cáo 6 tháng đầu năm" in page
    assert ca.get(Y + "bao-cao/6-thang/mau-2.xlsx").status_code == 404  # no report, no file
    r = ca.post(Y + "bao-cao/6-thang/", {"number": "30", "date": "20/06/2026",
                                         "issuer": "unit", "signer": "pho_bi_thu",
                                         "recipients": "Lưu", "body": "# KẾT QUẢ\n\nTốt."})
    assert r.status_code == 302
    assert [r["period"] for r in Year.objects.get(pk=year_a.pk).document["reports"]] == \
        ["6_thang", "nam"]


def test_unit_account_gets_403_on_report_and_stats(unit_a: Any, year_a: Year) -> None:
    c = client_for(unit_a)
    for path in ("thong-ke/", "bao-cao/", "bao-cao/nam/", "bao-cao/nam/mau-2.xlsx",
                 "bao-cao/nam/bao-cao.docx"):
        assert c.get(Y + path).status_code == 403, path
    assert c.post(Y + "bao-cao/nam/", {"body": "x"}).status_code == 403


def test_mau2_docx_alone_is_the_report_appendix(ca: Any, year_a: Year) -> None:
    r = ca.get(Y + "bao-cao/nam/bao-cao.docx?mau=2")
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="mau-2-nam-2026.docx"'
    doc = Document(io.BytesIO(r.content))
    assert len(doc.sections) == 1
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape, as in the report
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    assert texts[0] == "THỐNG KÊ KẾT QUẢ PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO” NĂM 2026"
    assert texts[1].startswith("(Kèm theo Báo cáo số 85-BC/ĐU")
    assert "BÁO CÁO" not in texts and not any("CÔNG TÁC LÃNH ĐẠO" in t for t in texts)
    (table,) = doc.tables
    total = [c.text for c in table.rows[-1].cells]
    assert total[0] == "Tổng cộng" and total[2:5] == ["30", "22", "8"]
    whole = Document(io.BytesIO(ca.get(Y + "bao-cao/nam/bao-cao.docx").content))
    assert len(whole.sections) == 2  # the report itself keeps both sections
