"""dvk-docs: the paperwork of the "Dân vận khéo" movement from one dataset.

The library's public API is :mod:`dvk_docs.api` (the command line and the web application
call only it); the most used names are here too::

    from dvk_docs import build, prepare, render_document, validate
    result = build("samples/xa-an-phu", "out/")
    prepared = prepare("samples/xa-an-phu")            # load + facts + checks, once
    plan = render_document(prepared, "ke_hoach")        # .content: the .docx bytes
    for problem in validate("du-lieu").problems:        # code, path, line/row, hint
        print(problem)

Importing the package is cheap: these names are imported on first use (PEP 562), so a
command that needs none of the rendering stack does not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import (
        BuildResult,
        Prepared,
        Validation,
        build,
        demo,
        new_dataset,
        prepare,
        render_document,
        render_one,
        validate,
    )
    from .dataset import load_dataset
    from .errors import DvkError
    from .problems import Problem, Severity

_LAZY = {
    **dict.fromkeys(("BuildResult", "Prepared", "Validation", "build", "demo", "new_dataset",
                     "prepare", "render_document", "render_one", "validate"), ".api"),
    "load_dataset": ".dataset",
    "DvkError": ".errors",
    "Problem": ".problems",
    "Severity": ".problems",
}

__all__ = [
    "BuildResult",
    "DvkError",
    "Prepared",
    "Problem",
    "Severity",
    "Validation",
    "__version__",
    "build",
    "demo",
    "load_dataset",
    "new_dataset",
    "prepare",
    "render_document",
    "render_one",
    "validate",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dvk_docs' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
