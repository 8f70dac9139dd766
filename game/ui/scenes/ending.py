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

    def enter(self):
        super().enter()
        self.app.sound.music("theme")

    def layout(self):
        g = self.session.game
        o = g.outcome()
        w, h = self.app.size
        x, y = int(w * 0.10), int(h * 0.07) + px(150)
        cw = w - 2 * x
        parts = [esc(o.text), "<br><br>"]
        if o.decisive_votes:
            parts.append(html_heading("The decisive votes", 16) + "<br>")
            for v in o.decisive_votes:
                m = g.scenario.motion(v.motion)
                body = g.scenario.body(v.body)
                verdict = "carried" if v.passed else "defeated"
                parts.append(f"{esc(day_label(g, v.date))} · {esc(body.name)}: <b>{esc(m.name)}</b> — "
                             f"{esc(v.tally)}, {verdict}<br>")
        parts.append(f"<br><font color='#b3a68a'>Ended by {esc(o.termination.value)} on {esc(day_label(g, o.date))}; "
                     f"seed {g.seed}; {g.action_count} moves.</font>")
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

    def update(self, dt):
        super().update(dt)
        if self.app.settings.get("auto_continue") and self.age > self.app.settings.get("card_delay", 2.5) + 1:
            self.epilogue()

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
        if o.winner:
            k = g.scenario.side_index(o.winner)
            who = f"{g.side_name(o.winner)} prevails — a {o.degree.value} victory"
            colour = theme.SIDE_COLOURS[k]
            if self.session.humans and len(self.session.humans) == 1:
                mine = self.session.humans[0] == o.winner
                who += "  ·  " + ("you have won" if mine else "you have lost")
        else:
            who, colour = f"No one prevails ({o.degree.value})", theme.CREAM_DIM
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
