"""Policies: who chooses a side's actions. Each has its own seeded generator.

A policy never touches the game's generator, so the same game seed and the
same policy seed give the same game.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Protocol

import numpy as np

from ..engine import Action, Choose, Game, Pass, action_from_json
from ..engine.batch import EVENT_PENDING, NONE_PENDING, GameBatch
from ..engine.chance import Chance, key_of
from ..engine.errors import EngineError


class Policy(Protocol):
    name: str

    def choose(self, game: Game) -> Action:
        """The action for ``game.to_move``; must be one of ``game.legal_actions()``."""
        ...


class RandomPolicy:
    """Uniform over legal actions: the baseline every other policy must beat.

    It plays a whole batch at once (``choose_batch``) or one game
    (``choose``). Its n-th choice in a game is drawn from a stream keyed by
    its own seed and that game's seed, so a game of a batch is played the
    same way alone.
    """

    name = "random"

    def __init__(self, seed: int = 0):
        self.seed = int(seed)
        self._key = int(key_of([self.seed])[0])

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        mask = batch.legal_mask(side, games)
        keys = key_of(batch.seeds[games] ^ np.uint64(self._key))
        draws = Chance.__new__(Chance)
        draws.key, draws.counter = keys, batch.n_actions[games].astype(np.uint64)
        u = draws.one(np.arange(len(games)))
        legal = np.flatnonzero(mask)                             # the legal actions, row-major
        row_start = np.arange(len(games)) * mask.shape[1]
        first = np.searchsorted(legal, row_start)
        count = np.diff(first, append=legal.size)
        if not count.all():
            raise EngineError("a game has no legal action for the side to move")
        return legal[first + (u * count).astype(np.int64)] - row_start

    def choose(self, game: Game) -> Action:
        k = game.scenario.side_index(game.to_move)
        a = int(self.choose_batch(game.batch, k, np.array([game.row]))[0])
        action = game.batch.space[k].actions[a]
        return replace(action, label=action.describe(game)) if game.pending else game.batch.labelled(k)[a]


class HistoricalPolicy:
    """The choices the real actors made, as written in the scenario's data.

    On each of its moves it takes the first step dated today or earlier that
    it has not yet taken and that is legal now; otherwise it waits. Event
    decisions follow the scenario's historical choices.
    """

    name = "historical"

    def __init__(self, seed: int = 0):
        self.seed = seed   # the historical record needs no chance of its own

    def choose(self, game: Game) -> Action:
        # It checks only the steps it would take (is_legal), never the whole
        # legal list: batch runs of the historical policy stay cheap.
        side = game.to_move
        pending = game.pending
        if pending is not None:
            options = game.pending_options()
            want = game.scenario.historical_choices.get(pending["id"]) if pending["kind"] == "event" else "reject"
            return self._labelled(game, Choose(side, want if want in options else next(iter(options))))
        taken = [a for a in game.actions if a.get("side") == side]
        for step in game.scenario.historical:
            if step.side != side or step.date > game.date:
                continue
            data = {**step.action, "side": side}
            if data in taken:
                taken.remove(data)
                continue
            try:
                action = action_from_json(data)
            except EngineError:
                continue
            if game.is_legal(action):
                return self._labelled(game, action)
        return self._labelled(game, Pass(side))

    @staticmethod
    def _labelled(game: Game, action: Action) -> Action:
        """The action with the cost and label ``legal_actions`` would give it."""
        return replace(action, cost=game.cost_of(action), label=action.describe(game))


class HistoricalBatchPolicy:
    """The historical policy over a batch: the same steps, for every game at once.

    On its move each game takes its side's first step dated today or earlier
    that it has not yet taken and that is legal now, else waits; decisions
    follow the scenario's historical choices (a compromise is refused).
    """

    name = "historical"

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._taken: dict[int, np.ndarray] = {}   # side -> (games, steps): steps already taken
        self._want: dict[int, np.ndarray] = {}    # side -> each step's action index (-1: never legal)

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        sc = batch.scenario
        space = batch.space[side]
        sid = sc.sides[side].id
        steps = [st for st in sc.historical if st.side == sid]
        taken = self._taken.get(side)
        if taken is None or taken.shape[0] != batch.size:
            taken = self._taken[side] = np.zeros((batch.size, len(steps)), dtype=bool)
        out = np.full(len(games), space.span["pass"].start, dtype=np.int64)
        pending = batch.pending_kind[games] != NONE_PENDING
        for row in np.flatnonzero(pending):
            g = int(games[row])
            options = batch.pending_options(g)
            want = (sc.historical_choices.get(sc.events[batch.pending_id[g]].id)
                    if batch.pending_kind[g] == EVENT_PENDING else "reject")
            option = want if want in options else options[0]
            out[row] = space.span["choose"].start + space.options.index(option)
        idle = np.flatnonzero(~pending)
        if steps and idle.size:
            g = games[idle]
            mask = batch.legal_mask(side, g)
            dates = batch.dates[batch.day_index(g)]
            want = self._want.get(side)
            if want is None:
                want = self._want[side] = np.array([space.index.get(_step_action(st.action, sid), -1)
                                                    for st in steps])
            ok = np.zeros((len(g), len(steps)), dtype=bool)
            for j, st in enumerate(steps):
                if want[j] >= 0:
                    ok[:, j] = (np.array([st.date]) <= dates) & mask[:, want[j]] & ~taken[g, j]
            has = ok.any(axis=1)
            first = np.argmax(ok, axis=1)
            out[idle[has]] = want[first[has]]
            taken[g[has], first[has]] = True
        return out


def _step_action(data: dict, side: str) -> Action | None:
    try:
        return action_from_json({**data, "side": side})
    except EngineError:
        return None


class OnBatch:
    """Any one-game policy playing its games of a batch, each through a view of its row.

    Each game gets its own instance of the policy, seeded from the policy's
    seed and the game's seed, so a game of a batch is played exactly as it
    would be alone by ``make_policy(name, game_policy_seed(seed, game seed))``.
    """

    def __init__(self, name: str, seed: int = 0):
        self.name = name
        self.seed = int(seed)
        self._players: dict[tuple[int, int], Policy] = {}

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        out = np.empty(len(games), dtype=np.int64)
        space = batch.space[side]
        for r, g in enumerate(games.tolist()):
            player = self._players.get((id(batch), g))
            if player is None:
                player = self._players[(id(batch), g)] = make_policy(
                    self.name, game_policy_seed(self.seed, int(batch.seeds[g])))
            action = player.choose(Game(batch, g))
            out[r] = space.index[action]
        return out


class Keyed:
    """A policy written over a batch (``choose_batch(batch, side, games, seeds)``: ``ai:easy``,
    ``ai:normal``, the scripted strategies), game k keyed by ``game_policy_seed(seed, seed_k)``,
    so a game of a batch is played exactly as ``replay_policy`` plays it alone."""

    def __init__(self, policy):
        self.name = policy.name
        self.seed = policy.seed
        self._key = key_of([self.seed])[0]
        self._policy = policy

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        games = np.asarray(games, dtype=np.int64)
        seeds = key_of(self._key ^ batch.seeds[games]) >> np.uint64(1)   # game_policy_seed, per game
        return self._policy.choose_batch(batch, side, games, seeds)


def game_policy_seed(policy_seed: int, game_seed: int) -> int:
    """The seed of a one-game policy's instance for one game of a batch."""
    return int(key_of([int(key_of([policy_seed])[0] ^ np.uint64(game_seed))])[0] >> np.uint64(1))


def replay_policy(name: str, seed: int, game_seed: int) -> Policy:
    """The one-game policy that plays a game alone exactly as ``batch_policy(name, seed)`` plays it in a batch."""
    if name in ("random", "historical", HISTORICAL_STRATEGY):
        return make_policy(name, seed)
    return make_policy(name, game_policy_seed(seed, game_seed))


def batch_policy(name: str, seed: int = 0):
    """A policy that plays whole batches: every policy but ``OnBatch``'s one-game ones decides all the
    games of a batch at once (``ai:hard`` runs the rollouts of many games as one batch)."""
    if name not in POLICIES:
        raise ValueError(f"unknown policy {name!r}; choose from {', '.join(sorted(POLICIES))}")
    if name == "random":
        return RandomPolicy(seed)
    if name in ("historical", HISTORICAL_STRATEGY):
        return HistoricalBatchPolicy(seed)
    return Keyed(make_policy(name, seed))


HISTORICAL_STRATEGY = "strategy:historical"
POLICIES = {"random": RandomPolicy, "historical": HistoricalPolicy, HISTORICAL_STRATEGY: HistoricalPolicy}

from .levels import LEVELS  # noqa: E402  (the levels build on this module's Policy protocol)
from .strategies import STRATEGIES, StrategyPolicy  # noqa: E402

POLICIES.update(LEVELS)
POLICIES.update({f"strategy:{s}": partial(StrategyPolicy, f"strategy:{s}") for s in STRATEGIES if s != "historical"})


def make_policy(name: str, seed: int = 0) -> Policy:
    """A policy by name: ``random``, ``historical``, a level ``ai:easy``, ``ai:normal``, ``ai:hard``, or a
    scripted strategy ``strategy:NAME`` (:mod:`game.ai.strategies`)."""
    if name not in POLICIES:
        raise ValueError(f"unknown policy {name!r}; choose from {', '.join(sorted(POLICIES))}")
    return POLICIES[name](seed)
