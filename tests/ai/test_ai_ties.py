"""The computer players read a body's tie rule as the vote does (found writing a crisis from scratch: in a body
where a tie passes, ``ai:normal`` forecast 0% for a vote that always carried, and waited instead of calling it)."""

from pathlib import Path

import numpy as np

import game
from game.ai import batch_judge as bj
from game.ai.heuristics import read_vote

THREE_TIES = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_ties.toml"
# Two firm men, every vote 1-1: the tie rule alone decides (tests/engine/test_ties.py).
EXPECTED = {"in_board": 0.0, "in_bureau": 1.0, "in_council": 1.0}


def test_the_ai_forecast_knows_the_tie_rule():
    sc = game.load_scenario(THREE_TIES)
    g = game.new_game(sc, seed=1)
    for motion, p in EXPECTED.items():
        m = g.batch.motion_ix[motion]
        for k in range(2):
            got = bj.forecast_batch(g.batch, k, np.array([0]), m, samples=200)[0]
            assert got == p == g.forecast(motion, side=sc.sides[k].id, samples=200).probability, (motion, k)


def test_the_judges_reading_of_a_tied_vote_follows_the_rule():
    sc = game.load_scenario(THREE_TIES)
    g = game.new_game(sc, seed=1)
    scalar = {m: read_vote(g, m).p_pass for m in EXPECTED}
    batch = bj.judge(g.batch, 0).p_pass[0]
    for m in EXPECTED:
        assert np.isclose(batch[g.batch.motion_ix[m]], scalar[m])
    # A tie that passes reads above one that fails; one the chair settles, between them.
    assert scalar["in_board"] < 0.5 < scalar["in_bureau"]
    assert scalar["in_board"] < scalar["in_council"] < scalar["in_bureau"]
