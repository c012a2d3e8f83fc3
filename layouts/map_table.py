"""The map's accessible alternative: every country with postings data as a sortable HTML table.

A plain ``<table>`` (caption, ``<th scope="col">`` headers, one ``<th scope="row">`` per
country) replaces ``dash_table.DataTable``, deprecated in Dash 3.4 and ~120 KB of JavaScript
on the first page view. Each header holds a real ``<button>`` (keyboard: Tab, Enter or Space)
whose clicks ``callbacks/map_table.py`` turns into a new sort; the sorted header carries
``aria-sort`` and a visible arrow. The rows are the view callback's
(``callbacks.jobs_map.table_rows``); the table is built only while its tab is open.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids


class Column(NamedTuple):
    key: str  # the row's field
    header: str
    numeric: bool
    first_descending: bool  # direction of the first click on this header
    directions: tuple[str, str]  # caption words for (ascending, descending)


#: The table's columns, in order.
COLUMNS: tuple[Column, ...] = (
    Column("name", "Country", False, False, ("A to Z", "Z to A")),
    Column("jobs", "Jobs", True, True, ("fewest first", "most first")),
    Column("per_million", "Jobs per million inhabitants", True, True, ("lowest first", "highest first")),
    Column("share", "Share of the country's postings", True, True, ("lowest first", "highest first")),
    Column("rank", "Rank by jobs", True, False, ("first rank first", "last rank first")),
    Column("location_quotient", "Location quotient", True, True, ("lowest first", "highest first")),
)
#: The advertised-pay columns (issue 18), after the others when the cube holds postings: each
#: country's most-stated currency and period, and how many postings state pay in it.
PAY_COLUMNS: tuple[Column, ...] = (
    Column("pay", "Pay (median stated min–max)", True, True,
           ("lowest first within each currency and period", "highest first within each currency and period")),
    Column("pay_postings", "Postings stating pay", True, True, ("fewest first", "most first")),
)
COLUMNS_BY_KEY = {c.key: c for c in COLUMNS + PAY_COLUMNS}
#: Most jobs first, as the map's legend reads.
DEFAULT_SORT = {"column": "jobs", "descending": True}
#: A forged request may carry any rows: more than there are countries, or names of any length,
#: are cut (issue 8: no hostile input echoed back unbounded).
MAX_ROWS = 1_000
MAX_TEXT = 100


def format_cell(column: str, value) -> str:
    """A cell's text: thousands separators, per million with 1 decimal, share as a percentage
    with 2 decimals, and an empty cell where there is no value."""
    if value is None:
        return NO_PAY if column in ("pay", "pay_postings") else ""
    if column in ("name", "pay"):
        return str(value)
    if column == "per_million":
        return f"{value:,.1f}"
    if column == "share":
        return f"{value * 100:,.2f}%"
    if column == "location_quotient":
        return f"{value:,.2f}"
    return f"{int(value):,}"


def _whole(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return None


def _real(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def _text(value) -> str | None:
    return value[:MAX_TEXT] if isinstance(value, str) else None


def clean_rows(rows: object) -> list[dict]:
    """Rows as the table shows them, whatever the page sent: a value of the wrong type is an
    empty cell, a row without a country name is dropped."""
    if not isinstance(rows, list):
        return []
    cleaned = []
    for row in rows[:MAX_ROWS]:
        if not isinstance(row, dict) or _text(row.get("name")) is None:
            continue
        cleaned.append({"iso3": _text(row.get("iso3")), "name": _text(row["name"]), "jobs": _whole(row.get("jobs")),
                        "per_million": _real(row.get("per_million")), "share": _real(row.get("share")),
                        "rank": _whole(row.get("rank")), "location_quotient": _real(row.get("location_quotient"))})
    return cleaned


def clean_sort(sort: object) -> dict:
    """A sort as stored in the page, or :data:`DEFAULT_SORT` when it is not one."""
    if (isinstance(sort, dict) and isinstance(sort.get("column"), str) and sort["column"] in COLUMNS_BY_KEY
            and isinstance(sort.get("descending"), bool)):
        return {"column": sort["column"], "descending": sort["descending"]}
    return dict(DEFAULT_SORT)


def next_sort(sort: object, column: str) -> dict:
    """The sort after a click on ``column``'s header: the same column again reverses it, another
    column starts in its own first direction (numbers highest first, names A to Z, rank 1st first)."""
    sort = clean_sort(sort)
    if sort["column"] == column:
        return {"column": column, "descending": not sort["descending"]}
    return {"column": column, "descending": COLUMNS_BY_KEY[column].first_descending}


def sort_rows(rows: list[dict], *, column: str, descending: bool) -> list[dict]:
    """Rows in the order of ``column``; empty values last either way, ties by country name.

    ``pay`` (issue 18) orders amounts only within one currency and period, never across them:
    the pair most countries' pay is in comes first, then the others alphabetically, each by its
    median stated maximum."""
    if column == "pay":
        return _sort_by_pay(rows, descending=descending)
    filled = [r for r in rows if r.get(column) is not None]
    empty = [r for r in rows if r.get(column) is None]
    filled.sort(key=_by_name)
    # Python's sort is stable: sorting by the column after the name keeps name order in ties.
    if column == "name":
        filled.sort(key=_by_name, reverse=descending)
    else:
        filled.sort(key=lambda r: r[column], reverse=descending)
    return filled + sorted(empty, key=_by_name)


def _by_name(row: dict) -> tuple:
    return (row["name"].casefold(), row["name"], row.get("iso3") or "")


def _sort_by_pay(rows: list[dict], *, descending: bool) -> list[dict]:
    stated = [r for r in rows if r.get("pay_pair") is not None]
    empty = [r for r in rows if r.get("pay_pair") is None]
    countries: dict[tuple, int] = {}
    for row in stated:
        countries[row["pay_pair"]] = countries.get(row["pay_pair"], 0) + 1
    groups = sorted(countries, key=lambda pair: (-countries[pair], pair))
    ordered = []
    for pair in groups:
        group = sorted((r for r in stated if r["pay_pair"] == pair), key=_by_name)
        with_max = [r for r in group if r.get("pay_max") is not None]
        with_max.sort(key=lambda r: r["pay_max"], reverse=descending)
        ordered += with_max + [r for r in group if r.get("pay_max") is None]
    return ordered + sorted(empty, key=_by_name)


def with_pay(rows: list[dict], pay: dict[str, dict]) -> list[dict]:
    """Rows with the Table tab's pay cells (``advertised_pay.table_pay``, computed on the server
    from the cube, never taken from the page): "—" where a country states no pay."""
    shown = []
    for row in rows:
        cell = pay.get(row.get("iso3"))
        shown.append({**row, "pay": cell["text"] if cell else NO_PAY, "pay_postings": cell["postings"] if cell else None,
                      "pay_pair": (cell["currency"] or "", cell["period"] or "") if cell else None,
                      "pay_max": cell["max"] if cell else None})
    return shown


#: A country whose postings state no pay (never a zero).
NO_PAY = "—"


def aria_sort(descending: bool) -> str:
    return "descending" if descending else "ascending"


def _header(column: Column, sort: dict) -> html.Th:
    sorted_here = column.key == sort["column"]
    arrow = ("▼" if sort["descending"] else "▲") if sorted_here else "↕"
    button = html.Button(
        # A no-break space keeps the arrow on the header's last line.
        [column.header, "\u00a0", html.Span(arrow, className="map-table-arrow" + ("" if sorted_here else " unsorted"),
                                             **{"aria-hidden": "true"})],
        id=ids.Table.sort_button(column.key), type="button", n_clicks=0, className="map-table-sort",
    )
    extra = {"aria-sort": aria_sort(sort["descending"])} if sorted_here else {}
    return html.Th(button, scope="col", **extra)


#: The caption's sentence on the pay columns.
PAY_CAPTION = ("Pay: each country's most-stated currency and period — the medians of the stated minimum and "
               "maximum, and the postings stating pay in it — never converted.")


def map_table(rows: list[dict], *, sort: dict | None = None, pay: dict[str, dict] | None = None) -> dbc.Table:
    """The table of ``rows`` (``callbacks.jobs_map.table_rows``) in the order of ``sort``.

    ``pay`` (``advertised_pay.table_pay``, issue 18) adds the pay columns; None (a cube of
    counts, or a skill) leaves them out. Country names are component children, so React
    renders them as text, never as markup. Numbers are right-aligned by
    ``assets/dashboard.css`` (``.map-table``), not per cell.
    """
    columns = COLUMNS + (PAY_COLUMNS if pay is not None else ())
    sort = clean_sort(sort)
    if sort["column"] not in {c.key for c in columns}:
        sort = dict(DEFAULT_SORT)
    if pay is not None:
        rows = with_pay(rows, pay)
    column = COLUMNS_BY_KEY[sort["column"]]
    ordered = sort_rows(rows, column=column.key, descending=sort["descending"])
    direction = column.directions[sort["descending"]]
    count = f"{len(rows):,} {'country' if len(rows) == 1 else 'countries'} with postings data"
    caption = html.Caption(f"{count}, sorted by {column.header.lower()}, {direction}. "
                           "Choose a column heading to sort by it." + (f" {PAY_CAPTION}" if pay is not None else ""))
    if ordered:
        body = [html.Tr([html.Th(row["name"], scope="row")]
                        + [html.Td(format_cell(c.key, row.get(c.key)), className="text-nowrap" if c.key == "pay" else None)
                           for c in columns[1:]])
                for row in ordered]
    else:
        body = [html.Tr([html.Td("No country has postings data in this period.", colSpan=len(columns),
                                 className="text-muted text-start")])]
    return dbc.Table(
        [caption, html.Thead(html.Tr([_header(c, sort) for c in columns])), html.Tbody(body)],
        size="sm", hover=True, class_name="map-table caption-top mb-0",
    )


#: ``tab_id`` of the map card's Table tab (callbacks/map_table.py renders it while it is open).
MAP_TABLE_TAB = "table"


def table_tab_body(*, height: str) -> html.Div:
    """The Table tab's body: empty until the tab is opened (callbacks/map_table.py), so the first
    page view carries no table and no table script. A keyboard-focusable scrolling region, the
    map's height, with its own name."""
    return html.Div(html.P("Loading the table…", className="small text-muted p-2"), id=ids.Table.BODY,
                    className="map-table-scroll", style={"height": height}, tabIndex="0", role="region",
                    **{"aria-label": "Jobs by country, as a table"})


def table_stores() -> list:
    """The table's rows (written with every view), the rows shown (copied while the tab is open,
    assets/map_table.js) and its sort."""
    return [
        dcc.Store(id=ids.Table.ROWS, storage_type="memory"),
        dcc.Store(id=ids.Table.SHOWN, storage_type="memory"),
        dcc.Store(id=ids.Table.SORT, storage_type="memory", data=DEFAULT_SORT),
    ]
