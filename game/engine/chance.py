"""Chance: one counter-based random stream per game.

Every game of a batch draws from its own stream, keyed by its seed: the
``n``-th number a game draws is a hash of (its key, ``n``), whatever the
other games of the batch do. So game ``k`` of any batch is exactly the game
``Game.new(scenario, seed_k)`` plays alone with the same actions, and a
position's chance is two integers (key, counter), easy to save.

The hash is splitmix64's finaliser (Steele, Lea and Flood 2014), applied to
the pre-mixed key plus the counter: integer arithmetic only, so the same
seed gives the same numbers on any machine.
"""

from __future__ import annotations

import math

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30, _S27, _S31, _S11 = np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(11)
_UNIT = 2.0 ** -53

MAX_SEED = 2 ** 63   # seeds are integers in [0, 2^63)
_CHUNK = 1 << 16     # draws hashed at a time (see _unit)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser, in place (``z`` is a fresh array of the caller's; one scratch array for the shifts)."""
    t = z >> _S30
    z ^= t
    z *= _M1
    z ^= np.right_shift(z, _S27, out=t)
    z *= _M2
    z ^= np.right_shift(z, _S31, out=t)
    return z


def _unit(z: np.ndarray) -> np.ndarray:
    """Uniforms in [0, 1) from the hashes of the fresh counters ``z`` (C-contiguous; 53 bits each). Many are
    hashed a chunk at a time, so that each chunk's passes stay in the core's cache."""
    out = np.empty(z.shape)
    z, flat_out = flat(z), flat(out)
    for i in range(0, z.size, _CHUNK):
        part, dest = _mix(z[i:i + _CHUNK]), flat_out[i:i + _CHUNK]
        part >>= _S11
        dest[...] = part.view(np.int64)         # (below 2^53: as exact, and numpy converts signed faster)
        dest *= _UNIT
    return out


_STEPS = np.zeros(0, dtype=np.uint64)   # _steps' first numbers, kept (up to a million)


def _steps(n: int) -> np.ndarray:
    """``j * golden`` (mod 2^64) for j below ``n``: the step from a stream's first draw to its j-th (read-only)."""
    global _STEPS
    if n > _STEPS.size:
        steps = np.arange(max(n, 2 * _STEPS.size), dtype=np.uint64) * _GOLDEN
        if steps.size > 1 << 20:
            return steps[:n]
        _STEPS = steps
        _STEPS.flags.writeable = False
    return _STEPS[:n]


def key_of(seeds) -> np.ndarray:
    """The stream key of each seed (pre-mixed, so nearby seeds give unrelated streams)."""
    with np.errstate(over="ignore"):
        return _mix(np.asarray(seeds, dtype=np.uint64) * _GOLDEN + _GOLDEN)


def cells(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of the set cells of a 2-D mask, row-major: ``np.nonzero``, several times faster."""
    at = np.flatnonzero(mask)
    rows = np.repeat(np.arange(mask.shape[0]), counts(mask))
    return rows, at - rows * mask.shape[1]


def counts(mask: np.ndarray) -> np.ndarray:
    """Set cells in each row (last axis) of a bool mask, as int64: a byte sum (in 8 or 16 bits while a row's count
    fits), about 4x numpy's bool ``sum``."""
    wide = np.uint8 if mask.shape[-1] < 1 << 8 else np.uint16 if mask.shape[-1] < 1 << 16 else np.uint32
    return mask.view(np.uint8).sum(axis=-1, dtype=wide).astype(np.int64)


_ONES, _HIGH, _S7, _S56 = np.uint64(0x0101010101010101), np.uint64(0x8080808080808080), np.uint64(7), np.uint64(56)


def pick(mask: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row ``i`` of a 2-D bool mask: its set cells, and the column of the ``floor(u[i] * count)``-th of them
    (of no meaning in a row with none). Without ``np.nonzero``'s pass over every cell: each 8 cells are one word,
    whose product by 0x0101... holds in its byte ``b`` the set cells among its first ``b + 1``."""
    n, width = mask.shape
    words = np.empty((n, -(-width // 8)), dtype=np.uint64)
    cells = words.view(np.uint8)
    cells[:, width:] = 0
    cells[:, :width] = mask.view(np.uint8)
    sums = words * _ONES
    so_far = (sums >> _S56).T.astype(np.int32, order="C")   # (words, rows): set cells up to each word's end
    for w in range(1, len(so_far)):
        so_far[w] += so_far[w - 1]
    count = so_far[-1]
    j = (u * count).astype(np.int32)
    w = (so_far <= j).view(np.uint8).sum(axis=0, dtype=np.int32)     # the word of the j-th
    np.minimum(w, len(so_far) - 1, out=w)
    at = w * n + np.arange(n)
    r = (j - np.where(w > 0, flat(so_far)[at - n], 0)).astype(np.uint64)   # it is the word's r-th (from 0)
    above = ((flat(sums)[np.arange(n) * sums.shape[1] + w] | _HIGH) - (r + np.uint64(1)) * _ONES) & _HIGH
    return count, 8 * w + 8 - ((above >> _S7) * _ONES >> _S56).astype(np.int64)    # (above: bytes summing over r)


def runs(first: np.ndarray, count: np.ndarray) -> np.ndarray:
    """``first[i], first[i] + 1, ...`` (``count[i]`` numbers) for each i in turn."""
    start = np.cumsum(count) - count
    return np.arange(int(count.sum())) + np.repeat(first - start, count)


def distinct(a: np.ndarray) -> np.ndarray:
    """The distinct values of a 1-D array, in order: ``np.unique``, which imports numpy.ma on first use."""
    a = np.sort(a)
    return a[np.concatenate(([True], a[1:] != a[:-1]))] if a.size else a


def as_run(cols: np.ndarray) -> slice | np.ndarray:
    """``cols`` as a slice if they are a run (``first, first + 1, ...``), which numpy reads as a view, row by row and
    several times faster than cell by cell; else ``cols`` themselves."""
    if cols.size and cols[-1] - cols[0] == cols.size - 1 and (cols[1:] - cols[:-1] == 1).all():
        return slice(int(cols[0]), int(cols[-1]) + 1)
    return cols


def grid(games: np.ndarray, cols: np.ndarray) -> tuple:
    """The index of the cells (``games`` x ``cols``) of a (games, people) array (a run of columns, as the voter
    columns of a body usually are, as a slice: :func:`as_run`)."""
    run = as_run(cols)
    return (games, run) if isinstance(run, slice) else (games[:, None], cols)


def flat(a: np.ndarray) -> np.ndarray:
    """A 1-D view of a C-contiguous array (raises rather than copy, so writes through it are never lost)."""
    out = a.view()
    out.shape = (a.size,)
    return out


class Chance:
    """The streams of a batch of games: a key and a draw counter per game."""

    def __init__(self, seeds: np.ndarray):
        self.key = key_of(seeds)
        self.counter = np.zeros(len(self.key), dtype=np.uint64)

    def uniform(self, games: np.ndarray, width: int = 1) -> np.ndarray:
        """``(len(games), width)`` uniforms in [0, 1); each game's counter moves on ``width``. (The transpose of
        a contiguous ``(width, len(games))``: arithmetic on a few draws of many games runs over long rows.)"""
        start = self.counter[games]
        self.counter[games] = start + np.uint64(width)
        # Draw start + j hashes key + (start + j) * golden (mod 2^64): one sum of a column and a row.
        z = np.add.outer(_steps(width), self.key[games] + start * _GOLDEN)
        return _unit(z).T

    def skip(self, games: np.ndarray, width: int) -> None:
        """Move each game's counter on ``width`` draws without drawing them."""
        self.counter[games] += np.uint64(width)

    def one(self, games: np.ndarray) -> np.ndarray:
        """One uniform per game."""
        return self.uniform(games, 1)[:, 0]

    def normal(self, games: np.ndarray, width: int = 1) -> np.ndarray:
        """``(len(games), width)`` standard normals: Box–Muller, both of each pair used (``width`` uniforms, rounded up to even)."""
        half = (width + 1) // 2
        u = self.uniform(games, 2 * half).T         # (draws, games), contiguous
        r, turn = u[:half], u[half:]                 # in place: r = sqrt(-2 log(1 - u)); the angle is 2 pi turn
        np.sqrt(np.log(np.subtract(1.0, r, out=r), out=r).__imul__(-2.0), out=r)
        cos = turn * (2.0 * np.pi)
        np.cos(cos, out=cos)
        # The sine from the cosine, its sign from the half turn: numpy's float64 sin costs as much as its cos
        # (about 45 ns an element here), a square root twenty times less; both are exact IEEE operations.
        sign = 1.0 - 2.0 * (turn > 0.5)              # the sign of 0.5 - turn, as a factor of +-1 (exact; numpy's
        sin = np.sqrt(np.multiply(np.subtract(1.0, cos), np.add(1.0, cos, out=turn), out=turn), out=turn)
        sin *= sign                                  # copysign is not vectorised)
        sin *= r                                     # in turn's place; r last
        np.multiply(cos, r, out=r)
        return u[:width].T

    def draws(self, games: np.ndarray, count: np.ndarray, per: int = 1) -> np.ndarray:
        """``per`` uniforms for each of ``count[i]`` cells of game ``games[i]``, game by game and cell by cell:
        shape (per, cells). Each game draws ``per * count[i]`` numbers, so what it draws depends on nothing but
        its own state."""
        return _unit(self._counters(games, count, per))

    def _counters(self, games: np.ndarray, count: np.ndarray, per: int) -> np.ndarray:
        """The counters (pre-mixed with the key) of :meth:`draws`, moving each game's on."""
        # The i-th cell is its game's (i - first[game])-th: it draws number
        # start[game] + per * (i - first[game]) + j, that is (start - per * first)[game] + per * i + j (mod 2^64).
        first = (np.cumsum(count) - count).astype(np.uint64)
        start = self.counter[games]
        self.counter[games] = start + np.uint64(per) * count.astype(np.uint64)
        row_base = self.key[games] + (start - np.uint64(per) * first) * _GOLDEN
        n = int(count.sum())
        return np.add(_steps(n * per).reshape(n, per).T, np.repeat(row_base, count),
                      out=np.empty((per, n), dtype=np.uint64))

    def below(self, games: np.ndarray, mask: np.ndarray, bound: float) -> tuple:
        """:meth:`_where` with one draw a cell, of which only those below ``bound`` are made uniforms: (the set
        cells in each row, their flat indices, which of them drew below ``bound``, what they drew). A hash
        alone tells whether its uniform is below the bound, so the others are never converted."""
        count = counts(mask)
        z = self._counters(games, count, 1)[0]
        for i in range(0, z.size, _CHUNK):
            _mix(z[i:i + _CHUNK])
        # u = (z >> 11) 2^-53 < bound exactly when z >> 11 < ceil(bound 2^53), that is z < ceil(bound 2^53) 2^11
        top = np.uint64(math.ceil(max(bound, 0.0) * 2.0 ** 53)) << _S11 if bound < 1 else None
        hit = np.flatnonzero(z < top) if top is not None else np.arange(z.size)
        u = (z[hit] >> _S11).view(np.int64) * _UNIT
        return count, np.flatnonzero(mask), hit, u

    def _where(self, games: np.ndarray, mask: np.ndarray, per: int) -> tuple:
        """:meth:`draws` for each set cell of ``mask`` (``(len(games), W)``), in column order: (its set cells in
        each row, their flat indices, the uniforms)."""
        count = counts(mask)
        return count, np.flatnonzero(mask), self.draws(games, count, per)

    def uniform_where(self, games: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Uniforms where ``mask`` (``(len(games), W)``) is set, 1.0 elsewhere (see :meth:`_where`)."""
        _, at, u = self._where(games, mask, 1)
        out = np.ones(mask.shape)
        flat(out)[at] = u[0]
        return out

    def take(self, games: np.ndarray) -> "Chance":
        """The streams of ``games`` as a new, independent :class:`Chance`."""
        out = Chance.__new__(Chance)
        out.key = self.key[games].copy()
        out.counter = self.counter[games].copy()
        return out
