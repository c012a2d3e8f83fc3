"""The map's Table tab: the table is built on the server only while the tab is open.

The view callback writes the rows to ``ids.Table.ROWS`` with every new view
(``callbacks.map_view``). A clientside callback (``assets/map_table.js``) copies them to
``ids.Table.SHOWN`` only while the Table tab is open, so an occupation change with the map
showing costs no request here; opening the tab, new rows while it is open, or a click on a
header's sort button render the table (``layouts.map_table.map_table``).
"""
from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, no_update

from layouts import ids
from layouts.map_table import COLUMNS_BY_KEY, clean_rows, clean_sort, map_table, next_sort
from layouts.page import MAP_TABLE_TAB

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


def table_update(trigger: object, *, rows: object, active_tab: object, sort: object, clicks: object = None) -> tuple:
    """The table's children and the stored sort after ``trigger`` (``no_update`` where nothing
    changes): new rows render in the current sort, a sort button press toggles the sort, and
    nothing is rendered while the Table tab is closed."""
    if active_tab != MAP_TABLE_TAB:
        return no_update, no_update
    if trigger == ids.Table.SHOWN:
        return map_table(clean_rows(rows), sort=clean_sort(sort)), no_update
    column = sorted_column(trigger, clicks)
    if column is None:
        return no_update, no_update
    new_sort = next_sort(sort, column)
    return map_table(clean_rows(rows), sort=new_sort), new_sort


@callback(
    Output(ids.Table.BODY, "children"),
    Output(ids.Table.SORT, "data"),
    Input(ids.Table.SHOWN, "data"),
    Input(ids.Table.sort_button(ALL), "n_clicks"),
    State(ids.Map.TABS, "active_tab"),
    State(ids.Table.SORT, "data"),
    prevent_initial_call=True,
)
def render_map_table(rows, _clicks, active_tab, sort):
    """Render the table for new rows or a header click (see :func:`table_update`)."""
    triggered = ctx.triggered[0] if ctx.triggered else {}
    return table_update(ctx.triggered_id, rows=rows, active_tab=active_tab, sort=sort,
                        clicks=triggered.get("value") if isinstance(triggered, dict) else None)
