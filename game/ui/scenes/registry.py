"""Every scene by name: the one module that imports the scene modules.

``App`` looks names up here (``app.push("vote", session, event)``), so scenes
reach one another through the app and never import each other.
"""

from __future__ import annotations

from ..scene import Scene
from .board import BoardScene
from .dialogs import DecisionScene, DossierScene, HandoverScene, HelpScene, LogScene, PauseScene
from .ending import EpilogueScene, OutcomeScene
from .menus import LoadScene, NotesScene, SettingsScene, TitleScene
from .confirm import ConfirmScene, SaveScene
from .lesson import LessonScene
from .reference import EncyclopediaScene, RulesScene
from .setup import BriefingScene, SetupScene
from .summary import SummaryScene
from .vote import VoteScene

_ALL: tuple[type[Scene], ...] = (
    TitleScene, SettingsScene, LoadScene, NotesScene,
    SetupScene, BriefingScene,
    BoardScene, VoteScene, DecisionScene, HandoverScene,
    HelpScene, PauseScene, LogScene, DossierScene,
    OutcomeScene, EpilogueScene, SummaryScene, RulesScene, EncyclopediaScene, LessonScene, ConfirmScene, SaveScene,
)

SCENES: dict[str, type[Scene]] = {cls.name: cls for cls in _ALL}
assert len(SCENES) == len(_ALL), "two scenes share a name"
