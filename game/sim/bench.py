"""``python main.py bench``: the speed figures of docs/PERFORMANCE.md, measured here and now.

Machines differ about threefold, so beside each figure the bench prints a
calibration (the CPU time of a 10-million-iteration Python loop) and the
figure scaled to a reference core on which that loop takes 0.5 CPU-s; the
targets are judged on the scaled figure. Single-process figures are timed in
CPU seconds (which other programs running at the same time do not inflate)
and wall seconds; numpy's thread pools are held to one thread.
"""

from __future__ import annotations

import operator
import time
from typing import TextIO

import numpy as np

from ..ai.policies import make_policy
from ..engine import Game
from ..scenario.loader import load_scenario
from .batch import _one_thread, simulate

REFERENCE_LOOP_S = 0.5      # CPU seconds of the calibration loop on the reference core

# Every figure a bench judges (this one, the desktop game's in game/ui/bench.py and the studies' in
# game/studies/bench.py), by name: (comparison, target, unit). Here rates (>=) are scaled up to the
# reference core by the calibration and times (<) down; the other benches judge what they measure.
TARGETS = {
    "random_games_per_cpu_s": (">=", 10_000.0, "games/s"),
    "move_ms": ("<", 5.0, "ms"),
    "forecast_ms": ("<", 5.0, "ms"),
    "normal_decision_ms": ("<", 30.0, "ms"),
    "hard_decision_ms": ("<", 150.0, "ms"),
    "historical_10k_s": ("<", 10.0, "s"),
    "normal_10k_s": ("<", 60.0, "s"),
    "launch_to_title_s": ("<", 1.5, "s"),
    "idle_cpu_title_pct": ("<=", 5.0, "%"),
    "idle_cpu_board_pct": ("<=", 5.0, "%"),
    "animating_fps": (">=", 58.0, "fps"),
    "frame_p95_ms": ("<=", 8.0, "ms"),
    "memory_growth_mb": ("<=", 20.0, "MB"),
    "study_overhead_pct": ("<", 10.0, "%"),
    "study_speedup_1_to_2": (">=", 1.8, "x"),
}
_COMPARE = {"<": operator.lt, "<=": operator.le, ">=": operator.ge}


def judge(name: str, value: float) -> dict:
    """Figure ``name`` against its target: its unit, the target as text and whether it is met."""
    op, target, unit = TARGETS[name]
    return {"unit": unit, "target": f"{op} {target:g}", "ok": bool(_COMPARE[op](value, target))}


class _Clock:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


# The calibration loop, as written at the top level of a script (its names are globals, as in the
# reference measurement; the same loop inside a function runs about three times faster).
_LOOP = compile("x = 0\nfor i in range(10_000_000):\n    x += i\n", "<calibration>", "exec")


def calibrate() -> float:
    """CPU seconds of a 10-million-iteration top-level Python loop on this machine (best of three)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        exec(_LOOP, {})
        best = min(best, time.process_time() - start)
    return best


def _positions(scenario, count: int) -> list[Game]:
    """Positions spread over a game between two ``ai:normal`` players (both sides to move)."""
    game = Game.new(scenario, seed=1)
    pols = {s.id: make_policy("ai:normal", i + 1) for i, s in enumerate(scenario.sides)}
    seen = []
    while not game.is_over():
        seen.append(game.clone())
        game.apply(pols[game.to_move].choose(game))
    step = max(1, len(seen) // count)
    return seen[::step][:count]


def _rollouts_made(players: list, times: list) -> str:
    """How many rollouts a planning player (``ai:hard``) played a decision, counted as it played them, and
    the CPU time of the decisions it planned (a decision kept without planning plays none)."""
    counts = [p.rollouts for p in players if hasattr(p, "rollouts")]
    if not counts:
        return ""
    planned = [t for p, t in zip(players, times) if p.rollouts > 0]
    return (f", {min(counts)}-{max(counts)} rollouts a decision (mean {np.mean(counts):.0f}); "
            + (f"the {len(planned)} planned: mean {1000 * np.mean(planned):.0f} CPU-ms, "
               f"{np.mean([c for c in counts if c > 0]):.0f} rollouts" if planned else "none planned"))


def run_bench(scenario_ref: str = "1957", games: int = 4000, historical_runs: int = 10000, workers: int = 2,
              decisions: int = 10, out: TextIO | None = None, normal_runs: int = 10000, moves: int = 400) -> dict:
    _one_thread()
    scenario = load_scenario(scenario_ref)
    calib = calibrate()
    factor = calib / REFERENCE_LOOP_S          # how much slower than the reference core this machine is
    figures: dict[str, dict] = {}
    if out:
        out.write(f"calibration: a 10M-iteration Python loop takes {calib:.3f} CPU-s here (reference core: "
                  f"{REFERENCE_LOOP_S}); scaled = CPU figure x {factor:.2f} for rates, / {factor:.2f} for times\n")

    def report(name: str, value: float, detail: str, cpu: float | None = None) -> None:
        basis = cpu if cpu is not None else value
        scaled = basis * factor if TARGETS[name][0] == ">=" else basis / factor
        figure = figures[name] = {"value": round(value, 4), "cpu": None if cpu is None else round(cpu, 4),
                                  "scaled": round(scaled, 4), **judge(name, scaled), "detail": detail}
        if out:
            extra = f"cpu {cpu:.4g}" if cpu is not None else "(wall)"
            out.write(f"{name:<24}{value:>10.5g} {figure['unit']:<8}{extra:<16} scaled {scaled:>9.5g}  "
                      f"target {figure['target']}  {'ok' if figure['ok'] else 'MISSED'}   {detail}\n")
            out.flush()

    # 1. random against random, whole games, one process, through simulate() (summary included): a first,
    # cold run pays the process's one-time costs (lazy imports, first calls, fresh heap); the figure is the
    # median of three runs after it, the throughput a scripter's every run after the first gets
    runs = []
    for _ in range(4):
        with _Clock() as c:
            simulate(scenario, runs=games, policies="random", seed=0, workers=1)
        runs.append(c)
    cold, median = runs[0], sorted(runs[1:], key=lambda r: r.cpu)[1]
    report("random_games_per_cpu_s", games / median.wall,
           f"{games} games of {scenario.id}, one process, figure per CPU-second, the median of 3 runs after a "
           f"cold one ({games / cold.cpu:.0f} cold)", games / median.cpu)

    # 2. one interactive move: apply, then list the next legal actions
    g = Game.new(scenario, seed=2)
    policy = make_policy("random", 3)
    done = 0
    with _Clock() as c:
        while done < moves:
            if g.is_over():
                g = Game.new(scenario, seed=2 + done)
            g.apply(policy.choose(g))
            g.legal_actions()
            done += 1
    report("move_ms", 1000 * c.wall / moves, f"apply + legal_actions, {moves} moves of random play",
           1000 * c.cpu / moves)

    # 3. a forecast (400 Monte Carlo samples) of the first decisive motion, at several positions
    positions = _positions(scenario, max(decisions, 4))
    motion = next((m.id for m in scenario.motions if m.decisive), scenario.motions[0].id)
    reps = 20
    with _Clock() as c:
        for p in positions:
            for _ in range(reps):
                p.forecast(motion, side=p.to_move or scenario.sides[0].id)
    n = reps * len(positions)
    report("forecast_ms", 1000 * c.wall / n, f"{motion}, 400 samples, {len(positions)} positions",
           1000 * c.cpu / n)

    # 4-5. decisions of the computer players, over positions spread across a game
    for level, name in (("ai:normal", "normal_decision_ms"), ("ai:hard", "hard_decision_ms")):
        times, players = [], []
        with _Clock() as c:
            for k, p in enumerate(positions[:decisions]):
                players.append(make_policy(level, 100 + k))
                t = time.process_time()
                players[-1].choose(p)
                times.append(time.process_time() - t)
        report(name, 1000 * c.wall / len(times),
               f"mean of {len(times)} positions, slowest {1000 * max(times):.0f} CPU-ms"
               + _rollouts_made(players, times), 1000 * c.cpu / len(times))

    # 6-7. many games over worker processes (wall time; the workers share the machine's cores)
    with _Clock() as c:
        result = simulate(scenario, runs=historical_runs, policies="historical", seed=0, workers=workers)
    report("historical_10k_s", c.wall * 10000 / historical_runs,
           f"{historical_runs} historical games, --workers {workers}, {result.engine} engine"
           + ("" if historical_runs == 10000 else " (scaled to 10,000)"))
    with _Clock() as c:
        simulate(scenario, runs=normal_runs, policies="ai:normal", seed=0, workers=workers)
    report("normal_10k_s", c.wall * 10000 / normal_runs,
           f"{normal_runs} games of ai:normal against ai:normal, --workers {workers}"
           + ("" if normal_runs == 10000 else " (scaled to 10,000)"))

    return {"scenario": scenario.id, "calibration_cpu_s": round(calib, 4), "reference_cpu_s": REFERENCE_LOOP_S,
            "figures": figures, "ok": all(f["ok"] for f in figures.values())}
