"""A PNG of a batch: the outcome distribution (with 95% intervals) and the vote tallies.

Drawn with pygame (already a dependency) on an off-screen surface, so no
display and no matplotlib are needed.
"""

from __future__ import annotations

import os

from ..errors import shown
from .batch import SimResult, wilson

WIDTH, HEIGHT = 1100, 720
INK = (30, 30, 34)
PAPER = (246, 242, 232)
GRID = (205, 198, 184)
SIDE_COLOURS = [(170, 40, 40), (60, 80, 140), (110, 110, 110)]
YES, NO, ABSTAIN = (70, 130, 70), (170, 60, 50), (170, 160, 140)


class PlotUnavailable(RuntimeError):
    """pygame cannot be used here."""


def _pygame():
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except ImportError as exc:  # pragma: no cover - pygame is a dependency
        raise PlotUnavailable("pygame is not installed (pip install pygame-ce)") from exc
    pygame.font.init()
    return pygame


def plot_result(result: SimResult, path: str) -> None:
    """Draw ``result`` into the PNG file ``path``; raises ``OSError`` if it cannot be written there."""
    pg = _pygame()
    surf = pg.Surface((WIDTH, HEIGHT))
    surf.fill(PAPER)
    title_font = pg.font.Font(None, 34)
    font = pg.font.Font(None, 22)
    small = pg.font.Font(None, 19)

    def text(s, pos, f=font, colour=INK, anchor="topleft"):
        img = f.render(shown(s), True, colour)     # text from files: escaped, never a control
        rect = img.get_rect(**{anchor: pos})
        surf.blit(img, rect)
        return rect

    pol = ", ".join(f"{s}={p}" for s, p in result.policies.items())
    text(f"{result.scenario}: {result.runs} games, seed {result.seed} ({pol})", (30, 18), title_font)
    if result.overrides:
        text("overrides: " + ", ".join(result.overrides), (30, 50), small)

    # -- left: outcomes as horizontal bars with Wilson 95% whiskers
    sides = list(result.wins)
    colour_of = {s: SIDE_COLOURS[i % len(SIDE_COLOURS)] for i, s in enumerate(sides)}
    winner_of = {r.outcome: r.winner for r in result.records}
    outcomes = sorted(result.outcomes.items(), key=lambda kv: -kv[1])
    x0, y0, bar_w = 250, 110, 270
    text("Outcomes (share of games, 95% interval)", (30, 80))
    row = 34
    for k in range(0, 11, 2):
        x = x0 + bar_w * k / 10
        pg.draw.line(surf, GRID, (x, y0 - 4), (x, y0 + row * max(len(outcomes), 1)))
        text(f"{k * 10}%", (x, y0 + row * max(len(outcomes), 1) + 4), small, anchor="midtop")
    for i, (oid, n) in enumerate(outcomes):
        y = y0 + i * row
        share = n / result.runs
        lo, hi = wilson(n, result.runs)
        colour = colour_of.get(winner_of.get(oid), SIDE_COLOURS[-1])
        text(oid[:30], (x0 - 8, y + row // 2 - 2), small, anchor="midright")
        pg.draw.rect(surf, colour, (x0, y + 6, max(1, int(bar_w * share)), row - 14))
        ym = y + row // 2 - 1
        pg.draw.line(surf, INK, (x0 + bar_w * lo, ym), (x0 + bar_w * hi, ym), 2)
        for xe in (lo, hi):
            pg.draw.line(surf, INK, (x0 + bar_w * xe, ym - 5), (x0 + bar_w * xe, ym + 5), 2)
        text(f"{share:.0%}", (x0 + bar_w + 8, y + row // 2 - 2), small, anchor="midleft")
    ly = y0 + row * max(len(outcomes), 1) + 36
    for s in sides:
        lo, hi = wilson(result.wins[s], result.runs)
        pg.draw.rect(surf, colour_of[s], (30, ly, 14, 14))
        text(f"{s} wins {result.wins[s] / result.runs:.1%} ({lo:.1%}-{hi:.1%})", (52, ly - 1), small)
        ly += 22

    # -- right: mean tallies of each motion voted, stacked yes / no / abstain
    votes = list(result.votes.values())
    x1, top, width = 600, 110, 460
    text("Votes held (mean tally per vote; passed in % of games)", (x1, 80))
    row = 48
    for i, v in enumerate(votes):
        j = v.to_json(result.runs)
        total = max(j["mean_yes"] + j["mean_no"] + j["mean_abstain"], 1e-9)
        y = top + i * row
        text(f"{v.motion[:34]} ({v.body}, held {v.held}x, passed {j['passed_share']:.0%})", (x1, y), small)
        x = x1
        for value, colour in ((j["mean_yes"], YES), (j["mean_no"], NO), (j["mean_abstain"], ABSTAIN)):
            w = int(width * value / total)
            if w > 0:
                pg.draw.rect(surf, colour, (x, y + 17, w, 20))
                if w > 34:
                    text(f"{value:.1f}", (x + w // 2, y + 27), small, (255, 255, 255), anchor="center")
            x += w
    ly = top + row * max(len(votes), 1) + 8
    for label, colour in (("yes", YES), ("no", NO), ("abstain", ABSTAIN)):
        pg.draw.rect(surf, colour, (x1, ly, 14, 14))
        text(label, (x1 + 20, ly - 1), small)
        x1 += 90
    text(f"mean length {sum(result.turns) / max(len(result.turns), 1):.2f} days", (600, ly + 26), small)
    write_png(pg, surf, path)


def write_png(pg, surface, path: str) -> None:
    """Encode ``surface`` as PNG in memory, then write the bytes to ``path``.

    pygame reports a file it cannot write as a bare ``pygame.error``; writing the bytes here
    gives the ``OSError`` with its reason (read-only place, a folder of that name, disk full)
    that the command line turns into one line. Encoding failures raise :class:`PlotUnavailable`.
    """
    import io
    buffer = io.BytesIO()
    try:
        pg.image.save(surface, buffer, "plot.png")
    except (pg.error, ValueError, TypeError) as exc:
        raise PlotUnavailable(f"pygame cannot encode a PNG here: {exc}") from None
    with open(path, "wb") as f:         # OSError: read-only place, a folder, disk full (raised at close)
        f.write(buffer.getvalue())
