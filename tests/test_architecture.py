"""The shape of the package: no import cycle, no module reaching into another module's
private names, no overlong module without a reason at its top, and a command line that does
not load the heavy parts (PDF libraries, linter, importer, rollover, dossier) to show --help.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "dvk_docs"
MAX_LINES = 600


def _modules() -> dict[str, tuple[Path, bool]]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        is_pkg = parts[-1] == "__init__"
        if is_pkg:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_pkg)
    return out


MODULES = _modules()


def _target(module: str, is_pkg: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str) -> list[tuple[str, str | None]]:
    """(module imported, name imported from it or None) for every import in ``module``,
    at the top or inside a function (a lazy import is still an edge of the graph);
    imports under ``if TYPE_CHECKING:`` are left out (they never run)."""
    path, is_pkg = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(n) for child in node.body for n in ast.walk(child)}
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom):
            target = _target(module, is_pkg, node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:
                    out.append((sub, None))
                else:
                    out.append((target, alias.name))
        elif isinstance(node, ast.Import):
            out += [(alias.name, None) for alias in node.names]
    return out


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        deps = set()
        for target, _ in _imports(module):
            # importing a.b.c runs a/__init__ and a/b/__init__ too
            parts = target.split(".")
            for i in range(1, len(parts) + 1):
                name = ".".join(parts[:i])
                if name in MODULES and name != module and not module.startswith(name + "."):
                    deps.add(name)
        graph[module] = deps
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    """This test ensures no two modules import each other, even through others or lazily."""
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    """This test ensures the check above can fail: a planted cycle is found."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]


def test_no_module_imports_a_private_name_of_another() -> None:
    """This test ensures every name used across modules is public (no leading underscore),
    and no private module (``_common``) is imported from outside."""
    offences = []
    for module in MODULES:
        for target, name in _imports(module):
            if not target.startswith("dvk_docs") or target == module:
                continue
            private_module = any(p.startswith("_") and not p.startswith("__")
                                 for p in target.split(".") if p != "_data")
            private_name = name is not None and name.startswith("_") and not name.startswith("__")
            if private_module or private_name:
                offences.append(f"{module}: from {target} import {name}")
    for folder in ("tools", "bench"):
        for path in (REPO / folder).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("dvk_docs"):
                    offences += [f"{folder}/{path.name}: {node.module}.{a.name}"
                                 for a in node.names if a.name.startswith("_")]
    assert offences == []


def test_no_module_is_overlong_without_a_reason() -> None:
    """This test ensures a module longer than ~600 lines says at its top why it is one piece
    (a line starting 'Why one module' in its docstring)."""
    long = []
    for module, (path, _) in MODULES.items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES:
            doc = ast.get_docstring(ast.parse(text)) or ""
            if "Why one module" not in doc:
                long.append(f"{module}: {text.count(chr(10))} lines")
    assert long == []


def test_the_cli_goes_through_the_api() -> None:
    """This test ensures no command reaches around dvk_docs.api (the web app uses the same).
    The CLI may register the web application's own commands (serve, users, orgs from
    dvk_docs.web.commands): the web app is the other front end, not a way around the API."""
    offences = []
    for module in MODULES:
        if not module.startswith("dvk_docs.cli"):
            continue
        for target, _ in _imports(module):
            if target.startswith("dvk_docs") and target != "dvk_docs" and not (
                    target == "dvk_docs.api" or target.startswith("dvk_docs.cli")
                    or target == "dvk_docs.web.commands"):
                offences.append(f"{module}: {target}")
    assert offences == []


HEAVY = ["pypdf", "fontTools", "dvk_docs.check", "dvk_docs.importer", "dvk_docs.rollover",
         "dvk_docs.pdf.dossier", "dvk_docs.pdf.forms", "dvk_docs.pdf.fonts",
         # the core itself is loaded when a command runs, not for the help (issue 14: <= 0.25 s)
         "dvk_docs.api", "docxtpl", "docx", "pydantic", "lxml", "openpyxl", "django"]


def test_help_does_not_load_the_heavy_parts() -> None:
    """This test ensures ``dvk-docs --help`` (and importing the CLI) leaves the PDF libraries,
    the linter, the importer, the rollover and the dossier unloaded: the commands import them."""
    code = ("import sys\nfrom dvk_docs.cli import cli\n"
            "try:\n    cli(['--help'], prog_name='dvk-docs')\nexcept SystemExit:\n    pass\n"
            "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True,
                         capture_output=True, text=True).stdout
    loaded = set(out.split("\n"))
    assert "rollover" in out  # the help was printed (the command list names it)
    heavy = sorted(m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []


def test_cli_kind_choices_match_the_documents() -> None:
    """This test ensures the CLI's own list of kinds (kept so the help does not load the core)
    is api.KINDS, in the same order."""
    from dvk_docs import api
    from dvk_docs.cli.common import KIND_NAMES

    assert tuple(api.KINDS) == KIND_NAMES


def test_cli_rollover_choices_match_the_rollover() -> None:
    """The CLI keeps its own copy of the policies (importing the rollover loads ruamel.yaml)."""
    from dvk_docs.cli.datasets import REGISTRATION_POLICIES as CLI_POLICIES
    from dvk_docs.rollover import REGISTRATION_POLICIES

    assert CLI_POLICIES == REGISTRATION_POLICIES
