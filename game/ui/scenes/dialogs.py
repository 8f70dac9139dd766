"""Dialogs over the board: event cards, decisions, hand-over, help, pause menu, the log."""

from __future__ import annotations

import html

import pygame

from game.engine.errors import EngineError
from game.engine.game import KNOWN_SD

from .. import theme
from ..art import looks_of
from ..art.portrait import portrait
from ..art.poster import DEFAULT_MOTIF, MOTIF_SOUND, poster
from ..drawing import text, wrap
from ..theme import html_heading, px
from ..scene import GameScene, Scene
from ..wording import event_html

esc = html.escape


def _card_rect(app, w_share=0.62, h_share=0.72) -> pygame.Rect:
    w, h = app.size
    r = pygame.Rect(0, 0, int(w * w_share), int(h * h_share))
    r.center = (w // 2, h // 2)
    return r


TITLE_SIZE = 26


def _title_lines(title: str, width: int) -> list[str]:
    return wrap(title, theme.font("serif", TITLE_SIZE, "bold"), width, max_lines=2)


def _title_top(r: pygame.Rect, lines: list[str]) -> int:
    """Where a card's body starts, below its kicker band and its title lines."""
    return r.y + px(52) + len(lines) * px(TITLE_SIZE + 8)


def _draw_title(surface, r: pygame.Rect, lines: list[str], indent: int = 0) -> None:
    y = r.y + px(46)
    for line in lines:
        text(surface, line, (r.x + px(18) + indent, y), family="serif", size=TITLE_SIZE, style="bold",
             width=r.w - px(36) - indent)
        y += px(TITLE_SIZE + 8)


def _art_column(r: pygame.Rect, share: float = 0.3) -> pygame.Rect:
    """The illustration's place on a card: a column at the left, below the kicker band."""
    return pygame.Rect(r.x + px(18), r.y + px(50), int(r.w * share), r.h - px(68))


def _motif(spec) -> str:
    return getattr(spec, "art", None) or DEFAULT_MOTIF


def _draw_card(surface, r: pygame.Rect, kicker: str) -> None:
    pygame.draw.rect(surface, theme.PANEL, r)
    pygame.draw.rect(surface, theme.EDGE, r, width=2)
    band = pygame.Rect(r.x, r.y, r.w, px(34))
    pygame.draw.rect(surface, theme.RED_DARK, band)
    pygame.draw.line(surface, theme.EDGE, band.bottomleft, band.bottomright)
    text(surface, kicker.upper(), (r.x + px(18), r.y + px(8)), family="serif", size=15, style="bold",
         colour=theme.GOLD, width=r.w - px(36))


def _fit_card(scene, r: pygame.Rect, head: int, html: str, below: int = 70, cls: str = "@paper",
              indent: int = 0) -> pygame.Rect:
    """``r`` made no taller than its text needs (``head``: pixels above the text box; ``below``: base
    pixels under it; ``indent``: pixels of an illustration left of the text), at least a third of the
    window high, centred again."""
    need = head + scene.text_height(html, r.w - px(36) - indent, cls) + px(below)
    centre = r.center
    r = pygame.Rect(r.x, r.y, r.w, max(min(r.h, need), scene.app.size[1] // 3))
    r.center = centre
    return r


def _inner(r: pygame.Rect, top: int, bottom_room: int = 70, indent: int = 0) -> pygame.Rect:
    """The body of a card from ``top`` down to the row of its buttons (``bottom_room`` base pixels), right
    of an illustration ``indent`` pixels wide."""
    return pygame.Rect(r.x + px(18) + indent, top, r.w - px(36) - indent, r.bottom - px(bottom_room) - top)


def _close(scene, r: pygame.Rect, label: str, callback, tip: str, width: int = 160):
    """A card's button at its bottom right."""
    return scene.button((r.right - px(18 + width), r.bottom - px(54), px(width), px(42)), label, callback, tip,
                        cls="@primary")


class EventCardScene(GameScene):
    """A scenario event as it happens: what, and the historical record."""

    name = "event"
    overlay = True

    def __init__(self, app, session, event):
        super().__init__(app, session)
        self.event = event

    def layout(self):
        r = _card_rect(self.app, 0.58, 0.62)
        g = self.session.game
        eid = self.event.data.get("event", self.event.cause)
        try:
            spec = g.scenario.event(eid)
            title, body, history = spec.title, spec.text, spec.history
        except KeyError:
            spec, title, body, history = None, self.event.text, "", self.event.data.get("history", "")
        self.motif = _motif(spec)
        self.indent = _art_column(r).w + px(16)
        self.title_lines = _title_lines(title, r.w - px(36) - self.indent)
        parts = [esc(body)]
        if history:
            parts.append(f"<br><br><font color='#b3a68a'><i>The record: {esc(history)}</i></font>")
        r = _fit_card(self, r, _title_top(r, self.title_lines) - r.y, "".join(parts), indent=self.indent)
        top = _title_top(r, self.title_lines)
        self.art = _art_column(r)
        self.textbox(_inner(r, top, indent=self.indent), "".join(parts), cls="@paper")
        _close(self, r, "Continue", self.app.pop, "[Enter]", width=180)
        self.keys = {pygame.K_RETURN: self.app.pop, pygame.K_SPACE: self.app.pop, pygame.K_ESCAPE: self.app.pop}
        self._rect = r

    def enter(self):
        super().enter()
        if self.motif in MOTIF_SOUND:
            self.app.sound.play(MOTIF_SOUND[self.motif])

    def update(self, dt):
        super().update(dt)
        if self.app.settings.get("auto_continue") and self.age > self.app.settings.get("card_delay", 2.5):
            self.app.pop()

    def draw(self, surface):
        _draw_card(surface, self._rect, f"{self.session.game.day.label} · event")
        _draw_title(surface, self._rect, self.title_lines, indent=self.indent)
        surface.blit(poster(self.motif, self.art.size), self.art)

    def demo_advance(self):
        self.app.pop()


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
        self.motif = _motif(spec)
        self.indent = int(r.w * 0.26) + px(16)
        self.title_lines = _title_lines(title, r.w - px(36) - self.indent)
        top = _title_top(r, self.title_lines)
        parts = [f"<b>{esc(g.side_name(side))} must decide.</b><br>{esc(body)}"]
        if history:
            parts.append(f"<br><br><font color='#b3a68a'><i>The record: {esc(history)}</i></font>")
        options = g.pending_options()
        descr = {opt: g.pending_effect(opt) for opt in options}     # what each option does, in words
        # What each option means, in the card itself (not only in a tooltip).
        for k, (opt, label) in enumerate(options.items()):
            if descr.get(opt):
                parts.append(f"{'<br><br>' if k == 0 else '<br>'}<b>{k + 1}. {esc(label)}</b>: {esc(descr[opt])}")
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
            surface.blit(poster(self.motif, self.art.size), self.art)

    def demo_advance(self):
        legal = self.session.game.legal_actions()
        if legal:
            self.choose(legal[0])


class HandoverScene(GameScene):
    """Hot-seat: hides the board until the next player takes the seat."""

    name = "handover"

    def __init__(self, app, session, side):
        super().__init__(app, session)
        self.side = side

    def layout(self):
        w, h = self.app.size
        self.button((w // 2 - px(150), int(h * 0.62), px(300), px(50)), "I am ready", self.ready, "[Enter]",
                    cls="@primary")
        self.keys = {pygame.K_RETURN: self.ready, pygame.K_SPACE: self.ready}

    def ready(self):
        self.session.viewer = self.side
        self.app.pop()

    def draw(self, surface):
        surface.fill(theme.BG)
        w, h = surface.get_size()
        g = self.session.game
        k = g.scenario.side_index(self.side)
        text(surface, "Pass the seat", (w // 2, int(h * 0.30)), family="serif", size=42, style="bold",
             anchor="center", width=w - 80)
        text(surface, f"{g.side_name(self.side)} to move", (w // 2, int(h * 0.42)), family="serif", size=24,
             colour=theme.SIDE_COLOURS[k], anchor="center", width=w - 80)
        text(surface, "The other player should look away: the board shows only the knowledge of the side to move.",
             (w // 2, int(h * 0.50)), size=15, colour=theme.CREAM_DIM, anchor="center", width=w - 80)

    def demo_advance(self):
        self.ready()


HELP = [
    ("Enter", "confirm the chosen action"), ("Esc", "cancel the unconfirmed choice / open the menu"),
    ("V", "call a vote"), ("P", "wait (pass the move)"), ("1 – 4", "politics, procedure, intelligence, force"),
    ("Up / Down", "previous / next target of the chosen action"), ("U", "undo your last move, when allowed"),
    ("[  ]", "previous / next motion in the forecast"), ("L", "the log of every event"),
    ("Ctrl+S", "save the game"), ("F1", "this help"), ("F11", "fullscreen"),
]


class HelpScene(Scene):
    name = "help"
    overlay = True

    def layout(self):
        r = _card_rect(self.app, 0.62, 0.80)
        self._rect = r
        keys = "".join(f"<b>{esc(k)}</b> — {esc(v)}<br>" for k, v in HELP)
        body = (f"{html_heading('Keys')}<br>{keys}<br>"
                f"{html_heading('Reading the board')}<br>"
                "Each portrait's bar is <i>your estimate</i> of where he stands, from the scenario's second side "
                "(left, blue) to its first (right, red), as the legend above the portraits names them; the "
                "shaded range is your uncertainty. A hollow portrait or "
                "dot is away from Moscow. The forecast simulates the vote from your estimates: the percentage "
                "is the chance the motion passes, the per-voter bars show each man's chance of voting yes "
                "(with the 10–90% range). Hover over any number for its explanation; click a portrait for his "
                "dossier. Choose a kind of action, a target (click a highlighted portrait), read its cost, odds, "
                "effect and what it would do to the forecast, then confirm.")
        self.textbox(_inner(r, r.y + px(46)), body, cls="@paper")
        _close(self, r, "Close", self.app.pop, "[Esc]")
        self.keys = {pygame.K_ESCAPE: self.app.pop, pygame.K_F1: self.app.pop, pygame.K_RETURN: self.app.pop}

    def draw(self, surface):
        _draw_card(surface, self._rect, "Help")

    def demo_advance(self):
        self.app.pop()


class PauseScene(Scene):
    name = "pause"
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
        self.board.save()
        self.app.pop()

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
        side = s.sides[0].name if lean > 0 else s.sides[1].name
        where = "in Moscow" if pop.days_away[i] == 0 else (
            f"{int(pop.days_away[i])} days from Moscow" + (", on his way" if pop.travelling[i] else ""))
        memb = {"full": "full member of the Presidium", "candidate": "candidate member of the Presidium"}.get(
            g.membership_level(i, "presidium"), "not in the Presidium")
        cc = {"full": "full member of the Central Committee", "candidate": "candidate member of the Central "
              "Committee"}.get(g.membership_level(i, "cc"), "not in the Central Committee")
        parts = [f"<i>{esc(a.name_ru)}</i><br><font color='#b3a68a'>{esc('; '.join(a.offices))}</font><br>",
                 f"{esc(memb[:1].upper() + memb[1:])}; {esc(cc)}{'; CC Secretary' if pop.secretariat[i] else ''}. "
                 f"Now {esc(where)}.<br><br>",
                 f"<b>What you believe.</b> His stance: <b>{lean:+.2f}</b> "
                 f"({'known' if sd[i] <= KNOWN_SD else f'± {sd[i]:.2f}'}), toward {esc(side)}.<br>"]
        votes = [(v, v.ballots[a.id]) for v in g.votes if a.id in v.ballots]
        if votes:
            parts.append("<br><b>His votes.</b><br>")
            for v, ballot in votes:
                parts.append(f"{esc(v.date[5:])} · {esc(s.motion(v.motion).name)}: <b>{esc(ballot)}</b><br>")
        viewer = self.session.viewer
        promised = [act.get("post", "") for act in g.actions      # only your own promises (from the move list)
                    if act.get("kind") == "promise" and act.get("side") == viewer and act.get("target") == a.id]
        if promised:
            posts = {p.id: p.name for p in s.posts}
            parts.append("<br><b>You have promised him.</b><br>")
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
        surface.blit(portrait(self.looks, self.face.w, round_mask=False), self.face)
        pygame.draw.rect(surface, theme.EDGE, self.face.inflate(px(6), px(6)), width=max(1, px(2)))

    def demo_advance(self):
        self.app.pop()
