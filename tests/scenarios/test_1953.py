"""The fall of Beria comes out of the model: the 1953 record under the historical policy.

Record (Knight; Taubman; the July 1953 plenum stenogram): on 26 June 1953 the
Presidium turned on Beria, all but unanimously, and Zhukov's and Moskalenko's
officers arrested him in the room; the plenum of 2-7 July condemned him
unanimously as an enemy of the party.
"""

import pytest

import game
from game.ai.policies import make_policy
from game.sim.batch import _seeds, policy_seed, play_game

RUNS = 200


@pytest.fixture(scope="module")
def historical():
    return game.simulate("1953", runs=RUNS, policies="historical", seed=1)


def test_the_presidium_turns_on_beria_all_but_unanimously(historical):
    v = historical.votes["dismiss_beria"].to_json(RUNS)
    assert v["passed_share"] >= 0.85
    assert v["mean_yes"] >= 7.5 and v["mean_no"] <= 2.5     # ten voters, Beria among them


def test_the_plenum_condemns_him_nearly_unanimously(historical):
    v = historical.votes["condemn_beria"].to_json(RUNS)
    assert v["passed_share"] >= 0.85
    assert v["yes_share"] >= 0.9
    assert historical.outcomes.get("beria_condemned", 0) >= 0.85 * RUNS


def test_the_arrest_falls_on_26_june():
    s = game.load_scenario("1953")
    dates = []
    for run in range(30):
        g_seed = _seeds(1, run)
        a, b = policy_seed(1, 0), policy_seed(1, 1)
        g = play_game(s, g_seed, {"conspirators": make_policy("historical", a),
                                  "beria": make_policy("historical", b)})
        dates += [v.date for v in g.votes if v.motion == "dismiss_beria" and v.passed]
    assert dates.count("1953-06-26") >= 25


def test_without_the_army_beria_survives(historical):
    # The arrest needs soldiers: with Zhukov leaning to Beria, three attempts to court him
    # cannot bring the army over, and the arrest is never attempted.
    hostile = game.simulate("1953", runs=100, policies="historical", seed=1,
                            overrides=["actors.zhukov.stance=-0.5"])
    assert hostile.win_rate("beria") >= 0.8
    assert hostile.win_rate("beria") >= historical.win_rate("beria") + 0.6


def test_a_charge_on_the_first_day_is_a_gamble():
    # Before anyone is sounded out, Pervukhin and Saburov are undecided and follow Malenkov:
    # a charge brought at the first sitting must not be a sure thing. (With them leaning to the
    # conspiracy from the start, strike_fast won 65.5% of these games against ai:normal as Beria,
    # and no policy found an answer to it: docs/MODEL.md, "1953: the surprise charge a gamble".)
    r = game.simulate("1953", runs=RUNS, seed=0, policies={"conspirators": "strategy:strike_fast",
                                                           "beria": "ai:normal"})
    assert 0.4 <= r.win_rate("beria") <= 0.65
    assert r.votes["dismiss_beria"].to_json(RUNS)["passed_share"] <= 0.6


def test_the_conspiracy_answers_a_beria_who_courts_the_army():
    # Beria's best lever is to court Zhukov below the line the arrest needs; a conspiracy that reads
    # the requirement courts him back (heuristics.Judge._gate_value). Without it ai:normal won 56 of
    # these 100 games and ai:hard 73 of 200 (it never called its motion in the games it lost).
    r = game.simulate("1953", runs=100, seed=0, policies={"conspirators": "ai:normal",
                                                          "beria": "strategy:court_army"})
    assert r.win_rate("conspirators") >= 0.62
