"""The hostile corpus (tests/data/hostile/, one README line per input): every input is refused by
`python main.py validate` with exit code 2 and clear lines naming a file of the corpus and the
reason, never a traceback, never silently accepted; and every `--set` in overrides.json likewise."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.cli import main as cli_main
from game.scenario.errors import ScenarioError
from game.scenario.loader import MAX_BYTES, load_scenario

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
INPUTS = sorted(HOSTILE.glob("*.toml")) + [HOSTILE / "duplicate_ids"]
OVERRIDES = json.loads((HOSTILE / "overrides.json").read_text(encoding="utf-8"))

REASONS = {
    # paths
    "paths_extends_absolute.toml": "extends: must be relative to this file's folder",
    "paths_extends_absolute_windows.toml": "extends: must be relative to this file's folder",
    "paths_extends_unc.toml": "extends: must be relative to this file's folder",
    "paths_extends_dotdot.toml": "extends: leaves the scenarios folder",
    "paths_extends_dotdot_hidden.toml": "extends: leaves the scenarios folder",
    "paths_extends_nul.toml": "extends: the path contains a NUL byte",
    "paths_extends_long_name.toml": "each name in a path may be at most 255",
    "paths_extends_long_path.toml": "a path may be at most 4,096",
    "paths_extends_url.toml": "not a URL",
    "paths_extends_cwd_file.toml": "extends: 'README.md': not a scenario id",
    "paths_extends_not_toml.toml": "extends: '../../../main.py': not a scenario id",
    "paths_extends_missing.toml": "extends: 'base/no_such_file.toml': cannot read it",
    "paths_extends_number.toml": "extends: must be a scenario id or a path ending in .toml",
    "paths_extends_loop_a.toml": "extend each other in a loop",
    "paths_extends_loop_b.toml": "extend each other in a loop",
    "paths_extends_too_deep.toml": "variants extend each other too deeply",
    "paths_portrait_absolute.toml": "actors[1].portrait: must be relative to the scenario's folder",
    "paths_portrait_dotdot.toml": "actors[1].portrait: leaves the scenario's folder",
    "paths_portrait_nul.toml": "actors[1].portrait: contains a NUL byte",
    "paths_portrait_long_name.toml": "actors[2].portrait: String should have at most 200 characters",
    "paths_portrait_url.toml": "actors[1].portrait: must be a file path relative to the scenario's folder, not a URL",
    # values
    "values_nan.toml": "actors[2].stance: Input should be a finite number",
    "values_inf.toml": "sides[0].legitimacy: Input should be a finite number",
    "values_model_weight_minus_inf.toml": "model.sharpness: Input should be a finite number",
    "values_bloc_mean_nan.toml": "blocs[0].stance.mean: Input should be a finite number",
    "values_threshold_inf.toml": "motions[1].requires.legitimacy.above: Input should be a finite number",
    "values_year_string.toml": "scenario.year: Input should be a valid integer (got '1957')",
    "values_base_capital_bool.toml": "sides[0].base_capital: Input should be a valid integer (got True)",
    "values_stance_bool.toml": "actors[2].stance: Input should be a valid number (got True)",
    "values_days_away_float.toml": "actors[2].days_away: Input should be a valid integer (got 2.0)",
    "values_flag_number.toml": "scenario.flags[0]: Input should be a valid string",
    "values_costs_unknown_kind.toml": "rules.costs.bribe: not a key this table takes",
    "values_date_june_31.toml": "calendar[0].date: '1959-06-31' is not a date on the calendar",
    "values_date_month_13.toml": "events[0].when.date_from: '1959-13-01' is not a date on the calendar",
    "values_step_unknown_motion.toml": "historical.steps[0].action.motion: unknown motion 'abolish_the_party'",
    "values_step_unknown_side.toml": "historical.steps[0].side: unknown side 'army'",
    "values_step_wrong_target_kind.toml": "historical.steps[0].action.target: unknown actor 'secretaries'",
    "values_step_missing_target.toml": "a 'promise' action needs 'post'",
    "values_step_extra_key.toml": "a 'threaten' action takes no target; remove 'target'",
    "values_step_unknown_kind.toml": "unknown action kind 'shoot'",
    "values_step_bad_compromise.toml": "unknown compromise 'share_power'",
    # references
    "refs_condition_unknown_motion.toml": "events[1].when.failed: unknown motion 'remove_secretry'",
    "refs_condition_flag_never_set.toml": "motions[1].requires.flag: flag 'removd' is never set",
    "refs_effect_unflag_never_set.toml": "motions[2].on_pass[0].unflag: flag 'remoevd' is never set",
    "refs_effect_end_unknown_outcome.toml": "events[1].effects[0].end: unknown outcome 'confirmd'",
    "refs_effect_toward_unknown_side.toml": "motions[1].on_pass[0].stance.toward: unknown side 'army'",
    "refs_selection_unknown_bloc.toml": "events[1].when.stance.bloc: unknown bloc 'secretarys'",
    "refs_condition_unknown_institution.toml": "events[1].when.backing.institution: unknown institution 'kgb'",
    "refs_effect_chair_unknown_body.toml": "motions[1].on_pass[0].chair.body: unknown body 'politburo'",
    "refs_belief_unknown_side.toml": "actors[2].belief.army: unknown side 'army'",
    "refs_fate_unknown_key.toml": "actors[2].fates.force:army: fate key 'force:army' is not",
    "refs_patron_unknown.toml": "actors[2].patron: unknown actor 'first_secretry'",
    "refs_proposer_unknown_side.toml": "motions[1].proposers[1]: unknown side 'army'",
    "refs_demand_motion_unknown.toml": "bodies[1].demand_motion: unknown motion 'convene_plenum'",
    "refs_sitting_unknown_body.toml": "calendar[0].sittings[0]: unknown body 'presidum'",
    "refs_event_choices_without_chooser.toml": "events[1].chooser: an event with choices needs a 'chooser' side",
    "refs_choice_duplicate_id.toml": "events[1].choices[1].id: duplicate id 'accept'",
    "refs_historical_choice_unknown_event.toml": "historical.choices.parade: unknown event 'parade'",
    "refs_historical_choice_unknown_choice.toml": "historical.choices.tanks: unknown choice 'retreat'",
    "refs_first_to_move_unknown.toml": "rules.first_to_move: unknown side 'army'",
    "refs_compromise_unknown_winner.toml": "compromises[0].winner: unknown side 'ministers'",
    # dates
    "dates_step_after_calendar.toml": "historical.steps[0].date: '1959-03-05' is outside the calendar",
    "dates_condition_before_calendar.toml": "motions[3].requires.date_to: '1959-02-03' is outside the calendar",
    "dates_calendar_wrong_year.toml": "scenario.year: the scenario's year is 1995, but its calendar starts on 1959-03-02",
    "dates_calendar_not_increasing.toml": "calendar[1].date: calendar dates must increase",
    "dates_arrival_after_calendar.toml": "actors[2].days_away: on his way back from 3 days away, he would arrive after",
    # duplicates
    "duplicate_ids": "id 'dup_one' is also an alias of",
    # text
    "text_title_ansi.toml": "scenario.title: contains an escape character",
    "text_name_bidi_override.toml": "actors[2].name: contains a Unicode bidi control",
    "text_label_bidi_isolate.toml": "events[0].title: contains a Unicode bidi control",
    "text_title_newline.toml": "scenario.title: contains a line break",
    "text_bio_bell.toml": "actors[2].bio: contains a control character (U+0007)",
    "text_c1_csi.toml": "calendar[0].label: contains a control character (U+009B)",
    "text_delete_char.toml": "scenario.summary: contains a control character (U+007F)",
    "text_fate_key_control.toml": "a key contains an escape character",
    "text_message_effect_escape.toml": "events[0].effects[0].message: contains an escape character",
    "text_raw_escape_byte.toml": "not valid TOML: Illegal character",
    # sizes
    "sizes_bloc_people.toml": "blocs: the blocs hold 3,000 members in all; a scenario may generate at most 2,000",
    "sizes_calendar_61_days.toml": "calendar: List should have at most 60 items",
    "sizes_actors_203.toml": "actors: List should have at most 200 items",
}
CATEGORIES = ("paths_", "values_", "refs_", "dates_", "duplicate_", "text_", "sizes_")


def test_the_corpus_is_complete_and_documented():
    assert {p.name for p in INPUTS} == set(REASONS)
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    for name in [*REASONS, "overrides.json"]:
        assert re.search(rf"^\| [^|]*{re.escape(name)}", readme, flags=re.M), f"{name} has no README line"
    assert all(name.startswith(CATEGORIES) for name in REASONS)


def test_the_base_the_inputs_extend_is_valid(capsys):
    assert cli_main(["validate", str(HOSTILE / "base" / "minimal.toml")]) == 0


def _check_lines(err: str) -> list[str]:
    lines = err.strip().splitlines()
    assert lines
    for line in lines:
        assert line.startswith(str(HOSTILE)), line         # names a file of the corpus
        assert "Traceback" not in line and len(line) < 600, line
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line), line
    return lines


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_validate_refuses_each_hostile_input(path, capsys):
    start = time.monotonic()
    assert cli_main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    _check_lines(captured.err)
    assert REASONS[path.name] in captured.err, captured.err
    assert time.monotonic() - start < 10


def test_the_whole_corpus_in_a_fresh_process_without_traceback():
    start = time.monotonic()
    out = subprocess.run([sys.executable, "main.py", "validate", *map(str, INPUTS)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert out.stdout == ""                                 # not one input was accepted
    _check_lines(out.stderr)
    for path in INPUTS:
        assert REASONS[path.name] in out.stderr
    assert time.monotonic() - start < 60


@pytest.mark.parametrize("case", OVERRIDES, ids=lambda c: c["set"][:40])
def test_each_hostile_override_is_refused_in_one_line(case):
    start = time.monotonic()
    with pytest.raises(ScenarioError) as info:
        load_scenario("1957", overrides=[case["set"]])
    (p,) = info.value.problems
    line = str(p)
    assert line.startswith("--set: ") and "\n" not in line and len(line) < 600
    assert "\x1b" not in line and "\u202e" not in line
    assert case["refused_for"] in line, line
    assert time.monotonic() - start < 5


# ---------------------------------------------------------------- made at test time
def _generated(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    out = {}
    os.mkfifo(tmp_path / "fifo.toml")
    out["fifo"] = (tmp_path / "fifo.toml", "is a FIFO (named pipe), not a regular file")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    out["device"] = (tmp_path / "zero.toml", "is a character device, not a regular file")
    (tmp_path / "folder.toml").mkdir()
    (tmp_path / "folder.toml" / "inner.toml").write_text("", encoding="utf-8")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "x.toml").write_text((HOSTILE / "base" / "minimal.toml").read_text(), encoding="utf-8")
    (tmp_path / "mods").mkdir()
    (tmp_path / "mods" / "link.toml").symlink_to(tmp_path / "outside" / "x.toml")
    out["link_out"] = (tmp_path / "mods" / "link.toml", "outside the folder")
    with open(tmp_path / "big.toml", "wb") as f:
        f.truncate(MAX_BYTES + 1)
    out["big"] = (tmp_path / "big.toml", "a scenario may be at most 2,000,000")
    for name, target in [("extends_fifo", "fifo.toml"), ("extends_device", "zero.toml"),
                         ("extends_folder", "folder.toml"), ("extends_big", "big.toml")]:
        (tmp_path / f"{name}.toml").write_text(f'extends = "{target}"\n', encoding="utf-8")
    out["extends_fifo"] = (tmp_path / "extends_fifo.toml", "'fifo.toml' is a FIFO")
    out["extends_device"] = (tmp_path / "extends_device.toml", "link that leads outside")
    out["extends_folder"] = (tmp_path / "extends_folder.toml", "'folder.toml' is a directory")
    out["extends_big"] = (tmp_path / "extends_big.toml", "a scenario may be at most 2,000,000")
    return out


def test_generated_hostile_files_are_refused_without_blocking(tmp_path, capsys):
    start = time.monotonic()
    for name, (path, words) in _generated(tmp_path).items():
        assert cli_main(["validate", str(path)]) == 2, name
        err = capsys.readouterr().err
        assert words in err and "Traceback" not in err, (name, err)
    assert time.monotonic() - start < 20
