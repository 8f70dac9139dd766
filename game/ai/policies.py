"""Policies: who chooses a side's actions. Each has its own seeded generator.

A policy never touches the game's generator, so the same game seed and the
same policy seed give the same game.
"""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Protocol

import numpy as np

from ..engine import Action, Choose, Game, Pass, action_from_json
from ..engine.batch import EVENT_PENDING, NONE_PENDING, GameBatch
from ..engine.chance import Chance, key_of, pick
from ..engine.errors import EngineError, IllegalActionError


class Policy(Protocol):
    name: str

    def choose(self, game: Game) -> Action:
        """The action for ``game.to_move``; must be one of ``game.legal_actions()``."""
        ...


class RandomPolicy:
    """Uniform over legal actions: the baseline every other policy must beat.

    It plays a whole batch at once (``choose_batch``) or one game
    (``choose``). Its n-th choice in a game is drawn from a stream keyed by
    its own seed and that game's seed, so a game of a batch is played the
    same way alone.
    """

    name = "random"

    def __init__(self, seed: int = 0):
        self.seed = int(seed)
        self._key = int(key_of([self.seed])[0])

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        mask = batch.legal_mask(side, games)
        keys = key_of(batch.seeds[games] ^ np.uint64(self._key))
        draws = Chance.__new__(Chance)
        draws.key, draws.counter = keys, batch.n_actions[games].astype(np.uint64)
        count, chosen = pick(mask, draws.one(np.arange(len(games))))   # uniform among each game's legal actions
        if not count.all():
            raise EngineError("a game has no legal action for the side to move")
        return chosen

    def choose(self, game: Game) -> Action:
        return row_choice(self, game)


class HistoricalPolicy:
    """The choices the real actors made, as written in the scenario's data.

    On each of its moves it takes the first step dated today or earlier that
    it has not yet taken and that is legal now; otherwise it waits. Event
    decisions follow the scenario's historical choices.
    """

    name = "historical"

    def __init__(self, seed: int = 0):
        self.seed = seed   # the historical record needs no chance of its own

    def choose(self, game: Game) -> Action:
        # It checks only the steps it would take (is_legal), never the whole
        # legal list: batch runs of the historical policy stay cheap.
        side = game.to_move
        pending = game.pending
        if pending is not None:
            options = game.pending_options()
            want = game.scenario.historical_choices.get(pending["id"]) if pending["kind"] == "event" else "reject"
            return self._labelled(game, Choose(side, want if want in options else next(iter(options))))
        taken = [a for a in game.actions if a.get("side") == side]
        for step in game.scenario.historical:
            if step.side != side or step.date > game.date:
                continue
            data = {**step.action, "side": side}
            if data in taken:
                taken.remove(data)
                continue
            try:
                action = action_from_json(data)
            except EngineError:
                continue
            if game.is_legal(action):
                return self._labelled(game, action)
        return self._labelled(game, Pass(side))

    @staticmethod
    def _labelled(game: Game, action: Action) -> Action:
        """The action with the cost and label ``legal_actions`` would give it."""
        return replace(action, cost=game.cost_of(action), label=action.describe(game))


class HistoricalBatchPolicy:
    """The historical policy over a batch: the same steps, for every game at once.

    On its move each game takes its side's first step dated today or earlier
    that it has not yet taken and that is legal now, else waits; decisions
    follow the scenario's historical choices (a compromise is refused).
    """

    name = "historical"

    def __init__(self, seed: int = 0):
        self.seed = seed
        self._taken: dict[int, np.ndarray] = {}   # side -> (games, steps): steps already taken
        self._want: dict[int, np.ndarray] = {}    # side -> each step's action index (-1: never legal)

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        sc = batch.scenario
        space = batch.space[side]
        sid = sc.sides[side].id
        steps = [st for st in sc.historical if st.side == sid]
        taken = self._taken.get(side)
        if taken is None or taken.shape[0] != batch.size:
            taken = self._taken[side] = np.zeros((batch.size, len(steps)), dtype=bool)
        out = np.full(len(games), space.span["pass"].start, dtype=np.int64)
        pending = batch.pending_kind[games] != NONE_PENDING
        for row in np.flatnonzero(pending):
            g = int(games[row])
            options = batch.pending_options(g)
            want = (sc.historical_choices.get(sc.events[batch.pending_id[g]].id)
                    if batch.pending_kind[g] == EVENT_PENDING else "reject")
            option = want if want in options else options[0]
            out[row] = space.span["choose"].start + space.options.index(option)
        idle = np.flatnonzero(~pending)
        if steps and idle.size:
            g = games[idle]
            mask = batch.legal_mask(side, g)
            dates = batch.dates[batch.day_index(g)]
            want = self._want.get(side)
            if want is None:
                want = self._want[side] = np.array([space.index.get(_step_action(st.action, sid), -1)
                                                    for st in steps])
            ok = np.zeros((len(g), len(steps)), dtype=bool)
            for j, st in enumerate(steps):
                if want[j] >= 0:
                    ok[:, j] = (np.array([st.date]) <= dates) & mask[:, want[j]] & ~taken[g, j]
            has = ok.any(axis=1)
            first = np.argmax(ok, axis=1)
            out[idle[has]] = want[first[has]]
            taken[g[has], first[has]] = True
        return out


def _step_action(data: dict, side: str) -> Action | None:
    try:
        return action_from_json({**data, "side": side})
    except EngineError:
        return None


class OnBatch:
    """Any one-game policy playing its games of a batch, each through a view of its row.

    ``spec`` is a policy name, a function of a seed that returns a one-game
    policy (a class such as ``RandomPolicy``), or a one-game policy object
    (copied for each game). Each game gets its own player, seeded from the
    policy's seed and the game's seed, so a game of a batch is played exactly
    as it would be alone by :func:`replay_policy`.
    """

    checks_its_games = True   # one_game_choice refuses a player that changes its game (GameBatch.ask)

    def __init__(self, spec, seed: int = 0):
        self.name = policy_name(spec)
        self.seed = int(seed)
        self._make = one_game_maker(spec)
        self._players: dict[tuple[int, int], Policy] = {}

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        out = np.empty(len(games), dtype=np.int64)
        for r, g in enumerate(games.tolist()):
            player = self._players.get((id(batch), g))
            if player is None:
                player = self._players[(id(batch), g)] = self._make(game_policy_seed(self.seed, int(batch.seeds[g])))
            out[r] = one_game_choice(player, batch, g, side, self.name)[1]
        return out


def _fingerprint(batch: GameBatch, g: int) -> tuple:
    """What applying, undoing or reseeding game ``g`` changes: its action count, chance and turn."""
    return (int(batch.n_actions[g]), int(batch.chance.counter[g]), int(batch.chance.key[g]), int(batch.to_move[g]),
            int(batch.outcome[g]), int(batch.turn[g]), int(batch.round[g]))


def one_game_choice(player, batch: GameBatch, g: int, side: int, name: str) -> tuple[Action, int]:
    """What a one-game policy chooses in game ``g`` of ``batch`` for ``side``, and its index in the side's
    action space: the one way a one-game policy is asked, in a batch and alone, so it plays the same there.

    The player is given a fresh view of the game's row (``Game(batch, g)``; in ``simulate`` the batch records
    the log, as a game alone does). It must return one of the side's actions (or its JSON) and leave the
    game as it was: a policy that applies, undoes or reseeds the game it is given is refused, since it
    would be playing moves of its own (``IllegalActionError``, naming the game's seed and day; to look
    ahead, play on ``game.clone()``). An exception the policy raises gets a note naming the game.
    """
    before = _fingerprint(batch, g)
    view = Game(batch, g)
    try:
        action = player.choose(view)
    except Exception as exc:
        exc.add_note(f"(raised by policy {name!r} choosing for {batch.side_name(side)} in {batch.where(g)})")
        raise
    if _fingerprint(batch, g) != before or view.batch is not batch or view.row != g:
        raise IllegalActionError(f"policy {name!r} changed the game it was given in {batch.where(g)}: a policy "
                                 f"returns its action and must not apply, undo or reseed the game (to look "
                                 f"ahead, play on game.clone())")
    return action, _index_of(batch, side, action, name, g)


def _index_of(batch: GameBatch, side: int, action, name: str, g: int) -> int:
    """The index in ``side``'s action space of what a one-game policy chose in game ``g`` (an action, or its
    JSON); else ``IllegalActionError`` naming the policy and the game."""
    try:
        action = action_from_json(action) if isinstance(action, dict) else action
        a = batch.space[side].index.get(action) if isinstance(action, Action) else None
    except (EngineError, TypeError):
        a = None
    if a is None:
        mover = batch.side_name(side)
        other = batch.side_ix.get(action.side) if isinstance(action, Action) else None
        whose = (f"an action of {batch.side_name(other)}, not of {mover}" if other is not None and other != side
                 else f"not an action of {mover}")
        raise IllegalActionError(f"policy {name!r} chose {action!r} in {batch.where(g)}, which is {whose}; "
                                 f"choose one of game.legal_actions()")
    return a


class _BatchAsOne:
    """A batch policy (``choose_batch``) playing one game: its choice for the game's row."""

    def __init__(self, policy):
        self.policy = policy
        self.name = policy_name(policy)

    def choose(self, game: Game) -> Action:
        return row_choice(self.policy, game)


def row_choice(policy, game: Game) -> Action:
    """A batch policy's choice in one game (its row of its batch), with the label ``legal_actions`` gives."""
    k = game.scenario.side_index(game.to_move)
    games = np.array([game.row])
    # Asked as the batched engine asks (the game read-only while the policy chooses), so that a policy that
    # writes into the game is refused alike on either engine.
    a = int(game.batch.chosen(k, games, game.batch.ask(policy, k, games), policy)[0])
    action = game.batch.space[k].actions[a]
    return replace(action, label=action.describe(game)) if game.pending else game.batch.labelled(k)[a]


def policy_name(spec) -> str:
    """How a policy is named in results: its name, else its ``name`` attribute, its function's or its class's."""
    if isinstance(spec, str):
        return spec
    name = getattr(spec, "name", None)
    return name if isinstance(name, str) and name else getattr(spec, "__name__", None) or type(spec).__name__


def check_policy(spec, where: str = "") -> None:
    """``ValueError`` unless ``spec`` is a known policy name or a policy of one's own: an object with
    ``choose(game)`` or ``choose_batch(batch, side, games)``, or a function (or class) of a seed giving one."""
    if isinstance(spec, str):
        if spec not in POLICIES:
            raise ValueError(f"{where}unknown policy {spec!r}; choose from {', '.join(sorted(POLICIES))}")
    elif not (callable(spec) or hasattr(spec, "choose") or hasattr(spec, "choose_batch")):
        raise ValueError(f"{where}{spec!r} is not a policy: give a policy name, an object with choose(game) "
                         f"or choose_batch(batch, side, games), or a function of a seed that returns one")
    elif _is_batch_object(spec):
        return
    elif not isinstance(spec, type) and hasattr(spec, "choose"):
        _copy_of(spec, where)                # copied for each game: say now if it cannot be
    else:
        import inspect
        try:
            inspect.signature(spec).bind(0)
        except TypeError:
            raise ValueError(f"{where}{policy_name(spec)} cannot be called with a seed, as a policy class or "
                             f"function is for each game ({policy_name(spec)}(seed)): give it a seed parameter "
                             f"(def __init__(self, seed=0)), or pass an object instead") from None
        except ValueError:                   # no signature to read (a builtin): calling it will tell
            pass


def _copy_of(spec, where: str = ""):
    """A policy object's copy for one game; ``ValueError`` if it cannot be copied."""
    try:
        return copy.deepcopy(spec)
    except Exception as exc:  # noqa: BLE001  (whatever deepcopy trips on: a lock, a file, a generator)
        raise ValueError(f"{where}policy {policy_name(spec)!r}: a policy object is copied for each game "
                         f"(copy.deepcopy), and this one cannot be ({type(exc).__name__}: {exc}); give its class, "
                         f"or a function of a seed that makes one") from None


def load_policy(ref: str):
    """A policy of one's own from a Python file, ``PATH.py:NAME`` (a class or function of a seed, or a
    policy object, as :func:`check_policy` takes). ``ValueError`` naming the file, line and problem."""
    import importlib.util
    from pathlib import Path
    path, sep, attr = ref.rpartition(":")
    if not sep or not path.endswith(".py") or not attr.isidentifier():
        raise ValueError(f"{ref!r}: expected FILE.py:NAME, a policy NAME defined in a Python file")
    if not Path(path).is_file():
        raise ValueError(f"{path}: no such file")
    spec = importlib.util.spec_from_file_location(f"apg_policy_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    # Registered while it runs, as an import would register it: a @dataclass of a module with
    # ``from __future__ import annotations`` looks its module up in sys.modules.
    sys.modules[spec.name] = module
    try:
        try:
            spec.loader.exec_module(module)
        except SyntaxError as exc:
            raise ValueError(f"{path}, line {exc.lineno}: {exc.msg}") from None
        except Exception as exc:  # noqa: BLE001  (the user's module failed: say where, as a traceback would)
            line = line_in(exc, path)
            raise ValueError(f"{path}{f', line {line}' if line else ''}: {type(exc).__name__}: {exc}") from None
    except BaseException:     # said, or a SystemExit or KeyboardInterrupt going on as it is: unregistered
        del sys.modules[spec.name]
        raise
    if not hasattr(module, attr):
        found = sorted(n for n, v in vars(module).items() if not n.startswith("_") and callable(v))
        raise ValueError(f"{path} defines no {attr!r} (it defines: {', '.join(found) or 'nothing callable'})")
    policy = getattr(module, attr)
    check_policy(policy, f"{ref}: ")
    return policy


def line_in(exc: BaseException, path: str) -> int | None:
    """The line of file ``path`` at which ``exc`` was last raised through, if it passed through it."""
    import os
    import traceback
    if not os.path.exists(path):
        return None
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
             if os.path.exists(f.filename) and os.path.samefile(f.filename, path)]
    return lines[-1] if lines else None


def _is_batch_object(spec) -> bool:
    return not isinstance(spec, (str, type)) and hasattr(spec, "choose_batch")


def one_game_maker(spec) -> Callable[[int], Policy]:
    """seed -> a one-game player: by name, by calling a function or class of a seed, or a copy of an object."""
    if isinstance(spec, str):
        return partial(make_policy, spec)
    if not isinstance(spec, type) and hasattr(spec, "choose"):
        return lambda seed: _copy_of(spec)

    def make(seed: int) -> Policy:
        player = spec(seed)
        if not hasattr(player, "choose"):
            raise EngineError(f"policy {policy_name(spec)!r}: called with a seed it gave {player!r}, "
                             f"which has no choose(game)")
        return player
    return make


class Keyed:
    """A policy written over a batch (``choose_batch(batch, side, games, seeds)``: ``ai:easy``,
    ``ai:normal``, the scripted strategies), game k keyed by ``game_policy_seed(seed, seed_k)``,
    so a game of a batch is played exactly as ``replay_policy`` plays it alone."""

    def __init__(self, policy):
        self.name = policy.name
        self.seed = policy.seed
        self._key = key_of([self.seed])[0]
        self._policy = policy

    def choose_batch(self, batch: GameBatch, side: int, games: np.ndarray) -> np.ndarray:
        games = np.asarray(games, dtype=np.int64)
        seeds = key_of(self._key ^ batch.seeds[games]) >> np.uint64(1)   # game_policy_seed, per game
        return self._policy.choose_batch(batch, side, games, seeds)


def game_policy_seed(policy_seed: int, game_seed: int) -> int:
    """The seed of a one-game policy's instance for one game of a batch."""
    return int(key_of([int(key_of([policy_seed])[0] ^ np.uint64(game_seed))])[0] >> np.uint64(1))


def replay_policy(name, seed: int, game_seed: int) -> Policy:
    """The one-game policy that plays a game alone exactly as ``batch_policy(name, seed)`` plays it in a batch
    (``name``: a policy name or a policy of one's own, as :func:`check_policy` takes)."""
    if not isinstance(name, str):
        check_policy(name)
        return _BatchAsOne(name) if _is_batch_object(name) else one_game_maker(name)(game_policy_seed(seed, game_seed))
    if name in ("random", "historical", HISTORICAL_STRATEGY):
        return make_policy(name, seed)
    return make_policy(name, game_policy_seed(seed, game_seed))


def batch_policy(name, seed: int = 0):
    """A policy that plays whole batches: every named policy decides all the games of a batch at once
    (``ai:hard`` runs the rollouts of many games as one batch). ``name`` may also be a policy of one's own
    (:func:`check_policy`): a batch policy object is used as it is, a one-game one through :class:`OnBatch`."""
    check_policy(name)
    if not isinstance(name, str):
        return name if _is_batch_object(name) else OnBatch(name, seed)
    if name == "random":
        return RandomPolicy(seed)
    if name in ("historical", HISTORICAL_STRATEGY):
        return HistoricalBatchPolicy(seed)
    return Keyed(make_policy(name, seed))


HISTORICAL_STRATEGY = "strategy:historical"
POLICIES = {"random": RandomPolicy, "historical": HistoricalPolicy, HISTORICAL_STRATEGY: HistoricalPolicy}

from .levels import LEVELS  # noqa: E402  (the levels build on this module's Policy protocol)
from .strategies import STRATEGIES, StrategyPolicy  # noqa: E402

POLICIES.update(LEVELS)
POLICIES.update({f"strategy:{s}": partial(StrategyPolicy, f"strategy:{s}") for s in STRATEGIES if s != "historical"})


def make_policy(name: str, seed: int = 0) -> Policy:
    """A policy by name: ``random``, ``historical``, a level ``ai:easy``, ``ai:normal``, ``ai:hard``, or a
    scripted strategy ``strategy:NAME`` (:mod:`game.ai.strategies`)."""
    if name not in POLICIES:
        raise ValueError(f"unknown policy {name!r}; choose from {', '.join(sorted(POLICIES))}")
    return POLICIES[name](seed)
