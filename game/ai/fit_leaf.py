"""Fit ``ai:hard``'s leaf (:mod:`game.ai.leaf`) on positions of real games, and score it held out.

    python -m game.ai.fit_leaf --games 1000 --seed 0 --scenarios 1957,1953,1964

plays ``--games`` games of ``ai:normal`` against ``ai:normal`` on each
scenario (seeds ``--seed``, ``--seed + 1``, ...), reads the leaf's features
of every position for both sides (on the game's true stances, as a rollout
reads its world) and the game's real result for that side (``results_for``),
fits the logistic regression (:func:`game.ai.leaf.fit`) on the games of
even seed and scores it on those of odd seed (Brier score, log loss and the
correlation with the result, per scenario, against the unfitted leaf
``1 / (1 + exp(-position_value))``), then refits on all the games and prints
the coefficients to paste into ``leaf.COEF``. Deterministic: the same
arguments print the same numbers.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from ..engine.batch import GameBatch
from ..scenario.errors import ScenarioError
from ..scenario.loader import load_scenario
from . import leaf
from .batch_judge import position_leaf, results_for
from .policies import batch_policy


def gather(scenario, games: int, seed: int = 0, every: int = 1):
    """``(x, y, game, old)``: the features of every ``every``-th position of ``games`` games of ``ai:normal``
    against itself, for each side (two rows a position), each row's real result for its side, the game's
    index, and the unfitted leaf's value there."""
    sc = load_scenario(scenario) if isinstance(scenario, str) else scenario
    batch = GameBatch.new(sc, seeds=range(seed, seed + games))
    players = [batch_policy("ai:normal", seed + 1 + k) for k in (0, 1)]
    xs, ids, sides, olds = [], [], [], []
    for step in range(2000):
        live = np.flatnonzero(batch.outcome < 0)
        if not live.size:
            break
        if step % every == 0:
            copy = batch.take(live, record=False)      # an outcome's condition may draw chance: not the game's
            for k in (0, 1):
                xs.append(leaf.features(copy, k))
                olds.append(position_leaf(copy, k))
                ids.append(live)
                sides.append(np.full(live.size, k))
        batch.step(players)
    result = np.stack([results_for(batch, k) for k in (0, 1)], axis=1)
    ids, sides = np.concatenate(ids), np.concatenate(sides)
    return np.concatenate(xs), result[ids, sides], ids, np.concatenate(olds)


def scores(p: np.ndarray, y: np.ndarray) -> dict:
    """Brier score, log loss and correlation of predictions ``p`` with results ``y``."""
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return {"brier": float(np.mean((p - y) ** 2)),
            "logloss": float(-np.mean(y * np.log(q) + (1 - y) * np.log(1 - q))),
            "corr": float(np.corrcoef(p, y)[0, 1]) if p.std() > 0 and y.std() > 0 else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m game.ai.fit_leaf", description=__doc__.split("\n\n")[0])
    ap.add_argument("--games", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--scenarios", default="1957,1953,1964")
    ap.add_argument("--every", type=int, default=1, help="read every N-th position of a game")
    ap.add_argument("--ridge", type=float, default=1e-3)
    args = ap.parse_args(argv)
    if args.games < 2 or args.every < 1:
        print("fit_leaf: --games must be at least 2 and --every at least 1", file=sys.stderr)
        return 2
    try:        # every scenario checked before any game is played
        scenarios = {name: load_scenario(name) for name in args.scenarios.split(",")}
    except ScenarioError as exc:
        print(f"fit_leaf: --scenarios: {exc}", file=sys.stderr)
        return 2
    data = {name: gather(sc, args.games, args.seed, args.every) for name, sc in scenarios.items()}
    x = np.concatenate([d[0] for d in data.values()])
    y = np.concatenate([d[1] for d in data.values()])
    train = np.concatenate([d[2] % 2 == 0 for d in data.values()])
    # Each scenario weighs the same, however many positions its games have.
    weight = np.concatenate([np.full(len(d[1]), 1.0 / len(d[1])) for d in data.values()])
    beta = leaf.fit(x[train], y[train], weight[train], ridge=args.ridge)
    coef = dict(zip(leaf.FEATURES, beta))
    print(f"held out (games of odd index), {args.games} games a scenario, seed {args.seed}:")
    for name, (xs, ys, ids, old) in data.items():
        test = ids % 2 == 1
        new = leaf.values_of(xs[test], coef)
        a, b = scores(new, ys[test]), scores(old[test], ys[test])
        print(f"  {name}: {test.sum()} positions; fitted brier {a['brier']:.4f} logloss {a['logloss']:.4f} "
              f"corr {a['corr']:.3f}; unfitted brier {b['brier']:.4f} logloss {b['logloss']:.4f} corr {b['corr']:.3f}")
    final = leaf.fit(x, y, weight, ridge=args.ridge)
    print("COEF (fitted on all games):")
    print("COEF = {" + ", ".join(f'"{n}": {v:.4f}' for n, v in zip(leaf.FEATURES, final)) + "}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
