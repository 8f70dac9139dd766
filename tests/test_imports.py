"""The import graph of ``game/``: no cycles, and each layer imports only the layers below it.

Every import counts: module level and inside functions (a lazy import is still
a dependency; it only moves the failure from import time to call time). Only
``if TYPE_CHECKING:`` blocks are left out, since they never run.

Edges follow the usual convention of import linters: ``import a.b`` and
``from a import b`` (``b`` a module) are edges to ``a.b``; ``from a import f``
(``f`` not a module) is an edge to ``a``. Parent packages executed on the way
(``a/__init__.py``) are not added as edges of their own, so a package's
``__init__`` that re-exports its submodules does not make a false cycle with
every submodule that imports a sibling.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "game"

# Edges the engine's owners are removing; each one is a cycle inside game/engine
# (lazy imports), left to them rather than edited here. Empty when none remain.
# TODO(engine): delete entries as the engine's cycles are fixed.
KNOWN_ENGINE_EDGES: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((ROOT / PACKAGE).rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every Import/ImportFrom node, at any depth, except under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)          # the ``else:`` branch does run
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def _resolve_base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]                     # a module's level-1 base is its package
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)]
    assert parts, f"{module}: relative import beyond the top package"
    return ".".join(parts + ([node.module] if node.module else []))


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a module of game/ (``game.ui.app.App`` -> ``game.ui.app``)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def build_graph() -> dict[str, dict[str, int]]:
    """``graph[a][b]`` = the line of one import of ``b`` in ``a``, for modules of game/ only."""
    modules = discover()
    graph: dict[str, dict[str, int]] = {m: {} for m in modules}
    for module, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _resolve_base(module, is_package, node)
                targets = []
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.append(full if full in modules else base)
            for target in targets:
                if target.split(".")[0] != PACKAGE:
                    continue
                owner = _owner(target, modules)
                assert owner is not None, f"{module} line {node.lineno}: imports {target}, which is not in game/"
                if owner != module:
                    graph[module].setdefault(owner, node.lineno)
    return graph


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle as ``[a, b, ..., a]``, or None (iterative depth-first search)."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    for start in sorted(graph):
        if colour[start] != WHITE:
            continue
        path = [start]
        iters = [iter(sorted(graph[start]))]
        colour[start] = GREY
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                colour[path.pop()] = BLACK
                iters.pop()
            elif colour[nxt] == GREY:
                return path[path.index(nxt):] + [nxt]
            elif colour[nxt] == WHITE:
                colour[nxt] = GREY
                path.append(nxt)
                iters.append(iter(sorted(graph[nxt])))
    return None


def describe(graph, cycle: list[str]) -> str:
    return " -> ".join(f"{a} (line {graph[a][b]})" for a, b in zip(cycle, cycle[1:])) + f" -> {cycle[-1]}"


@pytest.fixture(scope="module")
def graph():
    return build_graph()


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _violations(graph, importer: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{a} line {line} imports {b}"
            for a, edges in sorted(graph.items()) if _in(a, importer)
            for b, line in sorted(edges.items()) if any(_in(b, f) for f in forbidden)]


def test_the_graph_sees_lazy_imports_and_resolves_relative_ones(graph):
    assert "game.engine" in graph["game"]
    assert "game.ui.theme" in graph["game.ui.app"]             # from . import persistence, theme
    assert "game.scenario.loader" in graph["game.cli"]         # inside a function


def test_no_import_cycles(graph):
    pruned = {a: {b: line for b, line in edges.items() if (a, b) not in KNOWN_ENGINE_EDGES}
              for a, edges in graph.items()}
    cycle = find_cycle(pruned)
    assert cycle is None, "import cycle: " + describe(pruned, cycle)


def test_known_engine_edges_still_exist(graph):
    """A known edge that has gone must leave the list, so the list cannot hide a new cycle."""
    stale = [e for e in KNOWN_ENGINE_EDGES if e[1] not in graph.get(e[0], {})]
    assert not stale, f"remove from KNOWN_ENGINE_EDGES: {stale}"


def test_sim_does_not_import_the_cli(graph):
    assert _violations(graph, "game.sim", ("game.cli",)) == []


def test_engine_imports_no_layer_above_it(graph):
    above = ("game.scenario", "game.ui", "game.ai", "game.sim", "game.cli")
    assert _violations(graph, "game.engine", above) == []


def test_ai_does_not_import_the_ui(graph):
    assert _violations(graph, "game.ai", ("game.ui",)) == []
