"""Procedure as data (issue 13, point 6): who proposes, who votes, who decides and in which
order, and what each document may therefore cite or enclose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dvk_docs import build
from dvk_docs.consistency import check_all
from dvk_docs.dataset import load_dataset
from dvk_docs.facts import derive
from dvk_docs.procedure import check_procedure, minutes_enclosed, order

from .docx_helpers import all_text, open_docx

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"


@pytest.fixture(scope="module")
def party(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLES / "xa-an-phu", tmp_path_factory.mktemp("party") / "out").out_dir


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(SAMPLES / "phuong-hoa-binh", tmp_path_factory.mktemp("state") / "out").out_dir


def _copy(name: str, tmp_path: Path) -> Path:
    dest = tmp_path / name
    shutil.copytree(SAMPLES / name, dest)
    return dest


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_party_staff_board_proposes_before_the_committee_votes(party: Path) -> None:
    """This test ensures the Party flow of seed 001 §5.2.4: Ban Xây dựng Đảng proposes the 26
    models that passed the appraisal to the Ban Thường vụ, without the minutes of a meeting
    held after it by the body it is addressed to; the Ban Thường vụ votes and recognises 24,
    citing its own minutes and the tờ trình, both dated before the quyết định."""
    loaded = load_dataset(SAMPLES / "xa-an-phu")
    assert order(loaded) == ["tham_dinh", "to_trinh", "binh_xet", "quyet_dinh"]
    assert not minutes_enclosed(loaded)
    stages = derive(loaded).stages
    assert stages is not None
    assert len(stages.proposed) == 26 and len(stages.recognised) == 24
    proposal = all_text(open_docx(party / "06-to-trinh.docx"))
    assert "Biên bản" not in proposal and "Tại cuộc họp bình xét" not in proposal
    assert "xem xét, bình xét và công nhận" in proposal and "đối với 26 mô hình" in proposal
    decision = all_text(open_docx(party / "09-quyet-dinh.docx"))
    assert ("- Căn cứ kết quả bình xét tại Biên bản họp bình xét số 19-BB/ĐU, ngày 06/10/2026 "
            "của Ban Thường vụ Đảng ủy xã An Phú;") in decision
    assert "Tờ trình số 22-TTr/BXDĐ, ngày 02/10/2026," in decision
    assert "đối với 24 mô hình" in decision
    assert check_procedure(loaded) == []


def test_state_council_votes_then_the_office_proposes_with_its_minutes(state: Path) -> None:
    """This test ensures the State flow: the Hội đồng votes, the Văn phòng's tờ trình encloses
    those minutes (earlier, another body) and asks for exactly what Điều 1 grants."""
    loaded = load_dataset(SAMPLES / "phuong-hoa-binh")
    assert order(loaded) == ["tham_dinh", "binh_xet", "to_trinh", "quyet_dinh"]
    assert minutes_enclosed(loaded)
    proposal = all_text(open_docx(state / "06-to-trinh.docx"))
    decision = all_text(open_docx(state / "09-quyet-dinh.docx"))
    grant = ("tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Hòa Bình cho 06 tập thể, 02 cá "
             "nhân đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm 2026")
    assert grant in proposal and "công nhận đạt" not in proposal
    assert f"Điều 1. T{grant[1:]} (có danh sách kèm theo)." in decision
    assert "- Biên bản họp bình xét số 04/BB-HĐTĐKT ngày 06/10/2026" in proposal


def test_dates_against_the_declared_order_are_an_error(tmp_path: Path) -> None:
    """This test ensures a tờ trình dated after the meeting while procedure.order puts it
    before is reported with the YAML line, and stops the build."""
    folder = _copy("xa-an-phu", tmp_path)
    _edit(folder, "  date: 2026-10-02\n", "  date: 2026-10-08\n")
    loaded = load_dataset(folder)
    problems = [p for p in check_all(loaded, derive(loaded).stages)  # type: ignore[arg-type]
                if p.code == "consistency.procedure"]
    assert len(problems) == 1, problems
    assert "tờ trình ngày 08/10/2026 (dataset.yaml, dòng" in problems[0].message
    assert "sau họp bình xét ngày 06/10/2026" in problems[0].message
    assert problems[0].path == "meeting.date" and problems[0].line


def test_tờ_trình_may_not_enclose_minutes_of_its_addressee(tmp_path: Path) -> None:
    """This test ensures an attachments line naming the minutes of a later meeting of the
    addressee is refused."""
    folder = _copy("xa-an-phu", tmp_path)
    _edit(folder, "  level: \"cấp xã\"\n  references: [hd_tinh]\n",
          "  level: \"cấp xã\"\n  references: [hd_tinh]\n  attachments:\n"
          "    - \"Biên bản họp bình xét\"\n")
    messages = [m for _, m in check_procedure(load_dataset(folder))]
    assert len(messages) == 1 and "cuộc họp bình xét diễn ra sau tờ trình" in messages[0]


def test_summary_gets_its_own_reference(party: Path, state: Path, tmp_path: Path) -> None:
    """This test ensures the Mẫu 1 list of either sample is attached to its own report, not
    'Kèm theo Kế hoạch' of a plan issued earlier (by another body in the Party sample), and
    that claiming so is an error."""
    for out, line in ((party, "(Kèm theo Báo cáo số 06-BC/BXDĐ, ngày 25/02/2026 của Ban Xây "
                              "dựng Đảng Đảng ủy xã An Phú)"),
                      (state, "(Kèm theo Báo cáo số 58/BC-UBND ngày 06/3/2026 của Ủy ban nhân "
                              "dân phường Hòa Bình)")):
        text = all_text(open_docx(out / "02-tong-hop-dang-ky.docx"))
        assert line in text.split("\n") and "Kèm theo Kế hoạch" not in text
    folder = _copy("xa-an-phu", tmp_path)
    _edit(folder, "    attached_to: bc_dang_ky\n", "    attached_to_plan: true\n")
    messages = [m for _, m in check_procedure(load_dataset(folder))]
    assert any("do cơ quan khác lập" in m and "attached_to" in m for m in messages), messages


def test_each_report_carries_both_confirmations(state: Path, tmp_path: Path) -> None:
    """This test ensures every báo cáo thành tích of the State sample carries the managing
    body's and the Party committee's confirmation (a chi bộ signs T/M without a seal), the
    tờ trình names the reports it encloses and for whom, and the completeness check names a
    missing cấp ủy confirmation."""
    from dvk_docs.pdf.dossier import completeness

    reports = sorted((state / "07-bao-cao-thanh-tich").glob("*.docx"))
    assert len(reports) == 3
    for path in reports:
        doc = open_docx(path)
        blocks = [t for t in doc.tables if "XÁC NHẬN CỦA" in t._tbl.xml]
        assert len(blocks) == 2, path.name
        chi_bo = [line for t in blocks for c in t.rows[0].cells for p in c.paragraphs
                  for line in p.text.split("\n")]
        assert "T/M CHI BỘ" in chi_bo
        i = chi_bo.index("T/M CHI BỘ")
        assert "(Ký, ghi rõ họ tên)" in chi_bo[i:i + 4]
    proposal = all_text(open_docx(state / "06-to-trinh.docx"))
    assert ("- Báo cáo thành tích của 03 điển hình (01 tập thể, 02 cá nhân): Trung tâm Phục vụ "
            "hành chính công phường Hòa Bình; bà Đinh Thị Mỹ Linh; ông Kiều Văn Sáu (mỗi báo "
            "cáo 02 bản, có xác nhận của cơ quan quản lý và cấp ủy);") in proposal
    folder = _copy("phuong-hoa-binh", tmp_path)
    _edit(folder, '''    party_confirmer:
      body: "Chi bộ Văn phòng HĐND và UBND phường"
      signer: {authority: TM, on_behalf_of: "Chi bộ", title: "Bí thư", name: "Âu Minh Trí"}
  DK008:''', "  DK008:")
    loaded = load_dataset(folder)
    gaps = completeness(loaded, derive(loaded))
    assert any("DK001" in g and "chưa có xác nhận của cấp ủy" in g and "party_confirmer" in g
               for g in gaps), gaps


def test_individual_report_is_the_persons_own(party: Path, state: Path) -> None:
    """This test ensures an individual báo cáo thành tích carries the lý lịch lines (ngày sinh,
    quê quán, dân tộc, trình độ, ngày vào Đảng for a Party member) and speaks in the first
    person in both samples."""
    import re

    for out, name in ((party, "Phạm Thị Thu Trang"), (state, "Đinh Thị Mỹ Linh")):
        path = next(p for p in (out / "07-bao-cao-thanh-tich").glob("*.docx")
                    if name in all_text(open_docx(p)))
        lines = all_text(open_docx(path)).split("\n")
        for label in ("Ngày sinh", "Quê quán", "Dân tộc", "Trình độ chuyên môn, lý luận chính "
                      "trị", "Ngày vào Đảng"):
            assert any(re.match(rf"- {label}: \S", ln) for ln in lines), (name, label)
        text = "\n".join(lines)
        assert re.search(r"\b[Tt]ôi\b", text), name
        assert not re.search(r"\b(cô Trang|chị Linh)\b", text), name


def test_party_registration_form(party: Path) -> None:
    """This test ensures the Party phiếu đăng ký is headed by the registering unit under the
    Party committee ('ĐẢNG ỦY XÃ AN PHÚ / HỘI NÔNG DÂN XÃ'), a chi bộ confirms without a seal,
    and the form always offers địa bàn, nội dung và cách làm, thời gian, người phụ trách."""
    from .docx_helpers import cell_lines

    forms = sorted((party / "03-phieu-dang-ky").glob("*.docx"))
    doc = open_docx(forms[0])
    assert cell_lines(doc.tables[0], 0, 0)[:2] == ["ĐẢNG ỦY XÃ AN PHÚ", "HỘI NÔNG DÂN XÃ"]
    lines = all_text(doc).split("\n")
    for label in ("Địa bàn, phạm vi thực hiện:", "Nội dung, cách làm:", "Thời gian thực hiện:",
                  "Người phụ trách:"):
        assert any(label in ln for ln in lines), label
    confirm = next(t for t in doc.tables if "XÁC NHẬN CỦA" in t._tbl.xml)
    left = cell_lines(confirm, 0, 0)
    assert left[0] == "XÁC NHẬN CỦA CHI BỘ CƠ QUAN MẶT TRẬN TỔ QUỐC XÃ"
    assert "(Ký tên, đóng dấu)" not in left and "(Ký, ghi rõ họ tên)" in left
