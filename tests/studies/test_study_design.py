"""Study files: what they expand to, and the clear errors of bad ones (file, field, line; exit 2)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.scenario.errors import ScenarioError
from game.studies import StudyError, load_study

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "data" / "hostile" / "base" / "minimal.toml"


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_study_covers_every_named_person_and_every_weight_the_scenario_sets():
    import tomllib
    study = load_study(ROOT / "studies" / "1957_what_decided.toml")
    data = tomllib.loads((ROOT / "scenarios" / "1957.toml").read_text(encoding="utf-8"))
    people = [a["id"] for a in data["actors"]]
    weights = list(data["model"])
    assert [p.path for p in study.parameters] == [f"actors.{a}.stance" for a in people] + [f"model.{w}" for w in weights]
    assert len(study.parameters) >= 20
    assert study.points * study.games >= 1_000_000                   # the million-game study of docs/PERFORMANCE.md
    assert study.points == study.samples * (len(study.parameters) + 2)
    zhukov = next(p for p in study.parameters if p.path == "actors.zhukov.stance")
    assert (zhukov.low, zhukov.high) == (0.1, 1.0)                  # 0.7 ± 0.6, kept inside the bounds
    khrushchev = next(p for p in study.parameters if p.path == "actors.khrushchev.stance")
    assert khrushchev.high == 1.0                                    # kept inside the field's bounds


@pytest.mark.parametrize("path", sorted((ROOT / "studies").glob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_study_loads(path):
    study = load_study(path)
    assert study.points >= 1 and study.parameters


def test_a_study_over_a_scenario_written_from_scratch(tmp_path):
    shutil.copy(MINIMAL, tmp_path / "crisis.toml")
    path = write(tmp_path, """
scenario = "crisis.toml"
design = "grid"
games = 5
policies = { minister = "random" }
[[vary]]
path = "actors.*.stance"
values = [-0.5, 0.5]
[[vary]]
path = "sides.secretary.base_capital"
range = [0, 3]
steps = 7
""")
    study = load_study(path)
    assert study.sides == ["secretary", "minister"] and study.side == study.sides[0]
    assert study.policies == {"secretary": "historical", "minister": "random"}
    assert [p.path for p in study.parameters] == ["actors.first_secretary.stance", "actors.minister.stance",
                                                  "actors.premier.stance", "sides.secretary.base_capital"]
    assert study.parameters[-1].values == (0, 1, 2, 3)               # an integer field: whole numbers
    assert study.points == 2 * 2 * 2 * 4
    assert study.overrides(0) == ("actors.first_secretary.stance=-0.5", "actors.minister.stance=-0.5",
                                  "actors.premier.stance=-0.5", "sides.secretary.base_capital=0")
    assert load_study(path).values == study.values and load_study(path).fingerprint() == study.fingerprint()
    assert load_study(path, seed=1).fingerprint() != study.fingerprint()


def test_sobol_and_morris_points_are_drawn_from_the_seed(tmp_path):
    text = """
scenario = "1957"
design = "{design}"
samples = 4
games = 10
seed = {seed}
[[vary]]
path = "actors.zhukov.stance"
range = [-1, 1]
[[vary]]
path = "model.fear"
distribution = "{dist}"
{extra}
"""
    sobol = load_study(write(tmp_path, text.format(design="sobol", seed=3, dist="normal", extra="sd = 0.1")))
    assert sobol.points == 4 * (2 + 2)
    assert all(-1 <= v[0] <= 1 for v in sobol.values)
    again = load_study(write(tmp_path, text.format(design="sobol", seed=3, dist="normal", extra="sd = 0.1")))
    other = load_study(write(tmp_path, text.format(design="sobol", seed=4, dist="normal", extra="sd = 0.1")))
    assert again.values == sobol.values and other.values != sobol.values
    morris = load_study(write(tmp_path, text.format(design="morris", seed=3, dist="uniform", extra="range = [0, 2]")))
    assert morris.points == 4 * (2 + 1)


BAD = [
    ("unknown key", 'scenario = "1957"\ndesign = "grid"\ngames = 10\ngamez = 3\n[[vary]]\npath = "actors.zhukov.stance"\n'
                    'values = [0.1]\n', "gamez", 4),
    ("misspelt path", 'scenario = "1957"\ndesign = "grid"\ngames = 10\n[[vary]]\npath = "actors.zhukov.stanse"\n'
                      'values = [0.1]\n', "vary[0].path", 5),
    ("unknown person", 'scenario = "1957"\ndesign = "grid"\ngames = 10\n\n[[vary]]\npath = "actors.stalin.stance"\n'
                       'values = [0.1]\n', "vary[0]", 5),
    ("value out of range", 'scenario = "1957"\ndesign = "grid"\ngames = 10\n[[vary]]\npath = "actors.zhukov.stance"\n'
                           'values = [0.5, 2.0]\n', "vary[0]", 4),
    ("empty range", 'scenario = "1957"\ndesign = "sobol"\nsamples = 8\ngames = 10\n[[vary]]\npath = "model.fear"\n'
                    'range = [1, 0]\n', "vary[0].range", 7),
    ("samples not a power of 2", 'scenario = "1957"\ndesign = "sobol"\nsamples = 6\ngames = 10\n[[vary]]\n'
                                 'path = "model.fear"\nrange = [0, 1]\n', "samples", 3),
    ("no samples", 'scenario = "1957"\ndesign = "morris"\ngames = 10\n[[vary]]\npath = "model.fear"\nrange = [0, 1]\n',
     "samples", 1),
    ("a grid of a distribution", 'scenario = "1957"\ndesign = "grid"\ngames = 10\n[[vary]]\npath = "model.fear"\n'
                                 'distribution = "normal"\nsd = 0.1\n', "vary[0]", 4),
    ("unknown policy", 'scenario = "1957"\ndesign = "grid"\ngames = 10\npolicies = "clever"\n[[vary]]\n'
                       'path = "model.fear"\nvalues = [1]\n', "policies", 4),
    ("unknown side", 'scenario = "1957"\ndesign = "grid"\ngames = 10\nside = "army"\n[[vary]]\n'
                     'path = "model.fear"\nvalues = [1]\n', "side", 4),
    ("wildcard matching nothing", 'scenario = "1957"\ndesign = "grid"\ngames = 10\n[[vary]]\npath = "model.*.x"\n'
                                  'values = [1]\n', "vary[0].path", 5),
    ("too many games", 'scenario = "1957"\ndesign = "grid"\ngames = 2000000\n[[vary]]\npath = "model.fear"\n'
                       'values = [1]\n', "games", 3),
    ("no such scenario", 'scenario = "nowhere"\ndesign = "grid"\ngames = 10\n[[vary]]\npath = "model.fear"\n'
                         'values = [1]\n', "scenario", 1),
    ("a bad fixed override", 'scenario = "1957"\ndesign = "grid"\ngames = 10\nset = ["model.fear=-5"]\n[[vary]]\n'
                             'path = "model.stance"\nvalues = [1]\n', "set", 4),
    ("not TOML", 'scenario = "1957\n', "", 1),
    # a study file is shared like a scenario: it read any file of the reader's machine as a scenario
    ("an absolute scenario path", ('design = "grid"\nscenario = "/etc/passwd"\n[[vary]]\npath = "model.fear"\n'
                                   'values = [1]\n'), "scenario", 2),
    ("a scenario path not .toml", ('scenario = "../../home/me/.netrc"\ndesign = "grid"\n[[vary]]\n'
                                   'path = "model.fear"\nvalues = [1]\n'), "scenario", 1),
]


@pytest.mark.parametrize("why,text,field,line", BAD, ids=[b[0] for b in BAD])
def test_bad_study_files_name_the_file_field_and_line(tmp_path, capsys, why, text, field, line):
    path = write(tmp_path, text)
    with pytest.raises(StudyError) as info:
        load_study(path)
    assert isinstance(info.value, ScenarioError) and isinstance(info.value, ValueError)
    problem = info.value.problems[0]
    assert problem.file.endswith("s.toml") and problem.field == field and problem.line == line
    out = tmp_path / "r.csv"
    assert main(["study", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "s.toml" in err and "Traceback" not in err
    assert not any(p.name.startswith("r.") for p in tmp_path.iterdir())         # nothing half-written


def test_bad_command_lines_exit_2_with_one_line(tmp_path, capsys):
    study = write(tmp_path, 'scenario = "1957"\ndesign = "grid"\ngames = 2\n[[vary]]\npath = "model.fear"\nvalues = [1]\n')
    cases = [
        (["study"], "give a study file"),
        (["study", str(study), "--dask", "local:x"], "--dask"),
        (["study", str(study), "--scheduler", "nowhere"], "--scheduler"),
        (["study", str(study), "--out", str(tmp_path / "r.txt")], ".parquet or .csv"),
        (["study", str(study), "--games", "0"], "--games"),
        (["study", str(study), "--policy", "clever"], "unknown policy"),
        (["study", str(study), "--group", "clever"], "unknown policy"),
        (["study", "--scenario", "1957", "--vary", "actors.zhukov.stance=a:b"], "LOW:HIGH"),
        (["study", "--scenario", "1957", "--vary", "scenario.title"], "scenario.title is not a number"),
        (["study", "--scenario", "1957", "--vary", "words.capital=1:2"], "words.capital is not a number"),
        (["study", "--scenario", "1957", "--vary", "actors.zhukov.returning"], "is not a number"),
        (["study", "--scenario", "1957", "--vary", "actors.nobody.stance"], "nobody"),
        (["study", str(tmp_path / "missing.toml")], "no such study file"),
        # A scenario given where the study file goes: one line saying so, not fifteen 'extra inputs'.
        (["study", str(MINIMAL), "--vary", "model.fear"], "this is a scenario, not a study file"),
        (["study", str(ROOT / "scenarios" / "1957_zhukov_neutral.toml")], "study --scenario"),
    ]
    for argv, words in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, (argv, err)


def test_a_study_that_is_not_a_file_is_named_for_what_it_is(tmp_path, capsys):
    """Found by the second hostile sweep: ``study /dev/null`` and ``study FOLDER`` said "no such study file",
    ``game.study(5)`` was a TypeError and a 5,000-character name an OSError, and ``--dask foo`` was refused
    as ``--scheduler: expected an address``."""
    for source, words in ((tmp_path, "is a directory, not a file"), ("/dev/null", "is a character device"),
                          (5, "give a study file (.toml) or its fields as a dict"), (None, "give a study file"),
                          ("x" * 5000, "cannot be read")):
        with pytest.raises(StudyError) as info:
            load_study(source)
        assert words in str(info.value)
    assert main(["study", str(tmp_path)]) == 2
    assert "is a directory" in capsys.readouterr().err
    assert main(["study", "--scenario", "1957", "--vary", "model.fear", "--dask", "foo"]) == 2
    assert capsys.readouterr().err.startswith("error: --dask: expected local:N, got 'foo'")


def test_real_valued_fields_are_set_directly_and_every_variant_is_what_the_loader_builds():
    import dataclasses
    study = load_study({"scenario": "1957", "design": "grid", "games": 10, "set": ["model.fear=0.8"],
                        "vary": [{"path": "actors.zhukov.stance", "values": [0.1, 0.123456789012345]},
                                 {"path": "sides.group.base_capital", "values": [1, 4]},
                                 {"path": "model.bandwagon", "range": [1.0, 3.0], "steps": 2}]})
    assert [p.direct for p in study.parameters] == [True, False, True]      # an integer goes through the loader
    for point in range(study.points):
        slow, direct = study.recipe(point)
        assert slow == (study.overrides(point)[1],) and len(direct) == 2
        made = study.scenario.variant(slow, direct)
        built = study.scenario.build(study.overrides(point))
        assert made.source_hash != study.scenario.built().source_hash
        assert dataclasses.replace(made, source_hash=built.source_hash) == built
        assert made.model.fear == 0.8 and made.actor("zhukov").stance == round(study.values[point][0], 12)


def test_a_side_id_ending_in_s_reads_reformers_win_rate():
    # "tipping point ... for reformers's win rate" on a crisis whose side is "reformers".
    from game.studies.analysis import possessive
    assert (possessive("reformers"), possessive("group")) == ("reformers'", "group's")
