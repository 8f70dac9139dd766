"""Entry point: ``python main.py`` opens the game; subcommands do the rest (``--help``)."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
