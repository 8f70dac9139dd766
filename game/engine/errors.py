"""The engine's errors: one small family, all ``ValueError`` subclasses.

Catch :class:`EngineError` to handle any of them. An action that raises
changes nothing: the state is exactly as it was before the call.
"""

from __future__ import annotations


class EngineError(ValueError):
    """Base class of every error the rules engine raises."""


class InvalidActionError(EngineError):
    """The action is malformed: an unknown kind, side, actor, bloc or motion."""


class IllegalActionError(EngineError):
    """The action is well formed but not allowed now (wrong side, phase, cost, …)."""


class GameOverError(IllegalActionError):
    """The game has ended; no action can be applied."""


class UnknownMotionError(EngineError):
    """A forecast or query named a motion the scenario does not define."""
