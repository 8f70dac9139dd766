"""The frame loop is light: an idle screen is not redrawn, input and animation are; no display, no run."""

import os
import subprocess
import sys
from pathlib import Path

import pygame

from game.ui.app import BUSY_SECONDS, REPAINT_SECONDS

from .conftest import pump

ROOT = Path(__file__).resolve().parents[2]


def idle(app, seconds: float, dt: float = 0.1) -> int:
    """Frames drawn over ``seconds`` of loop turns with no input (as ``App.run`` steps them)."""
    before = app.frames
    for _ in range(round(seconds / dt)):
        app.step(dt, paint=False)
    return app.frames - before


def test_an_idle_screen_is_drawn_only_as_a_safety_net(app):
    app.push("title")
    pump(app, 2)
    idle(app, BUSY_SECONDS + 0.2)                    # the moment after the last input passes
    assert not app.busy()
    drawn = idle(app, 3 * REPAINT_SECONDS)
    assert 2 <= drawn <= 4                           # one repaint per REPAINT_SECONDS, not one per loop turn (150)


def test_the_end_of_a_background_job_is_drawn_at_once(app):
    from game.ui.session import Job
    app.push("title")
    pump(app, 2)
    idle(app, BUSY_SECONDS + 0.2)
    before = app.frames
    idle(app, 0.5)
    assert app.frames == before                      # nothing changed, nothing drawn
    job = Job()
    job._finish()                                    # as a preview, a computer move or a save ends in its thread
    app.step(0.1, paint=False)
    assert app.frames == before + 1 and not app.busy()
    app.step(0.1, paint=False)
    assert app.frames == before + 1                  # once


def test_input_and_messages_are_drawn_at_once(app):
    app.push("title")
    pump(app, 2)
    idle(app, BUSY_SECONDS + 0.2)
    before = app.frames
    pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=(5, 5), rel=(1, 1), buttons=(0, 0, 0)))
    app.step(0.1, paint=False)
    assert app.frames == before + 1 and app.busy()
    idle(app, BUSY_SECONDS + 0.2)
    before = app.frames
    app.notify("Saved: a game")
    app.step(0.1, paint=False)
    assert app.frames == before + 1                   # a new message is drawn, without running at full rate
    assert not app.busy()


def test_an_animation_runs_at_full_rate_until_it_ends(app, finished_1957):
    app.push("title")
    vote = next(e for e in finished_1957.game.log if e.kind == "vote" and "vote" in e.data)
    app.settings["ballot_delay"] = 0.5
    app.push("vote", finished_1957, vote)
    pump(app, 1)
    idle(app, BUSY_SECONDS + 0.2, dt=0.01)
    assert app.scene.animating() and app.busy()
    before = app.frames
    app.step(0.01, paint=False)
    assert app.frames == before + 1
    while app.scene.animating():
        app.step(0.05, paint=False)
    idle(app, BUSY_SECONDS + 0.2)
    assert not app.busy()


def test_without_a_display_the_game_says_so_in_one_line_and_exits_2(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER", "XDG_RUNTIME_DIR")}
    env["PYTHONPATH"] = str(ROOT)
    env["ANTI_PARTY_GROUP_HOME"] = str(tmp_path)
    done = subprocess.run([sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "demo --screenshots" in lines[0]
    assert "XDG_RUNTIME_DIR" not in done.stderr + done.stdout
