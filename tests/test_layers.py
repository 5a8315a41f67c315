"""The layers are folders, each importing only from the ones above it in the README's
list (How it is built): a rule never reaches into the data layer, a view never into an
answer; and no module imports, through others, one that imports it (no circle). Read
from the source's import statements, lazy ones inside functions included."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "targets_cli"
# top to bottom, as the README lists them
LAYERS = ("rules", "data", "views", "renderers", "answers", "publish", "cli")


def _layer_imports(path: Path, package: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, layer) of every import in `path` (a module of `package`) of a layer."""
    parts = path.relative_to(package).parts
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[list[str]] = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(parts[: len(parts) - node.level])
                names.append(base + (node.module.split(".") if node.module else []))
            elif node.module:
                names.append(
                    node.module.split(".")[1:] if node.module.startswith("targets_cli.") else []
                )
        elif isinstance(node, ast.Import):
            names += [
                a.name.split(".")[1:] for a in node.names if a.name.startswith("targets_cli.")
            ]
        found += [(node.lineno, name[0]) for name in names if name and name[0] in LAYERS]
    return found


def test_each_layer_imports_only_from_the_layers_above_it():
    wrong = []
    for layer in LAYERS:
        for path in sorted((PACKAGE / layer).rglob("*.py")):
            for line, other in _layer_imports(path):
                if other != layer and LAYERS.index(other) > LAYERS.index(layer):
                    wrong.append(f"{path.relative_to(REPO)}:{line} imports from {other}/")
    assert wrong == []


def test_a_rule_importing_the_data_layer_is_found(tmp_path):
    rules = tmp_path / "targets_cli" / "rules"
    rules.mkdir(parents=True)
    (rules / "example.py").write_text(
        "def f():\n    from ..data.names import target_index\n", encoding="utf-8"
    )
    found = _layer_imports(rules / "example.py", tmp_path / "targets_cli")
    assert found == [(2, "data")]


def test_the_readme_lists_the_layers_in_this_order():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `targets_cli/(\w+)/` \|", text, flags=re.MULTILINE)
    assert tuple(listed) == LAYERS


def _is_module(names: list[str]) -> bool:
    target = PACKAGE.joinpath(*names)
    return target.with_suffix(".py").is_file() or (target / "__init__.py").is_file()


def _module_imports(path: Path) -> set[str]:
    """The modules of the package that `path` imports (lazy imports included), by name."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    package = parts[:-1]  # (what `.` means in a module, and in a package's __init__)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            module = package[: len(package) - (node.level - 1)]
            module += node.module.split(".") if node.module else []
            # `from .a import b`: b a module of a, or a name defined in a
            for alias in node.names:
                named = [*module, alias.name]
                found.add(".".join(named if _is_module(named) else module))
    return found - {".".join(parts), ""}


def test_no_two_modules_import_each_other_round_a_circle():
    graph = {
        ".".join(p.relative_to(PACKAGE).with_suffix("").parts): _module_imports(p)
        for p in PACKAGE.rglob("*.py")
    }
    circles = []
    for start in graph:
        # every module reachable from start; start among them closes a circle
        seen, waiting = set(), list(graph[start])
        while waiting:
            module = waiting.pop()
            if module in seen:
                continue
            seen.add(module)
            waiting += graph.get(module, ())
        if start in seen and not start.endswith("__init__"):
            circles.append(start)
    assert circles == []
