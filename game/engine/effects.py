"""The effect language: declarative changes to the game state.

An effect is a dict with exactly one key naming its kind. Effects that act
on people take a *selection*: ``actor`` (an id), ``actors`` (a list),
``bloc`` (a bloc id) or ``members`` (a membership selector such as
``"presidium:full"``).

==============  ==========================================================
``stance``      selection plus ``add``, ``set``, or ``toward`` (side) and ``by``
``flag``        set a flag; ``unflag``: clear one
``membership``  ``{actor, body, level}``: change a membership (body: presidium|cc)
``secretariat`` ``{actor, member}``: add to or drop from the Secretariat
``legitimacy``  ``{side, add}``
``capital``     ``{side, add}``
``reveal``      selection plus ``side``: that side learns those stances
``summon``      selection: those away set off for Moscow
``arrive``      selection (and optional ``count``): those away arrive at once
``sign``        selection (and optional ``share``): those present sign the demand
``convene``     a body id: it opens after its gathering days
``chair``       ``{body, actor}``
``end``         an outcome id: the game ends with it
``message``     a line for the log
==============  ==========================================================
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from .population import LEVEL
from .record import GameEvent

if TYPE_CHECKING:
    from .game import Game

KINDS = (
    "stance", "flag", "unflag", "membership", "secretariat", "legitimacy", "capital", "reveal",
    "summon", "arrive", "sign", "convene", "chair", "end", "message",
)
SELECTION_KEYS = ("actor", "actors", "bloc", "members")


def apply_effects(effects, game: "Game", cause: str) -> list[GameEvent]:
    out: list[GameEvent] = []
    for effect in effects:
        out.extend(apply_effect(effect, game, cause))
        if game.state.outcome is not None:
            break
    return out


def apply_effect(effect: dict[str, Any], game: "Game", cause: str) -> list[GameEvent]:
    ((kind, arg),) = effect.items()
    st = game.state
    pop = st.pop
    if kind == "stance":
        mask = game.selection_mask(arg)
        if "set" in arg:
            pop.stance[mask] = arg["set"]
        else:
            delta = arg.get("add", 0.0)
            if "toward" in arg:
                delta = game.direction(arg["toward"]) * arg.get("by", 0.1)
            pop.stance[mask] += delta
        np.clip(pop.stance, -1.0, 1.0, out=pop.stance)
        return []
    if kind == "flag":
        st.flags.add(arg)
        return []
    if kind == "unflag":
        st.flags.discard(arg)
        return []
    if kind == "membership":
        i = game.actor_index(arg["actor"])
        getattr(pop, arg["body"])[i] = LEVEL[arg["level"]]
        return []
    if kind == "secretariat":
        pop.secretariat[game.actor_index(arg["actor"])] = bool(arg["member"])
        return []
    if kind == "legitimacy":
        side = arg["side"]
        st.legitimacy[side] = float(np.clip(st.legitimacy[side] + arg["add"], 0.0, 1.0))
        return []
    if kind == "capital":
        side = arg["side"]
        st.capital[side] = int(np.clip(st.capital[side] + arg["add"], 0, game.scenario.rules.capital_cap))
        return []
    if kind == "reveal":
        mask = game.selection_mask(arg)
        game.reveal(arg["side"], mask, sd=game.scenario.model.intelligence_sd)
        learned = game.note("intelligence", f"{game.side_name(arg['side'])} learns where "
                            f"{game.selection_name(arg)} stands.", side=arg["side"], cause=cause, reveals=True)
        return [replace(learned, audience=arg["side"])]
    if kind == "summon":
        mask = game.selection_mask(arg) & (pop.days_away > 0)
        pop.travelling[mask] = True
        return []
    if kind == "arrive":
        idx = np.flatnonzero(game.selection_mask(arg) & (pop.days_away > 0))
        if "count" in arg:
            idx = idx[: int(arg["count"])]
        pop.days_away[idx] = 0
        pop.travelling[idx] = False
        if len(idx) == 0:
            return []
        return [game.note("arrival", f"{len(idx)} of {game.selection_name(arg)} arrive in Moscow.", cause=cause)]
    if kind == "sign":
        mask = game.selection_mask(arg) & (pop.days_away == 0) & (pop.cc > 0) & ~pop.signed
        idx = np.flatnonzero(mask)
        share = float(arg.get("share", 1.0))
        idx = idx[: int(round(len(idx) * share))]
        pop.signed[idx] = True
        if len(idx) == 0:
            return []
        return [game.note("signatures", f"{len(idx)} more signatures on the demand for a plenum "
                          f"({int(pop.signed.sum())} in all).", cause=cause)]
    if kind == "convene":
        return game.convene(arg, cause)
    if kind == "chair":
        st.chairs[arg["body"]] = arg["actor"]
        return []
    if kind == "end":
        return game.end_with(arg, cause)
    if kind == "message":
        return [game.note("note", arg, cause=cause)]
    raise ValueError(f"unknown effect kind {kind!r}")
