"""The AI ladder: every policy rated on every scenario, from both seats, with openskill.

Each scenario is a league of its own: every ordered pair of policies (the first on the
scenario's first side, the second on its second, a policy against itself included) plays
``games`` games through ``simulate``. Every game updates a Plackett-Luce rating (openskill)
of two teams, ``[policy, seat]`` against ``[policy, seat]``: the seats are rated too and take
up the scenario's lean toward one side, so a policy's rating is its strength from both
seats together. A game with no winner is a draw. Games are fed round-robin (game 1 of every
pairing, then game 2, …) so no pairing's games come all at once. The interval is
mu ± 1.96 sigma; the ranking is by the conservative rating mu - 3 sigma (openskill's ordinal).
"""

from __future__ import annotations

import numpy as np

from ..ai.policies import POLICIES
from ..sim.batch import simulate

Z95 = 1.959963984540054


def pairing_seed(seed: int, scenario: str, first: str, second: str) -> int:
    """The simulate seed of one pairing: from the ladder's seed and the names alone."""
    words = [int.from_bytes(w.encode()[:8].ljust(8, b"\0"), "little") for w in (scenario, first, second)]
    return int(np.random.SeedSequence([seed, *words]).generate_state(1, dtype=np.uint64)[0] >> 1)


def ladder(scenarios: list, policies: list[str] | None = None, games: int = 40, seed: int = 0,
           workers: int = 1, progress=None) -> list[dict]:
    """Rate ``policies`` (default: all) on each scenario (loaded ``Scenario`` objects); one table per scenario."""
    from openskill.models import PlackettLuce
    policies = list(policies or sorted(POLICIES))
    tables = []
    for scenario in scenarios:
        sides = [s.id for s in scenario.sides]
        model = PlackettLuce()
        ratings = {name: model.rating(name=name) for name in policies + [f"seat:{s}" for s in sides]}
        results = {}
        pairs = [(a, b) for a in policies for b in policies]
        for k, (a, b) in enumerate(pairs):
            r = simulate(scenario, runs=games, policies={sides[0]: a, sides[1]: b},
                         seed=pairing_seed(seed, scenario.id, a, b), workers=workers)
            results[(a, b)] = [rec.winner for rec in r.records]
            if progress:
                progress(f"{scenario.id}: {a} ({sides[0]}) against {b} ({sides[1]})", k + 1, len(pairs))
        seats = [f"seat:{s}" for s in sides]
        for i in range(games):
            for a, b in pairs:
                winner = results[(a, b)][i]
                ranks = [1, 1] if winner not in sides else [1, 2] if winner == sides[0] else [2, 1]
                teams = [[ratings[a], ratings[seats[0]]], [ratings[b], ratings[seats[1]]]]
                (ra, s0), (rb, s1) = model.rate(teams, ranks=ranks)
                if a == b:       # one policy on both seats: its two updates cancel to a mean
                    ra.mu = rb.mu = (ra.mu + rb.mu) / 2
                    ra.sigma = rb.sigma = min(ra.sigma, rb.sigma)
                ratings[a], ratings[seats[0]], ratings[b], ratings[seats[1]] = ra, s0, rb, s1
        rows = []
        for name in policies:
            rating = ratings[name]
            first = [w == sides[0] for b in policies for w in results[(name, b)]]
            second = [w == sides[1] for a in policies for w in results[(a, name)]]
            rows.append({"policy": name, "mu": round(rating.mu, 3), "sigma": round(rating.sigma, 3),
                         "ci95": [round(rating.mu - Z95 * rating.sigma, 3), round(rating.mu + Z95 * rating.sigma, 3)],
                         "ordinal": round(rating.ordinal(), 3),
                         f"win_as_{sides[0]}": round(float(np.mean(first)), 4),
                         f"win_as_{sides[1]}": round(float(np.mean(second)), 4)})
        rows.sort(key=lambda r: (-r["ordinal"], r["policy"]))
        tables.append({"scenario": scenario.id, "sides": sides, "games_per_pairing": games,
                       "games": games * len(pairs), "ratings": rows,
                       "seats": {s: {"mu": round(ratings[f"seat:{s}"].mu, 3),
                                     "sigma": round(ratings[f"seat:{s}"].sigma, 3)} for s in sides}})
    return tables


def render(tables: list[dict], seed: int) -> str:
    lines = []
    for t in tables:
        s0, s1 = t["sides"]
        lines += [f"{t['scenario']}: {t['games']:,} games ({t['games_per_pairing']} per ordered pairing), seed {seed}",
                  f"  {'rank':<5}{'policy':<12}{'rating':>8}{'95% interval':>18}{'mu-3σ':>8}"
                  f"{'wins as ' + s0:>22}{'wins as ' + s1:>22}"]
        for i, r in enumerate(t["ratings"]):
            lo, hi = r["ci95"]
            lines.append(f"  {i + 1:<5}{r['policy']:<12}{r['mu']:>8.1f}{f'{lo:.1f} – {hi:.1f}':>18}{r['ordinal']:>8.1f}"
                         f"{r[f'win_as_{s0}']:>22.0%}{r[f'win_as_{s1}']:>22.0%}")
        lines.append("  seats: " + ", ".join(f"{s} {v['mu']:.1f} ± {Z95 * v['sigma']:.1f}" for s, v in t["seats"].items()))
        lines.append("")
    return "\n".join(lines).rstrip()
