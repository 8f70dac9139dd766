"""Scenario data → validated engine state: schema (pydantic), loader, errors."""

from .errors import Problem, ScenarioError
from .loader import find_scenario, load_scenario, scenario_files, validate_file

__all__ = ["Problem", "ScenarioError", "find_scenario", "load_scenario", "scenario_files", "validate_file"]
