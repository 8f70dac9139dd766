"""The game's screens: title and menus, setup and briefing, the board, votes, dialogs, the end."""
