"""Computer players, built on the engine's public API only."""

from .forecast import ReplyForecast, reply_forecast
from .policies import HistoricalPolicy, Policy, RandomPolicy, make_policy

__all__ = ["HistoricalPolicy", "Policy", "RandomPolicy", "ReplyForecast", "make_policy", "reply_forecast"]
