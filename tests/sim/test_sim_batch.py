"""simulate at scale: workers give the same numbers, machine-readable outputs, bad input exits 2."""

import csv
import json

import pytest

import game
from game.cli import main
from game.sim.batch import wilson


def test_wilson_interval_matches_the_textbook():
    lo, hi = wilson(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    lo, hi = wilson(0, 20)
    assert lo == 0.0 and hi == pytest.approx(0.1611, abs=1e-4)


@pytest.mark.parametrize("engine, runs", [("scalar", 16), ("batch", 1100)])   # 1100: three blocks of the batch
def test_results_do_not_depend_on_the_number_of_workers(engine, runs):
    one = game.simulate("1957", runs=runs, policies="random", seed=11, workers=1, engine=engine)
    two = game.simulate("1957", runs=runs, policies="random", seed=11, workers=2, engine=engine)
    assert one.engine == two.engine == engine
    assert one.to_json() == two.to_json()
    assert one.to_frame() == two.to_frame()
    other = game.simulate("1957", runs=runs, policies="random", seed=12, workers=2, engine=engine)
    assert other.to_frame()["votes"] != one.to_frame()["votes"]


def test_every_policy_plays_on_the_batch_and_equals_each_game_replayed_alone():
    for policies in ("historical", "random", {"group": "ai:easy"}, {"khrushchev": "ai:normal", "group": "random"}):
        batch = game.simulate("1957", runs=6, policies=policies, seed=1)
        alone = game.simulate("1957", runs=6, policies=policies, seed=1, engine="scalar")
        assert batch.engine == "batch" and alone.engine == "scalar"
        assert batch.records == alone.records, policies      # game for game, vote for vote
    with pytest.raises(ValueError, match="unknown engine"):
        game.simulate("1957", runs=4, engine="gpu")


def test_every_run_keeps_a_seed_that_replays_it_alone():
    from game.sim.batch import play_run
    r = game.simulate("1957", runs=3, policies="random", seed=5)
    seeds = r.to_frame()["game_seed"]
    assert all(seed >= 0 for seed in seeds) and len(set(seeds)) == 3
    scenario = game.load_scenario("1957")
    names = {"khrushchev": "random", "group": "random"}
    assert [play_run(scenario, names, 5, run) for run in range(3)] == r.records


def test_cli_engine_scalar_gives_the_batch_numbers(capsys):
    assert main(["simulate", "1957", "--runs", "3", "--engine", "scalar", "--json"]) == 0
    scalar = json.loads(capsys.readouterr().out)
    assert main(["simulate", "1957", "--runs", "3", "--json"]) == 0
    batch = json.loads(capsys.readouterr().out)
    assert scalar.pop("engine") == "scalar" and batch.pop("engine") == "batch"
    assert scalar == batch


def test_result_object_carries_intervals_events_and_a_frame():
    r = game.simulate("1957", runs=12, policies={"khrushchev": "random", "group": "ai:easy"}, seed=2)
    frame = r.to_frame()
    assert len(frame["outcome"]) == 12 and set(frame) >= {"run", "winner", "outcome", "votes", "events"}
    assert sum(r.wins.values()) == 12
    for side in r.wins:
        lo, hi = r.win_interval(side)
        assert lo <= r.win_rate(side) <= hi
    data = r.to_json()
    assert set(data["win_ci95"]) == set(r.wins)
    assert set(data["preceding_events"]) == set(r.outcomes)
    always = set(data["events_in_every_game"])
    for rows in data["preceding_events"].values():
        assert not always & {row["event"] for row in rows}


def test_cli_json_csv_and_plot(tmp_path, capsys):
    out_csv, out_png = tmp_path / "runs.csv", tmp_path / "plot.png"
    code = main(["simulate", "1957", "--runs", "6", "--seed", "3", "--side", "group=ai:easy",
                 "--khrushchev", "random", "--set", "actors.zhukov.stance=0.2", "--workers", "2",
                 "--json", "--csv", str(out_csv), "--plot", str(out_png)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["policies"] == {"khrushchev": "random", "group": "ai:easy"}
    assert data["overrides"] == ["actors.zhukov.stance=0.2"]
    with open(out_csv, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 6 and sum(1 for r in rows if r["winner"] == "group") == data["wins"]["group"]
    assert out_png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_table_shows_intervals(capsys):
    assert main(["simulate", "1957", "--runs", "4", "--policy", "random"]) == 0
    text = capsys.readouterr().out
    assert "95% interval" in text and "most often preceded by" in text


@pytest.mark.parametrize("argv, message", [
    (["--policy", "ai:impossible"], "unknown policy"),
    (["--khrushchev", "nobody"], "--khrushchev: unknown policy 'nobody'"),     # the flag the player wrote
    (["--side", "group=nobody"], "--side: unknown policy 'nobody' for group"),
    (["--side", "tsar=random"], "no side 'tsar'"),
    (["--side", "group"], "SIDE=POLICY"),
    (["--side", "group=random", "--side", "group=historical"], "group's policy is given twice"),   # (was: the last)
    (["--group", "random", "--side", "group=historical"], "--side 'historical'; give it once"),
    (["--workers", "0"], "--workers"),
    (["--plot", "out.jpg"], ".png"),
    (["--csv", "/nonexistent-folder/runs.csv"], "does not exist"),
])
def test_cli_bad_input_exits_2(argv, message, capsys):
    assert main(["simulate", "1957", "--runs", "2", *argv]) == 2
    assert message in capsys.readouterr().err


def test_bench_reports_every_figure_scaled_to_the_reference_core(capsys):
    code = main(["bench", "--games", "5", "--moves", "5", "--runs", "20", "--normal-runs", "2", "--workers", "2",
                 "--decisions", "1", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    figures = data["figures"]
    assert set(figures) == {"random_games_per_cpu_s", "move_ms", "forecast_ms", "hard_decision_ms",
                            "normal_decision_ms", "historical_10k_s", "normal_10k_s"}
    factor = data["calibration_cpu_s"] / data["reference_cpu_s"]
    assert data["calibration_cpu_s"] > 0
    assert "the median of 3 runs after a cold one" in figures["random_games_per_cpu_s"]["detail"]
    for name, f in figures.items():
        assert f["value"] > 0 and isinstance(f["ok"], bool) and f["target"]
        basis = f["cpu"] if f["cpu"] is not None else f["value"]
        expected = basis * factor if name.endswith("per_cpu_s") else basis / factor
        assert f["scaled"] == pytest.approx(expected, rel=1e-3, abs=1e-3)
    assert data["ok"] == all(f["ok"] for f in figures.values())


def test_each_side_takes_a_flag_named_by_its_id_in_any_scenario(capsys):
    assert main(["simulate", "1953", "--runs", "2", "--conspirators", "random", "--beria=historical", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["policies"] == {"conspirators": "random", "beria": "historical"}
    assert main(["simulate", "1953", "--runs", "2", "--khrushchev", "random"]) == 2
    assert "no side 'khrushchev'" in capsys.readouterr().err
    assert main(["simulate", "1957", "--runs", "2", "--group"]) == 2
    assert "takes a policy" in capsys.readouterr().err


def test_game_seeds_are_numpys_seed_sequence_for_every_run_at_once():
    import random
    import numpy as np
    from game.sim.batch import game_seeds
    rnd = random.Random(3)
    for seed in [0, 1, 11, 2**32 - 1, 2**32, 2**63 - 1, 2**130 + 7] + [rnd.randrange(2**63) for _ in range(5)]:
        runs = [0, 1, 999_999, 2**32 - 1] + [rnd.randrange(10**6) for _ in range(6)]
        want = [int(np.random.SeedSequence([seed, r]).generate_state(1, dtype=np.uint32)[0]) for r in runs]
        assert game_seeds(seed, runs).tolist() == want
