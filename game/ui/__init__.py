"""The desktop game (pygame-ce + pygame_gui). Import only from here: ``game`` stays pygame-free."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")   # no banner on the console


NO_WINDOW_HINT = "without a display, try: python main.py demo --screenshots DIR"
INVISIBLE_DRIVERS = ("dummy", "offscreen")


def headless() -> bool:
    """Whether no window can be seen here: no X11 or Wayland display on Linux, or SDL told to draw nowhere."""
    if os.environ.get("SDL_VIDEODRIVER", "").lower() in INVISIBLE_DRIVERS:
        return True
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def play(size=(1280, 720), fullscreen: bool | None = None, scenario=None) -> int:
    """Open the window on the title screen and run until the player quits; 2 (and one line) if no window can open.
    ``scenario``: a loaded scenario from outside scenarios/ to offer first in New game."""
    if headless():                 # checked before SDL starts: no stray SDL warnings, no invisible window
        print(f"error: no display to open the game's window on; {NO_WINDOW_HINT}", file=sys.stderr)
        return 2
    import pygame

    from .app import App
    try:
        app = App(size=size, fullscreen=fullscreen, offered=[scenario] if scenario is not None else [])
    except pygame.error as exc:
        print(f"error: cannot open a window ({exc}); {NO_WINDOW_HINT}", file=sys.stderr)
        return 2
    app.run("title")
    return 0
