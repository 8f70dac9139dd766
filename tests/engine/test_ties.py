"""A tied vote follows its body's rule (fails, passes, the chair decides) and its motion's on_tie."""

from dataclasses import replace

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
