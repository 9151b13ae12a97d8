"""The one Jinja environment: sandboxed (templates are user-editable), strict, autoescaped."""

from __future__ import annotations

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment


def make_env(*, autoescape: bool = True) -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=autoescape,
                                keep_trailing_newline=True)
