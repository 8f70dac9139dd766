"""Play whole games headless and summarise them. Same arguments, same numbers."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from ..ai.policies import Policy, make_policy
from ..engine import Game
from ..engine.spec import Scenario
from ..scenario.loader import load_scenario

MAX_ACTIONS = 2000  # a guard: every scenario ends long before this


def _seeds(seed: int, run: int) -> tuple[int, int, int]:
    """Independent seeds for the game and each side's policy in one run."""
    state = np.random.SeedSequence([seed, run]).generate_state(3, dtype=np.uint32)
    return int(state[0]), int(state[1]), int(state[2])


def play_game(scenario: Scenario, seed: int, policies: dict[str, Policy]) -> Game:
    """Play one game to its end with one policy per side; returns the finished game."""
    game = Game.new(scenario, seed=seed)
    for _ in range(MAX_ACTIONS):
        if game.is_over():
            return game
        game.apply(policies[game.to_move].choose(game))
    raise RuntimeError(f"game with seed {seed} did not end within {MAX_ACTIONS} actions")


@dataclass
class VoteStats:
    motion: str
    body: str
    held: int = 0            # votes held, over all runs
    runs_held: int = 0       # runs in which it was voted at least once
    runs_passed: int = 0     # runs in which it passed
    yes: float = 0.0
    no: float = 0.0
    abstain: float = 0.0

    def to_json(self, runs: int) -> dict:
        n = max(self.held, 1)
        return {"motion": self.motion, "body": self.body, "held": self.held, "runs_held": self.runs_held,
                "mean_yes": round(self.yes / n, 3), "mean_no": round(self.no / n, 3),
                "mean_abstain": round(self.abstain / n, 3), "passed_share": round(self.runs_passed / runs, 4)}


@dataclass
class SimResult:
    scenario: str
    runs: int
    seed: int
    policies: dict[str, str]
    wins: dict[str, int]
    outcomes: dict[str, int]
    degrees: dict[str, int]
    votes: dict[str, VoteStats]
    turns: list[int] = field(default_factory=list)

    def win_rate(self, side: str) -> float:
        return self.wins.get(side, 0) / self.runs if self.runs else 0.0

    def to_json(self) -> dict:
        return {
            "scenario": self.scenario, "runs": self.runs, "seed": self.seed, "policies": self.policies,
            "wins": self.wins, "win_rates": {k: round(v / self.runs, 4) for k, v in self.wins.items()},
            "outcomes": self.outcomes, "degrees": self.degrees,
            "votes": {k: v.to_json(self.runs) for k, v in self.votes.items()},
            "mean_turns": round(float(np.mean(self.turns)), 3) if self.turns else 0.0,
        }

    def to_frame(self) -> dict[str, list]:
        """The vote table as columns (plain lists): motion, body, held, mean tallies, passed share."""
        rows = [v.to_json(self.runs) for v in self.votes.values()]
        return {k: [r[k] for r in rows] for k in (rows[0] if rows else {})}

    def table(self) -> str:
        lines = [f"{self.scenario}: {self.runs} games, seed {self.seed}, "
                 + ", ".join(f"{s}={p}" for s, p in self.policies.items()), ""]
        lines.append(f"{'side':<16}{'wins':>8}{'share':>9}")
        for side, n in self.wins.items():
            lines.append(f"{side:<16}{n:>8}{n / self.runs:>9.1%}")
        lines += ["", f"{'outcome':<24}{'games':>8}{'share':>9}"]
        for oid, n in sorted(self.outcomes.items(), key=lambda kv: -kv[1]):
            lines.append(f"{oid:<24}{n:>8}{n / self.runs:>9.1%}")
        lines += ["", f"{'vote':<26}{'held':>6}{'yes':>8}{'no':>7}{'abst':>7}{'passed in':>11}"]
        for v in self.votes.values():
            j = v.to_json(self.runs)
            lines.append(f"{v.motion:<26}{v.held:>6}{j['mean_yes']:>8.1f}{j['mean_no']:>7.1f}"
                         f"{j['mean_abstain']:>7.1f}{j['passed_share']:>11.1%}")
        return "\n".join(lines)


def simulate(scenario: Scenario | str, runs: int = 100, policies: str | dict[str, str] = "historical",
             seed: int = 0, overrides: list[str] | None = None,
             progress: Callable[[int, int], None] | None = None) -> SimResult:
    """Play ``runs`` games and summarise them.

    ``policies`` is one policy name for both sides or ``{side: name}``.
    ``overrides`` are ``path=value`` strings applied to the scenario.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    if not isinstance(scenario, Scenario) or overrides:
        scenario = load_scenario(scenario if not isinstance(scenario, Scenario) else scenario.id, overrides)
    sides = [s.id for s in scenario.sides]
    names = {s: policies for s in sides} if isinstance(policies, str) else dict(policies)
    for s in sides:
        names.setdefault(s, "historical")
    wins: Counter = Counter({s: 0 for s in sides})
    outcomes: Counter = Counter()
    degrees: Counter = Counter()
    votes: dict[str, VoteStats] = {}
    turns = []
    for run in range(runs):
        game_seed, s0, s1 = _seeds(seed, run)
        pols = {sides[0]: make_policy(names[sides[0]], s0), sides[1]: make_policy(names[sides[1]], s1)}
        game = play_game(scenario, game_seed, pols)
        out = game.outcome()
        wins[out.winner or "none"] += 1
        outcomes[out.id] += 1
        degrees[out.degree.value] += 1
        turns.append(out.turn + 1)
        seen_held, seen_passed = set(), set()
        for v in game.votes:
            st = votes.setdefault(v.motion, VoteStats(v.motion, v.body))
            st.held += 1
            st.yes += v.yes
            st.no += v.no
            st.abstain += v.abstain
            seen_held.add(v.motion)
            if v.passed:
                seen_passed.add(v.motion)
        for m in seen_held:
            votes[m].runs_held += 1
        for m in seen_passed:
            votes[m].runs_passed += 1
        if progress:
            progress(run + 1, runs)
    return SimResult(scenario=scenario.id, runs=runs, seed=seed, policies=names, wins=dict(wins),
                     outcomes=dict(outcomes), degrees=dict(degrees), votes=votes, turns=turns)
