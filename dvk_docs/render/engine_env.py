"""The one Jinja environment: sandboxed (templates are user-editable), strict, autoescaped.

Besides the sandbox's own guards (no ``__class__``, no ``range()`` beyond 100 000 items)
it reads no file (``include``/``import``/``extends`` fail with a message instead of a
TypeError) and refuses arithmetic that would eat the memory or the CPU (``'x' * 10**9``,
``10 ** 10 ** 10``).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

# The largest string or list one '*' may build, and the largest result of '**' (in bits).
MAX_REPEAT = 100_000
MAX_POWER_BITS = 4096


class NoFiles(BaseLoader):
    """A loader that loads nothing: templates may not read other templates or files."""

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        raise TemplateNotFound(template)


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, str | list | tuple) and isinstance(times, int)
                        and len(seq) * times > MAX_REPEAT):
                    raise SecurityError(f"phép nhân tạo chuỗi quá dài (hơn {MAX_REPEAT} ký tự)")
            return operator.mul(left, right)
        if operator_name == "**":
            if (isinstance(left, int) and isinstance(right, int) and right > 0
                    and abs(left).bit_length() * right > MAX_POWER_BITS):
                raise SecurityError("phép lũy thừa cho số quá lớn")
            return operator.pow(left, right)
        return super().call_binop(context, operator_name, left, right)


def make_env(*, autoescape: bool = True) -> SandboxedEnvironment:
    return _Sandbox(undefined=StrictUndefined, autoescape=autoescape,
                    keep_trailing_newline=True, loader=NoFiles())
