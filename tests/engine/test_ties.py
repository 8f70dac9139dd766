"""A tied vote follows its body's rule (fails, passes, the chair decides) and its motion's on_tie."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import game
from game.engine import GameBatch
from game.engine.voting import MotionContext, passes, tied

CTX = MotionContext(direction=1, ideology=0.0, legitimacy=0.0, fear=0.0, majority=0.5, majority_of="present",
                    members=10)


def test_yes_exactly_at_the_majority_is_a_tie_not_a_pass():
    yes, no = np.array([5, 6, 4]), np.array([5, 4, 6])
    assert list(passes(CTX, yes, no, 10)) == [False, True, False]
    assert list(tied(CTX, yes, no, 10)) == [True, False, False]


def _tied_games(tie: str, on_tie=()):
    """Games of 1957 whose Presidium votes with ten present, until some tie."""
    sc = game.load_scenario("1957")
    bodies = tuple(replace(b, tie=tie) if b.id == "presidium" else b for b in sc.bodies)
    motions = tuple(replace(m, on_tie=tuple(on_tie)) if m.id == "remove_khrushchev" else m for m in sc.motions)
    # A gentler bandwagon than 1957's own keeps close votes (and so ties) common in the sample.
    sc = replace(sc, bodies=bodies, motions=motions, model=replace(sc.model, bandwagon=1.2))
    batch = GameBatch.new(sc, seeds=range(2000))
    b = batch
    m = b.motion_ix["remove_khrushchev"]
    j = b.body_ix["presidium"]
    games = np.arange(b.size)
    present = b.voter_mask(j, games)                         # all eleven full members...
    present[:, np.flatnonzero(present[0])[0]] = False        # ...less one: ten, an even number
    b.chair[:, j] = np.flatnonzero(present[0])[0]           # a present member chairs
    b._hold_vote(m, games, present)
    games_, m_, yes, no, abstain, carried = b._votes[-1]
    return b, yes, no, carried, present


@pytest.mark.parametrize("rule", ["fails", "passes", "chair"])
def test_each_tie_rule(rule):
    b, yes, no, carried, present = _tied_games(rule)
    n = present.sum(axis=1)
    tie = yes * 2 == n
    assert tie.sum() >= 20, "the sample must hold ties"
    if rule == "fails":
        assert not carried[tie].any()
    elif rule == "passes":
        assert carried[tie].all()
    else:
        assert carried[tie].any() and not carried[tie].all()   # as the chair voted
    assert (carried[~tie] == (yes[~tie] * 2 > n[~tie])).all()


def test_on_tie_effects_follow_a_tie_only():
    b, yes, no, carried, present = _tied_games("fails", on_tie=[{"flag": "referred"}])
    tie = yes * 2 == present.sum(axis=1)
    flag = b.flags[:, b.flag_ix["referred"]]
    assert (flag == tie).all()


THREE_TIES = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_ties.toml"


def test_the_forecast_knows_the_tie_rule_as_the_vote_does():
    """Two firm men in three bodies: every vote is 1-1, so only the tie rule decides. The forecast said 0% in
    the bodies where a tie passes or the chair carries it, while every such vote passed."""
    from game.ui.wording import need_words
    sc = game.load_scenario(THREE_TIES)
    g = game.new_game(sc, seed=1)
    expected = {"in_board": 0.0, "in_bureau": 1.0, "in_council": 1.0}
    for motion, p in expected.items():
        for side in ("elder", "younger"):
            assert g.forecast(motion, side=side, samples=200).probability == p
    r = game.simulate(sc, runs=20, policies="random", seed=3)
    for motion, p in expected.items():
        v = r.votes[motion].to_json(20)
        assert v["held"] and (v["mean_yes"], v["mean_no"]) == (1.0, 1.0)
        assert round(v["passed_share"] * 20) == p * v["held"]        # passed in every run it was held, or none
    words = {m: need_words(g, g.forecast(m, samples=10)) for m in expected}
    assert words == {"in_board": "needs 2 yes of the 2 present", "in_bureau": "needs 1 yes of the 2 present",
                     "in_council": "needs 2 yes of the 2 present, or 1 with the chair's"}


def test_the_rules_page_says_how_each_body_settles_a_tie():
    from game.ui.rules import rules_markdown
    page = rules_markdown(game.load_scenario(THREE_TIES))
    assert "Board: a motion passes when its yes votes are more than half of the members present;" in page
    assert "more than half of the members present, or exactly half;" in page
    assert "more than half of the members present, or exactly half with the chair voting yes;" in page
    assert "played in a single day, Tuesday 1 March. Both sides have 2 moves" in page
    assert "1 moves" not in page and "1 days" not in page
