"""One exception tree for dvk-docs.

The CLI catches :class:`DvkError` once and prints its message; every message says
what is wrong, where (file, line/row, field) and how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .problems import Problem, as_problems


class DvkError(Exception):
    """Base class: raised for every error the user can fix (bad data, bad template, ...)."""


class ConventionError(DvkError):
    """Raised when a Vietnamese document convention cannot be applied to the given values."""


class DatasetError(DvkError):
    """Raised when a dataset (YAML, xlsx, csv, Markdown) cannot be read or is invalid.

    ``problems`` holds one :class:`~dvk_docs.problems.Problem` per problem (code, file,
    line/row, field path, hint); the message lists them one per line as the CLI prints them.
    A one-line string given as a problem is turned into a Problem (``Problem.from_text``).
    """

    def __init__(self, message: str, problems: Sequence[Problem | str] | None = None) -> None:
        self.summary = message
        self.problems: list[Problem] = as_problems(list(problems or []))
        full = message
        if self.problems:
            full += "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(full)


class TemplateError(DvkError):
    """Raised when a .docx template cannot be read or rendered (names template and tag)."""


class OutputError(DvkError):
    """Raised when output cannot be written (exists without --force, unsafe name, I/O)."""
