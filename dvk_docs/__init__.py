"""dvk-docs: the paperwork of the "Dân vận khéo" movement from one dataset.

The library's public API is :mod:`dvk_docs.api` (the command line and the web application
call only it); the most used names are here too::

    from dvk_docs import build, prepare, render_document, validate
    result = build("samples/xa-an-phu", "out/")
    prepared = prepare("samples/xa-an-phu")            # load + facts + checks, once
    plan = render_document(prepared, "ke_hoach")        # .content: the .docx bytes
    for problem in validate("du-lieu").problems:        # code, path, line/row, hint
        print(problem)
"""

from __future__ import annotations

__version__ = "0.1.0"

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
