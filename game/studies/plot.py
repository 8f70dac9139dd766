"""A study's result as a PNG (matplotlib, an optional extra: pip install "anti-party-group[plot]").

Sampling and grid studies: the parameters ranked for each output (bars with their 95%
intervals). A one-parameter sweep: the side's win rate at each value (with its 95%
interval), the fitted curve and the tipping point.
"""

from __future__ import annotations

import math

from ..errors import BadInput
from .analysis import possessive

TOP = 15


def plot_study(summary: dict, rows: list[dict], path: str) -> None:
    """Draw the summary into ``path``; ``BadInput`` if matplotlib is missing, ``OSError`` if it cannot be written."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise BadInput("--plot needs matplotlib: pip install \"anti-party-group[plot]\"") from None
    analysis = summary["analysis"]
    tip = analysis.get("tipping_point")
    outputs = [(name, res) for name, res in analysis["outputs"].items()
               if "ranked" in res and (len(res["ranked"]) > 1 or not tip)]   # one swept parameter: its curve
    panels = len(outputs) + (1 if tip else 0)
    fig, axes = plt.subplots(panels, 1, figsize=(9, 2.2 + 0.32 * TOP * (panels - bool(tip)) + 3.5 * bool(tip)),
                             squeeze=False)
    axes = list(axes[:, 0])
    if tip:
        _tipping(axes.pop(0), tip, rows)
    for ax, (name, res) in zip(axes, outputs):
        _ranked(ax, summary["design"], name, res["ranked"][:TOP])
    fig.suptitle(summary["title"] or summary["file"], fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _ranked(ax, design: str, name: str, ranked: list[dict]) -> None:
    labels = [r["parameter"] for r in ranked][::-1]
    y = list(range(len(labels)))
    if design == "sobol":
        for key, colour, shift in (("ST", "#8c2d2d", 0.2), ("S1", "#3c5a8c", -0.2)):
            ax.barh([v + shift for v in y], [r[key] or 0 for r in ranked][::-1], height=0.4, color=colour,
                    xerr=[r[f"{key}_conf"] or 0 for r in ranked][::-1], label=key, capsize=2)
        ax.legend(loc="lower right", fontsize=8)
        ax.set_xlabel("Sobol index (total ST, first-order S1), 95% intervals")
    elif design == "morris":
        ax.barh(y, [r["mu_star"] or 0 for r in ranked][::-1], xerr=[r["mu_star_conf"] or 0 for r in ranked][::-1],
                color="#8c2d2d", capsize=2)
        ax.set_xlabel("Morris mu* (mean absolute effect), 95% intervals")
    else:
        ax.barh(y, [r["effect"] or 0 for r in ranked][::-1], color="#8c2d2d")
        ax.set_xlabel("main effect: spread of the mean over the parameter's values")
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_title(name, fontsize=10)


def _tipping(ax, tip: dict, rows: list[dict]) -> None:
    x = [r[tip["parameter"]] for r in rows]
    side = tip["side"]
    rate = [r[f"win_{side}"] for r in rows]
    err = [[r[f"win_{side}"] - r[f"win_{side}_lo"] for r in rows], [r[f"win_{side}_hi"] - r[f"win_{side}"] for r in rows]]
    ax.errorbar(x, rate, yerr=err, fmt="o", color="#3c5a8c", ms=3, capsize=2, label=f"{side} wins (95% interval)")
    fit = tip.get("fit")
    if fit:
        lo, hi = fit["from"], fit["to"]
        xs = [lo + (hi - lo) * i / 100 for i in range(101)]
        ax.plot(xs, [1 / (1 + math.exp(-(fit["a"] + fit["b"] * v))) for v in xs], color="#8c2d2d",
                label="fitted logistic curve")
    if tip.get("value") is not None:
        lo, hi = tip["ci95"]
        ax.axvspan(lo, hi, color="#d9c27a", alpha=0.4, label="tipping point, 95% interval")
        ax.axvline(tip["value"], color="#8c6d1f")
    ax.axhline(tip["level"], color="grey", lw=0.8, ls=":")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel(tip["parameter"])
    ax.set_ylabel(f"{possessive(side)} win rate")
    ax.legend(fontsize=8)
