"""dvk-docs: the paperwork of the "Dân vận khéo" movement from one dataset.

Library entry points (the CLI is a thin layer over these)::

    from dvk_docs import load_dataset, build
    result = build("samples/xa-an-phu", "out/")

Importing the package is cheap: the entry points are imported on first use (PEP 562), so a
command that needs none of the rendering stack does not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import BuildResult, build, demo, new_dataset, render_one
    from .dataset import load_dataset
    from .errors import DvkError

_LAZY = {
    "BuildResult": ".api",
    "build": ".api",
    "demo": ".api",
    "new_dataset": ".api",
    "render_one": ".api",
    "load_dataset": ".dataset",
    "DvkError": ".errors",
}

__all__ = [
    "BuildResult",
    "DvkError",
    "__version__",
    "build",
    "demo",
    "load_dataset",
    "new_dataset",
    "render_one",
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
