"""Playing a study: each point is plain simulate() of its variant; results files; resuming after a kill."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import game
from game.cli import main
from game.studies import StudyError, load_study, study
from game.studies.runner import read_rows

ROOT = Path(__file__).resolve().parents[2]
VARY = {"actors.zhukov.stance": [-0.6, 0.0, 0.6], "model.fear": [0.2, 1.5]}


def test_each_point_is_simulate_of_its_variant_with_the_point_seed(tmp_path, grid_study):
    r = study(grid_study(VARY))
    spec = r.study
    assert spec.points == 6 and len(r.rows) == 6
    for point in (0, 4):
        row = r.rows[point]
        plain = game.simulate("1957", runs=30, policies="random", seed=spec.point_seed(point),
                              overrides=list(spec.overrides(point)))
        assert row["seed"] == spec.point_seed(point) and row["games"] == 30
        assert (row["actors.zhukov.stance"], row["model.fear"]) == spec.values[point]
        assert {s: row[f"wins_{s}"] for s in spec.sides} == {s: plain.wins[s] for s in spec.sides}
        assert row["win_group"] == pytest.approx(plain.win_rate("group"), abs=1e-6)
        presidium = plain.votes and [v for v in plain.votes.values() if v.body == "presidium"]
        yes = sum(v.yes for v in presidium)
        held = sum(v.yes + v.no + v.abstain for v in presidium)
        assert row.get("yes_presidium") == (pytest.approx(yes / held, abs=1e-6) if held else None)
        for outcome, n in plain.outcomes.items():
            assert row[f"outcome:{outcome}"] == n


def test_results_files_parquet_and_csv_hold_the_same_rows_and_a_finished_study_is_not_played_again(tmp_path,
                                                                                                   grid_study):
    path = grid_study(VARY, per_game=True)
    a = study(path, out=tmp_path / "r.parquet")
    b = study(path, out=tmp_path / "r.csv")
    assert read_rows(tmp_path / "r.parquet") == a.rows
    assert read_rows(tmp_path / "r.csv") == b.rows == a.rows
    games = read_rows(tmp_path / "r.games.parquet")
    assert len(games) == 6 * 30 and {g["point"] for g in games} == set(range(6))
    assert sum(g["winner"] == "group" for g in games) == sum(r["wins_group"] for r in a.rows)
    summary = json.loads((tmp_path / "r.summary.json").read_text())
    assert summary["fingerprint"] == a.study.fingerprint() and summary["games"] == 180
    assert not (tmp_path / "r.parquet.journal").exists()
    again = study(path, out=tmp_path / "r.parquet")
    assert again.summary["timing"]["games_played"] == 0 and again.rows == a.rows
    other = grid_study(VARY, games=31, name="other.toml")
    with pytest.raises(StudyError, match="another study"):
        study(other, out=tmp_path / "r.parquet")


def test_a_killed_study_resumes_without_playing_a_finished_piece_twice(tmp_path, grid_study, play_apart,
                                                                         wait_for_journal):
    path = grid_study(VARY, games=1000)         # 6 points x 1000 games, a piece a task
    out = tmp_path / "r.csv"
    journal = Path(f"{out}.journal")
    proc = play_apart(path, out)
    try:
        wait_for_journal(journal, 3, proc)                                  # the header and two pieces
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(30)
    assert not out.exists(), "the study finished before it could be killed"
    with open(journal, "a") as fh:
        fh.write('{"p": 5, "f": 0, "n": 40')                               # a line cut short by the kill
    kept = [json.loads(line) for line in journal.read_text().splitlines()[1:] if line.endswith("}")]
    assert len(kept) >= 2
    resumed = study(path, out=out)
    assert resumed.summary["timing"]["games_played"] == 6 * 1000 - sum(piece["n"] for piece in kept)
    assert resumed.rows == study(path).rows
    assert read_rows(out) == resumed.rows and not journal.exists()


def test_ctrl_c_keeps_the_finished_games_and_says_how_to_resume(tmp_path, grid_study, wait_for_journal, study_env):
    path = grid_study(VARY, games=50_000)       # 6 points of 50 pieces: far more than can end before the signal
    out = tmp_path / "r.csv"
    journal = Path(f"{out}.journal")
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "study", str(path), "--out", str(out)],
                            env=study_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))   # as on a terminal
    wait_for_journal(journal, 2, proc)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "run the same command again to resume" in err and "Traceback" not in err
    assert not out.exists() and journal.read_text().count("\n") >= 2


def test_a_journal_of_another_study_is_refused_and_a_damaged_one_named(tmp_path, grid_study):
    path = grid_study(VARY)
    out = tmp_path / "r.csv"
    journal = Path(f"{out}.journal")
    journal.write_text('{"study": "someone-else"}\n')
    with pytest.raises(StudyError, match="another study"):
        study(path, out=out)
    journal.write_text(json.dumps({"study": load_study(path).games_key()}) + "\n{broken\n{}\n")
    with pytest.raises(StudyError, match="line 2 is damaged"):
        study(path, out=out)


def test_the_command_is_quiet_in_scripts_and_prints_json(tmp_path, grid_study, study_env):
    path = grid_study(VARY, games=5)
    proc = subprocess.run([sys.executable, str(ROOT / "main.py"), "study", str(path), "--out", str(tmp_path / "r.csv"),
                           "--json"], capture_output=True, text=True, cwd=tmp_path,
                          env=study_env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""                           # no progress bar when stderr is not a terminal
    summary = json.loads(proc.stdout)
    assert summary["points"] == 6 and summary["analysis"]["outputs"]["win_group"]["ranked"][0]["parameter"]


def test_a_sweep_from_the_command_line_finds_the_tipping_point_and_plots_it(tmp_path, capsys):
    out, plot = tmp_path / "z.csv", tmp_path / "z.png"
    argv = ["study", "--scenario", "1957", "--vary", "actors.zhukov.stance=-0.2:0.6:5", "--games", "60",
            "--out", str(out), "--plot", str(plot)]
    assert main(argv) == 0
    text = capsys.readouterr().out
    assert "tipping point of actors.zhukov.stance for group's win rate" in text
    summary = json.loads((tmp_path / "z.summary.json").read_text())
    tip = summary["analysis"]["tipping_point"]
    rows = read_rows(out)
    rates = [r["win_group"] for r in rows]
    assert rates[0] > 0.5 > rates[-1]                  # the group wins against a wavering Zhukov, not a loyal one
    assert tip["value"] is not None and tip["ci95"][0] <= tip["value"] <= tip["ci95"][1]
    assert -0.2 <= tip["value"] <= 0.6
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_bench_times_the_same_games_as_plain_simulate(tmp_path, grid_study):
    from game.studies.bench import bench
    report = bench(load_study(grid_study(VARY, games=5)), clusters=())
    assert report["games"] == 30 and report["points"] == 6
    assert report["simulate"]["cpu_s"] > 0 and report["study"]["cpu_s"] > 0
    assert report["overhead"] == report["study"]["cpu_s"] / report["simulate"]["cpu_s"] - 1
    figure = report["figures"]["study_overhead_pct"]
    assert figure["target"] == "< 10" and figure["ok"] == (100 * report["overhead"] < 10) == report["ok"]


def test_a_study_grown_from_an_unfinished_one_plays_only_its_new_points(tmp_path, grid_study):
    from game.studies.runner import play
    small = load_study(grid_study(VARY))                     # 3 x 2 points
    out = tmp_path / "r.csv"
    play(small, out)                                         # every piece journalled, no results file yet
    grown_file = grid_study({"actors.zhukov.stance": [-0.6], "model.fear": [0.2, 1.5, 3.0]}, name="grown.toml")
    grown = study(grown_file, out=out)                      # -0.6 x (0.2, 1.5) were played; -0.6 x 3.0 is new
    assert grown.summary["timing"]["games_played"] == 30
    assert grown.rows == study(grown_file).rows
