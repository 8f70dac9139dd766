"""The day in one page: what moved since the last summary, and why; what this morning brings.

Pure Python over the engine's public API (no pygame). The board takes a
:func:`snapshot` when a summary is shown and hands the next summary the
snapshot and the log entries since, so the player reads one page a day
instead of a chain of pop-ups.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine import Game

from . import names

MOVED = 0.05        # a shift in an estimated stance worth a line


@dataclass(frozen=True)
class Snapshot:
    turn: int
    stance: tuple[float, ...]          # the viewer's estimate of each named figure
    legitimacy: tuple[float, float]    # (the viewer's, the other side's)
    capital: int
    present: int                       # voting Central Committee members in the capital
    signatures: int
    passed: tuple[str, ...]
    failed: tuple[tuple[str, int], ...]


def snapshot(g: Game, viewer: str) -> Snapshot:
    mean, _ = g.estimates(viewer)
    pop = g.people
    n = len(g.scenario.actors)
    return Snapshot(turn=g.turn, stance=tuple(float(x) for x in mean[:n]),
                    legitimacy=(g.legitimacy(viewer), g.legitimacy(g.other(viewer))), capital=g.capital(viewer),
                    present=int(((pop.cc == 2) & (pop.days_away == 0)).sum()), signatures=int(pop.signed.sum()),
                    passed=tuple(sorted(g.passed)), failed=tuple(sorted(g.failed.items())))


def _why(name: str, entries) -> str:
    """The first entry of the day that names ``name``: the likeliest cause of his move."""
    for e in entries:
        if name in e.text and e.kind in ("action", "event", "note", "choice", "session", "intelligence"):
            return e.text.split(". ")[0].rstrip(".")
    return ""


def digest(g: Game, viewer: str, before: Snapshot, entries) -> list[tuple[str, list[str]]]:
    """Sections of the summary: (heading, lines). ``entries``: the log entries ``viewer`` saw since ``before``."""
    now = snapshot(g, viewer)
    s = g.scenario
    sections: list[tuple[str, list[str]]] = []
    results = [e.text for e in entries if e.kind == "vote"]
    moved = []
    direction = g.direction(viewer)
    for i, a in enumerate(s.actors):
        d = now.stance[i] - before.stance[i]
        if abs(d) >= MOVED:
            toward = "toward you" if d * direction > 0 else "away from you"
            why = _why(a.name, entries) or _why(names.surname(a), entries)
            moved.append((abs(d), f"{a.name} moved {toward} ({before.stance[i]:+.2f} → {now.stance[i]:+.2f})"
                          + (f": {why}." if why else f": the pull of the day's votes, {a.his} patron and the likely winner.")))
    lines = results + [line for _, line in sorted(moved, reverse=True)[:8]]
    dl, dlo = now.legitimacy[0] - before.legitimacy[0], now.legitimacy[1] - before.legitimacy[1]
    if abs(dl) >= 0.005 or abs(dlo) >= 0.005:
        lines.append(f"Standing (legitimacy): yours {before.legitimacy[0]:.2f} → {now.legitimacy[0]:.2f}, "
                     f"theirs {before.legitimacy[1]:.2f} → {now.legitimacy[1]:.2f}.")
    if now.present != before.present:
        lines.append(f"{names.upper(s.words.cc_members)} in {s.words.capital}: {before.present} → {now.present}.")
    if now.signatures != before.signatures:
        lines.append(f"Signatures on {names.demand(s) or 'the demand'}: {before.signatures} → {now.signatures}.")
    if now.capital != before.capital:
        lines.append(f"Your political capital: {before.capital} → {now.capital}.")
    if lines:
        sections.append(("What moved, and why" if now.turn == before.turn else "Since the last summary", lines))
    morning = []
    for e in entries:
        if e.kind == "day":
            morning = [e.text]          # only the latest morning is news
        elif e.kind in ("event", "arrival", "convened", "signatures", "note", "session") and not e.side:
            history = e.data.get("history") if e.kind == "event" else ""
            morning.append(e.text + (f" (The record: {history})" if history else ""))
    if morning:
        sections.append((f"This morning: {g.day.label}" if now.turn > before.turn else "News", morning))
    return sections


def mark_read(session, upto: int | None = None) -> None:
    """The viewer has read the log up to ``upto`` (default: all): the next summary starts from here."""
    g = session.game
    session.summaries[session.viewer] = (snapshot(g, session.viewer), len(g.log) if upto is None else upto)


def unread(session) -> tuple[Snapshot, list]:
    """The viewer's picture at the last summary, and the log entries seen since (an event whose decision
    card tells it is left to that card)."""
    g = session.game
    viewer = session.viewer
    if viewer not in session.summaries:         # a side's first summary tells everything it saw so far
        mark_read(session, 0)
    base, start = session.summaries[viewer]
    pending = (g.pending or {}).get("id")
    return base, [e for e in g.log[start:] if (e.audience is None or e.audience == viewer)
                  and not (e.kind == "event" and e.data.get("event") == pending)]


def summary_sections(session) -> list[tuple[str, list[str]]]:
    """What the viewer's next summary would say (empty: nothing worth a page)."""
    base, entries = unread(session)
    if not any(e.kind in ("day", "event") for e in entries):
        return []
    return digest(session.game, session.viewer, base, entries)


def headline_event(session):
    """The scenario event the next summary leads with (its poster illustrates the page), or None."""
    g = session.game
    ids = [e.data.get("event") for e in unread(session)[1] if e.kind == "event"]
    for eid in reversed(ids):
        try:
            return g.scenario.event(eid)
        except KeyError:
            continue
    return None
