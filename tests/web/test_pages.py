"""Tổng quan, year page, Văn bản (preview, .docx, .pdf job, whole set), Kế hoạch, Đăng ký
(form, upload with preview, Mẫu 1), Tạo năm mới, Kiểm tra thể thức, Tài khoản, Nhật ký."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from docx import Document

from dvk_docs.web import store
from dvk_docs.web.accounts import add_user
from dvk_docs.web.models import AuditEntry, Job, Organisation, Year

from ..docx_helpers import all_text
from ..import_fixtures import party_plan
from .conftest import PASSWORD, client_for, streamed, unzip

Y = "/to-chuc/xa-an-phu/nam/2026/"


def test_overview_lists_years_with_stage_and_next_missing(ca: Client, year_a: Year) -> None:
    # take the last stages away: the next missing thing is the appraisal
    def cut(snap: store.Snapshot) -> None:
        for key in ("appraisal", "meeting", "proposal", "decision", "achievements", "reports"):
            snap.document.pop(key, None)

    store.change(year_a, None, "test", "", cut)
    page = ca.get("/to-chuc/xa-an-phu/").content.decode()
    assert "Năm 2026" in page
    assert "đăng ký 30" in page
    assert "Việc tiếp theo: Kết quả thẩm định (mục appraisal)" in page


def test_year_page_link_downloads_the_whole_set(ca: Client) -> None:
    page = ca.get(Y).content.decode()
    m = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Tải bộ văn bản \(\.zip\)</a>', page)
    assert m, "the link with the exact text is on the year page"
    r = ca.get(m.group(1))
    assert r.status_code == 200
    files = unzip(streamed(r))
    assert "00-danh-muc.txt" in files
    plan = Document(io.BytesIO(files["01-ke-hoach.docx"]))
    assert "ĐẢNG ỦY XÃ AN PHÚ" in all_text(plan)
    assert sum(1 for n in files if n.startswith("03-phieu-dang-ky/")) == 30
    # a second download reuses the set built for this revision
    assert Job.objects.filter(kind="set").count() == 1
    streamed(ca.get(m.group(1)))
    assert Job.objects.filter(kind="set").count() == 1


def test_documents_page_preview_and_docx(ca: Client) -> None:
    page = ca.get(Y + "van-ban/").content.decode()
    for label in ("Kế hoạch", "Tổng hợp đăng ký", "Phiếu đăng ký", "Quyết định"):
        assert label in page
    preview = ca.get(Y + "van-ban/ke_hoach/xem/").content.decode()
    assert "KẾ HOẠCH" in preview and "ĐẢNG ỦY XÃ AN PHÚ" in preview
    r = ca.get(Y + "van-ban/phieu_dang_ky/docx/?id=DK003")
    assert r.status_code == 200
    text = all_text(Document(io.BytesIO(r.content)))
    assert "Phụ nữ An Phú khởi nghiệp" in text
    assert 'filename="03-phieu-dang-ky-DK003.docx"' in r["Content-Disposition"]


def test_set_job_reports_progress_and_finishes(ca: Client, year_a: Year) -> None:
    r = ca.post(Y + "bo-van-ban/", HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    job = Job.objects.get(kind="set")
    assert job.status == Job.Status.DONE and job.done == job.total > 30
    assert "Tải về" in r.content.decode()
    assert AuditEntry.objects.filter(action="tạo bộ văn bản").exists()


@pytest.mark.pdf
def test_pdf_of_one_document_is_a_background_job(ca: Client) -> None:
    from pypdf import PdfReader

    r = ca.post(Y + "van-ban/ke_hoach/pdf/", HTTP_HX_REQUEST="true")
    job = Job.objects.get(kind="pdf")
    assert job.status == Job.Status.DONE, job.message
    r = ca.get(f"/to-chuc/xa-an-phu/viec/{job.pk}/tai-ve/")
    text = PdfReader(io.BytesIO(streamed(r))).pages[0].extract_text()
    assert "KẾ HOẠCH" in text


def test_registrations_grouped_and_filtered(ca: Client) -> None:
    page = ca.get(Y + "dang-ky/").content.decode()
    assert "<h2>Lĩnh vực phát triển kinh tế" in page and "<h2>Lĩnh vực văn hóa - xã hội" in page
    only = ca.get(Y + "dang-ky/?linh_vuc=QPAN").content.decode()
    assert "<h2>Lĩnh vực quốc phòng - an ninh" in only
    assert "<h2>Lĩnh vực phát triển kinh tế" not in only
    found = ca.get(Y + "dang-ky/?q=VietGAP").content.decode()
    assert "DK001" in found and "DK002" not in found


def test_registration_form_shows_problem_beside_field(ca: Client, year_a: Year) -> None:
    data = {"registrant": "Tổ tự quản thôn 4", "kind": "tap_the", "model_name": "Camera an ninh",
            "linh_vuc": "QPAN", "status": "moi", "expected_results": "Lắp 10 camera",
            "date": "31/02/2026"}
    r = ca.post(Y + "dang-ky/moi/", data)
    assert r.status_code == 200
    page = r.content.decode()
    field = page[page.index('id="f-date"'):]
    field = field[:field.index("</div>")]
    assert "không tồn tại" in field, field
    assert not year_a.registrations.filter(model_name="Camera an ninh").exists()
    data["date"] = "28/02/2026"
    assert ca.post(Y + "dang-ky/moi/", data).status_code == 302
    reg = year_a.registrations.get(model_name="Camera an ninh")
    assert reg.reg_id == "DK031" and reg.data["date"] == "2026-02-28"
    assert AuditEntry.objects.filter(action="thêm đăng ký", username="vp-a").exists()


def test_edit_and_delete_registration(ca: Client, year_a: Year) -> None:
    page = ca.get(Y + "dang-ky/DK004/").content.decode()
    assert "Tái canh cà phê" in page and "Lê Văn Thuận" in page  # person fields
    data = {"registrant": "Ông Lê Văn Thuận", "kind": "ca_nhan",
            "model_name": "Tái canh cà phê sạch", "linh_vuc": "KT", "status": "co_tu_truoc",
            "expected_results": "10 ha", "person__full_name": "Lê Văn Thuận"}
    assert ca.post(Y + "dang-ky/DK004/", data).status_code == 302
    reg = year_a.registrations.get(reg_id="DK004")
    assert reg.model_name == "Tái canh cà phê sạch"
    assert reg.data["person"]["full_name"] == "Lê Văn Thuận"
    assert ca.post(Y + "dang-ky/DK004/xoa/").status_code == 302
    assert not year_a.registrations.filter(reg_id="DK004").exists()


def _sheet(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["STT", "Chủ thể thực hiện", "Tập thể/Cá nhân", "Tên mô hình", "Lĩnh vực",
               "Tình trạng", "Dự kiến kết quả"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


GOOD = [[1, "Chi đoàn thôn 7", "Tập thể", "Thắp sáng đường quê", "Văn hóa - xã hội", "Mới",
         "2 km đèn"],
        [2, "Hội Nông dân xã", "Tập thể", "Tổ hợp tác trồng bơ ghép theo hướng VietGAP",
         "Kinh tế", "Nhân rộng", "trùng với DK001"]]


def test_upload_preview_row_errors_then_confirm(ca: Client, year_a: Year) -> None:
    bad = [*GOOD, [3, "Tổ an ninh thôn 2", "Tập thể", "Đêm bình yên", "Thể thao", "Mới", "x"]]
    f = io.BytesIO(_sheet(bad))
    f.name = "dang-ky.xlsx"
    page = ca.post(Y + "dang-ky/tai-len/", {"file": f}).content.decode()
    assert "row-errors" in page and "dòng 4" in page and "Thể thao" in page
    assert "upload_confirm" not in page and "xac-nhan" not in page
    assert year_a.registrations.count() == 30  # nothing saved
    f = io.BytesIO(_sheet(GOOD))
    f.name = "dang-ky.xlsx"
    page = ca.post(Y + "dang-ky/tai-len/", {"file": f}).content.decode()
    assert "1 đăng ký sẽ được thêm" in page and "1 dòng trùng" in page
    assert year_a.registrations.count() == 30
    token = re.search(r'name="token" value="(\w+)"', page).group(1)
    r = ca.post(Y + "dang-ky/tai-len/xac-nhan/", {"token": token})
    assert r.status_code == 302
    assert year_a.registrations.count() == 31
    assert year_a.registrations.get(model_name="Thắp sáng đường quê").reg_id == "DK031"
    # the token is used up
    assert ca.post(Y + "dang-ky/tai-len/xac-nhan/", {"token": token}).status_code == 403


def test_upload_refuses_by_content_and_zip_bombs(ca: Client, settings: Any) -> None:
    f = io.BytesIO(b"%PDF-1.4 not a sheet")
    f.name = "dang-ky.xlsx"
    page = ca.post(Y + "dang-ky/tai-len/", {"file": f}).content.decode()
    assert "không phải .csv, .xlsx" in page
    settings.MAX_UNZIPPED_BYTES = 1000
    f = io.BytesIO(_sheet(GOOD))
    f.name = "dang-ky.xlsx"
    page = ca.post(Y + "dang-ky/tai-len/", {"file": f}).content.decode()
    assert "khi giải nén quá lớn" in page
    settings.MAX_UPLOAD_BYTES = 100
    f = io.BytesIO(_sheet(GOOD))
    f.name = "dang-ky.xlsx"
    assert "File quá lớn" in ca.post(Y + "dang-ky/tai-len/", {"file": f}).content.decode()


def test_mau1_downloads(ca: Client) -> None:
    r = ca.get(Y + "dang-ky/mau-1.docx")
    text = all_text(Document(io.BytesIO(r.content)))
    assert "Tổ hợp tác trồng bơ ghép" in text
    book = openpyxl.load_workbook(io.BytesIO(ca.get(Y + "dang-ky/mau-1.xlsx").content))
    values = [c.value for c in next(iter(book.active.iter_rows(min_row=2, max_row=2)))]
    assert "Hội Nông dân xã" in values


def test_plan_form_help_texts_and_problem_beside_field(ca: Client, year_a: Year) -> None:
    page = ca.get(Y + "ke-hoach/").content.decode()
    assert "Số văn bản (để trống thì ghi tay)." in page  # the schema's help text
    form = {"issuer": "unit", "number": "3", "date": "30/02/2026",
            "subject": "thực hiện phong trào thi đua “Dân vận khéo” năm 2026",
            "signer": "pho_bi_thu", "references": ["hd_tinh"], "recipients": "Như trên",
            "body": "## I. MỤC ĐÍCH\n\nNội dung mới."}
    signer = next(iter(year_a.document["signers"]))
    form["signer"] = signer
    page = ca.post(Y + "ke-hoach/", form).content.decode()
    field = page[page.index('id="f-date"'):]
    assert "không tồn tại" in field[:field.index("</div>")]
    form["date"] = "16/01/2026"
    assert ca.post(Y + "ke-hoach/", form).status_code == 302
    year_a.refresh_from_db()
    assert year_a.document["documents"]["ke_hoach"]["date"] == "2026-01-16"
    assert year_a.plan_body.endswith("Nội dung mới.")
    assert year_a.revision == 2


def test_new_year_blank_rollover_and_word_import(ca: Client, year_a: Year, tmp_path: Path
                                                ) -> None:
    assert "Từ năm trước" in ca.get("/to-chuc/xa-an-phu/nam-moi/").content.decode()
    page = ca.post("/to-chuc/xa-an-phu/nam-moi/", {"how": "rollover", "from_year": "2026",
                                                   "year": "2027"}).content.decode()
    assert "Đã tạo năm 2027" in page and "Cần quyết định" in page
    y27 = year_a.organisation.years.get(year=2027)
    assert "2027" in y27.document["documents"]["ke_hoach"]["subject"]
    r = ca.post("/to-chuc/xa-an-phu/nam-moi/", {"how": "blank", "year": "2028",
                                                "family": "state"})
    assert r.status_code == 302
    assert year_a.organisation.years.get(year=2028).document["family"] == "state"
    plan = party_plan(tmp_path / "ke-hoach.docx")
    with plan.open("rb") as fh:  # the plan is for 2026, which the organisation has
        page = ca.post("/to-chuc/xa-an-phu/nam-moi/", {"how": "import", "plan": fh}
                       ).content.decode()
    assert "Năm 2026 đã có" in page


def test_new_year_from_word_plan(db: Any, tmp_path: Path) -> None:
    org = Organisation.objects.create(slug="xa-moi", name="Xã Mới")
    c = client_for(add_user("vp-moi", org, "van_phong", PASSWORD))
    page = c.get("/to-chuc/xa-moi/").content.decode()
    assert "Chưa có năm nào" in page
    plan = party_plan(tmp_path / "ke-hoach.docx")
    with plan.open("rb") as fh:
        page = c.post("/to-chuc/xa-moi/nam-moi/", {"how": "import", "plan": fh}
                      ).content.decode()
    assert "Đã nhận ra" in page and "Báo cáo nhập" in page
    year = org.years.get()
    assert year.document["documents"]["ke_hoach"]["number"] == 7  # "Số 07-KH/ĐU"
    assert "MỤC ĐÍCH" in year.plan_body


def test_check_page_lists_findings_with_rule_ids(ca: Client, tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Văn bản gõ tay không có phần đầu")
    buf = io.BytesIO()
    doc.save(buf)
    f = io.BytesIO(buf.getvalue())
    f.name = "thu.docx"
    page = ca.post("/to-chuc/xa-an-phu/kiem-tra/", {"file": f}).content.decode()
    assert "không nhận ra văn bản Đảng hay Nhà nước" in page
    f.seek(0)
    page = ca.post("/to-chuc/xa-an-phu/kiem-tra/", {"file": f, "family": "party"}
                   ).content.decode()
    rules = re.findall(r"<code>([^<]+)</code>", page)
    assert len(rules) >= 3, page[-3000:]
    assert "chỗ cần sửa" in page


def test_accounts_page_office_adds_unit_account(ca: Client, org_a: Any) -> None:
    r = ca.post("/to-chuc/xa-an-phu/tai-khoan/", {"username": "dv-moi", "role": "don_vi",
                                                  "unit": "Chi bộ thôn 3", "password": PASSWORD})
    assert r.status_code == 302
    r = ca.post("/to-chuc/xa-an-phu/tai-khoan/", {"username": "vp-moi", "role": "van_phong",
                                                  "password": PASSWORD})
    assert "Chỉ quản trị" in r.content.decode()
    log = ca.get("/to-chuc/xa-an-phu/nhat-ky/").content.decode()
    assert "thêm tài khoản" in log and "dv-moi" in log


def test_plan_preview_shows_unsaved_text_and_saves_nothing(ca: Client, year_a: Year) -> None:
    signer = next(iter(year_a.document["signers"]))
    form = {"issuer": "unit", "number": "9", "date": "16/01/2026", "subject": "thử xem trước",
            "signer": signer, "recipients": "Như trên", "body": "## I. MỤC TIÊU MỚI\n\nChữ mới."}
    page = ca.post(Y + "ke-hoach/xem-truoc/", form, HTTP_HX_REQUEST="true").content.decode()
    assert "Số 09-KH/ĐU" in page and "MỤC TIÊU MỚI" in page
    year_a.refresh_from_db()
    assert year_a.revision == 1 and "MỤC TIÊU MỚI" not in year_a.plan_body
    form["date"] = "32/01/2026"
    page = ca.post(Y + "ke-hoach/xem-truoc/", form, HTTP_HX_REQUEST="true").content.decode()
    assert "không tồn tại" in page or "không phải là ngày" in page


def test_big_year_set_download_goes_through_a_job(ca: Client, settings: Any) -> None:
    settings.SYNC_SET_MAX_REGISTRATIONS = 10
    r = ca.get(Y + "bo-van-ban.zip")
    job = Job.objects.get(kind="set")
    assert r.status_code == 302 and r["Location"].endswith(f"/viec/{job.pk}/")
    page = ca.get(r["Location"]).content.decode()
    assert "Tải về (.zip)" in page  # the test backend ran it at once
    assert streamed(ca.get(Y + "bo-van-ban.zip"))[:2] == b"PK"  # now ready: served


def test_adding_a_duplicate_is_flagged(ca: Client, year_a: Year) -> None:
    first = year_a.registrations.get(reg_id="DK001")
    r = ca.post(Y + "dang-ky/moi/", {
        "registrant": first.registrant, "kind": "tap_the", "model_name": first.model_name,
        "linh_vuc": "KT", "status": "moi", "expected_results": "như trên"}, follow=True)
    page = r.content.decode()
    assert "Có thể trùng: DK001, DK031" in page
    assert page.count('class="tag">trùng<') == 2
