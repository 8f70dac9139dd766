"""The scenario's trigger and effect languages, over a batch of games.

A condition is a dict with exactly one key naming its kind (``all``,
``flag``, ``passed``, ``stance``, ``majority``, ``chance`` ...); it answers
for an array of games at once, as a boolean array. An effect is a dict with
exactly one key naming its kind (``stance``, ``flag``, ``summon``, ``convene``,
``end`` ...); it changes an array of games at once. Effects on people take a
*selection*: ``actor``, ``actors``, ``bloc`` or ``members`` (a membership
selector such as ``"presidium:full"``). Every kind, with its arguments, is
documented for scenario authors in ``scenarios/README.md`` (sections 4-6).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from .chance import counts, grid
from .errors import EngineError
from .outcome import Termination
from .population import LEVEL

if TYPE_CHECKING:
    from .batch import GameBatch
    from .spec import Scenario


CONDITION_KINDS = (
    "all", "any", "not", "flag", "passed", "failed", "called", "fired", "date_from", "date_to",
    "stance", "member", "backing", "convened", "sitting", "present", "majority", "signatures",
    "legitimacy", "chance",
)


def _compare(value: np.ndarray, spec: dict[str, Any]) -> np.ndarray:
    """Whether each value lies strictly between the spec's ``above`` and ``below`` (either may be left out)."""
    return (value > spec.get("above", -np.inf)) & (value < spec.get("below", np.inf))


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    """Every (kind, argument) pair in a condition or effect tree."""
    if isinstance(node, dict):
        for kind, arg in node.items():
            yield kind, arg
            yield from walk(arg)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from walk(item)


# The conditions that read one field: kind -> (batch, games, argument) -> a mask over the games. (A column is
# read, then its games' rows: several times faster than numpy's gather by two indices.)
_READS = {
    "flag": lambda b, g, a: b.flags[:, b.flag_ix[a]][g],
    "passed": lambda b, g, a: b.passed[:, b.motion_ix[a]][g] >= 0,
    "failed": lambda b, g, a: b.failed[:, b.motion_ix[a]][g] >= 0,
    "called": lambda b, g, a: b.called[:, b.motion_ix[a]][g] > 0,
    "fired": lambda b, g, a: b.fired[:, b.event_ix[a]][g],
    "date_from": lambda b, g, a: b.dates[b.day_index(g)] >= a,
    "date_to": lambda b, g, a: b.dates[b.day_index(g)] <= a,
    "convened": lambda b, g, a: b.convened[:, b.body_ix[a]][g] >= 0,
    "sitting": lambda b, g, a: b.sits_today(b.body_ix[a], g),
    "signatures": lambda b, g, a: _compare(counts(b.pop.signed.take(g, axis=0)).astype(float), a),
    "legitimacy": lambda b, g, a: _compare(b.legitimacy[:, b.side_ix[a["side"]]][g], a),
    "chance": lambda b, g, a: b.chance.one(g) < float(a),
}


def _wide(cond: dict[str, Any]) -> bool:
    """Whether a condition reads the whole population (a mean, a count, a body's members, backing)."""
    ((kind, arg),) = cond.items()
    if kind in ("all", "any"):
        return any(_wide(c) for c in arg)
    if kind == "not":
        return _wide(arg)
    if kind == "stance":
        return arg.keys() & {"actor", "actors", "bloc", "members"} != {"actor"}
    return kind not in _READS or kind == "signatures"


def flag_names(sc: Scenario) -> tuple[str, ...]:
    """Every flag a game of ``sc`` may hold: set at the start, named by a condition or effect, or a demand's."""
    trees: list[Any] = [e.when for e in sc.events] + [e.effects for e in sc.events]
    trees += [c.effects for e in sc.events for c in e.choices]
    trees += [m.requires for m in sc.motions] + [m.on_pass for m in sc.motions] + [m.on_fail for m in sc.motions]
    trees += [m.on_tie for m in sc.motions]
    trees += [c.requires for c in sc.compromises] + [o.when for o in sc.outcomes]
    names = list(sc.flags)
    names += [arg for kind, arg in walk(trees) if kind in ("flag", "unflag") and isinstance(arg, str)]
    names += [f"demand:{b.id}" for b in sc.bodies if b.demand_signatures > 0]
    return tuple(dict.fromkeys(names))


class Rules:
    """Conditions and effects of one scenario, each kind written once over an array of games."""

    def __init__(self, batch: "GameBatch"):
        self.batch = batch
        self._plans = batch.plans     # id(condition) -> (condition, its plan): the scenario's, shared

    def _plan(self, cond: dict[str, Any]) -> tuple[bool, list]:
        """An ``all``/``any`` condition's plan: whether it draws chance, and its parts in the order they are
        asked: as written if it draws chance, else those that read one field per game first (the answer is
        the same in any order; the population-wide parts are then asked only of the games still undecided)."""
        if id(cond) not in self._plans:
            ((_, parts),) = cond.items()
            draws = any(kind == "chance" for kind, _ in walk(cond))
            self._plans[id(cond)] = (cond, (draws, list(parts) if draws else sorted(parts, key=_wide)))
        return self._plans[id(cond)][1]

    # ------------------------------------------------------------- selections
    def selection(self, sel: dict, games: np.ndarray) -> np.ndarray:
        """``(len(games), P)`` mask of an ``actor``/``actors``/``bloc``/``members`` selection."""
        b = self.batch
        mask = np.zeros((len(games), b.pop.size), dtype=bool)
        if "actor" in sel:
            mask[:, b.actor_ix[sel["actor"]]] = True
        for a in sel.get("actors", ()):
            mask[:, b.actor_ix[a]] = True
        if "bloc" in sel:
            mask |= (b.pop.bloc == b.bloc_ix[sel["bloc"]])[None, :]
        if "members" in sel:
            mask |= b.membership(sel["members"], games)
        return mask

    # ------------------------------------------------------------- conditions
    def holds(self, cond: dict[str, Any] | None, games: np.ndarray) -> np.ndarray:
        """For each of ``games``, whether ``cond`` holds now. ``None`` always holds."""
        n = len(games)
        if cond is None:
            return np.ones(n, dtype=bool)
        ((kind, arg),) = cond.items()
        b = self.batch
        pop = b.pop
        if kind in ("all", "any"):
            # Each part is asked only of the games it can still change, unless the condition draws chance
            # (then every game is asked every part, so what a game draws does not depend on the others).
            decided = kind == "any"                # the answer that settles a game
            out = np.full(n, not decided)
            rows = np.arange(n)
            draws, parts = self._plan(cond)
            for c in parts:
                if draws:
                    out = (out & self.holds(c, games)) if not decided else (out | self.holds(c, games))
                    continue
                hit = self.holds(c, games[rows]) == decided
                out[rows[hit]] = decided
                rows = rows[~hit]
                if rows.size == 0:
                    break
            return out
        if kind == "not":
            return ~self.holds(arg, games)
        if kind in _READS:
            return _READS[kind](b, games, arg)
        if kind == "stance":
            if arg.keys() & {"actor", "actors", "bloc", "members"} == {"actor"}:     # one man: his stance, not a mean
                return _compare(pop.stance[:, b.actor_ix[arg["actor"]]][games], arg)
            mask = self.selection(arg, games)
            count = mask.sum(axis=1)
            mean = (pop.stance[games] * mask).sum(axis=1) / np.maximum(count, 1)
            return (count > 0) & _compare(mean, arg)
        if kind == "member":
            i = b.actor_ix[arg["actor"]]
            level = arg.get("level", "full")
            if arg["body"] == "secretariat":
                return pop.secretariat[games, i] == (level != "none")
            return getattr(pop, arg["body"])[games, i] == LEVEL[level]
        if kind == "backing":
            inst = [x.id for x in b.scenario.institutions].index(arg["institution"])
            return _compare(b.backing(b.side_ix[arg["side"]], games)[:, inst], arg)
        if kind in ("present", "majority"):
            body = b.body_ix[arg["body"]]
            cols = b.voter_columns(body)
            voters = b.voter_mask(body, games, cols)
            count = counts(voters)
            if kind == "majority":
                leaning = (voters & (pop.stance[grid(games, cols)] * b.direction(b.side_ix[arg["side"]]) > 0))
                return counts(leaning) * 2 > count
            here = counts(voters & (pop.days_away[grid(games, cols)] == 0))
            return _compare(np.where(count > 0, here / np.maximum(count, 1), 0.0), arg)
        raise EngineError(f"unknown condition kind {kind!r}")

    # ------------------------------------------------------------- effects
    def apply_effects(self, effects, games: np.ndarray, cause: str = "", audience: int | None = None) -> None:
        """Apply ``effects`` in order; a game that ends stops taking the rest."""
        b = self.batch
        for effect in effects:
            games = games[b.outcome[games] < 0]
            if games.size == 0:
                return
            self.apply_effect(effect, games, cause, audience)

    def apply_effect(self, effect: dict[str, Any], games: np.ndarray, cause: str = "",
                     audience: int | None = None) -> None:
        ((kind, arg),) = effect.items()
        b = self.batch
        pop = b.pop
        if kind == "stance":
            mask = self.selection(arg, games)
            at = grid(games, np.flatnonzero(mask.any(axis=0)))    # only the columns it selects in some game
            old, mask = pop.stance[at], mask[:, at[1]]
            if "set" in arg:
                new = np.where(mask, arg["set"], old)
            else:
                delta = arg.get("add", 0.0)
                if "toward" in arg:
                    delta = b.direction(b.side_ix[arg["toward"]]) * arg.get("by", 0.1)
                new = np.where(mask, old + delta, old)
            pop.stance[at] = np.clip(new, -1.0, 1.0)
        elif kind == "flag":
            b.flags[games, b.flag_ix[arg]] = True
        elif kind == "unflag":
            b.flags[games, b.flag_ix[arg]] = False
        elif kind == "membership":
            getattr(pop, arg["body"])[games, b.actor_ix[arg["actor"]]] = LEVEL[arg["level"]]
        elif kind == "secretariat":
            pop.secretariat[games, b.actor_ix[arg["actor"]]] = bool(arg["member"])
        elif kind == "legitimacy":
            b.add_legitimacy(b.side_ix[arg["side"]], games, arg["add"])
        elif kind == "capital":
            k = b.side_ix[arg["side"]]
            b.capital[games, k] = np.clip(b.capital[games, k] + arg["add"], 0, b.scenario.rules.capital_cap)
        elif kind == "reveal":
            k = b.side_ix[arg["side"]]
            b.reveal(k, games, self.selection(arg, games), sd=b.weights.intelligence_sd)
            who = b.selection_name(arg) + (" stands" if "actor" in arg else " stand")    # one man, or several
            b.note(games, "intelligence", f"{b.scenario.sides[k].does('learns')} where {who}.",
                   side=k, cause=cause, reveals=True, audience=k)
        elif kind == "summon":
            pop.travelling[games] |= self.selection(arg, games) & (pop.days_away[games] > 0)
        elif kind == "arrive":
            mask = self.selection(arg, games) & (pop.days_away[games] > 0)
            if "count" in arg:
                mask &= np.cumsum(mask, axis=1) <= int(arg["count"])
            pop.days_away[games] = np.where(mask, 0, pop.days_away[games])
            pop.travelling[games] &= ~mask
            count = mask.sum(axis=1)
            b.note(games[count > 0], "arrival",
                   lambda r, g: (f"{b.selection_name(arg)}: {count[count > 0][r]} "
                                 f"{'arrives' if count[count > 0][r] == 1 else 'arrive'} in "
                                 f"{b.scenario.words.capital}."),
                   cause=cause, audience=audience)
        elif kind == "sign":
            mask = self.selection(arg, games) & (pop.days_away[games] == 0) & (pop.cc[games] > 0) & ~pop.signed[games]
            share = float(arg.get("share", 1.0))
            quota = np.round(mask.sum(axis=1) * share).astype(np.int64)
            mask &= np.cumsum(mask, axis=1) <= quota[:, None]
            pop.signed[games] |= mask
            count = mask.sum(axis=1)
            b.note(games[count > 0], "signatures",
                   lambda r, g: b.scenario.words.signatures.format(count=count[count > 0][r],
                                                                   total=int(pop.signed[g].sum())),
                   cause=cause, audience=audience)
        elif kind == "convene":
            b.convene(b.body_ix[arg], games, cause=cause)
        elif kind == "chair":
            b.chair[games, b.body_ix[arg["body"]]] = b.actor_ix[arg["actor"]] if arg["actor"] else -1
        elif kind == "appoint":
            b.holder[games, b.post_ix[arg["post"]]] = b.actor_ix[arg["actor"]] if arg.get("actor") else -1
        elif kind == "end":
            b.finish(games, b.outcome_ix[arg], Termination.EVENT)
        elif kind == "message":
            b.note(games, "note", arg, cause=cause, audience=audience)
        else:
            raise EngineError(f"unknown effect kind {kind!r}")
