"""Subjects other than one occupation (issue 15): an ISCO-08 group at any level, and a country
with no occupation ("what do employers in Poland look for?").

Pure functions, cube first, options keyword-only, answered from the cube's in-memory arrays
(:class:`dashboard.reading.cube.Cube`), never by re-reading Parquet. The JSON shapes are those of
``../shared/DESIGN.md`` ("Additions"); keys may be added, never renamed.

An ISCO group adds up its ESCO occupations: those whose 4-digit ``isco_group`` starts with the
group's code ("25" holds 2511..2519). Periods are inclusive months; None is open-ended.
"""
from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from dashboard.reading import queries
from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.text import normalize_label

ISCO_LEVELS = (1, 2, 3, 4)
#: How many entries the top lists of a country hold.
TOP_OCCUPATIONS = 10
TOP_ISCO_GROUPS = 10
TOP_SKILLS = 20
_CANDIDATES = 5
_ISCO_CODE = re.compile(r"^\d{1,4}$")


# -- ISCO groups -----------------------------------------------------------------------------

def resolve_isco(cube: Cube, text: str) -> str:
    """The ISCO-08 group code ``text`` names: a 1-4 digit code of the cube's ISCO groups
    ("2", "25", "251", "2511"; an "ISCO" prefix is ignored) or a group's exact label.

    Raises
    ------
    UsageError
        Unknown or ambiguous, naming the closest groups ("code label").
    """
    raw = (text or "").strip()
    code = re.sub(r"^isco(?:-08)?\s*", "", raw, flags=re.I).strip()
    labels = cube.isco_labels
    if code in labels:
        return code
    norm = normalize_label(raw)
    by_label = [c for c, label in labels.items() if normalize_label(label) == norm] if norm else []
    if len(by_label) == 1:
        return by_label[0]
    if by_label:
        raise UsageError(f"ISCO group {raw!r} is ambiguous: several groups have that label. Give a code: "
                         + _names(cube, sorted(by_label, key=lambda c: (len(c), c))))
    candidates = _closest_isco(cube, code if _ISCO_CODE.match(code) else None, norm)
    hint = f" Closest matches: {_names(cube, candidates)}." if candidates else ""
    raise UsageError(f"unknown ISCO group {raw!r}: give a 1- to 4-digit ISCO-08 code (e.g. 2, 25, 251, 2511) "
                     f"or a group's label.{hint}")


def _names(cube: Cube, codes: list[str]) -> str:
    return "; ".join(f"{c} {cube.isco_labels.get(c, '')}".strip() for c in codes)


def _closest_isco(cube: Cube, code: str | None, norm: str) -> list[str]:
    """Groups of the same level sharing the longest prefix with ``code``; else labels spelled
    most like ``norm`` (or containing it)."""
    codes = sorted(cube.isco_labels)
    if code is not None:
        level = len(code)
        for length in range(level - 1, -1, -1):
            same = [c for c in codes if len(c) == level and c.startswith(code[:length])]
            if same:
                # Nearest codes first (2599 -> 2519, 2529, ... rather than 2511).
                return sorted(same, key=lambda c: (abs(int(c) - int(code)), c))[:_CANDIDATES]
        return []
    if not norm:
        return []
    by_norm: dict[str, list[str]] = {}
    for c in codes:
        by_norm.setdefault(normalize_label(cube.isco_labels[c]), []).append(c)
    close = difflib.get_close_matches(norm, list(by_norm), n=_CANDIDATES, cutoff=0.6)
    containing = [n for n in by_norm if norm in n and n not in close]
    found = [c for n in close + sorted(containing, key=len) for c in by_norm[n]]
    return list(dict.fromkeys(found))[:_CANDIDATES]


def isco_members(cube: Cube, code: str) -> list[str]:
    """URIs of the ESCO occupations in ISCO group ``code``, by ESCO code then URI."""
    facts = cube.occupation_facts
    members = [uri for uri, f in facts.items() if f.isco_group.startswith(code) and len(f.isco_group) == 4]
    return sorted(members, key=lambda uri: (facts[uri].code, uri))


def isco_group_result(cube: Cube, text: str, *, country: str | None = None, start: str | None = None,
                      end: str | None = None) -> dict:
    """The ``query --isco CODE --format json`` object.

    Returns
    -------
    dict
        ``isco_group`` {code, label, level}, ``occupations`` (how many ESCO occupations it
        holds), ``jobs_total``, ``countries_with_jobs``, ``period``, ``countries`` (as for an
        occupation, with ``location_quotient``), and ``occupation_jobs``: every occupation of the
        group with its jobs (in ``country`` when given), most first, then ESCO code.
    """
    from dashboard.reading.resolve import resolve_country_or_raise

    code = resolve_isco(cube, text)
    iso3 = resolve_country_or_raise(country) if country is not None else None
    members = isco_members(cube, code)
    jobs, postings = cube.jobs_by_country_arrays_of(members, start=start, end=end)
    by_country = queries.country_frame(cube, jobs, postings)
    scoped = dict(zip(members, cube.jobs_of_occupations(members, iso3=iso3, start=start, end=end).tolist()))
    facts = cube.occupation_facts
    listed = sorted(members, key=lambda uri: (-int(scoped.get(uri, 0)), facts[uri].code, uri))
    countries = queries.countries_json(by_country)
    # Like an occupation's summary: every jobs row of the period, countries off the map included.
    country_codes, _, counts = cube.jobs_per_country_month_of(members, start=start, end=end)
    known = country_codes >= 0
    per_country = np.bincount(country_codes[known], weights=counts[known]) if known.any() else np.zeros(0)
    result = {
        "isco_group": {"code": code, "label": cube.isco_labels.get(code, ""), "level": len(code)},
        "occupations": len(members),
        "jobs_total": int(counts.sum()),
        "countries_with_jobs": int((per_country > 0).sum()),
        "period": queries.period_of(cube, start, end),
        "countries": countries,
        "occupation_jobs": [
            {"uri": uri, "label": facts[uri].label, "code": facts[uri].code, "jobs": int(scoped.get(uri, 0))}
            for uri in listed
        ],
    }
    if iso3 is not None:
        result["country"] = _country_json(cube, iso3)
    return result


# -- a country with no occupation --------------------------------------------------------------

def _country_json(cube: Cube, iso3: str) -> dict:
    from dashboard.geo import country_name

    try:
        import pycountry

        fallback = pycountry.countries.get(alpha_3=iso3).name
    except (AttributeError, KeyError, LookupError):
        fallback = iso3
    return {"iso3": iso3, "name": country_name(iso3, default=fallback)}


def country_result(cube: Cube, text: str | None, *, start: str | None = None, end: str | None = None,
                   isco_level: int = 1) -> dict:
    """The ``query --country CODE --format json`` object (no occupation): what employers in
    one country look for.

    Returns
    -------
    dict
        ``country`` {iso3, name}, ``jobs_total`` (every occupation, in the period),
        ``has_data`` (the country has postings in the period), ``period``,
        ``top_occupations`` [{uri, label, code, jobs, share}] (share of the country's jobs),
        ``top_isco_groups`` [{code, label, jobs}] at ``isco_level`` (1-4; "code": null for
        occupations without a valid ISCO group), ``top_skills`` [{uri, label, postings, share}]
        (share: postings asking for it / the country's jobs).

        ``text`` None: the same lists over every country (``"country"`` is then None; the
        dashboard's all-occupations view without a country).

    Raises
    ------
    UsageError
        Unknown country (closest names given) or an ISCO level outside 1-4.
    """
    from dashboard.reading.resolve import resolve_country_or_raise

    if isco_level not in ISCO_LEVELS:
        raise UsageError(f"--isco-level {isco_level!r}: expected 1, 2, 3 or 4 (digits of the ISCO-08 code)")
    iso3 = resolve_country_or_raise(text) if text is not None else None
    uris, jobs = cube.jobs_by_occupation(iso3=iso3, start=start, end=end)
    total = int(jobs.sum())
    demand = cube.skill_demand_in(iso3=iso3, start=start, end=end)
    skill_uris = demand["skill_uri"].tolist()
    postings = demand["postings"].to_numpy(dtype="int64")
    return {
        "country": _country_json(cube, iso3) if iso3 is not None else None,
        "jobs_total": total,
        "has_data": (iso3 is not None and cube.country_postings(iso3, start=start, end=end) > 0) or total > 0,
        "period": queries.period_of(cube, start, end),
        "top_occupations": _top_occupations(cube, uris, jobs, total),
        "isco_level": isco_level,
        "top_isco_groups": _top_isco_groups(cube, uris, jobs, isco_level),
        "top_skills": _top_skills(cube, skill_uris, postings, total),
        "top_skill_groups": _top_groups(cube, skill_uris, postings),
    }


def _top_occupations(cube: Cube, uris: list[str], jobs: np.ndarray, total: int) -> list[dict]:
    """Rank the occupations: most jobs first, then label and URI; share of all ``total`` jobs."""
    facts = cube.occupation_facts
    with_jobs = np.flatnonzero(jobs > 0)
    ranked = sorted(with_jobs.tolist(), key=lambda i: (-int(jobs[i]), _label(facts, uris[i]), uris[i]))
    return [
        {"uri": uris[i], "label": _label(facts, uris[i]), "code": facts[uris[i]].code if uris[i] in facts else "",
         "jobs": int(jobs[i]), "share": int(jobs[i]) / total}
        for i in ranked[:TOP_OCCUPATIONS]
    ]


def _top_isco_groups(cube: Cube, uris: list[str], jobs: np.ndarray, isco_level: int) -> list[dict]:
    """Add up the jobs per ISCO group of ``isco_level`` digits ("code": None without a valid group)."""
    facts = cube.occupation_facts
    groups: dict[str | None, int] = {}
    for i in np.flatnonzero(jobs > 0).tolist():
        fact = facts.get(uris[i])
        group = fact.isco_group if fact is not None and len(fact.isco_group) == 4 else ""
        key = group[:isco_level] if group.isdigit() else None
        groups[key] = groups.get(key, 0) + int(jobs[i])
    top_groups = sorted(groups.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))[:TOP_ISCO_GROUPS]
    return [
        {"code": code, "label": cube.isco_labels.get(code, "") if code else "occupations without an ISCO group",
         "jobs": n}
        for code, n in top_groups
    ]


def _top_skills(cube: Cube, skill_uris: list[str], postings: np.ndarray, total: int) -> list[dict]:
    """Rank the skills asked for: most postings first; share of the ``total`` jobs."""
    # Most postings first, then skill URI (the rows come in URI order: a stable sort keeps it).
    order = np.argsort(-postings, kind="stable")[:TOP_SKILLS].tolist()
    known = cube.skill_facts
    hierarchy = cube.skill_hierarchy
    return [
        {"uri": skill_uris[i], "label": (known.get(skill_uris[i]) or (skill_uris[i],))[0] or skill_uris[i],
         "postings": int(postings[i]), "share": int(postings[i]) / total if total else None,
         "collections": list(hierarchy.collections_of(skill_uris[i]))}
        for i in order if postings[i] > 0
    ]


def _top_groups(cube: Cube, skill_uris: list[str], postings: np.ndarray, *, limit: int = TOP_ISCO_GROUPS) -> list[dict]:
    """Skill demand rolled up to each skill's nearest skill groups: per group the *mentions*
    (postings asking for a skill of the group, summed over its skills: a posting asking for
    two skills of one group counts twice, so this is not a count of distinct postings)."""
    hierarchy = cube.skill_hierarchy
    mentions: dict[str, int] = {}
    for uri, n in zip(skill_uris, postings.tolist()):
        for group in hierarchy.groups_of(uri):
            mentions[group] = mentions.get(group, 0) + int(n)
    ranked = sorted(mentions.items(), key=lambda kv: (-kv[1], hierarchy.group_labels.get(kv[0], ""), kv[0]))
    return [{"uri": g, "label": hierarchy.group_labels.get(g, g), "mentions": n} for g, n in ranked[:limit] if n > 0]


def _label(facts, uri: str) -> str:
    fact = facts.get(uri)
    return fact.label if fact is not None else uri


# -- a skill ----------------------------------------------------------------------------------

def _skill_index(cube: Cube):
    index = cube.__dict__.get("_subjects_skill_index")
    if index is None:
        from dashboard.reading.resolve import SkillIndex

        index = SkillIndex(cube.skills.drop_duplicates("skill_uri"))
        cube.__dict__["_subjects_skill_index"] = index  # one assignment: safe across threads
    return index


def resolve_skill(cube: Cube, text: str) -> str:
    """The skill ``text`` names: URI, preferred or alternative label (trimmed, case-insensitive).

    Raises
    ------
    UsageError
        Unknown or ambiguous, naming the closest skills ("label (URI)").
    """
    resolution = _skill_index(cube).lookup(text or "")
    if resolution.uri is not None:
        return resolution.uri
    if resolution.status == "ambiguous":
        names = "; ".join(f"{label} ({uri})" for uri, label in resolution.candidates)
        raise UsageError(f"skill {text!r} is ambiguous: several skills have that label. Closest matches: {names}")
    close = _closest_skills(cube, text)
    hint = f" Closest matches: {'; '.join(close)}." if close else ""
    raise UsageError(f"unknown skill {text!r}: give a skill's URI, preferred or alternative label.{hint}")


def _closest_skills(cube: Cube, text: str) -> list[str]:
    norm = normalize_label(text or "")
    if not norm:
        return []
    by_norm: dict[str, str] = {}
    for uri, (label, _, _) in cube.skill_facts.items():
        by_norm.setdefault(normalize_label(label), uri)
    # Alternative labels that start like the text too ("pyton" -> "python"): all ~100,000 of
    # ESCO's would cost a second of difflib.
    skills = cube.skills
    if "alt_labels" in skills:
        for uri, alts in zip(skills["skill_uri"], skills["alt_labels"]):
            for alt in str(alts or "").splitlines():
                alt_norm = normalize_label(alt)
                if alt_norm[:2] == norm[:2]:
                    by_norm.setdefault(alt_norm, uri)
    close = difflib.get_close_matches(norm, list(by_norm), n=_CANDIDATES, cutoff=0.6)
    containing = sorted((n for n in by_norm if norm in n and n not in close), key=len)
    uris = list(dict.fromkeys(by_norm[n] for n in close + containing))[:_CANDIDATES]
    return [f"{cube.skill_facts[uri][0]} ({uri})" for uri in uris]


def _group_json(cube: Cube, uri: str) -> dict:
    hierarchy = cube.skill_hierarchy
    return {"uri": uri, "label": hierarchy.group_labels.get(uri) or cube.skill_facts.get(uri, (uri,))[0] or uri}


def skill_result(cube: Cube, text: str, *, country: str | None = None, start: str | None = None,
                 end: str | None = None, limit: int = TOP_OCCUPATIONS) -> dict:
    """The ``query --skill TEXT --format json`` object.

    Returns
    -------
    dict
        ``skill`` {uri, label, skill_type, description, broader [{uri, label}] (the concepts
        directly above it), groups [{uri, label}] (its nearest skill groups), collections
        [names]}, ``postings_total`` (postings asking for it, in the period), ``period``,
        ``countries`` [{iso3, name, postings, share, per_million, location_quotient}] (share of
        the country's postings), ``occupations_requiring`` {essential, optional} (ESCO
        occupations listing it), ``top_occupations`` [{uri, label, code, postings, share}]
        (whose postings ask for it most; share of the occupation's jobs there; in ``country``
        when given).
    """
    from dashboard.reading.resolve import resolve_country_or_raise

    uri = resolve_skill(cube, text)
    iso3 = resolve_country_or_raise(country) if country is not None else None
    demand = cube.skill_demand_by_skill(uri, start=start, end=end)
    result = {
        "skill": _skill_json(cube, uri),
        "postings_total": int(demand["postings"].sum()),
        "period": queries.period_of(cube, start, end),
        "countries": _countries_asking(cube, demand, start=start, end=end),
        "occupations_requiring": _occupations_requiring(cube, uri),
        "top_occupations": _occupations_asking(cube, demand, iso3, start=start, end=end, limit=limit),
    }
    if iso3 is not None:
        result["country"] = _country_json(cube, iso3)
    return result


def _skill_json(cube: Cube, uri: str) -> dict:
    """The skill itself: label, type, description, the concepts above it, groups, collections."""
    label, kind, description = cube.skill_facts.get(uri, (uri, "", ""))
    hierarchy = cube.skill_hierarchy
    return {
        "uri": uri, "label": label or uri, "skill_type": kind, "description": description,
        "broader": [_group_json(cube, b) for b in hierarchy.broader_of(uri)],
        "groups": [_group_json(cube, g) for g in hierarchy.groups_of(uri)],
        "collections": list(hierarchy.collections_of(uri)),
    }


def _countries_asking(cube: Cube, demand: pd.DataFrame, *, start: str | None, end: str | None) -> list[dict]:
    """Rank the countries by postings asking for the skill, with share of all their postings."""
    codes = cube.country_codes
    position = {c: i for i, c in enumerate(codes)}
    per_country = np.zeros(len(codes), dtype="int64")
    by_country = demand.groupby("iso3", sort=True)["postings"].sum()
    for code, n in by_country.items():
        if code in position:
            per_country[position[code]] = int(n)
    _, postings = cube.jobs_by_country_arrays_of([], start=start, end=end)  # all postings per country
    frame = queries.country_frame(cube, per_country, postings)
    with_postings = frame[frame["jobs"] > 0].sort_values(["jobs", "iso3"], ascending=[False, True])
    return [
        {"iso3": r.iso3, "name": r.name, "postings": int(r.jobs), "share": queries._float_or_none(r.share),
         "per_million": queries._float_or_none(r.per_million),
         "location_quotient": queries._float_or_none(r.location_quotient)}
        for r in with_postings.itertuples(index=False)
    ]


def _occupations_requiring(cube: Cube, uri: str) -> dict:
    """How many ESCO occupations list the skill as essential and as optional."""
    links = cube.occupation_skills
    listing = links[links["skill_uri"] == uri].drop_duplicates(["occupation_uri", "relation"])
    requiring = listing["relation"].value_counts()
    return {"essential": int(requiring.get("essential", 0)), "optional": int(requiring.get("optional", 0))}


def _occupations_asking(cube: Cube, demand: pd.DataFrame, iso3: str | None, *, start: str | None, end: str | None,
                        limit: int) -> list[dict]:
    """Rank the occupations whose postings ask for the skill (in ``iso3``); share of their jobs."""
    scoped = demand if iso3 is None else demand[demand["iso3"] == iso3]
    by_occupation = scoped.groupby("occupation_uri", sort=True)["postings"].sum()
    facts = cube.occupation_facts
    uris, jobs = cube.jobs_by_occupation(iso3=iso3, start=start, end=end)
    jobs_of = dict(zip(uris, jobs.tolist()))
    ranked = sorted(by_occupation.items(), key=lambda kv: (-int(kv[1]), _label(facts, kv[0]), kv[0]))[:limit]
    return [
        {"uri": occ, "label": _label(facts, occ), "code": facts[occ].code if occ in facts else "",
         "postings": int(n), "share": int(n) / jobs_of[occ] if jobs_of.get(occ) else None}
        for occ, n in ranked
    ]


# -- text output of the CLI ------------------------------------------------------------------

def _period_text(period: dict) -> str:
    return f"{period['from']} to {period['to']}" if period.get("from") else "undated (the data carries no period)"


def _country_lines(countries: list[dict], value: str, *, top: int) -> list[str]:
    """The first ``top`` countries of a result, ``value`` (jobs or postings) with share and LQ."""
    lines = []
    for row in countries[:top]:
        share = "" if row["share"] is None else f"  {row['share']:.1%} of postings"
        quotient = "" if row["location_quotient"] is None else f"  LQ {row['location_quotient']:.2f}"
        lines.append(f"  {row['name']} ({row['iso3']})  {row[value]:,}{share}{quotient}")
    if len(countries) > top:
        lines.append(f"  ... and {len(countries) - top} more")
    return lines


def format_isco_text(result: dict, *, is_demo: bool = False, top: int = 10) -> str:
    """A readable summary of an :func:`isco_group_result` object."""
    group = result["isco_group"]
    lines = [f"ISCO-08 {group['code']} {group['label']} (level {group['level']}): "
             f"{result['occupations']:,} ESCO occupations"]
    if is_demo:
        lines.append("Demo data: generated, not real postings.")
    lines.append(f"Jobs: {result['jobs_total']:,} in {result['countries_with_jobs']:,} countries, "
                 f"{_period_text(result['period'])}")
    lines += _country_lines(result["countries"], "jobs", top=top)
    where = f" in {result['country']['name']}" if "country" in result else ""
    lines.append(f"Occupations of the group, by jobs{where}:")
    for occ in result["occupation_jobs"][:top]:
        lines.append(f"  {occ['label']} (ESCO {occ['code']})  {occ['jobs']:,}")
    if len(result["occupation_jobs"]) > top:
        lines.append(f"  ... and {len(result['occupation_jobs']) - top} more")
    return "\n".join(lines)


def format_country_text(result: dict, *, is_demo: bool = False, top: int = 10) -> str:
    """A readable summary of a :func:`country_result` object."""
    country = result["country"]
    lines = [f"{country['name']} ({country['iso3']}): all occupations"]
    if is_demo:
        lines.append("Demo data: generated, not real postings.")
    lines.append(f"Jobs: {result['jobs_total']:,}, {_period_text(result['period'])}")
    if not result["has_data"]:
        lines.append("No postings for this country in this period.")
        return "\n".join(lines)
    lines.append("Top occupations:")
    for occ in result["top_occupations"][:top]:
        lines.append(f"  {occ['label']} (ESCO {occ['code']})  {occ['jobs']:,}  {occ['share']:.1%}")
    lines.append(f"Top ISCO groups ({result['isco_level']}-digit):")
    for group in result["top_isco_groups"][:top]:
        lines.append(f"  {group['code'] or '-'} {group['label']}  {group['jobs']:,}")
    if result["top_skills"]:
        lines.append("Skills most asked for:")
        for skill in result["top_skills"][:top]:
            share = "" if skill["share"] is None else f" ({skill['share']:.0%})"
            lines.append(f"  {skill['label']}  {skill['postings']:,} postings{share}")
    else:
        lines.append("No skill mentions in postings.")
    if result.get("top_skill_groups"):
        lines.append("Top skill groups (skill mentions):")
        for group in result["top_skill_groups"][:top]:
            lines.append(f"  {group['label']}  {group['mentions']:,}")
    return "\n".join(lines)


def format_skill_text(result: dict, *, is_demo: bool = False, top: int = 10) -> str:
    """A readable summary of a :func:`skill_result` object."""
    skill = result["skill"]
    lines = [f"{skill['label']} ({skill['skill_type'] or 'type unknown'})", skill["uri"]]
    if is_demo:
        lines.append("Demo data: generated, not real postings.")
    if skill["groups"]:
        lines.append("Skill groups: " + "; ".join(g["label"] for g in skill["groups"]))
    if skill["collections"]:
        lines.append("Collections: " + ", ".join(skill["collections"]))
    need = result["occupations_requiring"]
    lines.append(f"ESCO occupations listing it: {need['essential']:,} essential, {need['optional']:,} optional")
    lines.append(f"Postings asking for it: {result['postings_total']:,}, {_period_text(result['period'])}")
    lines += _country_lines(result["countries"], "postings", top=top)
    where = f" in {result['country']['name']}" if "country" in result else ""
    if result["top_occupations"]:
        lines.append(f"Occupations whose postings ask for it most{where}:")
        for occ in result["top_occupations"][:top]:
            share = "" if occ["share"] is None else f" ({occ['share']:.0%} of its jobs)"
            lines.append(f"  {occ['label']} (ESCO {occ['code']})  {occ['postings']:,} postings{share}")
    else:
        lines.append(f"No postings ask for it{where}.")
    return "\n".join(lines)
