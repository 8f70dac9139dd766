"""``python main.py study FILE --bench``: what a study costs over plain ``simulate``, and what workers give.

The same games four ways: ``simulate`` of each point's variant in turn (what a script would
do by hand), the study in this process (its results file, journal and analysis included),
and the study on Dask LocalClusters of one and of two workers; and, for scale, ``simulate``
of as many games of the scenario itself in one call (no variant to build between them). Single-process figures are
CPU seconds (other programs on the machine do not inflate them); cluster figures are wall
seconds of play, the cluster's start left out (it is reported apart).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from ..sim.batch import MAX_RUNS, simulate
from .design import Study


def bench(spec: Study, clusters: tuple[int, ...] = (1, 2), out=None) -> dict:
    from . import run
    games = spec.points * spec.games
    say = (lambda line: print(line, file=out, flush=True)) if out else (lambda line: None)
    say(f"{spec.name}: {spec.points:,} points x {spec.games:,} games = {games:,} games, "
        + ", ".join(f"{s}={p}" for s, p in spec.policies.items()))
    cpu, wall = time.process_time(), time.perf_counter()
    for point in range(spec.points):
        simulate(spec.scenario.build(spec.overrides(point)), runs=spec.games, policies=spec.policies,
                 seed=spec.point_seed(point))
    plain = {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}
    say(f"simulate, point by point    {plain['cpu_s']:8.2f} CPU-s   {games / plain['cpu_s']:9,.0f} games/CPU-s")
    cpu = time.process_time()
    simulate(spec.scenario.build(), runs=min(games, MAX_RUNS), policies=spec.policies, seed=spec.seed)
    engine = {"cpu_s": (time.process_time() - cpu) * games / min(games, MAX_RUNS)}
    say(f"simulate, one variant       {engine['cpu_s']:8.2f} CPU-s   {games / engine['cpu_s']:9,.0f} games/CPU-s"
        "   (the same number of games, all of the scenario itself: no variant to build)")
    report = {"games": games, "points": spec.points, "simulate": plain, "simulate_one_variant": engine,
              "clusters": {}}
    with tempfile.TemporaryDirectory() as folder:
        cpu, wall = time.process_time(), time.perf_counter()
        run(spec, Path(folder) / "here.parquet")
        here = {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}
        report["study"] = here
        report["overhead"] = here["cpu_s"] / plain["cpu_s"] - 1
        say(f"study, this process         {here['cpu_s']:8.2f} CPU-s   {games / here['cpu_s']:9,.0f} games/CPU-s   "
            f"overhead over simulate {report['overhead']:+.1%}")
        for n in clusters:
            timing = run(spec, Path(folder) / f"local{n}.parquet", scheduler=f"local:{n}").summary["timing"]
            report["clusters"][n] = timing
            say(f"study, --dask local:{n:<7} {timing['seconds']:8.2f} s wall  {timing['games_per_s']:9,.0f} games/s"
                f"   (cluster start {timing['cluster_start_s']:.1f} s, not counted)")
    if 1 in clusters and 2 in clusters:
        report["speedup_1_to_2"] = report["clusters"][2]["games_per_s"] / report["clusters"][1]["games_per_s"]
        say(f"1 -> 2 workers: {report['speedup_1_to_2']:.2f}x the games per second")
    report["load_average"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    return report
