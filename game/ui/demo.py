"""The attract mode and screenshot tour: the computer plays both sides through every screen.

One side is played *through the board's widgets* (a computer player picks the
action, the demo selects it on the board and confirms it, as a player would),
the other by the computer opponent, so every scene is exercised: title,
setup, briefing, board, action choice, votes, summaries, decisions, dossier, log, help,
hand-over, saving, the pause menu, the end and the epilogue (and, with screenshots, the title's settings,
load, notes, rules and encyclopedia, the quit question and the tutorial with its coach). With
``screenshots`` it saves one PNG per scene and exits; without, it loops as an attract mode until the window closes.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from game.errors import MAX_SEED, BadInput, shown_path

REQUIRED = ("title", "setup", "briefing", "board", "action", "vote", "summary", "end", "epilogue",
            "tutorial", "coach", "rules", "encyclopedia", "save", "confirm", "load", "decision")
LESSON = ("tutorial", "coach")     # 1957's guided game: left out of the tour of another crisis
CHANCE = ("vote", "decision")      # scenes another crisis's game may never reach (no vote called, no choice)


def required(scenario=None) -> tuple[str, ...]:
    """The scenes the tour of ``scenario`` (None: 1957 with its lesson) must picture: for another crisis,
    not the lesson, nor the scenes its game may never reach (told, not failed, when missed)."""
    if scenario is None:
        return REQUIRED
    return tuple(name for name in REQUIRED if name not in LESSON + CHANCE)


class DemoDirector:
    """Called once per frame by ``App.run``; moves the tour on and takes the pictures."""

    def __init__(self, policy: str, seed: int, screenshots: Path | None, dwell: float, loop: bool, scenario=None):
        self.policy_name = policy
        self.seed = seed
        self.out = screenshots
        self.dwell = dwell
        self.loop = loop
        self.shots: dict[str, Path] = {}
        self.session = None
        self.scenario = scenario         # None: 1957, loaded once (each load is a new scenario the caches keep)
        self.with_lesson = scenario is None
        self.player = None
        self.scene = None
        self.time_in_scene = 0.0
        self.frames_in_scene = 0
        self.picked = None
        self.extras_done = False
        self.frames = 0
        self.max_frames = 60_000

    # ------------------------------------------------------------ helpers
    def shot(self, app, name: str) -> None:
        if self.out is None or name in self.shots:
            return
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        write_picture(app.window, path)
        self.shots[name] = path

    def ready(self) -> bool:
        return self.frames_in_scene >= 3 and self.time_in_scene >= self.dwell

    def new_session(self):
        from game.ai import make_policy
        from .session import HUMAN, Session
        import game
        if self.scenario is None:
            self.scenario = game.load_scenario("1957")
        first, second = (s.id for s in self.scenario.sides)
        g = game.new_game(self.scenario, seed=self.seed)
        self.session = Session(g, {first: HUMAN, second: self.policy_name}, policy_seed=self.seed, viewer=first,
                               autosave=False, demo=True)
        self.player = make_policy(self.policy_name, (self.seed + 1) % MAX_SEED)
        self.extras_done = False
        self.frames = 0                     # the budget is a game's: a looping tour plays many
        return self.session

    # ------------------------------------------------------------ the tour
    def tick(self, app) -> None:
        self.frames += 1
        if self.frames > self.max_frames:
            raise RuntimeError(f"the demo made no end after {self.max_frames} frames (at {app.scene.name})")
        scene = app.scene
        if scene is not self.scene:
            self.scene = scene
            self.time_in_scene = 0.0
            self.frames_in_scene = 0
        self.frames_in_scene += 1
        self.time_in_scene += app.fixed_dt or min(0.1, app.clock.get_time() / 1000.0)   # the real time of the frame
        if not self.ready():
            return
        handler = getattr(self, f"on_{scene.name}", None)
        if handler is not None:
            handler(app, scene)
            app.poke()

    def on_briefing(self, app, scene):
        self.shot(app, "briefing")
        scene.begin()

    def on_title(self, app, scene):
        if self.session is not None and self.session.game.is_over():
            if not self.loop:
                app.quit()
                return
            self.seed = (self.seed + 1) % MAX_SEED     # seeds stay in [0, 2^63)
            self.session = None
        self.shot(app, "title")
        if self.out is not None:                  # the tour also shows the title's menus and pages, once
            for name in ("settings", "load", "notes", "rules", "encyclopedia"):
                if name not in self.shots:
                    app.push(name)
                    return
            if "confirm" not in self.shots:
                scene.ask_quit()
                return
            if self.with_lesson and not all(name in self.shots for name in LESSON):
                from .session import Session
                self.session = Session.tutorial()
                self.session.autosave = False
                app.open_session(self.session)
                return
        scene.new_game()

    def on_rules(self, app, scene):
        self.shot(app, "rules")
        app.pop()

    def on_encyclopedia(self, app, scene):
        if scene.actor == scene.scenario.actors[0].id and len(scene.scenario.actors) > 1:
            scene.step(1)                   # a figure with a fate of his own written
            return
        self.shot(app, "encyclopedia")
        app.pop()

    def on_confirm(self, app, scene):
        self.shot(app, "confirm")
        app.pop()

    def on_save(self, app, scene):
        self.shot(app, "save")
        app.pop()

    def on_tutorial(self, app, scene):
        self.shot(app, "tutorial")
        app.pop()

    def on_setup(self, app, scene):
        self.shot(app, "setup")
        app.replace("briefing", self.new_session())

    def on_board(self, app, scene):
        s = self.session
        g = s.game
        if not s.human_to_move() or g.pending:
            return
        if s.coach is not None:             # the tutorial: a picture of the coach at work, then the real tour
            if scene.queue or scene.shown_log != len(g.log):
                return
            self.shot(app, "coach")
            self.session = None
            app.reset("title")
            return
        self.shot(app, "board")
        if self.picked is None:
            action = self.player.choose(g)
            legal = scene.legal()
            match = next((a for a in legal if a == action), None)
            if match is None:
                return
            if match.kind == "pass" and "action" not in self.shots:
                # For the picture, show a targeted choice first, then take the real one.
                lobby = next((a for a in legal if a.kind == "lobby"), None)
                if lobby is not None:
                    scene.pick_action(lobby)
                    self.picked = ("show", match)
                    self.time_in_scene = 0.0
                    return
            scene.pick_action(match)
            self.picked = ("take", match)
            self.time_in_scene = 0.0
            return
        mode, action = self.picked
        if scene.previewing():              # the picture shows the preview, worked out
            time.sleep(0.002)               # let the preview's thread have the interpreter: frames spin fast
            return
        self.shot(app, "action")
        if mode == "show":
            scene.pick_action(action)
            self.picked = ("take", action)
            self.time_in_scene = 0.0
            return
        self.picked = None
        scene.confirm()
        if not self.extras_done:
            self.extras_done = True
            app.push("handover", s, s.viewer)
            app.push("save", s)
            app.push("pause", scene)
            app.push("help")
            app.push("log", s)
            app.push("dossier", s, s.scenario.sides[1].leader)

    def on_vote(self, app, scene):
        if not scene.done():
            return
        self.shot(app, "vote")
        app.pop()

    def on_summary(self, app, scene):
        self.shot(app, "summary")
        app.pop()

    def on_decision(self, app, scene):
        self.shot(app, "decision")
        g = self.session.game
        action = self.player.choose(g)
        scene.choose(action)

    def on_log(self, app, scene):
        self.shot(app, "log")
        app.pop()

    def on_dossier(self, app, scene):
        self.shot(app, "dossier")
        app.pop()

    def on_help(self, app, scene):
        self.shot(app, "help")
        app.pop()

    def on_handover(self, app, scene):
        self.shot(app, "handover")
        scene.ready()

    def on_end(self, app, scene):
        if not scene.hindsight.done or not scene.shown_done:
            scene.hindsight.wait(0.01)      # the picture shows the decisive moments, worked out in a thread
            return
        self.shot(app, "end")
        scene.epilogue()

    def on_epilogue(self, app, scene):
        self.shot(app, "epilogue")
        scene.done()

    def on_pause(self, app, scene):
        self.shot(app, "pause")
        app.pop()

    def on_settings(self, app, scene):
        self.shot(app, "settings")
        app.pop()

    def on_load(self, app, scene):
        self.shot(app, "load")
        app.pop()

    def on_notes(self, app, scene):
        self.shot(app, "notes")
        app.pop()


def write_picture(surface, path: Path) -> None:
    """Save ``surface`` as a PNG at ``path``; ``BadInput`` (one line, naming the file) if it cannot be written.

    The picture is encoded in memory and the bytes written here, so a read-only place, a folder of
    that name or a full disk is an ``OSError`` with its reason, not a bare ``pygame.error``.
    """
    import io

    import pygame
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "shot.png")
    try:
        with open(path, "wb") as f:
            f.write(buffer.getvalue())
    except OSError as exc:
        raise BadInput(f"--screenshots: cannot write {shown_path(path)}: {exc.strerror or exc}") from None


def prepare_screenshots(folder) -> Path:
    """The folder for ``demo --screenshots``, created and tried before the window opens.

    Raises ``BadInput`` (one line) for an existing file or device of that name, a folder that
    cannot be created, or one where no file can be written (read-only, full).
    """
    import stat
    import tempfile
    text = os.fspath(folder)
    if not text or "\0" in text:
        raise BadInput("--screenshots: give the name of a folder")
    out = Path(text)
    where = shown_path(text)
    try:
        if os.path.lexists(out) and not stat.S_ISDIR(os.stat(out).st_mode):
            raise BadInput(f"--screenshots: {where} exists and is not a folder; give a folder for the pictures")
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out) as probe:
            probe.write(b"\x89PNG" * 1024)
            probe.flush()
            os.fsync(probe.fileno())
    except OSError as exc:
        raise BadInput(f"--screenshots: cannot write into {where}: {exc.strerror or exc}") from None
    return out


def run_demo(screenshots=None, seed: int = 1957, policy: str = "historical", size=(1280, 720),
             fast: bool | None = None, scenario=None) -> int:
    """The tour (``screenshots``: a folder, one PNG per scene, then exit) or the attract mode (loops).

    ``scenario``: the crisis played and shown by the title's pages (a loaded ``Scenario``; 1957 if None),
    so a scenario's author sees every screen of their crisis before anyone plays it.

    Raises ``BadInput`` for a screenshots folder that cannot be written; an ``EngineError`` for a
    seed outside [0, 2^63). A scene that fails ends the screenshot tour with its exception (it is a
    check of every screen); the attract mode recovers from it as the game does (``App.recover``).
    """
    from . import NO_WINDOW_HINT, headless
    out = prepare_screenshots(screenshots) if screenshots else None
    if out is not None and headless():
        os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    elif out is None and headless():
        raise BadInput(f"demo: no display to show the attract mode on; {NO_WINDOW_HINT}")
    fast = (out is not None) if fast is None else fast
    from game.engine.batch import check_seed
    check_seed(seed)
    from .app import App
    settings = {"computer_delay": 0.02 if fast else 0.6, "ballot_delay": 0.03 if fast else 0.25,
                "fullscreen": False}
    app = App(size=size, fixed_dt=1 / 60 if fast else None, settings=settings, fullscreen=False,
              recover=out is None, offered=[scenario] if scenario is not None else [])
    director = DemoDirector(policy, seed, out, dwell=0.0 if fast else 2.0, loop=out is None, scenario=scenario)
    app.run("title", director=director)
    if out is not None:
        missing = [name for name in required(scenario) if name not in director.shots]
        unseen = [name for name in CHANCE if name not in director.shots and name not in missing]
        if unseen:
            print(f"demo: this game reached no {' and no '.join(unseen)} screen; another --seed may",
                  file=sys.stderr)
        for name, path in director.shots.items():
            print(f"{name:<10} {shown_path(path, 400)}")
        if missing:
            print(f"demo: no picture of {', '.join(missing)}", file=sys.stderr)
            return 1
    return 0
