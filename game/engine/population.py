"""Everyone who can vote, held as numpy arrays: named actors, then the CC blocs.

Row ``i < len(scenario.actors)`` is the named actor ``scenario.actors[i]``;
the rows after them are Central Committee members generated from the
scenario's blocs, bloc by bloc (full members first, then candidates).
Every array has a leading axis of games (a batch); ``row(g)`` is one game's
population, as views. Generation draws from each game's own stream, so the
same seed gives the same Central Committee.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .spec import MEMBERSHIP_LEVELS, Distribution, Scenario

if TYPE_CHECKING:
    from .chance import Chance

LEVEL = {name: i for i, name in enumerate(MEMBERSHIP_LEVELS)}

# Float traits held per person (all in the ranges documented in spec.py).
TRAITS = ("stance", "conviction", "caution", "ambition", "ideology", "complicity", "cohesion")


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

    ARRAYS = (
        *TRAITS, "patron", "bloc", "presidium", "secretariat", "cc",
        "days_away", "travelling", "travel_days", "signed",
    )

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
    def from_json(cls, data: dict) -> "Population":
        """From JSON lists (or arrays), each cast to its array's dtype."""
        return cls(**{name: np.asarray(data[name], dtype=_DTYPES.get(name, np.float64)) for name in cls.ARRAYS})

def membership_mask(pop: Population, selector: str) -> np.ndarray:
    """The mask of a membership selector, computed afresh (any leading batch axes kept)."""
    mask = np.zeros(pop.presidium.shape, dtype=bool)
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
    "days_away": np.int32, "travel_days": np.int32,
    "secretariat": bool, "travelling": bool, "signed": bool,
}


def _draw(chance: "Chance", games: np.ndarray, dist: Distribution, n: int, lo: float, hi: float) -> np.ndarray:
    values = dist.mean + dist.sd * chance.normal(games, n) if dist.sd > 0 else np.full((len(games), n), dist.mean)
    return np.clip(values, lo, hi)


# Columns that are the same in every game of a batch (held once, not per game).
STATIC = ("patron", "bloc")


def generate(scenario: Scenario, chance: "Chance", games: np.ndarray) -> Population:
    """Build the population of each of ``games``: named actors as written, blocs drawn.

    Every column gets a leading axis of one row per game, except the static
    ``patron`` and ``bloc``. Each game draws from its own stream, so a game's
    Central Committee does not depend on the batch it is generated in.
    """
    actors = scenario.actors
    index = {a.id: i for i, a in enumerate(actors)}
    lead = (len(games),)
    columns: dict[str, list] = {name: [] for name in Population.ARRAYS}

    for a in actors:
        for trait in TRAITS:
            columns[trait].append(getattr(a, trait))
        columns["patron"].append(index[a.patron] if a.patron else -1)
        columns["bloc"].append(-1)
        columns["presidium"].append(LEVEL[a.presidium])
        columns["secretariat"].append(a.secretariat)
        columns["cc"].append(LEVEL[a.cc])
        columns["days_away"].append(a.days_away)
        columns["travelling"].append(a.days_away > 0 and a.returning)
        columns["travel_days"].append(max(a.days_away, 1))
        columns["signed"].append(False)

    arrays = {k: np.asarray(v) if k in STATIC else np.broadcast_to(np.asarray(v), lead + (len(v),))
              for k, v in columns.items()}
    parts = [arrays]
    for b_index, bloc in enumerate(scenario.blocs):
        n = bloc.full + bloc.candidate
        if n == 0:
            continue
        shape = lead + (n,)
        part = {
            "stance": _draw(chance, games, bloc.stance, n, -1, 1),
            "conviction": _draw(chance, games, bloc.conviction, n, 0, 1),
            "caution": _draw(chance, games, bloc.caution, n, 0, 1),
            "ambition": _draw(chance, games, bloc.ambition, n, 0, 1),
            "ideology": _draw(chance, games, bloc.ideology, n, -1, 1),
            "complicity": _draw(chance, games, bloc.complicity, n, 0, 1),
            "cohesion": np.full(shape, bloc.cohesion),
            "patron": np.full(n, index[bloc.patron] if bloc.patron else -1),
            "bloc": np.full(n, b_index),
            "presidium": np.zeros(shape),
            "secretariat": np.zeros(shape, dtype=bool),
            "cc": np.broadcast_to([LEVEL["full"]] * bloc.full + [LEVEL["candidate"]] * bloc.candidate, shape),
            "signed": np.zeros(shape, dtype=bool),
            "travelling": np.zeros(shape, dtype=bool),
            "travel_days": np.full(shape, bloc.travel_days),
        }
        in_moscow = chance.uniform(games, n) < bloc.in_moscow
        part["days_away"] = np.where(in_moscow, 0, bloc.travel_days)
        parts.append(part)

    return Population(**{name: np.concatenate([np.asarray(p[name], dtype=_DTYPES.get(name, np.float64))
                                               for p in parts], axis=-1) for name in Population.ARRAYS})
