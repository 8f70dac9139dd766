"""The base of every screen: a ``Scene`` owns its widgets inside one container.

Scenes never import one another: they reach another screen through the app, by
name (``self.app.push("log", session)``; the names are in ``scenes/registry.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pygame
import pygame_gui
from pygame_gui.core import UIContainer
from pygame_gui.elements import UIButton, UILabel, UITextBox

if TYPE_CHECKING:
    from .app import App

Tip = tuple[pygame.Rect, "str | Callable", "Callable | None"]


class Scene:
    """One screen of the game. Subclasses fill ``layout`` (widgets) and ``draw`` (the rest)."""

    name = "scene"
    overlay = False      # draws the scene below it, dimmed
    toasts = True        # shows the app's messages posted on other scenes (False: they wait until it closes)

    def __init__(self, app: "App"):
        self.app = app
        self.root: UIContainer | None = None
        self._callbacks: dict = {}
        self.keys: dict[int, Callable[[], None]] = {}
        self.tips: list[Tip] = []
        self.age = 0.0
        self.focus: int | None = None      # the keyboard's highlighted button (index into ``focusable``)

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
        from .wording import spaced
        return UITextBox(spaced(html), pygame.Rect(rect), self.manager, container=container or self.root,
                         object_id=oid)

    def text_height(self, html: str, width: int, cls: str | None = None) -> int:
        """The height a text box of ``width`` needs to show ``html`` whole (so a box can fit its text)."""
        oid = pygame_gui.core.ObjectID(class_id=cls) if cls else None
        probe = UITextBox(html, pygame.Rect(0, 0, width, -1), self.manager, object_id=oid, visible=False)
        height = probe.rect.h
        probe.kill()
        return height

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
            if self.focus_key(event):
                return
            callback = self.keys.get(event.key)
            if callback is not None:
                callback()
                return
            name = (getattr(event, "unicode", "") or pygame.key.name(event.key)).strip()
            if not self.on_key(event) and self.keys and len(name) == 1 and name.isprintable():
                self.app.notify(f"The key “{name.upper()}” does nothing here. {self.key_hint}".strip())
        elif event.type == pygame.MOUSEBUTTONDOWN and not consumed and event.button == 1:
            self.on_click(event.pos)

    def on_key(self, event) -> bool:
        """A key no entry of ``keys`` takes; True if it did something."""
        return False

    # -------------------------------------------------------------- keyboard focus
    key_hint = "Tab moves between the buttons; Enter presses the highlighted one."

    def focusable(self) -> list[UIButton]:
        """The buttons Tab visits, in the order they were laid out."""
        return [b for b, cb in self._callbacks.items()
                if cb is not None and b.alive() and b.visible and b.is_enabled]

    def focused(self) -> UIButton | None:
        buttons = self.focusable()
        return buttons[self.focus % len(buttons)] if self.focus is not None and buttons else None

    def focus_key(self, event) -> bool:
        """Tab / Shift+Tab (and the arrows where the scene gives them no other use) move the highlight;
        Enter or Space press the highlighted button. True if the key was taken."""
        buttons = self.focusable()
        if not buttons:
            return False
        step = {pygame.K_TAB: -1 if event.mod & pygame.KMOD_SHIFT else 1}.get(event.key)
        if step is None and event.key not in self.keys:
            step = {pygame.K_DOWN: 1, pygame.K_RIGHT: 1, pygame.K_UP: -1, pygame.K_LEFT: -1}.get(event.key)
        if step is not None:
            current = self.focused()
            i = buttons.index(current) if current in buttons else (-1 if step > 0 else 0)
            self.focus = (i + step) % len(buttons)
            return True
        focused = self.focused()
        if focused is not None and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self._callbacks[focused]()
            return True
        return False

    def draw_focus(self, surface: pygame.Surface) -> None:
        focused = self.focused()
        if focused is not None:
            from . import theme
            pygame.draw.rect(surface, theme.GOLD, focused.rect.inflate(6, 6), width=2, border_radius=3)

    def on_click(self, pos) -> None:
        pass

    def update(self, dt: float) -> None:
        self.age += dt

    def draw(self, surface: pygame.Surface) -> None:
        from .drawing import backdrop
        backdrop(surface)

    def toast_rect(self) -> pygame.Rect:
        """Where ``App.notify`` messages would go on this scene (by default at the bottom, centred); the
        app moves them clear of the controls and of ``keep_clear``."""
        from .theme import px
        w, h = self.app.size
        r = pygame.Rect(0, 0, min(w - px(40), px(700)), px(34))
        r.midbottom = (w // 2, h - px(16))
        return r

    def keep_clear(self) -> list[pygame.Rect]:
        """Areas no toast or tooltip may cover besides the controls: by default the dialog (``_rect``)."""
        r = getattr(self, "_rect", None)
        return [r] if r is not None else []

    def animating(self) -> bool:
        """Whether the picture changes by itself now (the app then draws every frame, else only on a change)."""
        return False

    def demo_advance(self) -> None:
        """Move on as a player would (the attract mode and the screenshot tour call this)."""


class GameScene(Scene):
    """A scene that shows a game in progress: it holds the session it plays."""

    def __init__(self, app: "App", session):
        super().__init__(app)
        self.session = session
