"""Export menu: render the chosen file for the current view and hand it to the browser."""
from __future__ import annotations

import logging

from dash import ALL, Input, Output, State, ctx, dcc, no_update

from callbacks.registry import callback
from callbacks.context import current_cube
from dashboard.reading.cube import Cube
from dashboard.errors import JobAtlasError
from dashboard.export_names import JOBS_LIST
from dashboard.reading.job_listings import selected_skills
from layouts import ids

log = logging.getLogger("job_atlas.export")


def render_export(cube: Cube, view: dict | None, *, chart: str, fmt: str) -> tuple[str, bytes]:
    """File name and bytes of one menu entry for ``view`` (the view store's dict).

    Raises
    ------
    JobAtlasError
        With a message fit for the user: no occupation chosen, a bad view, no Chromium.
    """
    from dashboard.exports import export_file
    from dashboard.report import build_report_pdf, report_filename

    # The store comes from the page: anything but a dict is treated as "no view yet".
    view = view if isinstance(view, dict) else {}
    if view.get("subject") in ("isco", "skill", "all"):
        # Issue 15: exports of these subjects are not built yet; never a file of another occupation.
        raise JobAtlasError("Exports show one occupation; an ISCO group, a skill or all occupations cannot be "
                            "exported yet. The map's Table tab lists these numbers; pick an occupation to export.")
    uri = view.get("occupation")
    if not uri:
        raise JobAtlasError("Pick an occupation first: exports show the occupation on the screen.")
    options = {"iso3": view.get("country") or None, "start": view.get("start") or None,
               "end": view.get("end") or None}
    if chart == JOBS_LIST:
        from dashboard.exports import export_jobs_file

        return export_jobs_file(cube, fmt, uri, skills=selected_skills(view), iso3=options["iso3"],
                                start=options["start"], end=options["end"])
    if chart == "report":
        return (report_filename(cube, uri, **options),
                build_report_pdf(cube, uri, measure=view.get("measure") or "jobs", **options))
    return export_file(cube, chart, fmt, uri, measure=view.get("measure") or "jobs", **options)


@callback(
    Output(ids.Export.DOWNLOAD, "data"),
    Output(ids.Export.STATUS, "children"),
    Output(ids.Export.STATUS, "is_open"),
    Input(ids.Export.item(ALL, ALL), "n_clicks"),
    State(ids.ViewStore.STORE, "data"),
    prevent_initial_call=True,
)
def download_export(n_clicks: list[int | None], view: dict | None):
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
