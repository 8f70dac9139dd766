"""The end: the outcome with its degree and decisive votes, then each actor's fate."""

from __future__ import annotations

import html

import pygame

from .. import theme
from ..drawing import backdrop, text
from ..theme import html_heading, px
from ..scene import GameScene
from ..wording import day_label

esc = html.escape


class OutcomeScene(GameScene):
    name = "end"

    def __init__(self, app, session, runs: int | None = None):
        super().__init__(app, session)
        from ..hindsight import RUNS, Hindsight
        g = session.game
        humans = session.humans
        self.side = humans[0] if len(humans) == 1 and not session.demo else (
            g.outcome().winner or g.scenario.sides[0].id)
        self.hindsight = Hindsight(g, self.side, runs or RUNS)
        self.shown_done = False

    def update(self, dt):
        super().update(dt)
        if self.hindsight.done and not self.shown_done and self.app.scene is self:
            self.shown_done = True
            self.rebuild()
        if self.app.settings.get("auto_continue") and self.age > self.app.settings.get("card_delay", 2.5) + 1:
            self.epilogue()

    def moments_html(self) -> str:
        g = self.session.game
        h = self.hindsight
        who = "you" if self.side in self.session.humans and not self.session.demo else g.side_name(self.side)
        head = html_heading("The decisive moments", 16) + "<br>"
        if not h.done:
            return head + "<i>The model is replaying the game from each morning…</i><br><br>"
        if h.error is not None or not h.moments:
            return head + ("<i>No single day turned it: the game was decided over its whole course.</i><br><br>"
                           if h.error is None else f"<i>Could not be worked out: {esc(str(h.error))}</i><br><br>")
        out = [head]
        for m in h.moments:
            day = g.scenario.calendar[m.turn].label
            verb = "rose" if m.swing > 0 else "fell"
            out.append(f"<b>{esc(day)}</b>: the chance that {esc(who)} would win {verb} from "
                       f"<b>{m.before:.0%}</b> that morning to <b>{m.after:.0%}</b> "
                       f"{'at the end' if m.last else 'the next'}.<br>")
            if m.happened:
                out.append(f"<font color='#b3a68a'>That day: {esc('; '.join(m.happened[:6]))}.</font><br>")
        out.append(f"<font color='#7d7160'>What if: each figure is the share of {h.runs} replays from that "
                   "morning, both sides played by the computer with fresh dice, that this side won.</font><br><br>")
        return "".join(out)

    def enter(self):
        super().enter()
        self.app.sound.music("theme")

    def layout(self):
        g = self.session.game
        o = g.outcome()
        w, h = self.app.size
        x, y = int(w * 0.10), int(h * 0.07) + px(150)
        cw = w - 2 * x
        parts = [esc(o.text), "<br><br>", self.moments_html()]
        if o.decisive_votes:
            parts.append(html_heading("The decisive votes", 16) + "<br>")
            for v in o.decisive_votes:
                m = g.scenario.motion(v.motion)
                body = g.scenario.body(v.body)
                verdict = "carried" if v.passed else "defeated"
                parts.append(f"{esc(day_label(g, v.date))} · {esc(body.name)}: <b>{esc(m.name)}</b> — "
                             f"{esc(v.tally)}, {verdict}<br>")
        parts.append(f"<br><font color='#b3a68a'>Ended on {esc(day_label(g, o.date))} after {g.action_count} "
                     f"moves; seed {g.seed}.</font>")
        html_text = "".join(parts)
        self.textbox((x, y, cw, min(h - y - px(100), self.text_height(html_text, cw, "@paper"))), html_text,
                     cls="@paper")
        self.button((x, h - px(80), px(220), px(48)), "Epilogue", self.epilogue, "What became of them.  [Enter]",
                    cls="@primary")
        self.button((x + px(240), h - px(80), px(180), px(48)), "The log", self.log, "[L]", cls="@menu")
        self.keys = {pygame.K_RETURN: self.epilogue, pygame.K_SPACE: self.epilogue, pygame.K_l: self.log}

    def epilogue(self):
        self.app.replace("epilogue", self.session)

    def log(self):
        self.app.push("log", self.session, full=True)

    def banner(self) -> str:
        """The line under the title: who prevails, and (for a single player) whether you won."""
        g = self.session.game
        o = g.outcome()
        if not o.winner:
            return f"No one prevails ({o.degree.value})"
        who = f"A {o.degree.value} victory for {g.scenario.side(o.winner).within}"   # agrees with any side's name
        if len(self.session.humans) == 1 and not self.session.demo:
            who += "  ·  " + ("you have won" if self.session.humans[0] == o.winner else "you have lost")
        if self.session.coach is not None and self.session.humans == [o.winner]:
            who += "  ·  tutorial complete"
        return who

    def draw(self, surface):
        backdrop(surface)
        g = self.session.game
        o = g.outcome()
        w, h = surface.get_size()
        x = int(w * 0.10)
        band = pygame.Rect(0, int(h * 0.07), w, px(130))
        pygame.draw.rect(surface, theme.BG_BAND, band)
        pygame.draw.line(surface, theme.EDGE, band.topleft, band.topright)
        pygame.draw.line(surface, theme.EDGE, band.bottomleft, band.bottomright)
        who = self.banner()
        colour = theme.SIDE_COLOURS[g.scenario.side_index(o.winner)] if o.winner else theme.CREAM_DIM
        text(surface, o.title, (x, band.y + px(16)), family="serif", size=36, style="bold", width=w - 2 * x)
        text(surface, who, (x, band.y + px(72)), family="serif", size=20, style="italic",
             colour=colour.lerp(theme.CREAM, 0.2), width=w - 2 * x)

    def demo_advance(self):
        self.epilogue()


class EpilogueScene(GameScene):
    name = "epilogue"

    def layout(self):
        g = self.session.game
        o = g.outcome()
        w, h = self.app.size
        x, y = int(w * 0.10), int(h * 0.08)
        self.label((x, y, w - 2 * x, px(44)), "Epilogue", cls="@heading")
        self.label((x, y + px(44), w - 2 * x, px(24)), o.title, cls="@caption")
        parts = []
        for fate in o.epilogue:
            a = g.scenario.actor(fate.actor)
            parts.append(f"<b>{esc(fate.name)}</b> <font color='#b3a68a'><i>{esc(a.name_ru)}</i></font><br>"
                         f"{esc(fate.text)}<br><br>")
        self.textbox((x, y + px(80), w - 2 * x, h - y - px(180)), "".join(parts) or "<i>No fates recorded.</i>",
                     cls="@paper")
        self.button((x, h - px(80), px(260), px(48)), "Return to the title", self.done, "[Enter]", cls="@primary")
        self.keys = {pygame.K_RETURN: self.done, pygame.K_ESCAPE: self.done}

    def done(self):
        self.app.reset("title")

    def update(self, dt):
        super().update(dt)
        if self.app.settings.get("auto_continue") and self.age > self.app.settings.get("card_delay", 2.5) + 1:
            self.done()

    def demo_advance(self):
        self.done()
