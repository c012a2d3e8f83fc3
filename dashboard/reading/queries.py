"""Questions the dashboard and the CLI ask of a cube. Pure functions: cube first, options keyword-only.

Periods are inclusive month strings ("YYYY-MM"); ``None`` means open-ended.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.reading.job_listings import Scope, salary_summary
from dashboard.esco import BREAKDOWN_GROUPS


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
        rank (1 = most jobs, among countries with jobs; NaN otherwise), location_quotient
        (see :func:`location_quotients`).
    """
    # Integer arrays indexed once per cube (Cube.jobs_by_country_arrays): this runs on every
    # interaction, and pandas groupby/map here cost more than the rest of the request.
    jobs, postings = cube.jobs_by_country_arrays(occupation_uri, start=start, end=end)
    return country_frame(cube, jobs, postings)


def country_frame(cube: Cube, jobs: np.ndarray, postings: np.ndarray) -> pd.DataFrame:
    """The frame of :func:`jobs_by_country` from a subject's jobs and all postings per country
    of :attr:`Cube.countries` (an occupation's, an ISCO group's, ...)."""
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
    location_quotient = location_quotients(jobs, postings)
    return pd.DataFrame({
        "iso3": countries["iso3"].to_numpy(),
        "name": countries["name"].to_numpy(),
        "jobs": jobs,
        "country_postings": postings.astype("int64"),
        "per_million": per_million,
        "share": share,
        "has_data": postings > 0,
        "rank": rank.astype("float64"),
        "location_quotient": location_quotient,
    })


def location_quotients(jobs: np.ndarray, postings: np.ndarray) -> np.ndarray:
    """Location quotient per country (BLS OEWS definition): the subject's share of the
    country's postings divided by its share of all postings.

    ``jobs[i]`` are the subject's jobs in country i and ``postings[i]`` all postings there, in
    one period; "all" is the sum over the countries given (the map's countries). 1 means the
    subject is as concentrated there as everywhere, 2 twice as concentrated. NaN where the
    country has no postings or the subject has no jobs anywhere (no share to compare with).
    """
    jobs_f = np.asarray(jobs, dtype="float64")
    postings_f = np.asarray(postings, dtype="float64")
    everywhere_jobs, everywhere_postings = jobs_f.sum(), postings_f.sum()
    if everywhere_jobs <= 0 or everywhere_postings <= 0:
        return np.full(len(jobs_f), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(postings_f > 0, (jobs_f / postings_f) / (everywhere_jobs / everywhere_postings), np.nan)


def period_of(cube: Cube, start: str | None, end: str | None) -> dict:
    """The ``"period"`` of a query's JSON: the cube's first and last months inside the period
    asked for ({"from": null, "to": null} for undated data: no month is made up, issue 16)."""
    if not cube.months:
        return {"from": None, "to": None}
    first, last = _period(cube, start, end)
    return {"from": first, "to": last}


def occupation_summary(cube: Cube, occupation_uri: str, *, start: str | None = None, end: str | None = None) -> dict:
    """Headline figures of one occupation: jobs_total, countries_with_jobs, months ([first, last])."""
    country, _, jobs = cube.jobs_per_country_month(occupation_uri, start=start, end=end)
    by_country = np.bincount(country[country >= 0], weights=jobs[country >= 0]) if len(country) else np.zeros(0)
    return {
        "jobs_total": int(jobs.sum()),
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
    _, month, jobs = cube.jobs_per_country_month(occupation_uri, iso3=iso3)
    per_month = np.bincount(month, weights=jobs, minlength=len(cube.months)).astype("int64")
    by_name = dict(zip(cube.months, per_month.tolist()))
    return pd.DataFrame({"month": months, "jobs": pd.Series([by_name.get(m, 0) for m in months], dtype="int64")})


def _skill_facts(cube: Cube, occupation_uri: str) -> pd.DataFrame:
    """Skills with their relation to the occupation (essential/optional, or other) and type."""
    links = cube.skill_links.get(occupation_uri, [])
    return pd.DataFrame(links or None, columns=["skill_uri", "relation", "skill_type"], dtype=object)


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
    total = int(cube.jobs_per_country_month(occupation_uri, iso3=iso3, start=start, end=end)[2].sum())
    facts = {uri: (relation, kind) for uri, relation, kind in cube.skill_links.get(occupation_uri, [])}
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

    Returns
    -------
    DataFrame
        skill_uri, label, description, relation, skill_type, group; by group (in
        ``BREAKDOWN_GROUPS`` order), then label (case-insensitive), then URI.
    """
    known = cube.skill_facts
    order = {g: i for i, g in enumerate(BREAKDOWN_GROUPS)}
    rows = []
    # Plain Python over the occupation's ~40 relations: pandas costs more than the work here.
    for uri, relation, kind in cube.skill_links.get(occupation_uri, []):
        if not kind:
            continue
        group = f"{relation}_{'knowledge' if kind == 'knowledge' else 'skill'}"
        if group not in order:
            continue
        label, _, description = known.get(uri, (uri, "", ""))
        rows.append((uri, label if uri in known else uri, description, relation, kind, group))
    rows.sort(key=lambda r: (order[r[5]], r[1].lower(), r[0]))
    columns = ["skill_uri", "label", "description", "relation", "skill_type", "group"]
    return pd.DataFrame(rows or None, columns=columns, dtype=object)


def breakdown_counts(breakdown: pd.DataFrame) -> dict[str, int]:
    """Number of skills in each of the four breakdown groups (zeros included)."""
    counts = breakdown["group"].value_counts()
    return {group: int(counts.get(group, 0)) for group in BREAKDOWN_GROUPS}


def _float_or_none(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def countries_json(by_country: pd.DataFrame) -> list[dict]:
    """The ``"countries"`` list of the query JSON: countries with jobs, most first (then ISO3)."""
    with_jobs = by_country[by_country["jobs"] > 0].sort_values(["jobs", "iso3"], ascending=[False, True])
    return [
        {
            "iso3": r.iso3,
            "name": r.name,
            "jobs": int(r.jobs),
            "per_million": _float_or_none(r.per_million),
            "share": _float_or_none(r.share),
            "location_quotient": _float_or_none(r.location_quotient),
        }
        for r in with_jobs.itertuples(index=False)
    ]


def query_result(cube: Cube, occupation_text: str, *, country: str | None = None, start: str | None = None,
                 end: str | None = None, skills: str | None = None) -> dict:
    """The ``query --format json`` object of DESIGN.md for an occupation given as text, in the
    inclusive period ``start``..``end`` (None: open-ended). ``skills``: the ``--skills`` LIST
    (issue 14), answered in ``"selected_skills"`` (null without it).

    Raises
    ------
    OccupationNotFound
        Unknown or ambiguous occupation text (with the closest matches).
    UsageError
        Unknown country (with the closest country names).
    """
    from dashboard.reading.collection_postings import collections_json
    from dashboard.reading.occupation_about import occupation_details_json
    from dashboard.reading.skill_selection import selected_skills_json
    from dashboard.reading.resolve import resolve_country_or_raise

    uri = cube.occupation_index.resolve_or_raise(occupation_text)
    iso3 = resolve_country_or_raise(country) if country is not None else None
    row = cube.occupation_facts[uri]
    summary = occupation_summary(cube, uri, start=start, end=end)
    by_country = jobs_by_country(cube, uri, start=start, end=end)
    skills_frame = top_skills(cube, uri, iso3=iso3, start=start, end=end)
    return {
        "occupation": {
            "uri": uri,
            "label": row.label,
            "code": row.code,
            "isco_group": row.isco_group,
            # description, alt_labels, broader, narrower (issue 14)
            **occupation_details_json(cube, uri),
        },
        "jobs_total": summary["jobs_total"],
        "countries_with_jobs": summary["countries_with_jobs"],
        # null for undated data (counts files with no period): no month is made up (issue 16).
        "period": period_of(cube, start, end),
        "countries": countries_json(by_country),
        "skill_breakdown": breakdown_counts(skill_breakdown(cube, uri)),
        "top_skills": [
            {"uri": r.skill_uri, "label": r.label, "postings": int(r.postings), "share": _float_or_none(r.share)}
            for r in skills_frame.itertuples(index=False)
        ],
        # Advertised pay (issue 18): per currency and period, never converted; in --country or everywhere.
        "salary": salary_summary(cube, Scope((uri,), iso3, start, end)),
        # ESCO's skill collections (issue 15): postings asking for a digital, green, ... skill.
        "skill_collections": collections_json(cube, (uri,), iso3=iso3, start=start, end=end),
        # Skills selected (issue 14): have/of per breakdown group, and the texts not resolved.
        "selected_skills": None if skills is None else selected_skills_json(cube, skill_breakdown(cube, uri), skills, top_skills=skills_frame),
    }


def map_frame(cube: Cube) -> str:
    """How the map frames this cube: "europe" when every country with postings data is in
    Europe, else "world" (issue 16: Brazil, India and the US were off the map)."""
    from dashboard import figures, geo

    totals = cube.country_totals
    with_data = totals.loc[totals["jobs"] > 0, "iso3"].dropna().unique().tolist()
    return figures.map_frame(with_data, geo.country_anchors())
