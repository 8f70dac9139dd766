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
from game import saves
from game.ai import make_policy
from game.engine import Action, Game, GameEvent

from . import persistence

HUMAN = "human"


def policy_names() -> list[str]:
    """The computer players available now (the AI module may add levels)."""
    from game.ai import policies
    return list(policies.POLICIES)


def records_moves(scenario, side_id: str) -> bool:
    """Whether the scenario records moves of ``side_id`` for "history's moves" to play; without any, that
    computer player only waits (a crisis written with no ``[historical]`` steps)."""
    return any(step.side == side_id for step in scenario.historical)


def default_scenario(offered=()):
    """The scenario the title's pages show: the first ``offered`` (``play --scenario FILE``), else 1957,
    else any valid one (None if there is none)."""
    import game
    from game.scenario.loader import scenario_files
    if offered:
        return offered[0]
    try:
        return game.load_scenario("1957")
    except Exception:  # noqa: BLE001 - fall back to any valid scenario file
        for path in scenario_files():
            try:
                return game.load_scenario(path)
            except Exception:  # noqa: BLE001
                continue
    return None


def opponent_words(policy: str) -> str:
    """A computer player's name for players: "normal", "history's moves", never an internal id."""
    return {"historical": "history's moves", "random": "random moves"}.get(policy, policy.split(":")[-1])


def random_seed() -> int:
    return random.SystemRandom().randrange(1, 1_000_000)


WOKEN = threading.Event()
"""Set when a :class:`Job` ends: the frame loop, which draws an idle screen only on a change, draws the next frame."""


class Job:
    """Work done off the frame loop, which polls ``done`` (or calls ``wait``); its end wakes the frame loop."""

    def __init__(self):
        self.error: BaseException | None = None
        self._done = threading.Event()

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._done.wait(timeout)

    def _finish(self) -> None:
        self._done.set()
        WOKEN.set()


class Background(Job):
    """A computation on a clone of the game in a daemon thread (``fn(clone)``).

    The frame loop polls ``done``; the window never waits for a slow player
    (``ai:hard`` searches for most of a second) or a slow preview, and quitting
    never waits for either.
    """

    def __init__(self, fn, game: Game, name: str = "background"):
        super().__init__()
        self.key = (game.action_count, game.to_move)
        self.result = None
        snapshot = game.clone()
        threading.Thread(target=self._run, args=(fn, snapshot), daemon=True, name=name).start()

    def _run(self, fn, snapshot) -> None:
        try:
            self.result = fn(snapshot)
        except BaseException as exc:  # noqa: BLE001 - handed to the frame loop, which re-raises
            self.error = exc
        finally:
            self._finish()


class ComputerThought(Background):
    """A computer player choosing its move off the frame loop."""

    def __init__(self, policy, game: Game):
        super().__init__(policy.choose, game, "computer-move")

    @property
    def action(self):
        return self.result


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
    held: dict = field(default_factory=dict)           # hot seat: side -> log indices of its secrets not yet shown
    summaries: dict = field(default_factory=dict)      # side -> (snapshot, log length) at its last summary
    coach: object = None                               # the tutorial's coach (game.ui.tutorial.Coach), if any
    demo: bool = False                                 # the computer plays both sides for show
    move_start: int = -1                               # log length before the player's last move (hot seat)
    game_id: str = field(default_factory=lambda: f"{random.SystemRandom().getrandbits(48):012x}")
    saver: "Saver" = field(default_factory=lambda: Saver(), repr=False, compare=False)

    def __post_init__(self):
        for side, who in self.controllers.items():
            if who != HUMAN and side not in self.policies:
                k = self.game.scenario.side_index(side)
                self.policies[side] = make_policy(who, self.policy_seed + 7919 * k)
        if not self.viewer:
            humans = self.humans
            mover = self.game.to_move
            self.viewer = mover if mover in humans else humans[0] if humans else self.game.scenario.sides[0].id

    # ----------------------------------------------------------- creation
    @classmethod
    def new(cls, scenario, side: str, opponent: str, seed: int) -> "Session":
        """``opponent`` is a policy name, or "human" for hot-seat."""
        if not isinstance(scenario, game_api.Scenario):
            scenario = game_api.load_scenario(scenario)
        g = game_api.new_game(scenario, seed=seed)
        other = scenario.other_side(side)
        hot = opponent == HUMAN and g.to_move in (side, other)
        return cls(g, {side: HUMAN, other: opponent}, policy_seed=seed, viewer=g.to_move if hot else side)

    @classmethod
    def tutorial(cls) -> "Session":
        """A new tutorial game (``assets/tutorial.toml``): its side for the player, its opponent, a coach."""
        from .tutorial import Coach, load_script
        script = load_script()
        session = cls.new(script.scenario, script.side, script.opponent, script.seed)
        session.coach = Coach(script)
        return session

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
        """Who plays, in words: "you: Khrushchev's camp, against the computer (normal)", or two players."""
        if self.hot_seat:
            return "two players at one screen"
        if not self.humans:
            return "the computer plays both sides"
        me = self.humans[0]
        return (f"you: {self.scenario.side(me).name}, against the computer "
                f"({opponent_words(self.controllers[self.game.other(me)])})")

    def title(self) -> str:
        """A save's name in words: scenario, side played, day, opponent."""
        g = self.game
        return f"{g.scenario.year} · {self.describe_players()} · {g.day.label}"

    def file_name(self) -> str:
        """A default file name for a save of this game (letters, digits and dashes)."""
        g = self.game
        me = self.humans[0] if len(self.humans) == 1 else "hotseat"
        other = opponent_words(self.controllers[g.other(me)]) if me != "hotseat" else ""
        words = " ".join([g.scenario.id, me, *g.day.label.split()[1:], ("vs " + other) if other else ""])
        return "-".join("".join(c if c.isalnum() else " " for c in words.lower()).split())

    # ----------------------------------------------------------- moves
    def apply(self, action: Action) -> list[GameEvent]:
        g = self.game
        agenda = g.agenda
        if agenda and self.viewer:
            # What the viewer expected of today's votes, shown beside the result.
            self.expectations = {item["motion"]: g.forecast(item["motion"], side=self.viewer).probability
                                 for item in agenda}
        turn = g.turn
        events = g.apply(action)
        if agenda and self.viewer and g.turn == turn and not g.is_over():
            # Still before the vote: what the viewer expects now (after this move) is what it will be shown.
            self.expectations = {item["motion"]: g.forecast(item["motion"], side=self.viewer).probability
                                 for item in g.agenda}
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
        if thought.key != (self.game.action_count, self.game.to_move) or thought.action is None:
            return None
        return self.apply(thought.action)

    # ----------------------------------------------------------- saving
    def meta(self) -> dict:
        """What a save keeps besides the game (``meta`` of :mod:`game.saves`): who plays, whose view."""
        g = self.game
        return {"players": dict(self.controllers), "policy_seed": self.policy_seed, "viewer": self.viewer,
                "held": {side: list(ix) for side, ix in self.held.items() if ix},
                **({"tutorial": list(self.coach.seen)} if self.coach is not None else {}),
                "day": g.day.label, "game_id": self.game_id,
                "players_text": self.describe_players()}

    @classmethod
    def from_game(cls, g: Game, meta: dict | None = None) -> "Session":
        """A session for a loaded game; ``meta`` as :meth:`meta` wrote it (missing or odd parts get defaults)."""
        meta = meta if isinstance(meta, dict) else {}
        sides = [s.id for s in g.scenario.sides]
        players = meta.get("players")
        if not isinstance(players, dict) or set(players) != set(sides):
            players = {sides[0]: HUMAN, sides[1]: "historical"}
        known = set(policy_names()) | {HUMAN}
        players = {k: (v if v in known else "historical") for k, v in players.items()}
        policy_seed = meta.get("policy_seed", g.seed)
        viewer = meta.get("viewer") if meta.get("viewer") in sides else ""
        session = cls(g, players, policy_seed=policy_seed if isinstance(policy_seed, int) else g.seed,
                      viewer=viewer)
        held = meta.get("held") if isinstance(meta.get("held"), dict) else {}
        session.held = {side: [i for i in ix if isinstance(i, int) and 0 <= i < len(g.log)]
                        for side, ix in held.items() if side in sides and isinstance(ix, list)}
        session.last_autosave_turn = g.turn
        if isinstance(meta.get("game_id"), str):
            session.game_id = meta["game_id"][:40]
        seen = meta.get("tutorial")
        if isinstance(seen, list):
            from .tutorial import Coach, load_script
            session.coach = Coach(load_script(), [x for x in seen if isinstance(x, str)])
        return session

    @classmethod
    def load(cls, path) -> "Session":
        """Load a save through :func:`game.saves.load` (checked and replayed); raises ``saves.SaveError``."""
        from .digest import snapshot
        g, info = saves.load(path)
        session = cls.from_game(g, info.meta)
        # Its summaries start from this morning: the days before were read when they were played.
        today = max((i for i, e in enumerate(g.log) if e.kind == "day"), default=0)
        session.summaries = {side: (snapshot(g, side), today) for side in session.humans}
        return session

    def save(self, name: str):
        """Save now, on this thread; returns the path (raises ``saves.SaveError``)."""
        return persistence.write_save(self.game, name, self.meta())

    def save_in_background(self, name: str | None = None) -> "SaveJob":
        """Save a clone of the game off the frame loop: as ``NAME.json``, or the next autosave if no name."""
        clone, meta = self.game.clone(), self.meta()
        if name is None:
            job = SaveJob("autosave", lambda: persistence.write_autosave(clone, meta))
        else:
            job = SaveJob(name, lambda: persistence.write_save(clone, name, meta))
        self.saver.submit(job)
        return job

    def autosave_if_new_turn(self) -> None:
        """Autosave (in the background) when a new day begins, and never a finished game.

        When the game ends its autosaves are removed, so Continue never reopens a game already decided.
        """
        if not self.autosave:
            return
        if self.game.is_over():
            job = SaveJob("retire", lambda: persistence.retire_autosaves(self.game_id))
            self.saver.submit(job)
            self.autosave = False
            return
        if self.game.turn != self.last_autosave_turn:
            self.last_autosave_turn = self.game.turn
            self.save_in_background()

    # ----------------------------------------------------------- hot seat
    def hold(self, side: str, index: int) -> None:
        """Keep the log entry ``index`` (a secret for ``side``) until ``side`` takes the seat."""
        bucket = self.held.setdefault(side, [])
        if index not in bucket:
            bucket.append(index)

    def release(self, side: str) -> list[GameEvent]:
        """The secrets held for ``side``, in log order; they are shown once, so forgotten here."""
        return [self.game.log[i] for i in sorted(self.held.pop(side, [])) if i < len(self.game.log)]


class SaveJob(Job):
    """One save done by a :class:`Saver`; the frame loop polls ``done`` and reads ``path`` or ``error``."""

    def __init__(self, label: str, write):
        super().__init__()
        self.label = label
        self.write = write
        self.path = None

    def run(self) -> None:
        try:
            self.path = self.write()
        except BaseException as exc:  # noqa: BLE001 - reported by the frame loop, never lost
            self.error = exc
        finally:
            self._finish()


class Saver:
    """Runs save jobs one after another in a background thread, in the order given.

    Saving replays the whole game to record each step's digest (about a
    tenth of a second), too long for a frame. The thread is not a daemon, so
    quitting waits for a save under way; the write itself is atomic.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._last: threading.Thread | None = None
        self.jobs: list[SaveJob] = []

    def submit(self, job: SaveJob) -> None:
        with self._lock:
            before = self._last

            def run():
                if before is not None:
                    before.join()
                job.run()

            self._last = threading.Thread(target=run, name=f"save-{job.label}")
            self.jobs.append(job)
            self._last.start()

    def finished(self) -> list[SaveJob]:
        """Jobs done since the last call (each returned once), in order."""
        with self._lock:
            done = [j for j in self.jobs if j.done]
            self.jobs = [j for j in self.jobs if not j.done]
        return done

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Wait for every submitted save; True if all are done."""
        with self._lock:
            last = self._last
        if last is not None:
            last.join(timeout)
            return not last.is_alive()
        return True
