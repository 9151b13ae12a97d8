"""Sheet rows into registrations: each cell cleaned (NFC, nothing XML-illegal, no legacy
encoding), the row turned into the model's fields and checked by the model; every problem
names the row and the column."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..errors import DatasetError
from ..problems import Problem, split_source
from .clean import clean_cell
from .describe import SCHEMA_CODES, SCHEMA_HINTS, shown_value, vi_message
from .models import Registration
from .sheet import FIELD_LABELS, SheetRow, row_to_registration


def registrations_of(path: Path, rows: list[SheetRow], warnings: list[str], offset: int = 0
                     ) -> tuple[list[Registration], list[Problem]]:
    """The registrations of the sheet rows ``rows`` (cells cleaned, checked by the model)
    and what is wrong with the others; ``offset`` is the number of rows before these (a
    row without its own id is DK001, DK002, ... by its place in the whole sheet)."""
    problems: list[Problem] = []
    regs: list[Registration] = []
    for index, row in enumerate(rows, start=offset):
        # a row without its own id gets DK001, DK002, ... by position (see _cross_check)
        reg_path = f"registrations[{row.values.get('id') or f'DK{index + 1:03d}'}]"
        values = row.values
        for key, value in values.items():  # values change, keys stay: safe while iterating
            if isinstance(value, str):
                try:
                    values[key] = clean_cell(
                        value, lambda key=key, row=row: f"{row.where}, cột {row.columns.get(key)}",
                        warnings.append)
                except ValueError as err:
                    problems.append(Problem.from_text(
                        str(err), "sheet.invalid_cell", path=f"{reg_path}.{key}",
                        hint="Xóa ký tự lạ hoặc rút gọn nội dung ô."))
        data, row_problems = row_to_registration(row)
        problems += [Problem.from_text(str(p), "sheet.invalid_cell", path=reg_path,
                                       hint="Sửa ô này trong danh sách đăng ký.")
                     for p in row_problems]
        if row_problems:
            continue
        try:
            reg = Registration.model_validate(data)
        except ValidationError as err:
            for e in err.errors():
                field_name = str(e["loc"][0]) if e["loc"] else "?"
                column = (row.columns.get(field_name) or row.columns.get(f"{field_name}_moi")
                          or row.columns.get(f"{field_name}_tap_the", "?"))
                msg = vi_message(e)
                label = FIELD_LABELS.get(field_name, field_name)
                code = SCHEMA_CODES.get(e["type"], "schema.invalid_value")
                problems.append(Problem.from_text(
                    f"{row.where}, cột {column} ({label}): {msg}{shown_value(e.get('input'))}",
                    "sheet.invalid_cell", path=f"{reg_path}.{field_name}",
                    hint=f"Sửa ô {column}{_row_number(row.where)}: {SCHEMA_HINTS[code].lower()}"))
            continue
        reg.source = row.where
        regs.append(reg)
    return regs, problems


def read_sheet_regs(path: Path, rows: list[SheetRow], warnings: list[str]
                    ) -> list[Registration]:
    """The registrations of ``rows``; raises DatasetError listing every row's problem."""
    regs, problems = registrations_of(path, rows, warnings)
    raise_problems(path, problems)
    return regs


def raise_problems(path: Path, problems: list[Problem]) -> None:
    if problems:
        raise DatasetError(f"{path.name}: danh sách đăng ký có {len(problems)} lỗi", problems)



def _row_number(where: str) -> str:
    number = split_source(where)[1]
    return str(number) if number else ""
