"""Forecasts match realised votes in frequency (calibration within sampling error).

From many positions reached by random play, a side is given perfect knowledge
(its estimates set to the true stances, sd ≈ 0) and forecasts every motion.
Each vote is then held many times over on copies of the position, with fresh
chance each time, exactly as the engine holds it at the end of a day (a
sitting without a quorum votes nothing). The realised pass rates must agree
with the forecast probabilities: overall, and within each band of forecasts.
"""

import numpy as np

import game
from game.ai import RandomPolicy

from .common import SCENARIO

POSITIONS = 24       # random positions
REPEATS = 25         # votes held per position and motion
SAMPLES = 400        # forecast samples


def _positions():
    rng = np.random.default_rng(2024)
    out = []
    for i in range(POSITIONS):
        g = game.new_game(SCENARIO, seed=int(rng.integers(2**32)))
        policy = RandomPolicy(i)
        for _ in range(int(rng.integers(0, 30))):
            if g.is_over():
                break
            g.apply(policy.choose(g))
        if not g.is_over():
            out.append(g)
    return out


def _realised(g, motion, seed: int) -> bool:
    c = g.clone()
    c.reseed(seed)
    body = next(b for b in SCENARIO.bodies if b.id == motion.body)
    voters = c.voter_mask(body.id)
    present = voters & (c.people.days_away == 0)
    if present.sum() < body.quorum * voters.sum():
        return False
    b = c.batch   # the engine's own vote rule, held on a copy (it draws from the copy's fresh stream)
    b._hold_vote(b.motion_ix[motion.id], c._g, present[None, :])
    return bool(b._votes[-1][-1][0])      # (games, motion, yes, no, abstain, carried)


def test_forecasts_from_true_stances_are_calibrated():
    forecasts, realised = [], []
    for n, g in enumerate(_positions()):
        for side in (s.id for s in SCENARIO.sides):
            k = SCENARIO.side_index(side)
            g.batch.est_mean[g.row, k] = g.people.stance     # perfect knowledge
            g.batch.est_sd[g.row, k] = 1e-9
        for j, motion in enumerate(SCENARIO.motions):
            p = g.forecast(motion.id, side=SCENARIO.sides[(n + j) % 2].id, samples=SAMPLES).probability
            assert 0.0 <= p <= 1.0
            hits = sum(_realised(g, motion, seed=10_000 * n + 100 * j + r) for r in range(REPEATS))
            forecasts.append(p)
            realised.append(hits / REPEATS)
    p = np.array(forecasts)
    r = np.array(realised)
    assert len(p) >= 60
    assert 0.05 < p.mean() < 0.95 and ((p > 0.05) & (p < 0.95)).sum() >= 10, "too few uncertain votes to test"

    # Overall: realised passes vs expected, with the binomial error of the votes
    # and the Monte Carlo error of the forecasts.
    var = (p * (1 - p)).sum() / REPEATS + (p * (1 - p)).sum() / SAMPLES
    z = (r.sum() - p.sum()) / np.sqrt(var)
    assert abs(z) < 4, f"forecasts and votes disagree overall: z = {z:.2f}"

    # Within bands of forecast probability (a reliability diagram).
    for lo, hi in [(0.0, 0.1), (0.1, 0.5), (0.5, 0.9), (0.9, 1.0 + 1e-9)]:
        band = (p >= lo) & (p < hi)
        if band.sum() < 3:
            continue
        pb, rb = p[band], r[band]
        se = np.sqrt((pb * (1 - pb)).sum() / REPEATS + (pb * (1 - pb)).sum() / SAMPLES + 1e-4) / band.sum()
        assert abs(rb.mean() - pb.mean()) < 4 * se + 0.02, (
            f"band [{lo}, {hi}): forecast {pb.mean():.3f}, realised {rb.mean():.3f} over {band.sum()} votes")
