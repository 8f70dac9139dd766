"""One summary a day: what moved since the last one and why, and what the morning brings (``digest``)."""

from __future__ import annotations

import html

import pygame

from ..digest import mark_read, summary_sections
from ..scene import GameScene
from ..cards import _card_rect, _draw_card

esc = html.escape


class SummaryScene(GameScene):
    name = "summary"
    overlay = True

    def __init__(self, app, session, sections=None):
        super().__init__(app, session)
        self.sections = sections

    def enter(self):
        if self.sections is None:        # worked out when shown: news that came meanwhile joins this page
            self.sections = summary_sections(self.session)
        mark_read(self.session)
        super().enter()

    def layout(self):
        r = _card_rect(self.app, 0.66, 0.80)
        self._rect = r
        parts = []
        for heading, lines in self.sections:
            parts.append(f"<font face='serif' size=5><b>{esc(heading)}</b></font><br>")
            parts.extend(f"• {esc(line)}<br>" for line in lines)
            parts.append("<br>")
        self.textbox((r.x + 18, r.y + 46, r.w - 36, r.h - 112), "".join(parts) or "<i>A quiet day.</i>",
                     cls="@paper")
        self.button((r.right - 198, r.bottom - 56, 180, 42), "Continue", self.app.pop, "[Enter]", cls="@primary")
        self.keys = {pygame.K_RETURN: self.app.pop, pygame.K_SPACE: self.app.pop, pygame.K_ESCAPE: self.app.pop}

    def draw(self, surface):
        g = self.session.game
        _draw_card(surface, self._rect, f"{g.day.label} · summary for {g.side_name(self.session.viewer)}")

    def demo_advance(self):
        self.app.pop()
