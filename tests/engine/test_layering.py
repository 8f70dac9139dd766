"""The engine stays pure: numpy and the standard library only, never pygame or files."""

import ast
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "game" / "engine"


def test_importing_the_engine_leaves_pygame_and_pydantic_out():
    code = ("import sys, game.engine; "
            "print('pygame' in sys.modules, 'pygame_gui' in sys.modules, 'pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False False"


def test_engine_modules_import_only_numpy_and_stdlib():
    allowed = set(sys.stdlib_module_names) | {"numpy"}
    forbidden = {"tomllib", "pathlib", "socket", "io", "os", "shutil"}
    for path in ENGINE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module.split(".")[0]]
            else:
                continue
            for name in names:
                assert name in allowed and name not in forbidden, f"{path.name} imports {name}"
