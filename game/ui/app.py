"""The window, the frame loop and the scene stack (a pushdown automaton, as in Tuxemon).

``App.push`` pauses the current scene and enters a new one on top; ``pop``
leaves it and resumes the one below; ``replace`` swaps the top. A scene owns
its pygame_gui widgets inside one container, so pausing or leaving it is one
``kill``; resuming or a window resize rebuilds them for the current size.
Each frame: events → ``scene.handle_event`` → ``scene.update(dt)`` →
``manager.update`` → ``scene.draw`` → ``manager.draw_ui``.

Scenes are named: ``push``, ``replace`` and ``reset`` take a scene or a name
and its arguments (``app.push("log", session, full=True)``). The names map to
classes in ``scenes/registry.py``, the one module that imports the scenes, so
no scene imports another.

The frame loop never loses a game to an exception: ``run`` calls
``step_safely``, which catches any ``Exception`` a scene (or pygame_gui) raises
in a frame, autosaves the game in play, returns to the title and shows what
happened there (``recover_from``; the traceback goes to ``errors.log`` in the
data folder). ``step`` itself lets exceptions through, so tests that drive it
see them.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Mapping, Sequence

import pygame

from game.errors import shown

from . import layout, memory, persistence, theme
from .art.poster import icon
from .scene import Scene
from .session import WOKEN
from .sound import SoundBoard
from .scenes.registry import SCENES

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = theme.MIN_SIZE
MAX_SIZE = (7680, 4320)   # the largest window (8K); as game.cli.MAX_WINDOW, which checks --size
ALERT_SECONDS = 12.0      # how long the title shows what went wrong
MAX_FAILURES_IN_A_ROW = 3  # frames failing one after another even on the title: give up and close
ERROR_LOG_BYTES = 1_000_000
TITLE = "Anti-Party Group"
# The window's class (X11), app id (Wayland) and the name the sound server shows, instead of "main.py".
WINDOW_IDENTITY = {"SDL_VIDEO_X11_WMCLASS": "anti-party-group", "SDL_VIDEO_WAYLAND_WMCLASS": "anti-party-group",
                   "SDL_APP_NAME": "Anti-Party Group"}
FPS = 60                  # while anything moves or the player is acting
IDLE_FPS = 10             # otherwise: events are still read, and the screen is redrawn only on a change
BUSY_SECONDS = 1.5        # after the last input, frames run at FPS (hover effects, tooltips appear)
REPAINT_SECONDS = 5.0     # an idle screen is redrawn this often even with no change seen (a safety net)
GUI_IDLE_SECONDS = 0.5    # with no input and nothing moving, the widgets' own clock (caret, hover) runs this often


class App:
    """The window and the scene stack."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, fixed_dt: float | None = None,
                 settings: dict | None = None, fullscreen: bool | None = None,
                 scenes: Mapping[str, type[Scene]] | None = None, recover: bool = True, offered: Sequence = ()):
        self.scenes = dict(SCENES if scenes is None else scenes)
        self.offered = list(offered)         # scenarios loaded from elsewhere (play --scenario), offered first
        size = check_size(size)
        self.recover = recover
        self.errors: list[str] = []          # one line per exception the frame loop recovered from
        self.alert: list[str] = []           # what went wrong, shown over the title
        self.alert_time = 0.0
        self._failures_in_a_row = 0
        memory.limit_arenas()               # before the first worker thread: see game/ui/memory.py
        for key, value in WINDOW_IDENTITY.items():   # read by SDL when the display opens
            if os.environ.get(key) in (None, os.path.basename(sys.argv[0])):   # unset, or pygame's default
                os.environ[key] = value
        pygame.display.init()
        pygame.font.init()
        theme.clear_fonts()        # fonts from an earlier pygame session are dead
        from .drawing import forget_pictures
        forget_pictures()
        self._under_key, self._under_picture = None, None
        pygame.display.set_caption(TITLE, "Anti-Party Group")
        pygame.display.set_icon(icon(64))
        if settings is not None:
            self.settings, problems = persistence.check_settings(settings, keep_unknown=True)
        else:
            self.settings, problems = persistence.read_settings()
        persistence.remove_stale_temps()    # temp files of saves a crash interrupted (never raises)
        self.sound = SoundBoard(self.settings)
        self.windowed_size = tuple(size)
        self.windowed_at = (0, 0)
        self.fullscreen = False
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._set_minimum_size()
        theme.set_scale(self.window.get_size())
        self.manager = self._make_manager()
        self.idle_time = 0.0       # seconds since the last input
        self.since_paint = 0.0
        self.gui_time = 0.0        # seconds the widgets' clock has not been given (see GUI_IDLE_SECONDS)
        self._shown = None         # the scene, tooltip and messages last drawn
        self.stack: list[Scene] = []
        self.running = True
        self.fixed_dt = fixed_dt
        self.clock = pygame.time.Clock()
        self.frames = 0
        self._tip = None
        self._tip_key = None
        self._tip_time = 0.0
        self.mouse_pos = (-1, -1)  # from the event queue, so posted motion counts too
        self.message = ""          # a transient status line any scene may show
        self.message_time = 0.0
        self.message_scene = None
        if fullscreen if fullscreen is not None else self.settings.get("fullscreen"):
            self.toggle_fullscreen()
        if problems:
            self.notify("Settings: " + "; ".join(problems))
            print("\n".join(problems), file=sys.stderr)

    # -------------------------------------------------------------- window
    @property
    def size(self) -> tuple[int, int]:
        return self.window.get_size()

    def _window(self):
        import warnings
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                return pygame.Window.from_display_module()
        except (AttributeError, pygame.error):
            return None

    def _set_minimum_size(self) -> None:
        try:
            self._window().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error, ValueError):
            pass

    def _make_manager(self):
        manager = layout.make_manager(self.size)
        manager.keep_clear = lambda: self.scene.keep_clear() if self.scene is not None else []
        return manager

    def toggle_fullscreen(self) -> None:
        """Fullscreen on the display the window is on, and back.

        A borderless window covering that display at its desktop resolution: SDL's own fullscreen
        leaves the window where it was on an X server without a window manager (a quarter off-screen
        on a large display), this works with one or without. pygame gives the displays' sizes, not
        where they are: they are taken to stand side by side, left to right, as they usually do.
        """
        try:
            if not self.fullscreen:
                self.windowed_size, self.windowed_at = self.size, pygame.display.get_window_position()
                origin, size = display_under(self.windowed_at[0] + self.size[0] // 2,
                                             pygame.display.get_desktop_sizes())
                self.window = pygame.display.set_mode(size, pygame.NOFRAME)
                pygame.display.set_window_position(origin)
                self.fullscreen = True
            else:
                self.window = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
                pygame.display.set_window_position(self.windowed_at)
                self.fullscreen = False
                self._set_minimum_size()
        except (AttributeError, pygame.error):
            return
        self.resized()

    def resized(self) -> None:
        """Follow the window's new size: never below the minimum; fonts and panels at the new scale."""
        self.window = pygame.display.get_surface()
        w, h = self.size
        if not self.fullscreen and (w < MIN_SIZE[0] or h < MIN_SIZE[1]):
            self.window = pygame.display.set_mode((max(w, MIN_SIZE[0]), max(h, MIN_SIZE[1])), pygame.RESIZABLE)
            self._set_minimum_size()
        scene = self.scene
        if scene is not None:
            scene.teardown()
        if theme.set_scale(self.size):
            self.close_tip()
            self.manager = self._make_manager()     # the widgets' theme at the new scale
        else:
            self.manager.set_window_resolution(self.size)
        if scene is not None:
            scene.build()
        self.idle_time = 0.0

    def notify(self, text: str) -> None:
        self.message = text
        self.message_time = 3.5
        self.message_scene = self.scene

    def forget_messages_of(self, scene: Scene) -> None:
        """A message posted on ``scene`` is not shown after it (a hint about the board does not follow to the end)."""
        if self.message_scene is scene:
            self.message_time = 0.0

    def _message_shown(self) -> bool:
        """Whether the message is on screen now: posted on this scene, or this scene shows others' messages."""
        scene = self.scene
        return (self.message_time > 0 and bool(self.message) and scene is not None
                and (scene.toasts or scene is self.message_scene))

    # -------------------------------------------------------------- stack
    @property
    def scene(self) -> Scene | None:
        return self.stack[-1] if self.stack else None

    def below(self, scene: Scene) -> Scene | None:
        i = self.stack.index(scene) if scene in self.stack else len(self.stack)
        return self.stack[i - 1] if i > 0 else None

    def scene_class(self, name: str) -> type[Scene]:
        """The scene class registered under ``name`` (``"board"``, ``"vote"``, …)."""
        try:
            return self.scenes[name]
        except KeyError:
            raise KeyError(f"no scene named {name!r}; known: {', '.join(sorted(self.scenes))}") from None

    def make(self, scene: Scene | str, *args, **kwargs) -> Scene:
        """``scene`` itself, or a new scene of that name built with ``(self, *args, **kwargs)``."""
        if isinstance(scene, str):
            return self.scene_class(scene)(self, *args, **kwargs)
        if args or kwargs:
            raise TypeError("arguments are for a scene given by name")
        return scene

    def push(self, scene: Scene | str, *args, **kwargs) -> Scene:
        scene = self.make(scene, *args, **kwargs)
        if self.stack:
            self.stack[-1].pause()
        self.stack.append(scene)
        scene.enter()
        return scene

    def pop(self) -> None:
        scene = self.stack.pop()
        scene.leave()
        if self.stack:
            self.stack[-1].resume()
        else:
            self.running = False

    def replace(self, scene: Scene | str, *args, **kwargs) -> Scene:
        scene = self.make(scene, *args, **kwargs)
        if self.stack:
            self.stack.pop().leave()
        self.stack.append(scene)
        scene.enter()
        return scene

    def reset(self, scene: Scene | str, *args, **kwargs) -> Scene:
        """Clear the stack (e.g. back to the title) and enter ``scene``; the screens left give their memory back."""
        scene = self.make(scene, *args, **kwargs)
        while self.stack:
            self.stack.pop().leave()
        self._under_key = self._under_picture = self._shown = None   # nor kept by the pictures of them
        memory.give_back()
        self.message_time = 0.0            # a message about the screens left behind does not follow
        self.stack.append(scene)
        scene.enter()
        return scene

    def open_session(self, session, briefing: bool = True) -> None:
        """Start playing a session: title at the bottom of the stack, the board (or briefing) on top."""
        self.reset("title")
        self.push("briefing" if briefing else "board", session)

    def quit(self) -> None:
        self.running = False

    # -------------------------------------------------------------- tooltips
    def text_focused(self) -> bool:
        from pygame_gui.elements import UITextEntryLine
        return any(isinstance(e, UITextEntryLine) for e in self.manager.get_focus_set() or ())

    def close_tip(self) -> None:
        if self._tip is not None:
            self._tip.kill()
            self._tip = None
        self._tip_key = None
        self._tip_time = 0.0

    def _update_tips(self, dt: float) -> None:
        scene = self.scene
        if scene is None:
            return
        pos = self.mouse_pos
        hit = None
        over_widget = scene.root is not None and any(
            e.visible and e.rect.collidepoint(pos) for e in scene.root.elements)
        if not over_widget:
            for i in range(len(scene.tips) - 1, -1, -1):
                rect, content, subkey = scene.tips[i]
                if rect.collidepoint(pos):
                    sub = subkey(pos) if subkey else None
                    if subkey is None or sub is not None:
                        hit = (id(scene), i, sub, content)
                        break
        key = hit[:3] if hit else None
        if key != self._tip_key:
            self.close_tip()
            self._tip_key = key
            return
        if hit and self._tip is None:
            self._tip_time += dt
            if self._tip_time >= 0.35:
                content = hit[3]
                html = content(pos) if callable(content) else content
                if html:
                    from .wording import spaced
                    self._tip = self.manager.create_tool_tip(spaced(html), pos, (0, theme.px(18)), None, None)

    # -------------------------------------------------------------- loop
    def handle(self, event: pygame.event.Event) -> None:
        if event.type == pygame.QUIT:
            self.running = False
            return
        if event.type in (pygame.MOUSEMOTION, pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
            self.mouse_pos = event.pos
        if event.type == pygame.KEYDOWN and event.key == pygame.K_F11:
            self.toggle_fullscreen()
            return
        if event.type in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            if self.manager.window_resolution != self.size:
                self.resized()
            return
        consumed = self.manager.process_events(event)
        if self.scene is not None:
            self.scene.handle_event(event, consumed)

    def step(self, dt: float, paint: bool = True) -> None:
        """One frame: events, updates, and (if ``paint``, or anything changed) the picture."""
        woken = WOKEN.is_set()             # a background job ended: what it brings is taken below, then drawn
        WOKEN.clear()
        events = pygame.event.get()
        for event in events:
            self.handle(event)
            if not self.running:
                return
        scene = self.scene
        if scene is None:
            self.running = False
            return
        scene.update(dt)
        if self._message_shown():          # a message waits while a screen that hides it is up
            self.message_time -= dt
        self._update_tips(dt)
        self.gui_time += dt
        if events or woken or self.busy() or self.gui_time >= GUI_IDLE_SECONDS:
            self.manager.update(self.gui_time)
            self.gui_time = 0.0
        shown = (self.scene, self._tip, self._notes())      # a change of any is a change on screen
        self.idle_time = 0.0 if events else self.idle_time + dt     # input: full rate for a moment
        self.since_paint += dt
        if paint or woken or shown != self._shown or self.busy() or self.since_paint >= REPAINT_SECONDS:
            self.draw()
            pygame.display.flip()
            self.frames += 1
            self.since_paint = 0.0
            self._shown = shown

    def _notes(self) -> tuple:
        """What the message and the alert show now (a change of it is a change on screen)."""
        return (self.message if self._message_shown() else None, tuple(self.alert) if self.alert_time > 0 else None)

    def poke(self) -> None:
        """Something changed other than by input (a director, a test): draw at full rate for a moment."""
        self.idle_time = 0.0

    def busy(self) -> bool:
        """Whether frames should run at full rate: something moves, or the player acted a moment ago."""
        return self.idle_time < BUSY_SECONDS or (self.scene is not None and self.scene.animating())

    def draw(self) -> None:
        surface = self.window
        scene = self.scene
        if scene is None:
            return
        if scene.overlay:
            surface.blit(self._under(scene), (0, 0))
        scene.draw(surface)
        self.manager.draw_ui(surface)
        scene.draw_focus(surface)
        if self._message_shown():
            from .drawing import text
            r = self.toast_rect(scene)
            pygame.draw.rect(surface, theme.PANEL_HI, r)
            pygame.draw.rect(surface, theme.GOLD, r, width=1)
            text(surface, self.message, r.center, size=14, anchor="center", width=r.w - theme.px(20))
        if self.alert_time > 0 and self.alert:
            self._draw_alert(surface)

    def toast_rect(self, scene: Scene) -> pygame.Rect:
        """Where the message goes: the scene's place for it, or the nearest spot clear of controls and dialogs."""
        fnt = theme.font("sans", 14)
        anchor = scene.toast_rect()
        w = min(anchor.w, fnt.size(self.message)[0] + theme.px(40))
        avoid = [c.rect for c in layout.visible_controls(self.manager)] + scene.keep_clear()
        return layout.place((w, anchor.h), anchor, self.window.get_rect(), avoid, prefer="on")

    def _under(self, scene: Scene) -> pygame.Surface:
        """What an overlay is drawn over: the scene below it (paused, so still), dimmed; drawn once."""
        key = (scene, self.size)
        if self._under_key != key:
            from .drawing import darken
            under = pygame.Surface(self.size).convert()
            below = self.below(scene)
            while below is not None and below.overlay:
                below = self.below(below)
            if below is not None:
                below.draw(under)
            darken(under)
            self._under_key, self._under_picture = key, under
        return self._under_picture

    def _draw_alert(self, surface: pygame.Surface) -> None:
        from .drawing import text
        w, _ = surface.get_size()
        px = theme.px
        r = pygame.Rect(0, 0, min(w - px(40), px(900)), px(30) + px(22) * len(self.alert))
        r.midtop = (w // 2, px(16))
        pygame.draw.rect(surface, theme.PANEL_HI, r)
        pygame.draw.rect(surface, theme.RED, r, width=2)
        for i, line in enumerate(self.alert):
            text(surface, line, (r.x + px(14), r.y + px(14) + px(22) * i), size=14, width=r.w - px(28))

    # -------------------------------------------------------------- safety
    def step_safely(self, dt: float, paint: bool = True) -> None:
        """One frame (``step``); an exception in it is recovered from (``recover_from``), not fatal."""
        try:
            self.step(dt, paint)
        except Exception as exc:   # noqa: BLE001 - the point: no exception in a frame loses the game
            if not self.recover:
                raise
            self.recover_from(exc)
            return
        self._failures_in_a_row = 0
        if self.alert_time > 0:
            self.alert_time -= dt

    def _session_in_play(self):
        for scene in reversed(self.stack):
            session = getattr(scene, "session", None)
            if session is not None and hasattr(session, "game"):
                return session
        return None

    def _autosave(self, session) -> str:
        """Save the game in play now (synchronously); what to tell the player about it."""
        try:
            if not getattr(session, "autosave", False):
                return "This game is not saved (the computer played it for show)."
            if session.game.is_over():
                return "The game had ended; nothing was lost."
            session.saver.flush(10.0)      # saves under way first, so the numbering stays in order
            path = persistence.write_autosave(session.game, session.meta())
            return f"Your game was saved as {shown(path.stem)}: Continue resumes it."
        except Exception as exc:   # noqa: BLE001 - reported on screen, the recovery goes on
            return f"Your game could not be saved: {shown(exc)}"[:300]

    def _log_error(self, exc: BaseException, where: str) -> str:
        """The traceback, appended to errors.log in the data folder (best effort); its path or ""."""
        import traceback
        try:
            path = persistence.data_dir() / "errors.log"
            path.parent.mkdir(parents=True, exist_ok=True)
            mode = "w" if path.exists() and path.stat().st_size > ERROR_LOG_BYTES else "a"
            with open(path, mode, encoding="utf-8", errors="replace") as f:
                f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} in {where}\n")
                f.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
            return str(path)
        except Exception:   # noqa: BLE001 - a log that cannot be written must not stop the recovery
            return ""

    def recover_from(self, exc: Exception) -> None:
        """After an exception in a frame: autosave the game in play, back to the title, say what happened.

        If frames keep failing even on the title (:data:`MAX_FAILURES_IN_A_ROW`), the window closes.
        """
        where = self.scene.name if self.scene is not None else "no scene"
        line = f"{type(exc).__name__} in the {where} screen: {shown(exc)}"[:300]
        self.errors.append(line)
        self._failures_in_a_row += 1
        log = self._log_error(exc, where)
        print(f"error: {line}" + (f" (details in {shown(log)})" if log else ""), file=sys.stderr)
        session = self._session_in_play()
        saved = self._autosave(session) if session is not None else ""
        self.close_tip()
        while self.stack:
            scene = self.stack.pop()
            try:
                scene.leave()
            except Exception:   # noqa: BLE001 - a scene that fails to leave is dropped all the same
                pass
        try:
            self.manager.clear_and_reset()
        except Exception:   # noqa: BLE001
            pass
        if self._failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            print("error: the game keeps failing; closing the window", file=sys.stderr)
            self.running = False
            return
        self.alert = [f"Something went wrong: {line}"[:160], saved,
                      "Details are in errors.log in the game's data folder." if log else ""]
        self.alert = [a for a in self.alert if a]
        self.alert_time = ALERT_SECONDS
        try:
            self.push("title")
        except Exception as again:   # noqa: BLE001 - not even the title: close rather than loop
            print(f"error: cannot show the title after an error: {shown(again)}", file=sys.stderr)
            self.running = False

    def tick(self) -> None:
        """One turn of the frame loop: wait for the frame's time (full rate if busy, else IDLE_FPS), then step."""
        fps = FPS if self.fixed_dt or self.busy() else IDLE_FPS
        dt = self.fixed_dt if self.fixed_dt else min(0.1, self.clock.tick(fps) / 1000.0)
        self.step_safely(dt, paint=False)

    def run(self, first: Scene | str | None = None, director=None) -> None:
        try:
            if first is not None:
                self.push(first)
            while self.running and self.stack:
                self.tick()
                if director is not None and self.running:
                    director.tick(self)
        finally:
            pygame.quit()


def display_under(x: int, sizes: list[tuple[int, int]]) -> tuple[tuple[int, int], tuple[int, int]]:
    """(origin, size) of the display under the horizontal position ``x``, displays side by side."""
    left = 0
    for w, h in sizes:
        if x < left + w:
            return (left, 0), (w, h)
        left += w
    return ((left - sizes[-1][0], 0), sizes[-1]) if sizes else ((0, 0), (1280, 720))


def check_size(size) -> tuple[int, int]:
    """A window size (width, height) of whole numbers from 1x1 to :data:`MAX_SIZE`, or ``ValueError``."""
    try:
        w, h = size
    except (TypeError, ValueError):
        raise ValueError(f"a window size is (width, height), got {size!r}") from None
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (w, h)) \
            or not (1 <= w <= MAX_SIZE[0] and 1 <= h <= MAX_SIZE[1]):
        raise ValueError(f"a window is from 1x1 to {MAX_SIZE[0]}x{MAX_SIZE[1]} pixels, got {size!r}")
    return w, h
