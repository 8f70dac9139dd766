"""The look of the game: asset paths, palette, fonts, resolved from the package.

Paths come from this file's location, never from the working directory, so
``python main.py`` works from anywhere. Widget looks live in
``assets/theme.json``; the palette here is for what the UI draws itself
(portraits, the hemicycle, bars), and matches that theme.
"""

from __future__ import annotations

import copy
import json
import warnings
from functools import lru_cache
from pathlib import Path

import pygame
import pygame_gui

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FONTS = ASSETS / "fonts"
THEME_PATH = ASSETS / "theme.json"
_GUI_DATA = Path(pygame_gui.__file__).resolve().parent / "data"

# Layout metrics. Everything is laid out for the base window (1280×720) and
# scaled with the window: fonts, paddings and fixed sizes by ``px``; panels
# also take shares of the window. Below the minimum the window is not allowed.
BASE_SIZE = (1280, 720)
MIN_SIZE = BASE_SIZE
MAX_SCALE = 4.0
_scale = 1.0


def scale_for(size) -> float:
    """The UI scale of a window of ``size``: 1 at 1280×720, 1.5 at 1920×1080, 2 at 2560×1440."""
    w, h = size
    return max(1.0, min(MAX_SCALE, w / BASE_SIZE[0], h / BASE_SIZE[1]))


def set_scale(size) -> bool:
    """Scale the UI for a window of ``size``; whether the scale changed."""
    global _scale
    new = scale_for(size)
    changed = abs(new - _scale) > 1e-9
    _scale = new
    return changed


def scale() -> float:
    return _scale


def px(v: float) -> int:
    """``v`` pixels of the base layout at the current scale."""
    return int(round(v * _scale))


# One type family per role (assets/theme.json follows the same rule, and the
# layout test checks it): serif for what is read as print, sans for what is used.
ROLES = {
    "heading": "serif",   # titles, headings, panel titles, dialog kickers, verdicts, big figures
    "prose": "serif",     # narrative paper: briefing, events, notes, dossier, epilogue
    "control": "sans",    # every button, tab, list, drop-down, entry and tooltip
    "data": "sans",       # labels, names and numbers on the board, the log, captions, toasts
}
FAMILY_NAMES = {"serif": "serif", "sans": "noto_sans"}   # our families as pygame_gui knows them

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


def font(family: str = "sans", size: int = 14, style: str = "regular") -> pygame.font.Font:
    """The font of ``family`` ("serif" or "sans") at ``size`` pixels of the base layout, scaled."""
    return _font(family, max(6, int(size * _scale)), style)


@lru_cache(maxsize=128)
def _font(family: str, size: int, style: str) -> pygame.font.Font:
    paths = SERIF if family == "serif" else SANS
    return pygame.font.Font(str(paths[style]), size)


def clear_fonts() -> None:
    """Forget loaded fonts (those of an earlier pygame session are dead)."""
    _font.cache_clear()


@lru_cache(maxsize=1)
def _theme_data() -> dict:
    return json.loads(THEME_PATH.read_text(encoding="utf-8"))


_SCALED_MISC = ("list_item_height", "rect_width", "text_horiz_alignment_padding")


def theme_data(factor: float | None = None) -> dict:
    """assets/theme.json with its font sizes, paddings and item heights scaled by ``factor`` (the UI scale)."""
    factor = _scale if factor is None else factor
    data = copy.deepcopy(_theme_data())
    for block in data.values():
        if "font" in block and "size" in block["font"]:
            block["font"]["size"] = str(max(6, int(int(block["font"]["size"]) * factor)))
        misc = block.get("misc", {})
        for key in _SCALED_MISC:
            if key in misc:
                misc[key] = str(round(int(misc[key]) * factor))
        if "padding" in misc:
            misc["padding"] = ",".join(str(round(int(v) * factor)) for v in misc["padding"].split(","))
    return data


def quiet_font_loading(manager: pygame_gui.UIManager) -> None:
    """pygame_gui warns when it loads a font size on first use; here that is by design (sizes follow the
    window, and preloading every size would slow the launch), so its warning is silenced."""
    fonts = manager.get_theme().get_font_dictionary()
    find = fonts.find_font_resource

    def quiet(*args, **kwargs):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Finding font with id", category=UserWarning)
            return find(*args, **kwargs)
    fonts.find_font_resource = quiet


def html_heading(s: str, size: int = 18) -> str:
    """A serif heading inside a text box, at ``size`` base pixels (scaled); ``s`` is already escaped."""
    return f"<font face='serif' pixel_size={px(size)}><b>{s}</b></font>"
