"""The end's "what if" figures (game/ui/hindsight.py): replayed from the mornings, from the model."""

import json

import game
from game.ai import make_policy
from game.ui.hindsight import chance_from, mornings, turning_points


def finished(seed=3):
    g = game.new_game(game.load_scenario("1957"), seed=seed)
    players = {"khrushchev": make_policy("ai:easy", 1), "group": make_policy("historical", 2)}
    while not g.is_over():
        g.apply(players[g.to_move].choose(g))
    return g


def test_each_morning_is_the_game_replayed_to_that_day():
    g = finished()
    days = mornings(g)
    assert [t for t, _ in days] == sorted({t for t, _ in days}) and days[0][0] == 0
    assert all(pos.turn == t and not pos.is_over() for t, pos in days)


def test_the_chance_from_a_morning_is_repeatable_and_touches_nothing():
    g = finished()
    _, pos = mornings(g)[1]
    before = json.dumps(pos.to_json(), sort_keys=True)
    a = chance_from(pos, "khrushchev", runs=8, seed=1)
    assert a == chance_from(pos, "khrushchev", runs=8, seed=1) and 0.0 <= a <= 1.0
    assert json.dumps(pos.to_json(), sort_keys=True) == before


def test_turning_points_end_at_the_outcome():
    g = finished()
    moments = turning_points(g, "khrushchev", runs=6, top=8)
    won = float(g.outcome().winner == "khrushchev")
    assert moments == sorted(moments, key=lambda m: m.turn)
    assert all(abs(m.swing) >= 0.05 for m in moments)
    every = turning_points(g, "khrushchev", runs=6, top=99)
    assert all(m.last == (m.turn == mornings(g)[-1][0]) for m in every)
    assert all(m.after == won for m in every if m.last)
