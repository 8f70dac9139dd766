"""Computer opponents: legal, deterministic per seed, blind to the other side's secrets."""

import numpy as np
import pytest

import game
from game.ai.levels import EasyPolicy, HardPolicy, NormalPolicy
from game.ai.policies import POLICIES, make_policy
from game.sim.batch import play_game


@pytest.mark.parametrize("name", ["ai:easy", "ai:normal", "ai:hard"])
def test_levels_are_registered(name):
    assert name in POLICIES
    assert make_policy(name, 3).name == name


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="unknown policy"):
        make_policy("ai:impossible", 0)


@pytest.mark.parametrize("k, g", [("ai:easy", "ai:normal"), ("ai:normal", "ai:easy")])
def test_levels_play_whole_games_legally_from_either_side(s1957, k, g):
    # apply() raises on any illegal action, so finishing the game is the check.
    done = play_game(s1957, 11, {"khrushchev": make_policy(k, 1), "group": make_policy(g, 2)})
    assert done.is_over()
    assert done.outcome().winner in ("khrushchev", "group", None)


def test_levels_are_deterministic_per_seed(s1957):
    def actions(seed):
        g = play_game(s1957, 5, {"khrushchev": NormalPolicy(seed), "group": EasyPolicy(seed + 1)})
        return g.state.actions

    assert actions(3) == actions(3)


def _hard(seed):
    p = HardPolicy(seed)
    p.worlds = 4   # fewer simulations keep the test quick; the logic is the same
    return p


def test_hard_decision_is_legal_and_repeatable(s1957):
    g = game.new_game(s1957, seed=4)
    a = _hard(9).choose(g)
    assert g.is_legal(a)
    assert _hard(9).choose(g) == a


def test_hard_never_reads_the_other_sides_secrets(s1957):
    """Change what only the truth holds (hidden stances, future dice); keep the estimates."""
    g = game.new_game(s1957, seed=4)
    g.apply(next(a for a in g.legal_actions() if a.kind == "lobby"))   # group moves; now Khrushchev
    side = g.to_move
    before = _hard(21).choose(g)

    twin = g.clone()
    pop = twin.state.pop
    n = len(s1957.actors)
    rng = np.random.default_rng(0)
    # Nudge every hidden stance (keeping its sign, away from the limits where
    # legality changes) and every CC member's; reseed the game's own dice.
    noise = rng.uniform(-0.1, 0.1, pop.size)
    new = np.where(np.abs(pop.stance) < 0.9, pop.stance + noise, pop.stance)
    new = np.where(np.sign(new) == np.sign(pop.stance), new, pop.stance)
    pop.stance[:] = new
    twin.state.rng = np.random.Generator(np.random.PCG64(12345))
    assert not np.allclose(twin.state.pop.stance[:n], g.state.pop.stance[:n])
    np.testing.assert_array_equal(twin.estimates(side)[0], g.estimates(side)[0])
    assert [a.key() for a in twin.legal_actions()] == [a.key() for a in g.legal_actions()]

    assert _hard(21).choose(twin) == before


def test_normal_beats_random_as_the_group(s1957):
    wins = 0
    for run in range(8):
        g = play_game(s1957, 100 + run, {"khrushchev": make_policy("random", run),
                                         "group": make_policy("ai:normal", run)})
        wins += g.outcome().winner == "group"
    assert wins >= 6


@pytest.mark.parametrize("name", ["ai:easy", "ai:normal"])
def test_levels_hand_back_the_labelled_legal_action(s1957, name):
    g = game.new_game(s1957, seed=8)
    a = make_policy(name, 2).choose(g)
    assert a in g.legal_actions() and a.label and a.cost == g.cost_of(a)
