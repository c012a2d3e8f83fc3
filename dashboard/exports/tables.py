"""The data behind each chart as a table, and the CSV and XLSX files that carry it.

Column names read without a legend; text a spreadsheet would run as a formula is made inert
(OWASP "CSV Injection"). The list of available jobs (issue 18) exports from here too.
"""
from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd

from dashboard import figures
from dashboard.reading import queries
from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.exports.charts import TOP_SKILLS
from dashboard.exports.names import (ADVERTISED_PAY, CHART_NAMES, CHARTS, JOBS_LIST, RELATED, country_name,
                                     source_line)
from dashboard.exports.subjects import by_country as subject_by_country
from dashboard.exports.subjects import check_applies, collection_occupations, postings_scope, subject_rows
from dashboard.exports.subjects import trend as subject_trend
from dashboard.view import UNDATED_EXPORT, View


def data_frame_for(cube: Cube, chart: str, view: View) -> pd.DataFrame:
    """The rows behind one chart, with column names an analyst reads without a legend.

    - map: one row per country with postings data (country, iso3, jobs, jobs_per_million,
      share_of_country_postings, country_postings, rank, location_quotient, and the Table tab's
      pay: pay_currency, pay_period, pay_median_min, pay_median_max, postings_stating_pay — the
      country's most-stated currency and period, empty where none is stated), and (issue 15)
      postings (individual ads) with, per ESCO skill collection, postings_asking_<c> and
      share_asking_<c> (c = digital, green, transversal, language, research, digcomp; empty
      for a cube built before them), most jobs first; for an ISCO group, a skill or all
      occupations (issue 15) the subject's map: ``jobs`` are the group's jobs, the postings
      asking for the skill, or every posting (a skill has no pay or collection columns' values:
      postings are not kept by skill);
    - skills: the chart's top skills (rank, skill, postings, share_of_occupation_postings,
      group, skill_uri);
    - breakdown: every skill of the occupation profile (group, skill, relation,
      skill_type, skill_uri, description);
    - trend: month, jobs.
    """
    check_applies(cube, view, chart)  # e.g. no skill breakdown for an ISCO group (issue 15)
    table_of = {"map": _map_table, "skills": _skills_table, "breakdown": _breakdown_table, "trend": _trend_table}
    if chart not in table_of:
        raise UsageError(f"chart {chart!r}: expected one of {', '.join(CHARTS)}")
    return table_of[chart](cube, view)


def _map_table(cube: Cube, view: View) -> pd.DataFrame:
    """The map's rows (of the view's subject): countries with postings data, most jobs first, with their pay and
    collection shares."""
    by = subject_by_country(cube, view)
    by = by[by["has_data"].astype(bool) | (by["jobs"] > 0)]
    by = by.sort_values(["jobs", "name"], ascending=[False, True])
    return pd.DataFrame({
        "country": by["name"].astype(str),
        "iso3": by["iso3"].astype(str),
        "jobs": by["jobs"].astype("int64"),
        "jobs_per_million": by["per_million"].astype("float64").round(3),
        "share_of_country_postings": by["share"].astype("float64").round(6),
        "country_postings": by["country_postings"].astype("int64"),
        "rank": by["rank"].astype("Int64"),
        # share of the country's postings / share of all postings (BLS OEWS; issue 15)
        "location_quotient": by["location_quotient"].astype("float64").round(6),
    }).reset_index(drop=True).pipe(_with_map_pay, cube, view).pipe(_with_collections, cube, view)


def _skills_table(cube: Cube, view: View) -> pd.DataFrame:
    """The skill-demand chart's top skills, ranked, with their groups."""
    top = queries.top_skills(cube, view.occupation, iso3=view.country, start=view.start, end=view.end,
                             limit=TOP_SKILLS)
    groups = [figures.SKILL_GROUPS[figures.skill_group(r, t)] for r, t in zip(top["relation"], top["skill_type"].fillna(""))]
    return pd.DataFrame({
        "rank": np.arange(1, len(top) + 1, dtype="int64"),
        "skill": top["label"].astype(str),
        "postings": top["postings"].astype("int64"),
        "share_of_occupation_postings": pd.to_numeric(top["share"], errors="coerce").astype("float64").round(6),
        "group": pd.Series(groups, dtype=object),
        "skill_uri": top["skill_uri"].astype(str),
    })


def _breakdown_table(cube: Cube, view: View) -> pd.DataFrame:
    """Every skill of the occupation's profile, by group."""
    skills = queries.skill_breakdown(cube, view.occupation)
    return pd.DataFrame({
        "group": skills["group"].map(figures.SKILL_GROUPS).fillna(skills["group"]).astype(str),
        "skill": skills["label"].astype(str),
        "relation": skills["relation"].astype(str),
        "skill_type": skills["skill_type"].astype(str),
        "skill_uri": skills["skill_uri"].astype(str),
        "description": skills["description"].astype(str),
    }).reset_index(drop=True)


def _trend_table(cube: Cube, view: View) -> pd.DataFrame:
    """The subject's jobs per month in the view's country (all countries when none)."""
    trend = subject_trend(cube, view)
    return pd.DataFrame({"month": trend["month"].astype(str), "jobs": trend["jobs"].astype("int64")})



#: A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
#: (OWASP "CSV Injection"); tab and carriage return are on OWASP's list too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for spreadsheets: UTF-8 with a byte-order mark, a header row, formulas neutralised.

    The BOM is what makes Excel read the file as UTF-8 on a double click (without it,
    "Zürich" turns into "ZÃ¼rich"); pandas, Python's csv module and LibreOffice skip it.
    Text cells starting with = + - @ (or tab/CR) get a leading apostrophe, so a label such
    as ``=HYPERLINK(...)`` shows as text and never runs.
    """
    safe = frame.copy()
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    for column in _text_columns(safe):
        safe[column] = safe[column].map(neutralise)
    text = safe.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\, at most 31 characters, not empty."""
    return name.translate(_SHEET_FORBIDDEN).strip().strip("'")[:31] or "data"


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet_name: str = "data", about: dict[str, str] | None = None) -> bytes:
    """An Excel workbook: the frame on one sheet (bold header, frozen), ``about`` on a second.

    Text is always stored as text: a cell that starts with = + - @ is written as a string
    with Excel's own "quote prefix" flag (what typing ``'=...`` does), so it shows exactly
    as the label and never runs as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_name)
    _write_rows(sheet, [list(map(str, frame.columns))] + frame.astype(object).values.tolist(), header=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        cells = [str(column)] + [str(v) for v in frame[column].head(200).tolist()]
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, max(map(len, cells)) + 2))
    if about:
        info = workbook.create_sheet("about")
        _write_rows(info, [[k, v] for k, v in about.items()], header=False)
        for cell in info["A"]:
            cell.font = Font(bold=True)
        info.column_dimensions["A"].width = 22
        info.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_rows(sheet, rows: list[list[object]], *, header: bool) -> None:
    from openpyxl.styles import Font

    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            value = _excel_value(value)
            cell.value = value
            if isinstance(value, str):
                # openpyxl stores any string starting with "=" as a formula; force text.
                cell.data_type = "s"
                if value.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True
            if header and r == 1:
                cell.font = Font(bold=True)


def _excel_value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


def about_rows(cube: Cube, chart: str, view: View) -> dict[str, str]:
    """What the XLSX "about" sheet says: what the data is, its filters and its source."""
    dataset = cube.report.get("dataset") or {}
    return {
        "Chart": CHART_NAMES.get(chart, chart),
        **subject_rows(cube, view),
        "Country": country_name(view) or "all countries",
        "Period": view.period_text(undated=UNDATED_EXPORT),
        "Map measure": figures.MEASURES[view.measure][0],
        "Source": source_line(cube),
        "Taxonomy": str(dataset.get("taxonomy") or ""),
        "Cube built": str(cube.report.get("built_at") or ""),
        "Exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


# -- the list of available jobs (issue 18) ------------------------------------------------------

#: The most postings one export of the list holds; a bigger list asks for a narrower view
#: (a spreadsheet of more is no longer something a person reads, and XLSX stops at 1,048,576 rows).
MAX_EXPORT_JOBS = 100_000

#: Columns of the exported list, in order (the salary flattened, as ``jobs --format csv``).
JOBS_COLUMNS = ("title", "employer", "location", "country", "date", "url", "skills_matched", "salary_min",
                "salary_max", "currency", "salary_period", "id")


def jobs_frame(cube: Cube, view: View) -> pd.DataFrame:
    """Every posting the list shows for a view, in the list's order (not just one page): most of
    the view's selected skills first, then newest.

    Raises
    ------
    UsageError
        A cube of counts only (no ads to export), or more than :data:`MAX_EXPORT_JOBS` postings.
    """
    from dashboard.reading.job_listings import COUNTS_ONLY_MESSAGE, all_jobs, count_jobs, holds_postings

    check_applies(cube, view, JOBS_LIST)
    if not holds_postings(cube):
        raise UsageError(f"{COUNTS_ONLY_MESSAGE} There is no list of jobs to export.")
    scope = postings_scope(cube, view, iso3=view.country)
    total = count_jobs(cube, scope)
    if total > MAX_EXPORT_JOBS:
        raise UsageError(f"{total:,} jobs are listed: more than one export holds ({MAX_EXPORT_JOBS:,}). "
                         "Pick a country or a shorter period.")
    rows = []
    for job in all_jobs(cube, scope, skills=list(view.skills)):
        pay = job["salary"] or {}
        rows.append({**{k: job[k] for k in JOBS_COLUMNS if k in job}, "salary_min": pay.get("min"),
                     "salary_max": pay.get("max"), "currency": pay.get("currency"), "salary_period": pay.get("period")})
    frame = pd.DataFrame(rows, columns=list(JOBS_COLUMNS))
    frame["skills_matched"] = frame["skills_matched"].astype("int64")
    for column in ("salary_min", "salary_max"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def jobs_about_rows(cube: Cube, view: View) -> dict[str, str]:
    """What the "about" sheet of the exported list of jobs says."""
    return {
        "List": "Available jobs: every posting behind the view, in the list's order"
                + (" (most of the selected skills first, then newest)" if view.skills else " (newest first)"),
        **subject_rows(cube, view),
        "Country": country_name(view) or "all countries",
        "Period": view.period_text(undated=UNDATED_EXPORT),
        "Pay": "as each posting states it: never converted between currencies or periods",
        "Source": source_line(cube),
        "Cube built": str(cube.report.get("built_at") or ""),
        "Exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


# -- advertised pay (issue 18) ------------------------------------------------------------------

#: The pay columns of the map's data: each country's most-stated currency and period.
MAP_PAY_COLUMNS = ("pay_currency", "pay_period", "pay_median_min", "pay_median_max", "postings_stating_pay")
#: Columns of the advertised-pay export: every country, currency and period.
PAY_COLUMNS = ("country", "iso3", "currency", "period", "postings_stating_pay", "median_min", "median_max")


def pay_rows(cube: Cube, view: View) -> list[dict]:
    """The pay of the view's postings (its occupation's, its ISCO group's, every one) per country,
    currency and period, every country, the period; none for a skill (postings are not kept by skill)."""
    from dashboard.reading.advertised_pay import pay_by_country

    scope = postings_scope(cube, view)
    return [] if scope is None else pay_by_country(cube, scope)


def _with_collections(frame: pd.DataFrame, cube: Cube, view: View) -> pd.DataFrame:
    """The map rows with the postings asking for each skill collection (issue 15)."""
    from dashboard.reading.collection_postings import COLLECTIONS, positions_of, shares_of

    counted, occupations = collection_occupations(cube, view)
    shares = shares_of(cube, occupations, start=view.start, end=view.end) if counted else None
    at = positions_of(cube, frame["iso3"].tolist())

    def cells(values) -> pd.Series:
        return pd.Series([None if shares is None or i < 0 else int(values[i]) for i in at],
                         dtype="Int64", index=frame.index)

    postings = cells(shares.postings if shares is not None else None)
    columns = {"postings": postings}
    for name in COLLECTIONS:
        asking = cells(shares.asking[name] if shares is not None else None)
        columns[f"postings_asking_{name}"] = asking
        share = (asking.astype("Float64") / postings.astype("Float64").where(postings > 0)).round(6)
        columns[f"share_asking_{name}"] = share.astype("float64")
    return frame.assign(**columns)


def _with_map_pay(frame: pd.DataFrame, cube: Cube, view: View) -> pd.DataFrame:
    from dashboard.reading.advertised_pay import most_stated

    best = most_stated(pay_rows(cube, view))
    cells = [best.get(iso3) or {} for iso3 in frame["iso3"]]
    return frame.assign(
        pay_currency=pd.Series([c.get("currency") for c in cells], dtype=object, index=frame.index),
        pay_period=pd.Series([c.get("period") for c in cells], dtype=object, index=frame.index),
        pay_median_min=pd.Series([c.get("median_min") for c in cells], dtype="float64", index=frame.index),
        pay_median_max=pd.Series([c.get("median_max") for c in cells], dtype="float64", index=frame.index),
        postings_stating_pay=pd.Series([c.get("postings") for c in cells], dtype="Int64", index=frame.index),
    )


def pay_frame(cube: Cube, view: View) -> pd.DataFrame:
    """The advertised-pay export: one row per country, currency and period with postings
    stating pay (all of them, not only the map's), countries by name, then most postings first.
    Medians of the stated minimum and maximum, never converted; empty for a cube of counts."""
    from dashboard import geo

    check_applies(cube, view, ADVERTISED_PAY)
    rows = pay_rows(cube, view)
    frame = pd.DataFrame({
        "country": pd.Series([geo.country_name(r["iso3"], default=r["iso3"]) for r in rows], dtype=object),
        "iso3": pd.Series([r["iso3"] for r in rows], dtype=object),
        "currency": pd.Series([r["currency"] for r in rows], dtype=object),
        "period": pd.Series([r["period"] for r in rows], dtype=object),
        "postings_stating_pay": pd.Series([r["postings"] for r in rows], dtype="int64"),
        "median_min": pd.Series([r["median_min"] for r in rows], dtype="float64"),
        "median_max": pd.Series([r["median_max"] for r in rows], dtype="float64"),
    }, columns=list(PAY_COLUMNS))
    order = sorted(range(len(frame)), key=lambda i: (frame["country"].iat[i].casefold(),
                                                       -int(frame["postings_stating_pay"].iat[i]),
                                                       frame["currency"].iat[i], str(frame["period"].iat[i])))
    return frame.iloc[order].reset_index(drop=True)


def pay_about_rows(cube: Cube, view: View) -> dict[str, str]:
    """What the "about" sheet of the advertised-pay export says."""
    from dashboard.reading.job_listings import COUNTS_ONLY_MESSAGE, holds_postings

    return {
        "Data": "Advertised pay: per country, currency and period, the postings stating pay and the medians of "
                "their stated minimum and maximum (a posting stating one end counts for that end)",
        **subject_rows(cube, view),
        "Countries": "all countries",
        "Period": view.period_text(undated=UNDATED_EXPORT),
        "Pay": ("never converted between currencies or periods" if holds_postings(cube)
                else f"none: {COUNTS_ONLY_MESSAGE}"),
        "Source": source_line(cube),
        "Cube built": str(cube.report.get("built_at") or ""),
        "Exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


# -- related occupations (issue 14) ------------------------------------------------------------

def _related_of(cube: Cube, view: View):
    from dashboard.reading.related import related_in

    check_applies(cube, view, RELATED)
    return related_in(cube, view.occupation, selection=view.skills, iso3=view.country, start=view.start, end=view.end)


def related_frame(cube: Cube, view: View) -> pd.DataFrame:
    """The related occupations export: every related occupation listed for the view's occupation
    (best first), the rows of ``python -m dashboard related --format csv`` without its ``--limit``.
    Skills had are the view's selection, else the occupation's essential skills."""
    from dashboard.reading.related import related_rows

    return related_rows(cube, _related_of(cube, view), selection=view.skills)


def related_about_rows(cube: Cube, view: View) -> dict[str, str]:
    """What the "about" sheet of the related occupations export says."""
    from dashboard.reading.related import BASIS_SELECTION, method_note

    result = _related_of(cube, view)
    if not result.available:
        listed = "none: this cube was built before related occupations existed (rebuild it to list them)"
    else:
        listed = f"{len(result.items)} related occupations, best first (score in [0, 1])"
    known = (f"the {result.have_count} selected skills" if result.basis == BASIS_SELECTION
             else f"the occupation's {result.have_count} essential skills")
    return {
        "Data": "Related occupations: score, essential and optional skills already had, the essential skills "
                "to learn, and jobs in the country and period",
        **subject_rows(cube, view),
        "Listed": listed,
        "Skills counted as had": known,
        "Jobs in": country_name(view) or "all countries",
        "Period": view.period_text(undated=UNDATED_EXPORT),
        "Method": method_note(),
        "Source": source_line(cube),
        "Cube built": str(cube.report.get("built_at") or ""),
        "Exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


# -- the country panel's lists of an ISCO group, a skill or all occupations (issue 15) ----------

def panel_about_rows(cube: Cube, view: View) -> dict[str, str]:
    """What the "about" sheet of the country panel export says."""
    lists = {"isco": "every occupation of the group with its jobs, most first",
             "skill": "the occupations whose postings ask for the skill most (postings asking for it, and their "
                      "share of the occupation's jobs)",
             "all": "the occupations with the most jobs, the ISCO major groups and the skills asked for most "
                    "(postings asking for each, share of all jobs)"}.get(view.subject.kind, "")
    return {
        "Data": f"Country panel: {lists}",
        **subject_rows(cube, view),
        "Country": country_name(view) or "all countries",
        "Period": view.period_text(undated=UNDATED_EXPORT),
        "Source": source_line(cube),
        "Taxonomy": str((cube.report.get("dataset") or {}).get("taxonomy") or ""),
        "Cube built": str(cube.report.get("built_at") or ""),
        "Exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
