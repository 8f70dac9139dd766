"""What decided the outcome: Sobol and Morris rankings, main effects, tipping points."""

from __future__ import annotations

import math

import numpy as np
import pytest

from game.studies import load_study, study
from game.studies.analysis import _morris, _sobol, tipping_point

TWO = """
scenario = "1957"
design = "{design}"
samples = {samples}
games = 4
seed = 2
policies = "random"
[[vary]]
path = "model.fear"
range = [0.1, 2.0]
[[vary]]
path = "model.patron"
range = [0.1, 2.0]
"""


def _study(tmp_path, design, samples):
    path = tmp_path / "s.toml"
    path.write_text(TWO.format(design=design, samples=samples), encoding="utf-8")
    return load_study(path)


def test_sobol_ranks_the_parameter_the_output_depends_on_first(tmp_path):
    spec = _study(tmp_path, "sobol", 256)
    x = np.array(spec.values)
    ranked = _sobol(spec, np.sin(x[:, 1] * 2) + 0.1 * x[:, 0])          # patron decides, fear barely
    assert [r["parameter"] for r in ranked] == ["model.patron", "model.fear"]
    assert ranked[0]["ST"] > 0.8 > 0.1 > ranked[1]["ST"]
    assert all(r["ST_conf"] >= 0 and r["S1_conf"] >= 0 for r in ranked)


def test_morris_ranks_the_parameter_the_output_depends_on_first(tmp_path):
    spec = _study(tmp_path, "morris", 20)
    x = np.array(spec.values)
    ranked = _morris(spec, 3 * x[:, 0] + 0.01 * x[:, 1])
    assert [r["parameter"] for r in ranked] == ["model.fear", "model.patron"]
    assert ranked[0]["mu_star"] == pytest.approx(3 * 1.9, rel=1e-6)       # the effect over the whole range


def test_a_small_sobol_study_runs_end_to_end(tmp_path):
    r = study(_path(tmp_path), out=tmp_path / "r.parquet")
    outputs = r.summary["analysis"]["outputs"]
    assert list(outputs)[:2] == ["win_group", "win_khrushchev"]          # the study's side first
    for name, res in outputs.items():
        assert "note" in res or [row["parameter"] for row in res["ranked"]] and len(res["ranked"]) == 2
    assert "Sobol indices" in r.table() and "win_group" in r.table()


def _path(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text(TWO.format(design="sobol", samples=4), encoding="utf-8")
    return path


def _logistic_counts(x0: float, slope: float, n: int, xs, seed: int = 0):
    rng = np.random.default_rng(seed)
    p = 1 / (1 + np.exp(-slope * (np.asarray(xs) - x0)))
    return list(rng.binomial(n, p)), [n] * len(xs)


def test_the_tipping_point_of_a_logistic_curve_is_found_inside_its_interval():
    xs = np.linspace(-1, 1, 21)
    hits = 0
    for seed in range(6):
        wins, games = _logistic_counts(0.23, -6.0, 400, xs, seed)
        tip = tipping_point(list(xs), wins, games)
        lo, hi = tip["ci95"]
        assert lo <= tip["value"] <= hi and hi - lo < 0.2
        hits += lo <= 0.23 <= hi
    assert hits >= 5                                            # a 95% interval covers the truth (most times)


def test_no_crossing_means_no_tipping_point_and_a_jump_gives_the_two_neighbours():
    tip = tipping_point([0, 1, 2], [90, 80, 70], [100, 100, 100])
    assert tip["value"] is None and tip["crossings"] == [] and "stays above" in tip["note"]
    jump = tipping_point([0, 1, 2, 3], [100, 100, 0, 0], [100, 100, 100, 100])
    assert jump["value"] == pytest.approx(1.5) and jump["ci95"] == [1.0, 2.0] and "jumps" in jump["note"]
    assert math.isclose(jump["rate_at_low"], 1.0) and jump["rate_at_high"] == 0.0
