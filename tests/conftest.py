"""Test setup: headless SDL for any test that touches the UI, and shared fixtures."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pytest  # noqa: E402

import game  # noqa: E402


@pytest.fixture(scope="session")
def s1957():
    return game.load_scenario("1957")


@pytest.fixture
def g1957(s1957):
    return game.new_game(s1957, seed=7)
