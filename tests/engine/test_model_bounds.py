"""The bounds on an action's chance are the scenario's ``[model]`` numbers, not constants in code."""

import dataclasses

import game


def _lobby_odds(scenario) -> list[float]:
    g = game.new_game(scenario, seed=3)
    side = g.to_move
    lobbies = [a for a in g.legal_actions() if a.kind == "lobby" and a.side == side]
    return [g.preview(a).odds for a in lobbies]


def test_a_scenario_sets_the_bounds_of_a_lobby():
    base = game.load_scenario("1957")
    pinned = dataclasses.replace(base, model=dataclasses.replace(base.model, lobby_odds_min=0.33, lobby_odds_max=0.33))
    before, after = _lobby_odds(base), _lobby_odds(pinned)
    assert len(set(before)) > 1 and after == [0.33] * len(before)
