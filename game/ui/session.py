"""A game as the desktop plays it: the engine's Game plus who plays each side.

Pure Python (no pygame): the scenes read it and submit actions through it,
and the tests drive it directly. It never computes a rule; it only calls the
engine's public API and the computer players' ``choose``.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

import game as game_api
from game.ai import make_policy
from game.engine import Action, Game, GameEvent

from . import persistence

HUMAN = "human"


def policy_names() -> list[str]:
    """The computer players available now (the AI module may add levels)."""
    from game.ai import policies
    return list(policies.POLICIES)


def random_seed() -> int:
    return random.SystemRandom().randrange(1, 1_000_000)


class ComputerThought:
    """A computer player choosing on a clone of the game in a daemon thread.

    The frame loop polls ``done``; the window never waits for a slow player
    (``ai:hard`` searches for most of a second), and quitting never waits
    for it either.
    """

    def __init__(self, policy, game: Game):
        self.key = (len(game.state.actions), game.to_move)
        self.action = None
        self.error: BaseException | None = None
        self._done = threading.Event()
        snapshot = game.clone()
        threading.Thread(target=self._run, args=(policy, snapshot), daemon=True, name="computer-move").start()

    def _run(self, policy, snapshot) -> None:
        try:
            self.action = policy.choose(snapshot)
        except BaseException as exc:  # noqa: BLE001 - handed to the frame loop, which re-raises
            self.error = exc
        finally:
            self._done.set()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)


@dataclass
class Session:
    game: Game
    controllers: dict[str, str]          # side id -> "human" or a policy name
    policy_seed: int = 0
    viewer: str = ""                     # the side whose knowledge the board shows
    policies: dict = field(default_factory=dict)
    last_autosave_turn: int = -1
    autosave: bool = True                # the attract mode never touches the player's saves
    expectations: dict = field(default_factory=dict)   # motion -> the viewer's forecast before its vote

    def __post_init__(self):
        for side, who in self.controllers.items():
            if who != HUMAN and side not in self.policies:
                k = self.game.scenario.side_index(side)
                self.policies[side] = make_policy(who, self.policy_seed + 7919 * k)
        if not self.viewer:
            humans = self.humans
            self.viewer = humans[0] if humans else self.game.scenario.sides[0].id

    # ----------------------------------------------------------- creation
    @classmethod
    def new(cls, scenario, side: str, opponent: str, seed: int) -> "Session":
        """``opponent`` is a policy name, or "human" for hot-seat."""
        if not isinstance(scenario, game_api.Scenario):
            scenario = game_api.load_scenario(scenario)
        g = game_api.new_game(scenario, seed=seed)
        other = scenario.other_side(side)
        return cls(g, {side: HUMAN, other: opponent}, policy_seed=seed, viewer=side)

    @classmethod
    def computer_vs_computer(cls, scenario, policy: str, seed: int) -> "Session":
        if not isinstance(scenario, game_api.Scenario):
            scenario = game_api.load_scenario(scenario)
        g = game_api.new_game(scenario, seed=seed)
        return cls(g, {s.id: policy for s in scenario.sides}, policy_seed=seed, viewer=scenario.sides[0].id)

    # ----------------------------------------------------------- who plays
    @property
    def scenario(self):
        return self.game.scenario

    @property
    def humans(self) -> list[str]:
        return [s.id for s in self.scenario.sides if self.controllers.get(s.id) == HUMAN]

    @property
    def hot_seat(self) -> bool:
        return len(self.humans) == 2

    def is_human(self, side: str) -> bool:
        return self.controllers.get(side) == HUMAN

    def human_to_move(self) -> bool:
        return bool(self.game.to_move) and self.is_human(self.game.to_move)

    def computer_to_move(self) -> bool:
        return bool(self.game.to_move) and not self.is_human(self.game.to_move)

    def describe_players(self) -> str:
        parts = []
        for s in self.scenario.sides:
            who = self.controllers[s.id]
            parts.append(f"{s.name}: {'player' if who == HUMAN else 'computer (' + who + ')'}")
        return "; ".join(parts)

    # ----------------------------------------------------------- moves
    def apply(self, action: Action) -> list[GameEvent]:
        g = self.game
        if g.state.agenda and self.viewer:
            # What the viewer expected of today's votes, shown beside the result.
            self.expectations = {item["motion"]: g.forecast(item["motion"], side=self.viewer).probability
                                 for item in g.state.agenda}
        events = g.apply(action)
        self.autosave_if_new_turn()
        return events

    def computer_step(self) -> list[GameEvent]:
        """One move of the computer side to move, chosen here and now (headless use)."""
        side = self.game.to_move
        action = self.policies[side].choose(self.game)
        return self.apply(action)

    def think(self) -> ComputerThought:
        """Start the computer side to move choosing, off the frame loop."""
        return ComputerThought(self.policies[self.game.to_move], self.game)

    def conclude(self, thought: ComputerThought) -> list[GameEvent] | None:
        """Apply a finished thought; None if it is stale (the game moved on meanwhile)."""
        if thought.error is not None:
            raise thought.error
        if thought.key != (len(self.game.state.actions), self.game.to_move) or thought.action is None:
            return None
        return self.apply(thought.action)

    # ----------------------------------------------------------- saving
    def to_save(self) -> dict:
        g = self.game
        return {
            "version": persistence.SAVE_VERSION,
            "scenario": self.scenario.id,
            "seed": g.state.seed,
            "actions": list(g.state.actions),
            "state": g.to_json(),
            "players": dict(self.controllers),
            "policy_seed": self.policy_seed,
            "viewer": self.viewer,
            "meta": {"scenario_title": self.scenario.title, "day": g.day.label,
                     "players": " vs ".join("player" if self.controllers[s.id] == HUMAN else self.controllers[s.id]
                                            for s in self.scenario.sides)},
        }

    @classmethod
    def from_save(cls, data: dict) -> "Session":
        scenario = game_api.load_scenario(data["scenario"])
        g = Game.from_json(scenario, data["state"])
        players = data.get("players") or {scenario.sides[0].id: HUMAN, scenario.sides[1].id: "historical"}
        known = set(policy_names()) | {HUMAN}
        players = {k: (v if v in known else "historical") for k, v in players.items()}
        session = cls(g, players, policy_seed=int(data.get("policy_seed", data["seed"])),
                      viewer=data.get("viewer", ""))
        session.last_autosave_turn = g.turn
        return session

    def save(self, name: str):
        return persistence.write_save(self.to_save(), name)

    def autosave_if_new_turn(self) -> None:
        """Autosave when a new day begins (and never a finished game)."""
        if self.game.is_over() or not self.autosave:
            return
        if self.game.turn != self.last_autosave_turn:
            self.last_autosave_turn = self.game.turn
            self.save(persistence.AUTOSAVE)
