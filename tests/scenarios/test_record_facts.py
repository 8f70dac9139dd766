"""The facts the record corrected stay corrected in the shipped scenarios.

Record: ../shared/history/1957.md, and its "Corrections found in the turn-2
audit" (the marshals' letter, the members away on 18 June, Molotov's post in
1921-22, Saburov's and Bagirov's offices in 1953, the chair of the Presidium
on 12 and 13 October 1964). Seat totals: the Central Committees elected in
October 1952 (125 full, 111 candidates), February 1956 (133, 122) and October
1961 (175, 155), counted as tests/scenario/test_loader.py counts them: full
members of every bloc plus the named actors who are full members.
"""

import re

import pytest

import game
from game.ai.policies import make_policy

SEATS = {"1953": (125, 111), "1957": (133, 122), "1957_zhukov_neutral": (133, 122), "1964": (175, 155)}
SECRETARIAT_1964 = {"khrushchev", "brezhnev", "podgorny", "suslov", "kozlov", "shelepin",   # Kuusinen died in May 1964
                    "andropov", "demichev", "ilyichev", "polyakov", "ponomarev", "rudakov", "titov"}
ADDED_1964 = {"andropov", "demichev", "ilyichev", "polyakov", "ponomarev", "rudakov", "titov"}
PRESIDIUM_1964 = {"khrushchev", "brezhnev", "podgorny", "suslov", "kosygin", "mikoyan", "voronov", "kirilenko",
                  "polyansky", "shvernik", "kozlov"}


def _event(s, event_id):
    return next(e for e in s.events if e.id == event_id)


def _play_historical(s, seed, on_action):
    """Play the record from ``seed``, calling ``on_action(game)`` after every action."""
    g = game.new_game(s, seed=seed)
    policies = {side.id: make_policy("historical", seed + k) for k, side in enumerate(s.sides)}
    on_action(g)
    while not g.is_over():
        g.apply(policies[g.to_move].choose(g))
        on_action(g)
    return g


# ------------------------------------------------------------------ seats
@pytest.mark.parametrize("scenario_id", sorted(SEATS))
def test_central_committee_seats_match_the_record(scenario_id):
    s = game.load_scenario(scenario_id)
    full = sum(b.full for b in s.blocs) + sum(a.cc == "full" for a in s.actors)
    cand = sum(b.candidate for b in s.blocs) + sum(a.cc == "candidate" for a in s.actors)
    assert (full, cand) == SEATS[scenario_id]


@pytest.mark.parametrize("scenario_id", sorted(SEATS))
def test_the_plenum_of_a_new_game_has_the_record_number_of_voters(scenario_id):
    # The same count, from a game's own population rather than from the file.
    g = game.new_game(game.load_scenario(scenario_id), seed=1)
    assert int(g.voter_mask("plenum").sum()) == SEATS[scenario_id][0]


# ------------------------------------------------------------------ 1957
def test_two_of_the_three_full_members_away_on_18_june_backed_khrushchev():
    s = game.load_scenario("1957")
    away = {a.id: a.stance for a in s.actors if a.presidium == "full" and a.days_away > 0}
    assert set(away) == {"suslov", "kirichenko", "saburov"}
    assert {a for a, st in away.items() if st > 0} == {"suslov", "kirichenko"}     # Saburov voted with the group
    text = " ".join(s.briefing)
    assert "three of Khrushchev's supporters" not in text
    assert "two of Khrushchev's supporters" in text


@pytest.mark.parametrize("scenario_id", ["1957", "1957_zhukov_neutral"])
def test_zhukov_is_not_a_signer_of_the_marshals_letter(scenario_id):
    s = game.load_scenario(scenario_id)
    letter = _event(s, "marshals_letter")
    for name in ("Konev", "Malinovsky", "Moskalenko", "Eremenko", "Sokolovsky"):
        assert name in letter.text
    assert "Zhukov" not in letter.text
    g = game.new_game(s, seed=1)
    zhukov = g.actor_index("zhukov")
    signs = [e["sign"] for e in letter.effects if "sign" in e]
    assert signs, "the letter still signs the demand for the plenum"
    for sel in signs:
        picked = dict(sel)
        picked.pop("share", None)
        assert not g.selection_mask(picked)[zhukov], sel
    assert any({"konev", "malinovsky"} <= set(sel.get("actors", ())) for sel in signs)


def test_the_letter_leaves_zhukovs_name_off_in_play():
    s = game.load_scenario("1957")
    checked = 0
    for seed in range(1, 6):
        seen = {}

        def watch(g):
            if "marshals_letter" in g.fired and not seen:
                people = g.people
                seen.update(zhukov=bool(people.signed[g.actor_index("zhukov")]),
                            konev=bool(people.signed[g.actor_index("konev")]),
                            malinovsky=bool(people.signed[g.actor_index("malinovsky")]))

        _play_historical(s, seed, watch)
        if seen:
            checked += 1
            assert seen == {"zhukov": False, "konev": True, "malinovsky": True}, (seed, seen)
    assert checked >= 3


@pytest.mark.parametrize("scenario_id", ["1953", "1957", "1957_zhukov_neutral", "1964"])
def test_molotov_was_the_ccs_responsible_secretary_not_lenins(scenario_id):
    s = game.load_scenario(scenario_id)
    for a in s.actors:
        assert "Lenin's secretary" not in a.bio, a.id
    if scenario_id.startswith("1957"):
        assert "Responsible Secretary of the Central Committee in 1921-22" in s.actor("molotov").bio


# ------------------------------------------------------------------ 1953
def test_saburov_was_minister_of_machine_building_in_june_1953():
    saburov = game.load_scenario("1953").actor("saburov")
    assert saburov.offices == ("Minister of Machine Building",)
    assert not any("Gosplan" in o for o in saburov.offices)


def test_bagirov_chaired_the_azerbaijani_council_of_ministers():
    bagirov = game.load_scenario("1953").actor("bagirov")
    assert bagirov.offices == ("Chairman of the Council of Ministers of the Azerbaijan SSR",)
    assert not any("First Secretary" in o for o in bagirov.offices)
    assert "6 April" in bagirov.bio


def test_the_arrest_does_not_expel_kobulov_from_a_cc_he_was_not_on():
    s = game.load_scenario("1953")
    assert s.actor("kobulov").cc == "none"
    dismiss = next(m for m in s.motions if m.id == "dismiss_beria")
    members = [e["membership"]["actor"] for e in dismiss.on_pass if "membership" in e]
    assert "kobulov" not in members
    assert members == ["beria", "beria"]                   # the rest of the motion is intact
    assert any(e.get("flag") == "beria_arrested" for e in dismiss.on_pass)
    assert {"convene": "plenum"} in dismiss.on_pass


# ------------------------------------------------------------------ 1964
def test_khrushchev_chairs_the_presidium_on_13_october():
    s = game.load_scenario("1964")
    assert next(b for b in s.bodies if b.id == "presidium").chair == "brezhnev"      # 12 October, in his absence
    chairs = {}

    def watch(g):
        chairs.setdefault(str(g.date), g.chairs["presidium"])

    _play_historical(s, 3, watch)
    assert chairs["1964-10-12"] == "brezhnev"
    assert chairs["1964-10-13"] == "khrushchev"


def test_the_secretariat_of_october_1964_is_all_there():
    s = game.load_scenario("1964")
    assert {a.id for a in s.actors if a.secretariat} == SECRETARIAT_1964
    for actor_id in ADDED_1964:
        a = s.actor(actor_id)
        assert a.cc == "full" and a.presidium == "none", actor_id
        assert a.stance < 0, actor_id                          # all backed the removal
        assert re.search("[А-Яа-яЁё]", a.name_ru) and len(a.bio) > 40 and a.offices, actor_id
        assert a.fates.get("khrushchev_retired"), actor_id


def test_the_new_secretaries_leave_the_presidium_vote_alone():
    s = game.load_scenario("1964")
    assert {a.id for a in s.actors if a.presidium == "full"} == PRESIDIUM_1964
    g = game.new_game(s, seed=1)
    voters = {s.actors[i].id for i in range(len(s.actors)) if g.voter_mask("presidium")[i]}
    assert voters == PRESIDIUM_1964
