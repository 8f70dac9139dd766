"""The rules of a scenario for one side, in plain words: written once, shown in the game and in the docs.

Built from the scenario's data (goals, outcomes, bodies, costs, the model's
numbers), so a scenario written from scratch gets its own rules page. The
in-game page (scene ``rules``) renders :func:`rules_sections`; ``python main.py
rules SCENARIO`` prints :func:`rules_markdown`, which is ``docs/RULES.md`` for 1957.
"""

from __future__ import annotations

from datetime import date

from game.engine.actions import ACTION_TYPES, cost_of
from game.engine.spec import mid_sentence

from . import names

# Each kind of action's name on the board's buttons and the rules page: the engine's titles say
# 1957's words ("Fly in CC members", "Collect signatures for a plenum").
SHORT = {"pass": "Wait", "lobby": "Lobby", "promise": "Promise a post", "reveal": "Reveal material",
         "court": "Court", "intelligence": "Intelligence", "airlift": "Fly in members",
         "signatures": "Collect signatures", "call_vote": "Call a vote", "stall": "Adjourn",
         "propaganda": "Press & propaganda", "compromise": "Offer compromise", "threaten": "Show of force",
         "force": "Use force"}

# What each kind of action does, in a line (the board's buttons show these too); the scenario's own
# names are filled in by kind_help.
KIND_HELP = {
    "pass": "Do nothing this move; unspent capital carries over to tomorrow (up to the cap).",
    "lobby": "Talk a man round: shifts his stance toward you, more if he is unsure; it may fail.",
    "promise": "Offer a post to an ambitious man; each post can be promised once, never to its holder.",
    "reveal": "{reveal}. It can backfire on your own leader's record.",
    "court": "Win over the commander of {forces}, and with him its backing.",
    "intelligence": "Learn where people really stand: narrows your estimates of them.",
    "airlift": "The aircraft of {fliers} bring {cc_members} to {capital}, if it backs you.",
    "signatures": "Collect signatures of {cc_members} in {capital} on {demand}.",
    "call_vote": "Put a motion on today's agenda: it is voted when the body sits, at the day's end.",
    "stall": "Ask the chair to adjourn today's sitting: if granted, today's votes there lapse.",
    "propaganda": "Press and party meetings: a small pull on a whole group of members.",
    "compromise": "Offer terms the other side may accept: it ends the crisis with a partial result.",
    "threaten": "Troops on the streets: fear weighs on today's votes. Costs legitimacy; useless once no vote is left today.",
    "force": "Arrest the other side. Ends the game at once: a pyrrhic victory or ruin.",
    "choose": "Answer a decision an event puts to you.",
}


def kind_help(scenario, kind: str) -> str:
    """What an action of ``kind`` does, in a line, in the scenario's own names ("" if unknown, or if the
    scenario has no institution to court, no aircraft to fly members in or no demand to sign)."""
    w = scenario.words
    fliers = names.joined(i.name for i in scenario.institutions if i.airlift)
    if (kind == "airlift" and not fliers) or (kind == "signatures" and not names.demand(scenario)) \
            or (kind == "court" and not scenario.institutions):
        return ""
    return KIND_HELP.get(kind, "").format(
        reveal=w.reveal_action.format(target="an opponent"), forces=names.forces(scenario), fliers=fliers,
        cc_members=w.cc_members, capital=w.capital, demand=names.demand(scenario))


def span(scenario) -> str:
    """How long the crisis lasts, and when: "12 days, Tuesday 18 June to Saturday 29 June 1957", "one day,
    Monday 7 November 1960"; each end's year when the calendar runs into a new year."""
    first, last = scenario.calendar[0], scenario.calendar[-1]
    if first is last:
        return f"one day, {first.label} {first.date[:4]}"
    start = first.label if first.date[:4] == last.date[:4] else f"{first.label} {first.date[:4]}"
    return f"{len(scenario.calendar)} days, {start} to {last.label} {last.date[:4]}"


def moves(n: int) -> str:
    """ "1 move", "2 moves": a side's moves a day."""
    return f"{n} move" if n == 1 else f"{n} moves"


def _needs(scenario, body) -> str:
    share = "half" if abs(body.majority - 0.5) < 1e-9 else f"{body.majority:.0%}"
    of = {"present": "the members present", "cast": "the votes cast", "members": "all its voting members"}.get(
        body.majority_of, body.majority_of)
    tie = {"passes": f", or exactly {share}", "chair": f", or exactly {share} with the chair voting yes"}.get(
        body.tie, "")
    return (f"a motion passes when its yes votes are more than {share} of {of}{tie}; at least {body.quorum:.0%} of "
            f"its voting members must be in {scenario.words.capital} (the quorum)")


def _gaps(scenario) -> bool:
    """Whether the calendar skips dates (then its days are fewer than the dates it spans)."""
    first, last = (date.fromisoformat(d.date) for d in (scenario.calendar[0], scenario.calendar[-1]))
    return (last - first).days + 1 > len(scenario.calendar)


def rules_sections(scenario, side_id: str) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the rules as ``side_id`` plays them."""
    s = scenario
    side = s.side(side_id)
    other = s.side(s.other_side(side_id))
    m = s.model
    out: list[tuple[str, list[str]]] = []
    wins = [o for o in s.outcomes if o.winner == side.id]
    loses = [o for o in s.outcomes if o.winner and o.winner != side.id]
    goal = [side.goal, side.how_to_win] if side.how_to_win else [side.goal]
    goal += [f"You win with “{o.title}” ({o.degree}): {o.text}" for o in wins]
    goal += [f"You lose with “{o.title}”: {o.text}" for o in loses]
    out.append((f"What wins, as {side.within}", goal))
    days = len(s.calendar)
    out.append(("A day", [
        (f"The crisis is played over {days} days, {s.calendar[0].label} to {s.calendar[-1].label}"
         + (" (the calendar skips some dates)" if _gaps(s) else "") if days > 1
         else f"The crisis is played in a single day, {s.calendar[0].label}")
        + f". {'Each day both' if days > 1 else 'Both'} sides have {moves(s.rules.rounds_per_turn)}, in turn, "
        f"{s.side(s.rules.first_to_move).within} first; then every body that sits that day votes its agenda.",
        "Every action costs political capital. Each morning you gain capital from the power bases whose men "
        f"lean your way; capital never goes above {s.rules.capital_cap}, so income beyond it is lost.",
        "Legitimacy is your standing in the party: following the rules raises it, force and refusals lower it. "
        "The gap between the two sides' legitimacy sways every vote on a motion that favours one of them."]))
    bodies = []
    for b in s.bodies:
        line = f"{b.name}: {_needs(s, b)}."
        if not b.convened:
            line += " It does not sit at first: it must be convened."
        if b.demand_signatures:
            line += (f" {b.demand_signatures} signatures of members in {s.words.capital} force the question: "
                     + ("a signed demand puts the convening before every sitting until it passes"
                        if b.demand_motion else "a signed demand convenes it"))
            refusal = s.motion(b.demand_motion).on_fail if b.demand_motion else ()
            line += (", and each refusal has a price for those who refuse." if refusal else ".")
        bodies.append(line)
    bodies.append("Adjourning helps when a vote would go against you today: if the chair grants it, the motions "
                  "on today's agenda lapse and must be called again on a later day, by which time absent "
                  "members may have arrived. It is likelier with a friendly chair and many members away.")
    out.append(("The bodies and their votes", bodies))
    acts = []
    for kind, cls in ACTION_TYPES.items():
        does = kind_help(s, kind) if kind != "choose" and cls.possible(s, side.id) else ""
        if does:
            acts.append(f"{SHORT.get(kind, cls.title)} (costs {cost_of(s, kind)}): {does}")
    out.append(("What each action does, and its cost", acts))
    insts = []
    for inst in s.institutions:
        line = f"{names.upper(inst.name)}, commanded by {s.actor(inst.commander).name}."
        if inst.airlift:
            line += (f" Its aircraft can bring up to {inst.airlift} {s.words.cc_members} a day to a side it "
                     f"backs at {m.airlift_backing:.0%} or more.")
        if inst.guard:
            line += f" It guards {s.words.seat}: it decides whether force succeeds."
        insts.append(line)
    if insts:
        out.append(("The army and the police", insts))
    out.append(("Reading a forecast", [
        "The big percentage is how often the motion passed when the vote was played out hundreds of times from "
        "what you believe of each man; your beliefs are uncertain (the shaded range on each portrait), so it is "
        "an estimate, not a promise.",
        f"The figure after “if they reply at their best” assumes {mid_sentence(other.does('answers'))} with the move a "
        "computer player would judge best from your own beliefs: plan against that one.",
        "Before you confirm, the preview shows the motion's chance after your move, if you wait, and after "
        "their best reply, and warns you when a move can change nothing."]))
    return out


def rules_markdown(scenario) -> str:
    """The rules page of every side of ``scenario``, as Markdown (``docs/RULES.md``)."""
    lines = [f"# Rules of {scenario.title} ({scenario.year})", "",
             "Generated from the scenario by `python main.py rules " + scenario.id + "`; the game shows the same "
             "page (Rules, on the title screen and under F1).", ""]
    for side in scenario.sides:
        lines += [f"## Playing {side.name}", ""]
        for heading, paras in rules_sections(scenario, side.id):
            lines += [f"### {heading}", ""]
            lines += [f"- {p}" for p in paras]
            lines.append("")
    return "\n".join(lines)
