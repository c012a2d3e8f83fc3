"""The map's Table tab: the pure table builder (layouts/map_table.py) and its callback
(callbacks/map_table.py) called as plain functions. The browser side is in
tests/test_browser_map_table.py.
"""
from __future__ import annotations

import json
import math
from contextvars import copy_context

import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from dash.development.base_component import Component

from layouts import ids
from layouts.map_table import COLUMNS, DEFAULT_SORT, MAX_TEXT, clean_rows, clean_sort, format_cell, map_table, next_sort

HEADERS = ["Country", "Jobs", "Jobs per million inhabitants", "Share of the country's postings", "Rank by jobs",
           "Location quotient"]

#: Hand-written rows: each column orders them differently; Spain has no population (no per
#: million) and Austria postings but no jobs (no rank). Germany and France tie on jobs.
ROWS = [
    {"iso3": "FRA", "name": "France", "jobs": 40, "per_million": 0.6, "share": 0.02, "rank": 2,
     "location_quotient": 2.0},
    {"iso3": "MLT", "name": "Malta", "jobs": 3, "per_million": 5.8, "share": 0.5, "rank": 4,
     "location_quotient": 50.0},
    {"iso3": "DEU", "name": "Germany", "jobs": 40, "per_million": 0.48, "share": 0.01, "rank": 2,
     "location_quotient": 1.0},
    {"iso3": "ESP", "name": "Spain", "jobs": 1_234_567, "per_million": None, "share": 0.001, "rank": 1,
     "location_quotient": 0.1},
    {"iso3": "AUT", "name": "Austria", "jobs": 0, "per_million": 0.0, "share": None, "rank": None,
     "location_quotient": None},
]
RANK = {r["name"]: r["rank"] for r in ROWS}


# -- walking the component tree -------------------------------------------------------------


def find_all(node, type_name: str) -> list[Component]:
    """Every component of one type (``"Th"``, ``"Button"``...) under ``node``, in document order."""
    found = []
    stack = [node]
    while stack:
        item = stack.pop(0)
        if isinstance(item, (list, tuple)):
            stack[:0] = list(item)
        elif isinstance(item, Component):
            if item._type == type_name:
                found.append(item)
            stack[:0] = [getattr(item, "children", None)]
    return found


def text(node) -> str:
    if node is None:
        return ""
    if isinstance(node, (str, int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return "".join(text(n) for n in node)
    return text(getattr(node, "children", None))


def header_cells(table) -> list[Component]:
    return find_all(find_all(table, "Thead"), "Th")


def header_label(th) -> str:
    # The button holds the header text and an aria-hidden arrow span.
    return find_all(th, "Button")[0].children[0]


def body_rows(table) -> list[list[str]]:
    rows = find_all(find_all(table, "Tbody"), "Tr")
    return [[text(cell) for cell in row.children] for row in rows]


def names(table) -> list[str]:
    return [row[0] for row in body_rows(table)]


# -- the builder ----------------------------------------------------------------------------


def test_semantic_table_with_caption_and_column_headers_in_order():
    table = map_table(ROWS)
    assert table._type == "Table"
    assert [c._type for c in table.children] == ["Caption", "Thead", "Tbody"]
    headers = header_cells(table)
    assert [header_label(th) for th in headers] == HEADERS
    assert all(th.scope == "col" for th in headers)
    # Every header holds a real button (keyboard focus, Enter and Space) naming its column.
    buttons = [find_all(th, "Button")[0] for th in headers]
    assert [b.type for b in buttons] == ["button"] * len(HEADERS)
    assert [b.id for b in buttons] == [ids.Table.sort_button(c.key) for c in COLUMNS]
    # Each country is its row's header.
    first_cells = [row.children[0] for row in find_all(find_all(table, "Tbody"), "Tr")]
    assert {c._type for c in first_cells} == {"Th"} and {c.scope for c in first_cells} == {"row"}
    assert "5 countries with postings data" in text(table.children[0])


@pytest.mark.parametrize(
    "column, value, expected",
    [
        ("jobs", 1_234_567, "1,234,567"),
        ("jobs", 0, "0"),
        ("per_million", 1234.56, "1,234.6"),
        ("per_million", 0.04, "0.0"),
        ("per_million", 5.85, "5.8"),  # binary 5.85 is just below: as any fixed 1-decimal format
        ("share", 0.123456, "12.35%"),
        ("share", 1.0, "100.00%"),
        ("share", 0.00004, "0.00%"),
        ("rank", 12_345, "12,345"),
        ("location_quotient", 1.2345, "1.23"),
        ("location_quotient", 0.0, "0.00"),
        ("location_quotient", None, ""),
        ("name", "Côte d’Ivoire", "Côte d’Ivoire"),
        ("jobs", None, ""),
        ("per_million", None, ""),
        ("share", None, ""),
        ("rank", None, ""),
    ],
)
def test_cell_formats(column, value, expected):
    assert format_cell(column, value) == expected


def test_rows_show_formatted_numbers_and_empty_cells_most_jobs_first():
    assert body_rows(map_table(ROWS)) == [
        ["Spain", "1,234,567", "", "0.10%", "1", "0.10"],
        ["France", "40", "0.6", "2.00%", "2", "2.00"],
        ["Germany", "40", "0.5", "1.00%", "2", "1.00"],
        ["Malta", "3", "5.8", "50.00%", "4", "50.00"],
        ["Austria", "0", "0.0", "", "", ""],
    ]


@pytest.mark.parametrize(
    "column, descending, expected",
    [
        # Ties (France and Germany on jobs and rank) by country name; empty values last either way.
        ("name", False, ["Austria", "France", "Germany", "Malta", "Spain"]),
        ("name", True, ["Spain", "Malta", "Germany", "France", "Austria"]),
        ("jobs", True, ["Spain", "France", "Germany", "Malta", "Austria"]),
        ("jobs", False, ["Austria", "Malta", "France", "Germany", "Spain"]),
        ("per_million", True, ["Malta", "France", "Germany", "Austria", "Spain"]),
        ("per_million", False, ["Austria", "Germany", "France", "Malta", "Spain"]),
        ("share", True, ["Malta", "France", "Germany", "Spain", "Austria"]),
        ("share", False, ["Spain", "Germany", "France", "Malta", "Austria"]),
        ("rank", False, ["Spain", "France", "Germany", "Malta", "Austria"]),
        ("rank", True, ["Malta", "France", "Germany", "Spain", "Austria"]),
        ("location_quotient", True, ["Malta", "France", "Germany", "Spain", "Austria"]),
        ("location_quotient", False, ["Spain", "Germany", "France", "Malta", "Austria"]),
    ],
)
def test_sort_by_each_column_both_ways(column, descending, expected):
    table = map_table(ROWS, sort={"column": column, "descending": descending})
    assert names(table) == expected
    # The rank stays the rank by jobs whatever the order.
    assert {row[0]: row[4] for row in body_rows(table)} == {n: format_cell("rank", r) for n, r in RANK.items()}
    # Only the sorted column says so, to assistive technology and with a visible arrow.
    headers = header_cells(table)
    sorted_index = [c.key for c in COLUMNS].index(column)
    assert [getattr(th, "aria-sort", None) for th in headers] == [
        ("descending" if descending else "ascending") if i == sorted_index else None for i in range(len(HEADERS))]
    arrows = [text(find_all(th, "Span")) for th in headers]
    assert arrows[sorted_index] == ("▼" if descending else "▲")
    assert [a for i, a in enumerate(arrows) if i != sorted_index] == ["↕"] * (len(HEADERS) - 1)
    assert HEADERS[sorted_index].lower() in text(table.children[0])


def test_default_sort_is_most_jobs_first():
    assert DEFAULT_SORT == {"column": "jobs", "descending": True}
    assert names(map_table(ROWS)) == names(map_table(ROWS, sort={"column": "jobs", "descending": True}))
    assert getattr(header_cells(map_table(ROWS))[1], "aria-sort") == "descending"


@pytest.mark.parametrize(
    "sort, column, expected",
    [
        (DEFAULT_SORT, "jobs", {"column": "jobs", "descending": False}),  # click again reverses
        ({"column": "jobs", "descending": False}, "jobs", {"column": "jobs", "descending": True}),
        (DEFAULT_SORT, "per_million", {"column": "per_million", "descending": True}),  # highest first
        (DEFAULT_SORT, "share", {"column": "share", "descending": True}),
        (DEFAULT_SORT, "name", {"column": "name", "descending": False}),  # A to Z
        (DEFAULT_SORT, "rank", {"column": "rank", "descending": False}),  # 1st first
        ({"column": "name", "descending": False}, "name", {"column": "name", "descending": True}),
        (None, "jobs", {"column": "jobs", "descending": False}),  # a missing sort is the default
        ({"column": "nope", "descending": "yes"}, "name", {"column": "name", "descending": False}),
    ],
)
def test_next_sort(sort, column, expected):
    assert next_sort(sort, column) == expected


@pytest.mark.parametrize("sort", [None, [], "jobs", {"column": "population", "descending": True},
                                  {"column": "jobs", "descending": 1}, {"column": ["jobs"]}])
def test_a_broken_sort_is_the_default(sort):
    assert clean_sort(sort) == DEFAULT_SORT


def test_a_country_name_is_text_never_markup():
    hostile = "<img src=x onerror=window.__pwned=1>"
    table = map_table([{"iso3": "XXX", "name": hostile, "jobs": 1, "per_million": 1.0, "share": 0.1, "rank": 1}])
    cell = find_all(find_all(table, "Tbody"), "Tr")[0].children[0]
    assert cell.children == hostile  # a string child: React renders it as a text node
    assert "dangerously" not in json.dumps(table.to_plotly_json(), default=str)


def test_no_rows_says_so():
    table = map_table([])
    assert body_rows(table) == [["No country has postings data in this period."]]
    assert "0 countries" in text(table.children[0])


@pytest.mark.parametrize(
    "rows, expected",
    [
        (None, []),
        ("rows", []),
        ([1, "x", None, {"jobs": 3}], []),  # no country name: dropped
        ([{"name": "Malta", "jobs": True, "per_million": math.nan, "share": "0.5", "rank": 2.5,
           "location_quotient": "2"}],
         [{"iso3": None, "name": "Malta", "jobs": None, "per_million": None, "share": None, "rank": None,
           "location_quotient": None}]),
        ([{"name": "Malta", "iso3": "MLT", "jobs": 3.0, "per_million": math.inf, "share": 1, "rank": 10**30,
           "location_quotient": 1.5}],
         [{"iso3": "MLT", "name": "Malta", "jobs": 3, "per_million": None, "share": 1.0, "rank": 10**30,
           "location_quotient": 1.5}]),
        ([{"name": "x" * 100_000, "jobs": 1}],
         [{"iso3": None, "name": "x" * MAX_TEXT, "jobs": 1, "per_million": None, "share": None, "rank": None,
           "location_quotient": None}]),
    ],
)
def test_rows_from_the_page_are_cleaned(rows, expected):
    assert clean_rows(rows) == expected
    map_table(clean_rows(rows), sort={"column": "share", "descending": False})  # and build


def test_rows_the_view_callback_writes_build_unchanged():
    # callbacks.jobs_map.table_rows' shape passes clean_rows as it is.
    assert clean_rows(ROWS) == ROWS


# -- the callback ---------------------------------------------------------------------------


def button(column: str) -> dict:
    return ids.Table.sort_button(column)


@pytest.mark.parametrize("active_tab", ["map", None, "", "TABLE", ["table"], {"tab": "table"}])
@pytest.mark.parametrize("trigger, clicks", [(ids.Table.SHOWN, None), (button("jobs"), 1), (None, None)])
def test_nothing_is_rendered_while_the_table_tab_is_closed(active_tab, trigger, clicks):
    from callbacks.map_table import table_update

    assert table_update(trigger, rows=ROWS, active_tab=active_tab, sort=DEFAULT_SORT, clicks=clicks) == (
        no_update, no_update)


def test_new_rows_render_in_the_current_sort():
    from callbacks.map_table import table_update

    sort = {"column": "per_million", "descending": True}
    table, stored = table_update(ids.Table.SHOWN, rows=ROWS, active_tab="table", sort=sort)
    assert stored is no_update
    assert names(table) == ["Malta", "France", "Germany", "Austria", "Spain"]


def test_a_header_click_toggles_the_sort_and_stores_it():
    from callbacks.map_table import table_update

    sort = DEFAULT_SORT
    orders = []
    for column in ("jobs", "jobs", "per_million", "per_million", "name"):
        table, sort = table_update(button(column), rows=ROWS, active_tab="table", sort=sort, clicks=1)
        orders.append((sort["column"], sort["descending"], names(table)[0]))
    assert orders == [("jobs", False, "Austria"), ("jobs", True, "Spain"), ("per_million", True, "Malta"),
                      ("per_million", False, "Austria"), ("name", False, "Austria")]


@pytest.mark.parametrize(
    "trigger, clicks",
    [
        (button("jobs"), 0),  # a button that just appeared with a new table: not a click
        (button("jobs"), None),
        (button("jobs"), True),
        (button("population"), 3),
        ({"type": "other", "column": "jobs"}, 1),
        ({"type": ids.Table.SORT_BUTTON, "column": ["jobs"]}, 1),
        ("map-table-sort-button", 1),
        (None, None),
    ],
)
def test_anything_but_a_real_click_or_new_rows_changes_nothing(trigger, clicks):
    from callbacks.map_table import table_update

    assert table_update(trigger, rows=ROWS, active_tab="table", sort=DEFAULT_SORT, clicks=clicks) == (
        no_update, no_update)


def _run_with_trigger(function, prop_id: str, value, *args):
    """Call a callback as Dash would after ``prop_id`` changed to ``value``."""
    def run():
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": prop_id, "value": value}]))
        return function(*args)

    return copy_context().run(run)


def test_the_registered_callback_reads_the_clicked_header_from_dash():
    from callbacks.map_table import render_map_table

    prop_id = json.dumps(button("share"), sort_keys=True, separators=(",", ":")) + ".n_clicks"
    table, sort = _run_with_trigger(render_map_table, prop_id, 2, ROWS, [0, 0, 0, 2, 0], "table", DEFAULT_SORT)
    assert sort == {"column": "share", "descending": True}
    assert names(table)[0] == "Malta"
    table, sort = _run_with_trigger(render_map_table, f"{ids.Table.SHOWN}.data", ROWS, ROWS, [], "table",
                                    {"column": "name", "descending": True})
    assert sort is no_update and names(table)[0] == "Spain"


def test_an_occupation_change_sends_rows_not_table_components(tiny_cube_dir):
    """The view callback fills the rows store; the table's components come only from the
    table callback, which the browser calls only while the Table tab is open."""
    import app as app_module
    from callbacks import jobs_map
    from dashboard.settings import load_settings

    app = app_module.create_app(load_settings({"data_dir": tiny_cube_dir}, environ={}))
    view_outputs = next(key for key in app.callback_map if ids.ViewStore.STORE in key)
    assert ids.Table.ROWS + ".data" in view_outputs
    assert ids.Table.BODY + "." not in view_outputs
    from callbacks.context import current_cube
    from dashboard.view import View

    with app.server.app_context():
        view = View.from_store(current_cube(), {"occupation": "https://job-atlas.invalid/demo/occupation/nurse-"
                                                "responsible-for-general-care", "country": None, "start": "2025-01",
                                                "end": "2025-03", "measure": "jobs"})
        outputs = jobs_map.show_map(view)
    rows = outputs["table_rows"]
    assert jobs_map.OUTPUTS["table_rows"] == (ids.Table.ROWS, "data")
    assert [r["name"] for r in rows][:2] == ["France", "Italy"]
    assert all(isinstance(v, (str, int, float, type(None))) for r in rows for v in r.values())
    assert clean_rows(rows) == rows
