"""Computer players, built on the engine's public API only."""

from .policies import HistoricalPolicy, Policy, RandomPolicy, make_policy

__all__ = ["HistoricalPolicy", "Policy", "RandomPolicy", "make_policy"]
