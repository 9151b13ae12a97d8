"""Round trips of the Tờ trình (to_trinh) and the Quyết định (quyet_dinh), both families.

Every number and date one document cites is compared with the cited document's own data
and, where that document is generated too, with the number line and date of its header.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from docx.document import Document as DocxDocument
from docx.table import Table

from dvk_docs import build
from dvk_docs.conventions import Family, cited_date, format_symbol
from dvk_docs.dataset import load_dataset
from dvk_docs.documents import KINDS
from dvk_docs.errors import DatasetError
from dvk_docs.facts import derive, linh_vuc_label

from .conftest import DATA
from .docx_helpers import all_text, cell_lines, effective, find_paragraph, open_docx

PROPOSAL = KINDS["to_trinh"].filename()
DECISION = KINDS["quyet_dinh"].filename()
MINUTES = "bien_ban_binh_xet"
CITED_KINDS = ("ke_hoach", "thong_bao_tham_dinh", MINUTES, "to_trinh", "quyet_dinh")


def _copy(name: str, tmp_path: Path) -> Path:
    dst = tmp_path / name
    shutil.copytree(DATA / name, dst)
    return dst


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "dataset.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _build(folder: Path, out: Path) -> Path:
    kinds = [k for k in CITED_KINDS if k in KINDS]
    build(folder, out, kinds=kinds)
    return out


@pytest.fixture
def party_year(tmp_path: Path) -> Path:
    """party-full with a routing ("qua ...") for the tờ trình."""
    folder = _copy("party-full", tmp_path)
    _edit(folder, "  addressee: Ban Thường vụ Đảng ủy xã An Phú\n",
          "  addressee: Ban Thường vụ Đảng ủy xã An Phú\n  routing: Văn phòng Đảng ủy\n")
    return folder


@pytest.fixture
def party_out(party_year: Path, tmp_path: Path) -> Path:
    return _build(party_year, tmp_path / "out")


@pytest.fixture
def state_out(tmp_path: Path) -> Path:
    return _build(_copy("state-full", tmp_path), tmp_path / "out-state")


# -- reading a generated document back ------------------------------------------------------
def _number_line(doc: DocxDocument) -> str:
    return next(x for x in cell_lines(doc.tables[0], 0, 0) if x.startswith("Số"))


def _symbol(doc: DocxDocument) -> str:
    return re.sub(r"^Số:?\s*", "", _number_line(doc))


def _header_date(doc: DocxDocument) -> dt.date:
    line = cell_lines(doc.tables[0], 0, 1)[-1]
    m = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", line)
    assert m, line
    day, month, year = (int(g) for g in m.groups())
    return dt.date(year, month, day)


def _citation_of(out: Path, key: str, kind_word: str) -> str:
    """'Kế hoạch số 03-KH/ĐU, ngày 15/01/2026' as read from that document's own header."""
    doc = open_docx(out / KINDS[key].filename())
    comma = "" if re.match(r"\d+/", _symbol(doc)) else ","  # State: no comma before 'ngày'
    return f"{kind_word} số {_symbol(doc)}{comma} {cited_date(_header_date(doc))}"


def _model_rows(table: Table) -> list[tuple[str, str, str, str]]:
    """(registrant, model, lĩnh vực, kind) of the data rows; group headings skipped."""
    rows = []
    for row in table.rows[1:]:
        texts = [c.text for c in row.cells]
        if len(set(texts)) == 1:  # a merged group heading ("A. Tập thể")
            continue
        rows.append((texts[1], texts[2], texts[3], texts[4]))
    return rows


def _group_headings(table: Table) -> list[str]:
    return [row.cells[0].text for row in table.rows[1:] if len({c.text for c in row.cells}) == 1]


def _expected_rows(folder: Path, stage: str) -> list[tuple[str, str, str, str]]:
    """The stage's models as the list must print them: tập thể first, then cá nhân."""
    facts = derive(load_dataset(folder))
    assert facts.stages is not None
    regs = getattr(facts.stages, stage)
    ordered = [r for r in regs if r.kind.value == "tap_the"] + \
        [r for r in regs if r.kind.value == "ca_nhan"]
    return [(r.registrant, r.model_name, linh_vuc_label(facts.linh_vuc_names[r.linh_vuc]),
             r.kind.label)
            for r in ordered]


# -- Tờ trình ---------------------------------------------------------------------------------
def test_party_proposal_header_title_and_addressee(party_out: Path) -> None:
    """This test ensures that the Party tờ trình carries its own number, title and Kính gửi
    with the routing."""
    doc = open_docx(party_out / PROPOSAL)
    assert cell_lines(doc.tables[0], 0, 0) == ["ĐẢNG ỦY XÃ AN PHÚ", "BAN XÂY DỰNG ĐẢNG", "*",
                                               "Số 07-TTr/BXDĐ"]
    assert cell_lines(doc.tables[0], 0, 1)[-1] == "An Phú, ngày 08 tháng 10 năm 2026"
    text = all_text(doc).split("\n")
    assert "TỜ TRÌNH" in text
    assert "về việc đề nghị công nhận mô hình, điển hình “Dân vận khéo” năm 2026" in text
    kinh_gui = find_paragraph(
        doc, "Kính gửi: Ban Thường vụ Đảng ủy xã An Phú (qua Văn phòng Đảng ủy)")
    assert kinh_gui.style.name == "DVK Kinh gui"
    assert doc.styles["DVK Kinh gui"].paragraph_format.alignment == 1  # centred


def test_party_proposal_cites_each_document_by_its_own_number(party_year: Path,
                                                              party_out: Path) -> None:
    """This test ensures that the plan and the appraisal notice are cited with the numbers and
    dates of their own data and of their generated headers, and that the minutes of the Ban
    Thường vụ's own meeting are not cited in a tờ trình addressed to that Ban Thường vụ."""
    data = load_dataset(party_year).data
    text = all_text(open_docx(party_out / PROPOSAL))
    plan, appraisal, meeting = data.documents.ke_hoach, data.appraisal, data.meeting
    assert plan is not None and appraisal is not None and meeting is not None
    assert plan.date and appraisal.date and meeting.date
    symbols = {key: format_symbol(doc.number, code, issuer, Family.PARTY)
               for key, doc, code, issuer in (("ke_hoach", plan, "KH", "ĐU"),
                                              ("thong_bao_tham_dinh", appraisal, "TB", "BXDĐ"),
                                              (MINUTES, meeting, "BB", "ĐU"))}
    expected = {
        "ke_hoach": f"Kế hoạch số {symbols['ke_hoach']}, {cited_date(plan.date)}",
        "thong_bao_tham_dinh": f"Thông báo số {symbols['thong_bao_tham_dinh']}, "
                               f"{cited_date(appraisal.date)}",
        MINUTES: f"Biên bản họp bình xét số {symbols[MINUTES]}, "
                    f"{cited_date(meeting.date)}",
    }
    assert expected["ke_hoach"] == "Kế hoạch số 03-KH/ĐU, ngày 15/01/2026"
    assert expected[MINUTES] == "Biên bản họp bình xét số 02-BB/ĐU, ngày 06/10/2026"
    assert f"Căn cứ {expected.pop(MINUTES)} của " not in text
    assert "Biên bản" not in text
    for key, citation in expected.items():
        assert f"Căn cứ {citation} của " in text, citation
        if key in KINDS:  # the cited document is generated too: its header says the same
            word = citation.split(" số ")[0]
            assert _citation_of(party_out, key, word) == citation, key
    assert ("Căn cứ Hướng dẫn số 12-HD/BTGDVTU, ngày 10/01/2026 của Ban Tuyên giáo và Dân vận "
            "Tỉnh ủy về thực hiện phong trào thi đua “Dân vận khéo” năm 2026;") in text


def test_party_proposal_request_counts_equal_the_list(party_year: Path, party_out: Path
                                                      ) -> None:
    """This test ensures that the request sentence's counts (total, tập thể/cá nhân, per
    lĩnh vực) are the rows of the list, and the list is exactly the proposed models."""
    doc = open_docx(party_out / PROPOSAL)
    text = all_text(doc)
    request = next(line for line in text.split("\n") if "kính đề nghị" in line)
    assert ("Ban Xây dựng Đảng kính đề nghị Ban Thường vụ Đảng ủy xã An Phú xem xét, công "
            "nhận đạt mô hình, điển hình “Dân vận khéo” cấp xã năm 2026 đối với 04 mô hình, "
            "trong đó 02 tập thể, 02 cá nhân (") in request
    assert request.endswith("cụ thể như sau:")
    table = doc.tables[1]
    rows = _model_rows(table)
    assert rows == _expected_rows(party_year, "proposed")
    assert _group_headings(table) == ["A. Tập thể", "B. Cá nhân"]
    assert f"đối với {len(rows):02d} mô hình" in request
    assert f"{sum(r[3] == 'Tập thể' for r in rows):02d} tập thể" in request
    assert f"{sum(r[3] == 'Cá nhân' for r in rows):02d} cá nhân" in request
    fields = re.findall(r"(lĩnh vực [^;()]+?) (\d+) mô hình", request)
    assert fields, request
    for name, n in fields:
        assert int(n) == sum("lĩnh vực " + r[2].lower() == name for r in rows), name
    assert sum(int(n) for _, n in fields) == len(rows)
    # the assessment: registered, appraised and voted counts from the stages
    assert ("Tổng số 06 mô hình, trong đó: 04 tập thể, 02 cá nhân; 04 đăng ký mới, 01 có từ "
            "trước, 01 nhân rộng.") in text
    assert "Qua thẩm định thực tế, có 05/06 mô hình đạt yêu cầu." in text
    assert ("đã xem xét 05 mô hình; có 04 mô hình được trên 50% số thành viên có mặt biểu "
            "quyết đồng ý.") in text


def test_party_proposal_attachments_closing_recipients_signature(party_out: Path) -> None:
    """This test ensures the dossier list, the closing line, Nơi nhận starting 'Như trên'
    and the signature block."""
    doc = open_docx(party_out / PROPOSAL)
    lines = all_text(doc).split("\n")
    start = lines.index("Hồ sơ kèm theo:")
    # what the dossier holds, named: no minutes of the addressee's own meeting, the reports
    # of the two điển hình with a report, the trích ngang of all four proposed
    assert lines[start + 1:start + 3] == [
        "- Báo cáo thành tích của 02 điển hình (01 tập thể, 01 cá nhân): Chi bộ thôn Phú Lợi; "
        "bà Lê Thị Mai (mỗi báo cáo 02 bản, có xác nhận của cơ quan quản lý và cấp ủy);",
        "- Danh sách trích ngang thành tích của 04 mô hình đề nghị.",
    ]
    assert "Kính đề nghị Ban Thường vụ Đảng ủy xã An Phú xem xét, quyết định./." in lines
    sig = doc.tables[-1]
    assert cell_lines(sig, 0, 0) == ["Nơi nhận:", "- Như trên,", "- Thường trực Đảng ủy,",
                                     "- Lưu Ban Xây dựng Đảng."]
    assert cell_lines(sig, 0, 1) == ["TRƯỞNG BAN", "Đỗ Thị Hạnh"]


def test_state_proposal(tmp_path: Path, state_out: Path) -> None:
    """This test ensures the State tờ trình: 'Số:' slash number, citations in State form,
    the same list and a 'Lưu: VT' line."""
    doc = open_docx(state_out / PROPOSAL)
    assert _number_line(doc) == "Số: 07/TTr-VHXH"
    text = all_text(doc)
    assert "Kính gửi: Chủ tịch Ủy ban nhân dân phường Hòa Bình" in text.split("\n")
    assert "Căn cứ Kế hoạch số 03/KH-UBND ngày 15/01/2026 của Ủy ban nhân dân phường Hòa " \
        "Bình" in text
    assert "Căn cứ Biên bản họp bình xét số 02/BB-UBND ngày 06/10/2026 của Hội đồng Thi " \
        "đua - Khen thưởng phường Hòa Bình." in text
    for key in ("ke_hoach", "thong_bao_tham_dinh", MINUTES):
        if key in KINDS:
            word = {"ke_hoach": "Kế hoạch", "thong_bao_tham_dinh": "Thông báo",
                    MINUTES: "Biên bản họp bình xét"}[key]
            assert f"Căn cứ {_citation_of(state_out, key, word)} của " in text, key
    # asks for what the quyết định grants, in the words of its Điều 1
    grant = ("tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Hòa Bình cho 02 tập thể, 02 "
             "cá nhân đã có thành tích xuất sắc trong phong trào thi đua “Dân vận khéo” năm "
             "2026")
    assert f"xem xét, {grant} (" in text
    decision = all_text(open_docx(state_out / "09-quyet-dinh.docx"))
    assert f"Điều 1. {grant[:1].upper()}{grant[1:]} (có danh sách kèm theo)." in decision
    assert ("- Biên bản họp bình xét số 02/BB-UBND ngày 06/10/2026 của Hội đồng Thi đua - "
            "Khen thưởng phường Hòa Bình;") in text
    assert _model_rows(doc.tables[1]) == _expected_rows(tmp_path / "state-full", "proposed")
    assert cell_lines(doc.tables[-1], 0, 0)[-1] == "- Lưu: VT, VHXH."
    assert cell_lines(doc.tables[-1], 0, 1) == ["TRƯỞNG PHÒNG", "Đỗ Thị Hạnh"]


def test_proposal_with_nothing_to_propose_has_no_list(tmp_path: Path) -> None:
    """This test ensures an empty proposal says so and prints no empty table."""
    folder = _copy("party-full", tmp_path)
    _edit(folder, "  level: cấp xã\n  references: [hd]\n",
          "  level: cấp xã\n  models: []\n  references: [hd]\n")
    _edit(folder, "  references: [dieu_le, quy_che]\n",
          "  references: [dieu_le, quy_che]\n  recognised: []\n")
    build(folder, tmp_path / "out", kinds=["to_trinh"])
    doc = open_docx(tmp_path / "out" / PROPOSAL)
    assert "chưa có mô hình nào đủ điều kiện để đề nghị công nhận" in all_text(doc)
    assert len(doc.tables) == 2  # header and signature only


def test_proposal_unknown_signer_names_the_place(tmp_path: Path) -> None:
    """This test ensures a signer key missing from 'signers' is reported with its line."""
    folder = _copy("party-full", tmp_path)
    _edit(folder, "  signer: truong_ban\n  addressee:", "  signer: truong_bam\n  addressee:")
    with pytest.raises(DatasetError, match=r"dataset\.yaml, dòng \d+: người ký 'truong_bam'"):
        build(folder, tmp_path / "out", kinds=["to_trinh"])


# -- Quyết định -------------------------------------------------------------------------------
def test_party_decision_header_basis_and_articles(party_out: Path) -> None:
    """This test ensures the Party decision: number, trích yếu, upright '- Căn cứ' lines
    citing the plan and the tờ trình by their own numbers, the deciding body, Điều 1-3."""
    doc = open_docx(party_out / DECISION)
    assert cell_lines(doc.tables[0], 0, 0) == ["ĐẢNG BỘ TỈNH LÂM HÀ", "ĐẢNG ỦY XÃ AN PHÚ", "*",
                                               "Số 45-QĐ/ĐU"]
    lines = all_text(doc).split("\n")
    assert "QUYẾT ĐỊNH" in lines
    assert "công nhận mô hình, điển hình “Dân vận khéo” năm 2026" in lines
    plan = _citation_of(party_out, "ke_hoach", "Kế hoạch")
    proposal = _citation_of(party_out, "to_trinh", "Tờ trình")
    assert proposal == "Tờ trình số 07-TTr/BXDĐ, ngày 08/10/2026"
    basis = [x for x in lines if x.startswith("- Căn cứ") or x.startswith("- Xét")]
    assert basis == [
        "- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
        "- Căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ xã An Phú nhiệm kỳ 2025 - 2030;",
        f"- Căn cứ {plan} của Ban Thường vụ Đảng ủy xã An Phú về thực hiện phong trào thi "
        "đua “Dân vận khéo” năm 2026;",
        # the Ban Thường vụ decides on its own bình xét, which the tờ trình could not enclose
        "- Căn cứ kết quả bình xét tại Biên bản họp bình xét số 02-BB/ĐU, ngày 06/10/2026 của "
        "Ban Thường vụ Đảng ủy xã An Phú;",
        f"- Xét đề nghị của Ban Xây dựng Đảng tại {proposal},",
    ]
    for line in basis:
        fmt = effective(find_paragraph(doc, line))
        assert not fmt.italic and not fmt.bold, line  # Party căn cứ: upright
    i = lines.index("BAN THƯỜNG VỤ ĐẢNG ỦY XÃ AN PHÚ")
    assert lines.index(basis[-1]) < i and lines[i + 1] == "QUYẾT ĐỊNH:"
    for text in ("BAN THƯỜNG VỤ ĐẢNG ỦY XÃ AN PHÚ", "QUYẾT ĐỊNH:"):
        p = find_paragraph(doc, text)
        assert effective(p).bold and p.style.paragraph_format.alignment == 1, text
    articles = [x for x in lines if x.startswith("Điều ")]
    assert [a[:7] for a in articles] == ["Điều 1.", "Điều 2.", "Điều 3."]
    assert articles[0] == ("Điều 1. Công nhận đạt mô hình, điển hình “Dân vận khéo” cấp xã năm "
                           "2026 đối với 04 mô hình, trong đó 02 tập thể, 02 cá nhân (có danh "
                           "sách kèm theo).")
    assert "biểu dương" in articles[1]
    assert articles[2].startswith("Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Ban Xây "
                                  "dựng Đảng, Văn phòng Đảng ủy")
    assert articles[2].endswith("chịu trách nhiệm thi hành Quyết định này./.")
    label = find_paragraph(doc, articles[0]).runs[0]
    assert label.text == "Điều 1." and label.bold


def test_party_decision_signature_and_appendix_on_new_page(party_year: Path, party_out: Path
                                                           ) -> None:
    """This test ensures the signature block, then a new page with the list of recognised
    models citing the decision's own number, same rows as the tờ trình's list."""
    doc = open_docx(party_out / DECISION)
    sig = doc.tables[1]
    assert cell_lines(sig, 0, 0) == ["Nơi nhận:", "- Ban Tuyên giáo và Dân vận Tỉnh ủy (để báo "
                                     "cáo),", "- Như Điều 3,", "- Lưu Văn phòng Đảng ủy."]
    assert cell_lines(sig, 0, 1) == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Hoàng Minh Tâm"]
    title = find_paragraph(doc, "DANH SÁCH")
    assert title.paragraph_format.page_break_before
    assert title._p.getprevious() is sig._tbl  # right after the signature: nothing between
    lines = all_text(doc).split("\n")
    assert "mô hình, điển hình “Dân vận khéo” được công nhận năm 2026" in lines
    own = f"Quyết định số {_symbol(doc)}, {cited_date(_header_date(doc))}"
    assert f"(Kèm theo {own} của Ban Thường vụ Đảng ủy xã An Phú)" in lines
    assert own == "Quyết định số 45-QĐ/ĐU, ngày 12/10/2026"
    table = doc.tables[2]
    assert _group_headings(table) == ["A. Tập thể", "B. Cá nhân"]
    rows = _model_rows(table)
    assert rows == _expected_rows(party_year, "recognised")
    assert rows == _model_rows(open_docx(party_out / PROPOSAL).tables[1])
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chủ thể thực hiện", "Tên mô hình",
                                                     "Lĩnh vực", "Tập thể/\nCá nhân"]
    assert [row.cells[0].text for row in table.rows[1:]] == ["A. Tập thể", "1", "2",
                                                             "B. Cá nhân", "1", "2"]


def test_decision_recognises_a_subset(tmp_path: Path) -> None:
    """This test ensures Điều 1 and the appendix follow decision.recognised, not the
    proposal."""
    folder = _copy("party-full", tmp_path)
    _edit(folder, "  references: [dieu_le, quy_che]\n",
          "  references: [dieu_le, quy_che]\n  recognised: [DK01, DK03]\n")
    build(folder, tmp_path / "out", kinds=["quyet_dinh"])
    doc = open_docx(tmp_path / "out" / DECISION)
    assert "đối với 02 mô hình, trong đó 01 tập thể, 01 cá nhân (có danh sách" in all_text(doc)
    rows = _model_rows(doc.tables[2])
    assert [r[1] for r in rows] == ["Đường nội đồng mở rộng", "Bếp ăn nghĩa tình"]
    assert rows == _expected_rows(folder, "recognised")


def test_state_decision(tmp_path: Path, state_out: Path) -> None:
    """This test ensures the State decision: 'Số:' number, 'Về việc tặng Giấy khen', the
    Chủ tịch's authority line above italic căn cứ ending 'Theo đề nghị ... Tờ trình số',
    Điều 1 counts, Điều 2 bonus, signature and the appendix."""
    doc = open_docx(state_out / DECISION)
    assert _number_line(doc) == "Số: 45/QĐ-UBND"
    lines = all_text(doc).split("\n")
    assert lines.index("QUYẾT ĐỊNH") + 1 == lines.index(
        "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc")
    authority = lines.index("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG HÒA BÌNH")
    decide = lines.index("QUYẾT ĐỊNH:")
    basis = lines[authority + 1:decide]
    proposal = _citation_of(state_out, "to_trinh", "Tờ trình")
    plan = _citation_of(state_out, "ke_hoach", "Kế hoạch")
    assert proposal == "Tờ trình số 07/TTr-VHXH ngày 08/10/2026"
    assert basis[0] == "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
    assert basis[2].startswith("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31/12/2023 của Chính "
                               "phủ")
    assert basis[3].startswith(f"Căn cứ {plan} của Ủy ban nhân dân phường Hòa Bình")
    assert basis[-1] == f"Theo đề nghị của Phòng Văn hóa - Xã hội phường tại {proposal}."
    assert all(x.endswith(";") for x in basis[:-1])
    for line in basis:
        assert effective(find_paragraph(doc, line)).italic, line  # State căn cứ: italic
    articles = [x for x in lines if x.startswith("Điều ")]
    assert articles[0] == ("Điều 1. Tặng Giấy khen của Chủ tịch Ủy ban nhân dân phường Hòa "
                           "Bình cho 02 tập thể, 02 cá nhân đã có thành tích xuất sắc trong "
                           "phong trào thi đua “Dân vận khéo” năm 2026 (có danh sách kèm "
                           "theo).")
    assert articles[1] == ("Điều 2. Các tập thể, cá nhân có tên tại Điều 1 được tặng Giấy khen "
                           "kèm theo tiền thưởng theo quy định.")
    assert articles[2].startswith("Điều 3. ")
    sig = doc.tables[1]
    assert cell_lines(sig, 0, 1) == ["CHỦ TỊCH", "Hoàng Minh Tâm"]
    assert cell_lines(sig, 0, 0)[-1] == "- Lưu: VT, VP."
    assert find_paragraph(doc, "DANH SÁCH").paragraph_format.page_break_before
    assert ("(Kèm theo Quyết định số 45/QĐ-UBND ngày 12/10/2026 của Chủ tịch Ủy ban nhân dân "
            "phường Hòa Bình)") in lines
    rows = _model_rows(doc.tables[2])
    assert rows == _expected_rows(tmp_path / "state-full", "recognised")
    assert sum(r[3] == "Tập thể" for r in rows) == 2 and sum(r[3] == "Cá nhân" for r in rows) == 2


def test_no_leftover_tags(party_out: Path, state_out: Path) -> None:
    """This test ensures both documents render every tag in both families."""
    for out in (party_out, state_out):
        for name in (PROPOSAL, DECISION):
            text = all_text(open_docx(out / name))
            assert "{{" not in text and "{%" not in text and "}}" not in text, (out, name)
