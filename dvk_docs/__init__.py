"""dvk-docs: the paperwork of the "Dân vận khéo" movement from one dataset.

Library entry points (the CLI is a thin layer over these)::

    from dvk_docs import load_dataset, build
    result = build("samples/xa-an-phu", "out/")
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import BuildResult, build, demo, new_dataset, render_one
from .dataset import load_dataset
from .errors import DvkError

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
