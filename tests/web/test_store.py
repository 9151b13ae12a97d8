"""Saving a year: validated by the library, never losing a write made meanwhile."""

from __future__ import annotations

from typing import Any

import pytest

from dvk_docs.errors import DatasetError
from dvk_docs.web import store
from dvk_docs.web.models import AuditEntry, Year


def test_change_reapplies_the_edit_when_someone_saved_first(year_a: Year) -> None:
    calls: list[int] = []

    def theirs(snap: store.Snapshot) -> None:
        snap.registrations[0]["model_name"] = "Sửa của người khác"

    def mine(snap: store.Snapshot) -> None:
        calls.append(1)
        if len(calls) == 1:  # another person saves while this edit is being validated
            store.change(year_a, None, "khác", "", theirs)
        snap.registrations[1]["model_name"] = "Sửa của tôi"

    store.change(year_a, None, "tôi", "", mine)
    year_a.refresh_from_db()
    names = list(year_a.registrations.values_list("model_name", flat=True)[:2])
    assert names == ["Sửa của người khác", "Sửa của tôi"]
    assert len(calls) == 2 and year_a.revision == 3
    assert AuditEntry.objects.filter(action__in=["khác", "tôi"]).count() == 2


def test_invalid_change_saves_nothing(year_a: Year) -> None:
    def bad(snap: store.Snapshot) -> None:
        snap.registrations[0]["linh_vuc"] = "Thể thao"

    with pytest.raises(DatasetError, match="Thể thao"):
        store.change(year_a, None, "x", "", bad)
    year_a.refresh_from_db()
    assert year_a.revision == 1
    assert year_a.registrations.first().linh_vuc == "KT"


def test_page_render_runs_in_a_worker_and_is_stopped_at_the_time_limit(
        year_a: Year, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from dvk_docs.web import renderer

    with store.open_year(year_a) as (folder, _loaded):
        content = renderer.render_docx(folder, "ke_hoach")
        assert content[:2] == b"PK"
        settings.RENDER_TIMEOUT = 1
        monkeypatch.setattr(renderer, "_render_in_worker", _sleepy)
        with pytest.raises(renderer.RenderTimeout, match="quá 1 giây"):
            renderer.render_docx(folder, "ke_hoach")
    # a fresh worker takes over
    monkeypatch.undo()
    settings.RENDER_TIMEOUT = 60
    with store.open_year(year_a) as (folder, _loaded):
        assert renderer.render_docx(folder, "ke_hoach")[:2] == b"PK"


def _sleepy(folder: str, kind: str, item: str | None) -> bytes:
    import time

    time.sleep(30)
    return b""
