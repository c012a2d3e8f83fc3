"""The postings behind a count, and what they pay (issue 18).

Reads the cube's ``postings.parquet`` (sorted by occupation, country and month, in small row
groups, so DuckDB's row-group statistics skip all but the rows asked for). Pure functions:
cube first, options keyword-only, as :mod:`dashboard.queries`.

- :func:`list_jobs`: one page of postings in scope — newest first; with selected skills, those
  asking for more of them first, then newest (then id, so pages never overlap).
- :func:`salary_summary`: the median stated minimum and maximum per currency and period,
  with how many postings state one. Never converted between currencies or periods.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from dashboard.cube import Cube
from dashboard.errors import UsageError

#: Postings per page (the panel and ``jobs --limit``'s default).
PAGE_SIZE = 20
#: The most postings one page may ask for (``jobs --limit``).
MAX_LIMIT = 1000
POSTINGS_FILE = "postings.parquet"


@dataclass(frozen=True)
class Scope:
    """Which postings: occupations (None: all), a country (ISO3, None: all), months (inclusive)."""

    occupations: tuple[str, ...] | None = None
    iso3: str | None = None
    start: str | None = None
    end: str | None = None


def postings_file(cube: Cube) -> Path:
    return cube.path / POSTINGS_FILE


def holds_postings(cube: Cube) -> bool:
    """True when the cube keeps individual postings (False: built from counts only, or before issue 18)."""
    return postings_file(cube).is_file() and int((cube.report.get("tables") or {}).get("postings", 0)) > 0


def _where(scope: Scope) -> tuple[str, dict]:
    clauses, params = [], {}
    if scope.occupations is not None:
        clauses.append("list_contains($occupations, occupation_uri)")
        params["occupations"] = list(scope.occupations)
    for column, op, name, value in (("iso3", "=", "iso3", scope.iso3), ("month", ">=", "start", scope.start),
                                    ("month", "<=", "end", scope.end)):
        if value is not None:
            clauses.append(f"{column} {op} ${name}")
            params[name] = value
    if scope.occupations is not None and len(scope.occupations) == 1:
        # An equality the reader can prune row groups with (list_contains it cannot).
        clauses[0] = "occupation_uri = $occupation"
        params["occupation"] = params.pop("occupations")[0]
    return (" AND ".join(clauses) or "true"), params


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _run(cube: Cube, sql: str, params: dict):
    # The cube's one DuckDB connection, one thread at a time (as Cube.skill_demand_of).
    with cube._con_lock:
        return cube._con.execute(sql, params).fetchall()


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def list_jobs(cube: Cube, scope: Scope, *, skills: Sequence[str] = (), limit: int = PAGE_SIZE,
              offset: int = 0) -> dict:
    """One page of the postings in ``scope``.

    Parameters
    ----------
    skills
        Selected skill URIs: postings asking for more of them come first.

    Returns
    -------
    dict
        ``{"total": int, "jobs": [{"id", "title", "employer", "location", "country", "date", "url",
        "skills_matched", "salary": {"min", "max", "currency", "period"} | None}]}`` — as
        ``python -m dashboard jobs --format json`` prints it.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"--limit {limit}: expected 1 to {MAX_LIMIT}")
    if offset < 0:
        raise UsageError(f"--offset {offset}: expected 0 or more")
    if not holds_postings(cube):
        return {"total": 0, "jobs": []}
    where, params = _where(scope)
    source = f"read_parquet('{_sql_path(postings_file(cube))}')"
    (total,), = _run(cube, f"SELECT count(*) FROM {source} WHERE {where}", params)
    matched = "0"
    if skills:
        matched = "len(list_intersect(string_split(skills, '|'), $skills))"
        params = {**params, "skills": sorted(set(skills))}
    rows = _run(cube, f"""
        SELECT id, title, employer, location, iso3, coalesce(p.date, p.month) AS posted, url,
               CAST({matched} AS INTEGER) AS skills_matched, salary_min, salary_max, currency, salary_period
        FROM {source} p WHERE {where}
        ORDER BY skills_matched DESC, posted DESC, id
        LIMIT {int(limit)} OFFSET {int(offset)}""", params)
    jobs = []
    for (id_, title, employer, location, iso3, date, url, n, low, high, currency, period) in rows:
        salary = None
        if currency is not None and (low is not None or high is not None):
            salary = {"min": _number(low), "max": _number(high), "currency": currency, "period": period}
        jobs.append({"id": id_, "title": title, "employer": employer, "location": location, "country": iso3,
                     "date": date, "url": url, "skills_matched": int(n), "salary": salary})
    return {"total": int(total), "jobs": jobs}


def salary_summary(cube: Cube, scope: Scope) -> list[dict]:
    """Advertised pay in ``scope``: one entry per (currency, period), most postings first.

    ``[{"currency", "period", "postings", "median_min", "median_max"}]``; ``postings`` counts
    the postings stating a salary in that currency and period; a median is None when no
    posting of the group states that end of the range.
    """
    if not holds_postings(cube):
        return []
    where, params = _where(scope)
    rows = _run(cube, f"""
        SELECT currency, salary_period, count(*) AS postings,
               median(salary_min) AS median_min, median(salary_max) AS median_max
        FROM read_parquet('{_sql_path(postings_file(cube))}')
        WHERE {where} AND currency IS NOT NULL
        GROUP BY currency, salary_period
        ORDER BY postings DESC, currency, salary_period""", params)
    return [{"currency": currency, "period": period, "postings": int(n), "median_min": _number(low),
             "median_max": _number(high)} for currency, period, n, low, high in rows]
