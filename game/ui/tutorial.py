"""The tutorial: a guided first game, its lessons from ``assets/tutorial.toml``.

Pure Python (no pygame). A :class:`Coach` recommends at each move what the
recommended side did in history (the ``historical`` policy), and gives each
lesson the first time its trigger holds. Against the opponent the file names,
following every recommendation wins (tested); the player may do otherwise,
and the advice follows the new position.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field

from game.ai import make_policy
from game.engine import Action, Game

from .names import demand_body
from .theme import ASSETS

TUTORIAL = ASSETS / "tutorial.toml"


@dataclass(frozen=True)
class Lesson:
    id: str
    when: str
    title: str
    text: str


@dataclass(frozen=True)
class Script:
    scenario: str
    side: str
    opponent: str
    seed: int
    lessons: tuple[Lesson, ...]


def load_script(path=TUTORIAL) -> Script:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    return Script(scenario=data["scenario"], side=data["side"], opponent=data["opponent"], seed=int(data["seed"]),
                  lessons=tuple(Lesson(**x) for x in data["lessons"]))


def facts(g: Game, side: str, motion: str) -> dict:
    """The numbers a lesson may quote, from the game as it stands."""
    f = g.forecast(motion, side=side, samples=50)
    demanded = demand_body(g.scenario)
    return {"voters": f.members, "present": f.present, "needed": int(f.needed) + 1, "capital": g.capital(side),
            "cap": g.scenario.rules.capital_cap, "income": g.income(side),
            "signatures": demanded.demand_signatures if demanded else 0,
            "airlift": int(g.airlift_capacity(side)), "motion": g.scenario.motion(motion).name}


@dataclass
class Coach:
    script: Script
    seen: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.policy = make_policy("historical", self.script.seed)

    @property
    def side(self) -> str:
        return self.script.side

    def advice(self, g: Game) -> Action | None:
        """The move the coach recommends now, or None when it is not the tutorial side's move."""
        if g.is_over() or g.to_move != self.side:
            return None
        return self.policy.choose(g)

    def triggers(self, g: Game) -> set[str]:
        out = set()
        if g.action_count <= 1:
            out.add("start")
        if g.agenda:
            out.add("agenda")
        if any(not b.convened and b.id in g.convened for b in g.scenario.bodies):
            out.add("plenum")
        advice = self.advice(g)
        if advice is not None:
            out.add(advice.kind)
        return out

    def lessons(self, g: Game) -> list[Lesson]:
        """The lessons to show now (every unseen one whose trigger holds, on one card), marked as seen."""
        from .forecasting import focus_motion
        hot = self.triggers(g)
        out = []
        for lesson in self.script.lessons:
            if lesson.id not in self.seen and lesson.when in hot:
                self.seen.append(lesson.id)
                out.append(Lesson(lesson.id, lesson.when, lesson.title,
                                  lesson.text.format(**facts(g, self.side, focus_motion(g)))))
        return out

    def why(self, g: Game, action: Action) -> str:
        """One line on why the recommended move is good now."""
        from .rules import kind_help
        return kind_help(g.scenario, action.kind)
