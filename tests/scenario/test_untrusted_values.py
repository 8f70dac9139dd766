"""Values are strict: no NaN or infinity anywhere, no coercion between types (an integer is still
a number), real calendar dates, cost keys that are action kinds, and historical steps that name
things that exist."""

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
    assert sorted(p.field for p in problems) == ["rules.costs.Lobby", "rules.costs.bribe"]
    assert all("not a key this table takes" in p.message and "'call_vote'" in p.message for p in problems)
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
    leap = 'year = 1960\n\n[[calendar]]\ndate = "1960-02-29"\nlabel = "Leap day"\n\n[historical]\nsteps = []\n'
    assert _load(tmp_path, leap).calendar[0].date == "1960-02-29"


# ---------------------------------------------------------------- historical steps
def _step(side: str, action: str) -> str:
    return f'\n[[historical.steps]]\nside = "{side}"\ndate = "1959-03-02"\naction = {action}\n'


@pytest.mark.parametrize("side,action,field,words", [
    ("army", '{ kind = "call_vote", motion = "confirm" }', "historical.steps[0].side", "unknown side 'army'"),
    ("minister", '{ kind = "call_vote", motion = "abolish" }', "historical.steps[0].action.motion", "unknown motion 'abolish'"),
    ("minister", '{ kind = "call_vote", motion = "presidium" }', "historical.steps[0].action.motion", "unknown motion 'presidium'"),
    ("minister", '{ kind = "lobby", target = "secretaries" }', "historical.steps[0].action.target", "unknown actor 'secretaries'"),
    ("minister", '{ kind = "promise", target = "premier", post = "tsar" }', "historical.steps[0].action.post", "unknown post 'tsar'"),
    ("minister", '{ kind = "court", institution = "kgb" }', "historical.steps[0].action.institution", "unknown institution 'kgb'"),
    ("minister", '{ kind = "airlift", bloc = "premier" }', "historical.steps[0].action.bloc", "unknown bloc 'premier'"),
    ("minister", '{ kind = "signatures", body = "senate" }', "historical.steps[0].action.body", "unknown body 'senate'"),
    ("minister", '{ kind = "stall", body = "army" }', "historical.steps[0].action.body", "unknown body 'army'"),
    ("minister", '{ kind = "compromise", compromise = "truce" }', "historical.steps[0].action.compromise", "unknown compromise 'truce'"),
    ("minister", '{ kind = "choose", option = "surrender" }', "historical.steps[0].action.option", "unknown choice 'surrender'"),
    ("minister", '{ kind = "intelligence", target = "army" }', "historical.steps[0].action.target", "unknown actor or bloc 'army'"),
    ("minister", '{ kind = "promise", target = "premier" }', "historical.steps[0].action", "needs 'post'"),
    ("minister", '{ kind = "threaten", target = "premier" }', "historical.steps[0].action.target", "takes no target; remove 'target'"),
    ("minister", '{ kind = "call_vote", motion = "confirm", side = "secretary" }', "historical.steps[0].action.side", "remove 'side'"),
    ("minister", '{ kind = "shoot" }', "historical.steps[0].action.kind", "unknown action kind 'shoot'"),
    ("minister", '{ motion = "confirm" }', "historical.steps[0].action", "add the action's kind"),
    ("minister", '{ kind = "call_vote", motion = 1 }', "historical.steps[0].action.motion", "valid string"),
])
def test_a_historical_step_names_what_exists(tmp_path, side, action, field, words):
    problems = _problems(tmp_path, _step(side, action))
    assert [p.field for p in problems] == [field], problems
    assert words in problems[0].message
    assert problems[0].line is not None


def test_valid_steps_of_every_kind_are_accepted(tmp_path):
    extra = "".join(_step("minister", a) for a in [
        '{ kind = "pass" }', '{ kind = "lobby", target = "premier" }', '{ kind = "intelligence", target = "secretaries" }',
        '{ kind = "airlift", bloc = "secretaries" }', '{ kind = "court", institution = "army" }',
        '{ kind = "stall", body = "presidium" }',
        '{ kind = "propaganda", bloc = "secretaries" }', '{ kind = "threaten" }', '{ kind = "force" }',
        '{ kind = "choose", option = "hold" }', '{ kind = "reveal", target = "premier" }'])
    assert len(_load(tmp_path, extra).historical) == 11
    # Well formed but never possible: this plenum takes no signatures, so the step would be skipped in every game.
    problems = _problems(tmp_path, _step("minister", '{ kind = "signatures", body = "plenum" }'))
    assert [p.field for p in problems] == ["historical.steps[0].action"], problems
    assert "can never take this action" in problems[0].message and "no demand_signatures" in problems[0].message


# ---------------------------------------------------------------- bounds on chances
def test_a_lowest_chance_cannot_exceed_the_highest(tmp_path):
    problems = _problems(tmp_path, '\n[model]\nlobby_odds_min = 0.9\nlobby_odds_max = 0.2\nstall_odds_min = 0.5\n')
    assert [p.field for p in problems] == ["model.lobby_odds_min"]
    assert "0.9 is above lobby_odds_max = 0.2" in problems[0].message and problems[0].line
    assert _load(tmp_path, '\n[model]\nlobby_odds_min = 0.4\nlobby_odds_max = 0.4\n').model.lobby_odds_max == 0.4


def test_the_two_sides_need_two_leaders(tmp_path):
    """Found by a hostile sweep: both sides led by one man loaded and played (he could not be lobbied by either,
    and force 'arrested the other side's leader', himself)."""
    (problem,) = _problems(tmp_path, '\n[[sides]]\nid = "minister"\nleader = "first_secretary"\n')
    assert problem.field == "sides[1].leader" and "already leads 'secretary'" in problem.message and problem.line
