"""clean_tree: the same result as clean_text on every string, in place or into a copy, with
the verdicts on clean texts remembered between validations (the web application validates
the same year on every save)."""

from __future__ import annotations

import copy
import unicodedata
from typing import Any

import pytest

from dvk_docs.api import load_model, samples_dir
from dvk_docs.dataset import load_dataset
from dvk_docs.dataset.clean import clean_text, clean_tree, is_clean
from dvk_docs.errors import DatasetError

TCVN3 = "§¶ng ñy x· An Phó"  # "Đảng ủy xã An Phú" typed in TCVN3, read as Latin-1


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


@pytest.fixture(scope="module")
def sample() -> dict[str, Any]:
    """The sample as a mapping held in memory (bodies inline), as the web application has it."""
    loaded = load_dataset(samples_dir() / "xa-an-phu")
    doc = loaded.data.model_dump(mode="json", exclude_none=True)
    plan = doc["documents"]["ke_hoach"]
    plan.pop("body_file", None)
    plan["body"] = loaded.plan_body
    for report in doc.get("reports", []):
        if report.get("body_file"):
            report["body"] = (loaded.base_dir / report.pop("body_file")).read_text("utf-8")
    return doc


@pytest.mark.parametrize("text", [
    "Mô hình \"Dân vận khéo\"", "plain ascii", "tab\tand\nnewline", "bell\x07", "vt\x0bline",
    unicodedata.normalize("NFD", "Phường Hòa Bình"), TCVN3, "line one\n" + TCVN3,
    "x" * 5000 + "\x01", "Đoàn " * 2000, "\ud800 lone", ""])
def test_verdict_agrees_with_clean_text(text: str) -> None:
    warned: list[str] = []
    try:
        cleaned = clean_text(text, "f", warned.append)
    except ValueError:
        assert not is_clean(text)
        return
    assert is_clean(text) == (cleaned == text and not warned)
    assert is_clean(text) == (cleaned == text and not warned)  # the remembered verdict


def test_copy_leaves_the_input_and_gives_the_in_place_result(sample: dict[str, Any]) -> None:
    dirty = copy.deepcopy(sample)
    dirty["registrations"][2]["model_name"] = unicodedata.normalize("NFD", "Mô hình\x01 mới")
    dirty["documents"]["ke_hoach"]["body"] += "\nThêm\x0bdòng"
    before = copy.deepcopy(dirty)
    warned_copy: list[str] = []
    copied = clean_tree(dirty, "", warned_copy.append, copy=True)
    assert dirty == before  # untouched
    warned_place: list[str] = []
    in_place = clean_tree(copy.deepcopy(dirty), "", warned_place.append)
    assert copied == in_place and warned_copy == warned_place
    assert copied["registrations"][2]["model_name"] == "Mô hình mới"
    assert "registrations[2].model_name" in warned_copy[0]
    assert all(is_clean(s) for s in strings(copied))


def test_load_model_keeps_the_callers_mapping(sample: dict[str, Any]) -> None:
    data = copy.deepcopy(sample)
    data["registrations"][0]["registrant"] = unicodedata.normalize("NFD", "Chi bộ Ấp Mới")
    before = copy.deepcopy(data)
    loaded = load_model(data)
    assert data == before
    assert loaded.data.registrations[0].registrant == "Chi bộ Ấp Mới"
    assert loaded.root is not data and loaded.root["registrations"] is not data["registrations"]


def test_a_year_once_clean_still_refuses_a_legacy_text_added_later(sample: dict[str, Any]
                                                                    ) -> None:
    load_model(sample)  # every text of the year now has a remembered verdict
    data = copy.deepcopy(sample)
    data["registrations"][1]["model_name"] = TCVN3
    with pytest.raises(DatasetError) as err:
        load_model(data)
    assert "registrations[1].model_name" in str(err.value) or "TCVN3" in str(err.value)
    long_body = data["documents"]["ke_hoach"]["body"] + "\n" + TCVN3
    data["registrations"][1]["model_name"] = "Mô hình mới"
    data["documents"]["ke_hoach"]["body"] = long_body
    with pytest.raises(DatasetError, match="TCVN3"):
        load_model(data)
