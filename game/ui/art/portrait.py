"""Drawn busts: a face for every person, generated from his :class:`~.looks.Looks`.

A portrait is drawn once on a large canvas with pygame's primitives, in a
palette derived from the game's theme, then scaled down smoothly (which
anti-aliases it) and cached per size. Coordinates below are in hundredths of
the canvas side: the head is centred near (50, 44), the shoulders fill the
bottom.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pygame

from .. import theme
from .canvas import INK, Canvas, colour as _c, star as _star
from .looks import Looks

SKIN = {"light": pygame.Color("#dcb393"), "medium": pygame.Color("#c79670"), "olive": pygame.Color("#a87c58")}
HAIR = {"black": "#1b1512", "dark": "#3b2a1f", "brown": "#6b4a2e", "fair": "#b8975e", "red": "#8a4a22",
        "grey": "#8f8a84", "white": "#d9d5cc"}
CLOTH = {"suit": "#34302e", "tunic": "#6b6552", "dress": "#3d2a38", "marshal": "#59603f", "general": "#5d6245",
         "security": "#3b4757"}
FACE = {"round": (19.5, 22.0), "oval": (17.0, 23.0), "long": (15.5, 25.0), "square": (18.0, 22.0)}
RIBBONS = ("#a3221c", "#d4a94a", "#3f6fa3", "#efe6cf", "#6f9e5a", "#8c2f6a")
FRAME = (0.13, 0.15, 0.74)   # the part of the canvas a portrait shows (x, y, side): head and shoulders


def _jitter(seed: int) -> list[float]:
    """Eight small proportions in [-1, 1] from the looks' seed."""
    rng = np.random.default_rng(seed)
    return list(rng.uniform(-1.0, 1.0, 8))


def hair_colour(lk: Looks) -> pygame.Color:
    c = _c(HAIR.get(lk.hair, HAIR["dark"]))
    if lk.hair not in ("grey", "white") and lk.age > 58:
        c = c.lerp(_c(HAIR["grey"]), min(0.6, (lk.age - 58) / 40))
    return c


def draw_bust(cv: Canvas, lk: Looks) -> None:
    j = _jitter(lk.seed)
    woman = lk.sex == "woman"
    skin = SKIN.get(lk.skin, SKIN["light"]).lerp(theme.CREAM, 0.12)
    shade = skin.lerp(theme.RED_DARK, 0.38)
    line = skin.lerp(INK, 0.55)
    hair = hair_colour(lk)
    stout = {"slight": -1.5, "medium": 0.0, "stout": 2.5}.get(lk.build, 0.0)
    hw, hh = FACE.get(lk.face, FACE["oval"])
    hw += stout + j[0] * 1.0
    hh += j[1] * 1.0 + (-1.0 if woman else 0.0)
    if woman:
        hw -= 1.5
    cx, cy = 50.0, 44.0 + j[2] * 0.8

    # Shoulders and clothing.
    cloth = _c(CLOTH.get(lk.clothing, CLOTH["suit"]))
    sw = 36 + stout * 2.2 + (-4 if woman else 0)
    neck_w = hw * (0.5 if woman else 0.62) + stout * 0.3
    cv.ellipse(cloth.lerp(INK, 0.25), cx, 100, sw + 1, 27)
    cv.ellipse(cloth, cx - 1, 101, sw, 26)
    cv.rect(shade, cx - neck_w, cy + hh * 0.6, 2 * neck_w, 18)
    _clothing(cv, lk, cloth, cx, sw, neck_w, skin)

    # Hair behind the head (volume, a woman's hair, a bun).
    volume = max(0.0, 1.0 - lk.baldness * 1.6)
    if woman:
        cv.ellipse(hair, cx, cy - 2, hw + 5, hh + 3)
        if lk.hair_style == "bun":
            cv.circle(hair, cx, cy - hh - 1, 7.5)
    elif volume > 0 and lk.hair_style in ("wavy", "swept"):
        cv.ellipse(hair, cx, cy - hh * 0.35, hw + 2.2 * volume, hh * 0.78 + 1.5 * volume)

    # Ears, head (shadow side on the right, lit from the left), jowls.
    ear_y = cy + 1 + j[3] * 0.8
    for s in (-1, 1):
        cv.ellipse(shade, cx + s * (hw + 0.5), ear_y, 3.4 + j[4] * 0.4, 6.5)
    if lk.face == "square":
        cv.rect(shade, cx - hw, cy - hh, 2 * hw, 2 * hh, radius=hw * 0.7)
        cv.rect(skin, cx - hw, cy - hh, 2 * hw - 2.2, 2 * hh - 1.5, radius=hw * 0.7)
    else:
        cv.ellipse(shade, cx, cy, hw, hh)
        cv.ellipse(skin, cx - 1.1, cy - 0.6, hw - 1.1, hh - 0.8)
    if lk.build == "stout" or lk.age > 66:
        cv.arc(shade, cx, cy + hh * 0.62, hw * 0.7, hh * 0.42, math.pi * 1.15, math.pi * 1.85, 1.2)

    # Hair on top, then the bald dome over it.
    if not woman:
        _hair_top(cv, lk, hair, skin, cx, cy, hw, hh, j)
    else:
        cv.ellipse(hair, cx - 2, cy - hh * 0.72, hw * 0.95, hh * 0.42)
        cv.ellipse(hair, cx + 3, cy - hh * 0.66, hw * 0.7, hh * 0.36)

    # Brows, eyes, nose, mouth.
    es = hw * 0.42 + j[5] * 0.6
    ey = cy - hh * 0.05 + j[6] * 0.6
    if lk.age > 56:
        for k in range(1 + (lk.age > 64)):
            y = cy - hh * (0.42 - 0.1 * k)
            if lk.baldness < 0.3 and not woman and y < cy - hh * 0.4:
                continue
            cv.arc(line.lerp(skin, 0.45), cx, y + 6, hw * 0.45, 5, math.pi * 0.2, math.pi * 0.8, 0.7)
    brow = hair if lk.hair not in ("grey", "white") else hair.lerp(INK, 0.35)
    if lk.baldness > 0.6:
        brow = hair.lerp(INK, 0.4)
    bt = {"thin": 1.0, "medium": 1.7, "heavy": 3.4}.get(lk.eyebrows, 1.7) * (0.8 if woman else 1.0)
    for s in (-1, 1):
        x0, x1 = cx + s * (es - 4.5), cx + s * (es + 4.8)
        yb = ey - 5.2 - (1.2 if lk.eyebrows == "heavy" else 0)
        if lk.eyebrows == "heavy":
            cv.poly(brow, [(x0, yb + 1.2), (cx + s * es, yb - 2.2), (x1 + s * 1.2, yb + 0.2),
                           (x1, yb + 2.4), (cx + s * es, yb + 0.6), (x0, yb + 3.0)])
        else:
            cv.lines(brow, [(x0, yb + 0.6), (cx + s * es, yb - 0.8), (x1, yb + 0.6)], bt)
        cv.ellipse(theme.CREAM, cx + s * es, ey, 3.3, 1.7)
        cv.circle(INK, cx + s * es + 0.3, ey, 1.35)
        if lk.age > 55:
            cv.arc(line.lerp(skin, 0.5), cx + s * es, ey + 2.6, 3.2, 1.6, math.pi * 1.1, math.pi * 1.9, 0.6)
        if woman:
            cv.line(INK, (cx + s * (es + 2.6), ey - 0.8), (cx + s * (es + 3.9), ey - 2.0), 0.7)
    nose_len = hh * 0.42 + j[7] * 1.0
    nw = 2.6 + stout * 0.35
    ny = ey + nose_len
    cv.poly(shade, [(cx + 0.5, ey + 1.5), (cx + nw + 0.8, ny), (cx - nw * 0.3, ny + 0.7)])
    cv.arc(line, cx, ny - 0.3, nw, 1.6, math.pi * 1.05, math.pi * 1.95, 0.9)
    my = ny + (hh - (ny - cy)) * 0.42
    mw = hw * 0.38 + j[4] * 0.8
    lip = skin.lerp(theme.RED, 0.55 if woman else 0.25).lerp(INK, 0.15)
    cv.poly(lip, [(cx - mw, my), (cx, my - 0.6), (cx + mw, my), (cx, my + 1.8)])
    if lk.age > 48:
        for s in (-1, 1):
            cv.line(line.lerp(skin, 0.4), (cx + s * (nw + 1.2), ny - 1.5), (cx + s * (mw + 2.2), my + 2.4), 0.7)
    if lk.mole:
        cv.circle(shade.lerp(INK, 0.45), cx + nw + 4.5, ny + 0.5, 1.2)

    _facial_hair(cv, lk, hair, cx, cy, hh, ny, my, mw)
    _glasses(cv, lk, cx, ey, es, hw)


def _hair_top(cv, lk: Looks, hair, skin, cx, cy, hw, hh, j):
    b = max(0.0, min(1.0, lk.baldness))
    style = lk.hair_style
    top = cy - hh
    puff = (1.2 if style == "wavy" else 0.6) * (1 - b)
    hairline = cy - hh * (0.52 - 0.05 * j[0]) if style != "cropped" else cy - hh * 0.6
    # The cap: the upper part of the head's outline, down to the hairline at the front.
    pts = []
    steps = 24
    for k in range(steps + 1):
        a = math.pi * (1.0 + k / steps)          # from the left temple over the top to the right
        pts.append((cx + (hw + puff) * math.cos(a), cy + (hh + puff) * math.sin(a) * 1.0))
    left, right = (cx - hw - puff, cy - hh * 0.1), (cx + hw + puff, cy - hh * 0.1)
    if style == "parted":
        front = [(cx + hw * 0.75, hairline + 2.5), (cx - hw * 0.35, hairline - 1.5), (cx - hw * 0.55, hairline + 3),
                 (cx - hw * 0.85, hairline + 5)]
    elif style == "wavy":
        front = [(cx + hw * (0.8 - 0.32 * k), hairline + (2.5 if k % 2 else 0.5)) for k in range(6)]
    elif style == "cropped":
        front = [(cx + hw * 0.7, hairline), (cx - hw * 0.7, hairline)]
    elif style == "short":
        front = [(cx + hw * 0.8, hairline + 3), (cx + hw * 0.3, hairline), (cx - hw * 0.3, hairline),
                 (cx - hw * 0.8, hairline + 3)]
    else:  # swept back
        front = [(cx + hw * 0.85, hairline + 4), (cx + hw * 0.4, hairline - 0.5), (cx - hw * 0.2, hairline - 1.8),
                 (cx - hw * 0.75, hairline + 1)]
    cv.poly(hair, [left] + pts + [right] + front)
    if style == "parted" and b < 0.5:
        cv.line(hair.lerp(INK, 0.4), (cx - hw * 0.45, top + 2), (cx - hw * 0.4, hairline + 1), 0.8)
    if style in ("swept", "wavy") and b < 0.5:
        for k in range(3):
            x = cx - hw * 0.5 + k * hw * 0.45
            cv.arc(hair.lerp(theme.CREAM, 0.18), x, top + hh * 0.35, hw * 0.35, hh * 0.3, math.pi * 0.3,
                   math.pi * 0.9, 0.6)
    if b > 0:
        dome_w = hw * (0.35 + 0.55 * b)
        dome_h = hh * (0.35 + 0.55 * b)
        cv.ellipse(skin, cx - 0.6, top + dome_h - 0.2, dome_w, dome_h)
        cv.arc(skin.lerp(theme.CREAM, 0.35), cx - hw * 0.3, top + hh * 0.3, hw * 0.25, hh * 0.2, math.pi * 0.3,
               math.pi * 0.8, 1.2)   # the shine on a bald head


def _facial_hair(cv, lk: Looks, hair, cx, cy, hh, ny, my, mw):
    m = lk.moustache
    mh = hair.lerp(INK, 0.15)
    gap = my - ny
    if m == "toothbrush":
        cv.rect(mh, cx - 3.2, ny + 0.6, 6.4, gap * 0.7, radius=0.6)
    elif m == "trim":
        cv.poly(mh, [(cx - mw - 0.5, my - 0.5), (cx, ny + 0.8), (cx + mw + 0.5, my - 0.5), (cx, my - gap * 0.25)])
    elif m == "full":
        cv.poly(mh, [(cx - mw - 2, my + 0.8), (cx - mw, ny + 0.6), (cx + mw, ny + 0.6), (cx + mw + 2, my + 0.8),
                     (cx, my - 0.3)])
    elif m == "walrus":
        cv.poly(mh, [(cx - mw - 3, my + 3.5), (cx - mw - 1, ny + 0.2), (cx + mw + 1, ny + 0.2),
                     (cx + mw + 3, my + 3.5), (cx, my + 0.5)])
    chin = cy + hh
    if lk.beard == "goatee":
        cv.poly(mh, [(cx - mw * 0.8, my + 2.2), (cx + mw * 0.8, my + 2.2), (cx + 2, chin + 1.5), (cx, chin + 5),
                     (cx - 2, chin + 1.5)])
    elif lk.beard == "full":
        cv.poly(mh, [(cx - mw * 2.2, cy + hh * 0.25), (cx - mw * 1.3, my + 1.5), (cx + mw * 1.3, my + 1.5),
                     (cx + mw * 2.2, cy + hh * 0.25), (cx + mw * 1.4, chin + 2), (cx, chin + 5), (cx - mw * 1.4, chin + 2)])


def _glasses(cv, lk: Looks, cx, ey, es, hw):
    g = lk.glasses
    if g == "none":
        return
    glint = theme.CREAM.lerp(SKIN["light"], 0.3)
    if g == "pince-nez":
        for s in (-1, 1):
            cv.ellipse(INK, cx + s * es, ey + 0.3, 4.0, 3.3, width=0.75)
            cv.arc(glint, cx + s * es, ey + 0.3, 3.0, 2.3, math.pi * 0.55, math.pi * 0.9, 0.5)
        cv.arc(INK, cx, ey - 0.2, es - 4.0, 1.8, 0, math.pi, 0.75)
        cv.lines(INK.lerp(theme.GOLD, 0.3), [(cx + es + 4, ey + 0.5), (cx + es + 6, ey + 9), (cx + es + 5, ey + 18)],
                 0.5)   # the cord
        return
    width = {"round": 0.8, "rimless": 0.45, "heavy": 1.8}[g]
    colour = {"round": INK, "rimless": glint.lerp(INK, 0.35), "heavy": INK}[g]
    for s in (-1, 1):
        if g == "heavy":
            cv.rect(colour, cx + s * es - 5, ey - 3.6, 10, 7.2, radius=2.2)
            cv.rect(SKIN["light"].lerp(theme.CREAM, 0.2), cx + s * es - 3.6, ey - 2.2, 7.2, 4.6, radius=1.5)
            cv.ellipse(theme.CREAM, cx + s * es, ey, 3.1, 1.6)
            cv.circle(INK, cx + s * es + 0.3, ey, 1.3)
        else:
            cv.circle(colour, cx + s * es, ey + 0.2, 4.4, width=width)
        cv.line(colour, (cx + s * (es + 4.4), ey - 0.5), (cx + s * (hw + 0.5), ey - 1.2), width)
    cv.arc(colour, cx, ey + 0.2, es - 4.4, 1.5, 0, math.pi, width)


def _clothing(cv, lk: Looks, cloth, cx, sw, neck_w, skin):
    y0 = 73.0
    dark = cloth.lerp(INK, 0.35)
    light = cloth.lerp(theme.CREAM, 0.18)
    kind = lk.clothing
    if kind == "suit":
        cv.poly(theme.CREAM.lerp(theme.MUTED, 0.25), [(cx - neck_w - 1, y0 - 2), (cx + neck_w + 1, y0 - 2),
                                                       (cx, y0 + 22)])
        cv.poly(theme.RED_DARK.lerp(theme.RED, 0.4), [(cx - 2, y0), (cx + 2, y0), (cx + 3.2, y0 + 24),
                                                      (cx, y0 + 28), (cx - 3.2, y0 + 24)])
        cv.rect(theme.RED_DARK, cx - 2.2, y0 - 1, 4.4, 3.2, radius=1)
        for s in (-1, 1):
            cv.poly(light, [(cx + s * (neck_w + 1.5), y0 - 3), (cx + s * 3, y0 + 24), (cx + s * 7, y0 + 10),
                            (cx + s * (neck_w + 4), y0 + 6)])
            cv.line(dark, (cx + s * (neck_w + 1.5), y0 - 3), (cx + s * 3, y0 + 24), 0.6)
        for k in range(min(lk.medals, 3)):       # Hero stars worn on a civilian jacket
            _star(cv, theme.GOLD, cx - 14 - 4.5 * k, y0 + 10, 2.2)
    elif kind == "dress":
        for s in (-1, 1):
            cv.poly(theme.CREAM.lerp(theme.MUTED, 0.2), [(cx, y0 + 4), (cx + s * (neck_w + 5), y0 - 2),
                                                         (cx + s * (neck_w + 7), y0 + 6)])
        cv.circle(theme.GOLD, cx, y0 + 6, 1.6)
    else:  # tunic and uniforms: a closed collar, buttons, pockets
        cv.rect(dark, cx - neck_w - 1, y0 - 6, 2 * neck_w + 2, 7, radius=1)
        for k in range(4):
            cv.circle(theme.GOLD.lerp(cloth, 0.4 if kind == "tunic" else 0.0), cx, y0 + 4 + 7 * k, 1.1)
        for s in (-1, 1):
            cv.rect(dark, cx + s * 14 - 6, y0 + 7, 12, 3, radius=1)
        if kind in ("marshal", "general", "security"):
            gold = theme.GOLD
            trim = {"marshal": gold, "general": theme.RED, "security": pygame.Color("#7fa3c8")}[kind]
            cv.rect(trim, cx - neck_w - 1, y0 - 6, 2 * neck_w + 2, 1.4)
            for s in (-1, 1):   # shoulder boards
                cv.poly(gold.lerp(cloth, 0.15 if kind == "marshal" else 0.35),
                        [(cx + s * (sw - 9), y0 + 1), (cx + s * (neck_w + 4), y0 - 3),
                         (cx + s * (neck_w + 5), y0 + 2), (cx + s * (sw - 7), y0 + 6)])
                if kind == "marshal":   # oak leaves on the collar
                    cv.poly(gold, [(cx + s * 1.5, y0 - 4.5), (cx + s * neck_w, y0 - 5), (cx + s * neck_w, y0 - 1),
                                   (cx + s * 1.5, y0 - 1.5)])
            if kind == "marshal":
                _star(cv, theme.GOLD, cx, y0 + 1.5, 2.6)
        _medals(cv, lk.medals, cx, y0)


def _medals(cv, n: int, cx, y0):
    """Ribbon bars on the left breast (the viewer's right), Hero stars above them."""
    n = max(0, min(n, 40))
    stars = min(4, n // 6)
    bars = n - stars
    for k in range(stars):
        _star(cv, theme.GOLD, cx + 8 + 4.6 * k, y0 + 4, 2.3)
    per_row = 4
    for k in range(min(bars, 16)):
        r, c = divmod(k, per_row)
        x = cx + 7.5 + c * 4.2 + (r % 2) * 0.8
        y = y0 + 8 + r * 2.6
        colour = _c(RIBBONS[(k * 7 + r) % len(RIBBONS)])
        cv.rect(colour, x, y, 3.9, 2.2)
        cv.rect(_c(RIBBONS[(k * 3 + 1) % len(RIBBONS)]), x + 1.4, y, 1.1, 2.2)


def _background(side: int, tint: pygame.Color) -> pygame.Surface:
    """A studio backdrop: a vertical gradient from the theme's band to the ring's colour, darkened."""
    top = np.array(theme.BG_BAND.lerp(tint, 0.25)[:3], dtype=np.float32)
    bottom = np.array(theme.PANEL_HI[:3], dtype=np.float32)
    t = np.linspace(0.0, 1.0, side, dtype=np.float32)[None, :, None]
    grad = (top * (1 - t) + bottom * t).repeat(side, axis=0).astype(np.uint8)
    return pygame.surfarray.make_surface(grad)


@lru_cache(maxsize=512)
def portrait(looks: Looks, size: int, round_mask: bool = True, dim: bool = False,
             backdrop: tuple[int, int, int] = (163, 34, 28)) -> pygame.Surface:
    """A ``size``×``size`` bust (with alpha), circular if ``round_mask``; greyed if ``dim``. Cached."""
    size = max(8, int(size))
    side = max(200, round(2 * size / FRAME[2]))
    cv = Canvas(side)
    cv.surface.blit(_background(side, pygame.Color(*backdrop)), (0, 0))
    draw_bust(cv, looks)
    x, y, w = (round(v * side) for v in FRAME)
    out = pygame.transform.smoothscale(cv.surface.subsurface((x, y, w, w)), (size, size))
    if dim:
        out = pygame.transform.grayscale(out)
        out.fill((200, 188, 175, 255), special_flags=pygame.BLEND_RGBA_MULT)
    if round_mask:
        mask = pygame.Surface((size, size), pygame.SRCALPHA)
        pygame.draw.circle(mask, (255, 255, 255, 255), (size / 2, size / 2), size / 2)
        out.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return out
