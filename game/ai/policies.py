"""Policies: who chooses a side's actions. Each has its own seeded generator.

A policy never touches the game's generator, so the same game seed and the
same policy seed give the same game.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

import numpy as np

from ..engine import Action, Choose, Game, Pass, action_from_json
from ..engine.errors import EngineError


class Policy(Protocol):
    name: str

    def choose(self, game: Game) -> Action:
        """The action for ``game.to_move``; must be one of ``game.legal_actions()``."""
        ...


class RandomPolicy:
    """Uniform over legal actions: the baseline every other policy must beat."""

    name = "random"

    def __init__(self, seed: int = 0):
        self.rng = np.random.Generator(np.random.PCG64(seed))

    def choose(self, game: Game) -> Action:
        actions = game.legal_actions()
        return actions[int(self.rng.integers(len(actions)))]


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
        pending = game.state.pending
        if pending is not None:
            options = game.pending_options()
            want = game.scenario.historical_choices.get(pending["id"]) if pending["kind"] == "event" else "reject"
            return self._labelled(game, Choose(side, want if want in options else next(iter(options))))
        taken = [a for a in game.state.actions if a.get("side") == side]
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


POLICIES = {"random": RandomPolicy, "historical": HistoricalPolicy}

from .levels import LEVELS  # noqa: E402  (the levels build on this module's Policy protocol)

POLICIES.update(LEVELS)


def make_policy(name: str, seed: int = 0) -> Policy:
    """A policy by name: ``random``, ``historical``, or a level ``ai:easy``, ``ai:normal``, ``ai:hard``."""
    if name not in POLICIES:
        raise ValueError(f"unknown policy {name!r}; choose from {', '.join(sorted(POLICIES))}")
    return POLICIES[name](seed)
