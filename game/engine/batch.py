"""The rules engine: any number of games of one scenario, held as arrays.

Every field of a game's state is an array with one row per game (stances
``(G, P)``, each side's estimates ``(G, 2, P)``, capital ``(G, 2)``, flags
``(G, F)``, the turn ``(G,)`` ...). Each step of the turn, each vote, each
event and each action kind (``actions.py``) is written once, over an array
of games; :class:`~game.engine.game.Game` is one row of it, ``GameBatch``
many. Each game draws chance from its own counter-based stream keyed by its
seed (``chance.py``), so game ``k`` of a batch is the same game played alone
by ``Game.new(scenario, seeds[k])`` with the same actions.

A batch made with ``record=True`` also writes each game's log, vote records
and action list (what the interactive game, saves and replays need); bulk
simulation leaves them out and keeps only what ``results()`` reports.

    batch = GameBatch.new(scenario, seeds=range(1000))
    batch.play({"khrushchev": RandomPolicy(1), "group": RandomPolicy(2)})
    batch.results()[0]   # {"winner": ..., "outcome": ..., "votes": [...], ...}
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import islice
from types import SimpleNamespace
from typing import Callable, Iterable, Protocol, Sequence

import numpy as np

from .actions import (ACTION_TYPES, COMPROMISE_PENDING, EVENT_PENDING, KIND_INDEX, NONE_PENDING, ActionSpace,
                      action_from_json, options_of)
from .chance import MAX_SEED, Chance, as_run, cells, counts, distinct, flat, grid, key_of, runs
from .errors import EngineError, IllegalActionError, InvalidActionError
from .population import DRAWN, LEVEL, Population, generate, membership_mask, tiled
from .outcome import Termination
from .record import GameEvent, VoteRecord
from .rules import Rules, flag_names, walk
from .spec import Scenario, prose
from .voting import (MotionContext, logistic, ballot_probabilities, cast_ballots, chair_yes, tally, tied,
                     vote_terms)
from .voting import carried as vote_carried

NO_ONE = -1          # to_move of a finished game; a winner of no one
MAX_CELLS = 20_000_000   # games x people in one batch: about 2.4 GB (1957: 78,000 games; play more in blocks)
# What a recording batch writes, game by game: its name -> (its key in a save, the class of its entries, if records).
RECORDS = {"logs": ("log", GameEvent), "vote_records": ("votes", VoteRecord), "action_log": ("actions", None),
           "fired_order": ("fired_order", None)}
DAILY = ("round", "agenda", "agenda_next", "stalled", "done_today", "fired_today", "airlifted")   # reset each day
_PRIVATE_KINDS = frozenset({"action", "intelligence", "note"})   # a private action's lines stay with its side
_CHOOSE = KIND_INDEX["choose"]
_TABLES: dict[int, tuple] = {}   # id(scenario) -> (scenario, its tables): shared by its batches
_KIND_CLASSES = list(ACTION_TYPES.values())   # by kind index


class BatchPolicy(Protocol):
    name: str

    def choose_batch(self, batch: "GameBatch", side: int, games: np.ndarray) -> np.ndarray:
        """One action index of ``batch.space[side]`` for each of ``games`` (all with ``side`` to move)."""
        ...


@dataclass(frozen=True)
class BatchOutcome:
    id: str
    winner: int        # side index, or NO_ONE
    degree: str
    title: str
    text: str


def outcome_table(scenario: Scenario) -> tuple[BatchOutcome, ...]:
    """Every way a game can end, with its words: the scenario's outcomes, accepted compromises, force (whose
    words come from [words])."""
    side_ix = {s.id: k for k, s in enumerate(scenario.sides)}
    out = [BatchOutcome(o.id, side_ix.get(o.winner, NO_ONE), o.degree, o.title, o.text) for o in scenario.outcomes]
    out += [BatchOutcome(f"compromise:{c.id}", side_ix.get(c.winner, NO_ONE), c.degree, c.name, c.text)
            for c in scenario.compromises]
    words = scenario.words
    for k, s in enumerate(scenario.sides):
        names = {"side": s.within, "other": scenario.sides[1 - k].within}
        out.append(BatchOutcome(f"force:{s.id}", k, "pyrrhic", prose(words.force_won_title, **names),
                                prose(words.force_won, **names)))
        out.append(BatchOutcome(f"force_failed:{s.id}", 1 - k, "decisive", prose(words.force_failed_title, **names),
                                prose(words.force_failed, **names)))
    return tuple(out)


def check_seed(seed) -> int:
    """A seed is an integer in [0, 2^63); anything else is refused here, at every entrance."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < MAX_SEED:
        raise EngineError(f"a seed must be an integer from 0 to 2^63 - 1, got {seed!r}")
    return int(seed)


def check_seeds(seeds: Sequence[int]) -> np.ndarray:
    """:func:`check_seed` of each seed, as uint64 (whole arrays of integers in range at once)."""
    try:
        arr = np.asarray(seeds)
    except ValueError:      # a ragged list
        arr = np.asarray(None)
    if arr.ndim != 1:
        raise EngineError(f"seeds are a list of integers from 0 to 2^63 - 1, got {str(seeds)[:100]}")
    if arr.dtype.kind in "iu" and (arr.size == 0 or (arr.min() >= 0 and arr.max() < MAX_SEED)):
        return arr.astype(np.uint64)
    return np.array([check_seed(s) for s in seeds], dtype=np.uint64)


class GameBatch:
    """G games of one scenario, played side by side. Create with :meth:`new`."""

    COMPROMISE_PENDING = COMPROMISE_PENDING
    View: type   # the one-game view of a row (game.Game, which registers itself: game.py imports this module)

    def __init__(self, scenario: Scenario, seeds: Sequence[int], record: bool = False):
        self.scenario = sc = scenario
        self.seeds = check_seeds(seeds)
        self.size = n = len(self.seeds)
        self.recording = record
        self.weights = sc.model
        self.chance = Chance(self.seeds)
        self._tables(sc)
        for name, row in self.initial.items():                  # each game's state, as it starts
            setattr(self, name, tiled(row, n))
        self.pop: Population      # the people, and each side's estimates of their stances (``new`` makes them)
        self.est_mean: np.ndarray
        self.est_sd: np.ndarray
        self._votes: list[tuple] = []      # (games, motion, yes, no, abstain, passed), in order
        self._fired_log: list[tuple] = []  # (games, event), in order
        for name in RECORDS:               # what a recording batch writes, game by game
            setattr(self, name, [[] for _ in range(n)] if record else [])
        self._audience: int | None = None
        self._checked: tuple | None = None   # (side, games, mask) of the last full legal_mask, until a move
        self._heads: dict | None = None      # within legal_mask: named actors' columns of each table read

    def _tables(self, sc: Scenario) -> None:
        """What every game of the scenario shares: indices, the action spaces, the calendar (made once a scenario)."""
        cached = _TABLES.get(id(sc))
        if cached is None or cached[0] is not sc:
            before = set(self.__dict__)
            self._make_tables(sc)
            if len(_TABLES) >= 32:
                _TABLES.clear()
            cached = _TABLES[id(sc)] = (sc, {k: v for k, v in self.__dict__.items() if k not in before})
        self.__dict__.update(cached[1])
        self.rules = Rules(self)

    def _make_tables(self, sc: Scenario) -> None:
        self.n_actors = len(sc.actors)
        self.actor_ix, self.bloc_ix, self.body_ix, self.post_ix, self.motion_ix, self.event_ix, self.side_ix = (
            {x.id: i for i, x in enumerate(table)}
            for table in (sc.actors, sc.blocs, sc.bodies, sc.posts, sc.motions, sc.events, sc.sides))
        self.space = (ActionSpace(sc, 0), ActionSpace(sc, 1))
        self.outcomes = outcome_table(sc)
        self.outcome_ix = {o.id: i for i, o in enumerate(self.outcomes)}
        self.fires_once = np.array([ev.once for ev in sc.events], dtype=bool)     # events that fire once a game at most
        first = sc.rules.first_to_move or sc.sides[0].id
        self.order = np.array([self.side_ix[first], 1 - self.side_ix[first]])
        self.dates = np.array([d.date for d in sc.calendar])
        scheduled = {b for day in sc.calendar for b in day.sittings}
        # sits[day, body]: whether the calendar lets the body sit that day (if convened)
        self.sits = np.array([[b.id not in scheduled or b.id in day.sittings for b in sc.bodies]
                              for day in sc.calendar], dtype=bool).reshape(len(sc.calendar), len(sc.bodies))
        bases = sc.power_bases
        self.power = np.array([[a.power.get(b, 0.0) for b in bases] for a in sc.actors]).reshape(-1, len(bases))
        self.power_values = np.array([sc.rules.power_values.get(b, 1.0) for b in bases])
        self.commanders = np.array([self.actor_ix[i.commander] for i in sc.institutions], dtype=np.int64)
        self.strength = np.array([i.strength for i in sc.institutions], dtype=float)
        self.guard = np.array([i.guard for i in sc.institutions], dtype=bool)
        self.lift = np.array([i.airlift for i in sc.institutions], dtype=float)
        self.leaders = np.array([self.actor_ix[s.leader] for s in sc.sides])
        # motion_body[m, j]: motion m is voted in body j
        self.motion_body = np.array([[m.body == b.id for b in sc.bodies] for m in sc.motions],
                                    dtype=np.int64).reshape(len(sc.motions), len(sc.bodies))
        # option_mask[key, o]: the decision options open in each pending state
        # (key 0: none; 1 + e: event e's choices; 1 + E: a compromise offer).
        options = options_of(sc)
        self.option_mask = np.zeros((len(sc.events) + 2, len(options)), dtype=bool)
        for e, ev in enumerate(sc.events):
            for c in ev.choices:
                self.option_mask[1 + e, options.index(c.id)] = True
        self.option_mask[-1, [options.index("accept"), options.index("reject")]] = True
        # demand_of[motion] = the body a signed demand for it would convene
        self.demand_of = {self.motion_ix[b.demand_motion]: j for j, b in enumerate(sc.bodies)
                          if b.demand_motion and b.demand_signatures > 0}
        flags = flag_names(sc)
        # Whether a rule of legality may draw chance: a motion or an offer that requires a chance condition.
        self.legal_draws = any(kind == "chance" for kind, _ in walk([x.requires for x in sc.motions + sc.compromises]))
        self.flag_ix = {f: i for i, f in enumerate(flags)}
        self.plans: dict[int, tuple] = {}       # the rules' plans of the scenario's conditions (see Rules)
        b, m, e, never = len(sc.bodies), len(sc.motions), len(sc.events), -1
        ints = lambda *shape, fill=0: np.full(shape, fill, dtype=np.int64)   # noqa: E731
        bools = lambda *shape: np.zeros(shape, dtype=bool)                     # noqa: E731
        # One row of every per-game array as a game starts (a save holds these, and each side's estimates).
        self.initial = {
            "turn": ints(), "round": ints(), "to_move": ints(), "capital": ints(2),
            "legitimacy": np.array([s.legitimacy for s in sc.sides], dtype=float),
            "flags": np.isin(flags, list(sc.flags)),
            "agenda": ints(m, fill=never),      # position on today's agenda
            "agenda_by": ints(m),               # the side that called it
            "agenda_next": ints(), "stalled": bools(b),
            "convened": np.array([0 if x.convened else never for x in sc.bodies], dtype=np.int64).reshape(b),
            "chair": np.array([self.actor_ix[x.chair] if x.chair else never for x in sc.bodies],
                              dtype=np.int64).reshape(b),
            "passed": ints(m, fill=never), "failed": ints(m, fill=never),   # the turn it passed, failed
            "called": ints(m), "fired": bools(e), "fired_today": bools(e),
            "pending_kind": ints(), "pending_id": ints(), "pending_side": ints(), "pending_by": ints(),
            "holder": np.array([self.actor_ix[p.holder] if p.holder else never for p in sc.posts],
                               dtype=np.int64).reshape(len(sc.posts)),
            "promised": bools(2, len(sc.posts)), "done_today": bools(2, max(len(s) for s in self.space)),
            "revealed": bools(2, self.n_actors), "offered": bools(len(sc.compromises)),
            "threat": ints(2, fill=never),      # the turn of each side's show of force
            "airlifted": ints(2),               # members each side has flown in today
            "adjourned": ints(b),               # adjournments each body has granted so far
            "lobbied": ints(2, self.n_actors),  # how often each side has lobbied each man so far
            "outcome": ints(fill=never), "termination": ints(), "end_turn": ints(), "n_actions": ints(),
        }
        self.row_arrays = tuple(self.initial) + ("est_mean", "est_sd")
        self.rounds = 2 * sc.rules.rounds_per_turn
        self.lead_body = sc.lead_body
        # Blocs are contiguous runs of the population after the named actors (population.generate): each one's
        # size and first column, and last an empty run, of no bloc (index -1).
        self.bloc_size = np.array([bl.full + bl.candidate for bl in sc.blocs] + [0], dtype=np.int64)
        self.bloc_start = self.n_actors + np.cumsum(self.bloc_size) - self.bloc_size

    # ----------------------------------------------------------------- creation
    @classmethod
    def new(cls, scenario: Scenario, seeds: Iterable[int] | None = None, games: int | None = None,
            seed: int = 0, record: bool = False) -> "GameBatch":
        """Fresh games of ``scenario``, one per seed (or ``games`` games seeded ``seed``, ``seed + 1``, ...)."""
        if not isinstance(scenario, Scenario):
            raise EngineError(f"a batch is of a loaded scenario (game.load_scenario), got {type(scenario).__name__}")
        people = len(scenario.actors) + sum(bl.full + bl.candidate for bl in scenario.blocs)
        most = max(1, MAX_CELLS // people)
        if seeds is None:
            if games is None or isinstance(games, bool) or not isinstance(games, (int, np.integer)) or games < 1:
                raise EngineError(f"a batch needs at least one game, got {games!r}")
            check_seed(seed)
            seeds = range(int(seed), int(seed) + min(int(games), most + 1))
            seeds = [s % MAX_SEED for s in seeds]
        iterable = isinstance(seeds, Iterable) and not (isinstance(seeds, np.ndarray) and seeds.ndim == 0)
        seeds = list(islice(seeds, most + 1)) if iterable else None
        if not seeds or len(seeds) > most:
            raise EngineError(f"a batch holds from 1 to {most:,} games of this scenario (of {people:,} people), "
                              f"one per seed; got {'more' if seeds else 'none'}")
        batch = cls(scenario, seeds, record=record)
        everyone = np.arange(batch.size)
        batch.pop = generate(scenario, batch.chance, everyone)
        batch.est_mean, batch.est_sd = initial_estimates(batch, everyone)
        batch._start_day(everyone)
        return batch

    def take(self, games: Sequence[int], record: bool | None = None) -> "GameBatch":
        """A new batch holding copies of ``games``: their state, chance and (unless ``record`` is False) records."""
        games = self._rows(games)
        out = GameBatch.__new__(GameBatch)
        out.__dict__.update(self.__dict__)                  # the scenario's tables are shared
        for name in self.row_arrays + ("seeds",):
            setattr(out, name, getattr(self, name)[games].copy())
        out.size = len(games)
        out.pop = self.pop.take(games)
        out.chance = self.chance.take(games)
        out.rules = Rules(out)
        out.recording = self.recording and record is not False
        pick = games.tolist()
        for name in RECORDS:
            setattr(out, name, [list(getattr(self, name)[g]) for g in pick] if out.recording else [])
        position = {g: r for r, g in enumerate(pick)}
        where = np.full(self.size, -1, dtype=np.int64)     # each game's row in the copy (the last, if taken twice)
        where[list(position)] = list(position.values())
        out._votes = _take_rows(self._votes, where)
        out._fired_log = _take_rows(self._fired_log, where)
        out._audience = out._checked = None
        return out

    def reseed(self, seeds, games: Sequence[int] | None = None) -> GameBatch:
        """Draw the chance of ``games`` (every game if None) from now on from fresh streams keyed by ``seeds``,
        one each: a copy made to look ahead plays with its own dice, not the real game's. Returns self."""
        rows = np.arange(self.size) if games is None else self._rows(games)
        seeds = check_seeds(seeds)
        if len(seeds) != len(rows):
            raise EngineError(f"reseed needs one seed per game, {len(rows)}; got {len(seeds)}")
        self.chance.key[rows] = key_of(seeds)
        self.chance.counter[rows] = 0
        return self

    def _rows(self, games) -> np.ndarray:
        """``games`` as rows of this batch (int64), or EngineError."""
        rows = np.asarray(games)
        if rows.ndim != 1 or (rows.size and rows.dtype.kind not in "iu") or (rows.size and not (
                0 <= rows.min() and rows.max() < self.size)):
            raise EngineError(f"games are rows of this batch of {self.size}, one list of whole numbers from 0 to "
                              f"{self.size - 1}; got {str(games)[:100]}")
        return rows.astype(np.int64, copy=False)

    # ----------------------------------------------------------------- names
    def side_name(self, k: int) -> str:
        return self.scenario.sides[k].name

    def where(self, g: int) -> str:
        """Game ``g`` as an error names it, so it can be replayed alone: ``the game of seed S (day D)``."""
        return f"the game of seed {int(self.seeds[g])} (day {int(self.turn[g]) + 1})"

    def chosen(self, side: int, games: np.ndarray, choice, policy=None) -> np.ndarray:
        """What a batch policy's ``choose_batch`` returned for ``games``, as action indices: one whole number
        per game, each an index of ``space[side]``; else :class:`InvalidActionError` naming the policy (and,
        for a bad index, the first game it was chosen in). A negative index is refused, not read from the end."""
        games = np.asarray(games, dtype=np.int64)
        who = self.side_name(side)
        if policy is not None:
            who = f"policy {getattr(policy, 'name', None) or type(policy).__name__!r} ({who})"
        try:
            out = np.asarray(choice)
        except Exception:  # noqa: BLE001  (anything numpy cannot read is refused below, by its repr)
            out = np.asarray(None)
        if out.shape != games.shape or out.dtype.kind not in "iu":
            got = (f"{out.dtype} values of shape {out.shape}" if out.dtype != object and out.ndim
                   else f"{choice!r}"[:200])
            raise InvalidActionError(f"{who} returned {got} for {len(games)} game(s): choose_batch must return "
                                     f"one whole-number action index of batch.space[side] per game")
        n = len(self.space[side])
        bad = np.flatnonzero((out < 0) | (out >= n))
        if bad.size:
            i = int(bad[0])
            raise InvalidActionError(f"{who} chose action index {int(out[i])} in {self.where(games[i])}, not an "
                                     f"index of its action space (0 to {n - 1})")
        return out.astype(np.int64, copy=False)

    def actor_name(self, i: int) -> str:
        return self.scenario.actors[int(i)].name

    def selection_name(self, sel: dict) -> str:
        sc = self.scenario
        if "actor" in sel:
            return sc.actor(sel["actor"]).name
        if "actors" in sel:
            return ", ".join(sc.actor(a).name for a in sel["actors"])
        if "bloc" in sel:
            return sc.blocs[self.bloc_ix[sel["bloc"]]].name
        return sc.words.members(sel.get("members", ""))

    def labelled(self, side: int) -> tuple:
        """Side ``side``'s action space with each action's label (the words of any game but a decision's)."""
        cache = self.__dict__.setdefault("_labelled", {})
        if side not in cache:
            view = self.View(self, 0)
            cache[side] = tuple(replace(a, label=a.describe(view)) if a.kind != "choose" else a
                                for a in self.space[side].actions)
        return cache[side]

    def records(self, field: str) -> tuple:
        """The scenario's records (each with an ``id`` and a ``name``) an action's ``field`` may name."""
        sc = self.scenario
        return {"target": sc.actors + sc.blocs, "actor": sc.actors, "bloc": sc.blocs, "post": sc.posts,
                "institution": sc.institutions, "body": sc.bodies, "motion": sc.motions,
                "compromise": sc.compromises}.get(field, ())

    # ----------------------------------------------------------------- the log
    def note(self, games: np.ndarray, kind: str, text: str | Callable[[int, int], str], side: int | None = None,
             cause: str = "", reveals: bool = False, audience: int | None = None, data: dict | None = None) -> None:
        """Write a line in the log of each of ``games`` (only in a recording batch).

        ``text`` is a string, or a function of (row in ``games``, game) for a
        line that differs from game to game. Lines of a private action's kinds
        go to its side alone.
        """
        if not self.recording or len(games) == 0:
            return
        if audience is None and self._audience is not None and kind in _PRIVATE_KINDS:
            audience = self._audience
        sides = self.scenario.sides
        for r, g in enumerate(np.asarray(games).tolist()):
            line = text(r, g) if callable(text) else text
            t = int(self.turn[g])
            self.logs[g].append(GameEvent(
                kind, line, t, str(self.dates[min(t, len(self.dates) - 1)]),
                side=sides[side].id if side is not None and side >= 0 else None, cause=cause, reveals=reveals,
                data=dict(data) if data else {}, audience=sides[audience].id if audience is not None else None))

    # ----------------------------------------------------------------- queries
    def any_away(self, games: np.ndarray) -> np.ndarray:
        """``(len(games), blocs)``: whether any member of each bloc is away from the capital."""
        out = np.zeros((len(games), len(self.scenario.blocs)), dtype=bool)
        some = self.bloc_size[:-1] > 0      # (the last run reaches the end of the population)
        if some.any():
            away = self.pop.days_away.take(games, axis=0)
            out[:, some] = np.maximum.reduceat(away, self.bloc_start[:-1][some], axis=1) > 0
        return out

    def members(self, blocs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The people of each of ``blocs`` (-1: no one) in turn: how many, and their columns, in order."""
        count = self.bloc_size[blocs]
        return count, runs(self.bloc_start[blocs], count)

    def of_actors(self, table: np.ndarray, games: np.ndarray, actors: np.ndarray) -> np.ndarray:
        """``table[games][:, actors]`` for a per-person table and named actors (only their columns are read;
        within a full :meth:`legal_mask`, which changes nothing, each table's are read once)."""
        if table.strides[0] == 0:           # the same in every game (population.SHARED): no copy
            return np.broadcast_to(table[0, actors], (len(games), len(actors)))
        heads = self._heads
        if heads is None:
            return table[games, : self.n_actors][:, actors]
        key = (table.__array_interface__["data"][0], table.strides, table.dtype.char, id(games))
        if key not in heads:
            heads[key] = (games, table[games, : self.n_actors])    # games held: its id stays its own
        return heads[key][1][:, as_run(actors)]           # a run of columns: a view

    def day_index(self, games: np.ndarray) -> np.ndarray:
        return np.minimum(self.turn[games], len(self.scenario.calendar) - 1)

    @staticmethod
    def direction(side: int) -> int:
        return 1 if side == 0 else -1

    def pending_key(self, games: np.ndarray) -> np.ndarray:
        """Row of ``option_mask`` for each game's pending decision (0: none)."""
        kind = self.pending_kind[games]
        return np.where(kind == EVENT_PENDING, 1 + self.pending_id[games],
                        np.where(kind == COMPROMISE_PENDING, len(self.scenario.events) + 1, 0))

    def membership(self, selector: str, games: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        """``(len(games), P)`` mask of a membership selector such as ``"cc:full"`` (or of ``cols``, see
        :meth:`voter_columns`). Effects change named actors' memberships only; a CC bloc member's are his
        bloc's, the same in every game, so they are read once."""
        n, pop = self.n_actors, self.pop
        tails = self.__dict__.setdefault("_bloc_members", {})
        if selector not in tails:
            first = SimpleNamespace(presidium=pop.presidium[:1, n:], cc=pop.cc[:1, n:], secretariat=pop.secretariat[:1, n:])
            tails[selector] = membership_mask(first, selector).any(axis=0)
        tail = tails[selector] if cols is None else tails[selector][cols[n:] - n]
        out = np.empty((len(games), n + tail.size), dtype=bool)
        out[:, n:] = tail
        out[:, :n] = membership_mask(_Heads(pop, games, n), selector, (len(games), n))
        return out

    def voter_columns(self, body: int) -> np.ndarray:
        """The people who may ever vote in ``body``: every named actor (first, so their columns keep their
        index), then the bloc members its voters' selector picks."""
        cols = self.__dict__.setdefault("_voter_cols", {})
        if body not in cols:
            n = self.n_actors
            cols[body] = np.concatenate([np.arange(n), n + np.flatnonzero(self.membership(
                self.scenario.bodies[body].voters, np.zeros(1, dtype=np.int64))[0, n:])])
        return cols[body]

    def voter_mask(self, body: int, games: np.ndarray, cols: np.ndarray | None = None) -> np.ndarray:
        return self.membership(self.scenario.bodies[body].voters, games, cols)

    def speaker_mask(self, body: int, games: np.ndarray, voters: np.ndarray | None = None) -> np.ndarray:
        """Who may speak but not vote (``voters``: the body's voter mask of ``games``, if at hand)."""
        spec = self.scenario.bodies[body]
        if not spec.speakers:
            return np.zeros((len(games), self.pop.size), dtype=bool)
        return self.membership(spec.speakers, games) & ~(self.voter_mask(body, games) if voters is None else voters)

    def sitting(self, games: np.ndarray) -> np.ndarray:
        """``(len(games), bodies)``: whether each body sits today (convened, opened, on the calendar if scheduled)."""
        opens = self.convened.take(games, axis=0)      # (take copies short rows several times faster than [games])
        return ((opens >= 0) & (opens <= self.turn[games][:, None]) & (self.outcome[games] < 0)[:, None]
                & self.sits.take(self.day_index(games), axis=0))

    def sits_today(self, body: int, games: np.ndarray) -> np.ndarray:
        """:meth:`sitting` of one body (its column read alone: several times faster)."""
        opens = self.convened[:, body].take(games)
        return ((opens >= 0) & (opens <= self.turn.take(games)) & (self.outcome.take(games) < 0)
                & self.sits[:, body].take(self.day_index(games)))

    def callable(self, motions: np.ndarray, games: np.ndarray) -> np.ndarray:
        """``(len(games), len(motions))``: whether each motion may be put to today's sitting (proposers aside)."""
        body = self.motion_body[motions].argmax(axis=1)
        failed = self.failed.take(games, axis=0)[:, motions]
        once = ~np.array([self.scenario.motions[m].repeatable for m in motions], dtype=bool)
        ok = ((self.sitting(games) & ~self.stalled.take(games, axis=0))[:, body]
              & (self.agenda.take(games, axis=0)[:, motions] < 0) & (self.passed.take(games, axis=0)[:, motions] < 0)
              & ~((failed >= 0) & (once | (failed == self.turn[games][:, None]))))
        for c, m in enumerate(motions.tolist()):
            requires = self.scenario.motions[m].requires
            if requires is not None and ok[:, c].any():
                ok[ok[:, c], c] = self.rules.holds(requires, games[ok[:, c]])
        return ok

    def backing(self, side: int, games: np.ndarray) -> np.ndarray:
        """``(len(games), institutions)``: how far each institution backs ``side`` (its commander's stance)."""
        stance = self.of_actors(self.pop.stance, games, self.commanders)
        return np.maximum(0.0, self.direction(side) * stance) * self.strength

    def force_power(self, side: int, games: np.ndarray, backing: np.ndarray | None = None) -> np.ndarray:
        """Share of all coercive strength (army, security) that backs a side (``backing``: its, if at hand)."""
        total = self.strength.sum()
        if total <= 0:
            return np.zeros(len(games))
        return (self.backing(side, games) if backing is None else backing).sum(axis=1) / total

    def fear(self, games: np.ndarray) -> np.ndarray:
        """Force balance toward the first side, threats of today included."""
        w, turn, cap = self.weights.threat_fear, self.turn[games], self.weights.fear_cap
        fa, fb = (self.force_power(k, games) * (1 + w * (self.threat[:, k][games] == turn)) for k in (0, 1))
        return np.clip(fa - fb, -cap, cap)

    def cover(self, side: int, games: np.ndarray) -> np.ndarray:
        """Share of the leading body's voters (the first body sitting from the start) that ``side``
        believes are with it: the political cover force needs."""
        if self.lead_body < 0:
            return np.ones(len(games))
        cols = self.voter_columns(self.lead_body)
        voters = self.voter_mask(self.lead_body, games, cols)
        rows, cols = grid(games, cols)
        leaning = voters & (self.direction(side) * self.est_mean[rows, side, cols] > 0)
        return counts(leaning) / np.maximum(counts(voters), 1)

    def force_odds(self, side: int, games: np.ndarray) -> np.ndarray:
        mine, theirs = self.backing(side, games), self.backing(1 - side, games)
        guard = (mine - theirs)[:, self.guard].sum(axis=1)
        edge = self.force_power(side, games, mine) - self.force_power(1 - side, games, theirs)
        w = self.weights
        return logistic(w.force_edge * edge + w.force_guard * guard + w.force_bias)

    def airlift_capacity(self, side: int, games: np.ndarray) -> np.ndarray:
        """Members the aircraft lent to ``side`` can still bring in today (each institution's daily lift
        times its backing, for those backing the side enough, less what was flown today)."""
        back = self.backing(side, games)
        usable = (self.lift > 0) & (back >= self.weights.airlift_backing)
        return np.maximum(0.0, (self.lift * back * usable).sum(axis=1) - self.airlifted[:, side][games])

    def income(self, side: int, games: np.ndarray) -> np.ndarray:
        """Political capital a side gains each day from the power bases it controls."""
        spec = self.scenario.sides[side]
        lean = np.maximum(0.0, self.direction(side) * self.pop.stance[games, : self.n_actors])
        weight = self.power.sum(axis=0)
        control = np.divide(lean @ self.power, weight, out=np.zeros((len(games), len(weight))), where=weight > 0)
        return spec.base_capital + np.round(control @ self.power_values).astype(np.int64)

    def add_legitimacy(self, side: int, games: np.ndarray, delta) -> None:
        standing = self.legitimacy[:, side]          # (a column's rows: faster than a gather by two indices)
        standing[games] = np.clip(standing[games] + delta, 0.0, 1.0)

    def stall_odds(self, side: int, body: int, games: np.ndarray) -> np.ndarray:
        """Chance an adjournment is granted: chair, absences, speakers, standing, less each one granted before."""
        d = self.direction(side)
        stance = self.pop.stance[games]
        away = self.pop.days_away[games]
        voters = self.voter_mask(body, games)
        n_voters = counts(voters)
        absent = np.where(n_voters > 0, counts((away > 0) & voters) / np.maximum(n_voters, 1), 0.0)
        chair = self.chair[games, body]
        chair_lean = np.where(chair >= 0, d * stance[np.arange(len(games)), np.maximum(chair, 0)], 0.0)
        speakers = self.speaker_mask(body, games, voters) & (away == 0)
        n_sp = counts(speakers)
        speak = np.where(n_sp > 0, (d * stance * speakers).sum(axis=1) / np.maximum(n_sp, 1), 0.0)
        standing = self.legitimacy[games, side] - self.legitimacy[games, 1 - side]
        w = self.weights
        x = (w.stall_bias + w.stall_chair * chair_lean + w.stall_absent * absent
             + w.stall_speakers * speak + w.stall_standing * standing - w.stall_fatigue * self.adjourned[games, body])
        return np.clip(logistic(x), w.stall_odds_min, w.stall_odds_max)

    # ----------------------------------------------------------------- knowledge
    def shift_stance(self, side: int, games: np.ndarray, people: np.ndarray, amount) -> None:
        """Move person ``people[i]`` of game ``games[i]`` toward ``side``; the side sees what it did."""
        st, est, width = flat(self.pop.stance), flat(self.est_mean), self.pop.size
        at, seen = games * width + people, (games * 2 + side) * width + people    # flat indices
        before = st[at]
        after = np.clip(before + self.direction(side) * amount, -1.0, 1.0)
        st[at] = after
        est[seen] = np.clip(est[seen] + after - before, -1, 1)

    def reveal(self, side: int, games: np.ndarray, mask: np.ndarray, sd: float) -> None:
        """The side learns the stances in ``mask`` (per game), give or take ``sd``."""
        self.reveal_people(side, games, counts(mask), cells(mask)[1], sd)

    def reveal_people(self, side: int, games: np.ndarray, count: np.ndarray, people: np.ndarray, sd: float) -> None:
        """The side learns the stances of ``people``, ``count[i]`` of them (in column order) in game ``games[i]``,
        give or take ``sd``."""
        u = self.chance.draws(games, count, 2)
        noise = sd * np.sqrt(-2.0 * np.log(1.0 - u[0])) * np.cos(2.0 * np.pi * u[1])   # Box–Muller
        g, width = np.repeat(games, count), self.pop.size
        truth = g * width + people                                  # flat indices into the stances
        at = truth + (g + side) * width                             # and into the estimates (row 2 g + side)
        flat(self.est_mean)[at] = np.clip(flat(self.pop.stance)[truth] + noise, -1, 1)
        spread = flat(self.est_sd)
        spread[at] = np.minimum(spread[at], sd)

    # ----------------------------------------------------------------- legality
    def legal_mask(self, side: int, games: np.ndarray, ignore_cost: bool = False,
                   actions: np.ndarray | None = None) -> np.ndarray:
        """``(len(games), len(space[side]))``: the actions ``side`` may take in each game now.

        The one legality rule: an action is legal when its side is to move, no
        decision is pending (or it answers the one that is), it is affordable,
        not already done today, and its kind allows it. With ``actions`` (indices
        of the space), only those columns, in that order.
        """
        space = self.space[side]
        if actions is None:
            cols, parts = slice(None), space.parts
        else:
            cols = np.asarray(actions, dtype=np.int64)
            kinds = space.kind[cols]
            parts = [(_KIND_CLASSES[k], w, cols[w]) for k in distinct(kinds) for w in [np.flatnonzero(kinds == k)]]
        # The rules every action shares, as one row of the space's gate table per game (see ActionSpace.gate).
        state = np.where((self.to_move[games] == side) & (self.outcome[games] < 0),
                         1 + (self.pending_kind[games] != NONE_PENDING), 0)
        capital = space.max_cost if ignore_cost else np.minimum(self.capital[:, side][games], space.max_cost)
        gate = state * (space.max_cost + 1) + capital
        mask = space.gate[:, cols].take(gate, axis=0)   # (take: short rows, fast)
        mask &= ~self.done_today[games, side, : len(space)][:, cols] | space.repeatable[cols]
        # A kind whose columns the shared rules close in every game is not asked (unless a rule of legality draws).
        used = np.zeros(len(space.gate), dtype=bool)
        used[gate] = True
        shut = ~(space.gate[used].any(axis=0) | self.legal_draws)
        ok = np.ones(mask.shape, dtype=bool)   # each kind's own rule in its columns, then all at once (numpy copies
        self._heads = {}                       # into a slice of columns much faster than it ands into one)
        try:
            for cls, where, rows in parts:
                if not shut[rows].all():
                    ok[:, where] = cls.legal(self, side, games, space.target[rows], space.detail[rows])
        finally:
            self._heads = None
        mask &= ok
        if actions is None and not ignore_cost:
            self._checked = (side, games, mask.copy())   # what apply checks against, if the policy chose from it
        return mask

    # ----------------------------------------------------------------- play
    def step(self, policies: Sequence[BatchPolicy]) -> None:
        """The unfinished games with the first side to move take one action each, chosen by its policy, then those
        with the second (a game may be among both: a day ends as its last move is made)."""
        for side in (0, 1):
            games = np.flatnonzero((self.to_move == side) & (self.outcome < 0))
            if games.size:
                policy = policies[side]
                self.apply(side, games, self.chosen(side, games, self.ask(policy, side, games), policy))

    def state_arrays(self) -> list[tuple[str, np.ndarray]]:
        """(name, array) of every array of the games' state: the batch's per-game arrays, then the population's (a
        deferred trait as it stands, not drawn)."""
        return [(k, getattr(self, k)) for k in self.row_arrays] + [(k, self.pop.as_drawn(k)) for k in Population.ARRAYS]

    def ask(self, policy: BatchPolicy, side: int, games: np.ndarray):
        """``policy.choose_batch(self, side, games)`` with the games' state read-only: a policy that writes into
        the games it is shown is an :class:`EngineError` naming it, not a silent change of the games. (A policy
        with ``checks_its_games``, such as one-game policies on a batch, does its own checking.) ``games`` is
        shown read-only too: the moves go to the games asked about, whatever the policy does with the array."""
        # The array itself, not a view: apply knows the legal mask the policy read by the array it was read for.
        games = np.asarray(games)
        frozen = [games] if games.flags.writeable else []
        if not getattr(policy, "checks_its_games", False):
            frozen += [a for _, a in self.state_arrays() if a.flags.writeable]
        for a in frozen:
            a.setflags(write=False)     # (several times faster than through a.flags)
        try:
            return policy.choose_batch(self, side, games)
        except ValueError as exc:
            if "read-only" not in str(exc):
                raise
            raise EngineError(f"policy {getattr(policy, 'name', None) or type(policy).__name__!r} "
                              f"({self.side_name(side)}) wrote into the games it was shown ({exc}); a policy "
                              f"chooses, the engine moves: work on batch.take(games) for a copy") from None
        finally:
            for a in frozen:
                a.setflags(write=True)

    def play(self, policies, max_steps: int = 2000) -> "GameBatch":
        """Play every game to its end. ``policies``: one batch policy per side (``choose_batch(batch, side,
        games)``), as a sequence or ``{side id: policy}``; a name or a one-game policy goes through
        ``game.ai.policies.batch_policy(policy, seed)``. Anything else is an ``EngineError`` before any move."""
        sides = [s.id for s in self.scenario.sides]
        if isinstance(policies, dict):
            missing = [s for s in sides if s not in policies]
            if missing or len(policies) != len(sides):
                raise EngineError(f"play needs one policy for each side, {', '.join(sides)}; got "
                                  f"{', '.join(map(repr, policies)) or 'none'}")
            policies = [policies[s] for s in sides]
        policies = list(policies) if isinstance(policies, Iterable) and not isinstance(policies, str) else []
        if len(policies) != len(sides):
            raise EngineError(f"play needs one policy for each side, {', '.join(sides)}: {len(sides)}, "
                              f"got {len(policies)}")
        if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)):
            raise EngineError(f"max_steps must be a whole number, got {max_steps!r}")
        for side, policy in zip(sides, policies):
            if not callable(getattr(policy, "choose_batch", None)):
                raise EngineError(f"the policy for {side}, {policy!r}, has no choose_batch(batch, side, games): "
                                  f"give game.ai.policies.batch_policy(policy, seed), which takes a policy name "
                                  f"or a one-game policy too")
        for _ in range(max_steps):
            if (self.outcome >= 0).all():
                return self
            self.step(policies)
        raise EngineError(f"games of the batch did not end within {max_steps} actions")

    def apply(self, side: int, games: np.ndarray, actions: np.ndarray, check: bool = True) -> None:
        """Side ``side`` takes ``actions[i]`` (an index of ``space[side]``) in game ``games[i]``; with ``check``, an
        :class:`EngineError` and no change unless the side is 0 or 1, each game a row of the batch, named once,
        and each action legal in it."""
        if check:
            if isinstance(side, bool) or side not in (0, 1):
                raise InvalidActionError(f"a side is 0 or 1, got {str(side)[:60]}")
            games = self._rows(games)
            if not (np.diff(games) > 0).all() and len(np.unique(games)) < len(games):
                raise EngineError(f"each game moves once a call; got {str(games.tolist())[:100]}")
        games = np.asarray(games, dtype=np.int64)
        space = self.space[side]
        if check:
            actions = self.chosen(side, games, actions)
        actions = np.asarray(actions, dtype=np.int64)
        if check:
            checked = self._checked
            if checked is not None and checked[0] == side and checked[1] is games:
                ok = checked[2][np.arange(len(games)), actions]
            else:
                chosen = distinct(actions)
                ok = self.legal_mask(side, games, actions=chosen)[np.arange(len(games)), chosen.searchsorted(actions)]
            if not ok.all():
                i = int(np.argmin(ok))
                raise IllegalActionError(f"{self.side_name(side)} chose {space.actions[actions[i]]!r} in "
                                         f"{self.where(games[i])}, where it is not legal now")
        self._checked = None
        self.capital[games, side] -= space.cost[actions]
        once = ~space.repeatable[actions]
        self.done_today[games[once], side, actions[once]] = True
        self.n_actions[games] += 1
        kinds = space.kind[actions]
        order = np.argsort(kinds.astype(np.int16), kind="stable")    # each kind's games together, in order
        bounds = np.searchsorted(kinds[order], np.arange(len(_KIND_CLASSES) + 1))
        for kind in np.flatnonzero(np.diff(bounds)).tolist():
            rows = order[bounds[kind]:bounds[kind + 1]]
            g, a = games[rows], actions[rows]
            cls = _KIND_CLASSES[kind]
            if self.recording:      # its words, read through a view of the game's row
                for gg, aa in zip(g.tolist(), a.tolist()):
                    act = space.actions[aa]
                    self.action_log[gg].append(act.to_json())
                    self.note(np.array([gg]), "action", act.describe(self.View(self, gg)), side=side, cause=cls.kind,
                              audience=None if cls.public else side,
                              data={"action": act.to_json(), "cost": int(space.cost[aa])})
            self._audience = None if cls.public else side
            cls.resolve(self, side, g, space.target[a], space.detail[a])
            self._audience = None
        live = self.outcome[games] < 0
        self._advance(games[live], kinds[live] == _CHOOSE)

    # ----------------------------------------------------------------- decisions
    def pending_options(self, g: int) -> tuple[str, ...]:
        options = self.space[0].options
        return tuple(o for o, ok in zip(options, self.option_mask[self.pending_key(np.array([g]))[0]]) if ok)

    # ----------------------------------------------------------------- turn flow
    def _advance(self, games: np.ndarray, decided: np.ndarray) -> None:
        """After an action (a round taken) or a decision (``decided``: events may fire again): end the day
        after the last round, else hand the move on (to a decision pending, if any)."""
        self.round[games[~decided]] += 1
        over_day = (self.pending_kind[games] == NONE_PENDING) & (self.round[games] >= self.rounds)
        self._end_day(games[over_day])
        games, decided = games[~over_day], decided[~over_day]
        self._fire_events(games[decided])
        self._play_on(games)

    def _play_on(self, games: np.ndarray) -> None:
        """The side to move in each of ``games`` still going: the one a decision awaits, else the round's."""
        games = games[self.outcome[games] < 0]
        pending = self.pending_kind[games] != NONE_PENDING
        self.to_move[games] = np.where(pending, self.pending_side[games], self.order[self.round[games] % 2])

    def _start_day(self, games: np.ndarray) -> None:
        if games.size == 0:
            return
        sc = self.scenario
        for name in DAILY:      # today's state starts as a game's does
            getattr(self, name)[games] = self.initial[name]
        cap = sc.rules.capital_cap
        for side in (0, 1):
            self.capital[games, side] = np.minimum(cap, self.capital[games, side] + self.income(side, games))
        days = [sc.calendar[i] for i in self.day_index(games)] if self.recording else []
        self.note(games, "day", lambda r, g: f"{days[r].label}. {days[r].note}".strip())
        self._table_demands(games)
        self._fire_events(games)
        self._play_on(games)

    def _table_demands(self, games: np.ndarray) -> None:
        """A delivered demand puts its motion on the agenda of every sitting until granted."""
        sc = self.scenario
        for j, body in enumerate(sc.bodies):
            if not body.demand_motion or body.demand_signatures <= 0:
                continue
            m = self.motion_ix[body.demand_motion]
            motion = sc.motions[m]
            g = games[self.flags[games, self.flag_ix[f"demand:{body.id}"]] & (self.convened[games, j] < 0)]
            g = g[self.sits_today(self.body_ix[motion.body], g) & (self.passed[g, m] < 0)]
            g = g[self.rules.holds(motion.requires, g)]       # a demand does not override the motion's own terms
            self.put_on_agenda(m, g, self.side_ix[motion.favours])
            self.note(g, "session", f"The signed demand puts '{motion.name}' before the "
                      f"{sc.body(motion.body).name}.", side=self.side_ix[motion.favours], cause="demand")

    def put_on_agenda(self, motion: int, games: np.ndarray, side) -> None:
        self.agenda[games, motion] = self.agenda_next[games]
        self.agenda_by[games, motion] = side
        self.agenda_next[games] += 1
        self.called[games, motion] += 1

    def _end_day(self, games: np.ndarray) -> None:
        if games.size == 0:
            return
        sc = self.scenario
        for j in range(len(sc.bodies)):
            g = games[self.sits_today(j, games) & ~self.stalled[games, j]]
            self._hold_sitting(j, g)
        games = games[self.outcome[games] < 0]
        signed = counts(self.pop.signed.take(games, axis=0))
        for j, body in enumerate(sc.bodies):
            if body.demand_signatures <= 0:
                continue
            flag = self.flag_ix[f"demand:{body.id}"]
            met = games[(self.convened[games, j] < 0) & (signed >= body.demand_signatures) & ~self.flags[games, flag]]
            self.flags[met, flag] = True
            if body.demand_motion:
                m = sc.motion(body.demand_motion)
                demand = sc.words.demand.format(body=body.name)
                self.note(met, "signatures", lambda r, g, demand=demand: (
                    f"{demand[:1].upper()}{demand[1:]} is delivered with {int(self.pop.signed[g].sum())} signatures: "
                    f"the {sc.body(m.body).name} must vote on it at every sitting until it is granted."),
                    cause="demand", reveals=True)
            else:
                self.convene(j, met, cause="demand")
        self._travel(games)
        games = self._check_outcomes(games, at_end=False)
        last = self.turn[games] + 1 >= len(sc.calendar)
        self._check_outcomes(games[last], at_end=True)
        games = games[~last]
        self.turn[games] += 1
        self._start_day(games)

    def _travel(self, games: np.ndarray) -> None:
        """Committed CC members away from the capital set off on their own, unsummoned, by train (each day a member
        away does so with a chance of ``self_travel`` times how firmly he backs either side); then everyone
        on the way comes a day nearer."""
        pop, w, width = self.pop, self.weights.self_travel, self.pop.size
        days, moving = pop.days_away.take(games, axis=0), pop.travelling.take(games, axis=0)   # written back below
        away = days > 0
        if w > 0:
            idle = away & ~moving
            idle[:, : self.n_actors] &= pop.cc[:, : self.n_actors][games] > 0   # a bloc member is always of the CC
            # A stance is at most 1 either way, so only a draw below w can send anyone: only those are made.
            _, at, hit, u = self.chance.below(games, idle, w)
            rows, cols = np.divmod(at[hit], width)
            odds = np.abs(flat(pop.stance)[games[rows] * width + cols])
            odds *= w
            flat(moving)[at[hit[u < odds]]] = True
        on_way = moving & away
        days -= on_way.view(np.int8)
        arrived = on_way & (days == 0)
        moving ^= arrived                   # (arrived are all moving)
        pop.days_away[games] = days
        pop.travelling[games] = moving
        if self.recording:
            n, words = self.n_actors, self.scenario.words
            rows, cols = cells(arrived)
            for r in distinct(rows).tolist():
                people = cols[rows == r]
                named = [self.actor_name(i) for i in people[people < n]]
                rest = int((people >= n).sum())
                parts = named + ([f"{rest} {words.cc_member if rest == 1 else words.cc_members}"] if rest else [])
                self.note(games[r:r + 1], "arrival", f"Arriving in {words.capital}: {', '.join(parts)}.",
                          cause="travel")

    def convene(self, body: int, games: np.ndarray, cause: str = "") -> None:
        games = games[self.convened[games, body] < 0]
        if games.size == 0:
            return
        spec = self.scenario.bodies[body]
        self.convened[games, body] = self.turn[games] + spec.gathering_days
        summoned = (self.voter_mask(body, games) | self.speaker_mask(body, games)) & (self.pop.days_away[games] > 0)
        self.pop.travelling[games] |= summoned
        cal = self.scenario.calendar
        self.note(games, "convened", lambda r, g: (
            f"The {spec.name} is convened; it opens {cal[min(int(self.convened[g, body]), len(cal) - 1)].label}. "
            f"{int(summoned[r].sum())} members set off for {self.scenario.words.capital}."), cause=cause, reveals=True)

    def _fire_events(self, games: np.ndarray) -> None:
        if games.size == 0:
            return
        live = None        # the games no decision or end stops, until an event fires
        for j, ev in enumerate(self.scenario.events):
            if live is None:
                live = games[(self.pending_kind[games] == NONE_PENDING) & (self.outcome[games] < 0)]
                # (live, events): which each game may yet fire (not today, nor ever again if once)
                open_ = ~(self.fired_today.take(live, axis=0) | (self.fired.take(live, axis=0) & self.fires_once))
            g = live[open_[:, j]]
            if g.size == 0:
                continue
            g = g[self.rules.holds(ev.when, g)]
            if ev.chance < 1.0:
                g = g[self.chance.one(g) < ev.chance]
            if g.size == 0:
                continue
            live = None
            self.fired[g, j] = True
            self.fired_today[g, j] = True
            self._fired_log.append((g, j))
            audience = self.side_ix[ev.audience] if ev.audience else None
            if self.recording:
                for x in g.tolist():
                    self.fired_order[x].append(ev.id)
            self.note(g, "event", f"{ev.title}. {ev.text}", cause=ev.id, reveals=True,
                      data={"event": ev.id, "history": ev.history}, audience=audience)
            self.rules.apply_effects(ev.effects, g, cause=ev.id, audience=audience)
            if ev.choices:
                g = g[self.outcome[g] < 0]
                self.pending_kind[g] = EVENT_PENDING
                self.pending_id[g] = j
                self.pending_side[g] = self.side_ix[ev.chooser]

    # ----------------------------------------------------------------- sittings and votes
    def motion_context(self, m: int, games: np.ndarray) -> MotionContext:
        """What the vote model needs of motion ``m`` in each of ``games``."""
        motion = self.scenario.motions[m]
        body = self.body_ix[motion.body]
        spec = self.scenario.bodies[body]
        fav = self.side_ix[motion.favours]
        standing = self.legitimacy[games, fav] - self.legitimacy[games, 1 - fav]
        return MotionContext(direction=self.direction(fav), ideology=motion.ideology,
                             legitimacy=motion.legitimacy + standing, fear=self.fear(games),
                             majority=spec.majority, majority_of=spec.majority_of,
                             members=counts(self.voter_mask(body, games, self.voter_columns(body))))

    def traits(self, games: np.ndarray, cols: np.ndarray) -> SimpleNamespace:
        """The vote model's traits of people ``cols`` of ``games`` (patrons are named actors: same columns)."""
        pop, at = self.pop, grid(games, cols)
        named = cols.max(initial=-1) < self.n_actors      # (only named actors: no CC member's caution need be drawn)
        caution = pop.as_drawn("caution") if named else pop.caution
        return SimpleNamespace(conviction=pop.conviction[at], caution=caution[at], ideology=pop.ideology[at],
                               cohesion=pop.cohesion[at], patron=pop.patron[cols])

    def _hold_sitting(self, body: int, games: np.ndarray) -> None:
        sc = self.scenario
        motions = np.flatnonzero(self.motion_body[:, body])
        if games.size == 0 or motions.size == 0:
            return
        pos = self.agenda.take(games, axis=0)[:, motions]
        games, pos = games[(pos >= 0).any(axis=1)], pos[(pos >= 0).any(axis=1)]
        if games.size == 0:
            return
        spec = sc.bodies[body]
        cols = self.voter_columns(body)       # the vote is taken over these columns only
        voters = self.voter_mask(body, games, cols)
        present = voters & (self.pop.days_away[grid(games, cols)] == 0)
        here, members = counts(present), counts(voters)
        quorate = here >= spec.quorum * members
        self.note(games[~quorate], "session", lambda r, g: (
            f"The {spec.name} lacks a quorum ({here[~quorate][r]} of {members[~quorate][r]}); nothing is voted."),
            cause=spec.id)
        games, pos, present = games[quorate], pos[quorate], present[quorate]
        order = np.argsort(np.where(pos >= 0, pos, np.iinfo(np.int64).max), axis=1, kind="stable")
        for slot in range(motions.size):
            item = motions[order[:, slot]]
            due = (pos[np.arange(len(games)), order[:, slot]] >= 0) & (self.outcome[games] < 0)
            for m in distinct(item[due]):
                rows = np.flatnonzero(due & (item == m))
                demanded = self.demand_of.get(int(m))
                if demanded is not None:   # a demand granted since it was tabled is not voted again
                    rows = rows[self.convened[games[rows], demanded] < 0]
                if rows.size:
                    self._hold_vote(int(m), games[rows], present[rows], cols)
        games = games[self.outcome[games] < 0]
        self.agenda[games[:, None], motions[None, :]] = -1

    def _hold_vote(self, m: int, games: np.ndarray, present: np.ndarray, cols: np.ndarray | None = None) -> None:
        """Vote motion ``m`` in ``games``, over the people ``cols`` (all by default; ``present``: who votes)."""
        cols = np.arange(self.pop.size) if cols is None else cols
        motion = self.scenario.motions[m]
        ctx = self.motion_context(m, games)
        terms = vote_terms(self.pop.stance[grid(games, cols)], slice(None), self.traits(games, cols), ctx,
                           self.weights, present=present)
        p_yes, p_abs = ballot_probabilities(terms, self.weights, present)
        ballots = cast_ballots(p_yes, p_abs, self.chance.uniform_where(games, present))
        yes, no, abstain = tally(ballots, present)
        here = counts(present)
        rule = self.scenario.bodies[self.body_ix[motion.body]].tie
        chair = (chair_yes(present & (ballots == 1), self.chair[games, self.body_ix[motion.body]])
                 if rule == "chair" else False)
        carried = vote_carried(ctx, yes, no, here, rule, chair)
        self._votes.append((games, m, yes, no, abstain, carried))
        if self.recording:
            self._record_votes(m, games, present, ballots, yes, no, abstain, carried)
        # Ballots are cast openly (a show of hands): both sides learn them.
        lean = ballots.astype(float) * ctx.direction * self.weights.ballot_lean
        seen = self.weights.ballot_weight
        rows, people = grid(games, cols)
        for k in (0, 1):
            at = (rows, k, people)
            mean, sd = self.est_mean[at], self.est_sd[at]
            self.est_mean[at] = np.where(present, (1 - seen) * mean + seen * lean, mean)
            self.est_sd[at] = np.where(present, np.minimum(sd, self.weights.ballot_sd), sd)
        self.passed[games[carried], m] = self.turn[games[carried]]
        self.failed[games[~carried], m] = self.turn[games[~carried]]
        self.rules.apply_effects(motion.on_pass, games[carried], cause=motion.id)
        self.rules.apply_effects(motion.on_fail, games[~carried], cause=motion.id)
        if motion.on_tie:
            tie = tied(ctx, yes, no, here)
            self.note(games[tie], "session", f"The vote on '{motion.name}' is tied.", cause=motion.id)
            self.rules.apply_effects(motion.on_tie, games[tie], cause=motion.id)

    def _record_votes(self, m, games, present, ballots, yes, no, abstain, carried) -> None:
        sc = self.scenario
        motion = sc.motions[m]
        body = self.body_ix[motion.body]
        voters = self.voter_mask(body, games)
        words = {1: "yes", 0: "abstain", -1: "no"}
        for r, g in enumerate(games.tolist()):
            named = {sc.actors[i].id: words[int(ballots[r, i])] if present[r, i] else "absent"
                     for i in np.flatnonzero(voters[r, : self.n_actors])}
            t = int(self.turn[g])
            date = str(self.dates[min(t, len(self.dates) - 1)])      # a str, not numpy's str_, in the records
            record = VoteRecord(motion=motion.id, body=motion.body, turn=t, date=date,
                                yes=int(yes[r]), no=int(no[r]), abstain=int(abstain[r]),
                                absent=int(voters[r].sum() - present[r].sum()), passed=bool(carried[r]),
                                called_by=sc.sides[int(self.agenda_by[g, m])].id, ballots=named)
            self.vote_records[g].append(record)
            verdict = "carried" if record.passed else "defeated"
            self.note(np.array([g]), "vote", f"The {sc.body(motion.body).name} votes on '{motion.name}': "
                      f"{record.tally}, {verdict}.", side=int(self.agenda_by[g, m]), cause=motion.id, reveals=True,
                      data={"vote": record.to_json()})

    # ----------------------------------------------------------------- the end
    def _check_outcomes(self, games: np.ndarray, at_end: bool) -> np.ndarray:
        """End the games an outcome's condition now holds for; returns those still going."""
        for j, spec in enumerate(self.scenario.outcomes):
            if spec.by_event or (spec.at_end and not at_end) or games.size == 0:
                continue
            hit = self.rules.holds(spec.when, games)
            self.finish(games[hit], j, Termination.CALENDAR if at_end and spec.at_end else Termination.VOTE)
            games = games[~hit]
        return games

    def finish(self, games: np.ndarray, outcome: int, how: Termination = Termination.VOTE) -> None:
        games = games[self.outcome[games] < 0]
        self.outcome[games] = outcome
        self.termination[games] = _TERMINATIONS.index(how)
        self.end_turn[games] = self.turn[games]
        self.pending_kind[games] = NONE_PENDING
        self.to_move[games] = NO_ONE
        if self.recording and games.size:
            o = self.outcomes[outcome]
            verdict = (f"a {o.degree} victory for {self.side_name(o.winner)}" if o.winner != NO_ONE
                       else "no one prevails")
            self.note(games, "outcome", f"{o.title}: {verdict}.",
                      side=o.winner if o.winner != NO_ONE else None, cause=o.id, reveals=True,
                      data={"outcome": o.id})

    # ----------------------------------------------------------------- results
    def results(self) -> list[dict]:
        """Per game: seed, winner (side id or "none"), outcome, degree, turns, actions, votes, fired events."""
        sc = self.scenario
        votes: list[list[tuple]] = [[] for _ in range(self.size)]
        for games, m, *counted in self._votes:
            motion = sc.motions[m]
            for g, yes, no, abstain, carried in zip(games.tolist(), *(x.tolist() for x in counted)):
                votes[g].append((motion.id, motion.body, yes, no, abstain, carried))
        fired: list[list[str]] = [[] for _ in range(self.size)]
        for games, j in self._fired_log:
            for g in games.tolist():
                fired[g].append(sc.events[j].id)
        # (winner, outcome, degree) of each way to end, and last (index -1) of a game not over
        ends = [(sc.sides[o.winner].id if o.winner != NO_ONE else "none", o.id, o.degree) for o in self.outcomes]
        ends.append(("none", "", ""))
        out = []
        for g, (seed, outcome, end, actions) in enumerate(zip(*(x.tolist() for x in (
                self.seeds, self.outcome, self.end_turn, self.n_actions)))):
            winner, oid, degree = ends[outcome]
            out.append({"seed": seed, "winner": winner, "outcome": oid, "degree": degree, "turns": end + 1,
                        "actions": actions, "votes": tuple(votes[g]), "fired": tuple(fired[g])})
        return out

    # ----------------------------------------------------------------- one game as JSON
    def row_to_json(self, g: int) -> dict:
        """Game ``g``'s whole state as JSON (chance included): what a save holds."""
        g = int(self._rows([g])[0])
        state = {name: getattr(self, name)[g].tolist() for name in self.row_arrays}
        people = self.pop.row(g)
        state["pop"] = {name: getattr(people, name).tolist() for name in Population.ARRAYS}
        state["seed"] = int(self.seeds[g])
        state["chance"] = int(self.chance.counter[g])
        for name, (key, kind) in RECORDS.items():
            state[key] = [x.to_json() if kind else x for x in getattr(self, name)[g]] if self.recording else []
        return state

    @classmethod
    def from_row_json(cls, scenario: Scenario, state: dict) -> "GameBatch":
        """A recording batch of one game from :meth:`row_to_json`; raises EngineError if it does not fit."""
        try:
            batch = cls(scenario, [state["seed"]], record=True)
            batch.pop = Population.from_row_json(state["pop"])
            batch.est_mean = np.zeros((1, 2, batch.pop.size))
            batch.est_sd = np.zeros((1, 2, batch.pop.size))
            for name in batch.row_arrays:
                current = getattr(batch, name)
                # Fields added to format 2 since it was first written start as in a new game.
                saved = batch.initial[name] if name in LATER_FIELDS and name not in state else state[name]
                value = np.asarray(saved, dtype=current.dtype)
                if value.shape != current.shape[1:]:
                    raise EngineError(f"state field {name!r} has shape {value.shape}, expected {current.shape[1:]}")
                current[0] = value
            batch.chance.counter[0] = np.uint64(int(state["chance"]))
            for name, (key, kind) in RECORDS.items():
                setattr(batch, name, [[kind.from_json(x) if kind else x for x in state[key]]])
            batch._votes = [(np.array([0]), batch.motion_ix[v.motion], np.array([v.yes]), np.array([v.no]),
                             np.array([v.abstain]), np.array([v.passed])) for v in batch.vote_records[0]]
            batch._fired_log = [(np.array([0]), batch.event_ix[e]) for e in batch.fired_order[0]]
            for data in batch.action_log[0]:         # each an action of its side's space in this scenario
                action = action_from_json(data)          # (InvalidActionError if it is not an action)
                k = batch.side_ix.get(action.side)
                if k is None or action not in batch.space[k].index:
                    raise InvalidActionError(f"the saved action log holds {action!r}, no action of this scenario")
            if len(batch.action_log[0]) != int(batch.n_actions[0]):
                raise EngineError(f"the saved action log holds {len(batch.action_log[0])} actions, its state says "
                                  f"{int(batch.n_actions[0])} were taken")
            batch._check_row()
        except EngineError:
            raise
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise EngineError(f"the saved state does not fit this scenario: {exc}") from None
        return batch

    def _check_row(self) -> None:
        """Refuse a loaded state that no game can reach (EngineError): a number that is not finite, an index past
        its table (a day, a side, an actor, an outcome...), a population not of the scenario's size."""
        sc, size = self.scenario, self.n_actors + int(self.bloc_size.sum())
        if self.pop.size != size:
            raise EngineError(f"the saved population has {self.pop.size} people, the scenario {size}")
        last = {"turn": len(sc.calendar), "to_move": 1, "agenda_by": 1, "pending_side": 1, "pending_by": 1,
                "pending_kind": COMPROMISE_PENDING, "pending_id": max(len(sc.events), len(sc.compromises), 1) - 1,
                "chair": self.n_actors - 1, "holder": self.n_actors - 1, "outcome": len(self.outcomes) - 1,
                "termination": len(_TERMINATIONS) - 1, "patron": size - 1, "bloc": len(sc.blocs) - 1,
                "presidium": max(LEVEL.values()), "cc": max(LEVEL.values())}
        first = {"turn": 0, "round": 0, "capital": 0, "pending_kind": 0, "pending_id": 0, "pending_side": 0,
                 "pending_by": 0, "agenda_by": 0, "termination": 0, "presidium": 0, "cc": 0}
        if self.to_move[0] == NO_ONE and self.outcome[0] < 0:
            raise EngineError("state field 'to_move' says no one is to move in a game that is not over")
        bounds = {"legitimacy": (0, 1), "est_sd": (0, np.inf), **DRAWN, "cohesion": (0, 1)}
        for name, value in self.state_arrays():
            if value.dtype.kind == "f" and not np.isfinite(value).all():
                raise EngineError(f"state field {name!r} holds a number that is not finite")
            low, high = bounds.get(name, (-np.inf, np.inf))
            if value.dtype.kind == "f" and value.size and (value.min() < low or value.max() > high):
                raise EngineError(f"state field {name!r} holds a number out of range ({value.min():g} to "
                                  f"{value.max():g}; a game keeps it from {low:g} to {high:g})")
            if value.dtype.kind == "i" and value.size and (value.min() < first.get(name, NO_ONE)
                                                           or value.max() > last.get(name, value.max())):
                raise EngineError(f"state field {name!r} holds a number out of range ({value.min()} to {value.max()})")


# State a format-2 save may lack: posts' holders and the lobbies so far came later.
LATER_FIELDS = frozenset({"holder", "lobbied"})


class _Heads:
    """The named actors' columns of ``games``, each table gathered only when a selector reads it."""

    def __init__(self, pop: Population, games: np.ndarray, n: int):
        self.pop, self.games, self.n = pop, games, n

    def __getattr__(self, name: str) -> np.ndarray:
        return getattr(self.pop, name)[self.games, : self.n]


def _take_rows(log: list[tuple], where: np.ndarray) -> list[tuple]:
    """The entries of a (games, ...) log that concern the taken games, renumbered (``where``: each
    game's row in the copy, -1 if not taken)."""
    out = []
    for games, *rest in log:
        rows = where[games]
        keep = rows >= 0
        if keep.any():
            out.append((rows, *rest) if keep.all() else
                       (rows[keep], *[x[keep] if isinstance(x, np.ndarray) else x for x in rest]))
    return out


_TERMINATIONS = list(Termination)


def initial_estimates(b: GameBatch, games: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What each side believes of every stance at the start: its fog of war.

    A side knows its firm friends; it believes what the scenario says it
    believes of others, blurred by their uncertainty; of a CC member it knows
    only his bloc's usual stance. Shape ``(games, 2, P)``.
    """
    sc, w = b.scenario, b.weights
    mean, sd = np.zeros((2, b.pop.size)), np.zeros((2, b.pop.size))    # the same in every game but the noise
    noisy = []
    for k, side in enumerate(sc.sides):
        for i, a in enumerate(sc.actors):
            if side.id in a.belief:
                mean[k, i], sd[k, i] = a.belief[side.id], a.uncertainty
            elif a.id == side.leader or b.direction(k) * a.stance >= w.friend_stance:
                mean[k, i], sd[k, i] = a.stance, w.friend_sd
            else:
                noisy.append((k, i))
                sd[k, i] = a.uncertainty
        for j, bl in enumerate(sc.blocs):
            members = b.pop.bloc == j
            mean[k, members] = np.clip(bl.stance.mean, *DRAWN["stance"])    # as the members' stances are drawn
            sd[k, members] = max(bl.stance.sd, bl.uncertainty)
    mean, sd = tiled(mean, len(games)), tiled(sd, len(games))
    unc = np.array([a.uncertainty for a in sc.actors])
    stance = np.array([a.stance for a in sc.actors])
    for k in (0, 1):
        noise = b.chance.normal(games, len(sc.actors)) * unc / 2
        i = np.array([i for kk, i in noisy if kk == k], dtype=np.int64)
        mean[:, k, i] = np.clip(stance[i] + noise[:, i], -1, 1)
    return mean, sd
