"""Trích yếu lines of balanced width (documents/titles.py): as few lines as the width
allows, about equally long, never '… năm / 2026', a word alone or a quotation torn apart."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from dvk_docs.documents.titles import MARGIN_MM, balanced_lines
from dvk_docs.render.layout import measured_width_mm

WIDTH = 165.0  # the text block of an A4 portrait page, both families


def test_a_title_a_little_too_wide_is_set_on_two_balanced_lines() -> None:
    title = "Họp bình xét, đề nghị công nhận mô hình, điển hình “Dân vận khéo” năm 2026"
    assert measured_width_mm(title, 14, True) > WIDTH  # Word left '2026' alone on a line
    assert balanced_lines(title, WIDTH, 14, True) == [
        "Họp bình xét, đề nghị công nhận mô hình,", "điển hình “Dân vận khéo” năm 2026"]
    plan = "Triển khai phong trào thi đua “Dân vận khéo” năm 2026 trên địa bàn phường"
    assert balanced_lines(plan, WIDTH, 14, True) == [
        "Triển khai phong trào thi đua “Dân vận khéo”", "năm 2026 trên địa bàn phường"]


def test_a_title_that_fits_stays_one_line() -> None:
    title = "về việc đề nghị công nhận mô hình, điển hình “Dân vận khéo” năm 2026"
    assert balanced_lines(title, WIDTH, 15, True) == [title]  # 162.8 mm
    assert balanced_lines("Xây dựng  mô hình", WIDTH, 14, True) == ["Xây dựng mô hình"]


WORDS = ["phong", "trào", "thi", "đua", "“Dân", "vận", "khéo”", "năm", "2026", "mô", "hình,",
         "điển", "hình", "trên", "địa", "bàn", "xã", "An", "Phú", "công", "nhận", "kết", "quả"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=60), st.sampled_from([14, 15]))
def test_any_title_keeps_its_words_and_fits(words: list[str], size: int) -> None:
    text = " ".join(words)
    lines = balanced_lines(text, WIDTH, size, True)
    assert " ".join(lines) == text  # nothing lost, nothing added, in order
    if len(lines) > 1:
        for line in lines:
            assert measured_width_mm(line, size, True) <= WIDTH - MARGIN_MM
            assert len(line.split()) > 1
        for n, (first, second) in enumerate(itertools.pairwise(lines), start=1):
            assert not (first.split()[-1] == "năm" and second[:1].isdigit())
            before = " ".join(lines[:n])
            assert before.count("“") <= before.count("”")  # no break inside a quotation
