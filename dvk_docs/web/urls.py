from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from .views import (
    checkdoc,
    documents,
    dossier,
    evidence,
    home,
    newyear,
    ops,
    oversight,
    people,
    plan,
    registrations,
    reports,
    stats,
    year,
)

Y = "to-chuc/<slug:slug>/nam/<int:year>/"
ORG = "to-chuc/<slug:slug>/"

urlpatterns = [
    path("healthz", home.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(
        template_name="dvk_web/login.html", redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("quan-tri/", admin.site.urls),
    path("", home.landing, name="landing"),
    path(ORG, home.overview, name="overview"),
    path(ORG + "nam-moi/", newyear.new_year, name="new_year"),
    path(ORG + "kiem-tra/", checkdoc.check, name="check"),
    path(ORG + "tai-khoan/", people.accounts, name="accounts"),
    path(ORG + "tai-khoan/<int:pk>/khoa/", people.toggle, name="account_toggle"),
    path(ORG + "mat-khau/", people.password, name="password"),
    path(ORG + "nhat-ky/", people.audit_log, name="audit"),
    path(ORG + "viec/<uuid:job>/", documents.job_status, name="job"),
    path(ORG + "viec/<uuid:job>/tai-ve/", documents.job_download, name="job_download"),
    path(Y, year.year_page, name="year"),
    path(Y + "ke-hoach/", plan.plan, name="plan"),
    path(Y + "ke-hoach/xem-truoc/", plan.plan_preview, name="plan_preview"),
    path(Y + "van-ban/", documents.documents, name="documents"),
    path(Y + "van-ban/<str:kind>/xem/", documents.preview, name="preview"),
    path(Y + "van-ban/<str:kind>/docx/", documents.docx, name="docx"),
    path(Y + "van-ban/<str:kind>/pdf/", documents.pdf, name="pdf"),
    path(Y + "bo-van-ban/", documents.build_set, name="build_set"),
    path(Y + "bo-van-ban.zip", documents.set_zip, name="set_zip"),
    path(Y + "du-lieu.zip", documents.dataset_zip, name="dataset_zip"),
    path(Y + "dang-ky/", registrations.registrations, name="registrations"),
    path(Y + "dang-ky/moi/", registrations.edit, name="registration_new"),
    path(Y + "dang-ky/tai-len/", registrations.upload, name="upload"),
    path(Y + "dang-ky/tai-len/xac-nhan/", registrations.upload_confirm, name="upload_confirm"),
    path(Y + "dang-ky/mau-1.docx", registrations.mau1_docx, name="mau1_docx"),
    path(Y + "dang-ky/mau-1.xlsx", registrations.mau1_xlsx, name="mau1_xlsx"),
    path(Y + "dang-ky/<str:reg_id>/", registrations.edit, name="registration"),
    path(Y + "dang-ky/<str:reg_id>/xoa/", registrations.delete, name="registration_delete"),
    # evidence and the dossier (issue 12, part C)
    path(Y + "minh-chung/", evidence.evidence, name="evidence"),
    path(Y + "minh-chung/<uuid:pk>/", evidence.download, name="evidence_download"),
    path(Y + "minh-chung/<uuid:pk>/xoa/", evidence.delete, name="evidence_delete"),
    path(Y + "ho-so/", dossier.dossier, name="dossier"),
    path(Y + "ho-so/tao/", dossier.build, name="dossier_build"),
    path(Y + "ho-so/viec/<uuid:job>/", dossier.job_status, name="dossier_job"),
    path(Y + "ho-so/viec/<uuid:job>/ho-so.pdf", dossier.download, name="dossier_download"),
    # reports, statistics, district/province oversight (issue 12, part D)
    path(Y + "bao-cao/", reports.reports, name="reports"),
    path(Y + "bao-cao/<str:period>/", reports.report, name="report"),
    path(Y + "bao-cao/<str:period>/bao-cao.docx", reports.report_docx, name="report_docx"),
    path(Y + "bao-cao/<str:period>/mau-2.xlsx", reports.report_xlsx, name="report_xlsx"),
    path(Y + "thong-ke/", stats.stats, name="stats"),
    path(ORG + "cap-tren/", oversight.district, name="district"),
    path(ORG + "cap-tren/<int:year>/mau-1.xlsx", oversight.district_mau1, name="district_mau1"),
    path(ORG + "cap-tren/<int:year>/mau-2.xlsx", oversight.district_mau2, name="district_mau2"),
    # 12E: issue 11's leftovers (views/ops.py)
    path(Y + "ke-hoach/markdown/", ops.markdown_preview, name="plan_markdown"),
    path(Y + "ke-hoach/trang-in/", ops.plan_images, name="plan_images"),
    path(Y + "ke-hoach/trang-in/<int:revision>/<int:page>.png", ops.plan_image,
         name="plan_image"),
    path(Y + "chuyen-nam/", ops.rollover_checklist, name="rollover_checklist"),
    path(ORG + "tai-khoan/<int:pk>/mat-khau/", ops.reset_password, name="account_reset"),
]

