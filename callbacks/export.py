"""Export menu: render the chosen file for the current view and hand it to the browser."""
from __future__ import annotations

import logging

from dash import ALL, ClientsideFunction, Input, Output, State, ctx, dcc, no_update

from callbacks.registry import callback, clientside_callback
from callbacks.context import current_cube
from dashboard.reading.cube import Cube
from dashboard.errors import JobAtlasError
from dashboard.view import View
from layouts import ids

log = logging.getLogger("job_atlas.export")


def render_export(cube: Cube, data: object, *, chart: str, fmt: str) -> tuple[str, bytes]:
    """File name and bytes of one menu entry for the view in the store (``data``).

    Raises
    ------
    JobAtlasError
        With a message fit for the user: no occupation chosen, a bad view, an entry that does not
        apply to the view's subject (issue 15), no Chromium.
    """
    from dashboard.exports.files import export

    # The store comes from the page: an export never quietly shows another view than asked.
    view = View.from_store(cube, data, strict=True)
    if view is None:
        raise JobAtlasError("Pick an occupation first: exports show the occupation on the screen.")
    # Issue 15: an ISCO group, a skill or all occupations export their own numbers; an entry that
    # does not apply to the subject (its skill breakdown...) is refused by export(), saying why.
    return export(cube, view, chart=chart, fmt=fmt)


@callback(
    Output(ids.Export.DOWNLOAD, "data"),
    Output(ids.Export.STATUS, "children"),
    Output(ids.Export.STATUS, "is_open"),
    Input(ids.Export.item(ALL, ALL), "n_clicks"),
    State(ids.ViewStore.STORE, "data"),
    prevent_initial_call=True,
)
def download_export(n_clicks: list[int | None], view: View | None):
    trigger = ctx.triggered_id
    # A forged request may send any shape where the page sends a list of click counts (issue 16:
    # a number here answered 500). Menu entries are re-rendered with n_clicks 0: only a real
    # click exports.
    clicks = n_clicks if isinstance(n_clicks, list) else []
    if not isinstance(trigger, dict) or not any(_is_click(c) for c in clicks):
        return no_update, no_update, no_update
    if not (ctx.triggered and isinstance(ctx.triggered[0], dict) and _is_click(ctx.triggered[0].get("value"))):
        return no_update, no_update, no_update
    try:
        name, content = render_export(current_cube(), view, chart=str(trigger.get("chart")),
                                      fmt=str(trigger.get("format")))
    except JobAtlasError as error:
        log.warning("export %s/%s failed: %s", trigger.get("chart"), trigger.get("format"), error)
        return no_update, str(error), True
    return dcc.send_bytes(content, name), no_update, False


def _is_click(value: object) -> bool:
    """A click count the browser could send: a positive whole number (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


# Issue 15: the menu greys out what the view's subject cannot export, in the browser
# (assets/export_menu.js), from the table the layout put in ids.Export.APPLIES.
clientside_callback(
    ClientsideFunction(namespace="jobAtlasExportMenu", function_name="entries"),
    Output(ids.Export.item(ALL, ALL), "disabled"),
    Output(ids.Export.SUBJECT_NOTE, "children"),
    Input(ids.ViewStore.STORE, "data"),
    State(ids.Export.APPLIES, "data"),
)
