"""Courting a commander: ``[model] court_opposed`` makes a commander who leans against a side hard
for that side to court, and leaves the side he leans to as it was."""

import game


def court_odds(overrides: list[str], side: str) -> dict[str, float]:
    g = game.new_game(game.load_scenario("1953", overrides), seed=1)
    while g.to_move != side:
        g.apply(g.legal_actions()[0] if g.pending else next(a for a in g.legal_actions() if a.kind == "pass"))
    return {a.institution: g.preview(a).odds for a in g.legal_actions() if a.kind == "court"}


def test_an_opposed_commander_is_harder_to_court():
    easy = court_odds(["model.court_opposed=0"], "beria")
    hard = court_odds(["model.court_opposed=0.8"], "beria")
    assert hard["army"] < easy["army"] - 0.2          # Zhukov (stance +0.5, against Beria)


def test_a_friendly_commander_is_courted_as_before():
    easy = court_odds(["model.court_opposed=0"], "conspirators")
    hard = court_odds(["model.court_opposed=0.8"], "conspirators")
    assert hard["army"] == easy["army"]                 # Zhukov leans to the conspiracy
    assert hard["mvd"] < easy["mvd"]                    # Beria's own ministry does not
