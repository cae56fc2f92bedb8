"""The house rules of the code (docs/architecture.md): the module map is the tree, no module
is larger than 400 lines, each starts by saying what it holds, and the import graph, with
every import inside a function and under TYPE_CHECKING counted, has no cycle and points
down the layers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "opgave_cli"
MODULES = sorted(PACKAGE.rglob("*.py"))

# The layers, from the bottom up, and what each may import besides itself (the order in
# docs/architecture.md). "leaf": the package's own __init__ (its version), errors, text,
# i18n.
LEAF = "leaf"
MAY_IMPORT: dict[str, set[str]] = {
    LEAF: set(),
    "domain": {LEAF},
    "checks": {"domain", LEAF},
    "loader": {"checks", "domain", LEAF},
    "sources": {"loader", "domain", LEAF},
    "store": {"loader", "domain", LEAF},
    "workflows": {"store", "sources", "loader", "checks", "domain", LEAF},
    "output": {"domain", LEAF},
    "cli": {
        "workflows",
        "store",
        "sources",
        "loader",
        "checks",
        "domain",
        "output",
        LEAF,
        "boundary",
    },
    "boundary": {LEAF},
    "entry": {"boundary", "cli", "loader", LEAF},
}
TOP_LEVEL = {"__init__": LEAF, "errors": LEAF, "text": LEAF, "i18n": LEAF, "boundary": "boundary",
             "entry": "entry", "__main__": "entry"}  # fmt: skip


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


NAMES = {module_name(p): p for p in MODULES}


def layer(name: str) -> str:
    """The layer of a module of the package: its subpackage, or its role at the top."""
    parts = name.split(".")
    if len(parts) == 1:
        return LEAF
    if len(parts) == 2 and not (PACKAGE / parts[1]).is_dir():
        return TOP_LEVEL.get(parts[1], f"unplaced module {parts[1]}")
    return parts[1]


def _type_only(tree: ast.Module) -> set[int]:
    """The ids of the import statements under ``if TYPE_CHECKING:``, which never run."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for child in node.body
        for inner in ast.walk(child)
    }


def imports(path: Path, source: str | None = None, *, typing: bool = True) -> set[str]:
    """Every module of the package that ``path`` imports (``source``: its text, if not the
    file's), anywhere in it (at the top, in a function; under TYPE_CHECKING unless not
    ``typing``), resolved to its full name."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    skipped = set() if typing else _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                start = ".".join([*base, *([node.module] if node.module else [])])
            else:
                start = node.module or ""
            # `from . import read` imports the module `read`; `from .x import name`, x.
            targets = [f"{start}.{a.name}" if f"{start}.{a.name}" in NAMES else start
                       for a in node.names]  # fmt: skip
        else:
            continue
        for target in targets:
            while target and target not in NAMES:
                target = target.rpartition(".")[0]
            if target.split(".")[0] == "opgave_cli" and target != name:
                found.add(target)
    return found


# The layers count every import, those for type checking too; a cycle only imports that
# run (one through TYPE_CHECKING alone never executes).
GRAPH = {name: imports(path) for name, path in NAMES.items()}
RUN_GRAPH = {name: imports(path, typing=False) for name, path in NAMES.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(RUN_GRAPH) == []


def test_the_cycle_finder_finds_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_has_a_layer() -> None:
    assert {n: layer(n) for n in NAMES if layer(n) not in MAY_IMPORT} == {}


def test_every_import_points_down_the_layers() -> None:
    wrong = sorted(
        f"{name} ({layer(name)}) imports {target} ({layer(target)})"
        for name, targets in GRAPH.items()
        for target in targets
        if layer(target) != layer(name) and layer(target) not in MAY_IMPORT.get(layer(name), ())
    )
    assert wrong == []


def test_the_graph_sees_an_import_inside_a_function() -> None:
    module = PACKAGE / "domain" / "parties.py"
    source = module.read_text(encoding="utf-8")
    assert "opgave_cli.store" not in GRAPH["opgave_cli.domain.parties"]
    hidden = source + "\n\ndef f() -> None:\n    if True:\n        from ..store import lock\n"
    assert "opgave_cli.store.lock" in imports(module, hidden, typing=False)
    typed = source + "\nif TYPE_CHECKING:\n    from ..store import Session\n"
    assert "opgave_cli.store" in imports(module, typed)
    assert "opgave_cli.store" not in imports(module, typed, typing=False)


# Every exit code is set by the error boundary (boundary.py); the console script's Ctrl-C
# path ends the process itself (entry.py, documented there).
_EXITS = re.compile(r"\b(typer\.Exit|raise Exit\b|sys\.exit|os\._exit|ctx\.exit)")


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_boundary_sets_an_exit_code(module: Path) -> None:
    found = _EXITS.findall(module.read_text(encoding="utf-8"))
    allowed = {"boundary.py": ["sys.exit"], "entry.py": ["os._exit"]}.get(module.name, [])
    assert [f for f in found if f not in allowed] == []


def readme_map() -> set[str]:
    """The module paths that the module map of docs/architecture.md names, relative to the
    package."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    block = text.split("```\nsrc/opgave_cli/\n", 1)[1].split("```", 1)[0]
    found: set[str] = set()
    folders: list[str] = []
    for line in block.splitlines():
        match = re.match(r"( *)(\S+)", line)
        assert match, line
        depth = (len(match.group(1)) - 2) // 2
        name = match.group(2)
        del folders[depth:]
        if name.endswith("/"):
            folders.append(name.rstrip("/"))
        else:
            found.add("/".join([*folders, name]))
    return found


def test_the_module_map_is_the_tree() -> None:
    tree = {str(p.relative_to(PACKAGE)) for p in MODULES}
    assert readme_map() == tree


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_is_small_and_says_what_it_holds(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 400
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, f"{module.name} has no docstring"
    assert source.startswith('"""')


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_cli_imports_typer(module: Path) -> None:
    if module.parent.name == "cli":
        return
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    assert not {n for n in names if n.split(".")[0] in ("typer", "click")}


def _commands(group: object, prefix: str = "") -> list[str]:
    """Every command of the app, as typed after `opgave` (``inhabitants import``)."""
    found = []
    for name, command in getattr(group, "commands", {}).items():
        path = f"{prefix}{name}"
        found += _commands(command, path + " ") if hasattr(command, "commands") else [path]
    return found


def test_every_command_is_documented_with_an_example() -> None:
    import typer.main

    from opgave_cli.cli import app

    pages = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md"))
    headings = [line for line in pages.splitlines() if line.startswith("#")]
    commands = _commands(typer.main.get_command(app))
    assert len(commands) >= 16
    for command in commands:
        # A heading that names it: `opgave sign PARTY`, `opgave amend PARTY` and ...
        assert any(f"`opgave {command}" in h or f"`{command.split()[-1]} " in h
                   for h in headings), command  # fmt: skip
        example = f"$ opgave {command}"
        assert example in pages, f"no example of opgave {command} in docs/"
        help_text = typer.main.get_command(app).get_command(None, command.split()[0])  # type: ignore[attr-defined]
        for part in command.split()[1:]:
            help_text = help_text.get_command(None, part)
        assert "Example: opgave " in (help_text.help or ""), f"opgave {command} --help"
