"""Shared pieces of the property tests: bounded hypothesis settings, random play, invariants."""

from __future__ import annotations

import json
import os

import numpy as np
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import game
from game.engine import Game

SCENARIO = game.load_scenario("1957")

# Bounded and repeatable in the suite (each test well under the 60 s budget for all of
# them); HYPOTHESIS_PROFILE=explore searches afresh with ten times the examples.
_EXPLORE = os.environ.get("HYPOTHESIS_PROFILE") == "explore"


def bounded(max_examples: int):
    return settings(max_examples=max_examples * (10 if _EXPLORE else 1), deadline=None,
                    derandomize=not _EXPLORE, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


seeds = st.integers(min_value=0, max_value=2**32 - 1)


def play(g: Game, data, steps: int, label: str = "action") -> None:
    """Apply up to ``steps`` legal actions chosen by hypothesis (stops when the game ends)."""
    for _ in range(steps):
        if g.is_over():
            return
        actions = g.legal_actions()
        g.apply(actions[data.draw(st.integers(0, len(actions) - 1), label=label)])


def snapshot(g: Game) -> str:
    return json.dumps(g.to_json(), sort_keys=True)


def position(g: Game) -> str:
    """The whole state except how it was reached (whether the last action may be undone)."""
    data = g.to_json()
    data["state"].pop("undoable", None)
    return json.dumps(data, sort_keys=True)


def check_invariants(g: Game) -> None:
    """Everything that must hold in every reachable position."""
    s = g.scenario
    pop = g.people
    assert np.all(np.isfinite(pop.stance)) and np.all(np.abs(pop.stance) <= 1.0), "stance outside [-1, 1]"
    for side in (x.id for x in s.sides):
        mean, sd = g.estimates(side)
        assert np.all(np.abs(mean) <= 1.0) and np.all(sd >= 0), "an estimate is out of range"
        assert 0 <= g.capital(side) <= s.rules.capital_cap, f"capital of {side}: {g.capital(side)}"
        assert 0.0 <= g.legitimacy(side) <= 1.0, f"legitimacy of {side}: {g.legitimacy(side)}"
    assert 0 <= g.turn < len(s.calendar)
    assert np.all(pop.days_away >= 0)
    for v in g.votes:
        assert min(v.yes, v.no, v.abstain, v.absent) >= 0
        named = list(v.ballots.values())
        for ballot in ("yes", "no", "abstain", "absent"):
            assert named.count(ballot) <= getattr(v, ballot), f"{v.motion}: more named {ballot} than counted"
    if g.is_over():
        assert g.to_move == "" and g.legal_actions() == [] and g.pending is None
    else:
        assert g.to_move in {x.id for x in s.sides}
        legal = g.legal_actions()
        assert legal, "a side to move must always have something to do"
        for a in legal:
            assert a.side == g.to_move and a.cost <= g.capital(a.side)
        if g.pending:
            assert all(a.kind == "choose" for a in legal) and g.to_move == g.pending["side"]


def check_tallies(g: Game, seen: list) -> None:
    """Every vote held so far: yes + no + abstain = present, absent = members - present."""
    for record in g.votes[len(seen):]:
        members = int(g.voter_mask(record.body).sum())
        assert record.yes + record.no + record.abstain + record.absent == members, record
        present = {a for a, b in record.ballots.items() if b != "absent"}
        assert len(present) <= record.yes + record.no + record.abstain, record
        seen.append(record)
