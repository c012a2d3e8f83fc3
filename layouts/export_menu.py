"""The Export menu: the report, each chart as PNG/SVG/PDF and its data as CSV/XLSX (issue 5).

What it exports is the current view (occupation, country, period, map measure) held in the
view store; ``callbacks/export.py`` renders the file on the server and hands it to
``dcc.Download``. Without Chromium the image entries are disabled and the menu says why
(CSV and XLSX still work): the app's wiring checks (app.py, on each page load) and passes the
reason in; this layout never runs a browser (issue 13).
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.exports.names import (ADVERTISED_PAY, CHART_NAMES, CHARTS, DATA_FORMATS, FORMATS, IMAGE_FORMATS,
                                     JOBS_LIST, PANEL, RELATED)
from dashboard.exports.subjects import APPLIES_TO, MENU_NOTES
from layouts import ids

FORMAT_NAMES = {"png": "PNG", "svg": "SVG", "pdf": "PDF", "csv": "CSV", "xlsx": "XLSX"}
#: What the menu calls each entry's content (the charts, and the list of available jobs, issue 18).
ENTRY_NAMES = {**CHART_NAMES, JOBS_LIST: "Available jobs", ADVERTISED_PAY: "Advertised pay",
               RELATED: "Related occupations", PANEL: "Country panel"}


def _item(chart: str, fmt: str, *, disabled: bool) -> dbc.DropdownMenuItem:
    # The page opens on an occupation: entries for other subjects only start greyed out
    # (assets/export_menu.js greys what the view's subject cannot export, issue 15).
    disabled = disabled or "occupation" not in APPLIES_TO.get(chart, ("occupation",))
    what = "the report" if chart == "report" else f"the {ENTRY_NAMES[chart].lower()}"
    kind = "data of " if fmt in DATA_FORMATS else ""
    return dbc.DropdownMenuItem(
        # The item has no title prop; the tooltip (and what a screen reader says) sits on the text.
        html.Span(FORMAT_NAMES[fmt], title=f"Download {kind}{what} as {FORMAT_NAMES[fmt]}",
                  **{"aria-label": f"{FORMAT_NAMES[fmt]}: {kind}{what}"}),
        id=ids.Export.item(chart, fmt),
        disabled=disabled,
        n_clicks=0,
        class_name="d-inline-block w-auto px-2 py-1 rounded",
    )


def export_menu(*, unavailable: str | None) -> html.Div:
    """The menu, its download target and its status toast.

    Parameters
    ----------
    unavailable
        Why image exports cannot run (None: they can), as
        :func:`dashboard.exports.browser.chromium_available` says.
    """
    reason = unavailable
    no_images = bool(reason)
    rows = [
        html.Div(
            [html.Span(CHART_NAMES[chart], className="small fw-semibold me-auto pe-3"),
             *[_item(chart, fmt, disabled=no_images and fmt in IMAGE_FORMATS) for fmt in FORMATS]],
            className="d-flex align-items-center px-3",
        )
        for chart in CHARTS
    ]
    # The listed jobs: every posting behind the view, not just the page shown (data only).
    rows.append(html.Div(
        [html.Span(ENTRY_NAMES[JOBS_LIST], className="small fw-semibold me-auto pe-3"),
         *[_item(JOBS_LIST, fmt, disabled=False) for fmt in DATA_FORMATS]],
        className="d-flex align-items-center px-3"))
    # Advertised pay (issue 18): every country, currency and period (data only).
    rows.append(html.Div(
        [html.Span(ENTRY_NAMES[ADVERTISED_PAY], className="small fw-semibold me-auto pe-3"),
         *[_item(ADVERTISED_PAY, fmt, disabled=False) for fmt in DATA_FORMATS]],
        className="d-flex align-items-center px-3"))
    # Where to go next (issue 14): every related occupation, with what the person's ticked skills cover.
    rows.append(html.Div(
        [html.Span(ENTRY_NAMES[RELATED], className="small fw-semibold me-auto pe-3"),
         *[_item(RELATED, fmt, disabled=False) for fmt in DATA_FORMATS]],
        className="d-flex align-items-center px-3"))
    # The lists beside the map of an ISCO group, a skill or all occupations (issue 15; data only).
    rows.append(html.Div(
        [html.Span(ENTRY_NAMES[PANEL], className="small fw-semibold me-auto pe-3"),
         *[_item(PANEL, fmt, disabled=False) for fmt in DATA_FORMATS]],
        className="d-flex align-items-center px-3"))
    children = [
        dbc.DropdownMenuItem("Report (PDF): cover page, top countries and every chart",
                             id=ids.Export.item("report", "pdf"), disabled=no_images, n_clicks=0),
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem("Charts (PNG, SVG, PDF), their data and the listed jobs (CSV, XLSX)", header=True),
        *rows,
        dbc.DropdownMenuItem(divider=True),
        html.Div(MENU_NOTES["occupation"], id=ids.Export.SUBJECT_NOTE, className="small text-muted px-3",
                 role="note", style={"whiteSpace": "normal", "maxWidth": "26rem"}),
    ]
    if reason:
        children += [
            dbc.DropdownMenuItem(divider=True),
            html.Div(reason, id=ids.Export.UNAVAILABLE, className="small text-danger px-3", role="note",
                     style={"whiteSpace": "normal"}),
        ]
    return html.Div(
        [
            dbc.DropdownMenu(children, id=ids.Export.MENU, label="Export", color="primary", size="sm",
                             align_end=True, style={"minWidth": "0"}),
            # The spinner shows while the server renders the file.
            dcc.Loading(dcc.Download(id=ids.Export.DOWNLOAD), type="circle", parent_style={"width": "1.5rem"}),
            # What each subject kind can export and the menu's note for it; image entries stay
            # greyed out without Chromium whatever the subject.
            dcc.Store(id=ids.Export.APPLIES, data={"applies": {c: list(k) for c, k in APPLIES_TO.items()},
                                                   "notes": MENU_NOTES, "no_images": no_images,
                                                   "image_formats": list(IMAGE_FORMATS)}),
            dbc.Toast(id=ids.Export.STATUS, header="Export", is_open=False, dismissable=True, duration=12000,
                      icon="danger", style={"position": "fixed", "top": "4rem", "right": "1rem", "zIndex": 1080,
                                            "maxWidth": "28rem"}),
        ],
        className="d-flex align-items-center gap-2",
    )
