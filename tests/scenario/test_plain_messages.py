"""validate speaks the author's language: an id with an accent, a selector or a date written another way is
refused in words that say what to write, not with the regular expression the format checks it by."""

from pathlib import Path

import pytest

import game
from game.scenario.errors import ScenarioError

from .test_never_playable import refused

HARBOUR = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_harbour.toml"
TEXT = HARBOUR.read_text(encoding="utf-8")

CASES = {
    "an id with an accent": (TEXT.replace('id = "varga"', 'id = "vargá"'), "actors[0].id",
                             "lower-case ASCII letters a-z, digits and underscores"),
    "a Cyrillic scenario id": (TEXT.replace('id = "harbour_board"', 'id = "гавань"'), "scenario.id",
                               "no accents, no Cyrillic"),
    "a fates key with an accent": (TEXT.replace('fates = { ousted = "Retires', 'fates = { "oustéd" = "Retires'),
                                   "actors[0].fates.oustéd", "an engine outcome such as force:SIDE (got 'oustéd')"),
    "a selector of the crisis's own words": (TEXT.replace('voters = "presidium:full"', 'voters = "board"'),
                                             "bodies[0].voters", "presidium, presidium:full"),
    "a date written the European way": (TEXT.replace('date = "1962-', 'date = "X1962-', 1), "calendar[0].date",
                                        "a date is written YYYY-MM-DD"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_pattern_is_refused_in_words(tmp_path, case):
    problem, _ = refused(tmp_path, *CASES[case])
    assert "pattern" not in problem.message and "^[" not in problem.message


def test_a_bloc_zero_days_away_cannot_leave_members_away(tmp_path):
    """A bloc with in_moscow = 0 and travel_days = 0 validated, and every member sat in the capital from the
    start: away 0 days is present. validate now says so."""
    bloc = '\n[[blocs]]\nid = "dockers"\nname = "Dockers"\nfull = 6\nstance = { mean = 0.0, sd = 0.3 }\n'
    path = tmp_path / "crisis.toml"
    path.write_text(TEXT + bloc + "in_moscow = 0.0\ntravel_days = 0\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        game.load_scenario(path)
    found = [p for p in err.value.problems if p.field == "blocs[0].travel_days"]
    assert found and "in_moscow = 0 means nothing" in found[0].message and found[0].line, err.value
    path.write_text(TEXT + bloc + "in_moscow = 1.0\ntravel_days = 0\n", encoding="utf-8")
    assert game.load_scenario(path).blocs[0].travel_days == 0
