"""Scenario loading: names and aliases, variants, overrides, and bad input refused whole."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import game
from game.scenario.errors import ScenarioError
from game.scenario.loader import SCENARIO_DIR, load_scenario

ROOT = Path(__file__).resolve().parents[2]
BASE = (SCENARIO_DIR / "1957.toml").read_text(encoding="utf-8")


def test_load_by_id_alias_and_path():
    a = load_scenario("1957")
    assert load_scenario("anti_party_group").id == a.id
    assert load_scenario(SCENARIO_DIR / "1957.toml").source_hash == a.source_hash
    assert len(a.actors) >= 22 and {s.id for s in a.sides} == {"khrushchev", "group"}


def test_every_actor_has_a_russian_name_and_a_biography():
    s = load_scenario("1957")
    for a in s.actors:
        assert re.search("[А-Яа-яЁё]", a.name_ru), a.id
        assert len(a.bio) > 40, a.id


def test_central_committee_matches_the_record():
    s = load_scenario("1957")
    full = sum(b.full for b in s.blocs) + sum(a.cc == "full" for a in s.actors)
    cand = sum(b.candidate for b in s.blocs) + sum(a.cc == "candidate" for a in s.actors)
    assert (full, cand) == (133, 122)  # elected February 1956


def test_override_changes_a_field_and_the_hash():
    a = load_scenario("1957")
    b = load_scenario("1957", overrides=["actors.zhukov.stance=-0.3"])
    assert b.actor("zhukov").stance == -0.3 and b.source_hash != a.source_hash


def _write(tmp_path, text, name="bad.toml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _problems(path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value.problems


def _set_actor_field(text, actor, key, value):
    """Replace one field of one [[actors]] entry; returns (text, line number of the field)."""
    lines = text.splitlines()
    start = lines.index(f'id = "{actor}"')
    at = next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} ="))
    lines[at] = f"{key} = {value}"
    return "\n".join(lines) + "\n", at + 1


def test_wrong_type_names_file_field_and_line(tmp_path):
    text, line = _set_actor_field(BASE, "bulganin", "stance", '"traitor"')
    p = _write(tmp_path, text)
    (problem,) = _problems(p)
    assert problem.file == str(p) and problem.field == "actors[1].stance"
    assert problem.line == line
    assert "number" in problem.message


def test_missing_field(tmp_path):
    p = _write(tmp_path, BASE.replace('name = "Nikolai Bulganin"\n', "", 1))
    assert any(pr.field == "actors[1].name" and "add this field" in pr.message for pr in _problems(p))


def test_unknown_actor_reference(tmp_path):
    p = _write(tmp_path, BASE.replace('commander = "zhukov"', 'commander = "zhukoff"', 1))
    (problem,) = _problems(p)
    assert problem.field == "institutions[0].commander" and "unknown actor 'zhukoff'" in problem.message


def test_duplicate_id(tmp_path):
    p = _write(tmp_path, BASE.replace('id = "voroshilov"', 'id = "bulganin"', 1))
    assert any("duplicate id 'bulganin'" in pr.message for pr in _problems(p))


def test_bad_toml(tmp_path):
    p = _write(tmp_path, BASE.replace('[[bodies]]', '[[bodies]', 1))
    (problem,) = _problems(p)
    assert "not valid TOML" in problem.message and problem.line is not None


def test_absurd_numbers(tmp_path):
    p = _write(tmp_path, BASE.replace("full = 48", "full = 5000000", 1).replace("conviction = 1.0", "conviction = 7", 1))
    fields = {pr.field for pr in _problems(p)}
    assert {"blocs[0].full", "actors[0].conviction"} <= fields


def test_unknown_key_suggests_a_fix(tmp_path):
    p = _write(tmp_path, BASE.replace("conviction = 1.0", "convicton = 1.0", 1))
    assert any("convicton" in pr.field and "spelling" in pr.message for pr in _problems(p))


def test_validate_cli_exits_2_with_one_line_per_problem(tmp_path):
    text, _ = _set_actor_field(BASE.replace('commander = "zhukov"', 'commander = "zhukoff"', 1), "bulganin", "stance", "9")
    p = _write(tmp_path, text)
    out = subprocess.run([sys.executable, "main.py", "validate", str(p)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 or len(lines) == 2
    assert all(str(p) in line for line in lines) and "Traceback" not in out.stderr


def test_validate_cli_accepts_the_shipped_scenarios():
    out = subprocess.run([sys.executable, "main.py", "validate", "1957"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_new_game_from_a_bad_file_loads_nothing(tmp_path):
    p = _write(tmp_path, BASE.replace('commander = "zhukov"', 'commander = "zhukoff"', 1))
    with pytest.raises(ScenarioError):
        game.new_game(str(p))
