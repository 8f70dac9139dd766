"""Dialogs over the board: decisions, hand-over, help, pause menu, the log, the dossier."""

from __future__ import annotations

import html

import pygame

from game.engine.errors import EngineError

from .. import names, theme
from ..art import looks_of
from ..art.portrait import portrait
from ..art.poster import poster
from ..cards import (_card_rect, _close, _draw_card, _draw_title, _fit_card, _inner, _motif, _title_lines,
                     _title_top)
from ..drawing import picture, text
from ..theme import html_heading, px
from ..scene import GameScene, Scene
from ..forecasting import focus_motion, option_outcomes
from ..wording import event_html, price_words

esc = html.escape


class DecisionScene(GameScene):
    """A choice an event offers a human side: the text, the history, the options."""

    name = "decision"
    overlay = True

    def layout(self):
        g = self.session.game
        p = g.pending
        r = _card_rect(self.app, 0.64, 0.76)
        self._rect = r
        self.title_lines = []
        self.art = None
        if not p:
            return
        side = p["side"]
        title = g.pending_title()
        if p["kind"] == "event":
            spec = g.scenario.event(p["id"])
            body, history = spec.text, spec.history
        else:
            spec, body, history = None, g.compromise(p["id"]).text, ""
        self.motif = _motif(spec, g.scenario)
        self.indent = int(r.w * 0.26) + px(16)
        self.title_lines = _title_lines(title, r.w - px(36) - self.indent)
        top = _title_top(r, self.title_lines)
        parts = [f"<b>{esc(g.side_name(side))} must decide.</b><br>{esc(body)}"]
        if history:
            parts.append(f"<br><br><font color='#b3a68a'><i>The record: {esc(history)}</i></font>")
        options = g.pending_options()
        descr = {opt: g.pending_effect(opt) for opt in options}     # what each option does, in words
        viewer = side if self.session.is_human(side) else self.session.viewer
        motion = focus_motion(g)
        priced = option_outcomes(g, viewer, motion) if viewer == side else {}
        # What each option means and costs, in the card itself (not only in a tooltip).
        for k, (opt, label) in enumerate(options.items()):
            parts.append(f"{'<br><br>' if k == 0 else '<br>'}<b>{k + 1}. {esc(label)}</b>: {esc(descr.get(opt, ''))}")
            if opt in priced:
                parts.append(f"<br><font color='#d4a94a'>{esc(price_words(g, priced[opt], motion))}</font>")
        if priced:
            parts.append("<br><font color='#7d7160'>Judged from your own estimates; a decision cannot be "
                         "taken back.</font>")
        coach = self.session.coach
        advice = coach.advice(g) if coach is not None and coach.side == side else None
        if advice is not None:
            k = list(options).index(advice.targets()["option"]) + 1
            parts.append(f"<br><br><font color='#d4a94a'><b>Tutorial.</b> The suggested answer: "
                         f"{k}. {esc(options[advice.targets()['option']])} (press {k}).</font>")
        choose = {a.targets()["option"]: a for a in g.legal_actions() if a.kind == "choose"}
        n = len(options)
        r = self._rect = _fit_card(self, r, top - r.y, "".join(parts), below=28 + n * 52, indent=self.indent)
        top = _title_top(r, self.title_lines)
        bh = px(44)
        y = r.bottom - px(18) - n * (bh + px(8))
        box = pygame.Rect(r.x + px(18) + self.indent, top, r.w - px(36) - self.indent, max(px(60), y - px(10) - top))
        self.textbox(box, "".join(parts), cls="@paper")
        self.art = pygame.Rect(r.x + px(18), r.y + px(50), self.indent - px(16), box.bottom - r.y - px(50))
        self.keys = {}
        for k, (opt, label) in enumerate(options.items()):
            action = choose.get(opt)
            tip = esc(descr.get(opt, "")) or None
            self.button((r.x + px(18), y + k * (bh + px(8)), r.w - px(36), bh), f"{k + 1}.  {label}",
                        (lambda a=action: self.choose(a)) if action is not None else None, tip, cls="@menu")
            if action is not None:
                self.keys[pygame.K_1 + k] = lambda a=action: self.choose(a)

    def choose(self, action):
        try:
            self.session.apply(action)
        except EngineError as exc:
            self.app.notify(str(exc))
        self.app.pop()

    def update(self, dt):
        super().update(dt)
        if not self.session.game.pending and self.app.scene is self:
            self.app.pop()

    def draw(self, surface):
        _draw_card(surface, self._rect, f"{self.session.game.day.label} · decision")
        if self.art is not None:
            _draw_title(surface, self._rect, self.title_lines, indent=self.indent)
            picture(surface, poster(self.motif, self.art.size), self.art, "poster", self._rect)

    def demo_advance(self):
        legal = self.session.game.legal_actions()
        if legal:
            self.choose(legal[0])


class HandoverScene(GameScene):
    """Hot-seat: first the result of the move just made, for its player; then the board hidden for the next."""

    name = "handover"
    toasts = False

    def __init__(self, app, session, side):
        super().__init__(app, session)
        self.side = side
        self.leaving = session.viewer
        self.result = self.move_result() if self.leaving != side else []

    def move_result(self) -> list[str]:
        """What the leaving player's last move did, as that player may see it (until the day's votes)."""
        g = self.session.game
        if self.session.move_start < 0:
            return []
        out = []
        for e in g.log[self.session.move_start:]:
            if e.kind in ("vote", "day"):
                break
            if e.audience is None or e.audience == self.leaving:
                out.append(e.text)
        return out

    def layout(self):
        w, h = self.app.size
        if self.result:
            self.textbox((w // 2 - int(w * 0.3), int(h * 0.26), int(w * 0.6), int(h * 0.36)),
                         "<br>".join(f"• {esc(line)}" for line in self.result), cls="@paper")
            self.button((w // 2 - px(170), int(h * 0.68), px(340), px(50)), "Hide the board and pass the seat",
                        self.hide, "[Enter]", cls="@primary")
            self.keys = {pygame.K_RETURN: self.hide, pygame.K_SPACE: self.hide}
        else:
            self.button((w // 2 - px(150), int(h * 0.62), px(300), px(50)), "I am ready", self.ready, "[Enter]",
                        cls="@primary")
            self.keys = {pygame.K_RETURN: self.ready, pygame.K_SPACE: self.ready}

    def hide(self):
        self.result = []
        self.rebuild()

    def ready(self):
        self.session.viewer = self.side
        self.app.pop()

    def draw(self, surface):
        surface.fill(theme.BG)
        w, h = surface.get_size()
        g = self.session.game
        if self.result:
            k = g.scenario.side_index(self.leaving)
            text(surface, f"{g.side_name(self.leaving)}: the result of your move", (w // 2, int(h * 0.16)),
                 family="serif", size=30, style="bold", colour=theme.SIDE_COLOURS[k], anchor="center", width=w - px(80))
            text(surface, "Read it now: the next screen hides the board for the other player.",
                 (w // 2, int(h * 0.21)), size=15, colour=theme.CREAM_DIM, anchor="center", width=w - px(80))
            return
        k = g.scenario.side_index(self.side)
        text(surface, "Pass the seat", (w // 2, int(h * 0.30)), family="serif", size=42, style="bold",
             anchor="center", width=w - px(80))
        text(surface, f"{g.side_name(self.side)} to move", (w // 2, int(h * 0.42)), family="serif", size=24,
             colour=theme.SIDE_COLOURS[k], anchor="center", width=w - px(80))
        text(surface, "The other player should look away: the board shows only the knowledge of the side to move.",
             (w // 2, int(h * 0.50)), size=15, colour=theme.CREAM_DIM, anchor="center", width=w - px(80))

    def demo_advance(self):
        self.hide() if self.result else self.ready()


HELP = [
    ("Enter", "confirm the chosen action"), ("Esc", "cancel the unconfirmed choice / open the menu"),
    ("V", "call a vote"), ("P", "wait (pass the move)"), ("1 – 4", "politics, procedure, intelligence, force"),
    ("Up / Down", "previous / next target of the chosen action"), ("U", "undo your last move, when allowed"),
    ("[  ]", "previous / next motion in the forecast"), ("L", "the log of every event"),
    ("Ctrl+S", "save the game"), ("D", "show or hide the model's details in the explanations"),
    ("E", "who was who: the figure under the mouse or chosen"), ("F1", "this help"), ("F11", "fullscreen"),
    ("Tab", "move the highlight between buttons; Enter presses the highlighted one"),
]


class HelpScene(Scene):
    name = "help"
    toasts = False
    overlay = True

    def __init__(self, app, session=None):
        super().__init__(app)
        self.session = session

    def rules(self):
        s = self.session
        self.app.push("rules", s.scenario, s.viewer) if s is not None else self.app.push("rules")

    def encyclopedia(self):
        self.app.push("encyclopedia", self.session.scenario if self.session is not None else None)

    def layout(self):
        r = _card_rect(self.app, 0.62, 0.80)
        self._rect = r
        keys = "".join(f"<b>{esc(k)}</b> — {esc(v)}<br>" for k, v in HELP)
        away = f" from {esc(self.session.scenario.words.capital)}" if self.session is not None else ""
        body = (f"{html_heading('Keys')}<br>{keys}<br>"
                f"{html_heading('Reading the board')}<br>"
                "Each portrait's bar is <i>your estimate</i> of where he stands, from one side (left, blue) to "
                "the other (right, red), as the legend above the portraits names them; the "
                "shaded range is your uncertainty. A hollow portrait or "
                f"dot is away{away}. The forecast simulates the vote from your estimates: the percentage "
                "is the chance the motion passes, the per-voter bars show each man's chance of voting yes "
                "(with the 10–90% range). Hover over any number for its explanation; click a portrait for his "
                "dossier. Choose a kind of action, a target (click a highlighted portrait), read its cost, odds, "
                "effect and what it would do to the forecast, then confirm.")
        self.textbox(_inner(r, r.y + px(46)), body, cls="@paper")
        self.button((r.x + px(18), r.bottom - px(54), px(160), px(42)), "Rules", self.rules,
                    "What wins, what each action does and costs.  [R]", cls="@menu")
        self.button((r.x + px(188), r.bottom - px(54), px(180), px(42)), "Who was who", self.encyclopedia,
                    "Every figure: portrait, offices, life, role and fate.  [W]", cls="@menu")
        _close(self, r, "Close", self.app.pop, "[Esc]")
        self.keys = {pygame.K_ESCAPE: self.app.pop, pygame.K_F1: self.app.pop, pygame.K_RETURN: self.app.pop,
                     pygame.K_r: self.rules, pygame.K_w: self.encyclopedia}

    def draw(self, surface):
        _draw_card(surface, self._rect, "Help")

    def demo_advance(self):
        self.app.pop()


class PauseScene(Scene):
    name = "pause"
    toasts = False
    overlay = True

    def __init__(self, app, board):
        super().__init__(app)
        self.board = board

    def layout(self):
        items = [("Resume", self.app.pop), ("Save game", self.save), ("Load a game", self.load),
                 ("Settings", self.settings), ("Quit to title", self.quit_to_title)]
        bh = px(44)
        r = _card_rect(self.app, 0.30, 0.56)
        r.h = px(56 + 24) + len(items) * (bh + px(10))      # as tall as its buttons
        r.center = self.app.window.get_rect().center
        self._rect = r
        for k, (label, cb) in enumerate(items):
            self.button((r.x + px(24), r.y + px(56) + k * (bh + px(10)), r.w - px(48), bh), label, cb, cls="@menu")
        self.keys = {pygame.K_ESCAPE: self.app.pop}

    def save(self):
        self.app.pop()
        self.board.save()

    def load(self):
        self.app.push("load")

    def settings(self):
        self.app.push("settings")

    def quit_to_title(self):
        self.app.reset("title")

    def draw(self, surface):
        _draw_card(surface, self._rect, "Menu")

    def demo_advance(self):
        self.app.pop()


class LogScene(GameScene):
    """Every event of the game with its cause, newest at the bottom."""

    name = "log"
    toasts = False
    overlay = True

    def __init__(self, app, session, full: bool = False):
        super().__init__(app, session)
        self.full = full        # after the end every secret is out

    def layout(self):
        r = _card_rect(self.app, 0.80, 0.86)
        self._rect = r
        g = self.session.game
        entries = g.log if self.full else g.log_for(self.session.viewer)
        lines = [event_html(g, e) for e in entries]
        box = self.textbox(_inner(r, r.y + px(46)), "<br>".join(lines) or " ", cls="@ticker")
        if box.scroll_bar is not None:
            box.scroll_bar.set_scroll_from_start_percentage(1.0)
        _close(self, r, "Close", self.app.pop, "[Esc] or [L]")
        self.keys = {pygame.K_ESCAPE: self.app.pop, pygame.K_l: self.app.pop, pygame.K_RETURN: self.app.pop}

    def draw(self, surface):
        g = self.session.game
        n = len(g.log if self.full else g.log_for(self.session.viewer))
        _draw_card(surface, self._rect, f"The log · {n} entries" + (" · every secret" if self.full else ""))

    def demo_advance(self):
        self.app.pop()


class DossierScene(GameScene):
    """One figure's file: who he is, where he is, what you believe of him, how he has voted."""

    name = "dossier"
    toasts = False
    overlay = True

    def __init__(self, app, session, actor_id: str):
        super().__init__(app, session)
        self.actor_id = actor_id

    def layout(self):
        g = self.session.game
        s = g.scenario
        a = s.actor(self.actor_id)
        i = g.actor_index(a.id)
        r = _card_rect(self.app, 0.60, 0.80)
        self._rect = r
        face = min(px(220), r.w // 4, r.h // 3)     # the portrait, left of the title and the file
        self.looks = looks_of(a)
        self.indent = indent = face + px(16)
        self.title_lines = _title_lines(a.name, r.w - px(36) - indent)
        mean, sd = g.estimates(self.session.viewer)
        pop = g.people
        lean = float(mean[i])
        side = s.sides[0].within if lean > 0 else s.sides[1].within
        where = names.where(s, pop.days_away[i], travelling=bool(pop.travelling[i]))
        # His place in each membership the crisis has (a crisis with no Central Committee never says
        # "not in the Central Committee").
        held = [names.membership(s, body, g.membership_level(i, body)) for body in ("presidium", "cc")
                if (getattr(pop, body) > 0).any()]
        held += [f"in {s.words.members_secretariat}"] if pop.secretariat[i] else []
        native = f"<i>{esc(a.name_ru)}</i><br>" if a.name_ru else ""      # a crisis may give no native name
        parts = [f"{native}<font color='#b3a68a'>{esc('; '.join(a.offices))}</font><br>",
                 (f"{esc(names.upper('; '.join(held)))}. " if held else "") + f"Now {esc(where)}.<br><br>",
                 f"<b>What you believe.</b> {names.upper(a.his)} stance: <b>{lean:+.2f}</b> "
                 f"({names.spread(s, sd[i])}), toward {esc(side)}.<br>"]
        votes = [(v, v.ballots[a.id]) for v in g.votes if a.id in v.ballots]
        if votes:
            parts.append(f"<br><b>{names.upper(a.his)} votes.</b><br>")
            for v, ballot in votes:
                parts.append(f"{esc(v.date[5:])} · {esc(s.motion(v.motion).name)}: <b>{esc(ballot)}</b><br>")
        viewer = self.session.viewer
        promised = [act.get("post", "") for act in g.actions      # only your own promises (from the move list)
                    if act.get("kind") == "promise" and act.get("side") == viewer and act.get("target") == a.id]
        if promised:
            posts = {p.id: p.name for p in s.posts}
            parts.append(f"<br><b>You have promised {a.him}.</b><br>")
            for post in promised:
                parts.append(f"{esc(posts.get(post, post))}<br>")
        if a.bio:
            parts.append(f"<br><i>{esc(a.bio)}</i>")
        r = self._rect = _fit_card(self, r, _title_top(r, self.title_lines) - r.y, "".join(parts), indent=indent)
        face = min(face, r.h - px(50 + 70))     # the card may have shrunk to its text
        self.face = pygame.Rect(r.x + px(18), r.y + px(50), face, face)
        top = _title_top(r, self.title_lines)
        self.textbox(_inner(r, top, indent=indent), "".join(parts), cls="@paper")
        _close(self, r, "Close", self.app.pop, "[Esc]")
        self.keys = {pygame.K_ESCAPE: self.app.pop, pygame.K_RETURN: self.app.pop}

    def draw(self, surface):
        _draw_card(surface, self._rect, "Dossier")
        _draw_title(surface, self._rect, self.title_lines, indent=self.indent)
        picture(surface, portrait(self.looks, self.face.w, round_mask=False), self.face, "portrait", self._rect)
        pygame.draw.rect(surface, theme.EDGE, self.face.inflate(px(6), px(6)), width=max(1, px(2)))

    def demo_advance(self):
        self.app.pop()
