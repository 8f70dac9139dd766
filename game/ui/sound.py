"""Sound: the synthesized files in ``assets/sounds/`` (see ``synth.py``), played through pygame.mixer.

The mixer is opened on the first sound, not at startup. With no audio device
(or no SDL_mixer) the game is silent: :attr:`SoundBoard.problem` says why,
once, in Settings; nothing is printed (the audio back ends' own complaints on
stderr are silenced while the device is opened). The dummy driver used by the
tests opens and plays like a real one. The volume and mute come from the
settings, read at each play, so changing them in Settings applies at once.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

import pygame

from .theme import ASSETS

SOUNDS_DIR = ASSETS / "sounds"
# Each sound's level under the master volume: the room tone stays in the background.
LEVEL = {"room_tone": 0.22, "theme": 0.55, "aircraft": 0.7, "telephone": 0.45, "typewriter": 0.6,
         "gavel": 0.8, "ballot": 0.55}
MUSIC_FADE_MS = 700


@contextmanager
def _quiet_stderr():
    """Send file descriptor 2 to the null device for a moment (ALSA and others write there directly)."""
    try:
        fd = sys.__stderr__.fileno()
        sys.__stderr__.flush()
        saved = os.dup(fd)
    except (AttributeError, OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)


class SoundBoard:
    """The game's sounds: ``play`` a one-shot, ``music`` for the one background track."""

    def __init__(self, settings: dict):
        self.settings = settings
        self.ok: bool | None = None       # None: the mixer not tried yet
        self.problem = ""                 # what the player is told in Settings, in a few words
        self.detail = ""                  # the error behind it
        self._sounds: dict[str, pygame.mixer.Sound | None] = {}
        self.music_name: str | None = None
        self._music_channel = 0           # the background track alternates between channels 0 and 1 to cross-fade
        self.played: list[str] = []       # names of the sounds started, in order (tests and the bench read it)

    # ---------------------------------------------------------------- device
    def ready(self) -> bool:
        """Open the mixer once; False (and ``problem`` set) if there is no way to play sound."""
        if self.ok is None:
            try:
                if not pygame.mixer.get_init():
                    with _quiet_stderr():
                        pygame.mixer.init(frequency=22050, size=-16, channels=2, buffer=1024)
                pygame.mixer.set_reserved(2)
                self.ok = True
            except (pygame.error, NotImplementedError, OSError) as exc:
                self.ok = False
                self.problem = "no audio device: the game is silent"
                self.detail = str(exc)
        return self.ok

    def volume(self) -> float:
        if self.settings.get("mute"):
            return 0.0
        return float(self.settings.get("volume", 0.7))

    def _sound(self, name: str):
        if name not in self._sounds:
            try:
                self._sounds[name] = pygame.mixer.Sound(str(SOUNDS_DIR / f"{name}.wav"))
            except (pygame.error, FileNotFoundError, OSError) as exc:
                self._sounds[name] = None
                self.problem, self.detail = f"{name}.wav is missing or unreadable", str(exc)
        return self._sounds[name]

    # ---------------------------------------------------------------- playing
    def play(self, name: str, gain: float = 1.0, maxtime: int = 0) -> None:
        """Play ``name`` once (``maxtime`` ms at most; 0: all of it), unless muted or silent."""
        volume = self.volume() * gain * LEVEL.get(name, 0.6)
        if volume <= 0 or not self.ready():
            return
        sound = self._sound(name)
        if sound is None:
            return
        channel = pygame.mixer.find_channel(True)     # all busy: the oldest one-shot gives way
        if channel is not None:
            channel.play(sound, maxtime=maxtime)
            channel.set_volume(min(1.0, volume))
            self.played.append(name)

    def music(self, name: str | None, loop: bool = False) -> None:
        """Make ``name`` the background track (the theme, the room tone), fading out the one before."""
        if name == self.music_name and (name is None or self._music_busy()):
            return
        self.music_name = name
        if not self.ready():
            return
        pygame.mixer.Channel(self._music_channel).fadeout(MUSIC_FADE_MS)
        sound = self._sound(name) if name else None
        if sound is None:
            return
        self._music_channel = 1 - self._music_channel
        channel = pygame.mixer.Channel(self._music_channel)
        channel.play(sound, loops=-1 if loop else 0, fade_ms=MUSIC_FADE_MS)
        channel.set_volume(self.volume() * LEVEL.get(name, 0.6))
        self.played.append(name)

    def _music_busy(self) -> bool:
        return bool(self.ok) and pygame.mixer.Channel(self._music_channel).get_busy()

    def apply_volume(self) -> None:
        """After the volume or mute changed: the background track follows at once."""
        if self.ok and self.music_name:
            pygame.mixer.Channel(self._music_channel).set_volume(self.volume() * LEVEL.get(self.music_name, 0.6))
