"""Everyone who can vote, held as numpy arrays: named actors, then the CC blocs.

Row ``i < len(scenario.actors)`` is the named actor ``scenario.actors[i]``;
the rows after them are Central Committee members generated from the
scenario's blocs, bloc by bloc (full members first, then candidates).
Every array has a leading axis of games (a batch); ``row(g)`` is one game's
population, as views. Generation draws from each game's own stream, so the
same seed gives the same Central Committee.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .chance import Chance
from .errors import EngineError
from .spec import MEMBERSHIP_LEVELS, Scenario

LEVEL = {name: i for i, name in enumerate(MEMBERSHIP_LEVELS)}


@dataclass
class Population:
    """The per-person arrays. Mutable state lives here; traits rarely change."""

    stance: np.ndarray
    conviction: np.ndarray
    caution: np.ndarray
    ambition: np.ndarray
    ideology: np.ndarray
    complicity: np.ndarray
    cohesion: np.ndarray
    patron: np.ndarray       # int index of patron person, -1 for none
    bloc: np.ndarray         # int index into scenario.blocs, -1 for named actors
    presidium: np.ndarray    # 0 none, 1 candidate, 2 full
    secretariat: np.ndarray  # bool
    cc: np.ndarray           # 0 none, 1 candidate, 2 full
    days_away: np.ndarray    # 0 = in Moscow
    travelling: np.ndarray   # bool: on the way to Moscow
    travel_days: np.ndarray  # days a summoned member needs by train
    signed: np.ndarray       # bool: signed the demand to convene a plenum

    def __getattr__(self, name: str) -> np.ndarray:
        """A trait of :data:`DEFERRED`, drawn as it is first read (into a copy: the array as it stood may be read-only
        while a policy chooses)."""
        pending = self.__dict__.get("_pending", {})
        if name not in pending:
            raise AttributeError(name)
        before, draws = pending[name]
        out, rows = before.copy(), np.arange(len(before))
        for cols, chance, dist, lo, hi in draws:     # (a copy of the streams draws: the same numbers every time)
            _draw(out, cols, chance.take(rows).normal(rows, cols.stop - cols.start), dist, lo, hi)
        out.setflags(write=before.flags.writeable)   # read while a policy chooses: as read-only as the rest
        setattr(self, name, out)     # (then forgotten as pending: a thread reading it meanwhile draws the same)
        pending.pop(name, None)
        return out

    def as_drawn(self, name: str) -> np.ndarray:
        """Column ``name`` as it stands, without drawing a deferred trait (its CC members still at their bloc's
        mean): for the named actors' columns, or for a look that reads no number."""
        pending = self.__dict__.get("_pending", {})
        return pending[name][0] if name in pending else getattr(self, name)

    @property
    def size(self) -> int:
        return int(self.stance.shape[-1])   # people (a batch of games puts games first)

    def row(self, g: int) -> "Population":
        """Game ``g``'s population, as views into the batch's arrays."""
        return Population(**{name: getattr(self, name)[..., g, :] if name not in STATIC else getattr(self, name)
                             for name in self.ARRAYS})

    def take(self, games: np.ndarray) -> "Population":
        """The populations of ``games`` (a new batch, copied)."""
        return Population(**{name: getattr(self, name)[games].copy() if name not in STATIC
                             else getattr(self, name).copy() for name in self.ARRAYS})

    @classmethod
    def from_row_json(cls, data: dict) -> "Population":
        """A batch of one game's population from the lists of its :meth:`row`, each cast to its array's dtype."""
        cols = {name: np.asarray(data[name], dtype=_DTYPES.get(name, np.float64)) for name in cls.ARRAYS}
        if len({c.shape for c in cols.values()}) != 1 or cols["stance"].ndim != 1:
            raise EngineError("the population's arrays disagree in size")
        return cls(**{name: c if name in STATIC else c[None, :] for name, c in cols.items()})


Population.ARRAYS = tuple(f.name for f in fields(Population))   # every column, in the order declared


def tiled(row: np.ndarray, n: int) -> np.ndarray:
    """``n`` copies of ``row`` stacked on a new first axis (faster than ``np.tile``)."""
    out = np.empty((n,) + row.shape, row.dtype)
    out[...] = row
    return out


def membership_mask(pop: Population, selector: str, shape: tuple | None = None) -> np.ndarray:
    """The mask of a membership selector, computed afresh (any leading batch axes kept; ``shape``:
    the arrays', if ``pop`` reads them lazily)."""
    mask = np.zeros(pop.presidium.shape if shape is None else shape, dtype=bool)
    for part in selector.split("+"):
        part = part.strip()
        if not part:
            continue
        if part == "all":
            mask |= True
            continue
        if part == "secretariat":
            mask |= pop.secretariat
            continue
        body, _, level = part.partition(":")
        arr = getattr(pop, body)
        mask |= (arr == LEVEL[level]) if level else (arr > 0)
    return mask


_DTYPES = {
    "patron": np.int32, "bloc": np.int32, "presidium": np.int8, "cc": np.int8,
    "days_away": np.int8, "travel_days": np.int8,      # at most 30 (spec.py)
    "secretariat": bool, "travelling": bool, "signed": bool,
}


# Columns that are the same in every game of a batch (held once, not per game).
STATIC = ("patron", "bloc")
# The traits drawn for each CC member from his bloc's distributions, in the order drawn, with their ranges.
DRAWN = {"stance": (-1, 1), "conviction": (0, 1), "caution": (0, 1), "ambition": (0, 1), "ideology": (-1, 1),
         "complicity": (0, 1)}
TRAITS = (*DRAWN, "cohesion")   # every float trait held per person (in the ranges documented in spec.py)
# Traits no rule reads of a CC member (promises, courting and revelations name actors): left at the bloc's
# mean, their draws skipped (the counter moves on as if drawn, so every other draw is as before).
UNREAD = ("ambition", "complicity")
# Traits no rule reads of a CC member but a vote of the CC (a plenum, which random play of 1957 never holds): their
# draws are made when first read (Population.__getattr__), from the same counters, so they are the same numbers.
DEFERRED = ("caution",)
# Columns the same in every game, which nothing changes: one read-only row, seen by every game of a batch.
SHARED = (*UNREAD, "cohesion", "travel_days")


def generate(scenario: Scenario, chance: Chance, games: np.ndarray) -> Population:
    """Build the population of each of ``games``: named actors as written, blocs drawn.

    Every column gets a leading axis of one row per game, except the static
    ``patron`` and ``bloc``. Each game draws from its own stream, so a game's
    Central Committee does not depend on the batch it is generated in.
    """
    actors = scenario.actors
    index = {a.id: i for i, a in enumerate(actors)}
    # Every column before the draws: the named actors' as written, then each bloc's.
    row: dict[str, list] = {trait: [getattr(a, trait) for a in actors] for trait in TRAITS}
    row.update(patron=[index[a.patron] if a.patron else -1 for a in actors], bloc=[-1] * len(actors),
               presidium=[LEVEL[a.presidium] for a in actors], secretariat=[a.secretariat for a in actors],
               cc=[LEVEL[a.cc] for a in actors], days_away=[a.days_away for a in actors],
               travelling=[a.days_away > 0 and a.returning for a in actors],
               travel_days=[max(a.days_away, 1) for a in actors], signed=[False] * len(actors))
    for j, bl in enumerate(scenario.blocs):
        n = bl.full + bl.candidate
        for trait, (lo, hi) in DRAWN.items():
            row[trait] += [min(max(getattr(bl, trait).mean, lo), hi)] * n
        row["cohesion"] += [bl.cohesion] * n
        row["patron"] += [index[bl.patron] if bl.patron else -1] * n
        row["bloc"] += [j] * n
        row["cc"] += [LEVEL["full"]] * bl.full + [LEVEL["candidate"]] * bl.candidate
        row["travel_days"] += [bl.travel_days] * n
        for name in ("presidium", "secretariat", "days_away", "travelling", "signed"):
            row[name] += [0] * n
    cols = {name: np.asarray(v, dtype=_DTYPES.get(name, np.float64)) for name, v in row.items()}
    pop = Population(**{name: c if name in STATIC else np.broadcast_to(c, (len(games), c.size)) if name in SHARED
                        else tiled(c, len(games)) for name, c in cols.items()})
    first, pending = len(actors), {}
    for bl in scenario.blocs:
        n = bl.full + bl.candidate
        if n == 0:
            continue
        cols = slice(first, first + n)
        for trait, (lo, hi) in DRAWN.items():
            dist = getattr(bl, trait)
            if dist.sd > 0 and trait in DEFERRED:
                pending.setdefault(trait, (getattr(pop, trait), []))[1].append((cols, chance.take(games), dist, lo, hi))
            if dist.sd > 0 and trait in UNREAD + DEFERRED:
                chance.skip(games, 2 * ((n + 1) // 2))
            elif dist.sd > 0:
                _draw(getattr(pop, trait), cols, chance.normal(games, n), dist, lo, hi)
        pop.days_away[:, cols] = (chance.uniform(games, n) >= bl.in_moscow) * bl.travel_days    # else present
        first += n
    for trait in pending:
        delattr(pop, trait)
    pop._pending = pending
    return pop


def _draw(column: np.ndarray, cols: slice, z: np.ndarray, dist, lo: float, hi: float) -> None:
    """A bloc's members' trait (``cols`` of ``column``) from their standard normals ``z``: mean + sd z, clipped (in
    ``z``'s place first)."""
    column[:, cols] = np.clip(np.add(np.multiply(z, dist.sd, out=z), dist.mean, out=z), lo, hi, out=z)
