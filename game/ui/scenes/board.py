"""The main board: the leading body, the Central Committee, the army and police, the calendar,
the forecast, the actions, and the log ticker, in the scenario's own names (``names``).

It reads the engine's state and submits actions through ``Session.apply``;
it never computes a rule. Everything the viewer cannot know is shown as that
side's estimate (``Game.estimates``), with its uncertainty.
"""

from __future__ import annotations

import html
import math
from datetime import date

import numpy as np
import pygame
from pygame_gui import UI_SELECTION_LIST_NEW_SELECTION
from pygame_gui.elements import UISelectionList

from game.engine.errors import EngineError

from .. import layout, names, theme
from ..art import looks_of
from ..drawing import (backdrop, fitted, hemicycle_layout, medallion, panel, paragraph, plane, prob_bar, ring,
                       stance_bar, text)
from ..motion import Arrivals, Tween
from ..scene import GameScene, Scene
from .. import forecasting
from ..digest import summary_sections
from ..rules import kind_help, moves
from ..theme import px
from ..session import Background, Session
from ..wording import SHORT, day_name, event_html, need_words, offices_now, outlook_html

LIST_FRAME = 8         # pixels a selection list's border and shadow take from its rows (not scaled)
TICKER_HEAD = 24       # base pixels: the heading of the latest events, where messages appear
GROUPS = (("politics", "Politics"), ("procedure", "Procedure"), ("intelligence", "Intelligence"),
          ("force", "Force"))


FLIGHT_SECONDS = 2.2     # how long the aircraft takes to cross the hemicycle when members are flown in


def tile_words(day) -> tuple[str, str]:
    """A calendar tile's weekday and day of the month: the label's own words where it reads "Tuesday 18 June",
    else the date's ("E hënë, 7 nëntor" is no weekday and number: Mon, 7)."""
    num = str(int(day.date[8:10]))
    parts = day.label.split()
    if len(parts) > 1 and parts[1].strip(",.") == num:
        return parts[0].strip(","), num
    return ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[date.fromisoformat(day.date).weekday()], num


class BoardScene(GameScene):
    name = "board"
    key_hint = "F1 lists the keys."

    def __init__(self, app, session: Session):
        super().__init__(app, session)
        self.g = session.game
        self.tab: str | None = None
        self.kind: str | None = None
        self.action = None               # the chosen, not yet confirmed, action
        self.motion_choice: str | None = None
        self.queue: list[Scene] = []
        self.shown_log = 0 if not self.g.action_count else len(self.g.log)
        self.timer = 0.0
        self.thought = None              # a computer move being chosen off the frame loop
        self._cache: dict = {}
        self._legal = None
        self.target_list = None
        self.rects: dict[str, pygame.Rect] = {}
        self.hover_card: str | None = None
        self.warned = None               # the no-effect move the player was warned about
        self.previews: set = set()       # previews being worked out (Background jobs) or just finished
        self.preview_count = 0           # previews shown so far (the board repaints for each)
        # Motion: stance bars glide to new estimates, arriving members take their seats one by one.
        self.stances = Tween()
        self.stances_of: str | None = None    # whose estimates the bars show (hot seat: never glide between)
        self.arrivals = Arrivals()
        self.heard_log = len(self.g.log)      # log entries whose sounds have played
        self.flight = -math.inf               # the board's age when aircraft last landed (never, yet)
        self.frame = 0                        # counts frames while something moves (repaints the board)
        self.moving = False

    def enter(self):
        super().enter()
        self.app.sound.music("room_tone", loop=True)

    # ================================================================ state reads
    @property
    def viewer(self) -> str:
        return self.session.viewer

    def _key(self):
        g = self.g
        return (g.action_count, len(g.log), g.turn, g.round, self.viewer, g.to_move)

    def cached(self, name, fn):
        """``fn()``, worked out once per state of the game: the cache holds the present state's values only,
        so an idle board does no model work and a move forgets what it made stale."""
        key = self._key()
        if self._cache.get("state") != key:
            self._cache = {"state": key}
        if name not in self._cache:
            self._cache[name] = fn()
        return self._cache[name]

    def estimates(self):
        return self.cached("est", lambda: self.g.estimates(self.viewer))

    def shown_estimates(self):
        """The estimates as the bars show them in this frame (gliding toward ``estimates()``)."""
        if self.stances.value is None or self.stances_of != self.viewer:
            return self.estimates()
        return self.stances.value[0], self.stances.value[1]

    def animate(self, dt) -> None:
        """Move the bars and the arrivals on; play the sounds of what just happened."""
        if self.stances_of != self.viewer:
            self.stances = Tween()
            self.stances_of = self.viewer
        self.stances.aim(np.stack(self.estimates()))
        moving = self.stances.step(dt)
        self.arrivals.look(self.g.people.days_away == 0)
        moving |= self.arrivals.step(dt)
        new = self.g.log[self.heard_log:]
        self.heard_log = len(self.g.log)
        if any(e.kind == "action" and e.cause == "airlift" and self.visible(e) for e in new):
            self.app.sound.play("aircraft")
            self.flight = self.age
        moving |= 0 <= self.age - self.flight <= FLIGHT_SECONDS
        if moving or self.moving:           # and once more when it stops, to paint the rest state
            self.frame += 1
        self.moving = moving

    def legal(self):
        if not self.session.human_to_move() or self.g.to_move != self.viewer or self.g.pending:
            return []
        return self.cached("legal", self.g.legal_actions)

    def motions(self) -> list[str]:
        return [m.id for m in self.g.scenario.motions]

    def relevant_motion(self) -> str:
        """The motion the forecast shows: the player's pick, else today's agenda, else a live one."""
        g = self.g
        if self.action is not None and self.action.kind == "call_vote":
            return self.action.targets()["motion"]
        if self.motion_choice in self.motions():
            return self.motion_choice
        return self.cached("focus", lambda: forecasting.focus_motion(g))

    def outlook(self, action, motion: str, wait: bool = False):
        """What ``action`` does to ``motion``'s chance, and the opponent's best reply (``forecasting.outlook``),
        worked out in a thread (about a second): None until it is ready, unless ``wait``."""
        if action is None or not self.legal():
            return None
        viewer = self.viewer
        job = self.cached(("outlook", motion, action.key()), lambda: Background(
            lambda g: forecasting.outlook(g, viewer, action, motion), self.g, "preview"))
        if not job.done:
            self.previews.add(job)
        if wait:
            job.wait()
        if job.done and job.error is not None:
            raise job.error
        return job.result if job.done else None

    def previewing(self) -> bool:
        """Whether a preview is still being worked out (or is ready but not yet on the panels)."""
        return bool(self.previews)

    def show_previews(self) -> None:
        """Once previews are ready, the panels show them (called each frame; nothing to do when idle)."""
        ready = {job for job in self.previews if job.done}
        if ready:
            self.previews -= ready
            self.preview_count += 1
            self.refresh_actions()
            self.app.poke()

    def baseline(self, motion: str):
        """The forecast panel's second figure: the chance after the opponent's best reply to waiting."""
        wait = next((a for a in self.legal() if a.kind == "pass"), None)
        return self.outlook(wait, motion) if wait is not None else None

    def forecast(self, motion: str):
        return self.cached(("fc", motion), lambda: self.g.forecast(motion, side=self.viewer, samples=400))

    # ================================================================ geometry
    def compute_rects(self):
        w, h = self.app.size
        m = px(8)
        top = px(62)
        ticker_h = max(px(118), int(h * 0.17))
        a_w = int(w * 0.435)     # the Presidium: room for two lines of each man's office
        b_w = int(w * 0.235)
        A = pygame.Rect(m, top, a_w, h - top - ticker_h - 2 * m)
        B_x = A.right + m
        C_x = B_x + b_w + m
        C_w = w - m - C_x
        content_h = h - top - m
        cc_h = int(A.h * 0.40)
        inst_h = max(px(104), int(A.h * 0.215))
        r = {
            "top": pygame.Rect(0, 0, w, top - px(6)),
            "presidium": A,
            "cc": pygame.Rect(B_x, top, b_w, cc_h),
            "inst": pygame.Rect(B_x, top + cc_h + m, b_w, inst_h),
        }
        r["calendar"] = pygame.Rect(B_x, r["inst"].bottom + m, b_w, A.bottom - r["inst"].bottom - m)
        r["ticker"] = pygame.Rect(m, A.bottom + m, B_x + b_w - m, ticker_h)
        fc_h = int(content_h * 0.38)
        r["forecast"] = pygame.Rect(C_x, top, C_w, fc_h)
        r["actions"] = pygame.Rect(C_x, top + fc_h + m, C_w, content_h - fc_h - m)
        self.rects = r
        return r

    # ================================================================ widgets
    def layout(self):
        self.keys = {}
        r = self.compute_rects()
        w, _ = self.app.size
        g = self.g
        # Top bar buttons.
        bw, bh = px(92), px(34)
        x = self.top_buttons = w - px(8) - 5 * (bw + px(6))
        for i, (label, cb, tip) in enumerate([
            ("Undo", self.undo if self.can_undo() else None,
             "Take back your last move, if it drew no chance and revealed nothing.  [U]"),
            ("Log", self.open_log, "Every event of the game, with its cause.  [L]"),
            ("Save", self.save, "Save the game now.  [Ctrl+S]"),
            ("Help", self.open_help, "Keys and how to read the board.  [F1]"),
            ("Menu", self.open_menu, "Resume, save, settings, quit.  [Esc]"),
        ]):
            self.button((x + i * (bw + px(6)), px(12), bw, bh), label, cb, tip, cls="@small_button")
        # Forecast: choose the motion.
        fr = r["forecast"]
        self.button((fr.right - px(66), fr.y + px(6), px(28), px(24)), "‹", lambda: self.cycle_motion(-1),
                    "Previous motion  [ [ ]", cls="@small_button")
        self.button((fr.right - px(34), fr.y + px(6), px(28), px(24)), "›", lambda: self.cycle_motion(1),
                    "Next motion  [ ] ]", cls="@small_button")
        # The ticker of the latest events.
        tr = r["ticker"].copy()
        tr.y += px(TICKER_HEAD)
        tr.h -= px(TICKER_HEAD)
        advice = self.session.coach.advice(g) if self.session.coach is not None and not g.pending else None
        if advice is not None:
            bw = px(130)
            self.ticker = self.textbox((tr.x, tr.y, tr.w - bw - px(8), tr.h), self.coach_html(advice),
                                       cls="@ticker")
            self.button((tr.right - bw, tr.y + px(4), bw, px(36)), "Show me", lambda: self.pick_action(advice),
                        "Select the suggested move; read its preview, then Confirm.  [S]", cls="@primary")
            self.keys[pygame.K_s] = lambda: self.pick_action(advice)
        else:
            recent = [e for e in g.log_for(self.viewer) if e.kind != "action" or e.side][-12:]
            latest = "<br>".join(event_html(g, e, short=True) for e in recent) or " "
            self.ticker = self.textbox(tr, latest, cls="@ticker")
            t = self.ticker
            if t.scroll_bar is not None and t.text_box_layout is not None and t.text_box_layout.layout_rows:
                # Scrolled to its end, the box would cut its top line: lower the box's top to a whole line.
                cut = (t.text_wrap_rect.h - t.text_box_layout.layout_rect.h) % t.text_box_layout.layout_rows[0].height
                if cut:
                    t.kill()
                    self.ticker = self.textbox((tr.x, tr.y + cut, tr.w, tr.h - cut), latest, cls="@ticker")
                self.ticker.scroll_bar.set_scroll_from_start_percentage(1.0)
        self.build_actions()
        self.keys.update({
            pygame.K_RETURN: self.confirm, pygame.K_KP_ENTER: self.confirm, pygame.K_ESCAPE: self.cancel,
            pygame.K_v: self.key_vote, pygame.K_p: self.key_pass, pygame.K_l: self.open_log,
            pygame.K_F1: self.open_help, pygame.K_u: self.undo, pygame.K_LEFTBRACKET: lambda: self.cycle_motion(-1),
            pygame.K_RIGHTBRACKET: lambda: self.cycle_motion(1), pygame.K_d: self.toggle_details,
            pygame.K_e: self.open_encyclopedia,
        })
        for i, (gid, _) in enumerate(GROUPS):
            self.keys[pygame.K_1 + i] = lambda gid=gid: self.pick_tab(gid)
        self.keys[pygame.K_DOWN] = lambda: self.step_target(1)
        self.keys[pygame.K_UP] = lambda: self.step_target(-1)

    def coach_html(self, advice) -> str:
        esc = html.escape
        coach = self.session.coach
        return (f"<font color='#d4a94a'><b>Tutorial</b></font> · suggested: <b>{esc(advice.label)}</b>. "
                f"{esc(coach.why(self.g, advice))}<br><font color='#7d7160'>Show me (S), read the preview, "
                "then Confirm (Enter).</font>")

    def build_actions(self):
        """The actions panel's widgets, in a container of their own so a choice rebuilds only them."""
        from pygame_gui.core import UIContainer
        r = self.rects["actions"]
        self.actions_root = UIContainer(r, self.manager, container=self.root)
        box = self.actions_root
        inner = pygame.Rect(0, 0, r.w, r.h).inflate(-px(16), -px(12))
        y = inner.y + px(26)
        legal = self.legal()
        self.target_list = None
        self.confirm_button = None
        if not legal:
            return
        by_group: dict[str, dict[str, list]] = {}
        for a in legal:
            by_group.setdefault(a.group, {}).setdefault(a.kind, []).append(a)
        if self.tab not in by_group:
            self.tab = next((gid for gid, _ in GROUPS if gid in by_group), None)
        # Tabs.
        tw = (inner.w - 3 * 4) // 4
        for i, (gid, title) in enumerate(GROUPS):
            n = len(by_group.get(gid, {}))
            b = self.button((inner.x + i * (tw + px(4)), y, tw, px(28)), f"{title}", (lambda gid=gid: self.pick_tab(gid))
                            if n else None, f"{title}: {n} kinds of action open now.  [{i + 1}]", cls="@toggle", container=box)
            if gid == self.tab:
                b.select()
        y += px(34)
        # Kinds in the tab, two columns.
        kinds = by_group.get(self.tab, {})
        cw = (inner.w - 6) // 2
        rows = 3
        for j, (kind, acts) in enumerate(kinds.items()):
            c, rr = j % 2, j // 2
            cost = acts[0].cost
            label = f"{SHORT.get(kind, acts[0].title)}  ·  {cost}"
            tip = (f"<b>{html.escape(SHORT.get(kind, acts[0].title))}</b><br>"
                   f"{html.escape(kind_help(self.g.scenario, kind))}<br>"
                   f"Costs {cost} political capital. {len(acts)} option{'s' if len(acts) != 1 else ''} now.")
            b = self.button((inner.x + c * (cw + px(6)), y + rr * px(30), cw, px(27)), label,
                            lambda kind=kind: self.pick_kind(kind), tip, cls="@action", container=box)
            if kind == self.kind:
                b.select()
        rows = max(rows, (len(kinds) + 1) // 2)
        y += rows * px(30) + px(4)
        # Details: target list (if any) and the preview.
        bottom = inner.bottom - px(40)
        acts = kinds.get(self.kind, []) if self.kind else []
        details_top = y
        if len(acts) > 1:
            room = px(76) if self.action is not None else max(px(76), (bottom - y) * 5 // 9)
            lh = min(room, px(24) * len(acts) + LIST_FRAME)
            labels = [a.label for a in acts]
            self.target_list = UISelectionList(pygame.Rect(inner.x, y, inner.w, lh), labels, self.manager,
                                               container=box,
                                               default_selection=self.action.label if self.action in acts else None)
            self._target_actions = dict(zip(labels, acts))
            bar = getattr(self.target_list, "scroll_bar", None)
            if bar is not None and self.action in acts and acts.index(self.action) > 1:   # a portrait clicked:
                bar.set_scroll_from_start_percentage((acts.index(self.action) - 1) / len(acts))  # its line in view
            details_top = y + lh + px(6)
        self.details = self.textbox((inner.x, details_top, inner.w, max(px(40), bottom - details_top)),
                                    self.details_html(acts), cls="@ticker", container=box)
        bw = (inner.w - 8) // 2
        self.confirm_button = self.button((inner.x, inner.bottom - px(34), bw, px(34)), "Confirm",
                                          self.confirm if self.action is not None else None,
                                          "Take the chosen action.  [Enter]", cls="@primary", container=box)
        self.button((inner.x + bw + px(8), inner.bottom - px(34), bw, px(34)), "Cancel",
                    self.cancel if (self.action is not None or self.kind) else None,
                    "Undo the unconfirmed choice.  [Esc]", cls="@menu", container=box)

    def details_html(self, acts) -> str:
        esc = html.escape
        g = self.g
        if self.action is not None:
            try:
                p = g.preview(self.action)
            except EngineError as exc:
                return f"<i>{esc(str(exc))}</i>"
            odds = "certain" if p.odds >= 0.999 else f"{p.odds:.0%}"
            out = (f"<b>{esc(p.text)}</b><br>"
                   f"Cost: <b>{p.cost}</b> of your {g.capital(self.viewer)} political capital. "
                   f"Odds of success: <b>{odds}</b>.<br>{esc(p.effect)}")
            motion = self.relevant_motion()
            o = self.outlook(self.action, motion)
            if o is not None:
                out += "<br>" + outlook_html(g, o)
            elif self.previewing():
                out += "<br><i>Working out what it would do to the forecast…</i>"
            return out
        if self.kind and acts:
            hint = ("Pick a target from the list, or click a highlighted member on the board."
                    if any("target" in a.targets() for a in acts) else "Pick one from the list.")
            return f"<i>{hint}</i><br>{esc(kind_help(g.scenario, self.kind))}"
        return ("<i>Choose a kind of action above. Its cost, odds and likely effect are shown here "
                "before you confirm it.</i>")

    # ================================================================ choices
    def refresh_actions(self):
        """Rebuild only the actions panel (a choice changes nothing else that is a widget)."""
        if self.root is None:
            return
        old = getattr(self, "actions_root", None)
        if old is not None:
            old.kill()
        self._callbacks = {b: cb for b, cb in self._callbacks.items() if b.alive()}
        self.build_actions()

    def pick_tab(self, gid):
        if self.tab != gid:
            self.tab = gid
            self.kind = None
            self.action = None
            self.refresh_actions()

    def pick_kind(self, kind):
        acts = [a for a in self.legal() if a.kind == kind]
        if not acts:
            return
        self.tab = acts[0].group
        self.kind = kind
        self.action = acts[0] if len(acts) == 1 else None
        self.refresh_actions()

    def pick_action(self, action):
        self.action = action
        self.kind = action.kind
        self.tab = action.group
        self.refresh_actions()

    def step_target(self, step):
        """Up/Down: the previous or next option of the chosen kind of action."""
        if not self.kind:
            return
        acts = [a for a in self.legal() if a.kind == self.kind]
        if not acts:
            return
        i = acts.index(self.action) + step if self.action in acts else (0 if step > 0 else -1)
        self.pick_action(acts[i % len(acts)])

    def key_vote(self):
        self.key_kind("call_vote", "No vote can be called now: no body that sits today has a motion open to you.")

    def key_pass(self):
        self.key_kind("pass", "You cannot wait now.")

    def key_kind(self, kind, why):
        if not self.legal():
            self.app.notify("It is not your move." if not self.g.pending else "First answer the decision.")
        elif not any(a.kind == kind for a in self.legal()):
            self.app.notify(why)
        else:
            self.pick_kind(kind)

    def toggle_details(self):
        self.app.settings["details"] = not self.app.settings.get("details")
        self.app.notify("Details (formulas and model terms) shown in the explanations." if
                        self.app.settings["details"] else "Explanations in plain words only.")

    def confirm(self):
        if self.action is None:
            self.app.notify("Choose an action first: a kind above, then a target.")
            return
        action = self.action
        o = self.outlook(action, self.relevant_motion(), wait=True)
        if o is not None and o.no_effect and self.warned != action:
            self.warned = action
            self.app.notify("This move can change nothing now. Confirm again to take it anyway.")
            return
        self.action = None
        self.kind = None
        self.session.move_start = len(self.g.log)     # hot seat: the hand-over shows what this move did
        try:
            self.session.apply(action)
            self.app.sound.play("typewriter", maxtime=700)
        except EngineError as exc:
            self.app.notify(str(exc))
        self.rebuild()

    def cancel(self):
        if self.action is not None or self.kind is not None:
            self.action = None
            self.kind = None
            self.refresh_actions()
        else:
            self.open_menu()

    def can_undo(self) -> bool:
        """Undo is the engine's: only a move of a player at this screen, with nothing learnt since."""
        g = self.g
        if not g.action_count or not g.can_undo():
            return False
        last = g.actions[-1]
        if last.get("kind") == "choose":       # a decision is final once its effect is seen
            return False
        side = last.get("side")
        return self.session.is_human(side) and (not self.session.hot_seat or side == self.viewer)

    def why_no_undo(self) -> str:
        g = self.g
        if not g.action_count:
            return "Nothing to undo yet."
        if g.actions[-1].get("kind") == "choose":
            return "A decision cannot be taken back."
        if not self.session.is_human(g.actions[-1].get("side")) or not g.can_undo():
            return "Nothing to undo: the last move drew on chance, revealed something, or was not yours."
        return "Only the player who moved can take the move back."

    def undo(self):
        if not self.can_undo():
            self.app.notify(self.why_no_undo())
            return
        try:
            self.g.undo()
        except EngineError as exc:
            self.app.notify(str(exc))
            return
        self.shown_log = len(self.g.log)
        self.timer = 0.0
        self.action = None
        self.kind = None
        self._cache.clear()
        self.app.notify("Your last move is taken back.")
        self.rebuild()

    def cycle_motion(self, step):
        ids = self.motions()
        cur = self.relevant_motion()
        self.motion_choice = ids[(ids.index(cur) + step) % len(ids)]
        if self.action is not None and self.action.kind == "call_vote":
            self.action = None
        self.refresh_actions()        # the preview speaks of the motion shown

    def save(self):
        """Name the save (``SaveScene`` asks before overwriting); ``update`` reports when it is written."""
        self.app.push("save", self.session)

    def report_saves(self):
        for job in self.session.saver.finished():
            if job.error is not None:
                what = "Autosave failed" if job.label == "autosave" else "Not saved"
                self.app.notify(f"{what}: {job.error}")
            elif job.label not in ("autosave", "retire"):
                self.app.notify(f"Saved: {job.path.stem}")

    def open_log(self):
        self.app.push("log", self.session)

    def open_help(self):
        self.app.push("help", self.session)

    def open_encyclopedia(self):
        actor = self.action.targets().get("target") if self.action is not None else None
        self.app.push("encyclopedia", self.g.scenario, actor or self.card_at(self.app.mouse_pos))

    def open_menu(self):
        self.app.push("pause", self)

    def handle_event(self, event, consumed=False):
        if event.type == UI_SELECTION_LIST_NEW_SELECTION and event.ui_element is self.target_list:
            action = getattr(self, "_target_actions", {}).get(event.text)
            if action is not None:
                self.pick_action(action)
            return
        if event.type == pygame.KEYDOWN and event.key == pygame.K_s and event.mod & pygame.KMOD_CTRL:
            self.save()
            return
        super().handle_event(event, consumed)

    def on_click(self, pos):
        actor = self.card_at(pos)
        if actor is None:
            return
        if not self.kind:
            self.app.push("dossier", self.session, actor)
            return
        for a in self.legal():
            if a.kind == self.kind and a.targets().get("target") == actor:
                self.pick_action(a)
                return

    def card_at(self, pos):
        for actor_id, rect in getattr(self, "_cards", {}).items():
            if rect.collidepoint(pos):
                return actor_id
        return None

    # ================================================================ flow
    def update(self, dt):
        super().update(dt)
        if self.app.scene is not self:
            return
        self.animate(dt)
        self.report_saves()
        self.show_previews()
        g = self.g
        new = g.log[self.shown_log:]
        if new:
            first, self.shown_log = self.shown_log, len(g.log)
            self.enqueue(new, first)
            self.rebuild()
        held = self.session.release(self.viewer) if self.session.hot_seat else []
        if held:
            self.enqueue(held)
        elif self.session.hot_seat and getattr(self, "_seen_viewer", self.viewer) != self.viewer:
            if summary_sections(self.session):      # what the new player missed since their last turn
                self.queue.append(self.app.make("summary", self.session))
        self._seen_viewer = self.viewer
        if self.queue:
            self.app.push(self.queue.pop(0))
            return
        if g.is_over():
            self.app.forget_messages_of(self)
            self.app.replace("end", self.session)
            return
        pending = g.pending
        if self.session.hot_seat and self.session.human_to_move() and g.to_move != self.viewer:
            self.app.push("handover", self.session, g.to_move)
            return
        coach = self.session.coach
        if coach is not None and g.to_move == coach.side and g.to_move == self.viewer:
            lessons = coach.lessons(g)
            if lessons:
                self.app.push("tutorial", self.session, lessons)
                return
        if pending and self.session.is_human(pending["side"]):
            self.app.push("decision", self.session)
            return
        if self.session.computer_to_move():
            # The computer thinks in a thread while the frames go on; its move is
            # applied after a short delay so the player can follow.
            self.timer += dt
            if self.thought is None:
                self.thought = self.session.think()
            elif self.thought.done and self.timer >= self.app.settings.get("computer_delay", 0.8):
                thought, self.thought = self.thought, None
                self.timer = 0.0
                events = self.session.conclude(thought) or []
                said = [e.text for e in events if e.kind == "action" and e.side and self.visible(e)]
                if said:
                    mover = events[0].side
                    self.app.notify(f"{self.g.side_name(mover)}: " + " — ".join(said[:2]))
                elif events and events[0].side:
                    self.app.notify(f"{self.g.scenario.side(events[0].side).does('has')} moved, in secret.")
        else:
            self.timer = 0.0
            self.thought = None

    def animating(self) -> bool:
        """The computer's move (its dots, then the move itself), queued cards and motion (gliding bars,
        arrivals, the aircraft) are shown as they come."""
        return self.session.computer_to_move() or bool(self.queue) or self.thought is not None or self.moving \
            or self.frame != (getattr(self, "_layer_key", None) or (self.frame,))[-1]   # the rest frame, once

    def visible(self, e) -> bool:
        """Whether the viewer may see a log entry (the other side's private moves and secrets are hidden)."""
        return e.audience is None or e.audience == self.viewer

    def enqueue(self, events, first: int | None = None):
        """Queue the vote and event cards of new log entries (``first``: the log index of ``events[0]``).

        In hot seat, a secret for the other player is held (``Session.hold``)
        and shown when that player next takes the seat.
        """
        for k, e in enumerate(events):
            if not self.visible(e):
                if first is not None and self.session.hot_seat and self.session.is_human(e.audience) \
                        and e.kind in ("event", "vote"):
                    self.session.hold(e.audience, first + k)
                continue
            if e.kind == "vote" and "vote" in e.data:
                self.queue.append(self.app.make("vote", self.session, e))
        # Everything else in one page after the votes (not a chain of cards).
        if any(self.visible(e) and e.kind in ("day", "event") for e in events) and summary_sections(self.session) \
                and not any(sc.name == "summary" for sc in self.queue):
            self.queue.append(self.app.make("summary", self.session))

    # ================================================================ drawing
    def draw(self, surface):
        """Blit the board; repaint it only when what it shows has changed (it is costly)."""
        if not self.rects or self.rects["top"].w != surface.get_width():
            self.compute_rects()
        thinking = int(self.age * 2) % 3 if self.session.computer_to_move() else -1
        key = (self._key(), surface.get_size(), self.card_at(self.app.mouse_pos), self.kind, self.action,
               self.relevant_motion(), thinking, self.preview_count, self.frame)
        layer = getattr(self, "_layer", None)
        last = getattr(self, "_layer_key", None)
        if layer is not None and layer.get_size() == surface.get_size() and last is not None \
                and key != last and key[:-1] == last[:-1] and self.moving:
            self.paint_motion(layer)           # only the motion moved: repaint what moves
            self._layer_key = key
            self.tips = list(self._layer_tips)
        elif layer is None or layer.get_size() != surface.get_size() or key != last \
                or layout.PROBE is not None:          # the layout check sees every line and picture drawn
            if layer is None or layer.get_size() != surface.get_size():
                layer = self._layer = pygame.Surface(surface.get_size()).convert()
            self.paint(layer)
            self._layer_key = key
            self._layer_tips = list(self.tips)
        else:
            self.tips = list(self._layer_tips)
        surface.blit(layer, (0, 0))

    def paint_motion(self, surface):
        """A frame of motion: the stance bars and rings of the leading body, and the hemicycle (the rest stays)."""
        mean, sd = self.shown_estimates()
        for i, centre, rad, bar in self._stance_marks:
            ring(surface, centre, rad, theme.stance_colour(mean[i]))
            stance_bar(surface, bar, float(mean[i]), float(sd[i]))
        self.draw_cc(surface)

    def paint(self, surface):
        backdrop(surface)
        self.tips = []
        self.draw_top(surface)
        self.draw_presidium(surface)
        self.draw_cc(surface)
        self.draw_institutions(surface)
        self.draw_calendar(surface)
        self.draw_forecast(surface)
        self.draw_actions_frame(surface)
        self.draw_ticker_head(surface)

    def draw_top(self, surface):
        g = self.g
        r = self.rects["top"]
        pygame.draw.rect(surface, theme.BG_BAND, r)
        pygame.draw.line(surface, theme.EDGE, r.bottomleft, r.bottomright)
        day = g.day
        text(surface, f"{day.label} {g.scenario.year}".upper(), (px(12), px(8)), family="serif", size=20, style="bold",
             width=px(360))
        rounds = g.scenario.rules.rounds_per_turn
        move = min(rounds, g.round // 2 + 1)
        if g.to_move:
            mover = g.side_name(g.to_move)
            human = self.session.is_human(g.to_move)
            who = ("you" if g.to_move == self.viewer else "the other player") if human else "computer"
            status = f"Day {g.turn + 1} of {len(g.scenario.calendar)}  ·  move {move}/{rounds}  ·  {mover} ({who})"
        else:
            status = f"Day {g.turn + 1} of {len(g.scenario.calendar)}  ·  the crisis is over"
        text(surface, status, (px(12), px(34)), size=13, colour=theme.CREAM_DIM, width=px(395))
        self.tip(pygame.Rect(px(8), px(4), px(390), px(48)),
                 f"<b>{html.escape(day.label)}</b><br>{html.escape(day.note)}<br>Each day both sides have "
                 f"{moves(rounds)}, in turn; then the day's sittings vote their agendas.")
        # Capital and legitimacy of the viewer; the opponent's legitimacy.
        v = self.viewer
        o = g.other(v)
        k = g.scenario.side_index(v)
        x = px(420)
        col = theme.SIDE_COLOURS[k]
        text(surface, g.side_name(v), (x, px(6)), family="serif", size=14, style="bold", colour=col, width=px(230))
        cap = g.capital(v)
        inc = g.income(v)
        most = g.scenario.rules.capital_cap
        # Shown with the cap, which can hold less than the income (a cap of 1 and +21 a day read as a mistake).
        t1 = text(surface, f"Capital {cap}/{most}  (+{inc} a day)", (x, px(30)), size=14, width=px(190))
        self.tip(t1.inflate(6, 6), f"<b>Political capital: {cap}</b><br>Every action costs capital. You gain "
                 f"{inc} each morning from the power bases whose men lean your way, up to {most} in all. "
                 f"Unspent capital carries over.")
        lx = x + px(200)
        t2 = text(surface, f"Legitimacy {g.legitimacy(v):.2f}", (lx, px(30)), size=14, width=px(140))
        ko = g.scenario.side_index(o)
        t3 = text(surface, f"vs {g.legitimacy(o):.2f}", (t2.right + px(6), px(30)), size=14,
                  colour=theme.SIDE_COLOURS[ko], width=px(70))
        self.tip(t2.union(t3).inflate(6, 6),
                 f"<b>Legitimacy</b>: {g.side_name(v)} {g.legitimacy(v):.2f}, {g.side_name(o)} "
                 f"{g.legitimacy(o):.2f}.<br>Following party rules wins the votes of "
                 f"{html.escape(g.scenario.words.cc_members)}: the "
                 "difference adds to the legitimacy term of every vote on a motion that favours a side. "
                 "Open force costs legitimacy.")
        if self.session.hot_seat:
            note = text(surface, "hot seat: your side's view", (lx, px(8)), size=12, colour=theme.MUTED,
                        width=self.top_buttons - px(8) - lx)
            self.tip(note.inflate(6, 6), "Two players at one screen: the board shows only what the side to move "
                     "knows; the other player looks away when the seat is passed.")

    # -------------------------------------------------------------- the leading body
    def people(self):
        """Named actors in board order: Presidium full, candidates, then the others."""
        s = self.g.scenario
        order = {"full": 0, "candidate": 1, "none": 2}
        idx = list(range(len(s.actors)))
        return sorted(idx, key=lambda i: (order.get(s.actors[i].presidium, 2), i))

    def draw_presidium(self, surface):
        g = self.g
        s = g.scenario
        r = self.rects["presidium"]
        inner = panel(surface, r, names.title(names.lead_body(s).name))
        # Legend of the stance bars: the second side on the left, the first on the right.
        a_name, b_name = (sd.name for sd in s.sides)
        right = text(surface, a_name, (r.right - px(8), r.y + px(9)), size=11, colour=theme.SIDE_COLOURS[0], anchor="topright",
                     width=px(150))
        mid = text(surface, "  stance  ", (right.x, r.y + px(9)), size=11, colour=theme.MUTED, anchor="topright")
        text(surface, b_name, (mid.x, r.y + px(9)), size=11, colour=theme.SIDE_COLOURS[1], anchor="topright", width=px(150))
        mean, sd = self.shown_estimates()
        pop = g.people
        order = self.people()
        cols = 3 if inner.w < px(640) else 4
        rows = math.ceil(len(order) / cols)
        gap = px(5)
        ch = min(px(130), (inner.h - gap * (rows - 1)) // max(1, rows))
        compact = ch < px(44)       # too many men for portraits cards: a line each, name and bar (60 and more)
        if compact:
            gap = px(2)
            cols = max(cols, math.ceil(len(order) / max(1, (inner.h + gap) // (px(22) + gap))))
            rows = math.ceil(len(order) / cols)
            ch = (inner.h - gap * (rows - 1)) // max(1, rows)
        cw = (inner.w - gap * (cols - 1)) // cols
        targetable = set()
        chosen = None
        if self.kind:
            targetable = {a.targets().get("target") for a in self.legal() if a.kind == self.kind}
        if self.action is not None:
            chosen = self.action.targets().get("target")
        self._cards = {}
        self._stance_marks = []     # (actor index, medallion centre, radius, bar): what a motion frame repaints
        mouse = self.app.mouse_pos
        for n, i in enumerate(order):
            a = s.actors[i]
            c, rr = n % cols, n // cols
            card = pygame.Rect(inner.x + c * (cw + gap), inner.y + rr * (ch + gap), cw, ch)
            self._cards[a.id] = card
            hovered = card.collidepoint(mouse)
            pygame.draw.rect(surface, theme.PANEL_HI if not hovered else theme.PANEL_HI.lerp(theme.EDGE, 0.12), card)
            edge = theme.EDGE_DIM
            width = 1
            if a.id in targetable:
                edge, width = theme.GOLD, 1
            if a.id == chosen:
                edge, width = theme.RED, 2
            pygame.draw.rect(surface, edge, card, width=width)
            away = int(pop.days_away[i])
            if compact:
                self._compact_card(surface, card, i, mean, sd, away)
                continue
            bh = px(6) if ch < px(80) else px(10)
            rad = max(px(12), min(px(30), (ch - bh - px(12)) // 2))     # the card's height above the bar
            centre = (card.x + rad + px(6), card.y + rad + px(5))
            medallion(surface, centre, rad, looks_of(a), theme.stance_colour(mean[i]), hollow=away > 0, dim=away > 0,
                      box=card)
            tx = card.x + 2 * rad + px(12)
            tw = card.right - tx - px(4)
            bar = pygame.Rect(card.x + px(6), card.bottom - bh - px(3), card.w - px(12), bh)
            surname = names.surname(a)
            first = a.name.split()[0][:1] + ". " if not a.short and surname != a.name.split()[0] else ""
            text(surface, first + surname, (tx, card.y + px(3)), size=13, style="bold", width=tw)
            below = card.y + 2 * rad + px(12) if ch >= px(90) else bar.y - px(1)   # room for the office
            if away:
                moving = bool(pop.travelling[i])
                where = f"{'on the way, ' if moving else 'away, '}{away} day{'s' if away != 1 else ''}"
                said = text(surface, where, (tx, card.y + px(22)), size=11, colour=theme.GOLD, width=tw)
            else:
                offices = offices_now(g, a)
                said = paragraph(surface, offices[0] if offices else "",
                                 pygame.Rect(tx, card.y + px(20), tw, below - card.y - px(20)), size=10,
                                 colour=theme.CREAM_DIM, max_lines=2)
            tag = {"full": names.bare(s.words.members_presidium).upper(), "candidate": "CANDIDATE"}.get(
                a.presidium, "SECRETARY" if a.secretariat else "")
            if said.bottom + theme.font("sans", 10).get_linesize() <= below:
                text(surface, tag, (tx, said.bottom + px(1)), size=10, colour=theme.MUTED, width=tw)
            if ch >= px(90):
                known = names.spread(g.scenario, sd[i])
                est = text(surface, f"your estimate {mean[i]:+.2f} {known}", (card.x + px(6), bar.y - px(4)),
                           size=11, colour=theme.MUTED, width=card.w - px(12), anchor="bottomleft")
                top = card.y + 2 * rad + px(14)
                paragraph(surface, a.name_ru, pygame.Rect(card.x + px(6), top, card.w - px(12), est.y - top),
                          family="serif", size=12, style="italic", colour=theme.CREAM_DIM, max_lines=2)
            stance_bar(surface, bar, float(mean[i]), float(sd[i]))
            self._stance_marks.append((i, centre, rad, bar))
            self.tip(card, lambda pos, i=i: self.actor_tip(i))

    def _compact_card(self, surface, card, i, mean, sd, away) -> None:
        """A man's card as one line, for a crisis with too many named men for portrait cards: a small
        medallion, his name, and his stance bar along the bottom."""
        a = self.g.scenario.actors[i]
        rad = max(px(4), (card.h - px(4)) // 2)
        centre = (card.x + rad + px(3), card.centery)
        medallion(surface, centre, rad, looks_of(a), theme.stance_colour(mean[i]), hollow=away > 0, dim=away > 0,
                  box=card)
        tx = card.x + 2 * rad + px(7)
        bar = pygame.Rect(tx, card.bottom - px(5), card.right - tx - px(4), px(3))
        text(surface, names.surname(a), (tx, card.y + px(1)), size=11, style="bold",
             colour=theme.GOLD if away else theme.CREAM, width=bar.w)
        stance_bar(surface, bar, float(mean[i]), float(sd[i]))
        self._stance_marks.append((i, centre, rad, bar))
        self.tip(card, lambda pos, i=i: self.actor_tip(i))

    def actor_tip(self, i) -> str:
        g = self.g
        a = g.scenario.actors[i]
        mean, sd = self.estimates()
        pop = g.people
        esc = html.escape
        lean = mean[i]
        toward = g.scenario.sides[0].name if lean > 0 else g.scenario.sides[1].name
        strength = "firmly" if abs(lean) > 0.6 else ("leans" if abs(lean) > 0.2 else "wavering, slightly")
        known = names.spread(g.scenario, sd[i])
        memb = names.upper(names.membership(g.scenario, "presidium", a.presidium)) + {
            "full": " (votes)", "candidate": " (speaks, does not vote)"}.get(a.presidium, "")
        where = names.where(g.scenario, pop.days_away[i], travelling=bool(pop.travelling[i]))
        secretary = f"in {esc(g.scenario.words.members_secretariat)}; " if a.secretariat else ""
        lines = [f"<b>{esc(a.name)}</b>  <i>{esc(a.name_ru)}</i>",
                 f"<font color='#b3a68a'>{esc('; '.join(offices_now(g, a)))}</font>",
                 f"{esc(memb)}; {secretary}{esc(where)}.",
                 f"Your estimate of {a.his} stance: <b>{lean:+.2f}</b> ({known}): {strength} toward {esc(toward)}. "
                 f"The bar runs from {esc(g.scenario.sides[1].name)} (left) to {esc(g.scenario.sides[0].name)} "
                 "(right); the shaded range is your uncertainty."]
        if self.kind and any(x.kind == self.kind and x.targets().get("target") == a.id for x in self.legal()):
            lines.append(f"<font color='#d4a94a'>Click to choose him for: {esc(SHORT.get(self.kind, self.kind))}."
                         "</font>")
        elif not self.kind:
            lines.append("<font color='#7d7160'>Click for his dossier.</font>")
        if a.bio:
            lines.append(f"<i>{esc(a.bio)}</i>")
        return "<br>".join(lines)

    # -------------------------------------------------------------- the Central Committee
    def draw_cc(self, surface):
        g = self.g
        pop = g.people
        r = self.rects["cc"]
        members = np.flatnonzero(pop.cc > 0)
        if not len(members):        # a crisis without a Central Committee: say where its votes are taken
            inner = panel(surface, r, "")
            where = names.joined([names.the(b.name) for b in g.scenario.bodies], "and")
            paragraph(surface, f"No wider committee takes part in this crisis: every vote is taken in {where}.",
                      inner, size=12, colour=theme.MUTED)
            self._seats = ([], members, 3)
            return
        inner = panel(surface, r, names.title(names.bare(g.scenario.words.members_cc)))
        members = members[np.argsort(self.estimates()[0][members], kind="stable")]
        mean, sd = self.shown_estimates()
        legend_h = px(18)
        hemi = pygame.Rect(inner.x, inner.y, inner.w, inner.h - legend_h)
        seats, dot = self.cached(("seats", hemi.size, len(members)), lambda: hemicycle_layout(len(members), hemi))
        arrivals = self.arrivals
        waiting = np.array([arrivals.waiting(i) for i in members.tolist()], dtype=bool)
        for (x, y), i in zip(seats, members):
            col = theme.stance_colour(mean[i])
            if pop.days_away[i] > 0 or arrivals.waiting(i):
                pygame.draw.circle(surface, col, (x, y), dot, width=1)
            else:
                pygame.draw.circle(surface, col, (x, y), dot)
                pulse = arrivals.pulse(i)
                if pulse > 0:      # he has just taken his seat
                    pygame.draw.circle(surface, theme.GOLD, (x, y), dot * (1 + 1.6 * (1 - pulse)), width=1)
            if pop.signed[i]:
                pygame.draw.circle(surface, theme.CREAM, (x, y), max(1, dot * 0.35))
        if 0 <= self.age - self.flight <= FLIGHT_SECONDS:     # the aircraft crossing over the hall
            t = (self.age - self.flight) / FLIGHT_SECONDS
            plane(surface, (hemi.x + px(12) + t * (hemi.w - px(24)), hemi.y + px(10) + px(6) * math.sin(t * math.pi)),
                  px(11), theme.CREAM_DIM)
        here = int(((pop.days_away[members] == 0) & ~waiting).sum())
        moving = int((pop.travelling[members] & (pop.days_away[members] > 0)).sum())
        signed = int(pop.signed.sum())
        y = inner.bottom - legend_h + px(3)
        lx = inner.x + px(5)
        pygame.draw.circle(surface, theme.CREAM_DIM, (lx, y + px(8)), px(4))
        lr = text(surface, f"in {g.scenario.words.capital} {here}", (lx + px(8), y), size=12, colour=theme.CREAM_DIM,
                  width=inner.w // 3)
        lx = lr.right + px(16)
        pygame.draw.circle(surface, theme.CREAM_DIM, (lx, y + px(8)), px(4), width=1)
        lr = text(surface, f"away {len(members) - here} ({moving + int(waiting.sum())} on the way)", (lx + px(8), y),
                  size=12, colour=theme.CREAM_DIM, width=inner.right - lx - px(8))
        if lr.right + px(90) < inner.right:
            text(surface, f"signed {signed}", (lr.right + px(16), y), size=12, colour=theme.CREAM_DIM, width=px(80))
        self._seats = (seats, members, dot)
        self.tip(hemi, lambda pos: self.cc_tip(pos), subkey=self.nearest_seat)
        first, second = (html.escape(sd.name) for sd in g.scenario.sides)
        s, esc = g.scenario, html.escape
        signature = f"; a pale centre marks a signature on {esc(names.demand(s))}" if names.demand(s) else ""
        self.tip(pygame.Rect(inner.x, y, inner.w, legend_h),
                 f"<b>{esc(names.upper(s.words.members_cc))}</b>: each dot is a member, coloured by "
                 f"your estimate of his stance (red: {first}, blue: {second}), sorted across the hall. A hollow dot "
                 f"is away from {esc(s.words.capital)}{signature}.")

    def nearest_seat(self, pos):
        seats, members, dot = getattr(self, "_seats", ([], [], 3))
        best, bd = None, (dot * 2.2) ** 2
        for (x, y), i in zip(seats, members):
            d = (x - pos[0]) ** 2 + (y - pos[1]) ** 2
            if d < bd:
                best, bd = int(i), d
        return best

    def cc_tip(self, pos):
        i = self.nearest_seat(pos)
        if i is None:
            return ""
        g = self.g
        pop = g.people
        mean, sd = self.estimates()
        esc = html.escape
        n_actors = len(g.scenario.actors)
        if i < n_actors:
            who = f"<b>{esc(g.scenario.actors[i].name)}</b>"
        else:
            b = g.scenario.blocs[int(pop.bloc[i])]
            who = f"A member from <b>{esc(b.name)}</b>" + (f"<br><i>{esc(b.description)}</i>" if b.description else "")
        level = names.membership(g.scenario, "cc", "full" if pop.cc[i] == 2 else "candidate") + (
            "" if pop.cc[i] == 2 else " (does not vote)")
        where = names.where(g.scenario, pop.days_away[i], away=True, travelling=bool(pop.travelling[i]))
        sig = f"; has signed {esc(names.demand(g.scenario))}" if pop.signed[i] else ""
        return (f"{who}<br>{esc(names.upper(level))}; {esc(where)}{sig}.<br>Your estimate of his stance: "
                f"<b>{mean[i]:+.2f}</b> ± {sd[i]:.2f}")

    # -------------------------------------------------------------- army and police
    def draw_institutions(self, surface):
        g = self.g
        r = self.rects["inst"]
        inner = panel(surface, r, "Army and security")
        insts = g.scenario.institutions
        if not insts:
            paragraph(surface, "No armed force takes part in this crisis: no one can threaten or use force.", inner,
                      size=12, colour=theme.MUTED)
            return
        n = len(insts)
        cw = (inner.w - px(10) * (n - 1)) // n
        labels = [names.upper(names.bare(inst.name)) for inst in insts]
        # A name too long for its column takes two lines, in the commander's place (he is in the tip).
        two = any(fitted(label, "sans", 13, "bold", cw)[1] != label for label in labels)
        for k, inst in enumerate(insts):
            x = inner.x + k * (cw + px(10))
            commander = g.actor_name(inst.commander)
            if two:
                paragraph(surface, labels[k], pygame.Rect(x, inner.y, cw, px(32)), size=12, style="bold",
                          max_lines=2)
            else:
                text(surface, labels[k], (x, inner.y), size=13, style="bold", width=cw)
                text(surface, commander, (x, inner.y + px(17)), size=11, colour=theme.CREAM_DIM, width=cw)
            y = inner.y + px(36)
            for j, side in enumerate(g.scenario.sides):
                b = g.backing(side.id, inst.id)
                bar = pygame.Rect(x, y + j * px(14), cw - px(34), px(9))
                prob_bar(surface, bar, b / max(inst.strength, 1e-9), colour=theme.SIDE_COLOURS[j])
                text(surface, f"{b:.2f}", (bar.right + px(4), bar.y - px(3)), size=11, width=px(30))
            extra = []
            if inst.airlift:
                extra.append(f"aircraft: {inst.airlift}")
            if inst.guard:
                extra.append(f"{names.bare(g.scenario.words.seat)} guard")
            if extra and inner.bottom - (y + px(30)) >= px(12):
                text(surface, ", ".join(extra), (x, y + px(30)), size=11, colour=theme.MUTED, width=cw)
            lines = [f"<b>{html.escape(names.upper(inst.name))}</b>, commanded by {html.escape(commander)}.",
                     html.escape(inst.description) if inst.description else "",
                     "How far each side can count on it (0 to 1):" if not self.app.settings.get("details") else
                     f"Backing (how far the commander leans each way × strength {inst.strength:.2f}):"]
            for side in g.scenario.sides:
                lines.append(f"&nbsp;&nbsp;{html.escape(side.name)}: <b>{g.backing(side.id, inst.id):.2f}</b>")
            if inst.airlift:
                lines.append(f"Its aircraft can bring up to {inst.airlift} {html.escape(g.scenario.words.cc_members)} "
                             "per airlift to a side it backs "
                             f"at {g.scenario.model.airlift_backing:.2f} or more (now: {g.airlift_capacity(self.viewer):.0f} for you).")
            if inst.guard:
                lines.append(f"Controls the {html.escape(names.bare(g.scenario.words.seat))} guard: decisive if anyone "
                             "tries force.")
            lines.append(f"Force: your share of all coercive strength is {g.force_power(self.viewer):.2f}.")
            self.tip(pygame.Rect(x, inner.y, cw, inner.h), "<br>".join(line for line in lines if line))

    # -------------------------------------------------------------- calendar
    def draw_calendar(self, surface):
        g = self.g
        s = g.scenario
        r = self.rects["calendar"]
        inner = panel(surface, r, "Calendar and agenda")
        n = len(s.calendar)
        bw = max(px(24), (inner.w - 3 * (n - 1)) // n)
        for k, day in enumerate(s.calendar):
            box = pygame.Rect(inner.x + k * (bw + px(3)), inner.y, bw, px(40))
            past = k < g.turn
            today = k == g.turn
            pygame.draw.rect(surface, theme.RED_DARK if today else theme.PANEL_HI, box)
            pygame.draw.rect(surface, theme.GOLD if today else theme.EDGE_DIM, box, width=1)
            wd, num = tile_words(day)
            wd = wd[:3] if bw >= px(36) else wd[:2]
            colour = theme.MUTED if past else theme.CREAM
            text(surface, wd, (box.centerx, box.y + px(3)), size=11, colour=colour, anchor="midtop", width=bw - 2)
            text(surface, num, (box.centerx, box.y + px(17)), family="serif", size=14, style="bold", colour=colour,
                 anchor="midtop", width=bw - 2)
            if day.sittings:
                pygame.draw.rect(surface, theme.RED if not past else theme.EDGE_DIM,
                                 pygame.Rect(box.x + px(3), box.bottom - px(5), bw - px(6), px(3)))
            bodies = ", ".join(s.body(b).name for b in day.sittings)
            self.tip(box, f"<b>{html.escape(day.label)}</b><br>{html.escape(day.note)}<br>"
                          f"{'Scheduled: ' + html.escape(bodies) if bodies else 'No sitting scheduled.'}")
        y = inner.y + px(48)
        lines = []
        sitting = [b.name for b in s.bodies if g.sits_today(b.id)]
        lines.append(("Sitting today: " + (", ".join(sitting) if sitting else "no body sits"), theme.CREAM))
        for item in g.agenda:
            m = s.motion(item["motion"])
            lines.append((f"On the agenda: {m.name} (called by {s.side(item['called_by']).within})", theme.GOLD))
        stalled, convened = g.stalled, g.convened
        if stalled:
            lines.append(("Adjourned today: " + ", ".join(s.body(b).name for b in stalled), theme.CREAM_DIM))
        for b in s.bodies:
            if b.id in convened and not g.sits_today(b.id) and convened[b.id] > g.turn:
                opens = s.calendar[min(convened[b.id], n - 1)].label
                lines.append((f"{b.name}: convened, opens {opens}", theme.CREAM_DIM))
            elif b.demand_signatures and b.id not in convened:
                signed = int(g.people.signed.sum())
                lines.append((f"{b.name}: {signed} signatures, {b.demand_signatures} needed to force it"
                              if signed < b.demand_signatures else
                              f"{b.name}: demanded by {signed} signatures ({b.demand_signatures} needed)",
                              theme.CREAM_DIM))
        if g.day.note:
            lines.append((g.day.note, theme.CREAM_DIM))
        for line, colour in lines:
            if y + px(16) > inner.bottom:
                break
            rr = paragraph(surface, line, pygame.Rect(inner.x, y, inner.w, inner.bottom - y), size=12, colour=colour,
                           max_lines=2)
            self.tip(pygame.Rect(inner.x, y, inner.w, rr.h), html.escape(line))
            y = rr.bottom + px(3)

    # -------------------------------------------------------------- forecast
    def draw_forecast(self, surface):
        g = self.g
        r = self.rects["forecast"]
        inner = panel(surface, r, "Forecast")
        mid = self.relevant_motion()
        m = g.scenario.motion(mid)
        f = self.forecast(mid)
        body = g.scenario.body(m.body)
        name = paragraph(surface, m.name, pygame.Rect(inner.x, inner.y, inner.w, px(40)), family="serif", size=15,
                         style="bold", max_lines=2)
        on_agenda = any(a["motion"] == mid for a in g.agenda)
        state = ("on today's agenda" if on_agenda else
                 f"passed on {day_name(g, g.passed[mid])}" if mid in g.passed else
                 f"defeated on {day_name(g, g.failed[mid])}" if mid in g.failed else "not yet called")
        need = f"  ·  {need_words(g, f)}" if mid not in g.passed and f.quorum else ""
        sub = paragraph(surface, f"{body.name}  ·  {state}  ·  favours {g.scenario.side(m.favours).within}{need}",
                        pygame.Rect(inner.x, name.bottom + px(2), inner.w, px(32)), size=12, colour=theme.CREAM_DIM,
                        max_lines=2)
        y = sub.bottom + px(4)
        k = g.scenario.side_index(m.favours)
        if mid in g.passed:
            big = text(surface, "PASSED", (inner.x, y), family="serif", size=30, style="bold",
                       colour=theme.SIDE_COLOURS[k].lerp(theme.CREAM, 0.15))
            paragraph(surface, f"The {body.name} passed it on {day_name(g, g.passed[mid])}; it cannot be voted "
                      "again.", pygame.Rect(big.right + px(12), y + px(4), inner.right - big.right - px(12), px(44)),
                      size=12, colour=theme.CREAM_DIM, max_lines=3)
        else:
            big = text(surface, f"{f.probability:.0%}", (inner.x, y), family="serif", size=34, style="bold",
                       colour=theme.SIDE_COLOURS[k].lerp(theme.CREAM, 0.15))
            sx = big.right + px(12)
            sw = inner.right - sx
            meaning = "chance it passes today" if on_agenda else "chance it would pass if called today"
            text(surface, f"{meaning}, as you see it now", (sx, y + px(1)), size=12, colour=theme.CREAM_DIM,
                 width=sw)
            tally = f"likely {f.likely_tally}" + (f", {round(f.abstain)} abstaining" if round(f.abstain) else "")
            text(surface, f"{tally};  yes {f.yes_low}–{f.yes_high} (8 in 10)", (sx, y + px(16)), size=13, width=sw)
            o = self.outlook(self.action, mid) if self.action is not None else self.baseline(mid)
            if o is not None and self.action is not None:
                line = f"after your choice: {o.after:.0%}" + (
                    f"; after their best reply: {o.reply:.0%}" if o.reply is not None else "")
                text(surface, line, (sx, y + px(33)), size=12, colour=theme.GOLD, width=sw)
            elif o is not None and o.reply is not None:
                text(surface, f"if they reply at their best: {o.reply:.0%}", (sx, y + px(33)), size=12,
                     colour=theme.GOLD, width=sw)
            elif self.action is not None and self.previewing():
                text(surface, "after your choice: working it out…", (sx, y + px(33)), size=12, colour=theme.GOLD,
                     width=sw)
            elif not f.quorum:
                text(surface, need_words(g, f), (sx, y + px(33)), size=12, colour=theme.GOLD, width=sw)
            self.tip(pygame.Rect(inner.x, y, inner.w, px(50)), lambda pos, f=f, o=o: self.forecast_tip(f, o))
        y += px(56)
        pygame.draw.line(surface, theme.EDGE_DIM, (inner.x, y - px(4)), (inner.right, y - px(4)))
        voters = list(f.voters)
        row_h = px(15)
        cap = max(1, (inner.bottom - y) // row_h)
        ncol = 1 if len(voters) <= cap else 2
        shown = voters[: cap * ncol]
        colw = (inner.w - px(12) * (ncol - 1)) // ncol
        for j, v in enumerate(shown):
            c, rr = divmod(j, cap)
            x = inner.x + c * (colw + px(12))
            yy = y + rr * row_h
            if ncol * cap < len(voters) and j == len(shown) - 1:
                text(surface, f"+ {len(voters) - len(shown) + 1} more", (x, yy), size=12,
                     colour=theme.MUTED, width=colw)
                break
            name = names.surname(g.scenario.actor(v.actor))
            nw = min(px(110), max(px(70), colw // 3))
            text(surface, name, (x, yy), size=12, width=nw, colour=theme.CREAM if v.known else theme.CREAM_DIM)
            pw = px(38)
            bar = pygame.Rect(x + nw + px(4), yy + px(3), colw - nw - px(8) - pw, px(9))
            prob_bar(surface, bar, v.p_yes, v.p_low, v.p_high,
                     colour=theme.YES if v.p_yes >= 0.5 else theme.NO)
            pct = f"{v.p_yes:.0%}" if v.known else f"~{v.p_yes:.0%}"
            text(surface, pct, (bar.right + pw, yy), size=11, anchor="topright",
                 colour=theme.CREAM if v.known else theme.CREAM_DIM, width=pw)
            self.tip(pygame.Rect(x, yy, colw, row_h), lambda pos, a=v.actor, mid=mid, v=v: self.voter_tip(mid, a, v))
        if not voters:
            text(surface, "No named voter is present.", (inner.x, y), size=12, colour=theme.MUTED, width=inner.w)

    def forecast_tip(self, f, o) -> str:
        lines = [f"<b>{f.probability:.0%}</b>: how often the motion passed when the vote was played out "
                 f"{f.samples} times from what <i>you</i> believe of each man. Most likely: {f.yes:.0f} for, "
                 f"{f.no:.0f} against. {names.upper(need_words(self.g, f))}."]
        if o is not None and o.reply is not None:
            lines.append(f"<b>{o.reply:.0%}</b> if the other side answers with its best move "
                         f"({html.escape(o.reply_label)}), as a computer player would judge it from your beliefs.")
        if self.app.settings.get("details"):
            lines.append(f"<font color='#7d7160'>Details: {f.samples} samples of stances from your estimates "
                         f"(mean ± sd), ballots from the vote model; expected {f.yes:.1f} yes, {f.no:.1f} no, "
                         f"{f.abstain:.1f} abstaining; passes when yes exceeds {f.needed:g} of {f.present}."
                         + (f" Replies judged in {o.worlds} believed worlds." if o is not None else "") + "</font>")
        else:
            lines.append("<font color='#7d7160'>Press D for the model's details.</font>")
        return "<br>".join(lines)

    def voter_tip(self, motion_id, actor_id, v) -> str:
        g = self.g
        terms = self.cached(("explain", motion_id, actor_id), lambda: g.explain(motion_id, actor_id, side=self.viewer))
        plain = [("stance", "where he stands, and how firmly"), ("ideology", "what he thinks of the motion itself"),
                 ("patron", "his patron's pull"), ("fear", f"fear of {html.escape(names.forces(g.scenario, 'and'))}"),
                 ("legitimacy", "whether it is done by the rules"), ("bandwagon", "the pull of the likely winner")]
        formula = {"stance": f"stance × ({g.scenario.model.stance_base:g} + conviction)",
                   "ideology": "ideology × motion's ideology",
                   "patron": "patron's stance × patron weight", "fear": "fear × caution",
                   "legitimacy": "legitimacy gap × weight", "bandwagon": "expected margin × weight"}
        details = self.app.settings.get("details")
        rows = [f"<b>{html.escape(g.actor_name(actor_id))}</b>: {terms.get('p_yes', v.p_yes):.0%} likely to vote "
                f"for, as you see him ({v.p_low:.0%}–{v.p_high:.0%} in 8 of 10 of your guesses).",
                "What pulls him, for (+) or against (−):"]
        for key, label in plain:
            if key in terms:
                x = terms[key]
                word = "strongly " if abs(x) > 0.5 else ("a little " if abs(x) < 0.15 else "")
                sign = "for" if x > 0 else "against"
                extra = f" <font color='#7d7160'>{formula[key]} = {x:+.2f}</font>" if details else ""
                rows.append(f"&nbsp;&nbsp;{label}: {word}{sign}{extra}")
        rows.append("You are sure of his stance." if v.known else "His stance is uncertain to you.")
        if not details:
            rows.append("<font color='#7d7160'>Press D for the model's details.</font>")
        return "<br>".join(rows)

    # -------------------------------------------------------------- actions frame
    def draw_actions_frame(self, surface):
        g = self.g
        r = self.rects["actions"]
        inner = panel(surface, r, "Your move" if self.legal() else "Actions")
        if not self.legal():
            if g.to_move and not self.session.is_human(g.to_move):
                dots = "." * (1 + int(self.age * 2) % 3)
                side = g.scenario.side(g.to_move)
                msg = f"{side.does('is')} considering {'their' if side.plural else 'its'} move{dots}"
            elif g.pending:
                msg = f"{g.side_name(g.pending['side'])} must decide: {g.pending_title()}"
            else:
                msg = "Waiting."
            text(surface, msg, (inner.x, inner.y + px(4)), size=14, colour=theme.CREAM_DIM, width=inner.w)
            text(surface, "Votes and events will be shown as they happen.", (inner.x, inner.y + px(26)), size=12,
                 colour=theme.MUTED, width=inner.w)

    def draw_ticker_head(self, surface):
        """The heading of the latest events; messages (``App.notify``) appear in it, right of the title."""
        t = self.rects["ticker"]
        head = pygame.Rect(t.x, t.y, t.w, px(TICKER_HEAD))
        pygame.draw.rect(surface, theme.PANEL, head)
        pygame.draw.rect(surface, theme.EDGE_DIM, head, width=1)
        title = text(surface, "LATEST", (t.x + px(8), head.centery), family="serif", size=13, style="bold",
                     colour=theme.GOLD, anchor="midleft")
        self._toast_slot = pygame.Rect(title.right + px(12), head.y + px(2), head.right - title.right - px(14),
                                       head.h - px(4))
        text(surface, "[L] the whole log", (head.right - px(8), head.centery), size=11, colour=theme.MUTED,
             anchor="midright")

    def keep_clear(self) -> list[pygame.Rect]:
        """The panels' headings: no tooltip or toast covers them."""
        return [pygame.Rect(r.x, r.y, r.w, px(30)) for name, r in self.rects.items() if name not in ("top", "ticker")]

    def toast_rect(self) -> pygame.Rect:
        """Messages go in the heading of the latest events (which they add to), never over a control."""
        if getattr(self, "_toast_slot", None) is None:
            return super().toast_rect()
        return self._toast_slot

    def demo_advance(self):
        """Attract mode: pick a sensible action (the first lobby, else wait) and confirm it."""
        legal = self.legal()
        if not legal:
            return
        if self.action is None:
            for kind in ("lobby", "call_vote", "pass"):
                acts = [a for a in legal if a.kind == kind]
                if acts:
                    self.pick_action(acts[0])
                    return
        self.confirm()
