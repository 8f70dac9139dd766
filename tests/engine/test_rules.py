"""The condition language: ``all``/``any`` narrowed part by part answer as if every part were asked of every game."""

from __future__ import annotations

import random

import numpy as np

import game
from game.ai.policies import RandomPolicy
from game.engine import GameBatch
from game.engine.rules import CONDITION_KINDS, walk


def _leaves(sc) -> list[dict]:
    """Every leaf condition the scenario's events test, but chance."""
    out = []
    for ev in sc.events:
        for kind, arg in walk(ev.when):
            if kind in CONDITION_KINDS and kind not in ("all", "any", "not", "chance"):
                out.append({kind: arg})
    return out


def _naive(rules, cond, games) -> np.ndarray:
    ((kind, arg),) = cond.items()
    if kind == "all":
        return np.logical_and.reduce([_naive(rules, c, games) for c in arg] + [np.ones(len(games), bool)])
    if kind == "any":
        return np.logical_or.reduce([_naive(rules, c, games) for c in arg] + [np.zeros(len(games), bool)])
    if kind == "not":
        return ~_naive(rules, arg, games)
    return rules.holds(cond, games)


def test_nested_all_any_not_agree_with_asking_every_part_of_every_game():
    sc = game.load_scenario("1957")
    batch = GameBatch.new(sc, seeds=range(200))
    for _ in range(40):                          # a spread of positions: mid-game, some games over
        batch.step([RandomPolicy(1), RandomPolicy(2)])
    leaves = _leaves(sc)
    rng = random.Random(0)

    def tree(depth):
        if depth == 0 or rng.random() < 0.3:
            return rng.choice(leaves)
        kind = rng.choice(["all", "any", "not"])
        return {"not": tree(depth - 1)} if kind == "not" else {kind: [tree(depth - 1) for _ in range(rng.randint(0, 4))]}

    games = np.arange(batch.size)
    for _ in range(200):
        cond = tree(4)
        assert (batch.rules.holds(cond, games) == _naive(batch.rules, cond, games)).all(), cond


def test_a_reveal_effect_agrees_with_one_man_or_several():
    """'learns where Dmitri Shepilov stands', but 'where the Presidium's full members stand'."""
    g = game.new_game("1957", seed=1)
    lines = [e.text for side in ("khrushchev", "group") for e in g.log_for(side) if " learns where " in e.text]
    assert "Khrushchev's camp learns where the Presidium's full members stand." in lines
    assert "The Anti-Party Group learns where Dmitri Shepilov stands." in lines
