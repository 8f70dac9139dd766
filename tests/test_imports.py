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



def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover(root: Path = ROOT) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted((root / PACKAGE).rglob("*.py"))}


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


def build_graph(root: Path = ROOT) -> dict[str, dict[str, int]]:
    """``graph[a][b]`` = the line of one import of ``b`` in ``a``, for modules of game/ only."""
    modules = discover(root)
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


def strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The components of more than one module (each holds a cycle); Tarjan's algorithm, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, children = work[-1]
            w = next(children, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(graph[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def a_cycle(graph: dict[str, dict[str, int]], component: list[str]) -> list[str]:
    """One cycle ``[a, b, ..., a]`` through the first module of a strongly connected component."""
    inside = set(component)
    start = component[0]
    previous = {start: None}
    queue = [start]
    while queue:                          # breadth-first, so the cycle shown is a shortest one
        v = queue.pop(0)
        for w in sorted(graph[v]):
            if w == start:
                path = [v]                # back from v to start, then turned round
                while previous[path[-1]] is not None:
                    path.append(previous[path[-1]])
                return path[::-1] + [start]
            if w in inside and w not in previous:
                previous[w] = v
                queue.append(w)
    raise AssertionError(f"no cycle through {start}")


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


def test_the_graph_counts_lazy_imports_and_resolves_relative_ones(tmp_path):
    files = {
        "game/__init__.py": "from .engine import Game\n",
        "game/cli.py": "def main():\n    from .ui import scenes\n    from .engine.core import step\n",
        "game/engine/__init__.py": "from .core import Game\n",
        "game/engine/core.py": (
            "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from game.ui import app\nelse:\n    import game.ai.levels\n"
            "class Game:\n    def view(self):\n        from .. import cli\n"),
        "game/ai/__init__.py": "", "game/ai/levels.py": "",
        "game/ui/__init__.py": "", "game/ui/app.py": "", "game/ui/scenes/__init__.py": "from .. import app\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    g = build_graph(tmp_path)
    assert g["game"] == {"game.engine": 1}                          # from .engine import Game (not a module)
    assert g["game.cli"] == {"game.ui.scenes": 2, "game.engine.core": 3}   # inside a function
    assert g["game.engine"] == {"game.engine.core": 1}
    assert g["game.engine.core"] == {"game.ai.levels": 5, "game.cli": 8}   # not the TYPE_CHECKING one
    assert g["game.ui.scenes"] == {"game.ui.app": 1}               # a package's ``..`` is its parent
    component = strongly_connected(g)
    assert component == [["game.cli", "game.engine.core"]]
    assert describe(g, a_cycle(g, component[0])) == \
        "game.cli (line 3) -> game.engine.core (line 8) -> game.cli"


def test_no_import_cycles(graph):
    cycles = [describe(graph, a_cycle(graph, c)) for c in strongly_connected(graph)]
    assert not cycles, "import cycles (one shown per group of modules that import each other):\n" + \
        "\n".join(cycles)


def test_sim_does_not_import_the_cli(graph):
    assert _violations(graph, "game.sim", ("game.cli",)) == []


def test_engine_imports_no_layer_above_it(graph):
    above = ("game.scenario", "game.ui", "game.ai", "game.sim", "game.cli")
    assert _violations(graph, "game.engine", above) == []


def test_ai_does_not_import_the_ui(graph):
    assert _violations(graph, "game.ai", ("game.ui",)) == []


SCENES = "game.ui.scenes"
REGISTRY = "game.ui.scenes.registry"


def _scene_modules(graph) -> set[str]:
    return {m for m in graph if m.startswith(SCENES + ".") and m != REGISTRY}


def test_scenes_reach_each_other_by_name_not_by_import(graph):
    scenes = _scene_modules(graph)
    assert {"game.ui.scenes.board", "game.ui.scenes.vote"} <= scenes
    imports = [f"{a} line {line} imports {b}" for a in sorted(scenes)
               for b, line in sorted(graph[a].items()) if b in scenes or b == REGISTRY]
    assert imports == [], "a scene opens another with app.push/replace/reset(name, ...)"


def test_only_the_registry_imports_the_scenes_and_only_the_app_imports_the_registry(graph):
    scenes = _scene_modules(graph)
    importers = {a for a, edges in graph.items() for b in edges if b in scenes}
    assert importers == {REGISTRY}
    assert {a for a, edges in graph.items() if REGISTRY in edges} == {"game.ui.app"}
