"""What postings and counts files hold, and how their raw values resolve to taxonomy keys.

Engine-neutral: the columns (:class:`ColumnMap`), months, counts, header and column checks,
and the value maps. Each engine reads the files itself (DuckDB:
:mod:`dashboard.building.engines.duckdb_reader`; Spark: :mod:`dashboard.building.engines.spark`)
into ``raw_postings`` / ``raw_counts`` / ``malformed``. Only the DISTINCT raw values
(occupations, countries, dates, skill tokens, counts) come to Python, where they are resolved
once each; the mappings go back to the engine as small tables and the cube SQL
(:mod:`dashboard.building.cube_definition`) joins them.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import pandas as pd

from dashboard.errors import PostingsError
from dashboard.building.input_files import delimiter_of, input_format, source_of

#: Reason given to a row the reader could not split into fields.
MALFORMED = "malformed record"
#: Earliest month a posting may carry (older dates are typos, not history).
EARLIEST_MONTH = "1990-01"
#: Skills in a CSV cell are separated by this character (a list in Parquet/JSON Lines).
CSV_SKILL_SEPARATOR = "|"
#: The period of a counts row from a file with no period column (issue 16): a snapshot, not a
#: month. It resolves to month NULL, so no month is made up; a real period cell never reads so.
UNDATED = "(no period: snapshot)"
#: Raw record text in rejects.csv is cut to this many characters.
RECORD_CHARS = 500


@dataclass(frozen=True)
class ColumnMap:
    """Names of the input columns (defaults from DESIGN.md "Data contracts")."""

    id: str = "id"
    occupation: str = "occupation"
    country: str = "country"
    date: str = "date"
    region: str = "region"
    skills: str = "skills"
    count: str = "count"
    period: str = "period"
    # Posting details (issue 18): optional, kept in the cube's postings table.
    title: str = "title"
    employer: str = "employer"
    location: str = "location"
    url: str = "url"
    salary_min: str = "salary_min"
    salary_max: str = "salary_max"
    currency: str = "currency"
    salary_period: str = "salary_period"
    #: File-wide values for postings whose currency / salary period cell is missing or empty
    #: (``--currency``, ``--salary-period``); None: no default.
    default_currency: str | None = None
    default_salary_period: str | None = None


POSTINGS_REQUIRED = ("id", "occupation", "country", "date")
#: Posting details (issue 18), read as text and checked in the cube SQL (dashboard.building.posting_details).
POSTING_DETAILS = ("title", "employer", "location", "url", "salary_min", "salary_max", "currency", "salary_period")
POSTINGS_OPTIONAL = ("region", "skills", *POSTING_DETAILS)
COUNTS_REQUIRED = ("occupation", "country", "count")
COUNTS_OPTIONAL = ("period",)
_FLAG = {"id": "--id-col", "occupation": "--occupation-col", "country": "--country-col", "date": "--date-col",
         "skills": "--skills-col", "count": "--count-col", "period": "--period-col", "region": "(region)",
         **{role: f"--{role.replace('_', '-')}-col" for role in POSTING_DETAILS}}


# -- value parsing (run once per DISTINCT raw value) -----------------------------------

_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2})(?:[T ]\S*)?)?$")


def parse_month(text: str | None, *, latest: str) -> tuple[str | None, str]:
    """A posting date (ISO day, month, or a datetime) as "YYYY-MM".

    Returns
    -------
    (month, status)
        status "ok", "bad date" (not an ISO day or month) or "date out of range"
        (before 1990-01 or after ``latest``); month is None unless ok.
    """
    match = _DATE.match((text or "").strip())
    if not match:
        return None, "bad date"
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month, day or 1)
    except ValueError:
        return None, "bad date"
    value = f"{year:04d}-{month:02d}"
    if value < EARLIEST_MONTH or value > latest:
        return None, "date out of range"
    return value, "ok"


_COUNT = re.compile(r"^\+?(\d+)(?:\.0*)?$")


def parse_count(text: str | None) -> int | None:
    """A job count: a whole number >= 0 ("12", "12.0"); None for negative, fractional or empty."""
    match = _COUNT.match((text or "").strip())
    return int(match.group(1)) if match else None


def this_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return f"{today.year:04d}-{today.month:02d}"


# -- readers (DuckDB) ----------------------------------------------------------------------


def csv_header(path: Path) -> list[str]:
    """The column names of a CSV file (its first record), read without DuckDB's sniffer.

    The sniffer samples rows and fails the whole file on one giant or broken row; with the
    header read here, DuckDB parses with fixed options and rejects such rows one by one.
    """
    source = source_of(path)
    opener = gzip.open if source.name.lower().endswith(".gz") else open
    try:
        with opener(source, "rt", encoding="utf-8-sig", errors="replace", newline="") as handle:
            header = next(csv.reader(handle, delimiter=delimiter_of(path)), None)
    except (OSError, EOFError, csv.Error) as error:
        raise PostingsError(f"{path}: cannot read the CSV header row: {error}") from None
    if not header:
        raise PostingsError(f"{path}: empty file (no header row)")
    header = [name.strip() for name in header]
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise PostingsError(f"{path}: header row names a column twice: {', '.join(duplicated)}")
    return header


def _check_columns(path: Path, found: list[str], wanted: dict[str, str], required: Iterable[str]) -> None:
    for role in required:
        if wanted[role] not in found:
            raise PostingsError(
                f"{path}: missing required column {wanted[role]!r} (the {role} column; map another name with "
                f"{_FLAG[role]}); columns found: {', '.join(found) or '(none)'}"
            )


def _text_chunks(path: Path, size: int = 1 << 22) -> Iterator[bytes]:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def blank_line_ordinals(path: Path, *, delimiter: str = ",") -> list[int]:
    """Where a CSV file has blank lines between records, in DuckDB's row numbering.

    DuckDB skips a blank line but counts it as a row of its reader (the ``line`` of a
    rejected record counts it; the position of a good record does not), so every later
    line number would be off by one per blank line. Returns the ordinal of each blank line
    among (header, records, blank lines) — 1 is the header — or [] without reading the file
    twice in the common case: only a file holding two newlines in a row is parsed here.
    """
    tail = b""
    for chunk in _text_chunks(path):
        window = tail + chunk
        if b"\n\n" in window or b"\n\r\n" in window:
            break
        tail = window[-2:]
    else:
        return []
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    ordinals = []
    with opener(path, "rt", encoding="utf-8-sig", errors="replace", newline="") as handle:
        # NUL bytes stop Python's csv module; DuckDB reads them as data.
        for ordinal, row in enumerate(csv.reader((line.replace("\0", "") for line in handle), delimiter=delimiter), start=1):
            if not row:
                ordinals.append(ordinal)
    return ordinals


def detail_default(role: str, columns: ColumnMap) -> str | None:
    """The file-wide value of a posting detail (``--currency`` / ``--salary-period``), or None."""
    return {"currency": columns.default_currency, "salary_period": columns.default_salary_period}.get(role)


# -- resolution of distinct values -------------------------------------------------------


def occupation_map(values: Iterable[str], index, ids: dict[str, int]) -> pd.DataFrame:
    """raw, occupation_uri, occupation_id, status ("ok" | "unknown" | "ambiguous") per distinct text."""
    rows = []
    for raw in values:
        resolution = index.resolve(raw, with_candidates=False)
        uri = resolution.uri if resolution.status == "ok" else None
        rows.append((raw, uri, ids.get(uri) if uri else None, resolution.status))
    return pd.DataFrame({
        "raw": pd.Series([r[0] for r in rows], dtype=object),
        "occupation_uri": pd.Series([r[1] for r in rows], dtype=object),
        "occupation_id": pd.Series([r[2] for r in rows], dtype="Int32"),
        "status": pd.Series([r[3] for r in rows], dtype=object),
    })


def sorted_ids(uris: Iterable[str]) -> dict[str, int]:
    """URI -> its rank in sorted order: ordering by id is ordering by URI."""
    return {uri: i for i, uri in enumerate(sorted(set(uris)))}


def country_map(values: Iterable[str], resolve_country: Callable[[str], str | None]) -> pd.DataFrame:
    """raw, iso3, country_id for each distinct country text that resolves.

    country_id ranks the ISO codes found (sorted), so ordering by it is ordering by iso3.
    """
    rows = [(raw, iso3) for raw in values if (iso3 := resolve_country(raw))]
    ids = sorted_ids(iso3 for _, iso3 in rows)
    return pd.DataFrame({
        "raw": pd.Series([r for r, _ in rows], dtype=object),
        "iso3": pd.Series([i for _, i in rows], dtype=object),
        "country_id": pd.Series([ids[i] for _, i in rows], dtype="Int32"),
    })


def month_map(values: Iterable[str], *, latest: str) -> pd.DataFrame:
    """raw, month, status, month_id for each distinct date text (month_id ranks the months found).

    :data:`UNDATED` maps to month NULL with id -1: loaded, in no month.
    """
    rows = [(raw, None, "undated") if raw == UNDATED else (raw, *parse_month(raw, latest=latest)) for raw in values]
    ids = sorted_ids(month for _, month, _ in rows if month)
    return pd.DataFrame({
        "raw": pd.Series([r[0] for r in rows], dtype=object),
        "month": pd.Series([r[1] for r in rows], dtype=object),
        "status": pd.Series([r[2] for r in rows], dtype=object),
        "month_id": pd.Series([-1 if r[2] == "undated" else ids.get(r[1]) for r in rows], dtype="Int32"),
    })


def skill_map(values: Iterable[str], index, ids: dict[str, int]) -> pd.DataFrame:
    """raw, skill_uri, skill_id for each distinct skill token that is not blank.

    A token in the taxonomy gets its skill's id (>= 0). One that is not gets a negative id
    shared by every token with the same text once trimmed of spaces, so the cube counts a
    posting's unresolved tokens in the same pass and the same way as its skills: once per
    (posting, text). A blank token (spaces only) is not a mention: it is left out.
    """
    rows = []
    unresolved: dict[str, int] = {}
    for raw in values:
        if not raw.strip(" "):
            continue
        uri = index.resolve(raw)
        if uri:
            rows.append((raw, uri, ids[uri]))
        else:
            text = raw.strip(" ")
            rows.append((raw, None, unresolved.setdefault(text, -1 - len(unresolved))))
    return pd.DataFrame({
        "raw": pd.Series([r[0] for r in rows], dtype=object),
        "skill_uri": pd.Series([r[1] for r in rows], dtype=object),
        "skill_id": pd.Series([r[2] for r in rows], dtype="Int32"),
    })


def count_map(values: Iterable[str]) -> pd.DataFrame:
    """raw, value for each distinct count text that is a whole number >= 0."""
    rows = [(raw, value) for raw in values if (value := parse_count(raw)) is not None]
    return pd.DataFrame({"raw": pd.Series([r for r, _ in rows], dtype=object),
                         "value": pd.Series([v for _, v in rows], dtype="int64")})
