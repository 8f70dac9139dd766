"""What a side may expect of a vote once the other side has answered: for the UI and for scripts."""

from __future__ import annotations

from dataclasses import dataclass

from ..engine import Action, Game
from . import batch_judge


@dataclass(frozen=True)
class ReplyForecast:
    """``reply_forecast``'s answer: the other side's best reply and the vote's chance before and after."""

    reply: Action | None   # what the other side would do next (None if the call ends its turn otherwise)
    before: float          # P(the motion passes), the side's own forecast now
    after: float           # the same once the vote is called and the other side has replied


def reply_forecast(game: Game, side: str, motion: str, seed: int = 0) -> ReplyForecast:
    """If ``side`` calls the vote on ``motion`` now, what would the other side answer, and what is
    the motion's chance then? Judged on ``side``'s own picture of everyone (nothing secret is
    read), the reply as ``ai:normal`` would choose it. Raises ``ValueError`` if the call is not legal."""
    k = game.scenario.side_index(side)
    m = [x.id for x in game.scenario.motions].index(game.require_motion(motion).id)
    answer, before, after = batch_judge.reply_forecast_batch(game.batch, k, game.row, m, seed)
    reply = None if answer < 0 else game.batch.space[1 - k].actions[answer]
    return ReplyForecast(reply, before, after)
