"""The scenario's own names for its bodies, forces and places, as the desktop game writes them.

Everything here comes from the scenario's data (``bodies``, ``institutions``
and ``[words]``), so a crisis written from scratch reads in its own words:
1957's "the Presidium" and "Moscow" are only its defaults. Pure Python (no pygame).
"""

from __future__ import annotations


def the(name: str) -> str:
    """A name with its article, mid-sentence: "Presidium" -> "the Presidium"; "the KGB" stays."""
    return name if name.lower().startswith("the ") else "the " + name


def title(name: str) -> str:
    """A name with its article, as a heading: "Presidium" -> "The Presidium"."""
    return upper(the(name))


def bare(name: str) -> str:
    """A name without its article, as a label: "the Kremlin" -> "Kremlin"."""
    return name[4:] if name.lower().startswith("the ") else name


def joined(names, conj: str = "or") -> str:
    """Names in a sentence: "the Army", "the Army or the KGB", "the Army, the MVD or the KGB"."""
    names = list(names)
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {conj} " + names[-1]


def surname(actor) -> str:
    """The name on an actor's card and in tallies: his ``short`` name, else the last word of his name that is not
    a suffix ("Ebert" for Friedrich Ebert Jr., not "Jr.")."""
    if actor.short:
        return actor.short
    words = actor.name.split() or [actor.id]
    while len(words) > 1 and words[-1].rstrip(".,").lower() in ("jr", "sr", "ii", "iii", "iv"):
        words.pop()
    return words[-1].rstrip(",")


def lead_body(scenario):
    """The body that leads (``Scenario.lead_body``, as the engine picks it), else the first."""
    return scenario.bodies[max(scenario.lead_body, 0)]


def demand_body(scenario):
    """The body a demand with signatures convenes, or None if the scenario has no demand."""
    return next((b for b in scenario.bodies if b.demand_signatures > 0), None)


def demand(scenario) -> str:
    """The demand, as the engine's log names it ("the demand for a Central Committee plenum"), or ""."""
    body = demand_body(scenario)
    return scenario.words.demand.format(body=body.name) if body else ""


def forces(scenario, conj: str = "or") -> str:
    """The institutions' names joined ("the Army or the KGB"); "the armed forces" if the scenario has none."""
    return joined((i.name for i in scenario.institutions), conj) or "the armed forces"


def membership(scenario, selector: str, level: str) -> str:
    """One's place in a membership ("presidium", "cc") by level: "full member of the Presidium",
    "candidate member of the Politburo", "not in the Central Committee"."""
    body = scenario.words.members(selector)
    return {"full": f"full member of {body}", "candidate": f"candidate member of {body}"}.get(level, f"not in {body}")


def where(scenario, days_away, away: bool = False, travelling: bool = False) -> str:
    """Where a member is: "in Moscow", "3 days from Moscow" (or "3 days away"), ", on his way" if travelling."""
    capital = scenario.words.capital
    if days_away == 0:
        return f"in {capital}"
    return f"{int(days_away)} days " + ("away" if away else f"from {capital}") + (", on his way" if travelling else "")


def spread(scenario, sd) -> str:
    """How sure an estimate is: "known" within the model's ``known_sd``, else "± 0.30"."""
    return "known" if sd <= scenario.model.known_sd else f"± {sd:.2f}"


def upper(text: str) -> str:
    """A sentence's first letter in capitals."""
    return text[:1].upper() + text[1:]
