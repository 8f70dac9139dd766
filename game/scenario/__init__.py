"""Scenario data → validated engine state: schema (pydantic), loader, errors.

The loader (and with it pydantic) is imported on first use of one of its
names, so ``import game`` and ``import game.engine`` stay light.
"""

from .errors import Problem, ScenarioError

_LOADER_NAMES = ("find_scenario", "load_scenario", "scenario_files", "validate_file")


def __getattr__(name: str):
    if name in _LOADER_NAMES:
        from . import loader
        return getattr(loader, name)
    raise AttributeError(f"module 'game.scenario' has no attribute {name!r}")


__all__ = ["Problem", "ScenarioError", *_LOADER_NAMES]
