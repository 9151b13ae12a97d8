"""Shared fixtures: every written file goes under tmp_path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def party_min(tmp_path: Path) -> Path:
    """A copy of the minimal Party dataset the test may edit."""
    dst = tmp_path / "party-min"
    shutil.copytree(DATA / "party-min", dst)
    return dst


@pytest.fixture
def state_min(tmp_path: Path) -> Path:
    dst = tmp_path / "state-min"
    shutil.copytree(DATA / "state-min", dst)
    return dst


@pytest.fixture(autouse=True)
def _isolate_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def party_full(tmp_path: Path) -> Path:
    """A whole year (appraisal ... reports) for a Party-family commune."""
    dst = tmp_path / "party-full"
    shutil.copytree(DATA / "party-full", dst)
    return dst


@pytest.fixture
def state_full(tmp_path: Path) -> Path:
    dst = tmp_path / "state-full"
    shutil.copytree(DATA / "state-full", dst)
    return dst
