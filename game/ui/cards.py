"""The card every dialog is drawn on: its rectangle, its band and kicker, its title (shared by the scenes)."""

from __future__ import annotations

import pygame

from . import theme
from .drawing import text, wrap


def _card_rect(app, w_share=0.62, h_share=0.72) -> pygame.Rect:
    w, h = app.size
    r = pygame.Rect(0, 0, int(w * w_share), int(h * h_share))
    r.center = (w // 2, h // 2)
    return r


TITLE_SIZE = 26


def _title_lines(title: str, width: int) -> list[str]:
    return wrap(title, theme.font("serif", TITLE_SIZE, "bold"), width, max_lines=2)


def _draw_title(surface, r: pygame.Rect, lines: list[str]) -> None:
    y = r.y + 46
    for line in lines:
        text(surface, line, (r.x + 18, y), family="serif", size=TITLE_SIZE, style="bold", width=r.w - 36)
        y += TITLE_SIZE + 8


def _draw_card(surface, r: pygame.Rect, kicker: str) -> None:
    pygame.draw.rect(surface, theme.PANEL, r)
    pygame.draw.rect(surface, theme.EDGE, r, width=2)
    band = pygame.Rect(r.x, r.y, r.w, 34)
    pygame.draw.rect(surface, theme.RED_DARK, band)
    pygame.draw.line(surface, theme.EDGE, band.bottomleft, band.bottomright)
    text(surface, kicker.upper(), (r.x + 18, r.y + 8), family="serif", size=15, style="bold", colour=theme.GOLD,
         width=r.w - 36)
