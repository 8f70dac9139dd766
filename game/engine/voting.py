"""The vote model: why each member votes as he does, vectorised with numpy.

A member's inclination to vote *yes* is a sum of named terms (stance,
ideology, patron, fear, legitimacy, bandwagon; see docs/MODEL.md);
every term but stance is damped by (1 - conviction). The probability of yes
is a logistic of the sum, and members torn near zero sometimes abstain. The
same function serves the realised vote (true stances) and the forecast (a
side's estimates), so a forecast is honest about the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .population import Population
from .spec import ModelWeights


@dataclass(frozen=True)
class MotionContext:
    """Everything about a motion and the moment that the vote model needs."""

    direction: int        # +1 if yes helps the first side, -1 if the second
    ideology: float       # the motion's ideological colour
    legitimacy: float     # motion legitimacy plus the favoured side's standing edge (per game in a batch)
    fear: float           # force balance toward the first side, in [-1, 1] (threats included; per game)
    majority: float       # yes must exceed this share of the base below
    majority_of: str      # "present" | "cast" | "members"
    members: int          # voting members, present or not (per game in a batch)


@np.errstate(over="ignore")      # a scenario's extreme weights: exp overflows to inf, the chance to 0, as it should
def logistic(x):
    """The logistic function, used wherever a weighted sum becomes a chance."""
    return 1.0 / (1.0 + np.exp(-x))


def required_yes(ctx: MotionContext, present: int, cast: np.ndarray | int) -> np.ndarray:
    """Yes votes must *exceed* this number for the motion to pass."""
    base = {"members": ctx.members, "cast": cast, "present": present}[ctx.majority_of]
    return ctx.majority * np.asarray(base, dtype=float)


def vote_terms(stance_all: np.ndarray, voters: np.ndarray, pop: Population, ctx: MotionContext,
               weights: ModelWeights, present: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The named terms of each voter's inclination toward *yes*.

    ``stance_all`` is the stance of the whole population, shape ``(P,)`` or
    ``(S, P)`` for S samples; the result arrays have shape ``(V,)`` or ``(S, V)``.

    A batch of G games (``game.engine.batch``) passes stances and traits of
    shape ``(G, P)``, every person as ``voters``, a ``(G, P)`` mask of who is
    present and voting as ``present``, and a context whose ``legitimacy``,
    ``fear`` and ``members`` are ``(G,)`` arrays: the same model, one game a row.
    """
    d = ctx.direction
    s = stance_all[..., voters]
    conviction = pop.conviction[..., voters]
    caution = pop.caution[..., voters]
    flex = 1.0 - conviction
    patron = pop.patron[voters]
    has_patron = patron >= 0
    patron_stance = np.where(has_patron, stance_all[..., np.where(has_patron, patron, 0)], 0.0)

    terms = {
        "stance": weights.stance * s * d * (weights.stance_base + conviction),
        "ideology": flex * weights.ideology * pop.ideology[..., voters] * ctx.ideology,
        "patron": flex * weights.patron * pop.cohesion[..., voters] * patron_stance * d,
        "fear": flex * weights.fear * caution * _per_voter(ctx.fear) * d,
        "legitimacy": flex * weights.legitimacy * _per_voter(ctx.legitimacy),
    }
    partial = sum(terms.values())
    # Bandwagon: estimate the chance the motion passes without it, then pull
    # the cautious toward that likely result.
    p0 = logistic(weights.sharpness * partial)
    if present is not None:
        p0 = np.where(present, p0, 0.0)
    n_voting = len(voters) if present is None else present.sum(axis=-1)
    expected = p0.sum(axis=-1)
    spread = np.sqrt((p0 * (1 - p0)).sum(axis=-1) + 0.25)
    need = required_yes(ctx, n_voting, expected + 0.0)
    likely = logistic(1.702 * ((expected - need - 0.5) / spread))   # the normal CDF, near enough for a pull
    terms["bandwagon"] = flex * weights.bandwagon * caution * (2 * np.asarray(likely)[..., None] - 1)
    return terms


def _per_voter(value):
    """A context value as a factor per voter: scalars as they are, per-game arrays as a column."""
    value = np.asarray(value, dtype=float)
    return value[..., None] if value.ndim else float(value)


def ballot_probabilities(terms: dict[str, np.ndarray], weights: ModelWeights,
                         present: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(p_yes, p_abstain) from the terms. p_no is the rest.

    With ``unanimity`` > 0, a member who would vote against a landslide abstains instead with
    that chance, scaled by how lopsided the room is expected to be (the party's norm of
    unanimity: in 1957 Molotov alone abstained at the plenum). ``present`` marks who votes.
    """
    u = sum(terms.values())
    p_abstain = weights.abstain * np.exp(-(u * u) / weights.abstain_width)
    lean = logistic(weights.sharpness * u)
    p_yes = (1 - p_abstain) * lean
    if weights.unanimity > 0:
        mask = np.ones_like(lean) if present is None else present.astype(float)
        share = (lean * mask).sum(axis=-1, keepdims=True) / np.maximum(mask.sum(axis=-1, keepdims=True), 1)
        top = weights.landslide
        pull = lambda s: weights.unanimity * np.clip((s - top) / (1 - top), 0.0, 1.0)  # noqa: E731
        quiet_no, quiet_yes = pull(share) * (1 - p_abstain) * (1 - lean), pull(1 - share) * p_yes
        p_yes = p_yes - quiet_yes
        p_abstain = p_abstain + quiet_no + quiet_yes
    return p_yes, p_abstain


def cast_ballots(p_yes: np.ndarray, p_abstain: np.ndarray, draws: np.ndarray) -> np.ndarray:
    """Ballots as int8: 1 yes, 0 abstain, -1 no, from uniform draws in [0, 1)."""
    return np.where(draws < p_yes, 1, np.where(draws < p_yes + p_abstain, 0, -1)).astype(np.int8)


def tally(ballots: np.ndarray, present: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(yes, no, abstain) counts; with ``present``, only the ballots it marks are counted."""
    if present is not None:
        ballots = np.where(present, ballots, 2)
    return tuple((ballots == vote).sum(axis=-1) for vote in (1, -1, 0))


def passes(ctx: MotionContext, yes: np.ndarray, no: np.ndarray, present: int) -> np.ndarray:
    """Whether yes votes exceed the majority (a tie, exactly reaching it, fails here: see :func:`tied`)."""
    return yes > required_yes(ctx, present, yes + no)


def tied(ctx: MotionContext, yes: np.ndarray, no: np.ndarray, present: int) -> np.ndarray:
    """Whether yes votes exactly reach the majority: the body's tie rule decides."""
    return yes == required_yes(ctx, present, yes + no)


def carried(ctx: MotionContext, yes: np.ndarray, no: np.ndarray, present: int, tie: str = "fails",
            chair_yes: np.ndarray | bool = False) -> np.ndarray:
    """Whether the motion carries: its yes votes exceed the majority, or exactly reach it and the body's ``tie``
    rule carries it ("passes"; "chair": where ``chair_yes``, the chair present and voting yes). The vote and
    the forecast both decide by it, so a forecast knows the tie rule too."""
    won = passes(ctx, yes, no, present)
    if tie == "fails":
        return won
    return won | (tied(ctx, yes, no, present) & (True if tie == "passes" else chair_yes))


def chair_yes(voted_yes: np.ndarray, seat) -> np.ndarray:
    """Whether the chair voted yes (for :func:`carried`'s "chair" rule): ``voted_yes`` (..., voters) says who was
    present and voted yes, ``seat`` is the chair's column among those voters (-1: not among them), one per
    leading row or one for all."""
    seat = np.asarray(seat)
    col = np.maximum(seat, 0)[..., None]
    col = col.reshape((1,) * (voted_yes.ndim - col.ndim) + col.shape)
    return np.take_along_axis(voted_yes, col, axis=-1)[..., 0] & (seat >= 0)
