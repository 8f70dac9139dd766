"""Honest forecasts: a motion's chance after a move, and after the opponent's best reply to it.

Pure Python over the engine's public API (no pygame), so it is tested headless.
Everything is judged as the computer players judge (``game.ai``): in *believed
worlds*, copies of the game whose hidden stances are drawn from the viewer's
own estimates (``Game.believed_world``), with fresh dice of their own, so a
forecast never peeks at the other side's secrets or the real game's chance.

Which chance is meant is always said: a motion on today's agenda (or put there
by the move) is judged by *the chance it passes at today's sitting* (an
adjournment that succeeds makes it 0); any other motion by *the chance it
would pass if it were put to the vote*.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from game.engine import Action, Game
from game.engine.errors import EngineError

WORLDS = 4          # believed worlds per outlook
REPLIES = 4         # the opponent's best-ranked replies tried in each world
SAMPLES = 120       # simulated votes per forecast inside a world
DICE = 3            # draws of the move's own chance in each world


@dataclass(frozen=True)
class Outlook:
    """What a move does to one motion's chance, as the viewer can judge it."""

    motion: str
    today: bool                 # the chance of passing at today's sitting (else: if it were called)
    wait: float                 # after waiting instead
    after: float                # right after the move
    reply: float | None         # after the opponent's best reply (None: no reply before the vote)
    reply_label: str            # the reply most often best, in words
    worlds: int
    no_effect: str              # why the move can change nothing now, or ""

    @property
    def meaning(self) -> str:
        return "chance it passes today" if self.today else "chance it would pass if called"


def focus_motion(g: Game) -> str:
    """The motion that matters now: today's agenda, else a live one that can sit today, else a live one."""
    for item in g.agenda:
        return item["motion"]
    live = [m for m in g.scenario.motions if m.id not in g.passed and g.condition_holds(m.requires)]
    for m in live:
        if g.sits_today(m.body):
            return m.id
    if live:
        return live[0].id
    decisive = [m for m in g.scenario.motions if m.decisive]
    return (decisive or list(g.scenario.motions))[0].id


def _on_agenda(g: Game, motion: str) -> bool:
    return any(item["motion"] == motion for item in g.agenda)


def chance(world: Game, real: Game, viewer: str, motion: str, today: bool, samples: int = SAMPLES) -> float:
    """The motion's chance in ``world`` (a believed copy of ``real``), in the sense ``today`` names."""
    if motion in world.passed and motion not in real.passed:
        return 1.0
    if world.failed.get(motion, -1) > real.failed.get(motion, -1):
        return 0.0
    if world.is_over():
        return 0.0
    if today and (world.turn > real.turn or not _on_agenda(world, motion)):
        return 0.0        # voted and lost, lapsed, adjourned, or never called today
    return world.forecast(motion, side=viewer, samples=samples).probability


def _state(world: Game) -> tuple:
    """What a move can change besides its own price: minds, knowledge, people, the procedure."""
    pop = world.people
    mean, sd = world.estimates(world.scenario.sides[0].id)
    mean2, sd2 = world.estimates(world.scenario.sides[1].id)
    return (pop.stance.tobytes(), mean.tobytes(), sd.tobytes(), mean2.tobytes(), sd2.tobytes(),
            pop.days_away.tobytes(), pop.travelling.tobytes(), pop.signed.tobytes(),
            tuple(sorted((i["motion"], i.get("called_by")) for i in world.agenda)), tuple(world.stalled),
            tuple(sorted(world.convened.items())), tuple(sorted(world.passed)), tuple(sorted(world.failed.items())),
            tuple(sorted(world.flags)), world.pending and tuple(sorted(world.pending.items())), world.is_over(),
            world.turn)


def _votes_left_today(world: Game) -> bool:
    """Whether a body may still vote today (it sits and has not adjourned)."""
    stalled = set(world.stalled)
    return any(world.sits_today(b.id) and b.id not in stalled for b in world.scenario.bodies)


def _worlds(g: Game, viewer: str, n: int):
    mean, sd = g.estimates(viewer)
    for k in range(n):
        rng = np.random.Generator(np.random.PCG64(7919 + k))
        stance = np.clip(mean + sd * rng.standard_normal(mean.shape), -1.0, 1.0)
        yield g.believed_world(viewer, stance, seed=int(rng.integers(2**62)))


def best_reply(world: Game, real: Game, viewer: str, motion: str, today: bool, replies: int = REPLIES):
    """The opponent's reply in ``world`` worst for the viewer on ``motion``: (chance after it, its label).

    The opponent's candidates are those its own judge (``game.ai``) ranks best,
    and waiting; None if the opponent does not move again before the vote.
    """
    from game.ai.heuristics import Judge
    other = real.other(viewer)
    if world.is_over() or world.to_move != other or world.pending or world.turn != real.turn:
        return None
    fav = real.scenario.motion(motion).favours == viewer
    legal = world.legal_actions()
    wait = [a for a in legal if a.kind == "pass"]
    try:
        ranked = [s.action for s in Judge(world, other).ranked(limit=replies)]
    except EngineError:
        ranked = []
    best = None
    for a in dict.fromkeys(ranked + wait):
        trial = world.clone()
        try:
            trial.apply(a)
        except EngineError:
            continue
        p = chance(trial, real, viewer, motion, today)
        if best is None or (p < best[0] if fav else p > best[0]):
            best = (p, a.describe(real) if a.kind != "pass" else "waiting")
    return best


def outlook(g: Game, viewer: str, action: Action, motion: str, worlds: int = WORLDS,
            replies: int = REPLIES) -> Outlook | None:
    """What ``action`` (the viewer's, to move now) does to ``motion``'s chance, against waiting.

    None if the viewer cannot wait now (a decision is pending) or every world failed.
    """
    legal = g.legal_actions()
    wait = next((a for a in legal if a.kind == "pass"), None)
    if wait is None or g.to_move != viewer:
        return None
    today = _on_agenda(g, motion) or (action.kind == "call_vote" and action.targets().get("motion") == motion)
    before, after, reply, labels, same = [], [], [], {}, True
    for k, w0 in enumerate(_worlds(g, viewer, worlds)):
        # The move's own dice drawn DICE times in each world: an 88% adjournment is not a sure one.
        tries = [w0.clone().reseed(104729 * k + j + 1) if j else w0.clone() for j in range(DICE)]
        try:
            w0.apply(wait)
            for w in tries:
                w.apply(action)
        except EngineError:
            continue
        w1 = tries[0]
        before.append(chance(w0, g, viewer, motion, today))
        after.append(float(np.mean([chance(w, g, viewer, motion, today) for w in tries])))
        same = same and not (w1.turn == g.turn and _votes_left_today(w1)) and _state(w0) == _state(w1) and all(
            chance(w0, g, viewer, m, True) == chance(w1, g, viewer, m, True)
            for m in {i["motion"] for i in g.agenda + w0.agenda + w1.agenda})
        answers = [best_reply(w, g, viewer, motion, today, replies) for w in (tries if action != wait else [w0])]
        if all(r is not None for r in answers):
            reply.append(float(np.mean([r[0] for r in answers])))
            for r in answers:
                labels[r[1]] = labels.get(r[1], 0) + 1
    if not before:
        return None
    no_effect = ""
    if same and action != wait:
        no_effect = ("This move can change nothing now: no vote today that it could sway, and no mind, "
                     "member or procedure it could touch. It would only spend its cost.")
    return Outlook(motion=motion, today=today, wait=float(np.mean(before)), after=float(np.mean(after)),
                   reply=float(np.mean(reply)) if len(reply) == len(before) else None,
                   reply_label=max(labels, key=labels.get) if labels else "", worlds=len(before),
                   no_effect=no_effect)


def option_outcomes(g: Game, viewer: str, motion: str, worlds: int = WORLDS) -> dict[str, dict]:
    """For a pending decision of ``viewer``: each option's price and what it does to ``motion``.

    ``{option: {"capital": Δ, "legitimacy": Δ, "other_legitimacy": Δ, "chance": p, "ends": share of
    worlds where it ends the game, "wins": share where the viewer then wins}}``, judged in believed worlds.
    """
    out: dict[str, dict] = {}
    other = g.other(viewer)
    for a in (a for a in g.legal_actions() if a.kind == "choose"):
        rows = []
        for w in _worlds(g, viewer, worlds):
            try:
                w.apply(a)
            except EngineError:
                continue
            o = w.outcome()
            rows.append((w.capital(viewer) - g.capital(viewer), w.legitimacy(viewer) - g.legitimacy(viewer),
                         w.legitimacy(other) - g.legitimacy(other),
                         chance(w, g, viewer, motion, _on_agenda(g, motion)),
                         o is not None, o is not None and o.winner == viewer))
        if rows:
            cols = np.array(rows, dtype=float).mean(axis=0)
            out[a.targets()["option"]] = dict(zip(("capital", "legitimacy", "other_legitimacy", "chance", "ends",
                                                   "wins"), map(float, cols)))
    return out
