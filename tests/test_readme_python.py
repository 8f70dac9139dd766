"""The README's "From Python" example runs as printed (with fewer games): the docs stay true."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_python_example_runs():
    block = re.search(r"## From Python\s+```python\n(.*?)```", README, re.S)
    assert block, "the README lost its Python example"
    code = block.group(1)
    assert "GameBatch" in code and "simulate" in code and "legal_actions" in code
    code = code.replace("runs=200", "runs=4").replace("range(1000)", "range(12)").replace("games=2000", "games=2")
    code = code.replace('"studies/', f'"{Path(__file__).resolve().parents[1] / "studies"}/')
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)      # noqa: S102 - our own documentation
    assert namespace["g"].action_count == 1
