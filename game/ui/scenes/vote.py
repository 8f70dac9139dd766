"""A vote as it happens: the motion, the chair and speakers, each ballot in turn, the result."""

from __future__ import annotations

import math

import pygame

from game.engine.record import VoteRecord

from .. import names, theme
from ..art import looks_of
from ..drawing import medallion, text
from ..theme import px
from ..scene import GameScene
from ..wording import day_label

WORD = {"yes": "FOR", "no": "AGAINST", "abstain": "ABSTAINS", "absent": "ABSENT"}
TALLY = (("yes", "for"), ("no", "against"), ("abstain", "abstaining"), ("absent", "absent"))
GOOD, BAD = theme.YES, theme.NO     # from the viewer's side: a ballot that helps it, one that hurts it


class VoteScene(GameScene):
    name = "vote"
    overlay = True

    def __init__(self, app, session, event):
        super().__init__(app, session)
        self.event = event
        self.record = VoteRecord.from_json(event.data["vote"])
        g = session.game
        self.motion = g.scenario.motion(self.record.motion)
        self.body = g.scenario.body(self.record.body)
        self.ballots = list(self.record.ballots.items())
        self.skipped = False
        self.heard = 0            # ballots whose sound has played
        self.gavel = False
        # Green is what helps the player at the screen: a yes if the motion favours his side.
        helps = self.motion.favours == session.viewer
        self.colour = {"yes": GOOD if helps else BAD, "no": BAD if helps else GOOD, "abstain": theme.ABSTAIN,
                       "absent": theme.ABSENT}

    @property
    def delay(self) -> float:
        return float(self.app.settings.get("ballot_delay", 0.35))

    def progress(self) -> tuple[int, float]:
        """(named ballots shown, share of the full tally counted)."""
        if self.skipped:
            return len(self.ballots), 1.0
        shown = min(len(self.ballots), int(self.age / max(self.delay, 1e-3)))
        rest = self.age - len(self.ballots) * self.delay
        frac = 0.0 if rest <= 0 else min(1.0, rest / max(0.6, 4 * self.delay))
        return shown, frac

    def done(self) -> bool:
        return self.progress()[1] >= 1.0

    def layout(self):
        w, h = self.app.size
        r = pygame.Rect(0, 0, int(w * 0.86), int(h * 0.88))
        r.center = (w // 2, h // 2)
        self._rect = r
        self.cont = self.button((r.right - px(218), r.bottom - px(58), px(200), px(44)), "Continue", self.advance,
                                "Skip the count, then continue.  [Enter]", cls="@primary")
        self.keys = {pygame.K_RETURN: self.advance, pygame.K_SPACE: self.advance, pygame.K_ESCAPE: self.advance}

    def advance(self):
        if not self.done():
            self.skipped = True
        else:
            self.app.pop()

    def on_click(self, pos):
        if not self.done():
            self.skipped = True

    def tally(self) -> dict[str, int]:
        """The count as shown: the named ballots revealed so far, then the rest of the body counted in."""
        shown, frac = self.progress()
        rec = self.record
        total = {"yes": rec.yes, "no": rec.no, "abstain": rec.abstain, "absent": rec.absent}
        named = {k: 0 for k in total}
        seen = dict(named)
        for k, (_, ballot) in enumerate(self.ballots):
            named[ballot] = named.get(ballot, 0) + 1
            if k < shown:
                seen[ballot] = seen.get(ballot, 0) + 1
        return {k: seen[k] + round(max(0, total[k] - named[k]) * frac) for k in total}

    def update(self, dt):
        super().update(dt)
        shown, frac = self.progress()
        if shown > self.heard:
            self.app.sound.play("ballot")
            self.heard = shown
        if frac >= 1.0 and not self.gavel:
            self.app.sound.play("gavel")
            self.gavel = True
        if self.done() and self.app.settings.get("auto_continue") and self.age > (
                len(self.ballots) * self.delay + self.app.settings.get("card_delay", 2.5)):
            self.app.pop()

    def draw(self, surface):
        g = self.session.game
        r = self._rect
        rec = self.record
        pygame.draw.rect(surface, theme.PANEL, r)
        pygame.draw.rect(surface, theme.EDGE, r, width=2)
        band = pygame.Rect(r.x, r.y, r.w, px(34))
        pygame.draw.rect(surface, theme.RED_DARK, band)
        text(surface, f"{self.body.name} · {day_label(g, rec.date)}".upper(), (r.x + px(18), r.y + px(8)), family="serif",
             size=15, style="bold", colour=theme.GOLD, width=r.w // 2)
        expected = self.session.expectations.get(rec.motion)
        if expected is not None:
            text(surface, f"YOUR FORECAST: {expected:.0%} TO PASS", (r.right - px(18), r.y + px(9)), family="serif", size=14,
                 style="bold", colour=theme.CREAM_DIM, anchor="topright", width=r.w // 3)
        x, y = r.x + px(22), r.y + px(46)
        tw = r.w - px(44)
        text(surface, self.motion.name, (x, y), family="serif", size=24, style="bold", width=tw)
        chair = g.chairs.get(self.body.id)
        caller = g.scenario.side(rec.called_by).within if rec.called_by else "the chair"
        sub = f"Called by {caller}" + (f"  ·  in the chair: {g.actor_name(chair)}" if chair else "")
        text(surface, sub, (x, y + px(34)), size=14, colour=theme.CREAM_DIM, width=tw)
        if self.motion.text:
            text(surface, self.motion.text, (x, y + px(54)), size=13, style="italic", colour=theme.CREAM_DIM,
                 width=tw)
        speaking, away = g.speaker_mask(self.body.id), g.people.days_away
        speakers = [names.surname(a) for i, a in enumerate(g.scenario.actors) if speaking[i] and away[i] == 0]
        if speakers:
            text(surface, "Speaking without a vote: " + ", ".join(speakers), (x, y + px(74)), size=13,
                 colour=theme.MUTED, width=tw)
        # Named ballots, one by one.
        shown, frac = self.progress()
        tally_y = r.bottom - px(46 + 118)
        grid = pygame.Rect(x, y + px(102), tw, tally_y - px(32) - (y + px(102)))
        n = max(1, len(self.ballots))
        rows_fit = max(1, grid.h // px(90))
        cols = max(3, min(6, math.ceil(n / rows_fit), grid.w // px(170)))
        rows = math.ceil(n / cols)
        ch = min(px(120), max(px(30), grid.h // max(1, rows)))
        cw = grid.w // cols
        big = ch >= px(80)
        for k, (actor_id, ballot) in enumerate(self.ballots):
            c, rr = k % cols, k // cols
            cell = pygame.Rect(grid.x + c * cw, grid.y + rr * ch, cw - px(8), ch - px(6))
            if cell.bottom > grid.bottom:
                break
            name = names.surname(g.scenario.actor(actor_id))
            revealed = k < shown
            rad = max(px(10), min(px(32), ch // 2 - px(10)))
            colour = self.colour[ballot] if revealed else theme.EDGE_DIM
            medallion(surface, (cell.x + rad + px(4), cell.centery), rad, looks_of(g.scenario.actor(actor_id)), colour,
                      dim=not revealed, box=cell)
            tx = cell.x + 2 * rad + px(14)
            size = 17 if big else 14
            ty = cell.centery - px(size + 3)
            text(surface, name, (tx, ty), size=size, style="bold", width=cell.right - tx)
            if revealed:
                text(surface, WORD[ballot], (tx, ty + px(size + 6)), family="serif", size=size, style="bold",
                     colour=self.colour[ballot], width=cell.right - tx)
            else:
                text(surface, "…", (tx, ty + px(size + 6)), size=size, colour=theme.MUTED, width=cell.right - tx)
        # The tally: everyone, named or not.
        bar = pygame.Rect(x, tally_y, tw, px(26))
        total = max(1, rec.yes + rec.no + rec.abstain + rec.absent)
        counted = self.tally()
        # The legend: what the colours mean for the player at the screen.
        you = g.side_name(self.session.viewer)
        lx = x
        for col, words in ((GOOD, f"good for you ({you})"), (BAD, "bad for you"), (theme.ABSTAIN, "abstains"),
                           (theme.ABSENT, "absent")):
            pygame.draw.rect(surface, col, pygame.Rect(lx, bar.y - px(19), px(12), px(12)))
            lr = text(surface, words, (lx + px(17), bar.y - px(22)), size=13, colour=theme.CREAM_DIM, width=r.w // 3)
            lx = lr.right + px(18)
        bx = bar.x
        pygame.draw.rect(surface, theme.BG, bar)
        for key, _ in TALLY:
            seg = int(bar.w * counted[key] / total)
            pygame.draw.rect(surface, self.colour[key], pygame.Rect(bx, bar.y, seg, bar.h))
            bx += seg
        pygame.draw.rect(surface, theme.EDGE, bar, width=1)
        lx = x
        for key, word in TALLY:
            lr = text(surface, f"{counted[key]} {word}", (lx, bar.bottom + px(8)), size=15, style="bold",
                      colour=self.colour[key].lerp(theme.CREAM, 0.3))
            lx = lr.right + px(24)
        self.tips = []
        body = self.body
        self.tip(bar.union(pygame.Rect(x, bar.bottom, bar.w, px(30))),
                 f"<b>All {total} voting members</b> of the {body.name}: {rec.yes} for, {rec.no} against, "
                 f"{rec.abstain} abstaining, {rec.absent} absent. A motion here passes when yes votes exceed "
                 f"{body.majority:.0%} of those {body.majority_of} (quorum: {body.quorum:.0%} of members present). "
                 "Each ballot was drawn from the vote model: stance, ideology, patron, fear, legitimacy and the "
                 "pull of the likely winner.")
        if frac >= 1.0:
            verdict = "CARRIED" if rec.passed else "DEFEATED"
            col = self.colour["yes" if rec.passed else "no"]
            stamp = pygame.Rect(0, 0, px(300), px(54))
            stamp.bottomleft = (x, r.bottom - px(14))
            pygame.draw.rect(surface, col, stamp, width=3)
            text(surface, f"{verdict}  {rec.yes}–{rec.no}", stamp.center, family="serif", size=24, style="bold",
                 colour=col.lerp(theme.CREAM, 0.2), anchor="center", width=stamp.w - px(12))

    def animating(self) -> bool:
        return not self.done()

    def demo_advance(self):
        self.advance()
