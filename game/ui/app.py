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
"""

from __future__ import annotations

from typing import Mapping

import pygame

from . import persistence, theme
from .scene import Scene
from .scenes.registry import SCENES

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (1280, 720)
TITLE = "Anti-Party Group — Moscow, June 1957"


class App:
    """The window and the scene stack."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, fixed_dt: float | None = None,
                 settings: dict | None = None, fullscreen: bool | None = None,
                 scenes: Mapping[str, type[Scene]] | None = None):
        self.scenes = dict(SCENES if scenes is None else scenes)
        pygame.display.init()
        pygame.font.init()
        theme.font.cache_clear()   # fonts from an earlier pygame session are dead
        pygame.display.set_caption(TITLE)
        self.settings = settings if settings is not None else persistence.load_settings()
        self.windowed_size = tuple(size)
        self.fullscreen = False
        self.window = pygame.display.set_mode(size, pygame.RESIZABLE)
        self._set_minimum_size()
        self.manager = theme.make_manager(self.window.get_size())
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
        if fullscreen if fullscreen is not None else self.settings.get("fullscreen"):
            self.toggle_fullscreen()

    # -------------------------------------------------------------- window
    @property
    def size(self) -> tuple[int, int]:
        return self.window.get_size()

    def _set_minimum_size(self) -> None:
        import warnings
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pygame.Window.from_display_module().minimum_size = MIN_SIZE
        except (AttributeError, pygame.error, ValueError):
            pass

    def toggle_fullscreen(self) -> None:
        try:
            if not self.fullscreen:
                self.windowed_size = self.size
                desktop = pygame.display.get_desktop_sizes()[0]
                self.window = pygame.display.set_mode(desktop, pygame.FULLSCREEN)
                self.fullscreen = True
            else:
                self.window = pygame.display.set_mode(self.windowed_size, pygame.RESIZABLE)
                self.fullscreen = False
                self._set_minimum_size()
        except pygame.error:
            return
        self.resized()

    def resized(self) -> None:
        self.window = pygame.display.get_surface()
        self.manager.set_window_resolution(self.size)
        if self.stack:
            self.stack[-1].rebuild()

    def notify(self, text: str) -> None:
        self.message = text
        self.message_time = 3.5

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
        """Clear the stack (e.g. back to the title) and enter ``scene``."""
        scene = self.make(scene, *args, **kwargs)
        while self.stack:
            self.stack.pop().leave()
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
                    self._tip = self.manager.create_tool_tip(html, pos, (0, 18), None, None, wrap_width=340)

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

    def step(self, dt: float) -> None:
        for event in pygame.event.get():
            self.handle(event)
            if not self.running:
                return
        scene = self.scene
        if scene is None:
            self.running = False
            return
        scene.update(dt)
        if self.message_time > 0:
            self.message_time -= dt
        self._update_tips(dt)
        self.manager.update(dt)
        self.draw()
        pygame.display.flip()
        self.frames += 1

    def draw(self) -> None:
        surface = self.window
        scene = self.scene
        if scene is None:
            return
        if scene.overlay:
            below = self.below(scene)
            while below is not None and below.overlay:
                below = self.below(below)
            if below is not None:
                below.draw(surface)
            from .drawing import darken
            darken(surface)
        scene.draw(surface)
        self.manager.draw_ui(surface)
        if self.message_time > 0 and self.message:
            from .drawing import text
            r = scene.toast_rect()
            pygame.draw.rect(surface, theme.PANEL_HI, r)
            pygame.draw.rect(surface, theme.GOLD, r, width=1)
            text(surface, self.message, r.center, size=14, anchor="center", width=r.w - 20)

    def run(self, first: Scene | str | None = None, director=None) -> None:
        if first is not None:
            self.push(first)
        while self.running and self.stack:
            dt = self.fixed_dt if self.fixed_dt else min(0.1, self.clock.tick(60) / 1000.0)
            self.step(dt)
            if director is not None and self.running:
                director.tick(self)
        pygame.quit()
