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

import numpy as np

from ..engine import Action, Game
from ..engine.actions import CallVote, Choose, Pass
from ..engine.errors import IllegalActionError, InvalidActionError
from .heuristics import Judge, belief_game, choose_pending, pending_value

MAX_ROLLOUT_ACTIONS = 400


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


class NormalPolicy(_Level):
    """Greedy one-step: the action the heuristic rates best, votes judged by forecast."""

    name = "ai:normal"
    forecast_samples = 200

    def decide(self, game: Game) -> Action:
        side = game.to_move
        world = belief_game(game, side, self.rng, sample=False)
        if game.pending:
            return choose_pending(world, side, _pending_options(game, side))
        ranked = self.rank(game, world, side)
        return ranked[0].action if ranked else Pass(side)

    def rank(self, game: Game, world: Game, side: str) -> list:
        """Legal candidates, best first, votes judged by the side's own forecast."""
        ranked = Judge(world, side).ranked(legal_in=game)
        for s in ranked:
            if isinstance(s.action, CallVote):
                # The side's own Monte Carlo forecast (its estimates, with their spread).
                m = game.scenario.motion(s.action.motion)
                p = game.forecast(m.id, side=side, samples=self.forecast_samples).probability
                s.score = 12.0 * (p - 0.55) * (2.0 if m.decisive else 1.0) - 0.25 * game.cost_of(s.action)
        ranked.sort(key=lambda s: -s.score)
        return ranked


class RolloutPolicy:
    """The fast greedy player used inside hard's simulations (on a belief game)."""

    def __init__(self, rng: np.random.Generator, noise: float = 0.1):
        self.rng = rng
        self.noise = noise
        self.cache: dict = {}
        # What this player has done today, both sides (its world's turn, actions):
        # an action not repeatable in a day is not legal again until tomorrow.
        self._done: tuple[int, set] = (-1, set())

    def choose(self, world: Game) -> Action:
        side = world.to_move
        if world.pending:
            return choose_pending(world, side, _pending_options(world, side))
        if world.capital(side) <= 0:
            return Pass(side)
        explore = self.rng.random() < self.noise
        ranked = Judge(world, side, fast=True, cache=self.cache).ranked(limit=3 if explore else 1)
        if explore and len(ranked) > 1:
            return ranked[int(self.rng.integers(len(ranked)))].action
        return ranked[0].action if ranked else Pass(side)

    def play(self, world: Game) -> None:
        """Take the move :meth:`choose` would choose, drawing the same chance.

        The greedy move is the best-scored candidate that is legal. Rather than
        ask the engine for the whole legality mask and then apply (which asks
        again), it applies the candidates best first until one is accepted: an
        illegal action is refused and changes nothing.
        """
        side = world.to_move
        turn = world.turn
        if self._done[0] != turn:
            self._done = (turn, set())
        done = self._done[1]
        if world.pending or world.capital(side) <= 0:
            world.apply(self.choose(world))
            return
        explore = self.rng.random() < self.noise
        judge = Judge(world, side, fast=True, cache=self.cache)
        if explore:
            ranked = judge.ranked(limit=3)
            if len(ranked) > 1:
                action = ranked[int(self.rng.integers(len(ranked)))].action
            else:
                action = ranked[0].action if ranked else Pass(side)
            world.apply(action)
            done.add(action)
            return
        for s in judge.ordered():
            if s.action in done and not s.action.repeatable_per_day:
                continue   # done today already: the engine would refuse it
            try:
                world.apply(s.action)
            except (IllegalActionError, InvalidActionError):
                continue
            done.add(s.action)
            return
        world.apply(Pass(side))


def rollout(world: Game, rng: np.random.Generator) -> Game:
    """Play a belief game to its end with the fast greedy player on both sides."""
    policy = RolloutPolicy(rng)
    for _ in range(MAX_ROLLOUT_ACTIONS):
        if world.is_over():
            break
        policy.play(world)
    return world


# What a result is worth to the side that planned for it: a political
# victory beats one resting on bayonets (the design: force is a last resort).
DEGREE_VALUE = {"decisive": 1.0, "clear": 0.95, "narrow": 0.85, "pyrrhic": 0.6}


def result_for(world: Game, side: str) -> float:
    out = world.outcome()
    if out is None or out.winner is None:
        return 0.4
    if out.winner != side:
        return 0.0
    return DEGREE_VALUE.get(out.degree.value, 1.0)


class HardPolicy(_Level):
    """Plans by determinised Monte Carlo over the side's own estimates.

    ``worlds`` stances drawn from the estimates; in each, every candidate
    action is played out with the same dice (common random numbers), so
    candidates are compared on equal terms.
    """

    name = "ai:hard"
    width = 3        # heuristic's best candidates considered (plus waiting)
    worlds = 5       # determinisations per decision

    def __init__(self, seed: int = 0):
        super().__init__(seed)
        self.normal = NormalPolicy(seed)

    def decide(self, game: Game) -> Action:
        side = game.to_move
        if game.pending:
            candidates = _pending_options(game, side)
            world = belief_game(game, side, self.rng, sample=False)
            prior = [pending_value(world, side, a) for a in candidates]
        else:
            world = belief_game(game, side, self.rng, sample=False)
            ranked = self.normal.rank(game, world, side)
            top = ranked[: self.width]
            if not any(isinstance(s.action, Pass) for s in top):
                top.append(next(s for s in ranked if isinstance(s.action, Pass)))
            candidates = [s.action for s in top]
            prior = [s.score for s in top]
        if len(candidates) == 1:
            return candidates[0]
        totals = np.zeros(len(candidates))
        for done in range(self.worlds):
            world = belief_game(game, side, self.rng, sample=True)
            seed = int(self.rng.integers(2**63))
            # A rollout is worth at most 1, so a candidate that trails the best
            # by more than the worlds left cannot catch up: skip its rollouts.
            # (The choice is unchanged; the pruned rollouts drew no chance from self.rng.)
            left = self.worlds - done
            for j, action in enumerate(candidates):
                if totals[j] + left < totals.max():
                    continue
                w = world.clone().reseed(seed)
                if not w.is_legal(action):
                    totals[j] += 0.0
                    continue
                w.apply(action)
                totals[j] += result_for(rollout(w, _rng(seed + 1)), side)
        # Ties go to the heuristic's preference.
        order = max(range(len(candidates)), key=lambda j: (totals[j], prior[j]))
        return candidates[order]


LEVELS = {"ai:easy": EasyPolicy, "ai:normal": NormalPolicy, "ai:hard": HardPolicy}
