"""Questions the dashboard and the CLI ask of a cube. Pure functions: cube first, options keyword-only.

Periods are inclusive month strings ("YYYY-MM"); ``None`` means open-ended.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.cube import Cube
from dashboard.errors import UsageError
from dashboard.taxonomy import BREAKDOWN_GROUPS


def _in_period(months: pd.Series, start: str | None, end: str | None) -> pd.Series:
    mask = pd.Series(True, index=months.index)
    if start is not None:
        mask &= months >= start
    if end is not None:
        mask &= months <= end
    return mask


def _period(cube: Cube, start: str | None, end: str | None) -> list[str | None]:
    """The effective [first, last] month of a query: the cube's months clipped to the period."""
    months = [m for m in cube.months if (start is None or m >= start) and (end is None or m <= end)]
    return [months[0], months[-1]] if months else [start, end]


def jobs_by_country(cube: Cube, occupation_uri: str, *, start: str | None = None, end: str | None = None) -> pd.DataFrame:
    """Jobs of one occupation in each country of the geo file, with normalised views.

    Returns
    -------
    DataFrame
        One row per country: iso3, name, jobs (0 if none), country_postings (all
        occupations in the period), per_million (jobs per million inhabitants), share
        (jobs / country_postings, NaN without postings), has_data (country_postings > 0),
        rank (1 = most jobs, among countries with jobs; NaN otherwise).
    """
    # Integer arrays indexed once per cube (Cube.jobs_by_country_arrays): this runs on every
    # interaction, and pandas groupby/map here cost more than the rest of the request.
    jobs, postings = cube.jobs_by_country_arrays(occupation_uri, start=start, end=end)
    countries = cube.countries
    population = pd.to_numeric(countries["population"], errors="coerce").to_numpy(dtype="float64")
    jobs_f = jobs.astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        # A country without a known population has no per-million figure (not infinity).
        per_million = np.where(population > 0, jobs_f / population * 1e6, np.nan)
        share = np.where(postings > 0, jobs_f / postings, np.nan)
    # rank "min", descending, among countries with jobs: 1 + how many have more.
    with_jobs = np.sort(jobs[jobs > 0])
    rank = np.where(jobs > 0, len(with_jobs) - np.searchsorted(with_jobs, jobs, side="right") + 1, np.nan)
    return pd.DataFrame({
        "iso3": countries["iso3"].to_numpy(),
        "name": countries["name"].to_numpy(),
        "jobs": jobs,
        "country_postings": postings.astype("int64"),
        "per_million": per_million,
        "share": share,
        "has_data": postings > 0,
        "rank": rank.astype("float64"),
    })


def occupation_summary(cube: Cube, occupation_uri: str, *, start: str | None = None, end: str | None = None) -> dict:
    """Headline figures of one occupation: jobs_total, countries_with_jobs, months ([first, last])."""
    jobs = cube.jobs_of(occupation_uri)
    jobs = jobs[_in_period(jobs["month"], start, end)]
    by_country = jobs.groupby("iso3")["jobs"].sum()
    return {
        "jobs_total": int(by_country.sum()),
        "countries_with_jobs": int((by_country > 0).sum()),
        "months": _period(cube, start, end),
    }


def country_trend(
    cube: Cube, occupation_uri: str, *, iso3: str | None = None, start: str | None = None, end: str | None = None
) -> pd.DataFrame:
    """Jobs per month (all countries, or one), every month of the period present (zeros filled)."""
    first, last = _period(cube, start, end)
    if first is None or last is None:
        return pd.DataFrame({"month": pd.Series(dtype=object), "jobs": pd.Series(dtype="int64")})
    months = [str(p) for p in pd.period_range(first, last, freq="M")]
    jobs = cube.jobs_of(occupation_uri)
    if iso3 is not None:
        jobs = jobs[jobs["iso3"] == iso3]
    per_month = jobs.groupby("month")["jobs"].sum()
    return pd.DataFrame({"month": months, "jobs": [int(per_month.get(m, 0)) for m in months]})


def _skill_facts(cube: Cube, occupation_uri: str) -> pd.DataFrame:
    """Skills with their relation to the occupation (essential/optional, or other) and type."""
    linked = cube.occupation_skill_links(occupation_uri)
    return linked[["skill_uri", "relation", "skill_type"]].drop_duplicates("skill_uri")


def top_skills(
    cube: Cube,
    occupation_uri: str,
    *,
    iso3: str | None = None,
    start: str | None = None,
    end: str | None = None,
    limit: int = 20,
) -> pd.DataFrame:
    """Skills most asked for in the occupation's postings (in one country if ``iso3``).

    Returns
    -------
    DataFrame
        skill_uri, label, postings, share (postings / jobs of the occupation in that scope),
        relation ("essential" | "optional" | "other"), skill_type, description; most
        postings first, at most ``limit`` rows.
    """
    demand = cube.skill_demand_of(occupation_uri, iso3=iso3, start=start, end=end)
    uris = demand["skill_uri"].tolist()
    postings = demand["postings"].to_numpy(dtype="int64")
    # Most postings first, then skill URI (stable sort of rows already in URI order is not
    # assumed: lexsort states both keys).
    order = np.lexsort((np.asarray(uris, dtype=object).astype(str) if uris else np.zeros(0), -postings))[:limit]
    uris = [uris[i] for i in order]
    postings = postings[order]
    jobs = cube.jobs_of(occupation_uri)
    jobs = jobs[_in_period(jobs["month"], start, end)]
    if iso3 is not None:
        jobs = jobs[jobs["iso3"] == iso3]
    total = int(jobs["jobs"].sum())
    facts = {uri: (relation, kind) for uri, relation, kind in
             _skill_facts(cube, occupation_uri).itertuples(index=False, name=None)}
    known = cube.skill_facts
    labels, relations, kinds, descriptions = [], [], [], []
    for uri in uris:
        label, taxonomy_type, description = known.get(uri, (uri, "", ""))
        relation, kind = facts.get(uri, ("other", ""))
        labels.append(label or uri)
        relations.append(relation if isinstance(relation, str) and relation else "other")
        kinds.append(kind if isinstance(kind, str) and kind else taxonomy_type)
        descriptions.append(description)
    return pd.DataFrame(
        {
            "skill_uri": pd.Series(uris, dtype=object),
            "label": pd.Series(labels, dtype=object),
            "postings": postings,
            "share": postings / total if total else np.full(len(uris), np.nan),
            "relation": pd.Series(relations, dtype=object),
            "skill_type": pd.Series(kinds, dtype=object),
            "description": pd.Series(descriptions, dtype=object),
        }
    )


def skill_breakdown(cube: Cube, occupation_uri: str) -> pd.DataFrame:
    """The occupation's skills from the taxonomy, grouped essential/optional x knowledge/skill.

    Same rule as ``Taxonomy.skill_breakdown``: a relation whose skill type is unknown (the
    loader could not fill it from the skill) is in none of the four groups.
    """
    facts = _skill_facts(cube, occupation_uri)
    facts = facts[facts["skill_type"].fillna("") != ""]
    known = cube.skill_facts
    uris = facts["skill_uri"].tolist()
    out = pd.DataFrame(
        {
            "skill_uri": pd.Series(uris, dtype=object),
            "label": pd.Series([known[u][0] or u if u in known else u for u in uris], dtype=object),
            "description": pd.Series([known[u][2] if u in known else "" for u in uris], dtype=object),
            "relation": facts["relation"].to_numpy(),
            "skill_type": facts["skill_type"].to_numpy(),
        }
    )
    kind = np.where(out["skill_type"] == "knowledge", "knowledge", "skill")
    out["group"] = out["relation"] + "_" + kind
    out = out[out["group"].isin(BREAKDOWN_GROUPS)]
    order = {g: i for i, g in enumerate(BREAKDOWN_GROUPS)}
    out = out.assign(_g=out["group"].map(order), _l=out["label"].str.lower())
    return out.sort_values(["_g", "_l", "skill_uri"]).drop(columns=["_g", "_l"]).reset_index(drop=True)


def breakdown_counts(breakdown: pd.DataFrame) -> dict[str, int]:
    """Number of skills in each of the four breakdown groups (zeros included)."""
    counts = breakdown["group"].value_counts()
    return {group: int(counts.get(group, 0)) for group in BREAKDOWN_GROUPS}


def _float_or_none(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def query_result(cube: Cube, occupation_text: str, *, country: str | None = None) -> dict:
    """The ``query --format json`` object of DESIGN.md for an occupation given as text.

    Raises
    ------
    OccupationNotFound
        Unknown or ambiguous occupation text (with the closest matches).
    UsageError
        Unknown country.
    """
    uri = cube.occupation_index.resolve_or_raise(occupation_text)
    iso3 = None
    if country is not None:
        from dashboard.resolve import resolve_country

        iso3 = resolve_country(country)
        if iso3 is None:
            raise UsageError(f"unknown country {country!r}: give an ISO code (DE, DEU, 276) or an English name")
    row = cube.occupation_facts[uri]
    summary = occupation_summary(cube, uri)
    by_country = jobs_by_country(cube, uri)
    with_jobs = by_country[by_country["jobs"] > 0].sort_values(["jobs", "iso3"], ascending=[False, True])
    skills = top_skills(cube, uri, iso3=iso3)
    return {
        "occupation": {
            "uri": uri,
            "label": row.label,
            "code": row.code,
            "isco_group": row.isco_group,
        },
        "jobs_total": summary["jobs_total"],
        "countries_with_jobs": summary["countries_with_jobs"],
        "countries": [
            {
                "iso3": r.iso3,
                "name": r.name,
                "jobs": int(r.jobs),
                "per_million": _float_or_none(r.per_million),
                "share": _float_or_none(r.share),
            }
            for r in with_jobs.itertuples(index=False)
        ],
        "skill_breakdown": breakdown_counts(skill_breakdown(cube, uri)),
        "top_skills": [
            {"uri": r.skill_uri, "label": r.label, "postings": int(r.postings), "share": _float_or_none(r.share)}
            for r in skills.itertuples(index=False)
        ],
    }
