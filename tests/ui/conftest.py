"""UI test fixtures: a headless window (SDL dummy driver, set in tests/conftest.py),
a private data directory for saves, and fast pacing."""

import pytest



@pytest.fixture(autouse=True)
def private_home(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTI_PARTY_GROUP_HOME", str(tmp_path / "home"))
    # The dummy audio driver, again: importing pettingzoo (tests/test_env.py) sets SDL_AUDIODRIVER=dsp.
    monkeypatch.setenv("SDL_AUDIODRIVER", "dummy")
    return tmp_path / "home"


FAST = {"computer_delay": 0.0, "ballot_delay": 0.01, "fullscreen": False}


@pytest.fixture
def app():
    import pygame
    from game.ui.app import App
    a = App(size=(1280, 720), fixed_dt=1 / 60, settings=dict(FAST), fullscreen=False)
    yield a
    pygame.display.quit()


@pytest.fixture(scope="session")
def finished_1957():
    """A whole historical game of 1957 (for the vote, end and epilogue scenes)."""
    from game.ui.session import Session
    s = Session.computer_vs_computer("1957", "historical", seed=7)
    s.autosave = False
    while not s.game.is_over():
        s.computer_step()
    return s


def pump(app, frames=3):
    for _ in range(frames):
        app.step(1 / 60)
