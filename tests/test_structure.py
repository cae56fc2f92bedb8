"""The house rules of the code: the README's module map is the tree, no module is
larger than 400 lines, each starts by saying what it holds, and the layers hold."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "opgave_cli"
MODULES = sorted(PACKAGE.rglob("*.py"))


def readme_map() -> set[str]:
    """The module paths that the README's module map names, relative to the package."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
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


def test_the_readme_module_map_is_the_tree() -> None:
    tree = {str(p.relative_to(PACKAGE)) for p in MODULES}
    assert readme_map() == tree


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_is_small_and_says_what_it_holds(module: Path) -> None:
    source = module.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 400
    docstring = ast.get_docstring(ast.parse(source))
    assert docstring, f"{module.name} has no docstring"
    assert source.startswith('"""')


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module if node.level == 0 else "." * node.level + node.module)
    return names


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_cli_imports_typer(module: Path) -> None:
    if module.parent.name == "cli":
        return
    assert not {n for n in _imports(module) if n.split(".")[0] in ("typer", "click")}


@pytest.mark.parametrize(
    "module",
    [m for m in MODULES if m.parent == PACKAGE and m.stem not in ("entry", "boundary")],
    ids=lambda p: p.name,
)
def test_the_core_never_imports_the_output_or_the_cli(module: Path) -> None:
    assert not {n for n in _imports(module) if re.match(r"\.+(output|cli)\b", n)}
