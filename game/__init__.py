"""Anti-Party Group: a political simulation of Kremlin leadership crises.

    import game
    scenario = game.load_scenario("1957")
    g = game.new_game(scenario, seed=7)
    g.legal_actions(); g.apply(action); g.forecast("remove_khrushchev", side="group"); g.outcome()
    game.simulate("1957", runs=1000); game.study("studies/1957_zhukov_tipping.toml")
"""

from .engine import (
    Action, Degree, EngineError, Forecast, Game, GameBatch, GameEvent, IllegalActionError, InvalidActionError,
    Outcome, Termination, VoteRecord,
)
from .engine.spec import Scenario
from .scenario.errors import Problem, ScenarioError

__version__ = "0.1.0"


def load_scenario(source, overrides=None):
    """A scenario by id, alias or path (see :func:`game.scenario.loader.load_scenario`).

    The loader (and pydantic) is imported on first use, so ``import game.engine`` stays light.
    """
    from .scenario.loader import load_scenario as _load
    return _load(source, overrides)


def new_game(scenario: Scenario | str, seed: int = 0) -> Game:
    """Start a game; ``scenario`` is a loaded Scenario or anything ``load_scenario`` takes."""
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario)
    return Game.new(scenario, seed=seed)


def simulate(scenario, runs: int = 100, policies="historical", seed: int = 0, overrides=None, **kwargs):
    """Play ``runs`` whole games headless; see :func:`game.sim.simulate`."""
    from .sim import simulate as _simulate
    return _simulate(scenario, runs=runs, policies=policies, seed=seed, overrides=overrides, **kwargs)


def study(source, **kwargs):
    """Run a study (a file, or its fields as a dict): many variants x many games; see :func:`game.studies.study`."""
    from .studies import study as _study
    return _study(source, **kwargs)


__all__ = [
    "Action", "Degree", "EngineError", "Forecast", "Game", "GameBatch", "GameEvent", "IllegalActionError",
    "InvalidActionError", "Outcome", "Problem", "Scenario", "ScenarioError", "Termination",
    "VoteRecord", "load_scenario", "new_game", "simulate", "study",
]
