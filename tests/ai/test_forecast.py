"""reply_forecast: a vote's chance after the other side's best reply, on the caller's own picture."""

import numpy as np
import pytest

import game
from game.ai import reply_forecast


def test_reply_forecast_answers_with_the_other_sides_move(g1957):
    f = reply_forecast(g1957, "group", "remove_khrushchev")
    assert f.reply is not None and f.reply.side == "khrushchev"
    assert 0.0 <= f.after <= 1.0 and 0.0 <= f.before <= 1.0
    assert f.before == pytest.approx(g1957.forecast("remove_khrushchev", side="group").probability, abs=0.15)
    if f.reply.kind == "stall":        # an adjournment lets the call lapse unless the chair refuses it
        assert f.after < f.before


def test_reply_forecast_reads_no_secret(g1957):
    before = reply_forecast(g1957, "group", "remove_khrushchev")
    data = g1957.to_json()
    stance = np.array(data["state"]["pop"]["stance"])
    # Nudge every hidden stance (keeping its sign, away from the limits where legality changes).
    data["state"]["pop"]["stance"] = np.where(np.abs(stance) < 0.85, stance + 0.05 * np.sign(stance), stance).tolist()
    twin = game.Game.from_json(g1957.scenario, data)
    assert reply_forecast(twin, "group", "remove_khrushchev") == before


def test_reply_forecast_refuses_a_call_that_is_not_legal(g1957):
    with pytest.raises(ValueError, match="cannot call"):
        reply_forecast(g1957, "khrushchev", "expel_group")
