"""A crisis written from scratch with only scenarios/README.md open (Warsaw, October 1956: a test
scenario, not historical data): two sides of its own, a Politburo that breaks ties by its chair, a
plenum convened on a signed demand, an outside power (the Soviet leadership and its troops) with its
own power base. It validates, plays to an end under every policy, reaches each of its outcomes, the
outside power's stance moves the result, and a save round-trips."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import game
from game.engine.game import Game

FILE = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_warsaw.toml"
SCENARIO = game.load_scenario(str(FILE))
RUNS = 150

# The Natolin group's desperate line: court Moscow, then ask for the tanks.
TANKS = {"natolin": [{"kind": "choose", "option": "call_them_in"}, {"kind": "court", "institution": "soviet_forces"}],
         "reformers": [{"kind": "choose", "option": "stand_firm"}, {"kind": "call_vote", "motion": "elect_gomulka"},
                       {"kind": "call_vote", "motion": "co_opt_gomulka"},
                       {"kind": "call_vote", "motion": "convene_plenum"}, {"kind": "choose", "option": "reject"}]}


def scripted(scenario, seed: int, plan: dict, stop_after: int | None = None) -> Game:
    """Each side takes the first legal action matching its plan, in order; otherwise it waits."""
    g = game.new_game(scenario, seed=seed)
    while not g.is_over() and stop_after != 0:
        actions = g.legal_actions()
        wanted = plan[actions[0].side]
        pick = next((a for w in wanted for a in actions if w.items() <= a.to_json().items()), actions[0])
        g.apply(pick)
        stop_after = None if stop_after is None else stop_after - 1
    return g


def test_it_validates_from_the_command_line():
    r = subprocess.run([sys.executable, "main.py", "validate", str(FILE)], capture_output=True, text=True,
                       cwd=FILE.parents[3])
    assert r.returncode == 0 and r.stdout.strip().endswith(": ok"), r.stdout + r.stderr


def test_the_record_is_the_likely_path_and_every_game_ends():
    hist = game.simulate(SCENARIO, runs=RUNS, policies="historical", seed=1)
    assert sum(hist.outcomes.values()) == RUNS
    assert hist.outcomes.get("gomulka_elected", 0) >= 0.6 * RUNS
    assert set(hist.outcomes) <= {"gomulka_elected", "deadlock"}       # history never calls the tanks in
    vote = hist.votes["elect_gomulka"].to_json(RUNS)
    assert vote["mean_yes"] > 2 * vote["mean_no"]                       # a clear plenum majority, as in October
    rand = game.simulate(SCENARIO, runs=RUNS, policies="random", seed=1)
    assert sum(rand.outcomes.values()) == RUNS
    assert {"deadlock", "plenum_blocked"} <= set(rand.outcomes)
    assert any(o.startswith("compromise:") for o in rand.outcomes)


def test_a_central_committee_leaning_to_natolin_keeps_the_old_politburo():
    r = game.simulate(SCENARIO, runs=60, policies="historical", seed=2,
                      overrides=[f"blocs.{b}.stance.mean=-0.6" for b in ("voivodeship_secretaries", "pulawy")])
    assert r.outcomes.get("natolin_holds", 0) >= 0.5 * 60


def test_the_outside_power_decides_whether_the_tanks_roll():
    """Moscow's stance is the lever: firmly behind Natolin, its call mostly brings the tanks in; leaning
    to Gomulka, Natolin must court Moscow round first, and the columns seldom move on Warsaw."""
    def intervention(stance: float) -> int:
        scenario = game.load_scenario(str(FILE), overrides=[f"actors.khrushchev.stance={stance}"])
        return sum(scripted(scenario, seed, TANKS).outcome().id == "soviet_intervention" for seed in range(12))
    hard, soft = intervention(-0.9), intervention(0.3)
    assert hard >= 6 and soft <= 2, (hard, soft)


def test_the_lever_moves_the_record_too():
    def share(stance: float) -> float:
        r = game.simulate(SCENARIO, runs=RUNS, policies="historical", seed=3,
                          overrides=[f"actors.khrushchev.stance={stance}"])
        return r.outcomes.get("gomulka_elected", 0) / RUNS
    assert share(0.3) > share(-1.0)


def test_a_game_saves_and_resumes_to_the_same_end():
    g = scripted(SCENARIO, 5, TANKS, stop_after=9)
    assert not g.is_over() and g.forecast("convene_plenum", side="reformers") is not None
    data = json.loads(json.dumps(g.to_json()))
    resumed = Game.from_json(SCENARIO, data)
    assert resumed.to_json() == g.to_json()
    a, b = g, resumed
    while not a.is_over():
        action = a.legal_actions()[0]
        a.apply(action)
        b.apply(next(x for x in b.legal_actions() if x.to_json() == action.to_json()))
    assert a.outcome() == b.outcome() and a.to_json() == b.to_json()


# Mistakes made while writing it, each refused with a message saying what and where.
MISTAKES = {
    "bodies[0].tie: tie = \"chair\"": ('chair = "ochab"\ntie = "chair"', 'tie = "chair"'),
    "bodies[1].demand_motion: motion 'elect_gomulka' is voted by 'plenum' itself":
        ('demand_motion = "convene_plenum"', 'demand_motion = "elect_gomulka"'),
    "bodies[1].demand_motion: nothing convenes 'plenum'": ('on_pass = [{ convene = "plenum" }]', ''),
    "events[0].choices[0].chooser: 'chooser' is a key of the event":
        ('chooser = "reformers"\n[[events.choices]]\nid = "stand_firm"',
         '[[events.choices]]\nid = "stand_firm"\nchooser = "reformers"'),
    "motions[3].on_tie: Input should be a valid list: write a list in brackets":
        ('on_tie = [{ message = "The plenum is split down the middle; the question goes back to the Politburo." }]',
         'on_tie = { message = "split" }'),
}


@pytest.mark.parametrize("expected", MISTAKES)
def test_an_authors_mistake_is_named_with_its_line(expected, tmp_path):
    old, new = MISTAKES[expected]
    text = FILE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    bad = tmp_path / "warsaw.toml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(game.ScenarioError) as err:
        game.load_scenario(str(bad))
    assert re.search(rf"warsaw\.toml:\d+: {re.escape(expected)}", str(err.value)), str(err.value)
