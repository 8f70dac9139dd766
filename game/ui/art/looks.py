"""What a person looks like: the features a scenario writes in an actor's ``looks`` table.

Every feature has a default drawn from a stable hash of the actor's id, so a
person the author did not describe still gets a plausible face of his own, the
same in every run. Pure Python: no pygame here (the drawing is ``portrait.py``).
"""

from __future__ import annotations

import hashlib
import typing
from dataclasses import dataclass, fields
from typing import Any, Mapping

from game.engine import spec


def _choices() -> dict[str, tuple[str, ...]]:
    """The words each feature may take, read from the scenario format (``spec.Looks``)."""
    hints = typing.get_type_hints(spec.Looks)
    return {name: typing.get_args(arg) for name, tp in hints.items() for arg in typing.get_args(tp)
            if typing.get_origin(arg) is typing.Literal}


CHOICES = _choices()
UNIFORMS = ("marshal", "general", "security")


@dataclass(frozen=True)
class Looks:
    """A person's drawn features (all have defaults: see :func:`looks_for`)."""

    sex: str = "man"
    age: int = 55
    build: str = "medium"
    face: str = "oval"
    skin: str = "light"
    hair: str = "dark"
    hair_style: str = "swept"
    baldness: float = 0.0        # 0 a full head of hair .. 1 bald but for a fringe
    eyebrows: str = "medium"
    glasses: str = "none"
    moustache: str = "none"
    beard: str = "none"
    clothing: str = "suit"
    medals: int = 0              # decorations on the chest (ribbons, stars)
    mole: bool = False           # a wart or mole on the cheek
    seed: int = 0                # small differences of proportion, from the id: no two faces alike


def _stream(actor_id: str):
    """Deterministic numbers in [0, 1) from the id (not Python's salted ``hash``)."""
    digest = hashlib.blake2b(actor_id.encode("utf-8"), digest_size=32).digest()
    for k in range(0, len(digest), 2):
        yield int.from_bytes(digest[k:k + 2], "big") / 65536.0


def _pick(u: float, weighted: Mapping[str, float]) -> str:
    total = sum(weighted.values())
    acc = 0.0
    for value, w in weighted.items():
        acc += w / total
        if u < acc:
            return value
    return next(reversed(weighted))


def default_looks(actor_id: str, offices: tuple[str, ...] = ()) -> Looks:
    """Plausible features for a 1950s-60s Soviet official, from a stable hash of ``actor_id``.

    An office naming a marshal or a general dresses him in that uniform.
    """
    u = list(_stream(actor_id))
    age = 42 + int(u[0] * 28)
    grey = age > 60 and u[1] < 0.6
    office = " ".join(offices).lower()
    clothing = ("marshal" if "marshal" in office else "general" if "general" in office
                else _pick(u[2], {"suit": 0.8, "tunic": 0.2}))
    return Looks(
        age=age,
        build=_pick(u[3], {"slight": 0.25, "medium": 0.45, "stout": 0.3}),
        face=_pick(u[4], {"round": 0.3, "oval": 0.3, "long": 0.2, "square": 0.2}),
        hair="grey" if grey else _pick(u[5], {"black": 0.25, "dark": 0.35, "brown": 0.3, "fair": 0.1}),
        hair_style=_pick(u[6], {"short": 0.25, "swept": 0.4, "parted": 0.25, "wavy": 0.1}),
        baldness=round(max(0.0, u[7] * 1.3 - 0.5) * (age / 60), 2) if u[7] > 0.4 else 0.0,
        eyebrows=_pick(u[8], {"thin": 0.3, "medium": 0.5, "heavy": 0.2}),
        glasses=_pick(u[9], {"none": 0.72, "round": 0.14, "rimless": 0.08, "heavy": 0.06}),
        moustache=_pick(u[10], {"none": 0.8, "trim": 0.1, "toothbrush": 0.1}),
        clothing=clothing,
        medals=int(u[11] * 8) if clothing in UNIFORMS else 0,
        seed=int(u[12] * 65536),
    )


def looks_for(actor_id: str, written: Mapping[str, Any] | None = None, offices: tuple[str, ...] = ()) -> Looks:
    """The looks of one actor: the features ``written`` in the scenario over the defaults of his id.

    ``written`` has already been validated by the scenario schema. A person
    the author described wears only what is written (no glasses, moustache,
    beard, mole or tunic by chance; a suit unless an office makes him a
    marshal or a general); his proportions, and what is left unwritten of
    age and hair, still come from his id. A woman's defaults drop the
    moustache, the beard and the baldness.
    """
    base = default_looks(actor_id, offices)
    written = dict(written or {})
    if written:
        uniform = base.clothing in UNIFORMS
        base = _replace(base, glasses="none", moustache="none", beard="none", mole=False,
                        clothing=base.clothing if uniform else "suit", medals=base.medals if uniform else 0)
    if written.get("sex") == "woman":
        base = _replace(base, sex="woman", moustache="none", beard="none", baldness=0.0, hair_style="bun",
                        clothing="dress", medals=0)
    if "clothing" in written and written["clothing"] not in UNIFORMS and "medals" not in written:
        base = _replace(base, medals=0)
    known = {f.name for f in fields(Looks)} - {"seed"}
    return _replace(base, **{k: v for k, v in written.items() if k in known})


def _replace(looks: Looks, **changes) -> Looks:
    from dataclasses import replace
    return replace(looks, **changes)
