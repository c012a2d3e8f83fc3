"""What a posting says besides its keys: title, employer, location, link and pay (issue 18).

Postings may carry ``title``, ``employer``, ``location`` (free text), ``url``, ``salary_min``,
``salary_max``, ``currency`` (ISO 4217) and ``salary_period`` (year, month, day, hour). The
text columns are kept as written (trimmed). The salary columns are checked here, once per
DISTINCT raw value, like occupations and countries (:mod:`dashboard.building.ingest`): the maps go to
the engine as small tables and the cube SQL (:mod:`dashboard.building.cube_definition`) joins them, so both
engines judge a salary the same way.

A salary that is not a number, is negative, has min > max, an unknown currency or period
(or none given and no file-wide default) is dropped from that posting with a counted reason
(``salary_dropped_by_reason`` in build_report.json); the posting itself still loads.
"""
from __future__ import annotations

import math
import re
from typing import Iterable

import pandas as pd
import pycountry

from dashboard.errors import UsageError

#: The pay periods the cube knows, and the spellings read as each.
SALARY_PERIODS = ("year", "month", "day", "hour")
_PERIOD_SPELLINGS = {
    "year": ("year", "yearly", "annual", "annually", "per year", "a year", "y", "yr"),
    "month": ("month", "monthly", "per month", "a month", "m", "mo"),
    "day": ("day", "daily", "per day", "a day", "d"),
    "hour": ("hour", "hourly", "per hour", "an hour", "h", "hr"),
}
_PERIODS = {spelling: period for period, spellings in _PERIOD_SPELLINGS.items() for spelling in spellings}

#: Why a posting's salary was dropped (the posting still loads), in the order checked.
SALARY_REASONS = ("salary not a number", "negative salary", "salary min above max", "missing currency",
                  "unknown currency", "missing salary period", "unknown salary period")

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def parse_salary(text: str | None) -> tuple[float | None, str]:
    """One salary figure: (value, "ok") or (None, "not a number" | "negative").

    Plain decimal notation only ("45000", "45000.50", "4.5e4"): "45,000" is refused rather
    than guessed (a comma is a decimal mark in half of Europe).
    """
    cleaned = (text or "").strip()
    if not _NUMBER.match(cleaned):
        return None, "not a number"
    value = float(cleaned)
    if not math.isfinite(value):
        return None, "not a number"
    if value < 0:
        return None, "negative"
    return value, "ok"


#: ISO 4217 codes withdrawn recently, which pycountry 26 no longer lists (pycountry 24 did):
#: postings from before the change still state pay in them, so they stay known (issue 12).
#: Alphabetic code -> numeric code. BGN: Bulgaria joined the euro on 2026-01-01; HRK: Croatia
#: on 2023-01-01; ANG -> XCG (Curacao and Sint Maarten, 2025); CUC (Cuba, 2021); SLL -> SLE
#: (Sierra Leone); ZWL -> ZWG (Zimbabwe, 2024).
WITHDRAWN_CURRENCIES = {"ANG": "532", "BGN": "975", "CUC": "931", "HRK": "191", "SLL": "694", "ZWL": "932"}


def currency_code(text: str | None) -> str | None:
    """An ISO 4217 code ("EUR") for an alphabetic or numeric code in any case, current or recently
    withdrawn (:data:`WITHDRAWN_CURRENCIES`); None when unknown."""
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    found = (pycountry.currencies.get(numeric=cleaned.zfill(3)) if cleaned.isdigit()
             else pycountry.currencies.get(alpha_3=cleaned.upper()))
    if found:
        return found.alpha_3
    if cleaned.isdigit():  # 532 is XCG now: a current code wins over a withdrawn one
        return next((code for code, number in WITHDRAWN_CURRENCIES.items() if number == cleaned.zfill(3)), None)
    return cleaned.upper() if cleaned.upper() in WITHDRAWN_CURRENCIES else None


def salary_period(text: str | None) -> str | None:
    """"year" | "month" | "day" | "hour" for a spelling of one of them; None when unknown."""
    return _PERIODS.get(" ".join((text or "").lower().replace("_", " ").split()))


def check_defaults(*, currency: str | None, period: str | None) -> tuple[str | None, str | None]:
    """The file-wide ``--currency`` / ``--salary-period`` defaults, normalised; a bad one is a usage error."""
    if currency is not None and currency_code(currency) is None:
        raise UsageError(f"--currency {currency!r}: not an ISO 4217 currency code (e.g. EUR, GBP, PLN)")
    if period is not None and salary_period(period) is None:
        raise UsageError(f"--salary-period {period!r}: expected one of {', '.join(SALARY_PERIODS)}")
    return (currency_code(currency) if currency is not None else None,
            salary_period(period) if period is not None else None)


# -- the maps the cube SQL joins (one row per distinct raw value) ---------------------------

def salary_map(values: Iterable[str]) -> pd.DataFrame:
    """raw, value (a number >= 0, else NULL), status ("ok" | "not a number" | "negative")."""
    rows = [(raw, *parse_salary(raw)) for raw in values]
    return pd.DataFrame({
        "raw": pd.Series([r[0] for r in rows], dtype=object),
        "value": pd.Series([r[1] for r in rows], dtype="float64"),
        "status": pd.Series([r[2] for r in rows], dtype=object),
    })


def currency_map(values: Iterable[str]) -> pd.DataFrame:
    """raw, code for each distinct currency text that is an ISO 4217 code."""
    rows = [(raw, code) for raw in values if (code := currency_code(raw))]
    return pd.DataFrame({"raw": pd.Series([r for r, _ in rows], dtype=object),
                         "code": pd.Series([c for _, c in rows], dtype=object)})


def salary_period_map(values: Iterable[str]) -> pd.DataFrame:
    """raw, period for each distinct period text that names one of :data:`SALARY_PERIODS`."""
    rows = [(raw, period) for raw in values if (period := salary_period(raw))]
    return pd.DataFrame({"raw": pd.Series([r for r, _ in rows], dtype=object),
                         "period": pd.Series([p for _, p in rows], dtype=object)})
