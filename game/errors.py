"""Errors in what the user typed, shared by the command line (``game/cli.py``) and the
subcommands it wires in (``game/sim/command.py``), so neither imports the other for them.

``game.cli.main`` prints a ``BadInput`` as one line, ``error: <message>``, and exits
with ``EXIT_BAD_INPUT``.
"""

from __future__ import annotations

EXIT_BAD_INPUT = 2


class BadInput(Exception):
    """Raised by a subcommand for input the user must fix (exit code 2)."""
