"""What decided the outcome: sensitivity indices, main effects and tipping points of a study's rows.

The outputs analysed are each side's win rate (the study's ``side`` first) and each body's
tally: the share of yes among all ballots cast in that body's votes over a point's games.
``sobol`` studies get first-order and total Sobol indices (SALib, with 95% bootstrap
intervals), ``morris`` studies Morris' mu* (and sigma), ``grid`` studies the main effect of
each parameter (the spread of the output's mean over the parameter's values). A grid of one
numeric parameter also gets its tipping point: where the side's win rate crosses one half,
from a logistic curve fitted to every game, with a 95% interval.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from .design import Study


def possessive(name: str) -> str:
    """ "khrushchev's", but "reformers'" for a name ending in s."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def outputs(study: Study, rows: list[dict]) -> list[str]:
    """The columns analysed: the study side's win rate, the other sides', then each body's tally."""
    sides = [study.side] + [s for s in study.sides if s != study.side]
    bodies = [b for b in study.bodies if rows and f"yes_{b}" in rows[0]]
    return [f"win_{s}" for s in sides] + [f"yes_{b}" for b in bodies]


def analyse(study: Study, rows: list[dict]) -> dict:
    """Every output's ranking of the parameters (best first), and a tipping point where one applies."""
    result: dict = {"method": {"sobol": "Sobol indices (first-order S1, total ST)", "morris": "Morris mu*",
                               "grid": "main effects (spread of the mean over each parameter's values)"}[study.design],
                    "outputs": {}}
    for name in outputs(study, rows):
        y = np.array([np.nan if r.get(name) is None else r[name] for r in rows], dtype=float)
        missing = int(np.isnan(y).sum())
        if missing and study.design != "grid":
            result["outputs"][name] = {"note": f"not analysed: {missing} of {len(y)} points held no such vote"}
            continue
        ranked = {"sobol": _sobol, "morris": _morris, "grid": _main_effects}[study.design](study, y)
        result["outputs"][name] = {"mean": round(float(np.nanmean(y)), 6) if len(y) > missing else None,
                                   "ranked": ranked}
    if study.design == "grid" and len(study.parameters) == 1 and study.parameters[0].low is not None:
        result["tipping_point"] = tipping_point(
            [r[study.parameters[0].path] for r in rows], [r[f"wins_{study.side}"] for r in rows],
            [r["games"] for r in rows]) | {"parameter": study.parameters[0].path, "side": study.side}
    return result


def _seed(study: Study) -> int:
    return study.seed % (2 ** 32)


def _sobol(study: Study, y: np.ndarray) -> list[dict]:
    from SALib.analyze import sobol
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = sobol.analyze(study.problem(), y, calc_second_order=False, seed=_seed(study))
    rows = [{"parameter": p.path, "ST": _r(s["ST"][j]), "ST_conf": _r(s["ST_conf"][j]), "S1": _r(s["S1"][j]),
             "S1_conf": _r(s["S1_conf"][j])} for j, p in enumerate(study.parameters)]
    return sorted(rows, key=lambda r: (-(r["ST"] or 0), r["parameter"]))


def _morris(study: Study, y: np.ndarray) -> list[dict]:
    from SALib.analyze import morris
    x = np.array(study.values, dtype=float)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        s = morris.analyze(study.problem(), x, y, num_levels=study.levels, seed=_seed(study))
    rows = [{"parameter": p.path, "mu_star": _r(s["mu_star"][j]), "mu_star_conf": _r(s["mu_star_conf"][j]),
             "mu": _r(s["mu"][j]), "sigma": _r(s["sigma"][j])} for j, p in enumerate(study.parameters)]
    return sorted(rows, key=lambda r: (-(r["mu_star"] or 0), r["parameter"]))


def _main_effects(study: Study, y: np.ndarray) -> list[dict]:
    rows = []
    for j, p in enumerate(study.parameters):
        means = {}
        for v in p.values:
            sel = np.array([row[j] == v for row in study.values]) & ~np.isnan(y)
            if sel.any():
                means[v] = float(y[sel].mean())
        spread = max(means.values()) - min(means.values()) if means else 0.0
        rows.append({"parameter": p.path, "effect": _r(spread),
                     "means": [[v, _r(m)] for v, m in means.items()]})
    return sorted(rows, key=lambda r: (-(r["effect"] or 0), r["parameter"]))


def _r(v) -> float | None:
    v = float(v)
    return None if math.isnan(v) else round(v, 6)


# ---------------------------------------------------------------- tipping points
def tipping_point(x: list[float], wins: list[int], games: list[int], level: float = 0.5) -> dict:
    """Where a side's win rate crosses ``level`` along one parameter, with a 95% interval.

    The observed rates are sorted by value; where they cross ``level`` between two neighbouring
    values (``crossings``, by linear interpolation) the winner flips. At the sharpest crossing,
    P(win) = 1 / (1 + exp(-(a + b x))) is fitted to every game of the four values around it
    (binomial counts, Newton's method) and a + b x = logit(level) solved; a curve whose crossing
    falls outside the two neighbours is fitted again to the two alone, and a rate that jumps
    from all to none between them (no slope to fit) gives the interpolated crossing. The 95%
    interval is a parametric bootstrap of that whole estimate: the counts drawn again
    (binomially, at the observed rates, 200 times, seeded) and the tipping point found again,
    so a flat stretch near ``level`` widens it as it should. More than one crossing means the
    curve is not one step: read the point with care.
    """
    x_ = np.asarray(x, dtype=float)
    order = np.argsort(x_, kind="stable")
    xs = x_[order]
    k = np.asarray(wins, dtype=float)[order]
    n = np.asarray(games, dtype=float)[order]
    rs = k / np.maximum(n, 1)
    at = _crossing_at(rs, level)
    crossings = [round(_interpolate(xs, rs, i, level), 6) for i in at]
    out: dict = {"level": level, "crossings": crossings, "low": float(xs[0]), "high": float(xs[-1]),
                 "rate_at_low": round(float(rs[0]), 6), "rate_at_high": round(float(rs[-1]), 6)}
    value, fit, bracket = _estimate(xs, k, n, level)
    if value is None:
        return out | {"value": None, "ci95": None,
                      "note": f"the win rate stays {'above' if rs.min() > level else 'below'} {level:.0%} over "
                              f"the whole range swept: no tipping point inside it"}
    rng = np.random.default_rng(0x71FF)
    draws = [_estimate(xs, rng.binomial(n.astype(np.int64), rs).astype(float), n, level)[0] for _ in range(BOOT)]
    found = np.array([d for d in draws if d is not None])
    lo, hi = np.percentile(found, [2.5, 97.5])
    if fit is not None:
        out["fit"] = fit
    else:                  # a jump: the flip may lie anywhere between the two values, whatever the resamples say
        lo, hi = min(lo, bracket[0]), max(hi, bracket[1])
        out["note"] = ("the rate jumps across the level between two neighbouring values: the interval holds "
                       "both; sweep a finer grid between them to narrow it")
    out |= {"value": round(value, 6), "ci95": [round(float(lo), 6), round(float(hi), 6)]}
    if len(found) < 0.975 * BOOT:
        out["note"] = out.get("note", "") + (f"in {BOOT - len(found)} of {BOOT} resamples the rate does not cross {level:.0%} at all: "
                       "the interval is wider than shown; sweep a wider range or more games")
    return out


BOOT = 200


def _crossing_at(rs: np.ndarray, level: float) -> list[int]:
    """Indices i where the rate crosses ``level`` between values i and i + 1."""
    return [i for i in range(len(rs) - 1)
            if (rs[i] - level) * (rs[i + 1] - level) < 0 or (rs[i + 1] == level and rs[i] != level)]


def _interpolate(xs: np.ndarray, rs: np.ndarray, i: int, level: float) -> float:
    return float(xs[i] + (level - rs[i]) * (xs[i + 1] - xs[i]) / (rs[i + 1] - rs[i]))


def _estimate(xs: np.ndarray, k: np.ndarray, n: np.ndarray, level: float) -> tuple:
    """The tipping point of sorted counts, the curve fitted (None for a jump) and the two values around it;
    (None, None, None) if the rate never crosses."""
    rs = k / np.maximum(n, 1)
    at = _crossing_at(rs, level)
    if not at:
        return None, None, None
    i = max(at, key=lambda j: abs(rs[j + 1] - rs[j]))
    target = math.log(level / (1 - level))
    for lo, hi in ((max(0, i - 1), min(len(xs), i + 3)), (i, i + 2)):     # four values around it, else two
        fit = _logistic(xs[lo:hi], k[lo:hi], n[lo:hi])
        if fit is not None and fit["b"] != 0 and xs[i] <= (target - fit["a"]) / fit["b"] <= xs[i + 1]:
            return (target - fit["a"]) / fit["b"], {"a": round(fit["a"], 6), "b": round(fit["b"], 6),
                                                    "from": float(xs[lo]), "to": float(xs[hi - 1])}, None
    return _interpolate(xs, rs, i, level), None, (float(xs[i]), float(xs[i + 1]))


def _logistic(x: np.ndarray, k: np.ndarray, n: np.ndarray) -> dict | None:
    """Maximum-likelihood logistic fit of k wins in n games at x (None if it does not converge)."""
    mu, sd = float(x.mean()), float(x.std()) or 1.0
    design = np.column_stack([np.ones_like(x), (x - mu) / sd])
    p0 = min(max(k.sum() / n.sum(), 1e-6), 1 - 1e-6)
    beta = np.array([math.log(p0 / (1 - p0)), 0.0])
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(design @ beta, -40, 40)))
        w = n * p * (1 - p)
        hess = design.T @ (design * w[:, None])
        try:
            step = np.linalg.solve(hess, design.T @ (k - n * p))
        except np.linalg.LinAlgError:
            return None
        beta = beta + step
        if abs(beta[1]) > 50:         # the rate jumps from all to none: the slope runs off to infinity
            return None
        if np.abs(step).max() < 1e-10:
            break
    else:
        return None
    # back to the parameter's own units: a + b x with b = beta1 / sd, a = beta0 - beta1 mu / sd
    return {"a": float(beta[0] - beta[1] * mu / sd), "b": float(beta[1] / sd)}


# ---------------------------------------------------------------- text
def render(summary: dict, top: int = 15) -> str:
    """The summary as text: the study, then each output's ranked parameters, then the tipping point."""
    lines = [f"{summary['title'] or summary['file']}: {summary['design']} study of scenario {summary['scenario']}, "
             f"{summary['points']:,} points x {summary['games_per_point']:,} games = {summary['games']:,} games, "
             f"seed {summary['seed']}, " + ", ".join(f"{s}={p}" for s, p in summary["policies"].items())]
    t = summary.get("timing") or {}
    if t.get("games_played"):
        lines.append(f"played {t['games_played']:,} games in {t['seconds']:.1f} s ({t['games_per_s']:,.0f} games/s, "
                     f"{t['workers']} worker{'s' if t['workers'] != 1 else ''})")
    elif t:
        lines.append("every point was already in the results file: nothing played")
    analysis = summary["analysis"]
    lines.append(f"what decided the outcome: {analysis['method']}")
    for name, res in analysis["outputs"].items():
        lines.append("")
        if "note" in res:
            lines.append(f"{name}: {res['note']}")
            continue
        lines.append(f"{name} (mean over points {res['mean']:.3f})" if res["mean"] is not None else name)
        ranked = res["ranked"][:top]
        if summary["design"] == "sobol":
            lines.append(f"  {'rank':<5}{'parameter':<34}{'ST':>8}{'±':>7}{'S1':>8}{'±':>7}")
            lines += [f"  {i + 1:<5}{r['parameter']:<34}{_f(r['ST'])}{_f(r['ST_conf'], 7)}{_f(r['S1'])}"
                      f"{_f(r['S1_conf'], 7)}" for i, r in enumerate(ranked)]
        elif summary["design"] == "morris":
            lines.append(f"  {'rank':<5}{'parameter':<34}{'mu*':>8}{'±':>7}{'sigma':>8}")
            lines += [f"  {i + 1:<5}{r['parameter']:<34}{_f(r['mu_star'])}{_f(r['mu_star_conf'], 7)}"
                      f"{_f(r['sigma'])}" for i, r in enumerate(ranked)]
        else:
            lines.append(f"  {'rank':<5}{'parameter':<34}{'effect':>8}   mean at each value")
            lines += [f"  {i + 1:<5}{r['parameter']:<34}{_f(r['effect'])}   "
                      + ", ".join(f"{v}: {m:.3f}" for v, m in r["means"][:8] if m is not None)
                      + (" …" if len(r["means"]) > 8 else "") for i, r in enumerate(ranked)]
        if len(res["ranked"]) > top:
            lines.append(f"  … {len(res['ranked']) - top} more in the summary file")
    tip = analysis.get("tipping_point")
    if tip:
        lines.append("")
        head = f"tipping point of {tip['parameter']} for {possessive(tip['side'])} win rate ({tip['level']:.0%}): "
        if tip.get("value") is None:
            lines.append(head + "none. " + tip.get("note", ""))
        else:
            lo, hi = tip["ci95"]
            lines.append(head + f"{tip['value']:.4g} (95% interval {lo:.4g} to {hi:.4g})")
            if tip.get("note"):
                lines.append("  " + tip["note"])
        lines.append(f"  win rate {tip['rate_at_low']:.1%} at {tip['low']:g}, {tip['rate_at_high']:.1%} at "
                     f"{tip['high']:g}; observed crossings: "
                     + (", ".join(f"{c:g}" for c in tip["crossings"]) or "none"))
    return "\n".join(lines)


def _f(v, width: int = 8) -> str:
    return f"{'-':>{width}}" if v is None else f"{v:>{width}.3f}"
