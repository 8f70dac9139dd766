"""New game: scenario, side, opponent, seed; then the briefing."""

from __future__ import annotations

import html

import pygame
from pygame_gui import UI_DROP_DOWN_MENU_CHANGED
from pygame_gui.elements import UIDropDownMenu, UITextEntryLine

from game.errors import MAX_SEED, BadInput, parse_seed

from .. import persistence, theme
from ..drawing import backdrop
from ..theme import html_heading, px
from ..scene import GameScene, Scene
from ..rules import span
from ..session import HUMAN, Session, opponent_words, policy_names, random_seed, records_moves


def available_scenarios(offered=()) -> list:
    """``offered`` (scenarios loaded from elsewhere), then every valid scenario file in scenarios/ whose id is
    not already offered (invalid ones are left out)."""
    import game
    from game.scenario.loader import scenario_files
    out = list(offered)
    for path in scenario_files():
        try:
            found = game.load_scenario(path)
        except Exception:  # noqa: BLE001 - `main.py validate` reports broken files
            continue
        if all(found.id != s.id for s in offered):
            out.append(found)
    return out


class SetupScene(Scene):
    name = "setup"

    def __init__(self, app):
        super().__init__(app)
        self.scenarios = available_scenarios(app.offered)
        last = app.settings               # the last choices, remembered (an unknown one is ignored)
        self.scenario = app.offered[0] if app.offered else next(
            (s for s in self.scenarios if s.id == last.get("last_scenario")),
            next((s for s in self.scenarios if s.id == "1957"), self.scenarios[0] if self.scenarios else None))
        sides = [sd.id for sd in self.scenario.sides] if self.scenario else []
        self.side = last.get("last_side") if last.get("last_side") in sides else (sides[0] if sides else "")
        names = policy_names()
        self.opponent = last.get("last_opponent") if last.get("last_opponent") in names + [HUMAN] else (
            "historical" if "historical" in names else names[0] if names else HUMAN)
        self.seed = random_seed()

    def layout(self):
        w, h = self.app.size
        x, y = int(w * 0.07), int(h * 0.07)
        cw = int(w * 0.40)
        x2 = x + cw + int(w * 0.06)
        cw2 = w - x2 - x
        self.label((x, y, w - 2 * x, px(44)), "A new game", cls="@heading")
        y += px(60)
        s = self.scenario
        self.label((x, y, cw, px(26)), "Scenario", cls="@subheading")
        titles = [f"{sc.year} · {sc.title}" for sc in self.scenarios] or ["(no valid scenario)"]
        current = titles[self.scenarios.index(s)] if s else titles[0]
        fnt = theme.font("sans", 15)                # the drop-down's font (assets/theme.json)
        mw = min(cw, max(fnt.size(t)[0] for t in titles) + px(2 * 10 + 44))   # its padding and arrow
        self.menu = UIDropDownMenu(titles, current, pygame.Rect(x, y + px(30), mw, px(34)), self.manager,
                                   container=self.root)
        if s:
            e = html.escape
            cc = sum(b.full + b.candidate for b in s.blocs)
            sides = "".join(f"<b>{e(sd.name)}</b>: {e(sd.goal)}<br>" for sd in s.sides)
            summary = (f"{e(s.summary)}<br><br>{sides}<br><font color='#b3a68a'>{e(span(s))}; {len(s.actors)} named "
                       f"figures{f' and {cc} {e(s.words.cc_members)}' if cc else ''} modelled one by one.</font>")
        else:
            summary = "Add a scenario file to scenarios/."
        self.textbox((x, y + px(74), cw, int(h * 0.50)), summary, cls="@paper")

        yy = y
        self.label((x2, yy, cw2, px(26)), "First player's side" if self.opponent == HUMAN else "Your side",
                   cls="@subheading")
        yy += px(30)
        self.side_buttons = {}
        if s:
            bw = (cw2 - px(10)) // 2
            for i, side in enumerate(s.sides):
                b = self.button((x2 + i * (bw + px(10)), yy, bw, px(38)), side.name, lambda sid=side.id: self.pick_side(sid),
                                tip=html.escape(side.goal), cls="@toggle")
                if side.id == self.side:
                    b.select()
            goal = html.escape(s.side(self.side).goal)
            self.textbox((x2, yy + px(44), cw2, px(56)), f"<i>{goal}</i>", cls="@plain")
        yy += px(110)
        self.label((x2, yy, cw2, px(26)), "Opponent", cls="@subheading")
        yy += px(30)
        # The scripted strategies (strategy:NAME) are for studies and tests, not opponents to choose here.
        options = [(p, f"Computer — {opponent_words(p)}") for p in policy_names() if not p.startswith("strategy:")] + [
            (HUMAN, "A second player (hot-seat)")]
        tips = {"historical": "Plays the moves the real actors made, where they are still possible.",
                "random": "Picks any legal move: a baseline, not a challenge.",
                "ai:easy": "A computer player that judges moves by a quick look ahead; makes mistakes.",
                "ai:normal": "A computer player that weighs each move against its own estimates.",
                "ai:hard": "A computer player that searches ahead over many guesses of what it cannot know.",
                HUMAN: "Two players at one screen; a hand-over screen hides each side's secrets."}
        cols = 2
        bw = (cw2 - px(10)) // cols
        rows = (len(options) + cols - 1) // cols
        by = h - int(h * 0.07) - px(48)          # the Begin / Back row
        # Rows as tall as fits above the seed (its heading, box and a gap): many players make them closer.
        pitch = max(px(30), min(px(44), (by - px(16 + 30 + 36 + 12) - yy) // max(1, rows)))
        silent = s and not records_moves(s, s.other_side(self.side))
        if silent:
            tips["historical"] = (f"This crisis records no moves of {html.escape(s.side(s.other_side(self.side)).name)}"
                                  ": history's moves would only wait.")
        for i, (value, label) in enumerate(options):
            r, c = divmod(i, cols)
            pick = None if silent and value == "historical" else lambda v=value: self.pick_opponent(v)
            b = self.button((x2 + c * (bw + px(10)), yy + r * pitch, bw, pitch - px(6)), label, pick,
                            tip=tips.get(value, f"The computer player '{value}'."), cls="@toggle")
            if value == self.against():
                b.select()
        yy += rows * pitch + px(16)
        self.label((x2, yy, cw2, px(26)), "Seed", cls="@subheading")
        yy += px(30)
        self.seed_entry = UITextEntryLine(pygame.Rect(x2, yy, px(220), px(36)), self.manager, container=self.root)
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(len(str(MAX_SEED - 1)))
        self.seed_entry.set_text(str(self.seed))
        self.button((x2 + px(230), yy, px(150), px(36)), "New seed", self.new_seed,
                    tip="The seed fixes every chance in the game: share it to replay the same crisis.",
                    cls="@small_button")
        self.button((x2, by, px(220), px(48)), "Begin", self.begin if s else None, tip="[Enter]", cls="@primary")
        self.button((x2 + px(240), by, px(160), px(48)), "Back", self.app.pop, tip="[Esc]", cls="@menu")
        self.keys = {pygame.K_ESCAPE: self.app.pop, pygame.K_RETURN: self.begin}

    def against(self) -> str:
        """The opponent the game will have: the one chosen, unless that is history's moves and the crisis records
        no move of the other side (then it would only wait: the computer plays it at normal instead)."""
        s = self.scenario
        if self.opponent == "historical" and s and not records_moves(s, s.other_side(self.side)):
            return "ai:normal" if "ai:normal" in policy_names() else "random"
        return self.opponent

    def _read_seed(self) -> str | None:
        """Take the seed box's number; what is wrong with it (it stays unchanged), or None."""
        text = self.seed_entry.get_text().strip()
        if not text.isdigit():
            return "Seed: type a whole number, digits only (or press New seed)."
        try:
            self.seed = parse_seed(text, "Seed")
        except BadInput as exc:
            return str(exc)
        return None

    def pick_side(self, side):
        self._read_seed()
        self.side = side
        self.rebuild()

    def pick_opponent(self, value):
        self._read_seed()
        self.opponent = value
        self.rebuild()

    def new_seed(self):
        self.seed = random_seed()
        self.seed_entry.set_text(str(self.seed))

    def handle_event(self, event, consumed=False):
        if event.type == UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.menu:
            titles = [f"{sc.year} · {sc.title}" for sc in self.scenarios]
            if event.text in titles:
                self._read_seed()
                self.scenario = self.scenarios[titles.index(event.text)]
                self.side = self.scenario.sides[0].id
                self.rebuild()
            return
        super().handle_event(event, consumed)

    def begin(self):
        if self.scenario is None:
            return
        problem = self._read_seed()
        if problem is not None:          # refused on screen; the player fixes the box and begins again
            self.app.notify(f"{problem}")
            self.seed_problem = problem
            return
        session = Session.new(self.scenario, self.side, self.against(), self.seed)
        self.app.settings.update(last_scenario=self.scenario.id, last_side=self.side, last_opponent=self.opponent)
        try:
            persistence.store_settings(self.app.settings)
        except (OSError, ValueError) as exc:
            self.app.notify(f"Your choices could not be remembered: {exc}")
        self.app.replace("briefing", session)

    def demo_advance(self):
        self.begin()


class BriefingScene(GameScene):
    name = "briefing"

    def layout(self):
        w, h = self.app.size
        s = self.session.scenario
        x, y = int(w * 0.07), int(h * 0.06)
        e = html.escape
        self.label((x, y, w - 2 * x, px(44)), s.title, cls="@heading")
        caption = "  ·  ".join(t for t in (s.title_ru, f"{s.calendar[0].label} {s.year}") if t)
        self.label((x, y + px(44), w - 2 * x, px(26)), caption, cls="@caption")
        lw = int(w * 0.52)
        body = "<br><br>".join(e(p) for p in s.briefing) or e(s.summary)
        self.textbox((x, y + px(84), lw, h - y - px(190)), body, cls="@paper")
        rx = x + lw + px(24)
        rw = w - rx - x
        sides = self.session.humans or [self.session.viewer]
        parts = []
        for sid in sides:
            side = s.side(sid)
            parts.append(html_heading(e(side.name)) + "<br>"
                         f"<b>Your goal.</b> {e(side.goal)}<br><br>"
                         + (f"<b>How to win.</b> {e(side.how_to_win)}<br><br>" if side.how_to_win else ""))
        opp = [sd for sd in s.sides if sd.id not in sides]
        for side in opp:
            who = self.session.controllers[side.id]
            parts.append(f"<font color='#b3a68a'>Against you: <b>{e(side.name)}</b>, played by the computer "
                         f"({e(opponent_words(who))}).</font><br>")
        days = span(s)
        parts.append(f"<br><font color='#b3a68a'>{e(days[:1].upper() + days[1:])}. "
                     f"Seed {self.session.game.seed}.</font>")
        self.textbox((rx, y + px(84), rw, h - y - px(190)), "".join(parts))
        self.button((rx, h - px(86), px(220), px(48)), f"To {s.words.seat}", self.begin, tip="[Enter]",
                    cls="@primary")
        self.keys = {pygame.K_RETURN: self.begin, pygame.K_SPACE: self.begin}

    def begin(self):
        self.app.replace("board", self.session)

    def draw(self, surface):
        backdrop(surface)

    def demo_advance(self):
        self.begin()
