"""dataset.yaml parsed once per content (issue 14, target 4): a new process takes the parsed
tree from the cache folder; changed bytes, a damaged entry or DVK_DOCS_CACHE=off parse again,
and messages keep their line numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dvk_docs.dataset import load
from dvk_docs.errors import DatasetError

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "xa-an-phu"


def test_parsed_once_then_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                         ) -> None:
    """This test ensures the second read of the same bytes does not run ruamel's parser and
    gives the same tree with the same line numbers; other bytes are parsed."""
    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    ds = tmp_path / "ds"
    shutil.copytree(SAMPLE, ds)
    first = load._read_yaml(ds / "dataset.yaml")
    assert len(list((tmp_path / "cache").glob("yaml-*.pickle"))) == 1

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(load.YAML, "load", no_parse)
    again = load._read_yaml(ds / "dataset.yaml")
    assert again == first and again is not first
    key = next(iter(first))
    assert again.lc.key(key) == first.lc.key(key)
    text = (ds / "dataset.yaml").read_text(encoding="utf-8")
    (ds / "dataset.yaml").write_text(text + "\n# sửa\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="parsed again"):
        load._read_yaml(ds / "dataset.yaml")


def test_damaged_entry_or_cache_off_parse_again(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures a broken cache entry is ignored and DVK_DOCS_CACHE=off writes
    nothing."""
    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    path = SAMPLE / "dataset.yaml"
    first = load._read_yaml(path)
    entry = next((tmp_path / "cache").glob("yaml-*.pickle"))
    entry.write_bytes(b"\x80garbage")
    assert load._read_yaml(path) == first
    monkeypatch.setenv("DVK_DOCS_CACHE", "off")
    shutil.rmtree(tmp_path / "cache")
    assert load._read_yaml(path) == first
    assert not (tmp_path / "cache").exists()


def test_errors_still_name_their_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """This test ensures a YAML error is never cached: the second read says the same line."""
    monkeypatch.setenv("DVK_DOCS_CACHE", str(tmp_path / "cache"))
    bad = tmp_path / "dataset.yaml"
    bad.write_text("year: 2026\nplace: [An Phú\nfamily: party\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DatasetError, match="dòng"):
            load._read_yaml(bad)
    assert not list((tmp_path / "cache").glob("yaml-*.pickle"))
