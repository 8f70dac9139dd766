"""Reference pages: the rules of each side (``rules``) and the encyclopedia of the figures (``encyclopedia``).

Both read only scenario data (``game.ui.rules``, the actors' records), so they
open from the title as well as from the board.
"""

from __future__ import annotations

import html

import pygame
from pygame_gui import UI_SELECTION_LIST_NEW_SELECTION
from pygame_gui.elements import UISelectionList

from ...engine.spec import mid_sentence
from .. import names, theme
from ..art import looks_of
from ..art.portrait import portrait
from ..drawing import backdrop, picture, text
from ..rules import rules_sections
from ..scene import Scene
from ..theme import html_heading, px

esc = html.escape


def _scenario(app, scenario):
    if scenario is not None:
        return scenario
    from ..session import default_scenario
    return default_scenario(app.offered)


class RulesScene(Scene):
    """The rules page of one side; the other side's is one click away."""

    name = "rules"

    def __init__(self, app, scenario=None, side: str | None = None):
        super().__init__(app)
        self.scenario = _scenario(app, scenario)
        self.side = side or (self.scenario.sides[0].id if self.scenario else "")

    def layout(self):
        w, h = self.app.size
        x, y = int(w * 0.07), int(h * 0.06)
        s = self.scenario
        self.label((x, y, w - 2 * x, px(44)), "How to play: the rules", cls="@heading")
        if s is None:
            self.textbox((x, y + px(56), w - 2 * x, px(80)), "<i>No valid scenario was found in scenarios/.</i>")
        else:
            bw = min(px(300), (w - 2 * x - px(10)) // 2)
            for i, side in enumerate(s.sides):
                b = self.button((x + i * (bw + px(10)), y + px(52), bw, px(36)), side.name, lambda sid=side.id: self.pick(sid),
                                f"The rules as {mid_sentence(side.does('plays'))} them.  [{i + 1}]", cls="@toggle")
                if side.id == self.side:
                    b.select()
                self.keys[pygame.K_1 + i] = lambda sid=side.id: self.pick(sid)
            parts = []
            for heading, paras in rules_sections(s, self.side):
                parts.append(html_heading(heading) + "<br>")
                parts.extend(f"• {esc(p)}<br>" for p in paras)
                parts.append("<br>")
            self.textbox((x, y + px(100), w - 2 * x, h - y - px(180)), "".join(parts), cls="@paper")
        self.button((x, h - px(70), px(200), px(44)), "Back", self.app.pop, "[Esc]", cls="@menu")
        self.keys[pygame.K_ESCAPE] = self.app.pop

    def pick(self, side):
        self.side = side
        self.rebuild()

    def demo_advance(self):
        self.app.pop()


def fate_lines(scenario, actor) -> list[str]:
    """What became of a figure, outcome by outcome, from the scenario's data."""
    titles = {o.id: o.title for o in scenario.outcomes}
    titles.update({sd.id: f"if {mid_sentence(sd.does('wins'))}" for sd in scenario.sides})
    titles["default"] = "otherwise"
    lines = [f"{titles.get(key, key.replace('_', ' '))}: {line}" for key, line in actor.fates.items()]
    return [names.upper(line) for line in lines]


def role_line(scenario, actor) -> str:
    """A figure's part in the crisis: his seats, his side at the start, what he commands."""
    seats = ("a " + names.membership(scenario, "presidium", actor.presidium) + {
        "full": " (votes there)", "candidate": " (speaks, does not vote)"}[actor.presidium]
        if actor.presidium in ("full", "candidate") else "")
    lean = actor.stance
    side = scenario.sides[0].within if lean > 0 else scenario.sides[1].within
    how = "firmly" if abs(lean) > 0.6 else "leaning" if abs(lean) > 0.2 else "wavering, a little"
    parts = [p for p in (seats, f"a Secretary of {scenario.words.members_cc}" if actor.secretariat else "") if p]
    leads = [sd.within for sd in scenario.sides if sd.leader == actor.id]
    commands = [i.name for i in scenario.institutions if i.commander == actor.id]
    line = ((f"Leader of {leads[0]}. " if leads else "")
            + (f"Commands {', '.join(commands)}. " if commands else ""))
    he = "she" if actor.looks is not None and actor.looks.sex == "woman" else "he"
    line += (f"{he.capitalize()} is {', and '.join(parts)}. " if parts else "")
    line += f"When the crisis opens {he} stands {how} with {side}."
    return line


class EncyclopediaScene(Scene):
    """Every named figure of a scenario: portrait, offices, Russian name, biography, role and fate."""

    name = "encyclopedia"

    def __init__(self, app, scenario=None, actor: str | None = None):
        super().__init__(app)
        self.scenario = _scenario(app, scenario)
        actors = self.scenario.actors if self.scenario else ()
        self.actor = actor if any(a.id == actor for a in actors) else (actors[0].id if actors else None)

    def layout(self):
        w, h = self.app.size
        x, y = int(w * 0.05), int(h * 0.05)
        s = self.scenario
        self.label((x, y, w - 2 * x, px(44)), "Who was who", cls="@heading")
        self.list = None
        if s is None or self.actor is None:
            self.textbox((x, y + px(56), w - 2 * x, px(80)), "<i>No valid scenario was found in scenarios/.</i>")
        else:
            lw = int(w * 0.26)
            names = [a.name for a in s.actors]
            self.list = UISelectionList(pygame.Rect(x, y + px(56), lw, h - y - px(150)), names, self.manager,
                                        container=self.root, default_selection=s.actor(self.actor).name)
            a = s.actor(self.actor)
            face = min(px(200), int(w * 0.16))
            self._portrait = pygame.Rect(x + lw + px(24), y + px(56), face, face)
            rx = self._portrait.right + px(24)
            parts = [f"{html_heading(a.name)}<br>" + (f"<i>{esc(a.name_ru)}</i><br>" if a.name_ru else ""),
                     f"<font color='#b3a68a'>{esc('; '.join(a.offices))}</font><br><br>",
                     f"<b>Role in the crisis.</b> {esc(role_line(s, a))}<br><br>"]
            if a.bio:
                parts.append(f"<b>Life.</b> {esc(a.bio)}<br><br>")
            fates = fate_lines(s, a)
            if fates:
                parts.append("<b>Fate.</b><br>" + "".join(f"• {esc(f)}<br>" for f in fates))
            self.textbox((rx, y + px(56), w - rx - x, h - y - px(150)), "".join(parts), cls="@paper")
            self.keys[pygame.K_DOWN] = lambda: self.step(1)
            self.keys[pygame.K_UP] = lambda: self.step(-1)
        self.button((x, h - px(70), px(200), px(44)), "Back", self.app.pop, "[Esc]", cls="@menu")
        self.keys[pygame.K_ESCAPE] = self.app.pop

    def step(self, k):
        ids = [a.id for a in self.scenario.actors]
        self.actor = ids[(ids.index(self.actor) + k) % len(ids)]
        self.rebuild()

    def handle_event(self, event, consumed=False):
        if event.type == UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.list:
            for a in self.scenario.actors:
                if a.name == event.text:
                    self.actor = a.id
                    self.rebuild()
                    return
        super().handle_event(event, consumed)

    def draw(self, surface):
        backdrop(surface)
        if self.list is not None:
            a = self.scenario.actor(self.actor)
            r = self._portrait
            picture(surface, portrait(looks_of(a), r.w, round_mask=False), r, "portrait")
            pygame.draw.rect(surface, theme.EDGE, r.inflate(px(6), px(6)), width=max(1, px(2)))
            text(surface, names.surname(a), (r.centerx, r.bottom + px(10)), family="serif", size=15,
                 anchor="midtop", width=r.w, colour=theme.CREAM_DIM)

    def demo_advance(self):
        self.app.pop()
