"""The decisive moments of a finished game, with "what if" figures re-simulated from the model.

Pure Python over the engine (no pygame). The game is replayed from its seed to
the morning of each day; from each morning many continuations are played to
the end by computer players for both sides, with fresh dice, giving the
chance each side then had. The days where that chance moved most are the
turning points; each is told with its figure before and after, and what
happened that day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.ai.policies import batch_policy
from game.engine import Game
from game.engine.batch import MAX_SEED

from .session import Background

RUNS = 48
POLICY = "ai:normal"


@dataclass(frozen=True)
class Moment:
    turn: int                 # the day (index in the calendar)
    before: float             # the side's chance that morning (the computer playing on for both sides)
    after: float              # the next morning's (or the outcome: 1 won, 0 lost)
    happened: tuple[str, ...]  # the day's moves and votes, as the log tells them
    last: bool = False        # the game's last day: ``after`` is the outcome itself

    @property
    def swing(self) -> float:
        return self.after - self.before


def mornings(g: Game) -> list[tuple[int, Game]]:
    """(turn, the game at the start of that day) for each day the game saw, replayed from its seed."""
    replay = Game.new(g.scenario, g.seed)
    out = [(replay.turn, replay.clone())]
    for data in g.actions:
        replay.apply(data)
        if replay.turn != out[-1][0] and not replay.is_over():
            out.append((replay.turn, replay.clone()))
    return out


def chance_from(position: Game, side: str, runs: int = RUNS, policy: str = POLICY, seed: int = 0) -> float:
    """The share of ``runs`` continuations from ``position`` that ``side`` wins (computer players, fresh dice)."""
    b = position.batch.take([position.row] * runs, record=False)
    b.reseed([(seed * 7919 + 104729 * k + position.action_count) % MAX_SEED for k in range(runs)])
    b.play([batch_policy(policy, seed + k) for k in range(len(position.scenario.sides))])
    return float(np.mean([r["winner"] == side for r in b.results()]))


def turning_points(g: Game, side: str, runs: int = RUNS, policy: str = POLICY, top: int = 3) -> list[Moment]:
    """The ``top`` days where ``side``'s chance moved most, in calendar order (``g`` must be over)."""
    days = mornings(g)
    chances = [chance_from(pos, side, runs, policy, seed=g.seed) for _, pos in days]
    won = 1.0 if g.outcome() is not None and g.outcome().winner == side else 0.0
    chances.append(won)
    moments = []
    for k, (turn, _) in enumerate(days):
        happened = tuple((f"{g.side_name(e.side)}: " if e.kind == "action" else "") + e.text.rstrip(".")
                         for e in g.log if e.turn == turn and (e.kind == "vote" or (
                             e.kind == "action" and e.side and "cost" in e.data and e.data.get("action", {}).get(
                                 "kind") != "pass")))
        moments.append(Moment(turn, chances[k], chances[k + 1], happened, last=k == len(days) - 1))
    best = sorted(moments, key=lambda m: -abs(m.swing))[:top]
    return sorted((m for m in best if abs(m.swing) >= 0.05), key=lambda m: m.turn)


class Hindsight(Background):
    """:func:`turning_points` worked out in a daemon thread, so the end screen never waits for it."""

    def __init__(self, g: Game, side: str, runs: int = RUNS):
        self.side = side
        self.runs = runs
        super().__init__(lambda snapshot: turning_points(snapshot, side, runs), g, "hindsight")

    @property
    def moments(self) -> list[Moment] | None:
        return self.result
