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
* ``hard``   plans: for the heuristic's best few actions it plays the rest of
             the game out many times, each time in a different world drawn
             from its estimates of the hidden stances (determinised Monte
             Carlo), both sides played by a fast greedy policy, and takes the
             action that won most often.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ..engine import Action, Game
from ..engine.actions import Choose
from . import batch_judge
from .batch_judge import FORECAST_SAMPLES, normal_choose
from .heuristics import Judge, belief_game, choose_pending


def _rng(seed: int) -> np.random.Generator:
    return np.random.Generator(np.random.PCG64(seed))


class _Level:
    """A computer player: decides, then hands back the game's own labelled action.

    Each level draws its own chance from a generator seeded at creation, never
    from the game's.
    """

    def __init__(self, seed: int = 0):
        self.rng = _rng(seed)

    def choose(self, game: Game) -> Action:
        action = self.decide(game)
        for a in game.legal_actions():
            if a == action:
                return a   # the same action, with the cost and label the UI shows
        raise AssertionError(f"{self.name} chose an illegal action: {action!r}")

    def decide(self, game: Game) -> Action:
        raise NotImplementedError


def _pending_options(game: Game, side: str) -> list[Action]:
    return [Choose(side, o) for o in game.pending_options()]


class EasyPolicy(_Level):
    """A weak but sensible player: sees what matters, often picks carelessly."""

    name = "ai:easy"
    blunder = 0.3       # share of moves picked at random among legal ones
    temperature = 2.0   # softmax temperature over the heuristic's scores

    def decide(self, game: Game) -> Action:
        side = game.to_move
        world = belief_game(game, side, self.rng, sample=False)
        if game.pending:
            options = _pending_options(game, side)
            if self.rng.random() < self.blunder:
                return options[int(self.rng.integers(len(options)))]
            return choose_pending(world, side, options)
        if self.rng.random() < self.blunder:
            legal = game.legal_actions()
            return legal[int(self.rng.integers(len(legal)))]
        ranked = Judge(world, side, fast=True).ranked(legal_in=game)
        scores = np.array([s.score for s in ranked])
        p = np.exp((scores - scores.max()) / self.temperature)
        p /= p.sum()
        return ranked[int(self.rng.choice(len(ranked), p=p))].action


class NormalPolicy:
    """Greedy one-step: the action the heuristic rates best, votes judged by forecast.

    One implementation for one game and for a batch: :meth:`choose_batch`
    (:func:`game.ai.batch_judge.normal_choose`) scores every action of the
    side's space in every game at once; :meth:`choose` runs it on the game's
    own row. Deterministic and stateless: the seed only keys the belief
    game's chance (used when a decision is tried out), ``seeds`` per game in
    a batch (see ``policies.NormalBatchPolicy``).
    """

    name = "ai:normal"
    forecast_samples = FORECAST_SAMPLES

    def __init__(self, seed: int = 0):
        self.seed = int(seed)

    def choose_batch(self, batch, side: int, games: np.ndarray, seeds=None) -> np.ndarray:
        games = np.asarray(games, dtype=np.int64)
        if seeds is None:
            seeds = np.full(len(games), self.seed, dtype=np.uint64)
        return normal_choose(batch, side, games, seeds)

    def choose(self, game: Game) -> Action:
        k = game.scenario.side_index(game.to_move)
        a = int(self.choose_batch(game.batch, k, np.array([game.row]))[0])
        action = game.batch.space[k].actions[a]
        return replace(action, label=action.describe(game))   # the cost and label the UI shows


# What a result is worth to the side that planned for it: a political
# victory beats one resting on bayonets (the design: force is a last resort).
DEGREE_VALUE = batch_judge.DEGREE_VALUE


def result_for(world: Game, side: str) -> float:
    out = world.outcome()
    if out is None or out.winner is None:
        return 0.4
    if out.winner != side:
        return 0.0
    return DEGREE_VALUE.get(out.degree.value, 1.0)


class HardPolicy(_Level):
    """Plans by determinised Monte Carlo over the side's own estimates.

    Candidates: ``normal``'s ``width`` best actions and waiting (or every
    option of a pending decision). ``worlds`` stances are drawn from the
    side's estimates; in each, every candidate is played and the game played
    out to its end by the fast greedy judge on both sides, with the same dice
    for every candidate (common random numbers). All worlds x candidates run
    as ONE batch of games (:func:`game.ai.batch_judge.rollout_values`). The
    candidate with the best total wins; ties go to the heuristic's preference.
    """

    name = "ai:hard"
    width = 3        # heuristic's best candidates considered (plus waiting)
    worlds = 20      # determinisations per decision: 20 x 4 = 80 rollouts, one batch
    noise = batch_judge.EXPLORE   # rollouts: share of moves picked among the judge's three best
    fast_rollouts = True          # rollouts: the fast judge (fewer candidates) for both sides
    daily_votes = True            # rollouts: each row reads the votes once a day (until a vote or event)

    def decide(self, game: Game) -> Action:
        side = game.to_move
        b, row = game.batch, game.row
        k = game.scenario.side_index(side)
        space = b.space[k]
        T = batch_judge.tables(b, k)
        seed = int(self.rng.integers(2**63))     # the belief game's chance (decisions tried out)
        if game.pending:
            world = batch_judge.believed_batch(b, k, [row], [seed])
            values = batch_judge.pending_values(world, k, [0])[0]
            options = [space.options.index(o) for o in game.pending_options()]
            candidates = [T.choose_start + o for o in options]
            prior = [values[o] for o in options]
        else:
            top, final, _ = batch_judge.normal_ranking(b, k, [row], [seed], limit=self.width)
            candidates = [int(a) for a in top[0] if a >= 0]
            if T.pass_ix not in candidates:
                candidates.append(T.pass_ix)
            prior = [float(final[0, a]) for a in candidates]
        if len(candidates) == 1:
            return space.actions[candidates[0]]
        mean, sd = b.est_mean[row, k], b.est_sd[row, k]
        stances = np.clip(mean + sd * self.rng.standard_normal((self.worlds, len(mean))), -1.0, 1.0)
        seeds = [int(x) for x in self.rng.integers(2**63, size=self.worlds)]
        totals = batch_judge.rollout_values(b, row, k, np.array(candidates), stances, seeds,
                                            noise=self.noise, fast=self.fast_rollouts,
                                            daily=self.daily_votes).sum(axis=0)
        # Ties go to the heuristic's preference.
        best = max(range(len(candidates)), key=lambda j: (totals[j], prior[j]))
        return space.actions[candidates[best]]


LEVELS = {"ai:easy": EasyPolicy, "ai:normal": NormalPolicy, "ai:hard": HardPolicy}
