"""The base of the computer players written once over a batch (``ai:`` levels and ``strategy:`` plans)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..engine import Action, Game


class BatchLevel:
    """A policy written once over a batch: ``choose_batch(batch, side, games, seeds)`` decides
    every game at once, ``seeds`` keying each game's draws (``policies.Keyed`` gives game k its
    own); :meth:`choose` runs it on a game's own row, keyed by the policy's seed."""

    name = ""

    def __init__(self, seed: int = 0):
        self.seed = int(seed)

    def keyed(self, games, seeds) -> tuple[np.ndarray, np.ndarray]:
        games = np.asarray(games, dtype=np.int64)
        if seeds is None:
            return games, np.full(len(games), self.seed, dtype=np.uint64)
        return games, np.asarray(seeds, dtype=np.uint64)

    def choose(self, game: Game) -> Action:
        """``choose_batch`` on the game's own row: the game's labelled action."""
        k = game.scenario.side_index(game.to_move)
        a = int(self.choose_batch(game.batch, k, np.array([game.row]))[0])
        action = game.batch.space[k].actions[a]
        return replace(action, label=action.describe(game))   # the cost and label the UI shows
