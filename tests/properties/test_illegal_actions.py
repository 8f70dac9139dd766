"""Illegal actions raise the engine's own errors and change nothing, in any position."""

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import game
from game.engine import (
    Choose, CallVote, Court, EngineError, GameOverError, IllegalActionError, InvalidActionError, Lobby, Pass,
)
from game.engine.actions import ACTION_TYPES

from .common import SCENARIO, bounded, play, seeds


def _full_state(g) -> str:
    # to_json holds the whole state, the generator's position included.
    return json.dumps(g.to_json(), sort_keys=True)


def _refused(g, action, error, match=None) -> None:
    before = _full_state(g)
    with pytest.raises(error, match=match):
        g.apply(action)
    assert _full_state(g) == before, f"{action!r} changed the game although it was refused"


KINDS = ["wrong_side", "wrong_phase", "unaffordable", "unknown_target", "malformed"]


@bounded(max_examples=60)
@given(seed=seeds, data=st.data(), kind=st.sampled_from(KINDS))
def test_illegal_actions_raise_and_change_nothing(seed, data, kind):
    g = game.new_game(SCENARIO, seed=seed)
    play(g, data, data.draw(st.integers(0, 40), label="steps"))
    if g.is_over():
        _refused(g, Pass(SCENARIO.sides[0].id), GameOverError)
        return
    side, other = g.to_move, g.other(g.to_move)
    legal = g.legal_actions()
    if kind == "wrong_side":
        action = replace(data.draw(st.sampled_from(legal), label="legal"), side=other)
        _refused(g, action, IllegalActionError)
    elif kind == "wrong_phase":
        _refused(g, Pass(side) if g.pending else Choose(side, "accept"), IllegalActionError)
    elif kind == "unaffordable":
        g.batch.capital[g.row, g.scenario.side_index(side)] = 0
        costly = [a for a in g.action_space(side) if a.kind != "choose" and g.cost_of(a) > 0]
        action = data.draw(st.sampled_from(costly), label="costly")
        _refused(g, action, IllegalActionError, match=None if g.pending else "costs")
    elif kind == "unknown_target":
        action = data.draw(st.sampled_from([
            Lobby(side, "beria"), CallVote(side, "abolish_the_party"), Court(side, "navy"),
        ]), label="unknown")
        _refused(g, action, InvalidActionError)
    else:
        bad = data.draw(st.sampled_from([
            {"kind": "teleport", "side": side}, {"kind": "lobby", "side": side},
            {"kind": "lobby", "side": "stalin", "target": "zhukov"}, {"side": side}, "pass",
        ]), label="malformed")
        _refused(g, bad, InvalidActionError)


def test_every_engine_error_is_a_value_error():
    for cls in (IllegalActionError, InvalidActionError, GameOverError):
        assert issubclass(cls, EngineError) and issubclass(cls, ValueError)
