"""A drawing surface addressed in hundredths of its width, for art drawn at any size."""

from __future__ import annotations

import math

import pygame

INK = pygame.Color("#1a1210")


def colour(value) -> pygame.Color:
    return pygame.Color(value)


class Canvas:
    """A canvas ``width`` × ``height`` pixels (square by default). Coordinates are in hundredths of its
    shorter side (times ``zoom``, at most its longer side), the 100 × 100 square centred: a taller or
    wider canvas shows more around it."""

    def __init__(self, width: int, height: int | None = None, zoom: float = 1.0):
        height = width if height is None else height
        self.k = min(max(width, height), min(width, height) * zoom) / 100.0     # zoom > 1 crops the sides
        self.ox, self.oy = (width / self.k - 100) / 2, (height / self.k - 100) / 2
        self.surface = pygame.Surface((width, height), pygame.SRCALPHA)

    def p(self, x, y):
        return ((x + self.ox) * self.k, (y + self.oy) * self.k)

    def w(self, v) -> int:
        return max(1, round(v * self.k))

    def ellipse(self, colour, cx, cy, rx, ry, width=0):
        r = pygame.Rect(0, 0, max(1, 2 * rx * self.k), max(1, 2 * ry * self.k))
        r.center = self.p(cx, cy)
        pygame.draw.ellipse(self.surface, colour, r, self.w(width) if width else 0)

    def arc(self, colour, cx, cy, rx, ry, a0, a1, width):
        r = pygame.Rect(0, 0, max(2, 2 * rx * self.k), max(2, 2 * ry * self.k))
        r.center = self.p(cx, cy)
        pygame.draw.arc(self.surface, colour, r, a0, a1, self.w(width))

    def poly(self, colour, pts, width=0):
        pygame.draw.polygon(self.surface, colour, [self.p(x, y) for x, y in pts], self.w(width) if width else 0)

    def line(self, colour, a, b, width=1.0):
        pygame.draw.line(self.surface, colour, self.p(*a), self.p(*b), self.w(width))

    def lines(self, colour, pts, width=1.0):
        pygame.draw.lines(self.surface, colour, False, [self.p(x, y) for x, y in pts], self.w(width))

    def rect(self, colour, x, y, w, h, radius=0, width=0):
        pygame.draw.rect(self.surface, colour, pygame.Rect(*self.p(x, y), max(1, w * self.k), max(1, h * self.k)),
                         self.w(width) if width else 0, border_radius=round(radius * self.k))

    def circle(self, colour, cx, cy, r, width=0):
        pygame.draw.circle(self.surface, colour, self.p(cx, cy), max(1, r * self.k), self.w(width) if width else 0)


def star(cv: Canvas, colour, cx, cy, r):
    """A five-pointed star of outer radius ``r``."""
    pts = [(cx + (r if k % 2 == 0 else r * 0.42) * math.cos(-math.pi / 2 + k * math.pi / 5),
            cy + (r if k % 2 == 0 else r * 0.42) * math.sin(-math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    cv.poly(colour, pts)
