"""Title screen and its menus: settings, load, historical notes."""

from __future__ import annotations

import html
import re

import pygame
from pygame_gui.elements import UISelectionList

from game import saves
from game.errors import shown

from .. import persistence, theme
from ..drawing import backdrop, fit, star, text
from ..theme import html_heading, px
from ..scene import Scene
from ..session import Session, default_scenario


class TitleScene(Scene):
    name = "title"

    def enter(self):
        super().enter()
        self.app.sound.music("theme")

    def layout(self):
        w, h = self.app.size
        bw, bh = px(300), px(40)
        x = int(w * 0.12)
        y = int(h * 0.35)
        try:
            has_autosave = bool(persistence.continuable())
        except saves.SaveError as exc:     # the saves folder cannot be read: say so, offer the rest
            has_autosave = False
            if not getattr(self, "_told", False):
                self._told = True
                self.app.notify(f"Saves unavailable: {shown(exc)}")
        offered = self.app.offered       # play --scenario FILE: the title's pages are that crisis's
        notes_tip = f"The history behind {offered[0].title}.  [H]" if offered else "What happened in June 1957.  [H]"
        items = [
            ("Tutorial", self.tutorial, "Learn by playing: a guided first game of 1957 as Khrushchev.  [T]",
             pygame.K_t),
            ("New game", self.new_game, "Choose a scenario, a side and an opponent.  [N]", pygame.K_n),
            ("Continue", self.continue_game if has_autosave else None,
             "Resume the game saved at the start of the latest day.  [C]", pygame.K_c),
            ("Load", self.load, "Open a saved game.  [L]", pygame.K_l),
            ("Settings", self.settings, "Pace of the computer and of the ballots; sound; fullscreen.", pygame.K_s),
            ("Rules", self.rules, "What wins, what each action does and costs, for each side.  [R]", pygame.K_r),
            ("Who was who", self.encyclopedia, "Every figure: portrait, offices, life, role and fate.  [W]",
             pygame.K_w),
            ("Historical notes", self.notes, notes_tip, pygame.K_h),
            ("Quit", self.ask_quit, "Leave the game.  [Esc]", pygame.K_ESCAPE),
        ]
        self.keys = {}
        for i, (label, cb, tip, key) in enumerate(items):
            self.button((x, y + i * (bh + px(6)), bw, bh), label, cb, tip, cls="@menu")
            if cb is not None:
                self.keys[key] = cb
        self.keys[pygame.K_RETURN] = self.new_game

    def new_game(self):
        self.app.push("setup")

    def continue_game(self):
        """Open the newest autosave that loads (a damaged one is skipped for the one before it)."""
        problem = "no autosave"
        try:
            found = persistence.continuable()
        except saves.SaveError as exc:
            found, problem = [], shown(exc)
        for path in found:
            try:
                session = Session.load(path)
            except Exception as exc:  # noqa: BLE001 - any broken save is reported, not fatal
                problem = str(exc)
                continue
            self.app.open_session(session, briefing=False)
            return
        self.app.notify(f"Cannot continue: {problem}")

    def load(self):
        self.app.push("load")

    def settings(self):
        self.app.push("settings")

    def ask_quit(self):
        self.app.push("confirm", "Leave the game?", "Quit", self.app.quit, "Stay")

    def tutorial(self):
        self.app.open_session(Session.tutorial())

    def rules(self):
        self.app.push("rules")

    def encyclopedia(self):
        self.app.push("encyclopedia")

    def notes(self):
        self.app.push("notes")

    def draw(self, surface):
        backdrop(surface)
        w, h = surface.get_size()
        band = pygame.Rect(0, px(6), w, int(h * 0.30))
        pygame.draw.rect(surface, theme.BG_BAND, band)
        pygame.draw.line(surface, theme.EDGE, band.topleft, band.topright)
        pygame.draw.line(surface, theme.EDGE, band.bottomleft, band.bottomright)
        x = int(w * 0.12)
        big, small = 54, 22
        star(surface, (x + px(big * 0.63), band.centery), px(big * 0.63), theme.RED)
        title = text(surface, "ANTI-PARTY GROUP", (x + px(big * 1.65), band.centery - px(4)), family="serif",
                     size=big, style="bold", width=w - x - px(big * 1.65) - px(40), anchor="bottomleft")
        text(surface, "Антипартийная группа  ·  Moscow, June 1957", (title.x + px(3), band.centery + px(10)),
             family="serif", size=small, style="italic", colour=theme.CREAM_DIM, width=w - title.x - px(40))
        # The right-hand column: what the game is.
        col = pygame.Rect(int(w * 0.50), int(h * 0.38), int(w * 0.42), int(h * 0.45))
        lines = [
            "Eleven men vote on the fate of the First Secretary.",
            "Two hundred more are scattered across the Union.",
            "The army has the aircraft. The KGB has the guard.",
            "Every vote is computed from the people in the room.",
        ]
        y = col.y
        for line in lines:
            text(surface, line, (col.x, y), family="serif", size=18, style="italic", colour=theme.CREAM_DIM,
                 width=col.w)
            y += px(34)
        text(surface, "F11 fullscreen  ·  F1 help in game", (col.x, y + px(20)), size=13, colour=theme.MUTED,
             width=col.w)


class SettingsScene(Scene):
    name = "settings"
    PACES = {"computer_delay": [("Slow", 1.5), ("Normal", 0.8), ("Fast", 0.3), ("Instant", 0.05)],
             "ballot_delay": [("Slow", 0.6), ("Normal", 0.35), ("Fast", 0.12)]}
    VOLUMES = [("Quiet", 0.3), ("Medium", 0.7), ("Loud", 1.0)]

    def layout(self):
        w, h = self.app.size
        x, y = int(w * 0.18), int(h * 0.22)
        self.label((x, y - px(70), px(600), px(44)), "Settings", cls="@heading")
        rows = [("computer_delay", "Pace of the computer's moves"), ("ballot_delay", "Pace of the ballots")]
        for r, (key, title) in enumerate(rows):
            yy = y + r * px(90)
            self.label((x, yy, px(400), px(28)), title, cls="@subheading")
            for i, (name, value) in enumerate(self.PACES[key]):
                b = self.button((x + i * px(130), yy + px(34), px(120), px(36)), name, lambda k=key, v=value: self.set(k, v),
                                cls="@toggle")
                if abs(self.app.settings.get(key, 0) - value) < 1e-9:
                    b.select()
        yy = y + 2 * px(90)
        sound = self.app.sound
        sound.ready()
        self.label((x, yy, px(600), px(28)), "Sound" + (f"  ({sound.problem})" if sound.problem else ""),
                   cls="@subheading")
        for i, (name, value) in enumerate(self.VOLUMES):
            b = self.button((x + i * px(130), yy + px(34), px(120), px(36)), name, lambda v=value: self.set_volume(v),
                            cls="@toggle")
            if abs(self.app.settings.get("volume", 0.7) - value) < 1e-9:
                b.select()
        b = self.button((x + len(self.VOLUMES) * px(130) + px(20), yy + px(34), px(120), px(36)), "Mute  [M]",
                        self.toggle_mute, cls="@toggle")
        if self.app.settings.get("mute"):
            b.select()
        yy += px(90)
        self.label((x, yy, px(400), px(28)), "Display", cls="@subheading")
        b = self.button((x, yy + px(34), px(250), px(36)), "Fullscreen  [F11]", self.fullscreen, cls="@toggle")
        if self.app.fullscreen:
            b.select()
        self.button((x, yy + px(130), px(200), px(44)), "Back", self.app.pop, cls="@menu")
        self.keys = {pygame.K_ESCAPE: self.app.pop, pygame.K_m: self.toggle_mute}

    def set_volume(self, value):
        self.app.settings["mute"] = False
        self.set("volume", value)
        self.app.sound.apply_volume()
        self.app.sound.play("gavel", maxtime=400)     # a sample of the new level

    def toggle_mute(self):
        self.set("mute", not self.app.settings.get("mute", False))
        self.app.sound.apply_volume()

    def set(self, key, value):
        self.app.settings[key] = value
        self._store()
        self.rebuild()

    def fullscreen(self):
        self.app.toggle_fullscreen()
        self.app.settings["fullscreen"] = self.app.fullscreen
        self._store()
        self.rebuild()

    def _store(self):
        try:
            persistence.store_settings(self.app.settings)
        except (OSError, ValueError) as exc:
            self.app.notify(f"Settings not saved: {exc}")


class LoadScene(Scene):
    name = "load"

    def layout(self):
        w, h = self.app.size
        x, y = int(w * 0.12), int(h * 0.12)
        lw = int(w * 0.76)
        self.label((x, y, lw, px(44)), "Load a game", cls="@heading")
        try:
            self.saves = persistence.list_saves()
            problem = None
        except saves.SaveError as exc:      # e.g. a folder name too long, no permission: shown, not fatal
            self.saves, problem = [], str(exc)
        self.problem = problem
        room = lw - px(2 * 8 + 24)                  # the item's padding and the scroll bar
        fnt = theme.font("sans", 14)                # the list items' font (assets/theme.json)
        items = []
        for s in self.saves:                        # the save's own name is cut, if need be, not what it holds
            head, tail = f"{s.title}   —   ", f", saved {s.modified:%d %b %H:%M}"
            name = re.sub(r"^autosave-0*(\d)", r"autosave \1", s.name)      # "autosave-000003": "autosave 3"
            items.append(fit(head + fit(name, fnt, room - fnt.size(head + tail)[0]) + tail, fnt, room))
        lh = int(h * 0.56)
        if items:
            self.list = UISelectionList(pygame.Rect(x, y + px(60), lw, lh), items, self.manager, container=self.root)
        elif problem is not None:
            self.list = None
            self.textbox((x, y + px(60), lw, px(120)), f"<b>The saved games cannot be listed.</b><br>"
                         f"{html.escape(shown(problem)[:600])}")
        else:
            self.list = None
            self.textbox((x, y + px(60), lw, px(80)), "<i>No saved games yet. Games are saved automatically at the "
                         "start of each day, and with the Save button on the board.</i>")
        self.button((x, y + px(80) + lh, px(200), px(44)), "Load", self.load if items else None, "[Enter]",
                    cls="@primary")
        self.button((x + px(220), y + px(80) + lh, px(200), px(44)), "Delete", self.delete if items else None,
                    "[Delete]", cls="@menu")
        self.button((x + px(440), y + px(80) + lh, px(200), px(44)), "Back", self.app.pop, "[Esc]", cls="@menu")
        self.keys = {pygame.K_ESCAPE: self.app.pop, pygame.K_RETURN: self.load, pygame.K_DELETE: self.delete}

    def selected(self):
        if self.list is None:
            return None
        choice = self.list.get_single_selection()
        if choice is None:
            return None
        items = [i["text"] for i in self.list.item_list]
        return self.saves[items.index(choice)] if choice in items else None

    def delete(self):
        info = self.selected()
        if info is None:
            self.app.notify("Choose a saved game in the list first." if self.saves else "There is no save to delete.")
            return

        def gone():
            try:
                persistence.delete_save(info.path)
            except saves.SaveError as exc:
                self.app.notify(shown(exc)[:200])
                return
            self.app.notify(f"Deleted: {info.name}")
            if self.app.scene is self:
                self.rebuild()                   # the list without it
        self.app.push("confirm", f"Delete “{info.name}” ({info.title})? It cannot be undone.", "Delete", gone)

    def load(self):
        info = self.selected()
        if info is None:
            self.app.notify("Choose a saved game in the list first." if self.saves else "There is no save to load.")
            return
        try:
            session = Session.load(info.path)
        except Exception as exc:  # noqa: BLE001 - a broken save is reported, not fatal
            self.app.notify(f"Cannot load {info.name}: {exc}")
            return
        self.app.open_session(session, briefing=False)


class NotesScene(Scene):
    """Historical notes from the scenario data: the summary, the people, the events."""

    name = "notes"

    def layout(self):
        w, h = self.app.size
        x, y = int(w * 0.08), int(h * 0.08)
        s = default_scenario(self.app.offered)
        self.label((x, y, w - 2 * x, px(44)), "Historical notes", cls="@heading")
        parts = []
        if s is not None:
            e = html.escape
            aside = ", ".join(t for t in (s.title_ru, str(s.year)) if t)
            parts.append(f"<b>{e(s.title)}</b> <i>({e(aside)})</i><br>{e(s.summary)}<br><br>")
            parts.append(html_heading("The people") + "<br>")
            for a in s.actors:
                offices = "; ".join(a.offices)
                parts.append(f"<b>{e(a.name)}</b> <i>{e(a.name_ru)}</i><br>"
                             f"<font color='#b3a68a'>{e(offices)}</font><br>{e(a.bio)}<br><br>")
            parts.append(html_heading("What happened") + "<br>")
            for ev in s.events:
                if ev.history:
                    parts.append(f"<b>{e(ev.title)}</b><br>{e(ev.history)}<br><br>")
        else:
            parts.append("<i>No valid scenario was found in scenarios/.</i>")
        self.textbox((x, y + px(56), w - 2 * x, h - y - px(140)), "".join(parts), cls="@paper")
        self.button((x, h - px(70), px(200), px(44)), "Back", self.app.pop, cls="@menu")
        self.keys = {pygame.K_ESCAPE: self.app.pop}
