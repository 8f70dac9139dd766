"""One engine: a game is a row of a batch, and an action is legal if and only if it is listed.

* Identity: games played together in one batch are, byte for byte, the games
  ``Game.new(scenario, seed)`` plays alone with the same actions.
* One legality rule, over thousands of positions of every scenario: an action
  of a side's space is accepted exactly when ``legal_actions`` lists it; the
  env's mask is that list; anything else raises an ``EngineError`` subclass and
  changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import game
from game.ai.policies import HistoricalBatchPolicy, RandomPolicy
from game.engine import EngineError, Game, GameBatch, IllegalActionError, InvalidActionError
from game.engine.actions import Choose, Lobby, Pass

SCENARIOS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))


def _json(g: Game) -> str:
    return json.dumps(g.to_json(), sort_keys=True)


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_games_of_a_batch_are_the_games_played_alone(scenario_id):
    sc = game.load_scenario(scenario_id)
    seeds = [3, 17, 2**40 + 5, 99, 7, 123456789]
    batch = GameBatch.new(sc, seeds=seeds, record=True)
    batch.play([RandomPolicy(1), RandomPolicy(2)])
    for k, seed in enumerate(seeds):
        alone = Game.new(sc, seed=seed)
        policies = {sc.sides[0].id: RandomPolicy(1), sc.sides[1].id: RandomPolicy(2)}
        while not alone.is_over():
            alone.apply(policies[alone.to_move].choose(alone))
        assert _json(Game(batch.take([k]), 0)) == _json(alone), f"game {k} (seed {seed}) differs"
        assert batch.results()[k]["seed"] == seed


def test_a_game_does_not_depend_on_its_neighbours_in_the_batch():
    sc = game.load_scenario("1957")
    a = GameBatch.new(sc, seeds=[5, 6, 7]).play([HistoricalBatchPolicy(), HistoricalBatchPolicy()]).results()
    b = GameBatch.new(sc, seeds=[900, 6, 1]).play([HistoricalBatchPolicy(), HistoricalBatchPolicy()]).results()
    assert a[1] == b[1] and a[0] != b[0]


def _positions(scenario_id: str, games: int, seed: int):
    """Positions reached by random play, from the first to the end, every one of them."""
    sc = game.load_scenario(scenario_id)
    for n in range(games):
        g = Game.new(sc, seed=seed + n)
        policy = RandomPolicy(seed + n)
        while not g.is_over():
            yield g
            g.apply(policy.choose(g))
        yield g


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_listed_if_and_only_if_accepted(scenario_id):
    from game.env import AntiPartyGroupEnv
    env = AntiPartyGroupEnv(scenario_id)
    positions = checked = 0
    rng = np.random.default_rng(0)
    for n, g in enumerate(_positions(scenario_id, games=30, seed=40)):
        positions += 1
        env.game = g
        for side in (s.id for s in g.scenario.sides):
            space = g.action_space(side)
            listed = set(g.legal_actions()) if g.to_move == side else set()
            assert {space[i] for i in np.flatnonzero(g.legal_mask(side))} == listed
            assert {space[i] for i in np.flatnonzero(env.action_mask(side))} == listed
            if n % 6 == 0:   # the accepting path, action by action, over the whole space
                accepted = {a for a in space if g.is_legal(a)}
                assert accepted == listed, f"{g.date}: listed and accepted differ by {accepted ^ listed}"
                checked += len(space)
        # A few unlisted actions are applied for real: each is refused and changes nothing.
        if not g.is_over():
            side = g.to_move
            listed = set(g.legal_actions())
            unlisted = [a for a in g.action_space(side) if a not in listed]
            unlisted += list(g.action_space(g.other(side)))[:3]
            for i in rng.choice(len(unlisted), size=min(2, len(unlisted)), replace=False):
                before = _json(g)
                with pytest.raises(EngineError):
                    g.apply(unlisted[int(i)])
                assert _json(g) == before
    assert positions > 500 and checked > 25_000


@pytest.mark.parametrize("junk", [
    "pass", 3, None, {"kind": "lobby", "side": "group"}, {"kind": "lobby", "side": "group", "target": []},
    {"kind": "lobby", "side": "group", "target": 7}, {"kind": "teleport", "side": "group"},
    {"kind": "pass", "side": "nobody"}, Lobby("group", "beria"), Lobby("group", "khrushchev"),
])
def test_junk_raises_an_engine_error_and_changes_nothing(junk):
    g = Game.new(game.load_scenario("1957"), seed=3)
    before = _json(g)
    with pytest.raises(EngineError):
        g.apply(junk)
    assert _json(g) == before
    assert not g.is_legal(junk) if not isinstance(junk, (str, int, type(None))) else True


def test_the_opening_lists_exactly_what_it_accepts():
    """The old engine listed 126 actions at the 1957 opening (seed 3) and accepted 37 more."""
    g = Game.new(game.load_scenario("1957"), seed=3)
    side = g.to_move
    listed = g.legal_actions()
    assert all(g.is_legal(a) for a in listed)
    for a in g.action_space(side):
        assert g.is_legal(a) == (a in listed)
    with pytest.raises(IllegalActionError):       # never offered a post: not in the space at all
        g.apply({"kind": "promise", "side": "group", "target": "voroshilov", "post": "first_secretary"})


def test_wrong_side_and_wrong_phase_and_stale_after_undo():
    g = Game.new(game.load_scenario("1957"), seed=3)
    side, other = g.to_move, g.other(g.to_move)
    with pytest.raises(IllegalActionError, match="move"):
        g.apply(Pass(other))
    with pytest.raises(IllegalActionError, match="no decision"):
        g.apply(Choose(side, "accept"))
    lobby = next(a for a in g.legal_actions() if a.kind == "lobby")
    g.apply(lobby)
    if g.can_undo():
        g.undo()
        after = _json(g)
        # The move after the undone one is no longer the other side's.
        with pytest.raises(IllegalActionError):
            g.apply(replace(Pass(other)))
        assert _json(g) == after


def test_a_batch_refuses_an_illegal_choice_of_a_policy():
    sc = game.load_scenario("1957")
    batch = GameBatch.new(sc, seeds=[1, 2])
    side = int(batch.to_move[0])
    mask = batch.legal_mask(side, np.array([0]))[0]
    with pytest.raises(EngineError):
        batch.apply(side, np.array([0]), np.array([int(np.flatnonzero(~mask)[0])]))


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_membership_read_from_the_actors_columns_equals_the_whole_population(scenario_id):
    # The engine reads bloc members' memberships once (only named actors' change in play) and votes over
    # voter_columns only: both must agree with the full arrays at any point of play.
    from types import SimpleNamespace

    from game.engine.population import membership_mask
    sc = game.load_scenario(scenario_id)
    batch = GameBatch.new(sc, seeds=range(40))
    policies = [RandomPolicy(5), RandomPolicy(6)]
    for _ in range(60):
        games = np.arange(batch.size)
        pop = batch.pop
        whole = SimpleNamespace(presidium=pop.presidium[games], cc=pop.cc[games], secretariat=pop.secretariat[games])
        for j, body in enumerate(sc.bodies):
            voters = membership_mask(whole, body.voters)
            assert (batch.voter_mask(j, games) == voters).all()
            assert not voters[:, np.setdiff1d(np.arange(pop.size), batch.voter_columns(j))].any()
        if (batch.outcome >= 0).all():
            break
        batch.step(policies)


def test_apply_checks_against_the_mask_the_policy_chose_from_and_nothing_weaker():
    # apply reuses the mask legal_mask just computed for the same games: an action outside it still raises
    # and changes nothing, even if the caller has since written into the mask it was given.
    sc = game.load_scenario("1957")
    batch = GameBatch.new(sc, seeds=[1, 2, 3])
    side = int(batch.to_move[0])
    games = np.flatnonzero(batch.to_move == side)
    mask = batch.legal_mask(side, games)
    illegal = np.argmin(mask, axis=1)
    assert not mask[np.arange(len(games)), illegal].any()
    mask[:] = True
    before = batch.row_to_json(0)
    with pytest.raises(EngineError):
        batch.apply(side, games, illegal)
    assert batch.row_to_json(0) == before
    batch.legal_mask(side, games)
    other = games.copy()     # the same games, another array: checked afresh
    with pytest.raises(EngineError):
        batch.apply(side, other, illegal)
    legal = np.argmax(batch.legal_mask(side, games), axis=1)
    batch.apply(side, games, legal)
    assert (batch.n_actions[games] == 1).all()


@pytest.mark.parametrize("seed", [-1, 2**63, 1.5, "7", True])
def test_seeds_are_integers_in_range_everywhere(seed):
    sc = game.load_scenario("1957")
    with pytest.raises(EngineError):
        Game.new(sc, seed=seed)
    with pytest.raises(EngineError):
        GameBatch.new(sc, seeds=[seed])


def test_forecast_refuses_bad_sides_and_sample_counts():
    g = Game.new(game.load_scenario("1957"), seed=3)
    for kwargs in ({"side": "nobody"}, {"samples": 0}, {"samples": -1}, {"samples": 2.5}):
        with pytest.raises(InvalidActionError):
            g.forecast("remove_khrushchev", **kwargs)


def test_the_scenarios_tables_are_shared_but_keep_no_game_alive():
    import gc
    import weakref
    sc = game.load_scenario("1957")
    first = GameBatch(sc, [1, 2])
    gone = weakref.ref(first)
    second = GameBatch(sc, [3])
    assert second.space is first.space                   # the tables are made once a scenario ...
    del first
    gc.collect()
    assert gone() is None                                 # ... and the cache does not hold the first games
    assert second.rules.batch is second


def test_the_chance_helpers_count_and_index_as_numpy_does():
    from game.engine.chance import Chance, counts, flat
    mask = np.random.default_rng(0).random((7, 300)) < 0.4
    for m in (mask, mask[:, ::3], mask.T):
        assert counts(m).tolist() == m.sum(axis=-1).tolist()
    a = np.arange(12.0).reshape(3, 4)
    flat(a)[5] = -1.0
    assert a[1, 1] == -1.0                                  # a view: writes through it land
    with pytest.raises((AttributeError, ValueError)):
        flat(a.T)                                           # never a silent copy
    both, alone = Chance(np.array([5, 9], dtype=np.uint64)), Chance(np.array([9], dtype=np.uint64))
    assert np.array_equal(both.normal(np.arange(2), 7)[1], alone.normal(np.arange(1), 7)[0])
    assert np.array_equal(both.uniform(np.arange(2), 3)[1], alone.uniform(np.arange(1), 3)[0])
