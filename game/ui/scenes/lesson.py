"""Tutorial lessons (``game.ui.tutorial``) shown over the board the first time they matter, together on one card."""

from __future__ import annotations

import html

import pygame

from ..scene import GameScene
from ..cards import _card_rect, _close, _draw_card, _draw_title, _fit_card, _inner, _title_lines, _title_top
from ..theme import px


class LessonScene(GameScene):
    name = "tutorial"
    overlay = True

    def __init__(self, app, session, lessons):
        super().__init__(app, session)
        self.lessons = list(lessons)

    def layout(self):
        r = _card_rect(self.app, 0.56, 0.80)
        self.title_lines = _title_lines(self.lessons[0].title, r.w - px(36))
        body = html.escape(self.lessons[0].text) + "".join(
            f"<br><br><b>{html.escape(x.title)}</b><br>{html.escape(x.text)}" for x in self.lessons[1:])
        r = self._rect = _fit_card(self, r, _title_top(r, self.title_lines) - r.y, body)    # as tall as its text
        top = _title_top(r, self.title_lines)
        self.textbox(_inner(r, top), body, cls="@paper")
        self.button((r.x + px(18), r.bottom - px(54), px(180), px(42)), "The rules", self.rules, "[R]", cls="@menu")
        _close(self, r, "Got it", self.app.pop, "[Enter]", width=180)
        self.keys = {pygame.K_RETURN: self.app.pop, pygame.K_SPACE: self.app.pop, pygame.K_ESCAPE: self.app.pop,
                     pygame.K_r: self.rules}

    def rules(self):
        self.app.push("rules", self.session.scenario, self.session.viewer)

    def draw(self, surface):
        _draw_card(surface, self._rect, f"Tutorial · {self.session.game.day.label}")
        _draw_title(surface, self._rect, self.title_lines)

    def demo_advance(self):
        self.app.pop()
