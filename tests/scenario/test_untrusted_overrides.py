"""`--set` overrides are checked like the file: the same strict schema, no key the schema does not
have, no `extends` or id, and bounded text. Each refusal is one ScenarioError line naming the override."""

import pytest

from game.scenario.errors import ScenarioError
from game.scenario.loader import load_scenario


def _refused(*overrides: str):
    with pytest.raises(ScenarioError) as info:
        load_scenario("1957", overrides=list(overrides))
    problems = info.value.problems
    assert len(problems) == 1, problems
    (p,) = problems
    line = str(p)
    assert "\n" not in line and len(line) < 600 and line.startswith("--set: ")
    return p


def test_good_overrides_still_work():
    s = load_scenario("1957", overrides=["actors.zhukov.stance=0.0", "institutions.army.airlift=0",
                                         "rules.costs.lobby=3", "model.sharpness=2", "scenario.title=What if",
                                         "blocs.regional_secretaries.stance.mean=0.5",
                                         "actors.zhukov.belief.group=-0.2", "actors.zhukov.stance=1"])
    assert s.actor("zhukov").stance == 1.0 and s.rules.costs["lobby"] == 3 and s.title == "What if"
    s = load_scenario("1964", overrides=["historical.choices.i_wont_fight=fight"])
    assert s.historical_choices["i_wont_fight"] == "fight"


@pytest.mark.parametrize("override,words", [
    ("actors.zhukov.zz=1", "unknown key 'zz' in actors.zhukov; known keys: ambition"),
    ("actors.zhukov.stanse=1", "unknown key 'stanse' in actors.zhukov; did you mean 'stance'?"),
    ("zz=1", "unknown key 'zz' in the top level"),
    ("rules.round_per_turn=3", "did you mean 'rounds_per_turn'?"),
    ("model.sharpnes=3", "did you mean 'sharpness'?"),
    ("actors.zhukov.stance.mean=1", "actors.zhukov.stance is a single value, not a table"),
    ("actors.zhukov.offices.x=1", "is a list without ids; set it whole"),
    ("actors.nobody.stance=1", "no entry with id 'nobody' in actors"),
    ("actors.zhukov=1", "name a field of the entry"),
])
def test_unknown_keys_are_refused_with_a_suggestion(override, words):
    p = _refused(override)
    assert p.field == override and words in p.message, p.message


@pytest.mark.parametrize("override,words", [
    ("extends=1953", "'extends' cannot be overridden"),
    ("extends.x=1", "'extends' cannot be overridden"),
    ("scenario.id=other", "the scenario's id cannot be overridden"),
    ("id=other", "the scenario's id cannot be overridden"),
    ("scenario={ id = 'other' }", "not the whole table"),
])
def test_extends_and_the_id_cannot_be_overridden(override, words):
    assert words in _refused(override).message


@pytest.mark.parametrize("override,field,words", [
    ("scenario.year='1957'", "scenario.year", "valid integer"),
    ("sides.khrushchev.base_capital=true", "sides[0].base_capital", "valid integer"),
    ("actors.zhukov.stance=true", "actors[11].stance", "valid number"),
    ("actors.zhukov.days_away=2.0", "actors[11].days_away", "valid integer"),
    ("actors.zhukov.stance=nan", "actors[11].stance", "finite number"),
    ("actors.zhukov.stance=-inf", "actors[11].stance", "finite number"),
    ("actors.zhukov.stance=7", "actors[11].stance", "less than or equal to 1"),
    ("rules.costs.bribe=1", "rules.costs.bribe", "not a key this table takes"),
    ("calendar=[{ date = '1957-06-31', label = 'x' }]", "calendar[0].date", "not a date on the calendar"),
    ('scenario.title="\\u202eevil"', "scenario.title", "bidi control"),   # the TOML escape, not the character
])
def test_values_are_checked_like_the_file(override, field, words):
    p = _refused(override)
    assert p.file == "--set" and p.field == override and p.line is None
    assert p.message.startswith(f"{field}: ") and words in p.message, p.message


@pytest.mark.parametrize("override,words", [
    ("scenario.title=a\nb", "contains a newline"),
    ("scenario.title=a\rb", "contains a newline"),
    ("scenario.title=\x1b[31mred", "control character"),
    ("scenario.title=\x00", "control character"),
    ("scenario.title=\u202eevil", "bidi control"),
    ("actors.zhukov.stance=" + "1" * 101, "a number of 101 characters; a number may be at most 100"),
    ("actors.zhukov.stance=0." + "0" * 5000, "a number may be at most 100"),
    ("actors.zhukov.stance=" + "9" * 100_000, "an override may be at most 10,000"),
    ("actors.zhukov.stance=" + "[" * 21 + "]" * 21, "more than 20 deep"),
    ("actors.zhukov.stance=" + "{a=" * 21 + "1" + "}" * 21, "more than 20 deep"),
    ("actors.zhukov.stance=" + "[" * 100_000, "an override may be at most 10,000"),
    ("actors.zhukov.stance=" + "[" * 5000, "more than 20 deep"),
    (".".join(["a"] * 21) + "=1", "the path has 21 parts; at most 20"),
    ("actors..stance=1", "not a field name or an id"),
    ("actors.zhu kov.stance=1", "not a field name or an id"),
    ("actors.zhukov.stance", "write an override as path=value"),
    ("=1", "write an override as path=value"),
])
def test_bounded_text_is_refused_before_it_is_parsed(override, words):
    p = _refused(override)
    assert words in p.message, p.message


def test_strings_that_are_not_toml_are_taken_as_text():
    assert load_scenario("1957", overrides=["scenario.title=Plain words"]).title == "Plain words"


def test_overrides_must_be_a_list_of_strings():
    for bad in ["actors.zhukov.stance=0", 5]:
        with pytest.raises(ScenarioError):
            load_scenario("1957", overrides=bad)
    with pytest.raises(ScenarioError):
        load_scenario("1957", overrides=[5])


def test_one_field_of_a_table_the_file_leaves_out_keeps_the_others_default():
    """Found by the second hostile sweep: 1957's military bloc writes no ``caution``, so ``--set
    blocs.military.caution.sd=0`` made a table of one ``sd`` and was refused as the file's fault
    ("1957.toml:729: blocs[3].caution.mean: Field required: add this field"), and ``...caution.mean=0.5``
    silently dropped the default's sd of 0.15 to 0 (every member the same)."""
    def military(*overrides):
        return next(b for b in load_scenario("1957", overrides=list(overrides)).blocs if b.id == "military")

    caution = military().caution
    assert caution.sd > 0
    assert military("blocs.military.caution.mean=0.5").caution == type(caution)(0.5, caution.sd)
    assert military("blocs.military.caution.sd=0").caution == type(caution)(caution.mean, 0.0)
    p = _refused("blocs.military.caution.sd=-1")
    assert p.field == "blocs.military.caution.sd=-1" and "greater than or equal to 0" in p.message


def test_a_problem_only_the_overrides_make_names_them_not_a_line_of_the_file():
    """Found by the second hostile sweep: ``--set model.lobby_odds_max=0`` was refused as
    "1957.toml:53: model.lobby_odds_min: ... is above lobby_odds_max", and ``--set model.promise_ambition=1``
    as "1957.toml:1203: historical.steps[2].action: ... can never take this action": lines of a file that is
    fine, for a problem the override made."""
    p = _refused("model.lobby_odds_max=0.0")
    assert p.field == "model.lobby_odds_max=0.0" and p.line is None
    assert p.message.startswith("model.lobby_odds_min: lobby_odds_min = 0.05 is above lobby_odds_max = 0")
    p = _refused("model.promise_ambition=1.0")
    assert p.field == "model.promise_ambition=1.0" and "historical.steps[2].action" in p.message
