"""The window, the frame loop and the scene stack (a pushdown automaton, as in Tuxemon).

``App.push`` pauses the current scene and enters a new one on top; ``pop``
leaves it and resumes the one below; ``replace`` swaps the top. A scene owns
its pygame_gui widgets inside one container, so pausing or leaving it is one
``kill``; resuming or a window resize rebuilds them for the current size.
Each frame: events → ``scene.handle_event`` → ``scene.update(dt)`` →
``manager.update`` → ``scene.draw`` → ``manager.draw_ui``.
"""

from __future__ import annotations

from typing import Callable

import pygame
import pygame_gui
from pygame_gui.core import UIContainer
from pygame_gui.elements import UIButton, UILabel, UITextBox

from . import persistence, theme

DEFAULT_SIZE = (1280, 720)
MIN_SIZE = (1280, 720)
TITLE = "Anti-Party Group — Moscow, June 1957"

Tip = tuple[pygame.Rect, "str | Callable", "Callable | None"]


class Scene:
    """One screen of the game. Subclasses fill ``layout`` (widgets) and ``draw`` (the rest)."""

    name = "scene"
    overlay = False      # draws the scene below it, dimmed

    def __init__(self, app: "App"):
        self.app = app
        self.root: UIContainer | None = None
        self._callbacks: dict = {}
        self.keys: dict[int, Callable[[], None]] = {}
        self.tips: list[Tip] = []
        self.age = 0.0

    # -------------------------------------------------------------- lifecycle
    def enter(self) -> None:
        self.build()

    def leave(self) -> None:
        self.teardown()

    def pause(self) -> None:
        self.teardown()

    def resume(self) -> None:
        self.build()

    def build(self) -> None:
        self.root = UIContainer(pygame.Rect((0, 0), self.app.size), self.app.manager)
        self.tips = []
        self.layout()

    def teardown(self) -> None:
        if self.root is not None:
            self.root.kill()
            self.root = None
        self._callbacks.clear()
        self.tips = []
        self.app.close_tip()

    def rebuild(self) -> None:
        self.teardown()
        self.build()

    def layout(self) -> None:
        """Create this scene's widgets for ``self.app.size``."""

    # -------------------------------------------------------------- widgets
    @property
    def manager(self) -> pygame_gui.UIManager:
        return self.app.manager

    def button(self, rect, label: str, callback: Callable[[], None] | None, tip: str | None = None,
               cls: str | None = None, container=None, object_id: str | None = None) -> UIButton:
        oid = pygame_gui.core.ObjectID(class_id=cls, object_id=object_id) if (cls or object_id) else None
        b = UIButton(pygame.Rect(rect), label, self.manager, container=container or self.root,
                     tool_tip_text=tip, object_id=oid)
        if callback is None:
            b.disable()
        self._callbacks[b] = callback
        return b

    def label(self, rect, s: str, cls: str | None = None, container=None) -> UILabel:
        oid = pygame_gui.core.ObjectID(class_id=cls) if cls else None
        return UILabel(pygame.Rect(rect), s, self.manager, container=container or self.root, object_id=oid)

    def textbox(self, rect, html: str, cls: str | None = None, container=None) -> UITextBox:
        oid = pygame_gui.core.ObjectID(class_id=cls) if cls else None
        return UITextBox(html, pygame.Rect(rect), self.manager, container=container or self.root, object_id=oid)

    def tip(self, rect: pygame.Rect, content, subkey: Callable | None = None) -> None:
        """A tooltip over a drawn area: ``content`` is text or ``f(pos) -> text``."""
        self.tips.append((pygame.Rect(rect), content, subkey))

    # -------------------------------------------------------------- frame
    def handle_event(self, event: pygame.event.Event, consumed: bool = False) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            callback = self._callbacks.get(getattr(event, "ui_element", None))
            if callback is not None:
                callback()
            return
        if event.type == pygame.KEYDOWN and not consumed and not self.app.text_focused():
            callback = self.keys.get(event.key)
            if callback is not None:
                callback()
                return
            self.on_key(event)
        elif event.type == pygame.MOUSEBUTTONDOWN and not consumed and event.button == 1:
            self.on_click(event.pos)

    def on_key(self, event) -> None:
        pass

    def on_click(self, pos) -> None:
        pass

    def update(self, dt: float) -> None:
        self.age += dt

    def draw(self, surface: pygame.Surface) -> None:
        from .drawing import backdrop
        backdrop(surface)

    def toast_rect(self) -> pygame.Rect:
        """Where ``App.notify`` messages appear on this scene: by default at the bottom, centred."""
        w, h = self.app.size
        r = pygame.Rect(0, 0, min(w - 40, 700), 34)
        r.midbottom = (w // 2, h - 16)
        return r

    def demo_advance(self) -> None:
        """Move on as a player would (the attract mode and the screenshot tour call this)."""


class GameScene(Scene):
    """A scene that shows a game in progress: it holds the session it plays."""

    def __init__(self, app: "App", session):
        super().__init__(app)
        self.session = session


class App:
    """The window and the scene stack."""

    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE, fixed_dt: float | None = None,
                 settings: dict | None = None, fullscreen: bool | None = None):
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

    def push(self, scene: Scene) -> None:
        if self.stack:
            self.stack[-1].pause()
        self.stack.append(scene)
        scene.enter()

    def pop(self) -> None:
        scene = self.stack.pop()
        scene.leave()
        if self.stack:
            self.stack[-1].resume()
        else:
            self.running = False

    def replace(self, scene: Scene) -> None:
        if self.stack:
            self.stack.pop().leave()
        self.stack.append(scene)
        scene.enter()

    def reset(self, scene: Scene) -> None:
        """Clear the stack (e.g. back to the title) and enter ``scene``."""
        while self.stack:
            self.stack.pop().leave()
        self.stack.append(scene)
        scene.enter()

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

    def run(self, first: Scene | None = None, director=None) -> None:
        if first is not None:
            self.push(first)
        while self.running and self.stack:
            dt = self.fixed_dt if self.fixed_dt else min(0.1, self.clock.tick(60) / 1000.0)
            self.step(dt)
            if director is not None and self.running:
                director.tick(self)
        pygame.quit()
