"""Only the package list, which pyproject.toml cannot express: every package found under
dvk_docs/ plus the shipped templates, forms and samples mapped to dvk_docs/_data/ (see
[tool.setuptools.package-dir] in pyproject.toml). Everything else is in pyproject.toml."""

from setuptools import find_packages, setup

DATA_PACKAGES = ["dvk_docs._data.letter_templates", "dvk_docs._data.forms",
                 "dvk_docs._data.samples", "dvk_docs.scaffold"]

setup(packages=[*find_packages(include=["dvk_docs", "dvk_docs.*"]), *DATA_PACKAGES])
