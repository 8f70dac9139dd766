"""``python main.py bench --ui``: what the desktop game costs the machine (docs/PERFORMANCE.md).

Measured on SDL's dummy video driver (no window: the figures are the game's own work, not the
display server's) unless ``display`` is asked for and a display is there. Each figure runs the
app's real frame loop (``App.tick``: full rate while something moves or just after input, a low
idle rate and no redraw otherwise).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

from ..sim.bench import judge

ROOT = Path(__file__).resolve().parents[2]

_FIRST_FRAME = """
import time
start = time.perf_counter()
from game.ui.app import App
app = App(size=(1280, 720), settings={"fullscreen": False})
app.push("title")
app.step(1 / 60)
print(f"first-frame {time.perf_counter() - start:.4f}", flush=True)
"""


def rss_mb() -> float:
    """The resident memory of this process now, in MB (Linux /proc; else the peak from resource)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def launch_to_title(env: dict, runs: int = 3) -> tuple[float, float]:
    """(median wall seconds from starting Python to the first frame of the title, the share inside Python).

    As an installed game runs: Python may cache compiled bytecode (one launch first, not counted).
    """
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-c", _FIRST_FRAME], cwd=ROOT, env=env, capture_output=True, timeout=60)
    times, inside = [], []
    for _ in range(runs):
        start = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", _FIRST_FRAME], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=60, check=True).stdout
        times.append(time.perf_counter() - start)
        inside.append(float(out.split("first-frame")[1]))
    times.sort()
    inside.sort()
    return times[len(times) // 2], inside[len(inside) // 2]


def idle_cpu(app, seconds: float) -> float:
    """Percent of one core the app's own frame loop uses while nothing happens, after it settles."""
    settle = time.perf_counter() + 15.0
    while app.busy() and time.perf_counter() < settle:     # the last input's 1.5 s, a message showing
        app.tick()
    cpu, wall = time.process_time(), time.perf_counter()
    while time.perf_counter() - wall < seconds:
        app.tick()
    return 100 * (time.process_time() - cpu) / (time.perf_counter() - wall)


def animated_frames(app, seconds: float) -> tuple[float, list[float]]:
    """(frames per second, the work of each frame in ms) while the top scene animates."""
    work = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds and app.scene.animating():
        dt = app.clock.tick(60) / 1000.0
        t = time.perf_counter()
        app.step_safely(min(0.1, dt), paint=False)
        work.append(1000 * (time.perf_counter() - t))
    elapsed = time.perf_counter() - start
    return len(work) / elapsed, work


def games_memory(games: int, seed: int = 1957) -> tuple[list[float], float]:
    """(RSS in MB after each of ``games`` whole games played through every screen in one process, the
    highest RSS seen while they were played, sampled every 60 frames)."""
    from .app import App
    from .demo import DemoDirector
    app = App(size=(1280, 720), fixed_dt=1 / 60, settings={"computer_delay": 0.0, "ballot_delay": 0.0,
                                                            "fullscreen": False}, fullscreen=False, recover=False)
    director = DemoDirector("historical", seed, None, dwell=0.0, loop=True)
    app.push("title")
    sizes: list[float] = []
    peak, ticks = 0.0, 0
    last = director.seed
    while len(sizes) < games and app.running:
        app.tick()
        director.tick(app)
        ticks += 1
        if ticks % 60 == 0:
            peak = max(peak, rss_mb())
        if director.seed != last:          # the tour went back to the title and began the next game
            last = director.seed
            import gc
            gc.collect()
            sizes.append(rss_mb())
    return sizes, peak


def run_ui_bench(games: int = 20, seconds: float = 4.0, display: bool = False, out: TextIO | None = None) -> dict:
    """Every figure of the desktop game (TARGETS in game/sim/bench.py), measured here; a dict as ``bench --json`` prints it."""
    env = dict(os.environ)
    if not display or not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["SDL_VIDEODRIVER"] = "dummy"
        os.environ["SDL_VIDEODRIVER"] = "dummy"
    env.setdefault("SDL_AUDIODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    driver = env.get("SDL_VIDEODRIVER", "the display")
    figures: dict[str, dict] = {}

    def report(name: str, value: float, detail: str) -> None:
        figure = figures[name] = {"value": round(value, 3), **judge(name, value), "detail": detail}
        if out:
            out.write(f"{name:<22}{value:>9.3f} {figure['unit']:<4} target {figure['target']}  "
                      f"{'ok' if figure['ok'] else 'MISSED'}   {detail}\n")
            out.flush()

    if out:
        out.write(f"the desktop game, on the {driver} video driver\n")
    wall, inside = launch_to_title(env)
    report("launch_to_title_s", wall, f"python started to the title's first frame, median of 3 "
                                      f"({inside:.2f} s of it importing and opening the window)")

    from .app import App
    from .session import Session
    app = App(size=(1280, 720), settings={"computer_delay": 0.8, "ballot_delay": 0.35, "fullscreen": False},
              fullscreen=False, recover=False)
    app.push("title")
    report("idle_cpu_title_pct", idle_cpu(app, seconds), f"title, {seconds:g} s with no input")
    session = Session.new("1957", "khrushchev", "historical", 5)
    session.autosave = False
    app.open_session(session, briefing=False)
    for _ in range(2000):                  # to the player's first move (cards and votes dismissed)
        app.tick()
        scene = app.scene
        if scene.name == "board" and session.human_to_move() and not session.game.pending and not scene.queue:
            break
        if scene.name != "board":
            scene.demo_advance()
    report("idle_cpu_board_pct", idle_cpu(app, seconds), f"board at the player's move, {seconds:g} s with no input")

    vote = next(e for e in _finished_game().game.log if e.kind == "vote" and "vote" in e.data)
    app.settings["ballot_delay"] = 0.5
    app.push("vote", _finished_game(), vote)
    fps, work = animated_frames(app, seconds)
    work.sort()
    p95 = work[int(0.95 * (len(work) - 1))] if work else float("inf")
    report("animating_fps", fps, f"the vote's ballots appearing one by one, {len(work)} frames")
    report("frame_p95_ms", p95, f"95th percentile of the work of a frame while animating (median {work[len(work) // 2]:.2f} ms)"
           if work else "no frame")
    app.running = False
    import pygame
    pygame.display.quit()

    sizes, peak = games_memory(games)
    growth = sizes[-1] - sizes[min(1, len(sizes) - 1)] if sizes else 0.0
    report("memory_growth_mb", growth, f"RSS after each of {len(sizes)} games (every screen, one process): "
                                      + " ".join(f"{v:.0f}" for v in sizes) + f" MB; at most {peak:.0f} MB while playing")
    return {"driver": driver, "figures": figures, "ok": all(f["ok"] for f in figures.values())}


_FINISHED = []


def _finished_game():
    """One whole historical game of 1957 (for the vote screen), played once."""
    if not _FINISHED:
        from .session import Session
        s = Session.computer_vs_computer("1957", "historical", seed=7)
        s.autosave = False
        while not s.game.is_over():
            s.computer_step()
        _FINISHED.append(s)
    return _FINISHED[0]
