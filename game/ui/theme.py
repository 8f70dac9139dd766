"""The look of the game: asset paths, palette, fonts, resolved from the package.

Paths come from this file's location, never from the working directory, so
``python main.py`` works from anywhere. Widget looks live in
``assets/theme.json``; the palette here is for what the UI draws itself
(portraits, the hemicycle, bars), and matches that theme.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONTS = ASSETS / "fonts"
THEME_PATH = ASSETS / "theme.json"
_GUI_DATA = Path(pygame_gui.__file__).resolve().parent / "data"

# Font families: a period serif for headings (DejaVu Serif, shipped in assets/
# with its licence) and Noto Sans (shipped inside pygame_gui) for body text.
# Both cover Cyrillic, so names like "Никита Сергеевич Хрущёв" render.
SERIF = {
    "regular": FONTS / "DejaVuSerif.ttf",
    "bold": FONTS / "DejaVuSerif-Bold.ttf",
    "italic": FONTS / "DejaVuSerif-Italic.ttf",
    "bold_italic": FONTS / "DejaVuSerif-BoldItalic.ttf",
}
SANS = {
    "regular": _GUI_DATA / "NotoSans-Regular.ttf",
    "bold": _GUI_DATA / "NotoSans-Bold.ttf",
    "italic": _GUI_DATA / "NotoSans-Italic.ttf",
    "bold_italic": _GUI_DATA / "NotoSans-BoldItalic.ttf",
}

# Palette: black lacquer, party red, cream paper, brass rules.
BG = pygame.Color("#110c0a")
BG_BAND = pygame.Color("#2a0e0c")
PANEL = pygame.Color("#1c1512")
PANEL_HI = pygame.Color("#2a1f1a")
EDGE = pygame.Color("#8c6d3a")
EDGE_DIM = pygame.Color("#4a3a22")
RED = pygame.Color("#a3221c")
RED_DARK = pygame.Color("#5e1410")
CREAM = pygame.Color("#efe6cf")
CREAM_DIM = pygame.Color("#b3a68a")
MUTED = pygame.Color("#7d7160")
GOLD = pygame.Color("#d4a94a")
YES = pygame.Color("#6f9e5a")
NO = pygame.Color("#b8453a")
ABSTAIN = pygame.Color("#9a8f7a")
ABSENT = pygame.Color("#4d453b")
# The two sides: index 0 is the scenario's first side (stance +1).
SIDE_COLOURS = (pygame.Color("#d0533f"), pygame.Color("#5f8fbf"))
NEUTRAL = pygame.Color("#b9ae97")


def stance_colour(stance: float) -> pygame.Color:
    """Colour for a stance in [-1, 1]: the first side's red to the second's blue."""
    s = max(-1.0, min(1.0, float(stance)))
    target = SIDE_COLOURS[0] if s >= 0 else SIDE_COLOURS[1]
    return NEUTRAL.lerp(target, min(1.0, abs(s) * 1.25))


def hex_colour(c: pygame.Color) -> str:
    return f"#{c.r:02x}{c.g:02x}{c.b:02x}"


@lru_cache(maxsize=64)
def font(family: str = "sans", size: int = 14, style: str = "regular") -> pygame.font.Font:
    """A cached pygame font: ``family`` is "serif" or "sans"."""
    paths = SERIF if family == "serif" else SANS
    return pygame.font.Font(str(paths[style]), size)


def register_fonts(manager: pygame_gui.UIManager) -> None:
    """Make "serif" known to pygame_gui and preload the fonts the theme uses."""
    manager.add_font_paths("serif", str(SERIF["regular"]), str(SERIF["bold"]),
                           str(SERIF["italic"]), str(SERIF["bold_italic"]))
    manager.preload_fonts([
        {"name": "noto_sans", "point_size": size, "style": style}
        for size in (12, 13, 14, 15, 16) for style in ("regular", "bold", "italic")
        if (size, style) != (14, "regular")   # pygame_gui's default, always loaded
    ] + [
        {"name": "serif", "point_size": size, "style": style}
        for size in (14, 15, 16, 18, 20, 24, 30, 42) for style in ("regular", "bold", "italic")
    ])


def make_manager(size: tuple[int, int]) -> pygame_gui.UIManager:
    """The one UIManager of the game, with our fonts and theme."""
    manager = pygame_gui.UIManager(size, enable_live_theme_updates=False)
    register_fonts(manager)
    manager.get_theme().load_theme(str(THEME_PATH))
    manager.rebuild_all_from_changed_theme_data()
    return manager
