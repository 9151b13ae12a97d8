"""A dataset that contradicts itself: clear errors naming both places; nothing written
unless --allow-inconsistent, which lists the documents carrying each contradiction."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dvk_docs import build
from dvk_docs.cli import cli
from dvk_docs.errors import DatasetError


def _edit(ds: Path, old: str, new: str) -> None:
    path = ds / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _error(ds: Path, tmp_path: Path) -> str:
    with pytest.raises(DatasetError) as info:
        build(ds, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    return str(info.value)


def test_full_dataset_is_consistent(party_full: Path, state_full: Path, tmp_path: Path) -> None:
    for ds in (party_full, state_full):
        result = build(ds, tmp_path / ds.name)
        assert result.problems == []


def test_votes_above_attendance(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "DK01: 11,", "DK01: 12,")
    msg = _error(party_full, tmp_path)
    assert "DK01 có 12 phiếu đồng ý, nhiều hơn số có mặt (11" in msg
    assert "dataset.yaml, dòng" in msg and msg.count("dòng") >= 2


def test_attendance_above_membership(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "  members_total: 13\n", "  members_total: 13\n  present: 14\n")
    msg = _error(party_full, tmp_path)
    assert "số có mặt 14 lớn hơn tổng số thành viên 13" in msg


def test_quorum_not_met(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, 'quorum: ">=2/3"', 'quorum: ">=90%"')
    msg = _error(party_full, tmp_path)
    assert "có mặt 11/13, chưa đủ điều kiện hợp lệ '>=90%'" in msg


def test_vote_for_unregistered_model(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "DK05: 8}", "DK05: 8, DK99: 7}")
    msg = _error(party_full, tmp_path)
    assert "phiếu bình xét cho mã 'DK99' không có trong registrations" in msg


def test_decision_citing_a_missing_proposal_number(party_full: Path, tmp_path: Path) -> None:
    """This test ensures a cited 'Tờ trình số …' must equal the tờ trình's own header."""
    _edit(party_full, "references:\n  hd:", "references:\n  ttr: {kind: Tờ trình, number: "
          "09-TTr/BXDĐ, date: 08/10/2026}\n  hd:")
    msg = _error(party_full, tmp_path)
    assert ("trích dẫn số 09-TTr/BXDĐ ngày 08/10/2026 nhưng văn bản ngày đó mang số "
            "07-TTr/BXDĐ") in msg


def test_dates_out_of_order(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "  date: 2026-10-12\n", "  date: 2026-10-01\n")
    msg = _error(party_full, tmp_path)
    assert "ngày Tờ trình 08/10/2026 phải trước ngày Quyết định 01/10/2026" in msg
    assert "ngày họp bình xét 06/10/2026" in msg


def test_achievement_for_unregistered_person(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "achievements:\n  DK03:", "achievements:\n  DK77:")
    msg = _error(party_full, tmp_path)
    assert "báo cáo thành tích cho mã 'DK77' không có trong registrations" in msg


def test_proposal_of_a_model_that_failed(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "  level: cấp xã\n  references: [hd]",
          "  level: cấp xã\n  models: [DK01, DK04]\n  references: [hd]")
    msg = _error(party_full, tmp_path)
    assert "đề nghị công nhận DK04 nhưng mô hình này không đạt khi bình xét" in msg


def test_allow_inconsistent_writes_and_lists_documents(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "DK01: 11,", "DK01: 12,")
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(cli, ["build", str(party_full), "-o", str(out)])
    assert res.exit_code == 1 and "--allow-inconsistent" in res.output and not out.exists()
    res = runner.invoke(cli, ["build", str(party_full), "-o", str(out), "--allow-inconsistent"])
    assert res.exit_code == 0, res.output
    assert "Mâu thuẫn:" in res.output and "bien_ban" in res.output
    manifest = (out / "00-danh-muc.txt").read_text(encoding="utf-8")
    assert "MÂU THUẪN" in manifest and "bien_ban" in manifest


def test_problem_documents_name_real_kinds(party_full: Path) -> None:
    """This test ensures every document kind a contradiction points at exists."""
    from dvk_docs.api import check_dataset
    from dvk_docs.dataset import load_dataset
    from dvk_docs.documents import KINDS

    _edit(party_full, "DK01: 11,", "DK01: 12,")
    _edit(party_full, "  date: 2026-10-12\n", "  date: 2026-10-01\n")
    _edit(party_full, "achievements:\n  DK03:", "achievements:\n  DK77:")
    problems = check_dataset(load_dataset(party_full))
    assert len(problems) >= 3
    for p in problems:
        assert set(p.documents) <= set(KINDS), p


def test_score_threshold_with_a_show_of_hands(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, 'threshold: ">50%"', 'threshold: ">=75"')
    assert "biểu quyết/bỏ phiếu cần ngưỡng tỷ lệ" in _error(party_full, tmp_path)


def test_percent_threshold_with_scoring(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "method: show_of_hands", "method: scoring")
    assert "chấm điểm (meeting.method: scoring) cần ngưỡng điểm" in _error(party_full, tmp_path)


def test_appraisal_notice_after_the_meeting(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "  date: 2026-09-30\n", "  date: 2026-10-07\n")
    msg = _error(party_full, tmp_path)
    assert "ngày kết thúc thẩm định / thông báo 07/10/2026 phải không sau ngày họp bình xét" \
        in msg


def test_unknown_unit_in_report(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "      Công an xã: {", "      Công an xa: {")
    msg = _error(party_full, tmp_path)
    assert "không có đơn vị 'Công an xa' trong danh sách đăng ký. Có phải 'Công an xã'?" in msg


def test_vietnamese_result_words_accepted(party_full: Path, tmp_path: Path) -> None:
    _edit(party_full, "DK01: {result: dat, score: 88}", "DK01: {result: Đạt, score: 88}")
    _edit(party_full, "DK06: {result: khong_dat,", "DK06: {result: Không đạt,")
    assert build(party_full, tmp_path / "out").problems == []


def test_decision_dated_in_january_next_year(party_full: Path, tmp_path: Path) -> None:
    """This test ensures a decision may be dated in the next year (year-end reviews) when
    the dataset declares it in date_window, and is refused when it does not."""
    _edit(party_full, "  date: 2026-10-12\n", "  date: 2027-01-12\n")
    _edit(party_full, "    date: 2026-11-20\n", "    date: 2027-01-20\n")
    with pytest.raises(DatasetError, match="Quyết định công nhận: ngày 12/01/2027 không thuộc "
                                           "năm 2026 của bộ dữ liệu"):
        build(party_full, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    _edit(party_full, "year: 2026\n", "year: 2026\ndate_window: {latest: 31/01/2027}\n")
    result = build(party_full, tmp_path / "out")
    from .docx_helpers import all_text, open_docx

    assert "An Phú, ngày 12 tháng 01 năm 2027" in all_text(
        open_docx(tmp_path / "out" / "09-quyet-dinh.docx"))
    assert result.problems == []
