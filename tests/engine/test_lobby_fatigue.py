"""Persuasion wears out: each earlier lobby of a man by a side lowers that side's odds with him
(``model.lobby_fatigue``), so no side keeps its waverers by lobbying them every day."""

import numpy as np
import pytest

import game
from game.engine import GameBatch, Lobby


def _odds(b, side, games, man):
    t = np.full(len(games), b.actor_ix[man])
    return Lobby.odds(b, side, games, t, np.zeros(len(games), dtype=np.int64))


def test_each_earlier_lobby_lowers_that_sides_odds_and_not_the_others():
    sc = game.load_scenario("1957", ["model.lobby_fatigue=0.1", "model.lobby_odds_min=0.0"])
    b = GameBatch.new(sc, seeds=range(8))
    games, man = np.arange(8), b.actor_ix["bulganin"]
    group, khrushchev = _odds(b, 1, games, "bulganin"), _odds(b, 0, games, "bulganin")
    b.lobbied[:, 1, man] = 3
    assert _odds(b, 1, games, "bulganin") == pytest.approx(np.maximum(0.0, group - 0.3))
    assert (_odds(b, 0, games, "bulganin") == khrushchev).all()


def test_without_fatigue_the_count_changes_nothing():
    sc = game.load_scenario("1957", ["model.lobby_fatigue=0.0"])
    b = GameBatch.new(sc, seeds=range(4))
    games = np.arange(4)
    before = _odds(b, 1, games, "saburov")
    b.lobbied[:, 1, b.actor_ix["saburov"]] = 5
    assert (_odds(b, 1, games, "saburov") == before).all()


def _lobby(g, side, man):
    return next(a for a in g.legal_actions() if isinstance(a, Lobby) and a.side == side and a.target == man)


def test_a_game_counts_its_lobbies_shows_the_lower_odds_and_keeps_the_count_in_a_save():
    scenario = game.load_scenario("1957")
    g = game.new_game(scenario, seed=5)
    while g.to_move != "group":
        g.apply(next(a for a in g.legal_actions() if a.kind == "pass"))
    first = g.preview(_lobby(g, "group", "pervukhin"))
    g.apply(_lobby(g, "group", "pervukhin"))
    assert int(g.batch.lobbied[g.row, 1, g.batch.actor_ix["pervukhin"]]) == 1
    again = game.Game.from_json(scenario, g.to_json())
    assert again.to_json() == g.to_json()
    assert int(again.batch.lobbied[again.row, 1, again.batch.actor_ix["pervukhin"]]) == 1
    # The odds a player reads next day are the engine's, fatigue included.
    while g.outcome() is None and not any(isinstance(a, Lobby) and a.target == "pervukhin"
                                          for a in g.legal_actions() if a.side == "group"):
        g.apply(next(a for a in g.legal_actions() if a.kind == "pass"))
    assert g.outcome() is None
    assert g.preview(_lobby(g, "group", "pervukhin")).odds == pytest.approx(first.odds - 0.2)


def test_a_save_written_before_the_count_existed_loads_with_none_counted():
    scenario = game.load_scenario("1957")
    g = game.new_game(scenario, seed=2)
    data = g.to_json()
    data["state"].pop("lobbied")
    again = game.Game.from_json(scenario, data)
    assert (again.batch.lobbied[again.row] == 0).all()
