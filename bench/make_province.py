"""Write a synthetic province-sized dataset: the commune sample's plan with N registrations.

Usage:  .venv/bin/python bench/make_province.py OUT_DIR [--registrations 25000] [--csv]

The dataset is samples/xa-an-phu up to its registration documents (plan, Mẫu 1, phiếu; the
later stages name the sample's 30 registrations and are left out) with a Mẫu 1 sheet of N
rows laid out as units send it (lĩnh vực group rows, "x" marks, a "Tổng cộng" row), cycling
through the sample's 30 rows with a numbered unit and model name so that no two rows are
alike. All names are invented. --csv writes the sheet as CSV instead of .xlsx.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "samples" / "xa-an-phu"
sys.path.insert(0, str(REPO / "tools"))

from make_sample_sheet import (  # noqa: E402
    AN_PHU,
    HEADERS,
    KIND_COLUMN,
    STATUS_COLUMN,
    Groups,
    build_workbook,
)

LATER = "# Các bước sau đăng ký"


def province_groups(n: int) -> Groups:
    """n rows spread over the sample's lĩnh vực in the sample's proportions."""
    rows = [(heading, row) for heading, items in AN_PHU for row in items]
    groups: dict[str, list[tuple[str, str, str, str, str, str]]] = {h: [] for h, _ in AN_PHU}
    for i in range(n):
        heading, (registrant, kind, model, status, expected, managing) = rows[i % len(rows)]
        k = i // len(rows) + 1
        groups[heading].append((f"{registrant} (đơn vị {k})", kind, f"{model} - số {k}",
                                status, expected, managing))
    return [(h, items) for h, items in groups.items() if items]


def write_csv(path: Path, groups: Groups) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADERS)
        for heading, items in groups:
            w.writerow([heading] + [""] * (len(HEADERS) - 1))
            for stt, (registrant, kind, model, status, expected, managing) in enumerate(
                    items, start=1):
                values = {1: stt, 2: registrant, 5: model, 9: expected, 10: managing,
                          KIND_COLUMN[kind]: "x", STATUS_COLUMN[status]: "x"}
                w.writerow([values.get(c, "") for c in range(1, len(HEADERS) + 1)])


def make_province(out: Path, n: int, *, as_csv: bool = False, sample: Path = SAMPLE) -> Path:
    """Write the dataset into ``out`` (replaced if present) from ``sample``; returns ``out``."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    text = (sample / "dataset.yaml").read_text(encoding="utf-8")
    text = text[: text.index(LATER)].rsplit("\n# ====", 1)[0] + "\n"
    sheet = "dang_ky.csv" if as_csv else "dang_ky.xlsx"
    text = text.replace("file: dang_ky.xlsx", f"file: {sheet}")
    (out / "dataset.yaml").write_text(text, encoding="utf-8")
    shutil.copy(sample / "ke_hoach.md", out / "ke_hoach.md")
    groups = province_groups(n)
    if as_csv:
        write_csv(out / sheet, groups)
    else:
        build_workbook(f"(Tỉnh mẫu: {n} mô hình đăng ký, dữ liệu tổng hợp)", groups).save(
            out / sheet)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--registrations", type=int, default=25_000)
    parser.add_argument("--csv", action="store_true")
    args = parser.parse_args()
    make_province(args.out, args.registrations, as_csv=args.csv)
    print(f"{args.out}: {args.registrations} registrations")


if __name__ == "__main__":
    main()
