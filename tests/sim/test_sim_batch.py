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


def test_results_do_not_depend_on_the_number_of_workers():
    one = game.simulate("1957", runs=16, policies="random", seed=11, workers=1)
    two = game.simulate("1957", runs=16, policies="random", seed=11, workers=2)
    assert one.to_json() == two.to_json()
    assert one.to_frame() == two.to_frame()
    other = game.simulate("1957", runs=16, policies="random", seed=12, workers=2)
    assert other.to_frame()["game_seed"] != one.to_frame()["game_seed"]


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
    (["--khrushchev", "nobody"], "unknown policy"),
    (["--side", "tsar=random"], "no side 'tsar'"),
    (["--side", "group"], "SIDE=POLICY"),
    (["--workers", "0"], "--workers"),
    (["--plot", "out.jpg"], ".png"),
    (["--csv", "/nonexistent-folder/runs.csv"], "does not exist"),
])
def test_cli_bad_input_exits_2(argv, message, capsys):
    assert main(["simulate", "1957", "--runs", "2", *argv]) == 2
    assert message in capsys.readouterr().err


def test_bench_reports_every_figure_against_its_target(capsys):
    code = main(["bench", "--games", "5", "--runs", "20", "--workers", "2", "--decisions", "1", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    figures = data["figures"]
    assert set(figures) == {"random_games_per_s", "forecast_ms", "hard_decision_ms", "normal_decision_ms",
                            "historical_10k_s"}
    for f in figures.values():
        assert f["value"] > 0 and f["target"] and isinstance(f["ok"], bool)
    assert data["ok"] == all(f["ok"] for f in figures.values())
