"""The map's Table tab: the table is built on the server only while the tab is open.

The view callback writes the rows to ``ids.Table.ROWS`` with every new view
(``callbacks.jobs_map``). A clientside callback (``assets/map_table.js``) copies them to
``ids.Table.SHOWN`` only while the Table tab is open, so an occupation change with the map
showing costs no request here; opening the tab, new rows while it is open, or a click on a
header's sort button render the table (``layouts.map_table.map_table``). Only then is the
advertised pay of the view's postings read (issue 18: :func:`table_pay_of`), so a view change
with the table closed costs no pay query.
"""
from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, no_update

from callbacks.context import current_cube
from callbacks.registry import callback, clientside_callback
from dashboard.reading import advertised_pay
from dashboard.reading.job_listings import holds_postings
from dashboard.view import View
from layouts import ids
from layouts.map_table import COLUMNS_BY_KEY, MAP_TABLE_TAB, clean_rows, clean_sort, map_table, next_sort


clientside_callback(
    ClientsideFunction(namespace="jobAtlasMapTable", function_name="shown"),
    Output(ids.Table.SHOWN, "data"),
    Input(ids.Table.ROWS, "data"),
    Input(ids.Map.TABS, "active_tab"),
    prevent_initial_call=True,
)


def sorted_column(trigger: object, clicks: object) -> str | None:
    """The column whose sort button was pressed, or None. A button that appears with a newly
    rendered table (no clicks yet) is no press."""
    if not isinstance(trigger, dict) or trigger.get("type") != ids.Table.SORT_BUTTON:
        return None
    column = trigger.get("column")
    pressed = isinstance(clicks, int) and not isinstance(clicks, bool) and clicks > 0
    return column if pressed and isinstance(column, str) and column in COLUMNS_BY_KEY else None


def table_pay_of(cube, view_data: object) -> dict | None:
    """The pay columns' cells for the view in the store (``advertised_pay.table_pay``): every
    country, the view's subject and period. None (no pay columns) for a cube of counts, a skill
    or a store that names no view."""
    view = View.from_store(cube, view_data) if isinstance(view_data, dict) else None
    if view is None or not holds_postings(cube):
        return None
    scope = advertised_pay.scope_of(cube, view.subject, start=view.start, end=view.end)
    return None if scope is None else advertised_pay.table_pay(advertised_pay.pay_by_country(cube, scope))


def table_update(trigger: object, *, rows: object, active_tab: object, sort: object, clicks: object = None,
                 pay_of=lambda: None) -> tuple:
    """The table's children and the stored sort after ``trigger`` (``no_update`` where nothing
    changes): new rows render in the current sort, a sort button press toggles the sort, and
    nothing is rendered while the Table tab is closed. ``pay_of()`` gives the pay columns' cells
    (called only when the table is rendered)."""
    if active_tab != MAP_TABLE_TAB:
        return no_update, no_update
    if trigger == ids.Table.SHOWN:
        return map_table(clean_rows(rows), sort=clean_sort(sort), pay=pay_of()), no_update
    column = sorted_column(trigger, clicks)
    if column is None:
        return no_update, no_update
    new_sort = next_sort(sort, column)
    return map_table(clean_rows(rows), sort=new_sort, pay=pay_of()), new_sort


@callback(
    Output(ids.Table.BODY, "children"),
    Output(ids.Table.SORT, "data"),
    Input(ids.Table.SHOWN, "data"),
    Input(ids.Table.sort_button(ALL), "n_clicks"),
    State(ids.Map.TABS, "active_tab"),
    State(ids.Table.SORT, "data"),
    State(ids.ViewStore.STORE, "data"),
    prevent_initial_call=True,
)
def render_map_table(rows, _clicks, active_tab, sort, view_data=None):
    """Render the table for new rows or a header click (see :func:`table_update`)."""
    triggered = ctx.triggered[0] if ctx.triggered else {}
    return table_update(ctx.triggered_id, rows=rows, active_tab=active_tab, sort=sort,
                        clicks=triggered.get("value") if isinstance(triggered, dict) else None,
                        pay_of=lambda: table_pay_of(current_cube(), view_data) if isinstance(view_data, dict) else None)
