"""One truth: every generated document, read back, spells each model's name, subject and
field exactly as the dataset does, and lists exactly the models of its stage."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from dvk_docs import build
from dvk_docs.dataset import load_dataset
from dvk_docs.facts import derive

from .docx_helpers import all_text, open_docx

REPO = Path(__file__).resolve().parent.parent
DATASETS = [REPO / "tests" / "data" / "party-full", REPO / "tests" / "data" / "state-full",
            REPO / "samples" / "xa-an-phu", REPO / "samples" / "phuong-hoa-binh"]

# document (file prefix) -> the stage whose models it must list
STAGE_OF = {
    "02-tong-hop-dang-ky": "registered",
    "04-thong-bao-tham-dinh": "appraised",
    "05-bien-ban-binh-xet": "candidates",
    "06-to-trinh": "proposed",
    "08-trich-ngang": "proposed",
    "09-quyet-dinh": "recognised",
}


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module", params=DATASETS, ids=[p.name for p in DATASETS])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("one-truth")
    build(request.param, out)
    return request.param, out


def test_each_stage_document_lists_exactly_its_models(built: tuple[Path, Path]) -> None:
    dataset, out = built
    loaded = load_dataset(dataset)
    stages = derive(loaded).stages
    assert stages is not None
    all_regs = loaded.registrations
    for prefix, stage in STAGE_OF.items():
        path = out / f"{prefix}.docx"
        if not path.exists():
            continue
        text = _norm(all_text(open_docx(path)))
        members = {r.id for r in getattr(stages, stage)}
        for reg in all_regs:
            name = _norm(reg.model_name)
            if reg.id in members:
                assert name in text, (prefix, reg.id, name)
                ach = loaded.data.achievements.get(reg.id or "")
                people = [p.full_name for p in (reg.person, ach.person if ach else None) if p]
                assert _norm(reg.registrant) in text or any(_norm(p) in text for p in people), \
                    (prefix, reg.id)
            elif not any(name in _norm(o.model_name) for o in all_regs if o.id in members):
                assert name not in text, (prefix, reg.id, "listed but not in stage " + stage)


def test_names_are_spelled_identically_everywhere(built: tuple[Path, Path]) -> None:
    """This test ensures no document carries a variant spelling (case, spacing, quotes) of a
    model name or of a lĩnh vực name."""
    dataset, out = built
    loaded = load_dataset(dataset)
    names = {_norm(r.model_name) for r in loaded.registrations}
    fields = {_norm(lv.name) for lv in loaded.data.linh_vuc}
    for path in out.rglob("*.docx"):
        text = _norm(all_text(open_docx(path)))
        folded = text.casefold()
        for name in names | fields:
            # a name may start lower-case inside a sentence ("... lĩnh vực văn hóa - xã hội")
            exact = text.count(name) + text.count(name[:1].lower() + name[1:])
            if name[:1].islower():
                exact = text.count(name) + text.count(name[:1].upper() + name[1:])
            loose = folded.count(name.casefold())
            assert exact == loose, (path.name, name)  # no other variant (case, inner words)


def test_counts_printed_match_the_stage_lists(built: tuple[Path, Path]) -> None:
    from dvk_docs.facts import kinds_sentence

    dataset, out = built
    loaded = load_dataset(dataset)
    stages = derive(loaded).stages
    assert stages is not None
    for prefix, stage in (("06-to-trinh", "proposed"), ("09-quyet-dinh", "recognised"),
                          ("08-trich-ngang", "proposed")):
        path = out / f"{prefix}.docx"
        if path.exists() and getattr(stages, stage):
            text = _norm(all_text(open_docx(path)))
            sentence = kinds_sentence(getattr(stages, stage))
            if prefix in ("06-to-trinh", "09-quyet-dinh") and loaded.data.family.value == "state":
                sentence = sentence.split(", trong đó ")[-1]
            assert sentence in text, (prefix, sentence)
