"""Feedback in motion: numbers that glide to their new values, members who take their seats one by one.

Pure timing over numpy arrays; the scenes draw what these say. Nothing here
reads the game: a scene hands in what it shows now, and asks what to show in
this frame.
"""

from __future__ import annotations

import numpy as np

SETTLED = 0.002


class Tween:
    """Values shown on screen that glide toward their targets (exponentially, time constant ``tau``)."""

    def __init__(self, tau: float = 0.12):
        self.tau = tau
        self.value: np.ndarray | None = None
        self.target: np.ndarray | None = None

    def aim(self, target) -> None:
        """Set what the values should become; the first aim (or a change of shape) shows it at once."""
        target = np.asarray(target, dtype=float)
        if self.value is None or self.value.shape != target.shape:
            self.value = target.copy()
        self.target = target

    def step(self, dt: float) -> bool:
        """Move on by ``dt`` seconds; True while still moving."""
        if self.value is None or self.target is None:
            return False
        diff = self.target - self.value
        if not diff.size or np.abs(diff).max() < SETTLED:
            self.value = self.target.copy()
            return False
        self.value = self.value + diff * min(1.0, dt / self.tau)
        return True

    @property
    def moving(self) -> bool:
        return self.value is not None and self.target is not None and bool(
            self.value.size and np.abs(self.target - self.value).max() >= SETTLED)


class Arrivals:
    """Members who reached the capital since the last look, shown taking their seats one after another."""

    def __init__(self, seconds: float = 1.6, pulse: float = 0.35):
        self.seconds = seconds
        self.pulse_seconds = pulse
        self.present: np.ndarray | None = None
        self.when: dict[int, float] = {}     # member index -> time he is shown arriving
        self.clock = 0.0

    def look(self, present: np.ndarray) -> int:
        """Compare who is present with the last look; schedule the newcomers. Returns how many came."""
        present = np.asarray(present, dtype=bool)
        if self.present is None or self.present.shape != present.shape:
            self.present = present.copy()
            return 0
        new = np.flatnonzero(present & ~self.present)
        gone = np.flatnonzero(~present)
        for i in gone.tolist():
            self.when.pop(i, None)
        self.present = present.copy()
        if new.size:
            step = min(0.08, self.seconds / new.size)
            for k, i in enumerate(new.tolist()):
                self.when[i] = self.clock + k * step
        return int(new.size)

    def step(self, dt: float) -> bool:
        """Move the clock on; True while someone is still to arrive or his arrival still shows."""
        self.clock += dt
        done = [i for i, t in self.when.items() if self.clock > t + self.pulse_seconds]
        for i in done:
            del self.when[i]
        return bool(self.when)

    def waiting(self, i: int) -> bool:
        """Still on the way in this frame (drawn as away)."""
        return i in self.when and self.clock < self.when[i]

    def pulse(self, i: int) -> float:
        """0 .. 1 while his arrival shows (a ring that widens and fades), else 0."""
        t = self.clock - self.when.get(i, -1e9)
        return 1.0 - t / self.pulse_seconds if 0 <= t <= self.pulse_seconds else 0.0

    def progress(self) -> float:
        """Share of the scheduled arrivals already seated (1 when none is pending)."""
        if not self.when:
            return 1.0
        return sum(self.clock >= t for t in self.when.values()) / len(self.when)
