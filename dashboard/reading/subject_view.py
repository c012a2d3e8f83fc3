"""What the screen is about (issue 15): one occupation, an ISCO-08 group, a skill, or all occupations.

The dashboard's view names its subject (:class:`dashboard.view.View`); these pure functions answer
what the map, the headline and the country panel show for each kind, from the cube's
in-memory arrays and the query functions the CLI uses (:mod:`dashboard.reading.subjects`), so the page
and ``query --isco/--skill/--country`` print the same numbers.

- occupation: its jobs (``queries.jobs_by_country``), as before;
- ISCO group: the jobs of its ESCO occupations, added up;
- skill: the postings asking for the skill (skill demand, every occupation);
- all occupations: every posting.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from dashboard.reading import queries, subjects
from dashboard.reading.cube import Cube
from dashboard.errors import UsageError

#: Subject kinds, in the order the picker lists them.
KINDS = ("occupation", "isco", "skill", "all")
#: ISCO-08 level names by number of digits.
ISCO_LEVEL_NAMES = {1: "major group", 2: "sub-major group", 3: "minor group", 4: "unit group"}
#: Occupations listed in the panel of an ISCO group, a skill or all occupations.
PANEL_OCCUPATIONS = 10
#: Words that name "all occupations" in a link (``?occupation=all``).
ALL_WORDS = frozenset({"all", "all occupations", "*"})


class Subject(NamedTuple):
    """``kind`` (:data:`KINDS`) and ``key``: an occupation URI, an ISCO code, a skill URI, or None (all)."""

    kind: str
    key: str | None


def is_valid(cube: Cube, subject: Subject) -> bool:
    """Whether ``subject`` names something in this cube."""
    if subject.kind == "occupation":
        return isinstance(subject.key, str) and subject.key in cube.occupation_index
    if subject.kind == "isco":
        return isinstance(subject.key, str) and subject.key in cube.isco_labels
    if subject.kind == "skill":
        return isinstance(subject.key, str) and subject.key in cube.skill_facts
    return subject.kind == "all"


# -- links -----------------------------------------------------------------------------------

def resolve_isco_link(cube: Cube, text: str) -> str:
    """The ISCO code a link's ``isco=`` names (:func:`subjects.resolve_isco`; UsageError naming
    the closest groups)."""
    return subjects.resolve_isco(cube, text)


def resolve_skill_link(cube: Cube, text: str) -> str:
    """The skill URI a link's ``skill=`` names (:func:`subjects.resolve_skill`)."""
    return subjects.resolve_skill(cube, text)


def skill_link_key(cube: Cube, uri: str) -> str:
    """How a link names a skill: its preferred label when that names it alone, else its URI."""
    label = skill_label(cube, uri)
    try:
        if label and subjects.resolve_skill(cube, label) == uri:
            return label
    except UsageError:
        pass
    return uri


def link_params(cube: Cube, subject: Subject) -> dict[str, str]:
    """The subject's URL parameters (the occupation's are built by :meth:`dashboard.view.View.to_query`)."""
    if subject.kind == "isco":
        return {"isco": subject.key}
    if subject.kind == "skill":
        return {"skill": skill_link_key(cube, subject.key)}
    return {}


# -- names -----------------------------------------------------------------------------------

def skill_label(cube: Cube, uri: str | None) -> str:
    if not uri:
        return ""
    facts = cube.skill_facts.get(uri)
    return (facts[0] if facts else "") or uri


def isco_title(cube: Cube, code: str) -> str:
    """ "ISCO 2511 Systems analysts"."""
    label = cube.isco_labels.get(code, "")
    return f"ISCO {code} {label}".strip()


def subject_label(cube: Cube, subject: Subject) -> str:
    """A short name for chart titles and empty states: "ISCO 2511 Systems analysts",
    "the skill Python", "all occupations" (an occupation: its label)."""
    if subject.kind == "isco":
        return isco_title(cube, subject.key)
    if subject.kind == "skill":
        return f"the skill {skill_label(cube, subject.key)}"
    if subject.kind == "all":
        return "all occupations"
    facts = cube.occupation_facts.get(subject.key)
    return facts.label if facts is not None else (subject.key or "")


def counted(n: int, kind: str | None = None) -> str:
    """What a count of the map is called: "1 job", "7,224 jobs", or for a skill (the map
    counts the postings asking for it, not jobs of an occupation) "1 posting asking for it"."""
    if kind == "skill":
        return f"{n:,} posting{'' if n == 1 else 's'} asking for it"
    return f"{n:,} job{'' if n == 1 else 's'}"


def count_noun(n: int, kind: str | None = None) -> str:
    """:func:`counted` without the number (the headline shows the number apart)."""
    return counted(n, kind).split(" ", 1)[1]


def map_counts(kind: str | None = None) -> str:
    """What the map's colour bar and hover call its counts: "Jobs", or for a skill "Postings asking for it"."""
    return "Postings asking for it" if kind == "skill" else "Jobs"


def countries_noun(n: int, kind: str | None = None) -> str:
    """The headline's second figure: "countries with jobs" (or with such postings), singular for 1."""
    where = "country" if n == 1 else "countries"
    return f"{where} with such postings" if kind == "skill" else f"{where} with jobs"


def heading(cube: Cube, subject: Subject) -> dict:
    """The map card's headline for a subject other than one occupation.

    Returns
    -------
    dict
        ``title`` ("ISCO 2511 Systems analysts — 4 occupations", "Skill · Python", "All
        occupations") and ``detail`` (what the numbers count).
    """
    if subject.kind == "isco":
        members = subjects.isco_members(cube, subject.key)
        level = ISCO_LEVEL_NAMES.get(len(subject.key), "group")
        n = len(members)
        return {"title": f"{isco_title(cube, subject.key)} — {n:,} occupation{'s' if n != 1 else ''}",
                "detail": f"ISCO-08 {level}: the jobs of its {n:,} ESCO occupation{'s' if n != 1 else ''}, added up"}
    if subject.kind == "skill":
        label, kind, _ = cube.skill_facts.get(subject.key, (subject.key, "", ""))
        requiring = occupations_requiring(cube, subject.key)
        collections = list(cube.skill_hierarchy.collections_of(subject.key))
        parts = [kind or None, "postings asking for this skill",
                 f"ESCO occupations listing it: {requiring['essential']:,} essential, {requiring['optional']:,} optional",
                 f"collections: {', '.join(collections)}" if collections else None]
        return {"title": f"Skill · {label or subject.key}", "detail": " · ".join(p for p in parts if p)}
    n = len(cube.occupation_facts)
    return {"title": "All occupations", "detail": f"every posting, {n:,} ESCO occupations"}


def occupations_requiring(cube: Cube, skill_uri: str) -> dict[str, int]:
    """How many ESCO occupations list the skill as essential and as optional (the taxonomy)."""
    links = cube.occupation_skills
    listing = links[links["skill_uri"] == skill_uri].drop_duplicates(["occupation_uri", "relation"])
    counts = listing["relation"].value_counts()
    return {"essential": int(counts.get("essential", 0)), "optional": int(counts.get("optional", 0))}


# -- the map's numbers -----------------------------------------------------------------------

def _members(cube: Cube, subject: Subject) -> list[str] | None:
    """The occupations an ISCO group adds up; None for all occupations (every jobs row)."""
    return subjects.isco_members(cube, subject.key) if subject.kind == "isco" else None


def by_country(cube: Cube, subject: Subject, *, start: str | None, end: str | None) -> pd.DataFrame:
    """The frame of ``queries.jobs_by_country`` for any subject: ``jobs`` are the group's jobs,
    the postings asking for the skill, or every posting; share, per million, rank and location
    quotient follow from them."""
    if subject.kind == "occupation":
        return queries.jobs_by_country(cube, subject.key, start=start, end=end)
    _, postings = cube.jobs_by_country_arrays_of([], start=start, end=end)  # all postings per country
    if subject.kind == "isco":
        jobs, _ = cube.jobs_by_country_arrays_of(subjects.isco_members(cube, subject.key), start=start, end=end)
    elif subject.kind == "skill":
        jobs = _skill_postings_per_country(cube, subject.key, start=start, end=end)
    else:
        jobs = postings.astype("int64")
    return queries.country_frame(cube, jobs, postings)


def _skill_postings_per_country(cube: Cube, uri: str, *, start: str | None, end: str | None) -> np.ndarray:
    demand = cube.skill_demand_by_skill(uri, start=start, end=end)
    position = {c: i for i, c in enumerate(cube.country_codes)}
    jobs = np.zeros(len(position), dtype="int64")
    for code, n in demand.groupby("iso3", sort=True)["postings"].sum().items():
        if code in position:
            jobs[position[code]] = int(n)
    return jobs


def totals(cube: Cube, subject: Subject, *, start: str | None, end: str | None) -> dict[str, int]:
    """``jobs_total`` and ``countries_with_jobs`` over every jobs row of the period (countries off
    the map included, as for an occupation)."""
    if subject.kind == "occupation":
        summary = queries.occupation_summary(cube, subject.key, start=start, end=end)
        return {"jobs_total": summary["jobs_total"], "countries_with_jobs": summary["countries_with_jobs"]}
    if subject.kind == "skill":
        demand = cube.skill_demand_by_skill(subject.key, start=start, end=end)
        per_country = demand.groupby("iso3")["postings"].sum()
        return {"jobs_total": int(demand["postings"].sum()), "countries_with_jobs": int((per_country > 0).sum())}
    country, _, counts = cube.jobs_per_country_month_of(_members(cube, subject), start=start, end=end)
    known = country >= 0
    per_country = np.bincount(country[known], weights=counts[known]) if known.any() else np.zeros(0)
    return {"jobs_total": int(counts.sum()), "countries_with_jobs": int((per_country > 0).sum())}


def trend(cube: Cube, subject: Subject, *, iso3: str | None, start: str | None, end: str | None) -> pd.DataFrame | None:
    """Jobs per month of the period (month, jobs), or None for a skill: the cube keeps skill
    demand per occupation, country and period, not per month."""
    if subject.kind == "occupation":
        return queries.country_trend(cube, subject.key, iso3=iso3, start=start, end=end)
    if subject.kind == "skill":
        return None
    per_month = cube.jobs_per_month_of(_members(cube, subject), iso3=iso3, start=start, end=end)
    first, last = cube.month_range(start, end)
    months = cube.months[first:last]
    return pd.DataFrame({"month": months, "jobs": pd.Series(per_month[first:last], dtype="int64")})


# -- the panel beside the map ----------------------------------------------------------------

def panel(cube: Cube, subject: Subject, *, iso3: str | None, start: str | None, end: str | None,
          limit: int = PANEL_OCCUPATIONS) -> dict:
    """What the country panel lists for a subject other than one occupation, in ``iso3`` (or
    every country).

    Returns
    -------
    dict
        ``occupations`` [{uri, label, code, jobs, share}] and ``occupations_title``; for an
        ISCO group every member occupation with its jobs (``occupations_total`` of them), for a
        skill the occupations whose postings ask for it most (``jobs`` = those postings, ``share``
        of the occupation's jobs) with ``requiring`` {essential, optional}, for all occupations
        the top occupations, ``isco_groups`` [{code, label, jobs}] (major groups) and ``skills``
        [{uri, label, postings, share}].
    """
    if subject.kind == "isco":
        members = subjects.isco_members(cube, subject.key)
        jobs = cube.jobs_of_occupations(members, iso3=iso3, start=start, end=end).tolist()
        facts = cube.occupation_facts
        total = sum(jobs)
        rows = sorted(zip(members, jobs), key=lambda r: (-r[1], facts[r[0]].code, r[0]))
        return {
            "occupations_title": "Occupations of the group, by jobs",
            "occupations_total": len(members),
            "occupations": [{"uri": uri, "label": facts[uri].label, "code": facts[uri].code, "jobs": int(n),
                             "share": n / total if total else None} for uri, n in rows],
        }
    if subject.kind == "skill":
        result = subjects.skill_result(cube, subject.key, country=iso3, start=start, end=end, limit=limit)
        return {
            "occupations_title": "Occupations whose postings ask for it most",
            "occupations_total": len(result["top_occupations"]),
            "occupations": [{"uri": o["uri"], "label": o["label"], "code": o["code"], "jobs": o["postings"],
                             "share": o["share"]} for o in result["top_occupations"]],
            "requiring": result["occupations_requiring"],
        }
    result = subjects.country_result(cube, iso3, start=start, end=end, isco_level=1)
    return {
        "occupations_title": "Occupations with the most jobs",
        "occupations_total": len(result["top_occupations"]),
        "occupations": result["top_occupations"][:limit],
        "isco_groups": result["top_isco_groups"],
        "skills": result["top_skills"][:limit],
    }
