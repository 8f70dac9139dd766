"""The fitted leaf of ai:hard's rollouts (game.ai.leaf) and the command that fits it (game.ai.fit_leaf)."""

from pathlib import Path

import numpy as np
import pytest

import game
from game.ai import batch_judge as bj
from game.ai import fit_leaf, leaf
from game.engine.batch import GameBatch


def test_fit_recovers_known_coefficients():
    """On synthetic data whose results are drawn from a known logistic model, the fit finds it."""
    rng = np.random.default_rng(0)
    x = np.column_stack([np.ones(20000), rng.normal(size=(20000, 3))])
    beta = np.array([0.3, 1.5, -2.0, 0.0])
    y = (rng.random(20000) < 1 / (1 + np.exp(-x @ beta))).astype(float)
    assert leaf.fit(x, y, ridge=0.0) == pytest.approx(beta, abs=0.08)
    # fractional results (a narrow win is worth 0.85) are fitted as such: y = p exactly gives beta back
    assert leaf.fit(x, 1 / (1 + np.exp(-x @ beta)), ridge=0.0) == pytest.approx(beta, abs=1e-6)
    # weights count rows: a row weighted 2 is two rows
    w = rng.integers(1, 3, size=20000).astype(float)
    twice = np.repeat(np.arange(20000), w.astype(int))
    assert leaf.fit(x, y, w, ridge=0.0) == pytest.approx(leaf.fit(x[twice], y[twice], ridge=0.0), abs=1e-8)


@pytest.mark.parametrize("scenario", ["1957", "1953", "1964"])
def test_leaf_is_a_win_chance_that_rises_with_standing(scenario):
    """The leaf is in (0, 1), reads only generic features, and a side valued higher as its standing rises."""
    sc = game.load_scenario(scenario)
    b = GameBatch.new(sc, seeds=range(6))
    for k in (0, 1):
        x = leaf.features(b, k)
        assert x.shape == (6, len(leaf.FEATURES)) and np.isfinite(x).all()
        v = leaf.values(b, k)
        assert ((0 < v) & (v < 1)).all()
        assert v == pytest.approx(leaf.values_of(x, leaf.COEF))
        down = b.take(np.arange(6), record=False)
        down.legitimacy[:, k] -= 0.2
        down.legitimacy[:, 1 - k] += 0.1
        assert (leaf.values(down, k) < v).all()
    assert leaf.COEF["gap"] > 0 and leaf.COEF["default"] > 0


def test_the_default_winner_reads_the_calendars_end():
    """``default``: +1 for the side the scenario's end-of-calendar outcome would give the game now."""
    sc = game.load_scenario("1957")
    b = GameBatch.new(sc, seeds=range(2))
    k = b.side_ix["khrushchev"]
    assert (leaf.features(b, k)[:, leaf.FEATURES.index("default")] == 1).all()     # khrushchev_survives
    b.flags[1, b.flag_ix["khrushchev_removed"]] = True                               # group_holds
    assert leaf.features(b, k)[:, leaf.FEATURES.index("default")].tolist() == [1.0, -1.0]
    assert leaf.features(b, 1 - k)[:, leaf.FEATURES.index("default")].tolist() == [-1.0, 1.0]


def test_fit_leaf_command(capsys):
    """The command gathers games, scores the fit held out and prints coefficients to paste; bad input is
    one line and exit code 2."""
    assert fit_leaf.main(["--games", "4", "--scenarios", "1964"]) == 0
    out = capsys.readouterr().out
    assert "1964:" in out and "fitted brier" in out and "COEF = {" in out
    assert all(f'"{name}"' in out for name in leaf.FEATURES)
    assert fit_leaf.main(["--games", "1"]) == 2
    assert "--games" in capsys.readouterr().err
    assert fit_leaf.main(["--games", "4", "--scenarios", "1964,nosuch"]) == 2
    assert "nosuch" in capsys.readouterr().err


def test_rollouts_end_on_the_fitted_leaf_when_asked():
    """With the fitted leaf an open row is valued by the fitted leaf, a finished one by its result, and a short
    rollout's values differ from those of the unfitted leaf."""
    sc = game.load_scenario("1957")
    g = game.new_game(sc, seed=4)
    k = sc.side_index(g.to_move)
    b = g.batch
    w = bj.believed_batch(b, k, [0, 0], [1, 2])
    w.outcome[1] = 0                                            # as if over: its result, not the leaf
    v = bj.leaf_values(w, k, leaf.values)
    assert v[0] == pytest.approx(leaf.values(w, k, [0])[0])
    assert v[1] == bj.results_for(w, k)[1]
    actions = np.array([[bj.tables(b, k).pass_ix]])
    stances = np.repeat(b.est_mean[:1, k][None], 3, axis=1)
    seeds = np.array([[1, 2, 3]], dtype=np.uint64)
    fitted = bj.rollout_values(b, [0], k, actions, stances, seeds, horizon=2, leaf=leaf.values)
    plain = bj.rollout_values(b, [0], k, actions, stances, seeds, horizon=2)
    assert ((0 < fitted) & (fitted < 1)).all() and not np.allclose(fitted, plain)


def test_leaf_reads_a_scenario_written_from_scratch():
    """Nothing in the features names 1957's people or motions: a crisis from scratch is valued too."""
    sc = game.load_scenario(str(Path(__file__).resolve().parents[1] / "data" / "scenarios"
                                / "from_scratch_warsaw.toml"))
    b = GameBatch.new(sc, seeds=range(4))
    for k in (0, 1):
        assert np.isfinite(leaf.features(b, k)).all()
        v = leaf.values(b, k)
        assert ((0 < v) & (v < 1)).all()
