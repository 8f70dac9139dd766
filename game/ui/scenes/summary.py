"""One summary a day: what moved since the last one and why, and what the morning brings (``digest``),
beside the poster of the day's leading event."""

from __future__ import annotations

import html

import pygame

from ..art.poster import MOTIF_SOUND, poster
from ..cards import _art_column, _card_rect, _close, _draw_card, _fit_card, _inner, _motif
from ..drawing import picture
from ..digest import headline_event, mark_read, summary_sections
from ..scene import GameScene
from ..theme import html_heading, px

esc = html.escape


class SummaryScene(GameScene):
    name = "summary"
    overlay = True

    def __init__(self, app, session, sections=None):
        super().__init__(app, session)
        self.sections = sections
        self.motif = None

    def enter(self):
        if self.sections is None:        # worked out when shown: news that came meanwhile joins this page
            self.sections = summary_sections(self.session)
        self.motif = _motif(headline_event(self.session), self.session.scenario)
        mark_read(self.session)
        super().enter()
        if self.motif in MOTIF_SOUND:
            self.app.sound.play(MOTIF_SOUND[self.motif])

    def layout(self):
        r = _card_rect(self.app, 0.66, 0.80)
        self.indent = _art_column(r, 0.24).w + px(16)
        parts = []
        for heading, lines in self.sections or ():
            parts.append(html_heading(heading) + "<br>")
            parts.extend(f"• {esc(line)}<br>" for line in lines)
            parts.append("<br>")
        body = "".join(parts) or "<i>A quiet day.</i>"
        r = self._rect = _fit_card(self, r, px(46), body, indent=self.indent)
        self.art = _art_column(r, 0.24)
        self.art.h = min(self.art.h, int(self.art.w * 1.4))      # a poster's proportions, not a strip
        self.textbox(_inner(r, r.y + px(46), indent=self.indent), body, cls="@paper")
        _close(self, r, "Continue", self.app.pop, "[Enter]", width=180)
        self.keys = {pygame.K_RETURN: self.app.pop, pygame.K_SPACE: self.app.pop, pygame.K_ESCAPE: self.app.pop}

    def draw(self, surface):
        g = self.session.game
        _draw_card(surface, self._rect, f"{g.day.label} · summary for {g.scenario.side(self.session.viewer).within}")
        if self.motif is not None:
            picture(surface, poster(self.motif, self.art.size), self.art, "poster", self._rect)

    def demo_advance(self):
        self.app.pop()
