"""The C heap under a long session: few malloc arenas, and freed memory given back between games.

Measured (docs/PERFORMANCE.md): the game's background work (previews, computer moves, the end's
"what if" re-simulations, saves; about 70 short threads a game, up to 6 at once) allocates its
numpy arrays in glibc's per-thread arenas, up to 8 per core. What a thread frees stays in its
arena, so over 20 games resident memory grew by 8 MB a game while the memory in use stayed flat
(about 100 MB): a heap holding 180-290 MB of free chunks, not a leak. Two arenas, and a
``malloc_trim`` when a game is left, keep it flat. Elsewhere than glibc both are no-ops.
"""

from __future__ import annotations

import ctypes
import gc

ARENAS = 2            # the main thread's and one shared by the workers (the GIL serialises them anyway)
_M_ARENA_MAX = -8     # mallopt's parameter number (glibc malloc.h)


def _libc():
    try:
        libc = ctypes.CDLL(None)          # the process's own symbols: the C library it runs on (no search)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_LIBC = _libc()


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas (as ``MALLOC_ARENA_MAX`` would); True if it took. Call before threads start."""
    return bool(_LIBC is not None and _LIBC.mallopt(_M_ARENA_MAX, arenas) == 1)


def give_back() -> bool:
    """Free what the screens just left held (their cycles too), then return the heap's free pages to the
    system (``malloc_trim``); True if any were."""
    gc.collect()
    return bool(_LIBC is not None and _LIBC.malloc_trim(0) == 1)
