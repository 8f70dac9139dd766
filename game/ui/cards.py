"""The card every dialog is drawn on: its rectangle, its band and kicker, its title, its illustration's
column, its body and its closing button (shared by the scenes). Sizes in base pixels, scaled by ``px``."""

from __future__ import annotations

import pygame

from . import theme
from .drawing import text, wrap
from .theme import px


def _card_rect(app, w_share=0.62, h_share=0.72) -> pygame.Rect:
    w, h = app.size
    r = pygame.Rect(0, 0, int(w * w_share), int(h * h_share))
    r.center = (w // 2, h // 2)
    return r


TITLE_SIZE = 26


def _title_lines(title: str, width: int) -> list[str]:
    return wrap(title, theme.font("serif", TITLE_SIZE, "bold"), width, max_lines=2)


def _title_top(r: pygame.Rect, lines: list[str]) -> int:
    """Where a card's body starts, below its kicker band and its title lines."""
    return r.y + px(52) + len(lines) * px(TITLE_SIZE + 8)


def _draw_title(surface, r: pygame.Rect, lines: list[str], indent: int = 0) -> None:
    y = r.y + px(46)
    for line in lines:
        text(surface, line, (r.x + px(18) + indent, y), family="serif", size=TITLE_SIZE, style="bold",
             width=r.w - px(36) - indent)
        y += px(TITLE_SIZE + 8)


def _art_column(r: pygame.Rect, share: float = 0.3) -> pygame.Rect:
    """The illustration's place on a card: a column at the left, below the kicker band."""
    return pygame.Rect(r.x + px(18), r.y + px(50), int(r.w * share), r.h - px(68))


def _motif(spec, scenario) -> str:
    """The poster of an event (``spec``; None: a day without one): its own motif, else the scenario's."""
    return getattr(spec, "art", None) or scenario.art


def _draw_card(surface, r: pygame.Rect, kicker: str) -> None:
    pygame.draw.rect(surface, theme.PANEL, r)
    pygame.draw.rect(surface, theme.EDGE, r, width=2)
    band = pygame.Rect(r.x, r.y, r.w, px(34))
    pygame.draw.rect(surface, theme.RED_DARK, band)
    pygame.draw.line(surface, theme.EDGE, band.bottomleft, band.bottomright)
    text(surface, kicker.upper(), (r.x + px(18), r.y + px(8)), family="serif", size=15, style="bold",
         colour=theme.GOLD, width=r.w - px(36))


def _fit_card(scene, r: pygame.Rect, head: int, html: str, below: int = 70, cls: str = "@paper",
              indent: int = 0) -> pygame.Rect:
    """``r`` made no taller than its text needs (``head``: pixels above the text box; ``below``: base
    pixels under it; ``indent``: pixels of an illustration left of the text), at least a third of the
    window high, centred again."""
    need = head + scene.text_height(html, r.w - px(36) - indent, cls) + px(below)
    centre = r.center
    r = pygame.Rect(r.x, r.y, r.w, max(min(r.h, need), scene.app.size[1] // 3))
    r.center = centre
    return r


def _inner(r: pygame.Rect, top: int, bottom_room: int = 70, indent: int = 0) -> pygame.Rect:
    """The body of a card from ``top`` down to the row of its buttons (``bottom_room`` base pixels), right
    of an illustration ``indent`` pixels wide."""
    return pygame.Rect(r.x + px(18) + indent, top, r.w - px(36) - indent, r.bottom - px(bottom_room) - top)


def _close(scene, r: pygame.Rect, label: str, callback, tip: str, width: int = 160):
    """A card's button at its bottom right."""
    return scene.button((r.right - px(18 + width), r.bottom - px(54), px(width), px(42)), label, callback, tip,
                        cls="@primary")
