"""The desktop game speaks the scenario's words: a crisis written from scratch reads in its own names
(bodies, institutions, its capital and [words]), and 1957 reads as it always did (issues 10, 11)."""

import dataclasses
import html
import re
from pathlib import Path

import pytest

import game
from game.ui import drawing, layout, names, scenes
from game.ui.digest import digest, snapshot
from game.ui.rules import KIND_HELP, kind_help, rules_sections
from game.ui.scenes.dialogs import DossierScene, HelpScene
from game.ui.scenes.summary import SummaryScene

from .conftest import pump
from .test_scenes import start_board

WARSAW = Path(__file__).resolve().parents[1] / "data" / "scenarios" / "from_scratch_warsaw.toml"
IDENTIFIER = re.compile(r"[a-z0-9_:+.-]*")      # ids ("plenum") are not words shown to a player
SOVIET = ("Moscow", "KGB", "Presidium", "Central Committee", "plenum", "purges", "Kremlin")


def supplied(scenario) -> list[str]:
    """Every piece of text the scenario itself supplies, longest first."""
    out = set()

    def walk(x):
        if isinstance(x, str):
            out.add(x)
        elif dataclasses.is_dataclass(x):
            for f in dataclasses.fields(x):
                walk(getattr(x, f.name))
        elif isinstance(x, dict):
            for k, v in x.items():
                walk(k), walk(v)
        elif isinstance(x, (tuple, list)):
            for v in x:
                walk(v)
    walk(scenario)
    return sorted((t.lower() for t in out if not IDENTIFIER.fullmatch(t)), key=len, reverse=True)


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("\u200a", "")


def soviet_words_of_our_own(scenario, texts) -> list[tuple[str, str]]:
    """(word, text) for each 1957 word the UI wrote itself: what is left once the scenario's own text
    (its body and institution names, its briefing, its [words] ...) is taken out."""
    theirs = supplied(scenario)
    found = []
    for t in texts:
        rest = plain(t).lower()
        for s in theirs:
            rest = rest.replace(s, " ")
        found += [(w, rest) for w in SOVIET if w.lower() in rest]
    return found


@pytest.fixture(scope="module")
def warsaw():
    return game.load_scenario(WARSAW)


def board_texts(app, monkeypatch, board) -> list[str]:
    """Every string the board draws or explains on hover: panel titles, labels, tips and button tips."""
    drawn = []
    for module in (scenes.board, drawing):        # the board's labels; the panels' titles
        monkeypatch.setattr(module, "text", lambda surface, s, *a, _o=module.text, **k: (drawn.append(s),
                                                                                         _o(surface, s, *a, **k))[1])
    board._layer_key = None              # repaint the whole board
    pump(app, 2)
    tips = [c(r.center) if callable(c) else c for r, c, _ in board.tips]
    seats, _, _ = board._seats
    tips += [board.cc_tip(seat) for seat in seats]
    tips += [b.tool_tip_text or "" for b in board._callbacks]
    return [t for t in drawn + tips if isinstance(t, str)]


def dossier_text(app, session, actor_id) -> str:
    app.push(DossierScene(app, session, actor_id))
    pump(app, 2)
    box = next(e for e in app.scene.root.elements if hasattr(e, "html_text"))
    text = box.html_text
    app.pop()
    return text


def test_a_crisis_from_scratch_reads_in_its_own_words(app, monkeypatch, warsaw):
    s, board = start_board(app, "reformers", "random", 3, warsaw)
    g = s.game
    with layout.Probe() as probe:           # long institution names take two lines, none of them cut
        board.draw(app.window)
    heads = [d.text for d in probe.drawn if d.rect.colliderect(board.rects["inst"])]
    assert {"Soviet Northern", "Group of Forces", "Polish Army", "Internal", "Security Corps"} <= set(heads)
    assert not [d.text for d in probe.drawn if d.cut and d.rect.colliderect(board.rects["inst"])]
    texts = board_texts(app, monkeypatch, board)
    assert "THE POLITICAL BUREAU" in texts and "THE CENTRAL COMMITTEE" in texts     # panels: bodies, [words]
    assert any("Controls the Party House guard" in t for t in texts)
    assert any("in Warsaw" in t for t in texts) and any("days away" in t for t in texts)
    assert any("fear of the Soviet Northern Group of Forces, the Polish Army and the Internal Security Corps"
               in t for t in texts)                                               # the forecast's voters
    # The dossier of a man away from the capital, a member of the Politburo.
    i = g.actor_index("ochab")
    g.people.days_away[i] = 3
    dossier = plain(dossier_text(app, s, "ochab"))
    g.people.days_away[i] = 0
    assert "3 days from Warsaw" in dossier and "Full member of the Politburo" in dossier
    # Every kind's help, the rules of both sides, F1, the day's digest and its morning page.
    helps = [kind_help(warsaw, k) for k in KIND_HELP]
    assert ("The aircraft of the Polish Army or the Internal Security Corps bring members of the Central "
            "Committee of the PZPR to Warsaw, if it backs you.") in helps
    assert "Reveal an opponent's part in the Stalinist repressions. It can backfire on your own leader's record." \
        in helps
    rules = [p for side in warsaw.sides for _, paras in rules_sections(warsaw, side.id) for p in paras]
    assert any("must be in Warsaw (the quorum)" in p for p in rules)
    app.push(HelpScene(app, s))
    pump(app, 2)
    f1 = " ".join(e.html_text for e in app.scene.root.elements if hasattr(e, "html_text"))
    assert "away from Warsaw" in f1
    app.pop()
    before = dataclasses.replace(snapshot(g, "reformers"), present=0, signatures=0)
    day = [line for _, lines in digest(g, "reformers", before, g.log_for("reformers")) for line in lines]
    assert any(line.startswith("Members of the Central Committee of the PZPR in Warsaw: 0 → ") for line in day)
    app.push(SummaryScene(app, s))
    pump(app, 2)
    morning = " ".join(e.html_text for e in app.scene.root.elements if hasattr(e, "html_text"))
    assert app.scene.motif == "hall"        # the scenario's art for a day whose event names none, not the Kremlin
    found = soviet_words_of_our_own(warsaw, texts + [dossier, f1, morning] + helps + rules + day)
    assert not found, "\n".join(f"{w}: {t}" for w, t in found)


def test_the_check_catches_a_word_the_game_would_write_itself(warsaw):
    # The test's own yardstick: the scenario's words pass, 1957's written by code do not.
    assert soviet_words_of_our_own(warsaw, ["Eighth Plenum of the Central Committee sits in Warsaw"]) == []
    assert [w for w, _ in soviet_words_of_our_own(warsaw, ["3 days from Moscow", "The Presidium"])] == \
        ["Moscow", "Presidium"]


def test_1957_reads_as_before(app, monkeypatch):
    s, board = start_board(app, "khrushchev", "random", 3)
    sc = s.game.scenario
    texts = board_texts(app, monkeypatch, board)
    assert "THE PRESIDIUM" in texts and "THE CENTRAL COMMITTEE" in texts
    assert any("Controls the Kremlin guard: decisive if anyone tries force." in t for t in texts)
    assert names.where(sc, 0) == "in Moscow" and names.where(sc, 3) == "3 days from Moscow"
    assert kind_help(sc, "court") == "Win over the commander of the Army or the KGB, and with him its backing."
    assert kind_help(sc, "signatures") == ("Collect signatures of members of the Central Committee in Moscow on "
                                           "the demand for a Central Committee plenum.")
    assert "Full member of the Presidium (votes); in the Secretariat; in Moscow." in plain(
        board.actor_tip(s.game.actor_index("khrushchev")))
    dossier = plain(dossier_text(app, s, "zhukov"))
    assert "Candidate member of the Presidium; full member of the Central Committee. Now in Moscow." in dossier
    rules = [p for _, paras in rules_sections(sc, "khrushchev") for p in paras]
    assert any(p.endswith("It guards the Kremlin: it decides whether force succeeds.") for p in rules)


def test_the_rules_leave_out_what_the_scenario_cannot_do():
    # 1953 has no aircraft and no demand with signatures; 1957 has both.
    for scenario_id, shown in (("1953", False), ("1957", True)):
        sc = game.load_scenario(scenario_id)
        acts = dict(rules_sections(sc, sc.sides[0].id))["What each action does, and its cost"]
        assert any(p.startswith("Fly in members") for p in acts) is shown
        assert any(p.startswith("Collect signatures") for p in acts) is shown
