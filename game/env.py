"""A PettingZoo AEC environment over any scenario: train agents with the tools people already use.

Needs the optional extra ``rl`` (``pip install -e ".[rl]"``: pettingzoo,
gymnasium). Importing ``game`` or ``game.engine`` never imports this module.

    from game.env import env
    e = env("1957")                       # wrapped like PettingZoo's own games
    e.reset(seed=7)
    for agent in e.agent_iter():
        obs, reward, terminated, truncated, info = e.last()
        action = None if terminated or truncated else e.action_space(agent).sample(obs["action_mask"])
        e.step(action)

* **Agents** are the scenario's sides (``"khrushchev"``, ``"group"`` in 1957),
  in the engine's turn order: the agent selected is always ``Game.to_move``.
* **Actions** form a fixed discrete space per side: the engine's own
  ``ActionSpace`` (the one ``Game.legal_actions`` and ``GameBatch`` use), so
  the mask is the engine's legality and nothing else. The typed engine
  actions stay inside; integer ids exist only at this boundary
  (:meth:`AntiPartyGroupEnv.action_of`, :meth:`AntiPartyGroupEnv.action_id`).
  ``observation["action_mask"]`` marks the legal ones (int8); a masked action
  raises ``IllegalActionError``.
* **Observations** are built only from what the side may know: its own
  estimates of every stance (mean and uncertainty, never the true stances),
  public facts (who is in Moscow, memberships, signatures, which bodies sit,
  votes passed or failed, both sides' standing) and its own political
  capital. :meth:`AntiPartyGroupEnv.observation_layout` names each slice.
* **Rewards** come at the end only: +1 to the winner and -1 to the loser
  (scaled by the degree of victory with ``degree_rewards=True``); 0 each if
  no one wins.

Same seed, same actions, same game: ``reset(seed=s)`` starts ``Game.new(scenario, seed=s)``,
so an episode can be saved with :func:`game.saves.save_game` (``e.unwrapped.game``)
and replayed with ``python main.py replay``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import AECEnv
from pettingzoo.utils import wrappers

from .engine import Action, Game
from .engine.actions import ActionSpace
from .engine.errors import EngineError, IllegalActionError, InvalidActionError
from .engine.outcome import Degree
from .engine.population import LEVEL
from .engine.spec import Scenario

_TOP_LEVEL = float(max(LEVEL.values()))     # full membership, to scale levels into [0, 1]
DEGREE_REWARD = {Degree.DECISIVE: 1.0, Degree.CLEAR: 0.75, Degree.NARROW: 0.5, Degree.PYRRHIC: 0.25}


def enumerate_actions(scenario: Scenario, side: str) -> list[Action]:
    """Every action ``side`` could ever take in ``scenario``: the engine's own action space, in its order."""
    return list(ActionSpace(scenario, scenario.side_index(side)).actions)


class AntiPartyGroupEnv(AECEnv):
    """The game as a PettingZoo AEC environment (see the module docstring)."""

    metadata = {"name": "anti_party_group_v0", "render_modes": ["ansi", "human"], "is_parallelizable": False}

    def __init__(self, scenario: Scenario | str = "1957", render_mode: str | None = None,
                 degree_rewards: bool = False):
        super().__init__()
        if not isinstance(scenario, Scenario):
            from .scenario.loader import load_scenario
            scenario = load_scenario(scenario)
        if render_mode is not None and render_mode not in self.metadata["render_modes"]:
            raise EngineError(f"render_mode must be one of {self.metadata['render_modes']}, got {render_mode!r}")
        self.scenario = scenario
        self.render_mode = render_mode
        self.degree_rewards = degree_rewards
        self.possible_agents = [s.id for s in scenario.sides]
        self._actions = {a: tuple(enumerate_actions(scenario, a)) for a in self.possible_agents}
        self._ids = {a: {act: i for i, act in enumerate(acts)} for a, acts in self._actions.items()}
        self._people = len(scenario.actors) + sum(b.full + b.candidate for b in scenario.blocs)
        self._layout = self._make_layout()
        size = sum(n for _, n in self._layout)
        self.action_spaces = {a: spaces.Discrete(len(self._actions[a])) for a in self.possible_agents}
        self.observation_spaces = {a: spaces.Dict({
            "observation": spaces.Box(-1.0, 1.0, shape=(size,), dtype=np.float32),
            "action_mask": spaces.Box(0, 1, shape=(len(self._actions[a]),), dtype=np.int8),
        }) for a in self.possible_agents}
        self.game: Game | None = None
        self._seeds = np.random.default_rng()
        self.agents = []

    # ------------------------------------------------------------ spaces
    def _agent(self, agent: str) -> str:
        """``agent`` if it is one of the scenario's sides, else InvalidActionError naming them."""
        if not isinstance(agent, str) or agent not in self._actions:
            raise InvalidActionError(f"unknown agent {agent!r}; the agents are {', '.join(self.possible_agents)}")
        return agent

    def _started(self) -> Game:
        if self.game is None:
            raise EngineError("no game yet: call reset() first")
        return self.game

    def observation_space(self, agent: str) -> spaces.Space:
        return self.observation_spaces[self._agent(agent)]

    def action_space(self, agent: str) -> spaces.Space:
        return self.action_spaces[self._agent(agent)]

    def action_of(self, agent: str, action_id: int) -> Action:
        """The typed engine action behind an integer id."""
        actions = self._actions[self._agent(agent)]
        if isinstance(action_id, bool) or not isinstance(action_id, (int, np.integer)) \
                or not 0 <= action_id < len(actions):
            raise InvalidActionError(f"{agent}'s action ids run from 0 to {len(actions) - 1}, got {action_id!r}")
        return actions[int(action_id)]

    def action_id(self, agent: str, action: Action) -> int:
        """The integer id of a typed engine action (cost and label are ignored)."""
        found = self._ids[self._agent(agent)].get(action) if isinstance(action, Action) else None
        if found is None:
            raise InvalidActionError(f"{action!r} is not an action of {agent}")
        return found

    def observation_layout(self) -> list[tuple[str, int]]:
        """(name, length) of each slice of ``observation["observation"]``, in order."""
        return list(self._layout)

    def _make_layout(self) -> list[tuple[str, int]]:
        s, p = self.scenario, self._people
        return [
            ("estimate_mean", p), ("estimate_sd", p),                # the side's own beliefs
            ("in_moscow", p), ("travelling", p), ("cc_member", p), ("presidium_member", p), ("signed", p),
            ("capital", 1), ("legitimacy_self", 1), ("legitimacy_other", 1),
            ("day", 1), ("round", 1), ("to_move", 1), ("deciding", 1),
            ("body_sits", len(s.bodies)), ("body_convened", len(s.bodies)), ("body_adjourned", len(s.bodies)),
            ("motion_passed", len(s.motions)), ("motion_failed", len(s.motions)), ("motion_on_agenda", len(s.motions)),
            ("lobby_odds_lost", len(s.actors)),                      # the side's own lobbies so far, as odds lost
        ]

    # ------------------------------------------------------------ episode
    def reset(self, seed: int | None = None, options: dict | None = None) -> None:
        """Start a new game: ``Game.new(scenario, seed)``; without a seed, one drawn from the last seed given."""
        if seed is not None:
            if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2**63:
                raise InvalidActionError(f"a seed must be an integer from 0 to 2^63 - 1, got {seed!r}")
            self._seeds = np.random.default_rng(int(seed))
            game_seed = int(seed)
        else:
            game_seed = int(self._seeds.integers(2**63))
        self.game = Game.new(self.scenario, seed=game_seed)
        self.agents = list(self.possible_agents)
        self.rewards = {a: 0.0 for a in self.agents}
        self._cumulative_rewards = {a: 0.0 for a in self.agents}
        self.terminations = {a: False for a in self.agents}
        self.truncations = {a: False for a in self.agents}
        self.infos = {a: {} for a in self.agents}
        self._skip_agent_selection = None
        self.agent_selection = self.game.to_move
        if self.game.is_over():       # a scenario could end before anyone moves
            self._finish(self.possible_agents[0])

    def step(self, action: int | None) -> None:
        self._started()
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        if action is None:
            raise InvalidActionError(f"{agent} is to move; None is only for agents whose game is over")
        if isinstance(action, bool) or not isinstance(action, (int, np.integer)):
            raise InvalidActionError(f"an action is an integer id of {agent}'s action space, got {action!r}")
        index = int(action)
        if not 0 <= index < len(self._actions[agent]):
            raise InvalidActionError(f"action {index} is outside {agent}'s action space of {len(self._actions[agent])}")
        typed = self._actions[agent][index]
        if not self.game.is_legal(typed):
            raise IllegalActionError(f"action {index} ({typed!r}) is not legal now; use observation['action_mask']")
        self._cumulative_rewards[agent] = 0.0
        self._clear_rewards()
        self.game.apply(typed)
        if self.game.is_over():
            self._finish(agent)
        else:
            self.agent_selection = self.game.to_move
        self._accumulate_rewards()
        if self.render_mode == "human":
            self.render()

    def _finish(self, last_mover: str) -> None:
        out = self.game.outcome()
        scale = DEGREE_REWARD[out.degree] if self.degree_rewards else 1.0
        for a in self.agents:
            self.terminations[a] = True
            if out.winner is not None:
                self.rewards[a] = scale if a == out.winner else -scale
        others = [a for a in self.agents if a != last_mover]
        self.agent_selection = others[0] if others else last_mover

    # ------------------------------------------------------------ observing
    def action_mask(self, agent: str) -> np.ndarray:
        g, agent = self.game, self._agent(agent)
        if g is None or g.is_over() or agent != g.to_move:
            return np.zeros(len(self._actions[agent]), dtype=np.int8)
        return g.legal_mask(agent).astype(np.int8)     # the engine's own legality, over the same space

    def observe(self, agent: str) -> dict[str, np.ndarray]:
        g = self._started()
        s = self.scenario
        pop = g.people
        mean, sd = g.estimates(agent)
        other = g.other(agent)
        today_sits = [g.sits_today(b.id) for b in s.bodies]
        agenda = {a["motion"] for a in g.agenda}
        convened, stalled, passed, failed = g.convened, g.stalled, g.passed, g.failed
        pending = g.pending
        parts = [
            mean, np.minimum(sd, 1.0),
            (pop.days_away == 0), pop.travelling, pop.cc / _TOP_LEVEL, pop.presidium / _TOP_LEVEL, pop.signed,
            [min(1.0, g.capital(agent) / max(1, s.rules.capital_cap))],
            [g.legitimacy(agent)], [g.legitimacy(other)],
            [g.turn / max(1, len(s.calendar) - 1)],
            [g.round / max(1, 2 * s.rules.rounds_per_turn)],
            [float(g.to_move == agent)], [float(bool(pending) and pending.get("side") == agent)],
            today_sits,
            [b.id in convened and convened[b.id] <= g.turn for b in s.bodies],
            [b.id in stalled for b in s.bodies],
            [m.id in passed for m in s.motions],
            [m.id in failed for m in s.motions],
            [m.id in agenda for m in s.motions],
            g.lobbies(agent) * s.model.lobby_fatigue,
        ]
        vector = np.concatenate([np.asarray(x, dtype=np.float32).ravel() for x in parts])
        np.clip(vector, -1.0, 1.0, out=vector)
        return {"observation": vector, "action_mask": self.action_mask(agent)}

    # ------------------------------------------------------------ display
    def render(self) -> str | None:
        if self.render_mode is None or self.game is None:
            return None
        g = self.game
        lines = [f"{g.day.label} (turn {g.turn}, round {g.round})"]
        for side in self.possible_agents:
            lines.append(f"  {g.side_name(side)}: capital {g.capital(side)}, standing {g.legitimacy(side):.2f}")
        for e in g.log[-3:]:
            lines.append(f"  {e.text}")
        out = g.outcome()
        lines.append(f"  Outcome: {out.title}" if out else f"  To move: {g.side_name(g.to_move)}")
        text = "\n".join(lines)
        if self.render_mode == "human":
            print(text)
            return None
        return text

    def close(self) -> None:
        pass


raw_env = AntiPartyGroupEnv


def env(scenario: Scenario | str = "1957", **kwargs: Any) -> AECEnv:
    """The environment wrapped as PettingZoo wraps its own games (order enforcing, bounds checks)."""
    e = AntiPartyGroupEnv(scenario, **kwargs)
    e = wrappers.AssertOutOfBoundsWrapper(e)
    return wrappers.OrderEnforcingWrapper(e)


__all__ = ["AntiPartyGroupEnv", "enumerate_actions", "env", "raw_env"]
