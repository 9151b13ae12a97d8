"""Problems land beside the field they name: text lines naming a path, or structured
problems carrying the path."""

from __future__ import annotations

from dataclasses import dataclass

from dvk_docs.web.problems import place


@dataclass
class Structured:
    message: str
    path: str | None = None
    hint: str | None = None


def test_text_problems_go_beside_their_field() -> None:
    placed = place(["dataset.yaml, dòng 7: trường 'documents.ke_hoach.date': ngày 31/02 "
                    "không tồn tại", "dataset.yaml: người ký 'x' chưa khai trong 'signers'",
                    "một mâu thuẫn khác"],
                   "documents.ke_hoach", ["date", "signer"], {"người ký": "signer"})
    assert placed.by_field == {"date": ["ngày 31/02 không tồn tại"],
                               "signer": ["người ký 'x' chưa khai trong 'signers'"]}
    assert placed.general == ["một mâu thuẫn khác"]


def test_structured_problems_by_registration_id_or_index() -> None:
    problems = [Structured("lĩnh vực 'Thể thao' không có", "registrations[DK004].linh_vuc",
                           "dùng KT, VHXH, QPAN hoặc XDHTCT"),
                Structured("ngày sai", "registrations[3].date"),
                Structured("của đăng ký khác", "registrations[DK009].linh_vuc")]
    placed = place(problems, ["registrations[3]", "registrations[DK004]"],
                   ["linh_vuc", "date"])
    assert placed.by_field == {
        "linh_vuc": ["lĩnh vực 'Thể thao' không có (dùng KT, VHXH, QPAN hoặc XDHTCT)"],
        "date": ["ngày sai"]}
    assert placed.general == ["của đăng ký khác"]
