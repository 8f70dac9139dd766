"""Every shipped scenario validates, plays to an end with any policy, and is complete."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import game
from game.ai.policies import make_policy
from game.scenario.loader import load_scenario, scenario_files
from game.sim.batch import _seeds, policy_seed, play_game

ROOT = Path(__file__).resolve().parents[2]
FILES = scenario_files()
IDS = [load_scenario(p).id for p in FILES]


def test_the_shipped_scenarios_are_there():
    assert {"1953", "1957", "1964", "1957_zhukov_neutral"} <= set(IDS)


def test_ids_and_aliases_are_unique():
    names = [n for p in FILES for s in [load_scenario(p)] for n in (s.id, *s.aliases)]
    assert len(names) == len(set(names))


def test_validate_cli_accepts_every_file():
    out = subprocess.run([sys.executable, "main.py", "validate", *map(str, FILES)], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count(": ok") == len(FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_named_actor_is_complete(path):
    s = load_scenario(path)
    for a in s.actors:
        assert re.search("[А-Яа-яЁё]", a.name_ru), a.id
        assert len(a.bio) > 40 and a.offices, a.id
    # The record's outcome gives every named actor a written fate.
    historic = s.outcomes[0].id
    missing = [a.id for a in s.actors if not (a.fates.get(historic) or a.fates.get("default"))]
    assert not missing, f"no fate for {missing} under {historic}"
    assert len(s.calendar) >= 3 and s.historical and s.briefing


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_random_playouts_end_cleanly(path):
    s = load_scenario(path)
    sides = [x.id for x in s.sides]
    endings = set()
    for run in range(12):
        g_seed = _seeds(5, run)
        a, b = policy_seed(5, 0), policy_seed(5, 1)
        names = [("random", "random"), ("random", "historical"), ("historical", "random")][run % 3]
        g = play_game(s, g_seed, {sides[0]: make_policy(names[0], a), sides[1]: make_policy(names[1], b)})
        out = g.outcome()
        assert out is not None and g.legal_actions() == [] and g.to_move == ""
        assert len(out.epilogue) == len(s.actors) and all(f.text for f in out.epilogue)
        endings.add(out.id)
    assert endings  # at least one ending reached; each run ended without an exception


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_a_game_replays_from_its_actions(path):
    s = load_scenario(path)
    sides = [x.id for x in s.sides]
    g = play_game(s, 11, {sides[0]: make_policy("random", 1), sides[1]: make_policy("random", 2)})
    again = game.new_game(s, seed=11)
    for action in g.actions:
        again.apply(action)
    assert again.outcome().id == g.outcome().id and [e.text for e in again.log] == [e.text for e in g.log]
