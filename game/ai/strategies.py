"""Scripted strategies: named, reusable policies for either side of any scenario.

A strategy is a fixed priority list of *rules* ("use force", "court the
commanders", "lobby the waverers", ...). On its move a game takes the best
legal action of the first rule that offers one, else waits; a pending
decision is answered as ``ai:normal`` answers it (each option tried in the
side's belief of the game), except by ``strategy:historical``, which is the
scenario's historical line. Rules read only what the side may know: its own
estimates, public state and the engine's legality.

They are the panel ``ai:hard`` is measured against (docs/AI.md) and are
named ``strategy:NAME`` wherever a policy is (``simulate --group
strategy:force``, ``make_policy("strategy:stall", seed)``). Deterministic:
they draw no chance of their own, and a game's choice depends on that game
alone, so a game of a batch is played as alone.
"""

from __future__ import annotations

import numpy as np

from ..engine.batch import NONE_PENDING, GameBatch
from . import batch_judge as bj
from .base import BatchLevel


class _View:
    """What the rules of one decision read: legality, the side's picture, the votes' chances (lazily)."""

    def __init__(self, b: GameBatch, k: int, games: np.ndarray, seeds: np.ndarray):
        self.b, self.k, self.games, self.seeds = b, k, games, seeds
        self.space = b.space[k]
        self.T = bj.tables(b, k)
        self.legal = b.legal_mask(k, games)
        self.d = b.direction(k)
        self.lean = self.d * b.est_mean[games, k]        # (n, people): how far each is believed behind the side
        self._judged = None

    def kind(self, kind: str) -> np.ndarray:
        return self.T.kinds[kind]

    def judged(self) -> bj.Judged:
        if self._judged is None:
            self._judged = bj.judge(bj.believed_batch(self.b, self.k, self.games, self.seeds), self.k)
        return self._judged

    def voters(self) -> np.ndarray:
        """(n, people): who votes in some body of the scenario."""
        return bj.voters(self.b, self.games)

    def hostile_on_agenda(self) -> np.ndarray:
        """(n, bodies): the other side's motions waiting for today's vote in each body."""
        b, games = self.b, self.games
        agenda = b.agenda[games] >= 0
        hostile = agenda & (self.T.favours[None, :] != self.k)
        return hostile.astype(np.int64) @ b.motion_body > 0


def _want(v: _View, kind: str, score=0.0) -> np.ndarray:
    """Every action of ``kind`` wanted, valued ``score`` (a number, per action, or (n, actions))."""
    out = np.full((len(v.games), v.T.A), -np.inf)
    ix = v.kind(kind)
    out[:, ix] = np.broadcast_to(score, (len(v.games), len(ix)))
    return out


def _by_target_lean(v: _View, kind: str) -> np.ndarray:
    """Actions of ``kind`` aimed at voters, the most wavering (believed nearest neutral) first."""
    t = v.T.t[kind]
    score = -np.abs(v.lean[:, t])
    return _want(v, kind, np.where(v.voters()[:, t], score, -np.inf))


RULES = {
    # Arrest the other side as soon as the engine allows it.
    "force": lambda v: _want(v, "force"),
    # Discredit the most complicit opponent first.
    "reveal": lambda v: _want(v, "reveal", v.b.pop.complicity[v.games][:, v.T.t["reveal"]]),
    # The commanders, the strongest institution first.
    "court": lambda v: _want(v, "court", np.array([s for _, _, s in v.T.inst])[v.T.t["court"]]),
    "threaten": lambda v: _want(v, "threaten", np.where(v.hostile_on_agenda().any(axis=1), 0.0, -np.inf)[:, None]),
    # Fly in the bloc with most believed supporters away.
    "airlift": lambda v: _want(v, "airlift", np.stack(
        [((v.b.pop.bloc == j) & (v.b.pop.days_away[v.games] > 0) & (v.lean > 0)).sum(axis=1)
         for j in v.T.t["airlift"]], axis=1) if len(v.kind("airlift")) else 0.0),
    "signatures": lambda v: _want(v, "signatures"),
    # Call the side's votes as soon as they may be called (decisive ones first) ...
    "call_now": lambda v: _want(v, "call_vote", np.where(
        v.T.favours[v.T.t["call_vote"]] == v.k, v.T.decisive[v.T.t["call_vote"]], -np.inf)),
    # ... or only those the side believes would pass.
    "call_winning": lambda v: _want(v, "call_vote", np.where(
        (v.T.favours[v.T.t["call_vote"]] == v.k) & (v.judged().p_pass[:, v.T.t["call_vote"]] >= 0.5),
        v.T.decisive[v.T.t["call_vote"]], -np.inf)),
    # Adjourn a sitting with the other side's motion on its agenda.
    "stall": lambda v: _want(v, "stall", np.where(v.hostile_on_agenda()[:, v.T.t["stall"]], 0.0, -np.inf)),
    "lobby": lambda v: _by_target_lean(v, "lobby"),
    # Keep the side's own voters: lobby those believed with it, the least firm first.
    "guard": lambda v: bj.guard_scores(v.b, v.k, v.games),
    "promise": lambda v: _by_target_lean(v, "promise"),
    # The press on the bloc with most wavering voters.
    "propaganda": lambda v: _want(v, "propaganda", np.stack(
        [((v.b.pop.bloc == j) & v.voters() & (np.abs(v.lean) < 0.5)).sum(axis=1)
         for j in v.T.t["propaganda"]], axis=1) if len(v.kind("propaganda")) else 0.0),
    "wait": lambda v: _want(v, "pass"),
}

# Keeping a majority: call the side's votes it believes would pass, else lobby its least firm own voter.
# ``ai:hard`` plays these where the side holds a position to keep (``batch_judge.holding``).
KEEP = ("call_winning", "guard")

# Each strategy: its rules in order of priority. Usable by either side of any scenario.
STRATEGIES = {
    "strike_fast": ("call_now", "lobby"),
    "court_army": ("court", "airlift", "call_winning", "signatures", "lobby"),
    "lobby": ("call_winning", "promise", "lobby"),
    "force": ("force", "reveal", "court", "call_winning", "lobby"),
    "stall": ("stall", "call_winning", "wait"),
    "press": ("call_winning", "propaganda"),
    "rally": ("airlift", "signatures", "call_winning", "lobby"),
    "hold": (*KEEP, "lobby"),
    # The best of 900 random rule lists (docs/AI.md, "A search for a dominant line"): discredit, then vote.
    "discredit": ("promise", "reveal", "signatures", "call_now", "call_winning"),
    "historical": (),     # the scenario's historical line (policies.HistoricalBatchPolicy)
}


def strategy_choose(b: GameBatch, k: int, games: np.ndarray, seeds: np.ndarray, rules: tuple[str, ...]) -> np.ndarray:
    """The action (an index of ``b.space[k]``) each of ``games`` takes under ``rules``."""
    games = np.asarray(games, dtype=np.int64)
    T = bj.tables(b, k)
    out = np.full(len(games), T.pass_ix, dtype=np.int64)
    pending = b.pending_kind[games] != NONE_PENDING
    if pending.any():
        w = bj.believed_batch(b, k, games[pending], seeds[pending])
        out[pending] = T.choose_start + bj.pending_choice(w, k, np.arange(int(pending.sum())))
    todo = np.flatnonzero(~pending)
    if not todo.size:
        return out
    v = _View(b, k, games[todo], seeds[todo])
    left = np.ones(todo.size, dtype=bool)
    for rule in rules:
        score = np.where(v.legal, RULES[rule](v), -np.inf)
        has = left & np.isfinite(score).any(axis=1)
        out[todo[has]] = np.argmax(score[has], axis=1)
        left &= ~has
        if not left.any():
            break
    return out


class StrategyPolicy(BatchLevel):
    """A scripted strategy (:data:`STRATEGIES`) as a policy, for one game (``choose``) or a batch."""

    def __init__(self, name: str, seed: int = 0):
        super().__init__(seed)
        self.name = name
        self.rules = STRATEGIES[name.removeprefix("strategy:")]

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray, seeds=None) -> np.ndarray:
        games, seeds = self.keyed(games, seeds)
        return strategy_choose(batch, side, games, seeds, self.rules)
