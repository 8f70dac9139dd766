"""The README's "From Python" example, and docs/AI.md's policy of one's own, run as printed (with fewer games):
the docs stay true."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


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


def test_the_own_policy_example_of_docs_ai_runs():
    text = (ROOT / "docs" / "AI.md").read_text(encoding="utf-8")
    block = re.search(r"## Your own policy\s.*?```python\n(.*?)```", text, re.DOTALL)
    assert block, "docs/AI.md lost its example of a policy of one's own"
    code = block.group(1)
    assert "runs=1000" in code and "workers=2" in code
    code = code.replace("runs=1000", "runs=6").replace("workers=2", "workers=1")
    code = code.replace("game.simulate(", "table = game.simulate(", 1)
    namespace: dict = {}
    exec(compile(code, "docs/AI.md", "exec"), namespace)      # noqa: S102 - our own documentation
    assert namespace["table"].startswith("1957: 6 games, seed 0, khrushchev=ai:normal, group=CallFirst")
