"""Sound: the shipped files come from the synthesizer, play on the dummy driver, and fail silently without a device."""

import wave

import numpy as np
import pygame
import pytest

from game.ui import persistence, synth
from game.ui.scenes.menus import SettingsScene
from game.ui.sound import SOUNDS_DIR, SoundBoard

from .conftest import pump
from .test_scenes import buttons, press


@pytest.mark.parametrize("name", list(synth.SOUNDS))
def test_each_sound_is_shipped_as_the_synthesizer_writes_it(name):
    with wave.open(str(SOUNDS_DIR / f"{name}.wav"), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, synth.RATE)
        shipped = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(int)
    made = synth.render(name).astype(int)
    assert len(made) == len(shipped)
    assert np.abs(made - shipped).max() <= 2          # the same, up to float rounding on another machine
    assert np.abs(shipped).max() > 20000 and np.sqrt((shipped.astype(float) ** 2).mean()) > 1000
    assert (SOUNDS_DIR / "LICENSE.md").read_text().count(f"`{name}.wav`") == 1


def test_the_board_plays_on_the_dummy_driver_and_follows_volume_and_mute():
    settings = {"volume": 0.7, "mute": False}
    board = SoundBoard(settings)
    assert board.ready() and not board.problem
    board.play("gavel")
    board.music("room_tone", loop=True)
    board.music("room_tone", loop=True)                # already the background track: not restarted
    assert board.played == ["gavel", "room_tone"]
    settings["mute"] = True
    board.play("ballot")
    board.apply_volume()
    assert board.played == ["gavel", "room_tone"]
    settings.update(mute=False, volume=0.0)
    board.play("ballot")
    assert board.played == ["gavel", "room_tone"]


def test_no_audio_device_means_silence_not_a_crash_nor_a_warning(monkeypatch, capfd):
    def no_device(*args, **kwargs):
        raise pygame.error("No available audio device")
    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", no_device)
    board = SoundBoard({"volume": 1.0})
    board.play("gavel")
    board.music("theme")
    board.apply_volume()
    assert board.ok is False and board.played == []
    assert board.problem == "no audio device: the game is silent" and "No available audio device" in board.detail
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_settings_set_the_volume_and_mute_and_keep_them(app):
    app.push(SettingsScene(app))
    pump(app)
    press(app, buttons(app.scene)["Loud"])
    assert app.settings["volume"] == 1.0 and persistence.load_settings()["volume"] == 1.0
    assert app.sound.played[-1] == "gavel"             # a sample at the new level
    press(app, buttons(app.scene)["Mute  [M]"])
    assert app.settings["mute"] is True and persistence.load_settings()["mute"] is True
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=0, unicode="m", scancode=0))
    pump(app, 2)
    assert persistence.load_settings()["mute"] is False


@pytest.mark.parametrize("value", [-0.1, 1.5, "loud", True, float("nan")])
def test_a_bad_volume_in_the_settings_file_is_named_and_replaced(value):
    settings, problems = persistence.check_settings({"volume": value, "mute": "yes"})
    assert settings["volume"] == persistence.DEFAULT_SETTINGS["volume"] and settings["mute"] is False
    assert any(p.startswith("volume:") and "a volume from 0 to 1" in p for p in problems)
    assert any(p.startswith("mute:") and "true or false" in p for p in problems)
