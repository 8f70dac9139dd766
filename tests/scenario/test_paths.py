"""Scenario files are untrusted: a file path in one may not leave its folder or assets/."""

import pytest

from game.scenario.errors import ScenarioError
from game.scenario.loader import SCENARIO_DIR, load_scenario

BASE = (SCENARIO_DIR / "1957.toml").read_text(encoding="utf-8")
ANCHOR = 'name_ru = "Георгий Константинович Жуков"\n'   # Zhukov, actors[11]


def _with_portrait(tmp_path, value: str, folder: str = "mods"):
    directory = tmp_path / folder
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "portrait.toml"
    text = BASE.replace(ANCHOR, ANCHOR + f"portrait = {value}\n", 1)
    assert text != BASE
    path.write_text(text, encoding="utf-8")
    return path, text


def _problems(path):
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value.problems


@pytest.mark.parametrize("value", [
    "'portraits/zhukov.png'",
    "'./portraits/../zhukov.png'",        # climbs, but stays inside the folder
])
def test_paths_inside_the_scenario_folder_are_accepted(tmp_path, value):
    path, _ = _with_portrait(tmp_path, value)
    s = load_scenario(path)
    assert s.actor("zhukov").portrait is not None


def test_a_path_into_assets_is_accepted():
    # A shipped scenario lives in scenarios/; ../assets/ is the project's assets folder.
    s = load_scenario("1957", overrides=["actors.zhukov.portrait='../assets/portraits/zhukov.png'"])
    assert s.actor("zhukov").portrait == "../assets/portraits/zhukov.png"


@pytest.mark.parametrize("value,words", [
    ("'/etc/passwd'", "absolute"),
    (r"'C:\Windows\win.ini'", "absolute"),
    (r"'\\server\share\x.png'", "absolute"),
    ("'../../secrets.txt'", "leaves the scenario's folder"),
    ("'portraits/../../../secrets.txt'", "leaves the scenario's folder"),
    (r"'..\..\secrets.txt'", "leaves the scenario's folder"),
    ("'file:///etc/passwd'", "not a URL"),
    ("'https://example.com/x.png'", "not a URL"),
    ("''", "non-empty"),
])
def test_escaping_paths_are_rejected_with_file_field_and_line(tmp_path, value, words):
    path, text = _with_portrait(tmp_path, value)
    problems = _problems(path)
    assert len(problems) == 1
    (p,) = problems
    assert p.file == str(path)
    assert p.field == "actors[11].portrait"
    assert p.line == text.splitlines().index(f"portrait = {value}") + 1
    assert words in p.message


def test_a_symlink_out_of_the_folder_is_rejected(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    path, _ = _with_portrait(tmp_path, "'link/secret.png'")
    (path.parent / "link").symlink_to(outside, target_is_directory=True)
    (p,) = _problems(path)
    assert "leaves the scenario's folder" in p.message


def test_a_variant_may_point_into_the_folder_of_the_file_it_extends(tmp_path):
    # The base lives in a subfolder of the variant's folder: `extends` may not climb out of the
    # variant's folder or be absolute (tests/scenario/test_hostile.py), so the variant sits above it.
    base, _ = _with_portrait(tmp_path, "'portraits/zhukov.png'", folder="mods/base")
    variant = tmp_path / "mods" / "v.toml"
    variant.write_text('extends = "base/portrait.toml"\n\n[scenario]\nid = "v"\n'
                       'aliases = []\ntitle = "A variant"\nyear = 1957\nsummary = "x"\n', encoding="utf-8")
    assert load_scenario(variant).actor("zhukov").portrait == "portraits/zhukov.png"


def test_validate_cli_reports_an_escaping_path(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    path, _ = _with_portrait(tmp_path, "'../../../../etc/passwd'")
    out = subprocess.run([sys.executable, "main.py", "validate", str(path)],
                         cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True)
    assert out.returncode == 2
    assert "actors[11].portrait" in out.stderr and "Traceback" not in out.stderr
