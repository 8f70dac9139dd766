"""The game's sounds, synthesized with numpy: gavel, ballot, typewriter, telephone, aircraft, room tone, theme.

``python -m game.ui.synth [FOLDER]`` writes them as 16-bit mono WAV files
(``assets/sounds/`` by default); the game plays those files (``sound.py``), so
nothing is computed at startup. Every sound is a pure function of a fixed
seed: running the script again writes the same files.
"""

from __future__ import annotations

import sys
import wave
from pathlib import Path

import numpy as np

RATE = 22050


def _t(seconds: float) -> np.ndarray:
    return np.arange(int(seconds * RATE)) / RATE


def _env(n: int, attack: float, decay: float) -> np.ndarray:
    """An attack ramp then an exponential decay (time constants in seconds)."""
    t = np.arange(n) / RATE
    return np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-t / decay)


def _lowpass(x: np.ndarray, cutoff: float, order: int = 1) -> np.ndarray:
    """A low-pass filter of ``order`` poles (in the frequency domain, so it is one numpy call)."""
    spectrum = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    return np.fft.irfft(spectrum / (1 + 1j * f / cutoff) ** order, len(x))


def _bandpass(x: np.ndarray, lo: float, hi: float) -> np.ndarray:
    spectrum = np.fft.rfft(x)
    f = np.fft.rfftfreq(len(x), 1 / RATE)
    return np.fft.irfft(spectrum * ((f >= lo) & (f <= hi)), len(x))


def _place(out: np.ndarray, sound: np.ndarray, at: float, gain: float = 1.0) -> None:
    i = int(at * RATE)
    n = min(len(sound), len(out) - i)
    if n > 0:
        out[i:i + n] += gain * sound[:n]


def _knock(rng, pitch: float) -> np.ndarray:
    """A wooden knock: a damped low mode, a brighter body mode and a click of noise."""
    t = _t(0.25)
    n = len(t)
    body = np.sin(2 * np.pi * pitch * t) * np.exp(-t / 0.05) + 0.5 * np.sin(2 * np.pi * pitch * 2.7 * t) * np.exp(-t / 0.02)
    click = _bandpass(rng.standard_normal(n), 900, 4000) * _env(n, 0.0005, 0.008)
    return body + 0.6 * click


def gavel(rng) -> np.ndarray:
    out = np.zeros(int(1.1 * RATE))
    for at, pitch, gain in ((0.02, 190, 1.0), (0.38, 185, 0.9), (0.62, 195, 1.0)):
        _place(out, _knock(rng, pitch), at, gain)
    return out


def ballot(rng) -> np.ndarray:
    """A paper slip slid into a box: a short swish and a soft drop."""
    n = int(0.32 * RATE)
    t = np.arange(n) / RATE
    swish = _bandpass(rng.standard_normal(n), 1500, 7000) * np.exp(-((t - 0.07) / 0.04) ** 2)
    drop = np.sin(2 * np.pi * 120 * t) * np.exp(-np.maximum(0, t - 0.16) / 0.03) * (t > 0.16)
    return 0.5 * swish + 0.5 * drop


def typewriter(rng) -> np.ndarray:
    """Keys struck at a typist's uneven pace, then the carriage bell."""
    out = np.zeros(int(1.6 * RATE))
    at = 0.02
    while at < 1.15:
        n = int(0.04 * RATE)
        clack = _bandpass(rng.standard_normal(n), 1200, 6000) * _env(n, 0.0003, 0.006)
        clack += 0.6 * np.sin(2 * np.pi * rng.uniform(300, 420) * np.arange(n) / RATE) * _env(n, 0.0005, 0.01)
        _place(out, clack, at, rng.uniform(0.6, 1.0))
        at += rng.uniform(0.06, 0.16)
    t = _t(0.4)
    bell = (np.sin(2 * np.pi * 2093 * t) + 0.4 * np.sin(2 * np.pi * 5230 * t)) * _env(len(t), 0.001, 0.12)
    _place(out, bell, 1.2, 0.45)
    return out


def telephone(rng) -> np.ndarray:
    """An electromechanical bell: two gongs struck twenty times a second, twice."""
    out = np.zeros(int(2.6 * RATE))
    t = _t(1.0)
    strikes = 0.5 + 0.5 * np.sign(np.sin(2 * np.pi * 20 * t))
    tone = np.sin(2 * np.pi * 1760 * t) + 0.8 * np.sin(2 * np.pi * 2230 * t) + 0.3 * np.sin(2 * np.pi * 4400 * t)
    ring = _lowpass(strikes, 60) * tone * np.minimum(1, t / 0.01) * np.minimum(1, (1.0 - t) / 0.05)
    _place(out, ring, 0.0)
    _place(out, ring, 1.5)
    return out


def aircraft(rng) -> np.ndarray:
    """A piston airliner passing over: a propeller drone that swells, drops in pitch, and fades."""
    seconds = 4.0
    t = _t(seconds)
    pitch = 92 - 18 / (1 + np.exp(-(t - 2.0) * 3))          # the Doppler drop as it passes
    phase = 2 * np.pi * np.cumsum(pitch) / RATE
    drone = sum(np.sin(k * phase) / k ** 0.8 for k in range(1, 12))
    drone *= 1 + 0.3 * np.sin(2 * np.pi * 6.5 * t)            # the propellers beat
    drone = _lowpass(drone, 900, 2)
    wind = _lowpass(rng.standard_normal(len(t)), 400, 3)
    loud = np.exp(-((t - 2.0) / 1.1) ** 2)
    return (drone / np.abs(drone).max() + 0.3 * wind / np.abs(wind).max()) * loud


def room_tone(rng) -> np.ndarray:
    """A large hall at rest: a low rumble and a distant murmur; the ends cross-faded so it loops."""
    seconds, fade = 6.0, 0.5
    n, m = int(seconds * RATE), int(fade * RATE)
    rumble = _lowpass(rng.standard_normal(n + m), 90, 3)
    murmur = _bandpass(rng.standard_normal(n + m), 250, 900)
    murmur *= 0.5 + 0.5 * _lowpass(rng.standard_normal(n + m), 2, 2) / 0.04
    x = rumble / np.abs(rumble).max() + 0.25 * murmur / np.abs(murmur).max()
    ramp = np.linspace(0, 1, m)
    x[:m] = x[:m] * ramp + x[n:] * (1 - ramp)
    return x[:n]


# The theme: a slow march in D minor (MIDI note numbers, durations in beats).
MELODY = [(62, 1), (65, 1), (69, 2), (67, 1), (65, 1), (64, 2), (62, 1), (64, 1), (65, 1), (67, 1), (69, 3),
          (None, 1), (70, 1), (69, 1), (67, 2), (65, 1), (64, 1), (62, 2), (61, 1), (64, 1), (62, 4)]
BASS = [(38, 4), (41, 4), (43, 4), (45, 4), (46, 4), (43, 4), (45, 4), (38, 4)]
BEAT = 0.52


def _voice(freq: float, seconds: float, bright: float) -> np.ndarray:
    """A brass-like note: harmonics weighted by ``bright``, a swell and a release."""
    t = _t(seconds)
    tone = sum(np.sin(2 * np.pi * freq * k * t) * bright ** (k - 1) for k in range(1, 8))
    env = np.minimum(1, t / 0.06) * np.minimum(1, (seconds - t) / 0.12) * (0.85 + 0.15 * np.exp(-t / 0.3))
    return tone * np.clip(env, 0, None)


def theme(rng) -> np.ndarray:
    total = sum(d for _, d in MELODY) * BEAT + 1.5
    out = np.zeros(int(total * RATE))
    at = 0.0
    for note, beats in MELODY:
        if note is not None:
            _place(out, _voice(440 * 2 ** ((note - 69) / 12), beats * BEAT, 0.55), at, 0.5)
        at += beats * BEAT
    at = 0.0
    for note, beats in BASS:
        f = 440 * 2 ** ((note - 69) / 12)
        _place(out, _voice(f, beats * BEAT, 0.35), at, 0.35)
        _place(out, _voice(f * 1.5, beats * BEAT, 0.3), at, 0.12)     # an open fifth above
        for b in range(beats):                                          # a muffled drum on each beat
            _place(out, _knock(rng, 70) * 0.5, at + b * BEAT, 0.5 if b % 2 == 0 else 0.25)
        at += beats * BEAT
    return _lowpass(out, 3500)


SOUNDS = {"gavel": gavel, "ballot": ballot, "typewriter": typewriter, "telephone": telephone,
          "aircraft": aircraft, "room_tone": room_tone, "theme": theme}


def render(name: str) -> np.ndarray:
    """One sound as 16-bit samples at :data:`RATE`, peak at 90% of full scale."""
    x = SOUNDS[name](np.random.default_rng(1957))
    peak = np.abs(x).max() or 1.0
    return np.round(x / peak * 0.9 * 32767).astype(np.int16)


def write(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in SOUNDS:
        path = folder / f"{name}.wav"
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(render(name).tobytes())
        paths.append(path)
    return paths


if __name__ == "__main__":
    from .theme import ASSETS
    for p in write(Path(sys.argv[1]) if len(sys.argv) > 1 else ASSETS / "sounds"):
        print(p)
