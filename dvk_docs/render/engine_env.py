"""The one Jinja environment: sandboxed (templates are user-editable), strict, autoescaped.

Besides the sandbox's own guards (no ``__class__``, no ``range()`` beyond 100 000 items)
it reads no file (``include``/``import``/``extends`` fail with a message instead of a
TypeError) and runs every render within the resource limits of :mod:`.limits`: a time
budget, a cap on the output and on every string, list and integer a template builds
(``'x' * 10**9``, ``10 ** 10 ** 10``, ``indent(10000)`` on a long text, ``center(10**8)``,
a string doubled in a loop, a loop that never ends).
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment, StrictUndefined, Template, TemplateNotFound
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from . import limits
from .limits import RenderLimitError, check_binop, check_size, checked_concat, precheck_method

# kept for callers of the old names; the values live in limits.LIMITS
MAX_REPEAT = limits.LIMITS.max_repeat
MAX_POWER_BITS = limits.LIMITS.max_int_bits

__all__ = ["NoFiles", "RenderLimitError", "make_env"]


class NoFiles(BaseLoader):
    """A loader that loads nothing: templates may not read other templates or files."""

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str | None, Callable[[], bool] | None]:
        raise TemplateNotFound(template)


class _Generator(CodeGenerator):
    """Code for ``a ~ b`` that checks the size of the joined string."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.check_size(")
        super().visit_Concat(node, frame)
        self.write(")")


class _LimitedTemplate(Template):
    """A template that renders within the time budget and remembers its source (to name
    the tag that ran out of limits)."""

    dvk_source: str | None = None

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            with limits.time_budget():
                return super().render(*args, **kwargs)
        except RenderLimitError as err:
            if not err.tag and self.dvk_source:  # stopped from outside: find the line
                err.tag = limits.tag_on_line(self.dvk_source, limits.traceback_line(err))
            raise


class _Sandbox(SandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _Generator
    template_class = _LimitedTemplate

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filters = {name: limits.limited_filter(name, f) for name, f in self.filters.items()}
        self.globals.pop("lipsum", None)  # lipsum(n=10**9): filler text, never needed here
        self.concat = checked_concat  # type: ignore[assignment]

    @staticmethod
    def check_size(value: Any) -> Any:
        return check_size(value)

    def from_string(self, source: Any, globals: Any = None,
                    template_class: type[Template] | None = None) -> Template:
        template = super().from_string(source, globals, template_class)
        if isinstance(source, str):
            template.dvk_source = source  # type: ignore[attr-defined]
        return template

    def call_binop(self, context: Context, operator_name: str, left: Any, right: Any) -> Any:
        check_binop(operator_name, left, right)
        if operator_name == "*":
            return check_size(operator.mul(left, right))
        if operator_name == "**":
            return operator.pow(left, right)
        if operator_name == "+":
            return operator.add(left, right)
        return super().call_binop(context, operator_name, left, right)

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        precheck_method(__obj, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, list | dict | set):
            check_size(owner)
        return check_size(result)


def make_env(*, autoescape: bool = True) -> SandboxedEnvironment:
    return _Sandbox(undefined=StrictUndefined, autoescape=autoescape,
                    keep_trailing_newline=True, loader=NoFiles())
