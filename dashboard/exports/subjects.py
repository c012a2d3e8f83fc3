"""What each export shows for the view's subject (issue 15): one occupation, an ISCO-08 group, a
skill or all occupations.

The Export menu and ``python -m dashboard export`` offer the same entries for every subject;
:func:`refusal` says which of them cannot apply to a subject and why (the occupation's skill
breakdown for an ISCO group, a skill's monthly trend...), so no file ever shows another
occupation than the one the screen is about. The numbers come from the functions the screen
uses (:mod:`dashboard.reading.subject_view`, :func:`dashboard.reading.advertised_pay.scope_of`),
so a file matches the map, the headline and the country panel of its view.
"""
from __future__ import annotations

import pandas as pd

from dashboard.errors import UsageError
from dashboard.exports.names import PANEL
from dashboard.reading import queries, subject_view, subjects
from dashboard.reading.cube import Cube
from dashboard.view import View

#: Columns of the panel export, in order.
PANEL_COLUMNS = ("list", "rank", "label", "code", "uri", "jobs", "postings_asking_for_skill", "share", "share_of")

#: Which subject kinds each export applies to (the others are refused by :func:`refusal`).
APPLIES_TO = {
    "map": ("occupation", "isco", "skill", "all"),
    "skills": ("occupation",),
    "breakdown": ("occupation",),
    "trend": ("occupation", "isco", "all"),
    "jobs": ("occupation", "isco", "all"),
    "advertised-pay": ("occupation", "isco", "all"),
    "related": ("occupation",),
    PANEL: ("isco", "skill", "all"),
    "report": ("occupation", "isco", "skill", "all"),
}

#: Why an export does not apply to a subject kind ("*": any other kind than those it applies to).
_WHY = {
    ("skills", "isco"): "the skill-demand chart is one occupation's; the group's occupations and their jobs "
                        "are in the 'Country panel' export",
    ("skills", "skill"): "the skill-demand chart is one occupation's; the occupations whose postings ask for "
                         "the skill are in the 'Country panel' export",
    ("skills", "all"): "the skill-demand chart is one occupation's; the skills asked for most are in the "
                       "'Country panel' export",
    ("breakdown", "*"): "the skill breakdown is one ESCO occupation's own profile: pick an occupation to export it",
    ("trend", "skill"): "skill demand is kept per period, not per month, so a skill has no monthly trend",
    ("jobs", "skill"): "the list of available jobs is kept by occupation, not by skill; the occupations asking "
                       "for it are in the 'Country panel' export",
    ("advertised-pay", "skill"): "advertised pay is shown for an occupation, an ISCO group or all occupations, "
                                 "not for a skill (postings are not kept by skill)",
    ("related", "*"): "related occupations are those of one occupation: pick an occupation to export where it leads",
    (PANEL, "occupation"): "an occupation's country panel is its skill demand and trend: use the 'Skill demand' "
                           "and 'Trend' exports",
}

_ENTRY_NAMES = {"map": "map", "skills": "skill demand", "breakdown": "skill breakdown", "trend": "trend",
                "jobs": "available jobs", "advertised-pay": "advertised pay", "related": "related occupations",
                PANEL: "country panel", "report": "report"}


def refusal(cube: Cube, view: View, chart: str) -> str | None:
    """Why ``chart`` cannot be exported for the view's subject (a sentence naming the subject
    and the reason), or None when it can. An unknown ``chart`` is left to the maker to refuse."""
    kinds = APPLIES_TO.get(chart)
    kind = view.subject.kind
    if kinds is None or kind in kinds:
        return None
    why = _WHY.get((chart, kind)) or _WHY.get((chart, "*")) or "it does not apply to this subject"
    return f"No {_ENTRY_NAMES.get(chart, chart)} export for {subject_view.subject_label(cube, view.subject)}: {why}."


#: The Export menu's line per subject kind: which entries are greyed out for it and why
#: (assets/export_menu.js shows the one of the view's subject; :data:`APPLIES_TO` greys them).
MENU_NOTES = {
    "occupation": "Country panel: the lists shown beside the map for an ISCO group, a skill or all occupations.",
    "isco": "Greyed out for an ISCO group: skill demand, skill breakdown and related occupations (they are one "
            "occupation's). Its occupations and their jobs: Country panel.",
    "skill": "Greyed out for a skill: skill demand, skill breakdown and related occupations (one occupation's), "
             "the trend (skill demand is kept per period, not per month), available jobs and advertised pay "
             "(postings are kept by occupation, not by skill). The occupations asking for it: Country panel.",
    "all": "Greyed out for all occupations: skill demand, skill breakdown and related occupations (they are one "
           "occupation's). Top occupations, ISCO groups and skills: Country panel.",
}


def check_applies(cube: Cube, view: View, chart: str) -> None:
    """Raise a :class:`UsageError` with :func:`refusal`'s sentence when ``chart`` does not apply."""
    reason = refusal(cube, view, chart)
    if reason:
        raise UsageError(reason)


# -- names -------------------------------------------------------------------------------------

def subject_name(cube: Cube, view: View) -> str:
    """What the files of a view are about, as titles and file names say it: the occupation's
    label ("software developer"), "ISCO 2511 Systems analysts", "skill Python", "all occupations"."""
    subject = view.subject
    if subject.kind == "isco":
        return subject_view.isco_title(cube, subject.key)
    if subject.kind == "skill":
        return f"skill {subject_view.skill_label(cube, subject.key)}"
    if subject.kind == "all":
        return "all occupations"
    return cube.occupation_index.label(view.occupation)


def subject_title(cube: Cube, view: View) -> str:
    """:func:`subject_name` as a headline starts (capital first: "Software developer", "Skill Python")."""
    name = subject_name(cube, view)
    return name[:1].upper() + name[1:]


def subject_rows(cube: Cube, view: View) -> dict[str, str]:
    """The lines of an XLSX "about" sheet that say what the file is about: the occupation and its
    URI, the ISCO group and how many occupations it adds up, the skill and its URI, or all occupations."""
    subject = view.subject
    if subject.kind == "isco":
        members = subjects.isco_members(cube, subject.key)
        level = subject_view.ISCO_LEVEL_NAMES.get(len(subject.key), "group")
        return {"Subject": "ISCO-08 group", "ISCO group": subject_view.isco_title(cube, subject.key),
                "ISCO level": f"{len(subject.key)}-digit {level}",
                "Occupations": f"the {len(members):,} ESCO occupations of the group, added up"}
    if subject.kind == "skill":
        return {"Subject": "skill", "Skill": subject_view.skill_label(cube, subject.key), "Skill URI": subject.key,
                "Counts": "postings asking for the skill (every occupation)"}
    if subject.kind == "all":
        return {"Subject": "all occupations", "Occupations": f"every posting, {len(cube.occupation_facts):,} "
                                                             "ESCO occupations"}
    return {"Occupation": cube.occupation_index.label(view.occupation), "Occupation URI": view.occupation}


def counts_word(view: View) -> str:
    """What the map's counts are for the view: "Jobs", or for a skill "Postings asking for it"."""
    return subject_view.map_counts(view.subject.kind)


# -- numbers, as the screen reads them ---------------------------------------------------------

def by_country(cube: Cube, view: View) -> pd.DataFrame:
    """The map's frame for the view (as ``callbacks/jobs_map.by_country_of``): the occupation's
    jobs, the group's, the postings asking for the skill, or every posting."""
    if view.about_one_occupation:
        return queries.jobs_by_country(cube, view.occupation, start=view.start, end=view.end)
    return subject_view.by_country(cube, view.subject, start=view.start, end=view.end)


def totals(cube: Cube, view: View) -> dict[str, int]:
    """The headline's ``jobs_total`` and ``countries_with_jobs``."""
    return subject_view.totals(cube, view.subject, start=view.start, end=view.end)


def trend(cube: Cube, view: View) -> pd.DataFrame:
    """Jobs per month in the view's country (all countries without one) and period."""
    check_applies(cube, view, "trend")
    if view.about_one_occupation:
        return queries.country_trend(cube, view.occupation, iso3=view.country, start=view.start, end=view.end)
    return subject_view.trend(cube, view.subject, iso3=view.country, start=view.start, end=view.end)


def postings_scope(cube: Cube, view: View, *, iso3: str | None = None):
    """The postings behind the view (:class:`dashboard.reading.job_listings.Scope`) in ``iso3``
    (None: every country): the occupation's, the group's occupations', every one; None for a skill."""
    from dashboard.reading.advertised_pay import scope_of

    return scope_of(cube, view.subject, iso3=iso3, start=view.start, end=view.end)


def collection_occupations(cube: Cube, view: View) -> tuple[bool, tuple[str, ...] | None]:
    """Whether the view's postings can be counted by skill collection, and the occupations
    (None: all) whose postings count; (False, None) for a skill."""
    scope = postings_scope(cube, view)
    if scope is None:
        return False, None
    return True, scope.occupations


# -- the country panel's lists (ISCO group, skill, all occupations) ----------------------------

def panel_frame(cube: Cube, view: View) -> pd.DataFrame:
    """The lists of the country panel for the view's country (all countries without one), one
    row per entry: ``list`` (occupations; for all occupations also isco_major_groups and skills),
    ``rank`` in its list, ``label``, ``code``, ``uri``, ``jobs`` (an occupation's or group's
    jobs), ``postings_asking_for_skill`` (a skill's, or for a skill's occupations the postings
    asking for it), ``share`` and what it is a share of (``share_of``).

    These are :func:`dashboard.reading.subject_view.panel`'s lists, the rows the screen shows
    (an ISCO group's every occupation; a skill's and all occupations' top ten of each list; the
    screen shows the first five ISCO groups and eight skills of all occupations)."""
    check_applies(cube, view, PANEL)
    kind = view.subject.kind
    panel = subject_view.panel(cube, view.subject, iso3=view.country, start=view.start, end=view.end)
    share_of = {"isco": "the group's jobs", "skill": "the occupation's jobs", "all": "all jobs"}[kind]
    rows = []
    for rank, o in enumerate(panel["occupations"], start=1):
        count = int(o["jobs"])
        rows.append({"list": "occupations", "rank": rank, "label": o["label"], "code": o.get("code"),
                     "uri": o["uri"], "jobs": None if kind == "skill" else count,
                     "postings_asking_for_skill": count if kind == "skill" else None,
                     "share": o.get("share"), "share_of": share_of})
    if kind == "all":
        groups = [g for g in panel.get("isco_groups", []) if g.get("code")]
        for rank, g in enumerate(groups, start=1):
            rows.append({"list": "isco_major_groups", "rank": rank, "label": g["label"], "code": g["code"],
                         "uri": None, "jobs": int(g["jobs"]), "postings_asking_for_skill": None, "share": None,
                         "share_of": None})
        for rank, s in enumerate(panel.get("skills", []), start=1):
            rows.append({"list": "skills", "rank": rank, "label": s["label"], "code": None, "uri": s["uri"],
                         "jobs": None, "postings_asking_for_skill": int(s["postings"]), "share": s.get("share"),
                         "share_of": "all jobs"})
    frame = pd.DataFrame(rows, columns=list(PANEL_COLUMNS))
    for column in ("rank", "jobs", "postings_asking_for_skill"):
        frame[column] = frame[column].astype("Int64")
    frame["share"] = pd.to_numeric(frame["share"]).astype("float64").round(6)
    return frame
