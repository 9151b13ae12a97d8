"""What makes a save cheap (issue 11's page-view p95): only changed registration rows are
written, Markdown bodies are linted once per text, the year's status is shared by the
server's processes through the data folder's file cache."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache

from dvk_docs.render import md_lint
from dvk_docs.web import status, store
from dvk_docs.web.models import Registration, Year


def test_saving_one_registration_writes_only_that_row(year_a: Year) -> None:
    before = dict(Registration.objects.filter(year=year_a).values_list("reg_id", "pk"))
    first = next(iter(before))

    def rename(snap: store.Snapshot) -> None:
        reg = next(r for r in snap.registrations if r["id"] == first)
        reg["model_name"] = "Mô hình đã đổi tên"

    store.change(year_a, None, "sửa đăng ký", first, rename)
    after = dict(Registration.objects.filter(year=year_a).values_list("reg_id", "pk"))
    assert after == before  # same rows, same primary keys: nothing deleted and re-created
    assert Registration.objects.get(year=year_a, reg_id=first).model_name == \
        "Mô hình đã đổi tên"

    def drop_and_add(snap: store.Snapshot) -> None:
        snap.registrations = [r for r in snap.registrations if r["id"] != first]
        extra = dict(snap.registrations[0], id="DK999", model_name="Mô hình thêm")
        snap.registrations.append(extra)

    store.change(year_a, None, "sửa đăng ký", first, drop_and_add)
    rows = dict(Registration.objects.filter(year=year_a).values_list("reg_id", "pk"))
    assert first not in rows and "DK999" in rows
    assert {k: v for k, v in rows.items() if k != "DK999"} == \
        {k: v for k, v in before.items() if k != first}
    exported = store.snapshot_of(Year.objects.get(pk=year_a.pk)).registrations
    assert exported[-1]["id"] == "DK999" and len(exported) == len(before)


def test_markdown_lint_is_remembered_per_text() -> None:
    text = "# I. MỤC ĐÍCH\n\n![ảnh](a.png)\n\n##### quá sâu\n"
    md_lint._lint_cached.cache_clear()
    first = md_lint.lint_markdown(text, "dataset.yaml", 10)
    first.append("changed by the caller")
    second = md_lint.lint_markdown(text, "dataset.yaml", 10)
    assert md_lint._lint_cached.cache_info().hits == 1
    assert "changed by the caller" not in second and len(second) == 2


def test_year_status_goes_to_the_shared_file_cache(year_a: Year) -> None:
    assert settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
    cache.clear()
    found = store.year_status(year_a)
    assert status.cached(year_a) == found
    # another process reads the same folder: a fresh cache object finds the entry
    from django.core.cache.backends.filebased import FileBasedCache

    other = FileBasedCache(str(settings.CACHES["default"]["LOCATION"]), {})
    assert isinstance(other.get(status._key(year_a)), status.YearStatus)
