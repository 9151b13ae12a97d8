"""The required-evidence rule of the dossier (dvk_docs.pdf.evidence): which reports lack
which kind of evidence, grouped per nominee; build_dossier refuses before converting."""

from __future__ import annotations

from pathlib import Path

import pytest

from dvk_docs import api
from dvk_docs.pdf.dossier import IncompleteDossierError, build_dossier, checklist
from dvk_docs.pdf.evidence import evidence_gaps, report_nominees

SAMPLE = api.samples_dir() / "xa-an-phu"


@pytest.fixture(scope="module")
def sample() -> tuple[api.LoadedDataset, api.Facts]:
    loaded = api.load(SAMPLE)
    return loaded, api.derive_facts(loaded)


def test_reports_in_the_dossier_need_the_signed_scan(sample: tuple) -> None:
    loaded, facts = sample
    assert report_nominees(loaded, facts) == ["DK002", "DK013", "DK017", "DK030"]
    gaps = evidence_gaps(loaded, facts, {"DK002": ["bao_cao_ky"], "DK013": ["hinh_anh"]})
    assert [g.split(":")[0] for g in gaps] == [
        "Báo cáo thành tích DK013 (Phạm Thị Thu Trang)",
        "Báo cáo thành tích DK017 (Công an xã An Phú)",
        "Báo cáo thành tích DK030 (Nguyễn Hữu Phước)"]
    assert evidence_gaps(loaded, facts, {}, required=()) == []
    with pytest.raises(ValueError, match="anh_the"):
        evidence_gaps(loaded, facts, {}, required=["anh_the"])


def test_checklist_groups_gaps_by_nominee(sample: tuple) -> None:
    loaded, facts = sample
    check = checklist(loaded, facts, {"DK017": ["hinh_anh", "bao_cao_ky"]})
    rows = {n.reg_id: n for n in check.nominees}
    assert len(rows) == len(facts.stages.proposed)
    assert rows["DK017"].complete and rows["DK017"].kinds == ["bao_cao_ky", "hinh_anh"]
    assert not rows["DK002"].complete and "DK002" in rows["DK002"].gaps[0]
    assert not rows["DK001"].in_dossier and rows["DK001"].complete
    assert check.general == [] and len(check.gaps) == 3


def test_build_dossier_refuses_missing_evidence(tmp_path: Path) -> None:
    with pytest.raises(IncompleteDossierError) as err:
        build_dossier(SAMPLE, tmp_path / "ho-so.pdf", evidence_kinds={"DK002": ["bao_cao_ky"]})
    assert len(err.value.gaps) == 3 and "DK017" in err.value.gaps[1]
    assert not (tmp_path / "ho-so.pdf").exists()
