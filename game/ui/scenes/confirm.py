"""Asking before something that cannot be taken back (quit, overwrite, delete), and naming a save."""

from __future__ import annotations

import pygame
from pygame_gui.elements import UITextEntryLine

from .. import persistence
from ..drawing import paragraph, text
from ..scene import GameScene, Scene
from ..cards import _card_rect, _draw_card
from ..theme import px


class ConfirmScene(Scene):
    """A yes/no question over the screen below; ``on_yes`` runs after the question closes."""

    name = "confirm"
    toasts = False
    overlay = True

    def __init__(self, app, question: str, yes: str, on_yes, no: str = "Cancel"):
        super().__init__(app)
        self.question, self.yes_label, self.on_yes, self.no_label = question, yes, on_yes, no

    def layout(self):
        r = _card_rect(self.app, 0.42, 0.30)
        self._rect = r
        bw = (r.w - px(54)) // 2
        self.button((r.x + px(18), r.bottom - px(58), bw, px(42)), self.yes_label, self.yes, "[Enter]", cls="@primary")
        self.button((r.right - px(18) - bw, r.bottom - px(58), bw, px(42)), self.no_label, self.app.pop, "[Esc]",
                    cls="@menu")
        self.keys = {pygame.K_RETURN: self.yes, pygame.K_y: self.yes, pygame.K_ESCAPE: self.app.pop,
                     pygame.K_n: self.app.pop}

    def yes(self):
        self.app.pop()
        self.on_yes()

    def draw(self, surface):
        r = self._rect
        _draw_card(surface, r, "Are you sure?")
        paragraph(surface, self.question, pygame.Rect(r.x + px(18), r.y + px(50), r.w - px(36), px(66)), size=16,
                  max_lines=3)

    def demo_advance(self):
        self.app.pop()


class SaveScene(GameScene):
    """Name a save (a sensible name is offered); asks before overwriting one of the same name."""

    name = "save"
    toasts = False
    overlay = True

    def layout(self):
        r = _card_rect(self.app, 0.50, 0.34)
        self._rect = r
        self.entry = UITextEntryLine(pygame.Rect(r.x + px(18), r.y + px(84), r.w - px(36), px(36)), self.manager,
                                     container=self.root)
        self.entry.set_text_length_limit(persistence.MAX_NAME)
        self.entry.set_text(getattr(self, "_name", None) or self.session.file_name())
        self.entry.focus()
        bw = (r.w - px(54)) // 2
        self.button((r.x + px(18), r.bottom - px(58), bw, px(42)), "Save", self.save, "[Enter]", cls="@primary")
        self.button((r.right - px(18) - bw, r.bottom - px(58), bw, px(42)), "Cancel", self.app.pop, "[Esc]",
                    cls="@menu")
        self.keys = {pygame.K_ESCAPE: self.app.pop}

    def handle_event(self, event, consumed=False):
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.save()
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return
        super().handle_event(event, consumed)

    def save(self):
        name = self.entry.get_text().strip()
        if not name:
            self.app.notify("Give the save a name.")
            return
        self._name = name
        path = persistence.save_path(name)
        if path.exists():
            self.app.push("confirm", f"A save named “{path.stem}” exists. Replace it with this game?",
                          "Replace it", lambda: self.write(name))
            return
        self.write(name)

    def write(self, name):
        self.session.save_in_background(name)
        if self.app.scene is self:
            self.app.pop()

    def draw(self, surface):
        r = self._rect
        _draw_card(surface, r, "Save the game")
        text(surface, self.session.title(), (r.x + px(18), r.y + px(48)), size=14, width=r.w - px(36))

    def demo_advance(self):
        self.app.pop()
