"""Computer opponents: ``ai:easy``, ``ai:normal`` and ``ai:hard``, for either side.

All three decide inside a *belief game* (see :mod:`game.ai.heuristics`): a
clone of the real game whose stances are the deciding side's own estimates
and whose dice are the player's own. They read only ``game.estimates(side)``
and public state, never the other side's secrets; an action is finally
checked against the real game's ``legal_actions``.

* ``easy``   the heuristic's judgement, blurred: often a second-best or a
             random legal move, and it takes the estimates at face value.
* ``normal`` greedy one-step: the best-scored action by the heuristic, with
             votes judged by the side's own Monte Carlo forecast.
* ``hard``   keeps a majority it holds (``batch_judge.holding``: it calls the
             vote it believes would pass, else lobbies its least firm own
             voter); elsewhere ``normal`` plus lookahead: for ``normal``'s choice and a few
             others it plays the game on many times, each time in a different
             world drawn from its estimates of the hidden stances (determinised
             Monte Carlo), both sides played by a fast greedy policy for twelve
             steps and the position then valued by a leaf, and departs from
             ``normal``'s choice only for an action that did clearly better in
             the same worlds.
"""

from __future__ import annotations

import numpy as np

from ..engine.batch import NONE_PENDING
from ..engine.chance import key_of
from . import batch_judge, leaf
from .base import BatchLevel
from .batch_judge import FORECAST_SAMPLES, normal_choose
from .strategies import KEEP, strategy_choose


class EasyPolicy(BatchLevel):
    """A weak but sensible player: sees what matters, often picks carelessly.

    One implementation for one game and for a batch, as ``normal``: the fast
    judge over the side's mean estimates (the four most promising people to
    lobby), then 30% of moves a random legal action (or option) and the rest
    drawn by a softmax (temperature 2) over the judge's legal candidates; a
    decision is otherwise answered as ``normal`` answers it. Its draws come
    from a stream keyed by its seed (per game in a batch) and counted by the
    game's actions, so a game of a batch is played as alone.
    """

    name = "ai:easy"
    blunder = 0.3       # share of moves picked at random among legal ones
    temperature = 2.0   # softmax temperature over the heuristic's scores

    def choose_batch(self, batch, side: int, games: np.ndarray, seeds=None) -> np.ndarray:
        games, seeds = self.keyed(games, seeds)
        T = batch_judge.tables(batch, side)
        u = batch_judge._uniforms(key_of(seeds), batch.n_actions[games].astype(np.uint64) * np.uint64(4), 2)
        blunder = u[:, 0] < self.blunder
        out = np.full(len(games), T.pass_ix, dtype=np.int64)
        pending = batch.pending_kind[games] != NONE_PENDING
        w = batch_judge.believed_batch(batch, side, games, seeds)
        p = np.flatnonzero(pending & ~blunder)
        if p.size:
            out[p] = T.choose_start + batch_judge.pending_choice(w, side, p)
        legal = batch.legal_mask(side, games)
        idle = np.flatnonzero(~pending & ~blunder)
        weight = legal.astype(float)       # blunders: uniform over the legal actions (or options)
        if idle.size:
            j = batch_judge.judge(w, side, idle, fast=True)
            ok = legal[idle] & j.candidate
            s = np.where(ok, j.scores, -np.inf)
            top = s.max(axis=1, keepdims=True)
            weight[idle] = np.where(ok, np.exp((s - np.where(np.isfinite(top), top, 0.0)) / self.temperature), 0.0)
        draw = np.flatnonzero(blunder | ~pending)
        if draw.size:
            cum = np.cumsum(weight[draw], axis=1)
            total = cum[:, -1]
            pick = np.argmax(cum > (u[draw, 1] * total)[:, None], axis=1)
            out[draw] = np.where(total > 0, pick, out[draw])
        return out

class NormalPolicy(BatchLevel):
    """Greedy one-step: the action the heuristic rates best, votes judged by forecast.

    One implementation for one game and for a batch: :meth:`choose_batch`
    (:func:`game.ai.batch_judge.normal_choose`) scores every action of the
    side's space in every game at once; :meth:`choose` runs it on the game's
    own row. Deterministic and stateless: the seed only keys the belief
    game's chance (used when a decision is tried out), ``seeds`` per game in
    a batch (see ``policies.Keyed``).
    """

    name = "ai:normal"
    forecast_samples = FORECAST_SAMPLES

    def choose_batch(self, batch, side: int, games: np.ndarray, seeds=None) -> np.ndarray:
        games, seeds = self.keyed(games, seeds)
        return normal_choose(batch, side, games, seeds)


class HardPolicy(BatchLevel):
    """Keeps a majority it holds; elsewhere plans by determinised Monte Carlo over the side's own estimates.

    Where the side believes it holds the majority of a sitting body in which its own decisive motion
    may be called or has passed (:func:`game.ai.batch_judge.holding`), it plays
    :data:`game.ai.strategies.KEEP` without planning (``keep``; docs/AI.md, "ai:hard keeps the
    majority it holds").

    Candidates (:meth:`candidates`): ``normal``'s own choice, its ``width``
    best actions, waiting, and force, every compromise offer and every
    adjournment when legal, and the lobby that keeps its least firm own
    voter (or every option of a pending decision).
    ``worlds`` stances are drawn from the side's estimates; in each, every
    candidate is played and the game played on by the fast greedy judge on
    both sides for ``horizon`` steps, then valued by its result or, still
    open, by a leaf (:func:`game.ai.batch_judge.leaf_values`), with the same
    dice for every candidate (common random numbers). ``normal``'s choice is kept unless another candidate beats it by
    more than ``z`` standard errors of their paired difference (:meth:`pick`).

    One implementation for a game and a batch: :meth:`choose_batch` decides
    many games at once, all their worlds x candidates as one batch of
    rollouts (:func:`game.ai.batch_judge.rollout_values`, in chunks of about
    ``rows`` rollouts). Its draws come from a stream keyed by its seed (per
    game in a batch) and counted by the game's actions: deterministic and
    stateless, a game of a batch is played as alone.
    """

    name = "ai:hard"
    width = 2        # normal's best candidates considered (plus its own choice and waiting)
    worlds = 30      # determinisations per decision: at least 30 x 3 = 90 rollouts
    noise = batch_judge.EXPLORE   # rollouts: share of moves picked among the judge's three best
    fast_rollouts = True          # rollouts: the fast judge (fewer candidates) for both sides
    daily_votes = True            # rollouts: each row reads the votes once a day (until a vote or event)
    beliefs = False               # rollouts: each side acts on its own picture (tried: no gain, docs/AI.md)
    reveals = False               # rollouts: the fast judge weighs revelations too (tried with ``beliefs``)
    horizon = 12                  # rollouts: steps (each side moving once) before the leaf values the position
    fitted_leaf = False           # the leaf: fitted to real games (game.ai.leaf), else position_value's logistic
    rows = 2400                   # rollouts per batch when many games are decided at once
    extras = True                 # force, compromise offers and adjournments are candidates whenever legal
    guard = True                  # the lobby of the side's least firm own voter is a candidate (batch_judge.guard_scores)
    keep = True                   # a majority the side holds is kept (batch_judge.holding; strategies.KEEP), unplanned
    z = 1.0                       # standard errors by which a candidate must beat normal's choice
    margin = 0.02                 # ... and at least this share of a win
    rollouts = 0                  # rollouts played so far by this player (the bench's count)

    def choose_batch(self, batch, side: int, games: np.ndarray, seeds=None) -> np.ndarray:
        games, seeds = self.keyed(games, seeds)
        out = np.empty(len(games), dtype=np.int64)
        keep = np.zeros(len(games), dtype=bool)
        if self.keep:
            keep = (batch.pending_kind[games] == NONE_PENDING) & batch_judge.holding(batch, side, games)
            out[keep] = strategy_choose(batch, side, games[keep], seeds[keep], KEEP)
        plan = np.flatnonzero(~keep)
        if not plan.size:           # every game keeps: nothing to plan
            return out
        games, seeds = games[plan], seeds[plan]
        cand = self.candidates(batch, side, games, seeds)
        out[plan] = cand[:, 0]
        think = np.flatnonzero((cand >= 0).sum(axis=1) > 1)
        step = max(1, self.rows // (self.worlds * cand.shape[1]))
        for start in range(0, think.size, step):
            r = think[start: start + step]
            out[plan[r]] = cand[r, self.pick(self._rollouts(batch, side, games[r], seeds[r], cand[r]), cand[r])]
        return out

    def candidates(self, batch, side: int, games, seeds) -> np.ndarray:
        """``(games, C)`` action indices, -1 where none: ``normal``'s own choice first, then its
        ``width`` best, waiting, and force, every compromise offer and every adjournment when legal
        (their worth lies in the outcome, and a vote let fail can still cost), and the lobby that keeps
        the side's least firm own voter (``guard``: the greedy judge undervalues it); for a pending
        decision, every open option. No action twice in a row."""
        T = batch_judge.tables(batch, side)
        extra = np.concatenate([T.kinds["force"], T.kinds["compromise"], T.kinds["stall"]]) if self.extras \
            else np.zeros(0, dtype=np.int64)
        C = max(self.width + 2 + len(extra) + self.guard, 1 + len(T.options))
        cand = np.full((len(games), C), -1, dtype=np.int64)
        cand[:, 0] = normal_choose(batch, side, games, seeds)
        pending = batch.pending_kind[games] != NONE_PENDING
        p = np.flatnonzero(pending)
        if p.size:
            w = batch_judge.believed_batch(batch, side, games[p], seeds[p])
            opened = np.isfinite(batch_judge.pending_values(w, side, np.arange(p.size)))
            cand[p, 1: 1 + opened.shape[1]] = np.where(opened, T.choose_start + np.arange(opened.shape[1]), -1)
        i = np.flatnonzero(~pending)
        if i.size:
            top, _, _ = batch_judge.normal_ranking(batch, side, games[i], seeds[i], limit=self.width)
            cand[i, 1: 1 + self.width] = top
            cand[i, 1 + self.width] = T.pass_ix
            if extra.size:
                legal = batch.legal_mask(side, games[i], actions=extra)
                cand[i, 2 + self.width: 2 + self.width + extra.size] = np.where(legal, extra[None, :], -1)
            lobby = T.kinds["lobby"]
            if self.guard and lobby.size:
                keep = np.where(batch.legal_mask(side, games[i], actions=lobby),
                                batch_judge.guard_scores(batch, side, games[i])[:, lobby], -np.inf)
                cand[i, -1] = np.where(np.isfinite(keep).any(axis=1), lobby[np.argmax(keep, axis=1)], -1)
        for c in range(1, C):
            cand[(cand[:, c: c + 1] == cand[:, :c]).any(axis=1), c] = -1
        return cand

    def pick(self, values: np.ndarray, cand: np.ndarray) -> np.ndarray:
        """The column of ``cand`` to play in each game, from ``values`` (games, worlds, candidates):
        ``normal``'s choice (column 0) unless another does better in the same worlds (common random
        numbers) by more than ``z`` standard errors of the difference (and ``margin``). So ``hard`` is ``normal`` plus
        lookahead: it departs from ``normal`` only on evidence, never on the luck of a few worlds."""
        diff = values - values[:, :, :1]
        worlds = values.shape[1]
        err = diff.std(axis=1, ddof=1) / np.sqrt(worlds) if worlds > 1 else np.zeros(diff.shape[::2])
        gain = np.where(cand >= 0, diff.mean(axis=1) - np.maximum(self.z * err, self.margin), -np.inf)
        gain[:, 0] = 0.0
        return np.argmax(gain, axis=1)     # ties (no evidence) to normal's choice, then the candidates' order

    def _rollouts(self, batch, side, games, seeds, cand) -> np.ndarray:
        """(games, worlds, candidates): the rollouts of ``cand`` in worlds drawn for each game."""
        stances, world_seeds = batch_judge.believed_worlds(batch, side, games, seeds, self.worlds)
        self.rollouts += int((cand >= 0).sum()) * stances.shape[1]
        return batch_judge.rollout_values(batch, games, side, cand, stances, world_seeds, noise=self.noise,
                                          fast=self.fast_rollouts, daily=self.daily_votes,
                                          beliefs=self.beliefs, reveals=self.reveals, horizon=self.horizon,
                                          leaf=leaf.values if self.fitted_leaf else None)


LEVELS = {"ai:easy": EasyPolicy, "ai:normal": NormalPolicy, "ai:hard": HardPolicy}
