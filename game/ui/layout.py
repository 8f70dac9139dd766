"""Where floating boxes go, and the check that nothing is cut or overlapping.

Tooltips and toasts are placed by ``place``: inside the window, beside what
they are about, clear of every control (and of the areas a scene keeps
clear, such as a dialog). ``GameManager`` is the game's pygame_gui manager:
its tooltips are as wide as their text (up to a limit) and placed this way.

``Probe`` is the layout check of ``tests/ui/test_layout.py``: while one is
open, ``drawing.text`` reports every line it draws (with its box and whether
it had to be cut) and ``drawing.picture`` every image (portraits, posters,
with the box it belongs in), and ``Probe.problems`` adds the widgets: a label
or button whose text is wider than the widget, list items wider than the list,
two controls overlapping, an image out of its box or under a control,
anything outside the window.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import (UIButton, UIDropDownMenu, UILabel, UISelectionList, UITextBox,
                                 UITextEntryLine, UITooltip)

from . import theme

TIP_MAX_WIDTH = 340          # base pixels; a tooltip is as wide as its longest line, up to this
GAP = 6                      # base pixels between a floating box and what it is about
CONTROLS = (UIButton, UISelectionList, UITextEntryLine, UIDropDownMenu, UITextBox)


def overlap(a: pygame.Rect, b: pygame.Rect) -> int:
    c = a.clip(b)
    return c.w * c.h


def distance(a: pygame.Rect, b: pygame.Rect) -> int:
    """How far apart two rects are, across and down (0 if they touch or overlap)."""
    return (max(0, a.left - b.right, b.left - a.right) + max(0, a.top - b.bottom, b.top - a.bottom))


def place(size: tuple[int, int], anchor: pygame.Rect, bounds: pygame.Rect, avoid: list[pygame.Rect],
          prefer: str = "below") -> pygame.Rect:
    """A rect of ``size`` inside ``bounds``, on ``anchor`` (``prefer="on"``) or beside it (below, above,
    right, left; ``prefer`` first), overlapping ``avoid`` the least (not at all if it can)."""
    w, h = min(size[0], bounds.w), min(size[1], bounds.h)
    gap = theme.px(GAP)
    spots = {
        "on": (anchor.centerx - w // 2, anchor.centery - h // 2),
        "below": (anchor.centerx - w // 2, anchor.bottom + gap),
        "above": (anchor.centerx - w // 2, anchor.top - gap - h),
        "right": (anchor.right + gap, anchor.centery - h // 2),
        "left": (anchor.left - gap - w, anchor.centery - h // 2),
    }
    order = [prefer] + [k for k in spots if k not in (prefer, "on")]
    best, best_cost = None, None
    rank = 0
    for key in order:
        first = pygame.Rect(spots[key], (w, h)).clamp(bounds)
        tries = [first]
        for a in avoid:                  # also just past what the first spot would cover, further that way
            if first.colliderect(a):
                moved = first.copy()
                if key in ("below", "on"):
                    moved.top = a.bottom + gap
                elif key == "above":
                    moved.bottom = a.top - gap
                elif key == "right":
                    moved.left = a.right + gap
                else:
                    moved.right = a.left - gap
                tries.append(moved)
        for r in tries:
            rank += 1
            if not bounds.contains(r):
                continue
            covered = sum(overlap(r, a) for a in avoid) + (0 if key == "on" else overlap(r, anchor))
            cost = (covered, distance(r, anchor), rank)     # clear first, then near, then as preferred
            if best_cost is None or cost < best_cost:
                best, best_cost = r, cost
    return best or first


def visible_controls(manager: pygame_gui.UIManager, exclude=()) -> list:
    """The manager's visible controls (buttons, lists, entries, drop-downs, text boxes), tooltips aside."""
    skip = set(exclude)
    out = []
    for e in manager.get_sprite_group().sprites():
        if not isinstance(e, CONTROLS) or not e.visible or not e.alive() or e in skip:
            continue
        if _inside_tooltip(e) or _inside_other_control(e):
            continue
        out.append(e)
    return out


def _owners(e):
    p = getattr(e, "parent_element", None)
    while p is not None:
        yield p
        p = getattr(p, "parent_element", None)


def _inside_tooltip(e) -> bool:
    return any(isinstance(p, UITooltip) for p in _owners(e))


def _inside_other_control(e) -> bool:
    """Parts of a compound control (a list's items, a drop-down's button, a tooltip's box) belong to it."""
    return any(isinstance(p, CONTROLS) for p in _owners(e))


_TAG = re.compile(r"<[^>]+>")


def text_width(html_text: str, fnt: pygame.font.Font) -> int:
    """The width of the longest line of a tooltip's HTML in ``fnt`` (bold runs counted a tenth wider)."""
    lines = re.split(r"<br\s*/?>", html_text)
    return max((int(fnt.size(html.unescape(_TAG.sub("", line)))[0] * (1.1 if "<b>" in line else 1.0))
                for line in lines), default=0)


class GameManager(pygame_gui.UIManager):
    """The game's UIManager: tooltips fitted to their text and placed clear of the controls.

    ``keep_clear`` (set by the app) gives the areas a floating box must not cover besides the controls.
    """

    keep_clear = staticmethod(lambda: [])

    def create_tool_tip(self, text, position, hover_distance, parent_element, object_id, *,
                        wrap_width=None, text_kwargs=None):
        fnt = theme.font("sans", 13)
        pad = theme.px(8) * 2 + 2 + theme.px(6)
        width = min(theme.px(wrap_width or TIP_MAX_WIDTH), text_width(text, fnt) + pad)
        tip = UITooltip(text, hover_distance, self, parent_element=parent_element, object_id=object_id,
                        wrap_width=width, text_kwargs=text_kwargs)
        if isinstance(parent_element, pygame_gui.core.UIElement):
            anchor = parent_element.rect.copy()
        else:
            anchor = pygame.Rect(int(position[0]), int(position[1]), 1, 1).inflate(
                2 * hover_distance[0] + 2, 2 * hover_distance[1] + 2)
        avoid = [c.rect for c in visible_controls(self, exclude=(parent_element,))] + list(self.keep_clear())
        bounds = pygame.Rect((0, 0), self.window_resolution)
        tip.set_position(place(tip.rect.size, anchor, bounds, avoid).topleft)
        return tip


def make_manager(size: tuple[int, int]) -> GameManager:
    """The one UIManager of the game: our fonts, and the theme at the scale of a window of ``size``."""
    theme.set_scale(size)
    manager = GameManager(size, enable_live_theme_updates=False)
    manager.add_font_paths("serif", *(str(theme.SERIF[k]) for k in ("regular", "bold", "italic", "bold_italic")))
    theme.quiet_font_loading(manager)
    manager.get_theme().load_theme(theme.theme_data())
    manager.rebuild_all_from_changed_theme_data()
    return manager


# ---------------------------------------------------------------------- the layout check
@dataclass
class Drawn:
    """One line drawn by ``drawing.text``: what, where, in what width, and whether it was cut."""

    text: str
    rect: pygame.Rect
    width: int | None
    cut: bool


@dataclass
class Picture:
    """An image drawn (a portrait, a poster) and the box it belongs in (None: only the window)."""
    name: str
    rect: pygame.Rect
    box: pygame.Rect | None


PROBE: "Probe | None" = None


class Probe:
    """Collects what is drawn while open (``with Probe() as p: scene.draw(surface)``)."""

    def __init__(self):
        self.drawn: list[Drawn] = []
        self.pictures: list[Picture] = []

    def __enter__(self):
        global PROBE
        PROBE = self
        return self

    def __exit__(self, *exc):
        global PROBE
        PROBE = None

    def problems(self, manager: pygame_gui.UIManager, window: tuple[int, int]) -> list[str]:
        """Every text cut or overflowing its box, every control outside the window or over another."""
        bounds = pygame.Rect((0, 0), window)
        out = [f"text cut: {d.text!r} (box {d.width}px)" for d in self.drawn if d.cut]
        out += [f"text outside the window: {d.text!r} at {tuple(d.rect)}" for d in self.drawn
                if d.text.strip() and not bounds.contains(d.rect)]
        controls = visible_controls(manager)
        for c in controls + labels(manager):
            out += widget_fit(c)
            if not bounds.contains(c.rect):
                out.append(f"{_name(c)} outside the window: {tuple(c.rect)}")
        for i, a in enumerate(controls):
            for b in controls[i + 1:]:
                if a.rect.colliderect(b.rect):
                    out.append(f"{_name(a)} overlaps {_name(b)}: {tuple(a.rect)} and {tuple(b.rect)}")
        for p in self.pictures:
            if not bounds.contains(p.rect):
                out.append(f"{p.name} outside the window: {tuple(p.rect)}")
            if p.box is not None and not p.box.contains(p.rect):
                out.append(f"{p.name} outside its box: {tuple(p.rect)} in {tuple(p.box)}")
            out += [f"{p.name} under {_name(c)}: {tuple(p.rect)} and {tuple(c.rect)}" for c in controls
                    if p.rect.colliderect(c.rect)]
        return out


def _name(e) -> str:
    return f"{type(e).__name__}({getattr(e, 'text', '')!r})"


def _width(e, s: str) -> int:
    """The width of ``s`` in the font of the widget ``e`` (0 if it has none yet)."""
    f = getattr(e, "font", None)
    return f.size(s)[0] if f is not None else 0


def widget_fit(e) -> list[str]:
    """Whether a widget's own text fits inside it (labels, buttons, list items, a drop-down's choice)."""
    problems = []
    if isinstance(e, (UIButton, UILabel)) and e.text and getattr(e, "font", None) is not None:
        pad = getattr(e, "text_horiz_alignment_padding", 0) or 0
        if _width(e, e.text) + 2 * pad > e.rect.w or e.font.size(e.text)[1] > e.rect.h:
            problems.append(f"{_name(e)} text wider or taller than its {e.rect.w}x{e.rect.h} box")
    elif isinstance(e, UISelectionList):
        for item in e.item_list:
            b = item.get("button_element")
            if b is not None and _width(b, item["text"]) + 2 * (b.text_horiz_alignment_padding or 0) > b.rect.w:
                problems.append(f"list item {item['text']!r} wider than its list ({b.rect.w}px)")
    elif isinstance(e, UIDropDownMenu):
        sel = e.selected_option[0] if isinstance(e.selected_option, tuple) else e.selected_option
        button = getattr(e.menu_states.get("closed"), "selected_option_button", None)
        if button is not None and _width(button, sel) + 2 * (button.text_horiz_alignment_padding or 0) > button.rect.w:
            problems.append(f"drop-down choice {sel!r} wider than its box ({button.rect.w}px)")
    return problems


def labels(manager: pygame_gui.UIManager) -> list:
    return [e for e in manager.get_sprite_group().sprites() if isinstance(e, UILabel) and e.visible]


