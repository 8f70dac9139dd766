"""``python main.py bench``: the speed figures of docs/PERFORMANCE.md, measured here and now.

Each figure is timed on this machine with wall-clock time and, for the
single-process ones, also with the process's CPU time (which other programs
running at the same time do not inflate).
"""

from __future__ import annotations

import time
from typing import TextIO

from ..ai.policies import make_policy
from ..engine import Game
from ..scenario.loader import load_scenario
from .batch import play_game, simulate

TARGETS = {
    "random_games_per_s": (">=", 2000.0),
    "scalar_random_games_per_s": None,   # for reference: the one-game-at-a-time engine has no target
    "forecast_ms": ("<", 5.0),
    "hard_decision_ms": ("<", 300.0),
    "normal_decision_ms": ("<", 30.0),
    "historical_10k_s": ("<", 10.0),
}


class _Clock:
    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


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


def _met(name: str, value: float) -> bool:
    if TARGETS[name] is None:
        return True
    op, target = TARGETS[name]
    return value >= target if op == ">=" else value < target


def run_bench(scenario_ref: str = "1957", games: int = 2000, historical_runs: int = 10000, workers: int = 2,
              decisions: int = 10, out: TextIO | None = None, scalar_games: int = 200) -> dict:
    scenario = load_scenario(scenario_ref)
    sides = [s.id for s in scenario.sides]
    figures: dict[str, dict] = {}

    def report(name: str, value: float, unit: str, detail: str, cpu: float | None = None) -> None:
        target = "" if TARGETS[name] is None else f"{TARGETS[name][0]} {TARGETS[name][1]:g}"
        ok = _met(name, value)
        figures[name] = {"value": round(value, 3), "unit": unit, "target": target or None, "ok": ok,
                         "detail": detail, **({"cpu": round(cpu, 3)} if cpu is not None else {})}
        if out:
            extra = f" (cpu {cpu:.3g})" if cpu is not None else ""
            verdict = f"target {target}  {'ok' if ok else 'MISSED'}" if target else "(no target)"
            out.write(f"{name:<26}{value:>10.3g} {unit:<8}{extra:<16} {verdict:<22}  {detail}\n")
            out.flush()

    # 1. random against random, whole games, one process: the batched engine through simulate()
    #    (summary included), then the scalar engine for reference
    with _Clock() as c:
        simulate(scenario, runs=games, policies="random", seed=0, workers=1, engine="batch")
    report("random_games_per_s", games / c.wall, "games/s",
           f"{games} games of {scenario.id}, one process, batched engine (simulate)", games / c.cpu)
    with _Clock() as c:
        for i in range(scalar_games):
            play_game(scenario, i, {sides[0]: make_policy("random", 2 * i + 1),
                                    sides[1]: make_policy("random", 2 * i + 2)})
    report("scalar_random_games_per_s", scalar_games / c.wall, "games/s",
           f"{scalar_games} games of {scenario.id}, one process, scalar engine (Game)", scalar_games / c.cpu)

    # 2. a forecast (400 Monte Carlo samples) of the first decisive motion, at several positions
    positions = _positions(scenario, max(decisions, 4))
    motion = next((m.id for m in scenario.motions if m.decisive), scenario.motions[0].id)
    reps = 20
    with _Clock() as c:
        for g in positions:
            for _ in range(reps):
                g.forecast(motion, side=g.to_move or sides[0])
    n = reps * len(positions)
    report("forecast_ms", 1000 * c.wall / n, "ms", f"{motion}, 400 samples, {len(positions)} positions",
           1000 * c.cpu / n)

    # 3-4. decisions of the computer players, over positions spread across a game
    for level, name in (("ai:normal", "normal_decision_ms"), ("ai:hard", "hard_decision_ms")):
        times = []
        with _Clock() as c:
            for k, g in enumerate(positions[:decisions]):
                policy = make_policy(level, 100 + k)
                t = time.perf_counter()
                policy.choose(g)
                times.append(time.perf_counter() - t)
        mean = 1000 * c.wall / len(times)
        report(name, mean, "ms", f"mean of {len(times)} positions, slowest {1000 * max(times):.0f} ms "
               f"(the opening)" if times and max(times) == times[0] else
               f"mean of {len(times)} positions, slowest {1000 * max(times):.0f} ms",
               1000 * c.cpu / len(times))

    # 5. many historical games over worker processes
    with _Clock() as c:
        result = simulate(scenario, runs=historical_runs, policies="historical", seed=0, workers=workers)
    report("historical_10k_s", c.wall * 10000 / historical_runs, "s",
           f"{historical_runs} historical games, --workers {workers}, {result.engine} engine" +
           ("" if historical_runs == 10000 else " (scaled to 10,000)"))

    return {"scenario": scenario.id, "figures": figures, "ok": all(f["ok"] for f in figures.values())}
