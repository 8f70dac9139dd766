"""The game's screens: title and menus, setup and briefing, the board, votes, dialogs, the end.

A scene never imports another: it opens one by name through the app
(``self.app.push("vote", session, event)``). ``registry.py`` maps the names to
the classes and is imported by ``game/ui/app.py`` alone; this package's
``__init__`` imports nothing, so importing one scene module loads only it.
"""
