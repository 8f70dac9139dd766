"""Headless batch runs: many whole games, their outcomes and their votes."""

from .batch import SimResult, play_game, simulate

__all__ = ["SimResult", "play_game", "simulate"]
