"""The game's state in words, shared by the scenes: action names, log entries, dates."""

from __future__ import annotations

import html
import re

from . import names, theme
from .rules import SHORT

_DIGIT_SPACE = re.compile(r"(<[^>]*>)|(?<=\d) ")


# A scenario's sources, for its authors: "(record)", "(record: accounts differ)", "(CAESAR XV)".
_CITATION = re.compile(r"\s*\((?:record\b[^()]*|[A-Z]{3,}\b[^()]*)\)")


def spaced(s: str) -> str:
    """Text as players read it: the sources cited for authors left out, and a thin space added after a
    digit before a space, outside HTML tags (the body font's space is narrow and digits have no side
    bearing: "4 capital" reads as "4capital" without it)."""
    s = _CITATION.sub("", s)
    return _DIGIT_SPACE.sub(lambda m: m.group(1) or "\u200a ", s)


def event_html(g, e, short: bool = False) -> str:
    """One log entry as HTML: date, who, what, and (unless short) why."""
    esc = html.escape
    day = esc(e.date[5:]) if e.date else ""
    colour = "#b3a68a"
    who = ""
    if e.side and not e.text.startswith(g.side_name(e.side)):
        k = g.scenario.side_index(e.side)
        who = f"<font color='{theme.hex_colour(theme.SIDE_COLOURS[k])}'><b>{esc(g.side_name(e.side))}</b></font>: "
    kind = {"vote": "Vote", "event": "Event", "choice": "Decision", "arrival": "Travel", "convened": "Session",
            "session": "Session", "day": "Day", "outcome": "Outcome", "signatures": "Signatures",
            "intelligence": "Intelligence", "action": "", "note": ""}.get(e.kind, e.kind.title())
    tag = f"<font color='#d4a94a'>{esc(kind)}</font> " if kind else ""
    body = esc(e.text)
    if e.kind == "day":
        body = f"<b>{body}</b>"
    cause = ""
    if not short and e.cause and e.kind not in ("day",) and e.cause not in SHORT:
        cause = f" <font color='#7d7160'>({esc(cause_name(g, e.cause))})</font>"
    return f"<font color='{colour}'>{day}</font> {tag}{who}{body}{cause}"


def day_name(g, turn: int) -> str:
    """The calendar's label of day number ``turn``."""
    cal = g.scenario.calendar
    return cal[min(max(turn, 0), len(cal) - 1)].label


def day_label(g, date: str) -> str:
    """The calendar's name for a date ("Tuesday 18 June"), or the date itself."""
    for day in g.scenario.calendar:
        if day.date == date:
            return day.label
    return date


def cause_name(g, cause: str) -> str:
    """A log entry's cause in words: an event's title, a motion's or body's name, an action."""
    s = g.scenario
    for lookup in (lambda c: s.event(c).title, lambda c: s.motion(c).name, lambda c: s.body(c).name,
                   lambda c: s.actor(c).name):
        try:
            return lookup(cause)
        except KeyError:
            continue
    if cause in SHORT:
        return SHORT[cause].lower()
    return {"travel": "travel", "demand": names.demand(s) or "the demand"}.get(cause, cause.replace("_", " "))


def need_words(g, f) -> str:
    """What a forecast's vote needs, in whole votes ("needs 6 of the 11 present"), or why it cannot be held."""
    if not f.quorum:
        return f"no quorum: {f.present} of {f.members} in {g.scenario.words.capital}"
    tie = g.scenario.body(f.body).tie if float(f.needed).is_integer() else "fails"
    need = int(f.needed) + (tie != "passes")
    chair = f", or {need - 1} with the chair's" if tie == "chair" and need > 1 else ""
    return f"needs {need} yes of the {f.present} present{chair}"


def outlook_html(g, o) -> str:
    """A move's outlook (``forecasting.Outlook``) in plain words, naming the motion it is about."""
    esc = html.escape
    name = esc(g.scenario.motion(o.motion).name)
    out = (f"<font color='#d4a94a'><b>{name}</b>, {esc(o.meaning)}: {o.after:.0%} after this move, "
           f"{o.wait:.0%} if you wait")
    if o.reply is not None:
        out += f"; {o.reply:.0%} if they answer with their best move ({esc(o.reply_label)})"
    out += "</font>"
    if o.no_effect:
        out += f"<br><font color='#e06050'><b>Warning.</b> {esc(o.no_effect)}</font>"
    return out


def price_words(g, o: dict, motion: str) -> str:
    """An option's price and consequence (``forecasting.option_outcomes``) in words."""
    if o["ends"] >= 0.999:
        return "Ends the game: " + ("you win." if o["wins"] >= 0.999 else "you lose." if o["wins"] <= 0.001
                                    else f"you win in {o['wins']:.0%} of the worlds you believe in.")
    parts = []
    if abs(o["capital"]) >= 0.5:
        parts.append(f"political capital {o['capital']:+.0f}")
    if abs(o["legitimacy"]) >= 0.005:
        parts.append(f"your legitimacy {o['legitimacy']:+.2f}")
    if abs(o["other_legitimacy"]) >= 0.005:
        parts.append(f"{'theirs' if parts and 'legitimacy' in parts[-1] else 'their legitimacy'} "
                     f"{o['other_legitimacy']:+.2f}")
    cost = "Costs nothing" if not parts else "Effect: " + ", ".join(parts)
    return f"{cost}; then {g.scenario.motion(motion).name}: {o['chance']:.0%} to pass."


def offices_now(g, actor) -> list[str]:
    """An actor's offices as the game now stands: a post he has gained leads, one he has lost says so."""
    holders = g.holders
    gained = [p.title or p.name for p in g.scenario.posts if holders[p.id] == actor.id and p.holder != actor.id]
    lost = [p.title or p.name for p in g.scenario.posts if p.holder == actor.id and holders[p.id] != actor.id]
    return gained + [f"Relieved as {t}" for t in lost] + [o for o in actor.offices if o not in lost]
