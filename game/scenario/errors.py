"""Scenario errors: every problem names the file, the field path, the line and a fix."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters a terminal would obey rather than show: C0 and C1 controls (ESC starts an ANSI
# sequence), DEL, and the Unicode bidi embeddings, overrides and isolates (and marks), which
# reorder the text around them; and the Unicode line and paragraph separators.
UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """``text`` safe to print: every control or bidi character written as an escape (``\\x1b``)."""
    def escape(m: re.Match) -> str:
        c = ord(m.group())
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"
    return UNSAFE_CHARS.sub(escape, text)


@dataclass(frozen=True)
class Problem:
    file: str
    field: str          # e.g. "actors[3].stance"; "" for the whole file
    message: str
    line: int | None = None

    def __str__(self) -> str:
        # A problem quotes what the file says; it is printed, never obeyed, so any control
        # character (in a file name, a field or a quoted value) is escaped, and it stays one line.
        where = self.file + (f":{self.line}" if self.line else "")
        return shown(f"{where}: {self.field or '(file)'}: {self.message}")


class ScenarioError(ValueError):
    """A scenario could not be loaded; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
