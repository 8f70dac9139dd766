"""What the UI draws itself: portraits, stance bars, the hemicycle, framed panels.

Every function takes the numbers to show; none computes a rule. Sizes are
in pixels of the base layout (1280×720) and scaled by ``theme.px``. Text drawn
here is fitted to its box (``fitted``: a little smaller if need be, cut with
an ellipsis only as a last resort), and reported to an open ``layout.Probe``.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pygame

from . import layout, theme
from .wording import spaced

SHRINK = 0.8      # text may be drawn down to this share of its size to fit its box before it is cut


def fit(text: str, fnt: pygame.font.Font, width: int) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` pixels."""
    if fnt.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if fnt.size(text[:mid].rstrip() + "…")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo else ""


def fitted(s: str, family: str, size: int, style: str, width: int | None) -> tuple[pygame.font.Font, str]:
    """The font and text that draw ``s`` within ``width`` pixels: ``size`` if it fits, else the largest
    size down to ``SHRINK`` × ``size`` that fits, else the smallest, cut with an ellipsis."""
    fnt = theme.font(family, size, style)
    if width is None or fnt.size(s)[0] <= width:
        return fnt, s
    low = max(1, int(size * SHRINK))
    for smaller in range(size - 1, low - 1, -1):
        fnt = theme.font(family, smaller, style)
        if fnt.size(s)[0] <= width:
            return fnt, s
    return fnt, fit(s, fnt, width)


@lru_cache(maxsize=400)       # a few screens' worth of lines: at most a few MB of pictures
def _rendered(s: str, family: str, size: int, style: str, colour: tuple, width: int | None,
              scale: float) -> tuple[pygame.Surface, str]:
    """The picture of a fitted line (cached: a screen redraws the same lines frame after frame)."""
    fnt, shown = fitted(s, family, size, style, width)
    return fnt.render(shown, True, colour), shown


def forget_pictures() -> None:
    """Drop cached pictures of text (fonts of an earlier pygame session are dead)."""
    _rendered.cache_clear()
    _veil.cache_clear()


def text(surface, s: str, pos, *, family="sans", size=14, style="regular", colour=theme.CREAM,
         width: int | None = None, anchor: str = "topleft") -> pygame.Rect:
    """Draw one line of text (fitted to ``width`` if given); returns its rect."""
    s = spaced(s)
    img, shown = _rendered(s, family, size, style, tuple(pygame.Color(colour)), width, theme.scale())
    rect = img.get_rect(**{anchor: pos})
    surface.blit(img, rect)
    if layout.PROBE is not None:
        layout.PROBE.drawn.append(layout.Drawn(s, rect, width, shown != s))
    return rect


def paragraph(surface, s: str, rect: pygame.Rect, *, family="sans", size=12, style="regular",
              colour=theme.CREAM, max_lines: int | None = None) -> pygame.Rect:
    """Draw ``s`` wrapped into ``rect`` (as many lines as its height holds, at most ``max_lines``), at a
    smaller size (down to ``SHRINK``) if that avoids a cut; returns the rect of what was drawn."""
    for sz in range(size, max(1, int(size * SHRINK)) - 1, -1):
        fnt = theme.font(family, sz, style)
        room = max(1, rect.h // fnt.get_linesize())
        room = min(room, max_lines) if max_lines else room
        lines = wrap(s, fnt, rect.w, max_lines=10_000)
        if len(lines) <= room:
            break
    lines = wrap(s, fnt, rect.w, max_lines=room)
    drawn = pygame.Rect(rect.x, rect.y, 0, 0)
    y = rect.y
    for line in lines:
        r = text(surface, line, (rect.x, y), family=family, size=sz, style=style, colour=colour, width=rect.w)
        drawn.union_ip(r)
        y += fnt.get_linesize()
    return drawn


def picture(surface, img: pygame.Surface, rect: pygame.Rect, name: str, box: pygame.Rect | None = None) -> None:
    """Blit an image (a portrait, a poster) at ``rect``, reported to an open ``layout.Probe`` with the
    ``box`` it belongs in."""
    surface.blit(img, rect)
    if layout.PROBE is not None:
        layout.PROBE.pictures.append(layout.Picture(name, pygame.Rect(rect), box))


def medallion(surface, centre, radius: int, looks, colour: pygame.Color, *, hollow=False, dim=False,
              box: pygame.Rect | None = None) -> None:
    """A portrait in a ringed medallion: the drawn bust of ``looks`` (``art.looks_of(actor)``), inside
    ``box`` (for the layout check)."""
    from .art.portrait import portrait
    band = max(2, radius // 7)
    pygame.draw.circle(surface, theme.EDGE_DIM, centre, radius + 2)
    face = portrait(looks, 2 * (radius - band) + 2, dim=dim)
    surface.blit(face, face.get_rect(center=centre))
    if layout.PROBE is not None:
        whole = pygame.Rect(0, 0, 2 * radius + 4, 2 * radius + 4)
        whole.center = centre
        layout.PROBE.pictures.append(layout.Picture("medallion", whole, box))
    ring(surface, centre, radius, colour)
    if hollow:
        pygame.draw.circle(surface, theme.MUTED, centre, radius - band, width=1)


def ring(surface, centre, radius: int, colour: pygame.Color) -> None:
    """A medallion's coloured ring (redrawn alone while a stance glides)."""
    pygame.draw.circle(surface, colour, centre, radius + 1, width=max(2, radius // 7))


def panel(surface, rect: pygame.Rect, title: str = "", *, title_size=15) -> pygame.Rect:
    """A framed panel with a serif title; returns the inner rect below the title."""
    pygame.draw.rect(surface, theme.PANEL, rect)
    pygame.draw.rect(surface, theme.EDGE_DIM, rect, width=1)
    inner = rect.inflate(-theme.px(16), -theme.px(12))
    if title:
        r = text(surface, title.upper(), (inner.x, inner.y), family="serif", size=title_size, style="bold",
                 colour=theme.GOLD, width=inner.w)
        y = r.bottom + theme.px(3)
        pygame.draw.line(surface, theme.EDGE_DIM, (inner.x, y), (inner.right, y))
        inner = pygame.Rect(inner.x, y + theme.px(6), inner.w, inner.bottom - y - theme.px(6))
    return inner


def stance_bar(surface, rect: pygame.Rect, mean: float, sd: float) -> None:
    """An estimate of a stance on [-1, 1]: the range mean ± sd, and a marker at the mean.

    Left is the second side, right the first (as on the hemicycle).
    """
    pygame.draw.rect(surface, theme.BG, rect)
    half = rect.w / 2
    for side_colour, x0, x1 in ((theme.SIDE_COLOURS[1], rect.x, rect.centerx),
                                (theme.SIDE_COLOURS[0], rect.centerx, rect.right)):
        c = pygame.Color(side_colour)
        c.a = 255
        shade = theme.BG.lerp(c, 0.22)
        pygame.draw.rect(surface, shade, pygame.Rect(x0, rect.y, x1 - x0, rect.h))
    lo = max(-1.0, mean - sd)
    hi = min(1.0, mean + sd)
    x_lo = rect.centerx + lo * half
    x_hi = rect.centerx + hi * half
    rng = pygame.Rect(int(x_lo), rect.y + 2, max(2, int(x_hi - x_lo)), rect.h - 4)
    pygame.draw.rect(surface, theme.stance_colour(mean).lerp(theme.BG, 0.35), rng)
    pygame.draw.line(surface, theme.MUTED, (rect.centerx, rect.y), (rect.centerx, rect.bottom - 1))
    x = int(rect.centerx + max(-1.0, min(1.0, mean)) * half)
    pygame.draw.rect(surface, theme.CREAM, pygame.Rect(x - 1, rect.y - 1, 3, rect.h + 2))
    pygame.draw.rect(surface, theme.EDGE_DIM, rect, width=1)


def prob_bar(surface, rect: pygame.Rect, p: float, lo: float | None = None, hi: float | None = None,
             colour: pygame.Color = theme.YES) -> None:
    """A probability in [0, 1] as a filled bar, with an optional 10–90% range."""
    pygame.draw.rect(surface, theme.BG, rect)
    fill = pygame.Rect(rect.x, rect.y, int(rect.w * max(0.0, min(1.0, p))), rect.h)
    pygame.draw.rect(surface, colour.lerp(theme.BG, 0.25), fill)
    if lo is not None and hi is not None:
        y = rect.centery
        pygame.draw.line(surface, theme.CREAM, (rect.x + rect.w * lo, y), (rect.x + rect.w * hi, y), 1)
        for v in (lo, hi):
            x = rect.x + rect.w * v
            pygame.draw.line(surface, theme.CREAM, (x, rect.y + 2), (x, rect.bottom - 3))
    x = rect.x + rect.w // 2
    pygame.draw.line(surface, theme.MUTED, (x, rect.y), (x, rect.bottom - 1))
    pygame.draw.rect(surface, theme.EDGE_DIM, rect, width=1)


def hemicycle_layout(n: int, rect: pygame.Rect) -> tuple[list[tuple[float, float]], float]:
    """Seat positions for ``n`` members in concentric arcs filling ``rect``; and the dot radius.

    Seats are ordered left to right across the arc (by angle), so members
    sorted by stance sit from one side of the hall to the other.
    """
    if n <= 0:
        return [], 3.0
    outer = min(rect.w / 2, rect.h) - 4
    cx, cy = rect.centerx, rect.bottom - 2
    rows = max(3, min(12, int(math.sqrt(n / 2.2))))
    inner = outer * 0.38
    radii = [inner + (outer - inner) * (k + 0.5) / rows for k in range(rows)]
    total_len = sum(radii)
    counts = [max(1, round(n * r / total_len)) for r in radii]
    while sum(counts) > n:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < n:
        counts[-1] += 1
    seats = []
    for r, c in zip(radii, counts):
        for j in range(c):
            a = math.pi * (1 - (j + 0.5) / c)
            seats.append((a, cx + r * math.cos(a), cy - r * math.sin(a)))
    seats.sort(key=lambda s: -s[0])
    spacing = (outer - inner) / rows
    dot = max(2.0, min(spacing * 0.42, math.pi * radii[0] / counts[0] * 0.42))
    return [(x, y) for _, x, y in seats], dot


def darken(surface, alpha: int = 170) -> None:
    surface.blit(_veil(surface.get_size(), alpha), (0, 0))


@lru_cache(maxsize=4)
def _veil(size: tuple[int, int], alpha: int) -> pygame.Surface:
    veil = pygame.Surface(size, pygame.SRCALPHA)
    veil.fill((8, 5, 4, alpha))
    return veil


def backdrop(surface) -> None:
    """The common background: lacquer black with a red band and brass rules."""
    w, h = surface.get_size()
    surface.fill(theme.BG)
    band = pygame.Rect(0, 0, w, 4)
    pygame.draw.rect(surface, theme.RED, band)
    pygame.draw.line(surface, theme.EDGE_DIM, (0, 5), (w, 5))


def star(surface, centre, radius: float, colour) -> None:
    """A five-pointed star (title screen emblem)."""
    cx, cy = centre
    pts = []
    for k in range(10):
        r = radius if k % 2 == 0 else radius * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    pygame.draw.polygon(surface, colour, pts)


def plane(surface, centre, size: float, colour) -> None:
    """A small aircraft seen from above, flying to the right (the airlift on the hemicycle)."""
    cx, cy = centre
    body = [(1.0, 0), (0.7, -0.12), (-0.9, -0.08), (-1.0, 0), (-0.9, 0.08), (0.7, 0.12)]
    wings = [(0.25, -0.05), (-0.1, -0.95), (-0.3, -0.95), (-0.2, 0), (-0.3, 0.95), (-0.1, 0.95), (0.25, 0.05)]
    tail = [(-0.7, 0), (-0.9, -0.35), (-1.0, -0.35), (-0.95, 0), (-1.0, 0.35), (-0.9, 0.35)]
    for shape in (body, wings, tail):
        pygame.draw.polygon(surface, colour, [(cx + x * size, cy + y * size) for x, y in shape])


def wrap(s: str, fnt: pygame.font.Font, width: int, max_lines: int = 3) -> list[str]:
    """Split ``s`` into lines that fit ``width``; the last allowed line is cut with an ellipsis."""
    words = s.split()
    lines: list[str] = []
    cur = ""
    for word in words:
        trial = f"{cur} {word}".strip()
        if fnt.size(trial)[0] <= width or not cur:
            cur = trial
        else:
            lines.append(cur)
            cur = word
    if cur:
        lines.append(cur)
    if len(lines) > max_lines:
        if layout.PROBE is not None:
            layout.PROBE.drawn.append(layout.Drawn(s, pygame.Rect(0, 0, 0, 0), width, True))
        lines = lines[:max_lines]
        lines[-1] = fit(lines[-1] + " …", fnt, width)
    return [fit(line, fnt, width) for line in lines]
