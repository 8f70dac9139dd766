"""A fitted leaf: what an unfinished position is worth to a side, as a win chance.

``ai:hard``'s rollouts stop after a few steps; an open row is then valued by
:func:`values`, a logistic regression of the real result (on the results
scale of ``batch_judge.results_for``: 1 a decisive win ... 0 a loss) on a
handful of features of the position that mean the same in every scenario
(:data:`FEATURES`: no named actor, motion or side). The coefficients
(:data:`COEF`) were fitted on positions of ``ai:normal``-against-``ai:normal``
games by ``python -m game.ai.fit_leaf`` (that module's doc gives the exact
command and the held-out scores); the features are read on the row's own
stances (a rollout's world), never on a side's estimates.
"""

from __future__ import annotations

import numpy as np

from ..engine.batch import NO_ONE, GameBatch
from ..engine.chance import counts
from ..engine.voting import logistic
from .batch_judge import judge, open_mask, tables

FEATURES = (
    "bias",           # 1
    "gap",            # this side's legitimacy less the other's
    "hostile",        # bodies convened whose voters do not lean to this side (a majority)
    "default",        # who wins if the calendar ran out now: +1 this side, -1 the other, 0 no one
    "default_late",   # default x the share of the calendar gone: the nearer the end, the surer it holds
    "motions",        # each open decisive motion of a convened body whose terms hold: its pass chance,
                      # + if it favours this side, - if not
    "motions_later",  # the same for the decisive motions of bodies not convened
    "force_odds",     # this side's odds of force less the other's
)

# Fitted by ``python -m game.ai.fit_leaf`` (see its doc for the command, the data and the held-out scores).
COEF = {"bias": 0.1804, "gap": 1.6599, "hostile": -0.4501, "default": 1.1360, "default_late": 2.9526,
        "motions": 2.5151, "motions_later": 0.9692, "force_odds": 1.8546}


def features(w: GameBatch, k: int, rows=None) -> np.ndarray:
    """``(rows, len(FEATURES))``: the features of each row for side ``k``, on its own stances.
    Reads the state only (an outcome's condition that draws chance would draw on ``w``'s stream:
    read a copy of a real game)."""
    sc = w.scenario
    rows = np.arange(w.size) if rows is None else np.asarray(rows, dtype=np.int64)
    n = len(rows)
    d = w.direction(k)
    stance = w.pop.stance[rows]
    out = np.zeros((n, len(FEATURES)))
    f = {name: out[:, i] for i, name in enumerate(FEATURES)}
    f["bias"][:] = 1.0
    f["gap"][:] = w.legitimacy[rows, k] - w.legitimacy[rows, 1 - k]
    for j in range(len(sc.bodies)):
        voters = w.voter_mask(j, rows)
        n_voters = counts(voters)
        leans = (n_voters > 0) & (counts(voters & (d * stance > 0)) * 2 > n_voters)
        f["hostile"][:] += (w.convened[rows, j] >= 0) & ~leans
    f["default"][:] = _default_winner(w, k, rows)
    f["default_late"][:] = f["default"] * np.minimum(w.turn[rows] / max(len(sc.calendar), 1), 1.0)
    f["motions"][:], f["motions_later"][:] = _motions(w, k, rows)
    f["force_odds"][:] = w.force_odds(k, rows) - w.force_odds(1 - k, rows)
    return out


def _default_winner(w: GameBatch, k: int, rows: np.ndarray) -> np.ndarray:
    """+1 where the outcome that would end the game if the calendar ran out now goes to ``k``, -1 to
    the other side, 0 to no one (or none would)."""
    out = np.zeros(len(rows))
    left = np.arange(len(rows))
    for j, spec in enumerate(w.scenario.outcomes):
        if spec.by_event or not left.size:
            continue
        hit = w.rules.holds(spec.when, rows[left])
        winner = w.outcomes[j].winner
        out[left[hit]] = 0.0 if winner == NO_ONE else (1.0 if winner == k else -1.0)
        left = left[~hit]
    return out


def _motions(w: GameBatch, k: int, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The decisive votes ahead, by the judge's reading of their pass chances (every voter counted present
    where the body is not sitting), over open decisive motions whose terms hold, each + if it favours
    ``k`` and - if not: those of bodies convened, and those of bodies not (yet) convened."""
    T = tables(w, k)
    now, later = np.zeros(len(rows)), np.zeros(len(rows))
    decisive = np.flatnonzero(T.decisive > 1)
    if not decisive.size:
        return now, later
    p = judge(w, k, rows).p_pass
    convened = w.convened[rows] >= 0
    still = open_mask(w, rows, T)
    for m in decisive.tolist():
        live = still[:, m] & w.rules.holds(w.scenario.motions[m].requires, rows)
        chance = np.where(live, p[:, m], 0.0) * (1.0 if T.favours[m] == k else -1.0)
        here = convened[:, T.motion_body[m]]
        now += np.where(here, chance, 0.0)
        later += np.where(here, 0.0, chance)
    return now, later


def values(w: GameBatch, k: int, rows=None, coef: dict | None = None) -> np.ndarray:
    """The leaf: each row's worth to side ``k`` as a win chance in (0, 1), ``1 / (1 + exp(-x . coef))``."""
    return values_of(features(w, k, rows), COEF if coef is None else coef)


def values_of(x: np.ndarray, coef: dict) -> np.ndarray:
    """``1 / (1 + exp(-x . coef))`` for rows of features ``x``."""
    return logistic(x @ np.array([coef[name] for name in FEATURES]))


def fit(x: np.ndarray, y: np.ndarray, weight: np.ndarray | None = None, ridge: float = 1e-3,
        steps: int = 50) -> np.ndarray:
    """Logistic regression of ``y`` in [0, 1] (a result, not only 0 or 1) on ``x``, rows weighted by
    ``weight``, by Newton's method (iteratively reweighted least squares), with a small ridge on every
    coefficient but the first."""
    weight = np.ones(len(y)) if weight is None else np.asarray(weight, dtype=float)
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], ridge * weight.sum())
    penalty[0] = 0.0
    for _ in range(steps):
        p = logistic(x @ beta)
        grad = x.T @ (weight * (y - p)) - penalty * beta
        hess = (x * (weight * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hess + 1e-9 * np.eye(len(beta)), grad)
        beta += step
        if np.abs(step).max() < 1e-10:
            break
    return beta
