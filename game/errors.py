"""Errors in what the user typed, shared by the command line (``game/cli.py``) and the
subcommands it wires in (``game/sim/command.py``), so neither imports the other for them.

``game.cli.main`` prints a ``BadInput`` as one line, ``error: <message>``, and exits
with ``EXIT_BAD_INPUT``.

Also here, for the same two modules: the checks of numbers typed on the command line
(:func:`parse_seed`, :func:`parse_count`) and :func:`shown`, which makes text that came
from a file (a scenario's title, a save's ``game_version``, a file name) safe to print to
a terminal: shown, never obeyed.
"""

from __future__ import annotations

import re

EXIT_BAD_INPUT = 2
MAX_SEED = 2 ** 63                # seeds are integers in [0, 2^63), as game.engine.batch.check_seed
_MAX_DIGITS = 40                  # longer than any number a flag takes; int() of 5,000 digits is slow


class BadInput(Exception):
    """Raised by a subcommand for input the user must fix (exit code 2)."""


def _integer(text: str, flag: str, expect: str) -> int:
    t = str(text).strip()
    if not re.fullmatch(r"[+-]?[0-9]{1,%d}" % _MAX_DIGITS, t):
        got = str(text)
        got = got[:60] + ("…" if len(got) > 60 else "")
        raise BadInput(f"{flag}: expected {expect}, got {shown(repr(got))}")
    return int(t)


def parse_seed(text: str | int, flag: str = "--seed") -> int:
    """A seed typed by the user: an integer from 0 to 2^63 - 1, or ``BadInput`` saying so."""
    expect = f"a whole number from 0 to 2^63 - 1 ({MAX_SEED - 1})"
    value = text if isinstance(text, int) and not isinstance(text, bool) else _integer(text, flag, expect)
    if not 0 <= value < MAX_SEED:
        raise BadInput(f"{flag}: expected {expect}, got {value}")
    return value


def parse_count(text: str | int, flag: str, low: int, high: int, why: str = "") -> int:
    """An integer from ``low`` to ``high`` typed by the user, or ``BadInput`` naming the range."""
    expect = f"a whole number from {low:,} to {high:,}{why}"
    value = text if isinstance(text, int) and not isinstance(text, bool) else _integer(text, flag, expect)
    if not low <= value <= high:
        raise BadInput(f"{flag}: expected {expect}, got {value:,}")
    return value


# C0 and C1 controls and DEL (escape sequences, bells, line breaks that forge output lines), the
# bidirectional overrides, embeddings, isolates and marks (text that reads backwards), the line and
# paragraph separators, and the zero-width and other invisible format characters.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")


def _escape(match: re.Match) -> str:
    c = match.group(0)
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def shown(text: object, keep_newlines: bool = False) -> str:
    """``text`` with every control, bidi and invisible format character escaped (``\\x1b``, ``\\u202e``).

    For text that came from a file or another program and is printed to a terminal: an ANSI
    escape is printed as the four characters ``\\x1b``, never sent to the terminal. With
    ``keep_newlines``, line breaks (``\\n``) are left as they are (for text of several lines
    that this program composed).
    """
    s = str(text)
    if keep_newlines:
        return "\n".join(_UNSAFE.sub(_escape, line) for line in s.split("\n"))
    return _UNSAFE.sub(_escape, s)


def shown_path(path: object, limit: int = 160) -> str:
    """A file name for a message: :func:`shown`, and at most ``limit`` characters (its middle elided)."""
    s = shown(path)
    return s if len(s) <= limit else f"{s[:limit // 2]}…{s[-(limit // 2):]} ({len(str(path)):,} characters)"


def shown_json(text: str) -> str:
    """JSON text (from ``json.dumps``) with the same characters escaped as ``\\uXXXX``.

    ``json.dumps`` escapes C0 controls but leaves DEL, the C1 controls (U+009B is a one-character
    escape sequence on some terminals) and the bidi characters raw; these can only occur inside
    JSON strings, where ``\\uXXXX`` means the same character, so the JSON stays the same value
    (a raw line break is never inside a string: it is the indentation's, and is kept).
    """
    return _UNSAFE.sub(lambda m: m.group(0) if m.group(0) == "\n" else f"\\u{ord(m.group(0)):04x}", text)
