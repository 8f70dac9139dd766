"""The game's drawn art: portraits from written features, event posters, the window icon.

Everything here is generated with pygame's drawing primitives and numpy, in
the theme's palette, and cached; nothing is read from image files.
"""

from __future__ import annotations

from functools import lru_cache

from .looks import Looks, looks_for


def looks_of(actor) -> Looks:
    """The looks of a scenario actor: what its ``looks`` table writes over the defaults of its id."""
    looks = getattr(actor, "looks", None)
    written = {} if looks is None else {k: v for k, v in vars(looks).items() if v is not None}
    return _looks(actor.id, tuple(sorted(written.items())), tuple(actor.offices))


@lru_cache(maxsize=1024)
def _looks(actor_id: str, written: tuple, offices: tuple) -> Looks:
    return looks_for(actor_id, dict(written), offices)
