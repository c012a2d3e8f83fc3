"""Advertised pay by country for a view (issue 18 point 3 and 4).

Pure functions over the cube's ``postings.parquet`` (see :mod:`dashboard.reading.job_listings`).
Never converts between currencies or periods: every figure is per (currency, period).

- :func:`pay_by_country`: per country, currency and period, the postings stating pay and the
  median stated minimum and maximum.
- :func:`dominant`: the (currency, period) holding at least :data:`DOMINANT_SHARE` of the
  postings that state pay, with how many postings it leaves out; None when there is none.
"""
from __future__ import annotations

from dataclasses import dataclass

from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import Scope, _number, _run, _source, _where, holds_postings

#: The share of postings stating pay one currency and period must hold to be "the" pay of a view.
DOMINANT_SHARE = 0.8


@dataclass(frozen=True)
class Dominant:
    """The currency and period most pay is stated in, and what it leaves out."""

    currency: str
    period: str | None
    postings: int  # postings stating pay in this currency and period
    stating: int  # all postings stating pay in the view
    left_out: int  # postings stating pay in another currency or period


def pay_by_country(cube: Cube, scope: Scope) -> list[dict]:
    """``[{"iso3", "currency", "period", "postings", "median_min", "median_max"}]``, by country,
    then most postings first. ``scope.iso3`` narrows to one country; empty without postings."""
    if not holds_postings(cube):
        return []
    where, params = _where(scope)
    rows = _run(cube, f"""
        SELECT iso3, currency, salary_period, count(*) AS postings,
               median(salary_min) AS median_min, median(salary_max) AS median_max
        FROM {_source(cube)}
        WHERE {where} AND currency IS NOT NULL
        GROUP BY iso3, currency, salary_period
        ORDER BY iso3, postings DESC, currency, salary_period""", params)
    return [{"iso3": iso3, "currency": currency, "period": period, "postings": int(n),
             "median_min": _number(low), "median_max": _number(high)}
            for iso3, currency, period, n, low, high in rows]


def dominant(rows: list[dict], *, share: float = DOMINANT_SHARE) -> Dominant | None:
    """The (currency, period) of ``rows`` (from :func:`pay_by_country` or ``salary_summary``)
    holding at least ``share`` of the postings stating pay; None when none does or none state pay."""
    totals: dict[tuple, int] = {}
    for row in rows:
        key = (row["currency"], row["period"])
        totals[key] = totals.get(key, 0) + int(row["postings"])
    stating = sum(totals.values())
    if not stating:
        return None
    (currency, period), n = max(totals.items(), key=lambda item: (item[1], str(item[0])))
    if n < share * stating:
        return None
    return Dominant(currency, period, n, stating, stating - n)


def dominant_by_country(rows: list[dict], chosen: Dominant) -> dict[str, dict]:
    """Per country, the row in the dominant currency and period (countries without it absent:
    "no pay stated" in that currency, never zero)."""
    return {row["iso3"]: row for row in rows
            if (row["currency"], row["period"]) == (chosen.currency, chosen.period)}
