"""Advertised pay by country for a view (issue 18 points 2, 3 and 4).

Pure functions over the cube's ``postings.parquet`` (see :mod:`dashboard.reading.job_listings`).
Never converts between currencies or periods: every figure is per (currency, period).

- :func:`pay_by_country`: per country, currency and period, the postings stating pay and the
  median stated minimum and maximum.
- :func:`plurality`: the (currency, period) most postings of the view state pay in, with its
  share. Real data has no pair holding most postings (the demo: EUR a year is ~43 % of the
  postings stating pay), so the map's Pay measure colours by the plurality pair and says its
  share, instead of requiring one pair to dominate.
- :func:`map_pay`: the map's Pay columns per country (the plurality pair's median stated
  maximum, or a note saying why a country is grey).
- :func:`table_pay`: per country its own most-stated pair, for the Table tab.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.reading import subjects
from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import (PERIOD_WORDS, Scope, _number, _run, _source, _where, holds_postings,
                                            job_pay_text, pay_from_rows)


@dataclass(frozen=True)
class Plurality:
    """The currency and period most postings stating pay use, and its share of them."""

    currency: str
    period: str | None
    postings: int  # postings stating pay in this currency and period
    stating: int  # all postings stating pay in the view

    @property
    def left_out(self) -> int:
        """Postings stating pay in another currency or period (not on the map, never converted)."""
        return self.stating - self.postings

    @property
    def share(self) -> float:
        return self.postings / self.stating if self.stating else 0.0

    @property
    def label(self) -> str:
        """ "EUR a year"."""
        return pair_label(self.currency, self.period)


def pair_label(currency: str | None, period: str | None) -> str:
    """ "EUR a year", "PLN a month"; a period the data does not name is said so."""
    words = PERIOD_WORDS.get(period) or f"per {period or 'period not given'}"
    return f"{currency or ''} {words}".strip()


def pay_by_country(cube: Cube, scope: Scope) -> list[dict]:
    """``[{"iso3", "currency", "period", "postings", "median_min", "median_max"}]``, by country,
    then most postings first. ``scope.iso3`` narrows to one country; empty without postings."""
    if not holds_postings(cube):
        return []
    rows = pay_from_rows(cube, scope, by=("iso3",))
    if rows is None:
        rows = _pay_by_country_query(cube, scope)
    return [{"iso3": iso3, "currency": currency, "period": period, "postings": int(n),
             "median_min": _number(low), "median_max": _number(high)}
            for iso3, currency, period, n, low, high in rows]


def _pay_by_country_query(cube: Cube, scope: Scope) -> list[tuple]:
    where, params = _where(scope)
    return _run(cube, f"""
        SELECT iso3, currency, salary_period, count(*) AS postings,
               median(salary_min) AS median_min, median(salary_max) AS median_max
        FROM {_source(cube)}
        WHERE {where} AND currency IS NOT NULL
        GROUP BY iso3, currency, salary_period
        ORDER BY iso3, postings DESC, currency, salary_period""", params)


def _pair_key(row: dict) -> tuple[str, str]:
    return (row["currency"] or "", row["period"] or "")


def plurality(rows: list[dict]) -> Plurality | None:
    """The (currency, period) of ``rows`` (:func:`pay_by_country` or ``salary_summary``) in which
    most postings state pay — whatever its share, which it carries; ties go to the first pair
    in alphabetical order. None when no posting states pay."""
    totals: dict[tuple, int] = {}
    for row in rows:
        key = (row["currency"], row["period"])
        totals[key] = totals.get(key, 0) + int(row["postings"])
    stating = sum(totals.values())
    if not stating:
        return None
    (currency, period), n = min(totals.items(), key=lambda item: (-item[1], item[0][0] or "", item[0][1] or ""))
    return Plurality(currency, period, n, stating)


def in_pair(rows: list[dict], chosen: Plurality) -> dict[str, dict]:
    """Per country, its row in the chosen currency and period (countries without one absent:
    they state no pay in it, which is never zero)."""
    return {row["iso3"]: row for row in rows
            if (row["currency"], row["period"]) == (chosen.currency, chosen.period)}


def most_stated(rows: list[dict]) -> dict[str, dict]:
    """Per country, the row of the currency and period most of its postings state pay in
    (ties: alphabetical)."""
    best: dict[str, dict] = {}
    for row in rows:
        held = best.get(row["iso3"])
        if held is None or (-row["postings"], _pair_key(row)) < (-held["postings"], _pair_key(held)):
            best[row["iso3"]] = row
    return best


def scope_of(cube: Cube, subject, *, iso3: str | None = None, start: str | None = None,
             end: str | None = None) -> Scope | None:
    """The postings whose pay a subject's view shows: an occupation's, an ISCO group's
    occupations', all occupations'. None for a skill: postings are not kept by skill, so its pay
    is not shown (as in the country panel)."""
    if subject.kind == "skill":
        return None
    if subject.kind == "isco":
        return Scope(tuple(subjects.isco_members(cube, subject.key)), iso3, start, end)
    if subject.kind == "all":
        return Scope(None, iso3, start, end)
    return Scope((subject.key,), iso3, start, end)


def _count(n: int) -> str:
    return f"{n:,} posting{'' if n == 1 else 's'}"


def elsewhere_note(rows: list[dict], chosen: Plurality | None) -> str:
    """Why a country with postings is grey on the Pay map: "no pay stated", or what it states
    instead ("states pay in PLN a month (3,674 postings); not comparable")."""
    if not rows:
        return "no pay stated"
    if chosen is not None:
        own = [r for r in rows if (r["currency"], r["period"]) == (chosen.currency, chosen.period)]
        if own:  # states the pair, but only its minimum
            return f"no stated maximum in {chosen.label} ({_count(own[0]['postings'])})"
    parts = [f"{pair_label(r['currency'], r['period'])} ({_count(r['postings'])})"
             for r in sorted(rows, key=lambda r: (-r["postings"], _pair_key(r)))]
    shown = ", ".join(parts[:3]) + (f" and {len(parts) - 3} more" if len(parts) > 3 else "")
    return f"states pay in {shown}; not comparable"


#: Columns :func:`map_pay` adds to a ``jobs_by_country`` frame.
MAP_PAY_COLUMNS = ("pay", "pay_text", "pay_note")


def map_pay(by_country: pd.DataFrame, rows: list[dict]) -> tuple[pd.DataFrame, Plurality | None]:
    """``by_country`` with the Pay measure's columns, and the pair they are in.

    ``pay``: the median stated maximum in the view's plurality currency and period (NaN where the
    country states none in it); ``pay_text``: that pay as a hover line; ``pay_note``: why a
    country with postings data has no value (:func:`elsewhere_note`).
    """
    chosen = plurality(rows)
    by_iso: dict[str, list[dict]] = {}
    for row in rows:
        by_iso.setdefault(row["iso3"], []).append(row)
    shown = in_pair(rows, chosen) if chosen is not None else {}
    values, texts, notes = [], [], []
    for iso3 in by_country["iso3"].tolist():
        row = shown.get(iso3)
        high = row["median_max"] if row is not None else None
        if high is not None and math.isfinite(high):
            values.append(float(high))
            texts.append(f"{job_pay_text({'min': row['median_min'], 'max': high, 'currency': row['currency'], 'period': row['period']})}"
                         f" (median stated min–max, {_count(row['postings'])})")
            others = sum(r["postings"] for r in by_iso.get(iso3, []) if r is not row)
            notes.append(f"{others:,} more posting{' states' if others == 1 else 's state'} pay in other currencies "
                         "or periods" if others else "")
        else:
            values.append(math.nan)
            texts.append("")
            notes.append(elsewhere_note(by_iso.get(iso3, []), chosen))
    return by_country.assign(pay=values, pay_text=texts, pay_note=notes), chosen


def plurality_note(chosen: Plurality | None) -> str:
    """The line under the Pay map: which pair it shows and its share."""
    if chosen is None:
        return "No posting in this view states pay."
    return (f"Pay: median stated maximum in {chosen.label} — {chosen.share:.0%} of the {chosen.stating:,} postings "
            "stating pay; other currencies and periods are not converted (grey: no postings data, no pay stated, or "
            "pay only in another currency or period).")


def plurality_short(chosen: Plurality | None) -> str:
    """The pair and its share in one short line (an exported chart's subtitle)."""
    if chosen is None:
        return "No posting in this view states pay."
    return (f"{chosen.label}: {chosen.share:.0%} of the {chosen.stating:,} postings stating pay; other currencies and "
            "periods not converted")


def table_pay(rows: list[dict]) -> dict[str, dict]:
    """Per country, the Table tab's pay: its most-stated currency and period
    ``{"text": "EUR 52,000–64,500 a year", "postings", "currency", "period", "max", "stating"}``
    (``stating``: postings stating pay in any currency)."""
    stating: dict[str, int] = {}
    for row in rows:
        stating[row["iso3"]] = stating.get(row["iso3"], 0) + row["postings"]
    cells = {}
    for iso3, row in most_stated(rows).items():
        text = job_pay_text({"min": row["median_min"], "max": row["median_max"], "currency": row["currency"],
                             "period": row["period"]}) or f"{pair_label(row['currency'], row['period'])}: no amount"
        cells[iso3] = {"text": text, "postings": row["postings"], "currency": row["currency"],
                       "period": row["period"], "max": row["median_max"], "stating": stating[iso3]}
    return cells
