"""Force is a gated last resort: backing, an opponent discredited, and political cover in the leading body."""

import game
from game.ai.policies import make_policy
from game.engine import Game
from game.engine.actions import UseForce


def _to_move(side: str) -> Game:
    g = Game.new(game.load_scenario("1957"), seed=4)
    policy = make_policy("historical")
    while g.to_move != side or g.pending:
        g.apply(policy.choose(g))
    return g


def test_guns_without_cover_are_not_enough():
    g = _to_move("khrushchev")
    k = g.scenario.side_index("khrushchev")
    g.batch.legitimacy[g.row] = [1.0, 0.0]                 # the group utterly discredited
    assert g.force_power("khrushchev") >= g.weights.force_threshold
    assert not g.is_legal(UseForce("khrushchev"))           # but the Presidium's majority is against him
    voters = g.voter_mask("presidium")
    g.batch.est_mean[g.row, k, voters] = 0.9                # once he believes it is with him...
    assert g.is_legal(UseForce("khrushchev"))               # ...the arrest is possible


class _RevealThenArrest:
    """A scripted shortcut: reveal what can be revealed, arrest as soon as the rules allow."""

    name = "reveal_then_arrest"

    def __init__(self, seed: int):
        self.fallback = make_policy("ai:normal", seed)

    def choose(self, g):
        legal = g.legal_actions()
        for kind in ("force", "reveal"):
            for a in legal:
                if a.kind == kind:
                    return a
        return self.fallback.choose(g)


def test_reveal_then_arrest_is_no_shortcut():
    """Before the cover rule this line won 87% of games as Khrushchev against ai:normal (issue 11)."""
    sc = game.load_scenario("1957")
    wins = 0
    for i in range(40):
        g = Game.new(sc, seed=500 + i)
        policies = {"khrushchev": _RevealThenArrest(i), "group": make_policy("ai:normal", 100 + i)}
        while not g.is_over():
            g.apply(policies[g.to_move].choose(g))
        wins += g.outcome().winner == "khrushchev"
    assert wins / 40 <= 0.7
