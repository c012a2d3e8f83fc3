"""The postings behind a count, and what they pay (issue 18).

Reads the cube's ``postings.parquet`` (sorted by occupation, country and month, in small row
groups, so DuckDB's row-group statistics skip all but the rows asked for). Pure functions:
cube first, options keyword-only, as :mod:`dashboard.reading.queries`.

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

from dashboard.reading.cube import Cube
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
    return {"total": count_jobs(cube, scope), "jobs": _select(cube, scope, skills=skills, limit=limit, offset=offset)}


def count_jobs(cube: Cube, scope: Scope) -> int:
    """How many postings are in ``scope`` (0 for a counts-only cube)."""
    if not holds_postings(cube):
        return 0
    rows = cube.posting_rows
    if rows is not None:  # the group counts in the postings file's order: no read
        return rows.count(scope)
    where, params = _where(scope)
    (total,), = _run(cube, f"SELECT count(*) FROM {_source(cube)} WHERE {where}", params)
    return int(total)


def all_jobs(cube: Cube, scope: Scope, *, skills: Sequence[str] = ()) -> list[dict]:
    """Every posting in ``scope``, in the list's order (what an export of the list holds).

    The caller bounds the size (:func:`count_jobs` first): this reads the whole scope.
    """
    if not holds_postings(cube):
        return []
    return _select(cube, scope, skills=skills, limit=None, offset=0)


def _source(cube: Cube) -> str:
    return f"read_parquet('{_sql_path(postings_file(cube))}')"


#: What a page shows of a posting, read from its row group (the date comes with the sort keys).
SHOWN_COLUMNS = ("id", "title", "employer", "location", "iso3", "url", "salary_min", "salary_max", "currency",
                 "salary_period")


def _select(cube: Cube, scope: Scope, *, skills: Sequence[str], limit: int | None, offset: int) -> list[dict]:
    if not skills and limit is not None:
        jobs = _page_from_rows(cube, scope, limit=limit, offset=offset)
        if jobs is not None:
            return jobs
    where, params = _where(scope)
    matched = "0"
    if skills:
        matched = "len(list_intersect(string_split(skills, '|'), $skills))"
        params = {**params, "skills": sorted(set(skills))}
    page = f"LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
    rows = _run(cube, f"""
        SELECT id, title, employer, location, iso3, coalesce(p.date, p.month) AS posted, url,
               CAST({matched} AS INTEGER) AS skills_matched, salary_min, salary_max, currency, salary_period
        FROM {_source(cube)} p WHERE {where}
        ORDER BY skills_matched DESC, posted DESC, id
        {page}""", params)
    return [_job(*row) for row in rows]


def _job(id_, title, employer, location, iso3, date, url, n, low, high, currency, period) -> dict:
    """One posting of a page (the columns of :func:`_select`'s query, in its order) as ``list_jobs`` gives it."""
    salary = None
    if currency is not None and (low is not None or high is not None):
        salary = {"min": _number(low), "max": _number(high), "currency": currency, "period": period}
    return {"id": id_, "title": title, "employer": employer, "location": location, "country": iso3,
            "date": date, "url": url, "skills_matched": int(n), "salary": salary}


def _page_from_rows(cube: Cube, scope: Scope, *, limit: int, offset: int) -> list[dict] | None:
    """The page :func:`_select`'s query gives (no skills: newest first, then id), from the few row
    groups the scope lies in (:mod:`dashboard.reading.posting_rows`); None when DuckDB must answer."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = cube.posting_rows
    keys = rows.read(scope, ("date", "id")) if rows is not None else None
    if keys is None:
        return None
    posted = pc.coalesce(keys.column("date"), keys.column("month").cast(pa.string()))
    order = pc.sort_indices(pa.table({"posted": posted, "id": keys.column("id")}),
                            sort_keys=[("posted", "descending", "at_end"), ("id", "ascending", "at_end")])
    chosen = order[offset:offset + limit]
    page = rows.take(keys.column("_row").take(chosen).to_numpy(), SHOWN_COLUMNS)
    if page is None:
        return None
    shown = zip(*(page.column(name).to_pylist() for name in SHOWN_COLUMNS))
    return [_job(id_, title, employer, location, iso3, date, url, 0, low, high, currency, period)
            for (id_, title, employer, location, iso3, url, low, high, currency, period), date
            in zip(shown, posted.take(chosen).to_pylist())]


def _medians(lists) -> list[float | None]:
    """Per list of a list column, DuckDB's ``median``: NULLs left out, the mean of the middle two
    for an even count, None when nothing is left (one sort for all the lists)."""
    import numpy as np
    import pyarrow.compute as pc

    lengths = pc.list_value_length(lists).to_numpy(zero_copy_only=False)
    values = pc.list_flatten(lists)
    group = np.repeat(np.arange(len(lengths)), lengths)
    kept = pc.is_valid(values).to_numpy(zero_copy_only=False)
    group, values = group[kept], values.to_numpy(zero_copy_only=False)[kept]
    order = np.lexsort((values, group))
    group, values = group[order], values[order]
    counts = np.bincount(group, minlength=len(lengths))
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    medians: list[float | None] = []
    for n, at in zip(counts.tolist(), first.tolist()):
        if n == 0:
            medians.append(None)
        elif n % 2:
            medians.append(float(values[at + n // 2]))
        else:
            medians.append(float((values[at + n // 2 - 1] + values[at + n // 2]) / 2))
    return medians


def pay_from_rows(cube: Cube, scope: Scope, *, by: tuple[str, ...] = ()) -> list[tuple] | None:
    """Per ``by`` columns, currency and period: postings stating a currency, median stated minimum
    and maximum — what the pay queries below compute, from the scope's few row groups; None when
    DuckDB must answer. Rows in the queries' order (``by``, most postings, currency, period)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    rows = cube.posting_rows
    table = rows.read(scope, ("currency", "salary_period", "salary_min", "salary_max")) if rows is not None else None
    if table is None:
        return None
    keys = [*by, "currency", "salary_period"]
    stating = table.filter(pc.is_valid(table.column("currency")))
    grouped = pa.table({name: stating.column(name).cast(pa.string()) for name in keys}
                       | {name: stating.column(name) for name in ("salary_min", "salary_max")}).group_by(
        keys, use_threads=False).aggregate([("salary_min", "list"), ("salary_max", "list")])
    lows, highs = (grouped.column(f"{name}_list").combine_chunks() for name in ("salary_min", "salary_max"))
    sizes = pc.list_value_length(lows).to_pylist()
    out = list(zip(*(grouped.column(name).to_pylist() for name in keys), sizes, _medians(lows), _medians(highs)))
    width = len(by)
    return sorted(out, key=lambda r: (*r[:width], -r[width + 2], r[width] or "", r[width + 1] is None,
                                      r[width + 1] or ""))


def salary_summary(cube: Cube, scope: Scope) -> list[dict]:
    """Advertised pay in ``scope``: one entry per (currency, period), most postings first.

    ``[{"currency", "period", "postings", "median_min", "median_max"}]``; ``postings`` counts
    the postings stating a salary in that currency and period; a median is None when no
    posting of the group states that end of the range.
    """
    if not holds_postings(cube):
        return []
    rows = pay_from_rows(cube, scope)
    if rows is None:
        rows = _pay_query(cube, scope)
    return [{"currency": currency, "period": period, "postings": int(n), "median_min": _number(low),
             "median_max": _number(high)} for currency, period, n, low, high in rows]


def _pay_query(cube: Cube, scope: Scope) -> list[tuple]:
    where, params = _where(scope)
    return _run(cube, f"""
        SELECT currency, salary_period, count(*) AS postings,
               median(salary_min) AS median_min, median(salary_max) AS median_max
        FROM {_source(cube)}
        WHERE {where} AND currency IS NOT NULL
        GROUP BY currency, salary_period
        ORDER BY postings DESC, currency, salary_period""", params)


# -- how the panel shows a page and the pay (pure; layouts/available_jobs.py renders it) --------------

#: URL schemes that become links. Anything else a postings file carries (javascript:, data:,
#: ftp:, a bare host) is shown as plain text, never as a link (issue 18).
LINK_SCHEMES = ("http", "https")


def ad_link(url: object) -> str | None:
    """The URL when it may be a link (http/https with a host), else None."""
    from urllib.parse import urlsplit

    if not isinstance(url, str):
        return None
    text = url.strip()
    if not text or any(c.isspace() or ord(c) < 32 for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else None


def clamp_offset(offset: object, total: int, *, page_size: int = PAGE_SIZE) -> int:
    """A page's first row: a multiple of ``page_size`` inside ``[0, total)`` (0 when empty).

    The offset comes back from the browser, so anything but a whole number counts as 0.
    """
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0 or total <= 0:
        return 0
    last = (total - 1) // page_size * page_size
    return min(offset // page_size * page_size, last)


def page_range(offset: int, shown: int, total: int) -> str:
    """ "1–20 of 36 jobs" (en dash; "1 job" / "No jobs" at the ends)."""
    if total <= 0 or shown <= 0:
        return "No jobs"
    noun = "job" if total == 1 else "jobs"
    if shown == total:
        return f"{total:,} {noun}"
    return f"{offset + 1:,}–{offset + shown:,} of {total:,} {noun}"


def format_amount(value: float) -> str:
    """ "60,000", "18.5": whole numbers above 100, up to two decimals below."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


#: "per year", ... as a pay line names the period.
PERIOD_WORDS = {"year": "a year", "month": "a month", "day": "a day", "hour": "an hour"}


def pay_text(entry: dict) -> str:
    """One pay line of :func:`salary_summary`'s entry, in its own currency and period.

    ``"EUR 60,000–80,000 a year (median stated min–max, 12 postings)"``; one end only: "EUR from 18.5
    an hour (median stated minimum, 1 posting)".
    """
    low, high = entry.get("median_min"), entry.get("median_max")
    n = int(entry.get("postings") or 0)
    count = f"{n:,} posting{'' if n == 1 else 's'}"
    period = PERIOD_WORDS.get(entry.get("period"), f"per {entry.get('period') or 'period not given'}")
    currency = entry.get("currency") or ""
    if low is not None and high is not None:
        return f"{currency} {format_amount(low)}–{format_amount(high)} {period} (median stated min–max, {count})"
    if low is not None:
        return f"{currency} from {format_amount(low)} {period} (median stated minimum, {count})"
    if high is not None:
        return f"{currency} up to {format_amount(high)} {period} (median stated maximum, {count})"
    return f"{currency} {period}: no amount stated ({count})"


def job_pay_text(salary: dict | None) -> str:
    """One posting's stated pay: "EUR 4,000–5,000 a month" ("" when it states none)."""
    if not salary:
        return ""
    low, high = salary.get("min"), salary.get("max")
    period = PERIOD_WORDS.get(salary.get("period"), f"per {salary.get('period') or 'period not given'}")
    if low is not None and high is not None:
        amount = format_amount(low) if low == high else f"{format_amount(low)}–{format_amount(high)}"
    elif low is not None:
        amount = f"from {format_amount(low)}"
    elif high is not None:
        amount = f"up to {format_amount(high)}"
    else:
        return ""
    return f"{salary.get('currency') or ''} {amount} {period}".strip()


#: What the panel says for a cube built from counts only (no postings to list).
COUNTS_ONLY_MESSAGE = "This data holds job counts, not individual ads."


def posted_text(date: object) -> str:
    """ "10 May 2024" for a day, "May 2024" for a month-only date, the text itself otherwise."""
    import datetime as dt

    if not isinstance(date, str):
        return "" if date is None else str(date)
    for pattern, shown in (("%Y-%m-%d", "%-d %b %Y"), ("%Y-%m", "%b %Y")):
        try:
            return dt.datetime.strptime(date, pattern).strftime(shown)
        except ValueError:
            continue
    return date


def has_details(job: dict) -> bool:
    """True when a posting carries any detail of an ad (title, employer or address), not only its
    id, country and date (postings files without detail columns, such as the demo's today)."""
    return any(job.get(key) for key in ("title", "employer", "url"))
