"""The templates and samples ship inside the wheel and work outside the checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_installed_wheel_builds_the_demo(tmp_path: Path) -> None:
    """This test ensures an installed wheel (no checkout around it) renders every document."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels),
                    str(REPO)], check=True, capture_output=True)
    wheel = next(wheels.glob("dvk_docs-*.whl"))
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target",
                    str(target), str(wheel)], check=True, capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(target))
    code = ("import dvk_docs, sys; from dvk_docs.api import resource_root; "
            "print(dvk_docs.__file__); print(resource_root()); "
            "r = dvk_docs.demo(sys.argv[1]); print(sum(len(x.files) for x in r))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "demo")], cwd=tmp_path,
                         env=env, check=True, capture_output=True, text=True).stdout.split("\n")
    assert out[0].startswith(str(target))
    assert out[1] == str(target / "dvk_docs" / "_data")
    from dvk_docs.api import count_documents, samples_dir
    from dvk_docs.dataset import load_dataset

    expected = sum(count_documents(load_dataset(p)) for p in samples_dir().iterdir()
                   if (p / "dataset.yaml").is_file())
    assert int(out[2]) == expected
