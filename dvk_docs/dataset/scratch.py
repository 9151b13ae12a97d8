"""Loading a dataset that exists only in memory (made by ``import`` or ``rollover``), so that
it is checked exactly as ``load_dataset`` checks a folder before anything is written."""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from .load import LoadedDataset, load_dataset


def load_in_scratch(files: Mapping[str, bytes], yaml_name: str = "dataset.yaml"
                    ) -> LoadedDataset:
    """Write ``files`` (relative name -> content) into a temporary folder and load them.

    Raises the loader's ``DvkError`` when the data are not valid; the folder is gone after.
    """
    with tempfile.TemporaryDirectory(prefix="dvk-scratch-") as tmp:
        scratch = Path(tmp)
        for rel, content in files.items():
            (scratch / rel).parent.mkdir(parents=True, exist_ok=True)
            (scratch / rel).write_bytes(content)
        return load_dataset(scratch / yaml_name)
