"""Values are strict: no NaN or infinity anywhere, no coercion between types (an integer is still
a number), real calendar dates, and cost keys that are action kinds."""

import math
from pathlib import Path

import pytest

from game.engine.actions import ACTION_TYPES, DEFAULT_COSTS
from game.scenario.errors import ScenarioError
from game.scenario.loader import load_scenario

MINIMAL = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "base" / "minimal.toml").read_text(encoding="utf-8")


def _load(tmp_path, extra: str, **kw):
    """The minimal scenario with ``extra`` written onto it as a variant."""
    (tmp_path / "base.toml").write_text(MINIMAL, encoding="utf-8")
    path = tmp_path / "v.toml"
    path.write_text(f'extends = "base.toml"\n\n[scenario]\nid = "v"\n{extra}', encoding="utf-8")
    return load_scenario(path, **kw)


def _problems(tmp_path, extra: str):
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, extra)
    return info.value.problems


def test_the_minimal_scenario_loads(tmp_path):
    assert _load(tmp_path, "").id == "v"


# ---------------------------------------------------------------- finite numbers
NON_FINITE = ["nan", "+nan", "-nan", "inf", "+inf", "-inf"]
NUMBER_FIELDS = [
    ('\n[[actors]]\nid = "premier"\nstance = {}\n', "actors[2].stance"),
    ('\n[[actors]]\nid = "premier"\nbelief = {{ minister = {} }}\n', "actors[2].belief.minister"),
    ('\n[[sides]]\nid = "secretary"\nlegitimacy = {}\n', "sides[0].legitimacy"),
    ('\n[[blocs]]\nid = "secretaries"\nstance = {{ mean = {}, sd = 0.1 }}\n', "blocs[0].stance.mean"),
    ('\n[model]\nsharpness = {}\n', "model.sharpness"),
    ('\n[rules]\npower_values = {{ army = {} }}\n', "rules.power_values.army"),
    ('\n[[motions]]\nid = "confirm"\nrequires = {{ legitimacy = {{ side = "minister", above = {} }} }}\n',
     "motions[1].requires.legitimacy.above"),
    ('\n[[motions]]\nid = "confirm"\nrequires = {{ signatures = {{ below = {} }} }}\n', "motions[1].requires.signatures.below"),
    ('\n[[motions]]\nid = "confirm"\nrequires = {{ stance = {{ actor = "premier", above = {} }} }}\n',
     "motions[1].requires.stance.above"),
]


@pytest.mark.parametrize("value", NON_FINITE)
@pytest.mark.parametrize("template,field", NUMBER_FIELDS, ids=[f for _, f in NUMBER_FIELDS])
def test_no_number_may_be_nan_or_infinite(tmp_path, template, field, value):
    problems = _problems(tmp_path, template.format(value))
    assert [p.field for p in problems] == [field]
    assert "finite number" in problems[0].message


# ---------------------------------------------------------------- strict types
@pytest.mark.parametrize("extra,field,words", [
    ('year = "1957"\n', "scenario.year", "valid integer"),
    ('year = 1957.0\n', "scenario.year", "valid integer"),
    ('year = true\n', "scenario.year", "valid integer"),
    ('title = 1957\n', "scenario.title", "valid string"),
    ('flags = [1]\n', "scenario.flags[0]", "valid string"),
    ('\n[[sides]]\nid = "secretary"\nbase_capital = true\n', "sides[0].base_capital", "valid integer"),
    ('\n[[sides]]\nid = "secretary"\nbase_capital = "2"\n', "sides[0].base_capital", "valid integer"),
    ('\n[[actors]]\nid = "premier"\nstance = true\n', "actors[2].stance", "valid number"),
    ('\n[[actors]]\nid = "premier"\nstance = "0.5"\n', "actors[2].stance", "valid number"),
    ('\n[[actors]]\nid = "premier"\ndays_away = 2.0\n', "actors[2].days_away", "valid integer"),
    ('\n[[actors]]\nid = "premier"\nreturning = 1\n', "actors[2].returning", "valid boolean"),
    ('\n[[actors]]\nid = "premier"\nreturning = "yes"\n', "actors[2].returning", "valid boolean"),
    ('\n[[blocs]]\nid = "secretaries"\nfull = 20.0\n', "blocs[0].full", "valid integer"),
    ('\n[rules]\nrounds_per_turn = "2"\n', "rules.rounds_per_turn", "valid integer"),
])
def test_types_are_not_coerced(tmp_path, extra, field, words):
    problems = _problems(tmp_path, extra)
    assert [p.field for p in problems] == [field], problems
    assert words in problems[0].message


def test_an_integer_is_still_a_number(tmp_path):
    s = _load(tmp_path, '\n[[actors]]\nid = "premier"\nstance = 1\nconviction = 0\n\n[model]\nsharpness = 3\n')
    premier = s.actor("premier")
    assert premier.stance == 1.0 and isinstance(premier.stance, float) and premier.conviction == 0.0
    assert s.model.sharpness == 3.0 and math.isfinite(s.model.sharpness)


# ---------------------------------------------------------------- costs
def test_costs_must_name_action_kinds(tmp_path):
    problems = _problems(tmp_path, '\n[rules]\ncosts = { lobby = 2, bribe = 0, Lobby = 1 }\n')
    assert sorted(p.field for p in problems) == ["rules.costs.Lobby.[key]", "rules.costs.bribe.[key]"]
    assert all("'call_vote'" in p.message for p in problems)
    s = _load(tmp_path, '\n[rules]\ncosts = { lobby = 2, force = 5 }\n')
    assert s.rules.costs == {"lobby": 2, "force": 5}


def test_the_cost_keys_are_the_engines_action_kinds():
    from game.scenario.schema import ActionKind
    import typing
    assert set(typing.get_args(ActionKind)) == set(DEFAULT_COSTS) == set(ACTION_TYPES)


# ---------------------------------------------------------------- dates
@pytest.mark.parametrize("date", ["1959-06-31", "1959-02-29", "1959-13-01", "1959-00-10", "1959-01-00", "0000-01-01"])
def test_dates_are_real_calendar_dates(tmp_path, date):
    for extra, field in [(f'\n[[calendar]]\ndate = "{date}"\nlabel = "x"\n', "calendar[0].date"),
                         (f'\n[[events]]\nid = "tanks"\nwhen = {{ date_from = "{date}" }}\n', "events[0].when.date_from"),
                         (f'\n[[historical.steps]]\nside = "minister"\ndate = "{date}"\naction = {{ kind = "pass" }}\n',
                          "historical.steps[0].date")]:
        problems = _problems(tmp_path, extra)
        assert [p.field for p in problems] == [field]
        assert "is not a date on the calendar" in problems[0].message


def test_a_leap_day_is_a_date(tmp_path):
    assert _load(tmp_path, '\n[[calendar]]\ndate = "1960-02-29"\nlabel = "Leap day"\n').calendar[0].date == "1960-02-29"
