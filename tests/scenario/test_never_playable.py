"""Mistakes of a crisis written from scratch that used to validate and then play silently wrong: a
historical step its side can never take (skipped in every game), a body that nothing convenes (never
sits), a body whose voters select no one (every vote 0-0), and a demand needing more signatures than
there are members to sign. Each is refused by validate with exit code 2, naming the file, field and line."""

import subprocess
import sys
from pathlib import Path

import pytest

import game
from game.scenario.errors import ScenarioError

ROOT = Path(__file__).resolve().parents[2]
HARBOUR = ROOT / "tests" / "data" / "scenarios" / "from_scratch_harbour.toml"
TEXT = HARBOUR.read_text(encoding="utf-8")
BOARD = 'voters = "presidium:full"\n'

CASES = {
    "a step calling another side's motion": (
        TEXT.replace('action = { kind = "call_vote", motion = "unseat" }',
                     'action = { kind = "call_vote", motion = "confidence" }'),
        "historical.steps[1].action", "may be called only by its proposers, 'chairman'"),
    "a step lobbying a leader": (
        TEXT.replace('action = { kind = "lobby", target = "toth" }', 'action = { kind = "lobby", target = "varga" }'),
        "historical.steps[0].action", "a side's leader cannot be lobbied"),
    "a body nothing convenes": (
        TEXT.replace(BOARD, BOARD + "convened = false\n"),
        "bodies[0].convened", "nothing convenes it"),
    "voters who are no one": (
        TEXT.replace(BOARD, 'voters = "cc:full"\n'),
        "bodies[0].voters", "selects no one"),
    "a demand nobody can sign": (
        TEXT.replace(BOARD, BOARD + "convened = false\ndemand_signatures = 3\n"),
        "bodies[0].demand_signatures", "the scenario has 0"),
}


def refused(tmp_path, text: str, field: str, words: str):
    """The problem a scenario of ``text`` (an edit of the harbour crisis) is refused with at ``field``: it says
    ``words`` and names its line. Returns it and the file written."""
    assert text != TEXT
    path = tmp_path / "crisis.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        game.load_scenario(path)
    problems = [p for p in err.value.problems if p.field == field]
    assert problems and words in problems[0].message and problems[0].line, err.value
    return problems[0], path


@pytest.mark.parametrize("case", CASES)
def test_validate_refuses_what_could_never_play(tmp_path, case):
    problem, path = refused(tmp_path, *CASES[case])
    r = subprocess.run([sys.executable, "main.py", "validate", str(path)], check=False, capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2 and f"crisis.toml:{problem.line}: {problem.field}: " in r.stdout + r.stderr
    assert "Traceback" not in r.stderr


def test_a_membership_effect_or_a_convene_keeps_a_body_valid(tmp_path):
    # Bodies filled or convened during play are fine: the check reads the effects, not only the start.
    text = TEXT.replace(BOARD, BOARD + "convened = false\n").replace(
        'proposers = ["chairman"]\nrepeatable = true',
        'proposers = ["chairman"]\nrepeatable = true\non_pass = [{ convene = "board" }]')
    path = tmp_path / "crisis.toml"
    path.write_text(text, encoding="utf-8")
    assert game.load_scenario(path).bodies[0].convened is False
