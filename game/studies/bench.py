"""``python main.py study FILE --bench``: what a study costs over plain ``simulate``, and what workers give.

The same games three ways: ``simulate`` of each point's variant in turn (the variants built
beforehand, untimed: the games alone, as a script would play them), the study in this process
(variants, journal, results file and analysis included), and the study on Dask LocalClusters of
one and of two workers. In-process figures are CPU seconds (other programs on the machine do not
inflate them). A cluster's are wall seconds of play (its start and the workers' imports left out,
reported apart) and, beside them, the CPU seconds its workers spent on the tasks: on a shared
machine the wall clock says how much of the cores the workers got, the CPU seconds what a game cost.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from ..sim.batch import _one_thread, simulate
from ..sim.bench import judge
from .design import Study


def bench(spec: Study, clusters: tuple[int, ...] = (1, 2), out=None) -> dict:
    from . import run
    _one_thread()
    games = spec.points * spec.games
    say = (lambda line: print(line, file=out, flush=True)) if out else (lambda line: None)
    say(f"{spec.name}: {spec.points:,} points x {spec.games:,} games = {games:,} games, "
        + ", ".join(f"{s}={p}" for s, p in spec.policies.items()))
    variants = [spec.scenario.build(spec.overrides(point)) for point in range(spec.points)]
    cpu = time.process_time()
    for point, variant in enumerate(variants):
        simulate(variant, runs=spec.games, policies=spec.policies, seed=spec.point_seed(point))
    plain = {"cpu_s": time.process_time() - cpu}
    say(f"simulate, point by point    {plain['cpu_s']:8.2f} CPU-s   {games / plain['cpu_s']:9,.0f} games/CPU-s"
        "   (each point's variant built beforehand, not timed)")
    report = {"games": games, "points": spec.points, "simulate": plain, "clusters": {}}
    with tempfile.TemporaryDirectory() as folder:
        cpu = time.process_time()
        run(spec, Path(folder) / "here.parquet")
        report["study"] = {"cpu_s": time.process_time() - cpu}
        report["overhead"] = report["study"]["cpu_s"] / plain["cpu_s"] - 1
        report["figures"] = {"study_overhead_pct": {"value": round(100 * report["overhead"], 2),
                                                    **judge("study_overhead_pct", 100 * report["overhead"])}}
        say(f"study, this process         {report['study']['cpu_s']:8.2f} CPU-s   "
            f"{games / report['study']['cpu_s']:9,.0f} games/CPU-s   overhead over simulate "
            f"{report['overhead']:+.1%} (target {report['figures']['study_overhead_pct']['target']} %)")
        for n in clusters:
            t = run(spec, Path(folder) / f"local{n}.parquet", scheduler=f"local:{n}").summary["timing"]
            report["clusters"][n] = t
            say(f"study, --dask local:{n:<7} {t['seconds']:8.2f} s wall  {t['games_per_s']:9,.0f} games/s   "
                f"workers {t['play_cpu_s']:.2f} CPU-s ({t['games_per_cpu_s']:,.0f} games/CPU-s, "
                f"{t['play_cpu_s'] / t['seconds']:.2f} cores), client {t['client_cpu_s']:.2f} CPU-s, "
                f"cluster start {t['cluster_start_s']:.1f} s (not counted)")
    if 1 in clusters and 2 in clusters:
        one, two = report["clusters"][1], report["clusters"][2]
        speedup = report["speedup_1_to_2"] = two["games_per_s"] / one["games_per_s"]
        report["figures"]["study_speedup_1_to_2"] = {"value": round(speedup, 3),
                                                     **judge("study_speedup_1_to_2", speedup)}
        report["cpu_per_game_1_to_2"] = one["games_per_cpu_s"] / two["games_per_cpu_s"]
        say(f"1 -> 2 workers: {speedup:.2f}x the games per second "
            f"(target {report['figures']['study_speedup_1_to_2']['target']}); a game cost "
            f"{report['cpu_per_game_1_to_2']:.2f}x the CPU on two workers; the workers had "
            f"{one['play_cpu_s'] / one['seconds']:.2f} and {two['play_cpu_s'] / two['seconds']:.2f} cores")
    report["load_average"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    report["ok"] = all(f["ok"] for f in report["figures"].values())
    return report
