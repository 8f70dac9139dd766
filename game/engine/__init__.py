"""The pure rules engine: state, actors, bodies, votes, actions, turns, events, outcome.

Imports numpy and the standard library only: never pygame, never files.
"""

from .actions import (
    ACTION_TYPES, Action, Airlift, CallVote, Choose, CollectSignatures, Court, GatherIntelligence,
    Lobby, OfferCompromise, Pass, PromisePost, Propaganda, RevealMaterial, Stall, ThreatenForce,
    UseForce, action_from_json,
)
from .errors import EngineError, GameOverError, IllegalActionError, InvalidActionError, UnknownMotionError
from .batch import GameBatch
from .game import Game, Preview
from .outcome import Degree, Fate, Outcome, Termination
from .record import Forecast, GameEvent, VoteRecord, VoterForecast
from .spec import Scenario

__all__ = [
    "ACTION_TYPES", "Action", "Airlift", "CallVote", "Choose", "CollectSignatures", "Court",
    "Degree", "EngineError", "GameBatch", "Fate", "Forecast", "Game", "GameEvent", "GameOverError",
    "GatherIntelligence", "IllegalActionError", "InvalidActionError", "Lobby", "OfferCompromise",
    "Outcome", "Pass", "Preview", "PromisePost", "Propaganda", "RevealMaterial", "Scenario", "Stall",
    "Termination", "ThreatenForce", "UnknownMotionError", "UseForce", "VoteRecord", "VoterForecast",
    "action_from_json",
]
