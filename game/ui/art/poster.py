"""Event illustrations in one period style: a two-colour linocut poster from a motif.

Each motif is a silhouette in ink over cream paper, with the party red for
rays and accents; a grain of numpy noise gives the printed look. An event
names its motif in the scenario (``art = "aircraft"``; the names are
``spec.Motif``); :data:`DEFAULT_MOTIF` otherwise. The window icon is drawn here too.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pygame

from .. import theme
from .canvas import INK, Canvas, star

PAPER = theme.CREAM.lerp(theme.GOLD, 0.18)
RED = theme.RED
DEFAULT_MOTIF = "kremlin"       # for a name not among the motifs (the format's default is ``Scenario.art``)


def _rays(cv: Canvas, cx, cy, n=16, colour=None):
    """A sunburst from (cx, cy): alternate wedges in a pale red."""
    colour = colour or PAPER.lerp(RED, 0.28)
    for k in range(0, n * 2, 2):
        a0, a1 = 2 * math.pi * k / (2 * n), 2 * math.pi * (k + 1) / (2 * n)
        cv.poly(colour, [(cx, cy), (cx + 160 * math.cos(a0), cy + 160 * math.sin(a0)),
                         (cx + 160 * math.cos(a1), cy + 160 * math.sin(a1))])


def _ground(cv: Canvas, y):
    """The ground from ``y`` down, beyond the square's edges (a taller or wider poster shows more of it)."""
    cv.rect(INK, -200, y, 500, 300)


def kremlin(cv: Canvas):
    _rays(cv, 50, 30)
    # The Spasskaya tower: base, tiers, tent roof, star.
    cv.rect(INK, 38, 48, 24, 40)
    cv.rect(INK, 41, 36, 18, 14)
    cv.rect(INK, 43.5, 27, 13, 10)
    cv.circle(PAPER, 50, 42, 4.2)                 # the clock face
    cv.line(INK, (50, 42), (50, 39.2), 0.8)
    cv.line(INK, (50, 42), (52.3, 42), 0.8)
    cv.poly(INK, [(43.5, 27.5), (50, 9), (56.5, 27.5)])
    star(cv, RED, 50, 7, 4.5)
    cv.rect(PAPER, 46.5, 70, 7, 18, radius=3.5)    # the gate
    # The wall with its swallowtail merlons, and two small towers.
    cv.rect(INK, -200, 68, 500, 20)
    for x in range(-200, 300, 6):
        cv.poly(INK, [(x, 68), (x, 63), (x + 1.6, 65), (x + 3.2, 63), (x + 3.2, 68)])
    for tx in (12, 86):
        cv.rect(INK, tx - 5, 52, 10, 20)
        cv.poly(INK, [(tx - 6, 53), (tx, 40), (tx + 6, 53)])
    _ground(cv, 88)


def aircraft(cv: Canvas):
    _rays(cv, 82, 12, 12)
    _ground(cv, 86)
    for k in range(4):   # speed lines
        cv.line(RED, (4 + 6 * k, 60 + 5 * k), (30 + 6 * k, 48 + 5 * k), 1.4)
    # A twin-engined airliner (Li-2 / Il-14), climbing to the right.
    a = -0.32
    ca, sa = math.cos(a), math.sin(a)

    def rot(pts, ox=52, oy=46):
        return [(ox + x * ca - y * sa, oy + x * sa + y * ca) for x, y in pts]
    cv.poly(INK, rot([(-34, -2), (26, -4), (34, -1), (36, 1), (26, 4), (-30, 3), (-38, 0)]))        # fuselage
    cv.poly(INK, rot([(-2, 0), (10, 0), (2, 30), (-6, 30)]))                                        # near wing
    cv.poly(INK, rot([(-2, -1), (8, -1), (4, -22), (-3, -22)]))                                     # far wing
    cv.poly(INK, rot([(-30, 0), (-38, -13), (-33, -13), (-26, -1)]))                                # fin
    cv.poly(INK, rot([(-31, 1), (-38, 9), (-34, 9), (-27, 2)]))                                     # tailplane
    for ex, ey in ((4, 12), (4, -10)):
        cv.poly(INK, rot([(ex - 3, ey - 2.5), (ex + 9, ey - 2.5), (ex + 9, ey + 2.5), (ex - 3, ey + 2.5)]))
    for k in range(5):
        cv.circle(PAPER, *rot([(14 - 7 * k, -0.8)])[0], 1.0)                                      # windows
    star(cv, RED, *rot([(-33, -8)])[0], 2.6)


def telephone(cv: Canvas):
    _rays(cv, 50, 40)
    _ground(cv, 84)
    cv.poly(INK, [(22, 82), (30, 52), (70, 52), (78, 82)])                 # the body
    cv.circle(PAPER, 50, 67, 10)
    cv.circle(INK, 50, 67, 3.5)
    for k in range(10):
        a = math.pi * (0.25 + 1.5 * k / 9)
        cv.circle(INK, 50 + 7 * math.cos(a), 67 + 7 * math.sin(a), 1.4)
    cv.rect(INK, 26, 44, 48, 6, radius=3)                                  # the cradle
    cv.poly(INK, [(14, 38), (24, 30), (76, 30), (86, 38), (80, 42), (72, 36), (28, 36), (20, 42)])  # handset
    cv.lines(RED, [(78, 84), (84, 92), (94, 88), (98, 95)], 1.6)            # the cord
    for k in range(3):                                                      # it rings
        cv.arc(RED, 50, 28, 30 + 6 * k, 16 + 5 * k, math.pi * 0.15, math.pi * 0.85, 1.3)


def ballot(cv: Canvas):
    _rays(cv, 50, 100, 14)
    # Raised hands, each with a red card: a vote by show of hands.
    for k, (x, h) in enumerate(((18, 40), (34, 30), (50, 24), (66, 32), (82, 42))):
        cv.poly(INK, [(x - 7.5, 300), (x - 4.5, h + 12), (x + 4.5, h + 12), (x + 7.5, 300)])       # sleeve
        cv.rect(PAPER, x - 5, h + 11, 10, 2.2)                                                      # cuff
        cv.rect(RED, x - 3, h - 12, 11, 15, radius=0.8)                                             # the card
        cv.rect(PAPER, x - 1, h - 9.5, 7, 1.4)
        cv.ellipse(INK, x, h + 5, 5, 7)                                                             # hand
        cv.rect(INK, x - 6.5, h + 1, 3, 8, radius=1.4)                                              # thumb


def tanks(cv: Canvas):
    _rays(cv, 50, 78, 14)
    _ground(cv, 80)
    # A T-54 in profile: hull, turret, gun, tracks.
    cv.poly(INK, [(12, 66), (20, 58), (78, 58), (88, 66), (84, 76), (16, 76)])
    cv.ellipse(INK, 48, 55, 16, 8)
    cv.rect(INK, 46, 47, 10, 8)
    cv.rect(INK, 60, 51.5, 36, 2.6)
    cv.rect(INK, 92, 50.8, 5, 4)
    for k in range(6):
        cv.circle(PAPER, 22 + 11.2 * k, 71, 3.4)
        cv.circle(INK, 22 + 11.2 * k, 71, 1.4)
    star(cv, RED, 40, 54, 3.2)
    for x, s in ((6, 0.5), (98, 0.45)):     # dust
        cv.ellipse(PAPER.lerp(INK, 0.25), x, 78, 8 * s * 2, 3)


def newspaper(cv: Canvas):
    _rays(cv, 50, 50, 18)
    cv.poly(INK, [(14, 16), (86, 12), (90, 90), (10, 92)])
    cv.poly(PAPER, [(17, 19), (83, 15.5), (87, 87), (13, 89)])
    font = theme.font("serif", max(8, cv.w(11)), "bold")
    img = font.render("ПРАВДА", True, INK)
    cv.surface.blit(img, img.get_rect(center=cv.p(50, 26)))
    cv.rect(RED, 18, 34, 64, 2)
    cv.rect(INK, 20, 40, 28, 20)
    star(cv, PAPER, 34, 50, 6)
    for k in range(9):
        y = 40 + k * 4.5
        cv.rect(INK.lerp(PAPER, 0.45), 52, y, 28, 1.4)
        if y > 64:
            cv.rect(INK.lerp(PAPER, 0.45), 20, y, 28, 1.4)


def typewriter(cv: Canvas):
    _rays(cv, 50, 20)
    _ground(cv, 88)
    cv.poly(PAPER, [(30, 8), (70, 8), (70, 46), (30, 46)])                  # the sheet
    for k in range(6):
        cv.rect(INK.lerp(PAPER, 0.5), 34, 14 + 5 * k, 30 - 4 * (k == 5), 1.2)
    cv.rect(INK, 16, 42, 68, 8, radius=3)                                   # platen
    cv.circle(INK, 13, 46, 4.5)
    cv.circle(INK, 87, 46, 4.5)
    cv.poly(INK, [(20, 50), (80, 50), (92, 86), (8, 86)])                   # body
    for r in range(4):
        for c in range(10 - r):
            cv.circle(PAPER, 22 + c * 6.2 + r * 3.1, 60 + r * 6.5, 2.1)
    cv.rect(RED, 30, 82, 40, 2.4, radius=1)


def train(cv: Canvas):
    _rays(cv, 70, 40)
    _ground(cv, 82)
    cv.line(PAPER, (-200, 84), (300, 84), 0.8)
    cv.rect(INK, 18, 50, 52, 22, radius=4)                                  # boiler
    cv.rect(INK, 60, 34, 24, 38)                                            # cab
    cv.rect(PAPER, 66, 40, 12, 10)
    cv.rect(INK, 24, 38, 7, 14)                                             # chimney
    cv.poly(INK, [(8, 78), (18, 64), (18, 78)])                             # cow-catcher
    for x, r in ((30, 8), (50, 8), (72, 6)):
        cv.circle(INK, x, 76, r)
        cv.circle(RED, x, 76, r * 0.45)
    for k in range(4):                                                      # steam
        cv.circle(PAPER.lerp(INK, 0.15), 28 - 5 * k, 30 - 6 * k, 5 + 2 * k)
    star(cv, RED, 22, 60, 3)


def rostrum(cv: Canvas):
    _rays(cv, 50, 28, 16)
    _ground(cv, 90)
    cv.circle(INK, 50, 30, 8)                                               # the speaker
    cv.poly(INK, [(36, 70), (38, 44), (50, 40), (62, 44), (64, 70)])
    cv.poly(INK, [(60, 46), (76, 24), (80, 27), (66, 50)])                  # raised arm
    cv.circle(INK, 79, 23, 3.6)
    cv.poly(INK, [(28, 60), (72, 60), (68, 92), (32, 92)])                  # the rostrum
    star(cv, RED, 50, 74, 8)
    cv.line(INK, (42, 60), (46, 42), 1.0)                                   # microphone
    cv.circle(INK, 46.5, 40, 2.2)


def documents(cv: Canvas):
    _rays(cv, 50, 50, 18)
    for k, (dx, a) in enumerate(((-4, -0.12), (3, 0.08), (0, -0.02))):
        ca, sa = math.cos(a), math.sin(a)
        pts = [(x * ca - y * sa + 50 + dx, x * sa + y * ca + 52) for x, y in
               ((-28, -36), (28, -36), (28, 36), (-28, 36))]
        cv.poly(INK, pts)
        inner = [(50 + dx + (x * 0.92) * ca - (y * 0.94) * sa, 52 + (x * 0.92) * sa + (y * 0.94) * ca)
                 for x, y in ((-28, -36), (28, -36), (28, 36), (-28, 36))]
        cv.poly(PAPER, inner)
    for k in range(10):
        cv.rect(INK.lerp(PAPER, 0.45), 28, 24 + 5 * k, 36 - 10 * (k % 3 == 2), 1.3)
    font = theme.font("serif", max(8, cv.w(7)), "bold")
    img = pygame.transform.rotate(font.render("СЕКРЕТНО", True, RED), 18)
    cv.surface.blit(img, img.get_rect(center=cv.p(56, 70)))
    cv.ellipse(RED, 56, 70, 22, 9, width=1.0)


def hall(cv: Canvas):
    _rays(cv, 50, 8, 14)
    cv.rect(RED, 30, 8, 40, 12)                                             # the banner
    star(cv, PAPER, 50, 14, 4.5)
    cv.rect(INK, 20, 22, 60, 8)                                             # the presidium's table
    for row in range(4):                                                    # the hall, heads and shoulders
        y = 44 + row * 14
        n = 6 + row
        for c in range(n):
            x = 50 + (c - (n - 1) / 2) * (92 / n)
            cv.ellipse(INK, x, y + 8, 5.5, 5)
            cv.circle(INK, x, y, 3.6)


def star_motif(cv: Canvas):
    _rays(cv, 50, 50, 20)
    star(cv, INK, 50, 52, 36)
    star(cv, RED, 50, 52, 27)


MOTIFS = {"kremlin": kremlin, "aircraft": aircraft, "telephone": telephone, "ballot": ballot, "tanks": tanks,
          "newspaper": newspaper, "typewriter": typewriter, "train": train, "rostrum": rostrum,
          "documents": documents, "hall": hall, "star": star_motif}


# The sound an event card plays with its motif (see assets/sounds/); motifs not listed are silent.
MOTIF_SOUND = {"aircraft": "aircraft", "telephone": "telephone", "typewriter": "typewriter",
               "newspaper": "typewriter", "documents": "typewriter", "ballot": "ballot", "hall": "gavel",
               "rostrum": "gavel"}


def _grain(surface: pygame.Surface, seed: int) -> None:
    """Printed grain: speckles of ink on the paper, paper in the ink (numpy over the pixels)."""
    rgb = pygame.surfarray.pixels3d(surface)
    rng = np.random.default_rng(seed)
    noise = rng.random(rgb.shape[:2])
    ink = np.array(INK[:3], dtype=np.uint8)
    paper = np.array(PAPER[:3], dtype=np.uint8)
    rgb[noise < 0.018] = ink
    dark = rgb.sum(axis=2) < 200
    rgb[dark & (noise > 0.985)] = paper
    del rgb


@lru_cache(maxsize=32)
def poster(motif: str, size: tuple[int, int]) -> pygame.Surface:
    """The motif's poster filling ``size`` (the motif centred, its ground and sky extended), framed and
    grained. Cached."""
    motif = motif if motif in MOTIFS else DEFAULT_MOTIF
    pygame.font.init()     # the newspaper and the documents print words (idempotent)
    w, h = max(16, size[0]), max(16, size[1])
    cv = Canvas(w, h, zoom=1.3)
    cv.surface.fill(PAPER)
    MOTIFS[motif](cv)
    out = pygame.Surface((w, h)).convert() if pygame.display.get_surface() else pygame.Surface((w, h))
    out.blit(cv.surface, (0, 0))
    _grain(out, seed=sum(map(ord, motif)))
    pygame.draw.rect(out, INK, out.get_rect(), width=max(2, max(w, h) // 60))
    return out


def icon(size: int = 64) -> pygame.Surface:
    """The window icon: the Kremlin tower and its red star on the party red."""
    cv = Canvas(size * 2)
    cv.surface.fill(theme.RED_DARK)
    cv.rect(theme.RED, 0, 0, 100, 100, radius=16)
    cv.rect(INK, 34, 52, 32, 48)
    cv.rect(INK, 38, 38, 24, 16)
    cv.poly(INK, [(38, 39), (50, 12), (62, 39)])
    cv.circle(theme.CREAM, 50, 46, 5)
    star(cv, theme.GOLD, 50, 13, 12)
    return pygame.transform.smoothscale(cv.surface, (size, size))
