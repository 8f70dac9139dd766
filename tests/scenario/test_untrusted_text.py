"""Text in a scenario is shown, never obeyed: control characters (ANSI escapes, bells, C1 codes)
and Unicode bidi controls are refused in every string and key, naming the field; line breaks and
tabs only in long text. What a problem quotes back is escaped before it is printed."""

from pathlib import Path

import pytest

from game.scenario.errors import Problem, ScenarioError, shown
from game.scenario.loader import LONG_TEXT_FIELDS, load_scenario

MINIMAL = (Path(__file__).resolve().parents[1] / "data" / "hostile" / "base" / "minimal.toml").read_text(encoding="utf-8")


def _load(tmp_path, extra: str):
    (tmp_path / "base.toml").write_text(MINIMAL, encoding="utf-8")
    path = tmp_path / "v.toml"
    path.write_text(f'extends = "base.toml"\n\n[scenario]\nid = "v"\n{extra}', encoding="utf-8")
    return load_scenario(path)


def _problems(tmp_path, extra: str):
    with pytest.raises(ScenarioError) as info:
        _load(tmp_path, extra)
    return info.value.problems


UNSAFE = {
    "ESC (ANSI)": ("\\u001b[31m", "escape character"),
    "BEL": ("\\u0007", "control character"),
    "NUL": ("\\u0000", "control character"),
    "DEL": ("\\u007f", "control character"),
    "C1 CSI": ("\\u009b", "control character"),
    "CR": ("\\r", "line"),
    "LRE": ("\\u202a", "bidi control"),
    "RLE": ("\\u202b", "bidi control"),
    "PDF": ("\\u202c", "bidi control"),
    "LRO": ("\\u202d", "bidi control"),
    "RLO": ("\\u202e", "bidi control"),
    "LRI": ("\\u2066", "bidi control"),
    "RLI": ("\\u2067", "bidi control"),
    "FSI": ("\\u2068", "bidi control"),
    "PDI": ("\\u2069", "bidi control"),
    "LINE SEPARATOR": ("\\u2028", "line"),
}
# (how to write it, the field it lands in): single-line fields, long text, keys, lists, effects.
PLACES = [
    ('title = "A{}"\n', "scenario.title"),
    ('briefing = ["ok", "A{}"]\n', "scenario.briefing[1]"),
    ('\n[[actors]]\nid = "premier"\nname = "Oleg{}"\n', "actors[2].name"),
    ('\n[[actors]]\nid = "premier"\nbio = "Born.{}"\n', "actors[2].bio"),
    ('\n[[actors]]\nid = "premier"\noffices = ["Premier{}"]\n', "actors[2].offices[0]"),
    ('\n[[actors]]\nid = "premier"\nfates = {{ minister = "Shot.{}" }}\n', "actors[2].fates.minister"),
    ('\n[[events]]\nid = "tanks"\neffects = [{{ message = "M{}" }}]\n', "events[0].effects[0].message"),
    ('\n[[calendar]]\ndate = "1959-03-02"\nlabel = "Monday{}"\n', "calendar[0].label"),
]


@pytest.mark.parametrize("template,field", PLACES, ids=[f for _, f in PLACES])
@pytest.mark.parametrize("name", list(UNSAFE))
def test_control_and_bidi_characters_are_refused_in_every_string(tmp_path, template, field, name):
    char, words = UNSAFE[name]
    problems = [p for p in _problems(tmp_path, template.format(char)) if "never obeyed" in p.message]
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message
    assert "\x1b" not in str(problems[0]) and "\u202e" not in str(problems[0])


def test_a_title_with_an_ansi_escape_is_refused_naming_the_field(tmp_path):
    (p,) = _problems(tmp_path, 'title = "\\u001b[2J\\u001b[31mGambit\\u001b[0m"\n')
    assert p.field == "scenario.title" and p.line == 5
    assert p.message.startswith("contains an escape character (ESC, as in ANSI terminal codes) (U+001B)")


def test_a_control_character_in_a_key_is_refused(tmp_path):
    problems = _problems(tmp_path, '\n[[actors]]\nid = "premier"\nfates = { "minister\\u001b[8m" = "x" }\n')
    assert any(p.message.startswith("a key contains an escape character") for p in problems)
    assert all("\x1b" not in str(p) for p in problems)


@pytest.mark.parametrize("field", ["bio", "text", "summary", "briefing", "history", "fates"])
def test_line_breaks_and_tabs_are_allowed_in_long_text(tmp_path, field):
    assert field in LONG_TEXT_FIELDS
    extra = {
        "bio": '\n[[actors]]\nid = "premier"\nbio = """Born 1900.\n\tServed."""\n',
        "text": '\n[[events]]\nid = "tanks"\ntext = "Line one.\\nLine two."\n',
        "summary": 'summary = "One.\\nTwo.\\tThree."\n',
        "briefing": 'briefing = ["One.\\n\\nTwo."]\n',
        "history": '\n[[events]]\nid = "tanks"\nhistory = "One.\\nTwo."\n',
        "fates": '\n[[actors]]\nid = "premier"\nfates = { minister = "Exiled.\\nPardoned." }\n',
    }[field]
    assert _load(tmp_path, extra).id == "v"


@pytest.mark.parametrize("extra,field", [
    ('title = "Two\\nlines"\n', "scenario.title"),
    ('title = "Tab\\there"\n', "scenario.title"),
    ('\n[[actors]]\nid = "premier"\nname = "Oleg\\nIvanov"\n', "actors[2].name"),
    ('\n[[calendar]]\ndate = "1959-03-02"\nlabel = "Mon\\nday"\n\n[[calendar]]\ndate = "1959-03-04"\nlabel = "Wed"\n',
         "calendar[0].label"),
])
def test_line_breaks_are_refused_in_one_line_text(tmp_path, extra, field):
    (p,) = _problems(tmp_path, extra)
    assert p.field == field and ("line break" in p.message or "tab" in p.message)


def test_russian_and_other_printable_text_is_fine(tmp_path):
    s = _load(tmp_path, 'title = "Гамбит министра — «1959»"\ntitle_ru = "Гамбит министра"\n')
    assert s.title == "Гамбит министра — «1959»"


def test_a_problem_escapes_what_it_quotes():
    p = Problem("evil\x1b[31m.toml", "title\u202e", "got '\x07\n'", 3)
    assert str(p) == "evil\\x1b[31m.toml:3: title\\u202e: got '\\x07\\x0a'"
    assert shown("plain — Жуков") == "plain — Жуков"


def test_a_file_saved_with_a_byte_order_mark_loads(tmp_path):
    """Windows Notepad starts a UTF-8 file with a byte-order mark; it was refused as 'not valid TOML: Invalid
    statement (at line 1, column 1)', which names nothing the author can see. Elsewhere it is still refused."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace('"hostile_base"', '"bom"').encode("utf-8"))
    assert load_scenario(path).id == "bom"
    path.write_bytes(MINIMAL.replace('"hostile_base"', '"bom"').replace('title', '\ufefftitle', 1).encode("utf-8"))
    with pytest.raises(ScenarioError):
        load_scenario(path)
