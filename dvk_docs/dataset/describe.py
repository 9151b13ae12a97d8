"""Schema errors in words: pydantic's validation errors turned into Problems that name the
file, the line, the field path (``registrations[DK004].linh_vuc``) and a hint, in Vietnamese;
and the YAML line of a path of keys."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from ..problems import Problem, field_path
from .schema import Dataset


def thousands(n: int) -> str:
    """200000 -> '200.000' (Vietnamese digit grouping)."""
    return f"{n:,}".replace(",", ".")


def line_of(root: Any, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest YAML node on ``loc`` that exists."""
    node, line = root, None
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(node, dict) and key in node:
                if lc is not None:
                    line = lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                if lc is not None:
                    line = lc.item(key)[0] + 1
                node = node[key]
            else:
                continue
        except (KeyError, IndexError, TypeError):
            break
    return line


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """Every pydantic model an annotation can hold (through Optional, list, dict, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in getattr(annotation, "__args__", ()) or ():
        found.extend(_models_in(arg))
    return found


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Names allowed at ``loc`` (for suggestions), following nested model fields."""
    current: list[type[BaseModel]] = [model]
    path = list(loc[:-1])
    for i, key in enumerate(path):
        if isinstance(key, int):
            continue
        nxt: list[type[BaseModel]] = []
        for m in current:
            info = m.model_fields.get(str(key))
            if info is not None:
                nxt.extend(_models_in(info.annotation))
        if not nxt:
            continue  # a dict key chosen by the user (signers.pbt ...): stay on the same models
        following = path[i + 1] if i + 1 < len(path) else None
        if isinstance(following, int):  # list item: prefer the models held in lists
            listed = [m for m in nxt if m.__name__ != "RegistrationSource"]
            nxt = listed or nxt
        elif isinstance(following, str):
            named = [m for m in nxt if following in m.model_fields]
            nxt = named or nxt
        current = nxt
    return list(current[0].model_fields) if current else []


def _model_names() -> set[str]:
    """Class names pydantic puts into error locations for union branches."""
    names: set[str] = set()
    todo: list[type[BaseModel]] = [Dataset]
    while todo:
        model = todo.pop()
        if model.__name__ in names:
            continue
        names.add(model.__name__)
        for info in model.model_fields.values():
            todo.extend(_models_in(info.annotation))
    return names


_VI = {
    "string_type": "phải là chữ (đặt trong dấu ngoặc kép nếu có dấu phẩy, dấu hai chấm)",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "list_type": "phải là danh sách (mỗi mục một dòng bắt đầu bằng '- ')",
    "dict_type": "phải là các cặp 'tên: giá trị'",
    "model_type": "phải là các cặp 'tên: giá trị'",
    "date_type": "phải là ngày, ví dụ 15/01/2026",
    "greater_than_equal": "phải lớn hơn hoặc bằng {ge}",
    "less_than_equal": "phải nhỏ hơn hoặc bằng {le}",
    "greater_than": "phải lớn hơn {gt}",
    "enum": "chỉ nhận một trong: {expected}",
    "literal_error": "chỉ nhận một trong: {expected}",
    "int_from_float": "phải là số nguyên (không có phần lẻ)",
    "int_parsing_size": "là số quá lớn",
    "finite_number": "phải là một số (không phải vô cực hay NaN)",
    "less_than": "phải nhỏ hơn {lt}",
    "date_parsing": "phải là ngày, ví dụ 15/01/2026",
    "date_from_datetime_parsing": "phải là ngày, ví dụ 15/01/2026",
    "date_from_datetime_inexact": "phải là ngày, ví dụ 15/01/2026",
    "string_too_long": "dài quá {max_length} ký tự; rút gọn lại",
    "string_too_short": "không được để trống",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "nhiều quá {max_length} mục",
    "union_tag_invalid": "giá trị không hợp lệ",
}


def shown_value(value: Any) -> str:
    """' (giá trị: ...)' for a message: short values whole, long ones cut."""
    if not isinstance(value, str | int | float):
        return ""
    text = repr(value)
    if len(text) > 80:
        text = f"{text[:60]}…' ({thousands(len(str(value)))} ký tự)"
    return f" (giá trị: {text})"


def vi_message(err: dict[str, Any]) -> str:
    template = _VI.get(err["type"])
    if template is None:
        return str(err["msg"]).removeprefix("Value error, ")
    ctx = {k: str(v).replace(" or ", " hoặc ") for k, v in (err.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


SCHEMA_CODES = {
    "date_type": "schema.invalid_date", "date_parsing": "schema.invalid_date",
    "date_from_datetime_parsing": "schema.invalid_date",
    "date_from_datetime_inexact": "schema.invalid_date",
    "enum": "schema.invalid_choice", "literal_error": "schema.invalid_choice",
    "union_tag_invalid": "schema.invalid_choice",
    "int_type": "schema.invalid_number", "int_parsing": "schema.invalid_number",
    "float_parsing": "schema.invalid_number", "float_type": "schema.invalid_number",
    "int_from_float": "schema.invalid_number", "int_parsing_size": "schema.invalid_number",
    "finite_number": "schema.invalid_number", "greater_than_equal": "schema.invalid_number",
    "less_than_equal": "schema.invalid_number", "greater_than": "schema.invalid_number",
    "less_than": "schema.invalid_number",
    "string_type": "schema.invalid_type", "bool_parsing": "schema.invalid_type",
    "bool_type": "schema.invalid_type", "list_type": "schema.invalid_type",
    "dict_type": "schema.invalid_type", "model_type": "schema.invalid_type",
    "string_too_long": "schema.invalid_length", "string_too_short": "schema.invalid_length",
    "too_short": "schema.invalid_length", "too_long": "schema.invalid_length",
}

SCHEMA_HINTS = {
    "schema.invalid_date": "Viết ngày có thật, dạng ngày/tháng/năm, ví dụ 15/01/2026.",
    "schema.invalid_choice": "Chọn một trong các giá trị được nhận (xem trên).",
    "schema.invalid_number": "Viết một số (không có chữ), trong khoảng được nhận.",
    "schema.invalid_type": "Sửa lại kiểu giá trị như trong bộ dữ liệu mẫu (dvk-docs new).",
    "schema.invalid_length": "Rút gọn hoặc điền thêm cho đủ.",
    "schema.invalid_value": "Sửa giá trị theo lời nhắn; xem bộ dữ liệu mẫu (dvk-docs new).",
}


def registration_ids(root: Any) -> list[str | None]:
    """The ids of the registrations written in the YAML (for paths like registrations[DK004])."""
    regs = root.get("registrations") if isinstance(root, dict) else None
    if not isinstance(regs, list):
        return []
    return [str(r["id"]) if isinstance(r, dict) and r.get("id") else None for r in regs]


# pydantic's tag of a union branch ('list[Registration]'), not a key a user typed (':[year')
_UNION_TAG = re.compile(r"^[A-Za-z_]\w*\[.*\]$")


def describe(err: dict[str, Any], model: type[BaseModel], root: Any, label: str) -> Problem:
    # drop union-branch tags such as 'list[Registration]' / 'RegistrationSource'
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and (
        _UNION_TAG.match(p) or p in _model_names())))
    dotted = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in loc)
    dotted = dotted.replace(".[", "[")
    line = line_of(root, loc)
    where = f"{label}, dòng {line}" if line else label
    place = {"path": field_path(loc, registration_ids(root)), "source": label, "line": line,
             "location": where}
    kind = err["type"]
    if kind == "extra_forbidden" and loc:
        allowed = _fields_at(model, loc)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f" Có phải ý bạn là '{close[0]}'?" if close else ""
        return Problem(
            "schema.unknown_field",
            f"trường '{dotted}' không có trong cấu trúc.{hint} Các trường được dùng: "
            f"{', '.join(allowed)}",
            hint=(f"Đổi tên thành '{close[0]}'." if close else
                  "Xóa trường này hoặc sửa tên cho đúng một trường được dùng."), **place)
    if kind == "missing" and loc:
        parent = ".".join(str(p) for p in loc[:-1] if not isinstance(p, int)) or "gốc"
        return Problem("schema.missing_field", f"thiếu trường bắt buộc '{dotted}'",
                       hint=f"Thêm trường '{loc[-1]}' vào mục {parent}.", **place)
    message = vi_message(err)
    code = SCHEMA_CODES.get(kind, "schema.invalid_value")
    if code == "schema.invalid_value" and message.startswith("ngày "):  # our date parser
        code = "schema.invalid_date"
    return Problem(code, f"trường '{dotted}': {message}{shown_value(err.get('input'))}",
                   hint=SCHEMA_HINTS[code], **place)


def other_union_branch(err: dict[str, Any], root: dict[str, Any]) -> bool:
    """'registrations' is a list or a {file: ...} mapping: report only the branch in use."""
    loc = err["loc"]
    if not loc or loc[0] != "registrations" or len(loc) < 2:
        return False
    branch = str(loc[1])
    is_list = isinstance(root.get("registrations"), list)
    return (is_list and branch == "RegistrationSource") or (
        not is_list and branch.startswith("list["))
