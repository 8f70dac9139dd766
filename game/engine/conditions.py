"""The trigger language: declarative conditions on the game state.

A condition is a dict with exactly one key naming its kind:

==================  ====================================================
``all`` / ``any``   a list of conditions, all / at least one true
``not``             a condition that must be false
``flag``            a flag is set
``passed``          a motion has passed; ``failed``: has failed
``called``          a motion has been called to a vote at least once
``fired``           a scenario event has fired
``date_from``       today is on or after this date (ISO ``YYYY-MM-DD``)
``date_to``         today is on or before this date
``stance``          ``{actor|bloc, above|below}``: a stance (bloc: mean)
``member``          ``{actor, body, level}``: membership (presidium|cc|secretariat)
``backing``         ``{institution, side, above|below}``: an institution's backing
``convened``        a body has been convened (or sits from the start)
``sitting``         a body sits today
``present``         ``{body, above|below}``: share of its voters in Moscow
``majority``        ``{body, side}``: most of the body's voters lean to the side
``signatures``      ``{above|below}``: signatures on the demand for a plenum
``legitimacy``      ``{side, above|below}``
``chance``          a probability, drawn from the game's generator
==================  ====================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .game import Game

KINDS = (
    "all", "any", "not", "flag", "passed", "failed", "called", "fired", "date_from", "date_to",
    "stance", "member", "backing", "convened", "sitting", "present", "majority", "signatures",
    "legitimacy", "chance",
)


def _compare(value: float, spec: dict[str, Any]) -> bool:
    if "above" in spec and not value > spec["above"]:
        return False
    if "below" in spec and not value < spec["below"]:
        return False
    return True


def holds(cond: dict[str, Any] | None, game: "Game") -> bool:
    """Whether ``cond`` holds now. ``None`` always holds."""
    if cond is None:
        return True
    ((kind, arg),) = cond.items()
    st = game.state
    if kind == "all":
        return all(holds(c, game) for c in arg)
    if kind == "any":
        return any(holds(c, game) for c in arg)
    if kind == "not":
        return not holds(arg, game)
    if kind == "flag":
        return arg in st.flags
    if kind == "passed":
        return arg in st.passed
    if kind == "failed":
        return arg in st.failed
    if kind == "called":
        return st.called.get(arg, 0) > 0
    if kind == "fired":
        return arg in st.fired
    if kind == "date_from":
        return game.date >= arg
    if kind == "date_to":
        return game.date <= arg
    if kind == "stance":
        mask = game.selection_mask(arg)
        return bool(mask.any()) and _compare(float(st.pop.stance[mask].mean()), arg)
    if kind == "member":
        i = game.actor_index(arg["actor"])
        body = arg["body"]
        if body == "secretariat":
            return bool(st.pop.secretariat[i]) == (arg.get("level", "full") != "none")
        return game.membership_level(i, body) == arg.get("level", "full")
    if kind == "backing":
        return _compare(game.backing(arg["side"], arg["institution"]), arg)
    if kind == "convened":
        return arg in st.convened
    if kind == "sitting":
        return game.sits_today(arg)
    if kind == "present":
        voters = game.voter_mask(arg["body"])
        share = float((st.pop.days_away[voters] == 0).mean()) if voters.any() else 0.0
        return _compare(share, arg)
    if kind == "majority":
        voters = game.voter_mask(arg["body"])
        leaning = (st.pop.stance[voters] * game.direction(arg["side"]) > 0).sum()
        return bool(leaning * 2 > voters.sum())
    if kind == "signatures":
        return _compare(float(np.count_nonzero(st.pop.signed)), arg)
    if kind == "legitimacy":
        return _compare(st.legitimacy[arg["side"]], arg)
    if kind == "chance":
        return bool(st.rng.random() < float(arg))
    raise ValueError(f"unknown condition kind {kind!r}")
