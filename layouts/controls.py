"""The page's header (title, demo badge, share link, export menu) and its controls (occupation
picker, period slider, measure radio, ISCO browser); composed by layouts/page.py."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import figures
from dashboard.reading.cube import Cube
from dashboard.view import View, month_label, period_text
from layouts import ids
from layouts.export_menu import export_menu
from layouts.occupation_picker import isco_browser, occupation_picker
from layouts.share_link import share_link

#: Short names of the map measures for the segmented control (the legend gives the long ones).
MEASURE_LABELS = {"jobs": "Jobs", "per_million": "Per million", "share": "Share",
                  "location_quotient": "Location quotient", "pay": "Pay", "green": "Green skills",
                  "digital": "Digital skills"}



def header(cube: Cube, *, exports_unavailable: str | None) -> html.Header:
    banner = None
    if cube.is_demo:
        banner = dbc.Badge("Demo data — generated, not real postings", id=ids.Page.DEMO_BANNER, color="warning",
                           text_color="dark", class_name="fs-6 fw-semibold ms-2")
    return html.Header(
        dbc.Row(
            [
                dbc.Col(html.H1("Job Atlas", className="h4 m-0"), width="auto"),
                dbc.Col(banner, width="auto"),
                dbc.Col(html.Span("Where are the jobs, and which skills do employers ask for?",
                                  className="text-muted small"), class_name="d-none d-xxl-block"),
                dbc.Col(share_link(), width="auto", class_name="ms-auto"),
                dbc.Col(html.Div(export_menu(unavailable=exports_unavailable), id=ids.Export.SLOT), width="auto"),
                dbc.Col(html.A("About the data", href="#" + ids.AboutData.CARD, id=ids.Page.ABOUT_LINK, className="small"),
                        width="auto"),
            ],
            align="center",
            class_name="g-2 py-2",
        )
    )


def period_mark_indices(n: int, *, most: int = 5) -> list[int]:
    """Slider positions that get a month label: evenly spaced back from the last month, so
    the newest is always labelled and no two labels overlap (at most ``most``)."""
    if n <= 0:
        return []
    step = max(1, -(-(n - 1) // (most - 1))) if n > most else 1
    indices = list(range(n - 1, -1, -step))
    if indices[-1] != 0 and indices[-1] >= 0.75 * step:
        indices.append(0)
    return sorted(indices)


def controls(cube: Cube, view: View) -> dbc.Card:
    """The controls card: occupation picker, period slider, measure radio, ISCO browser."""
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(occupation_picker(cube, view.occupation), lg=4),
                        dbc.Col(period_control(cube, view), lg=4),
                        dbc.Col(measure_control(view), lg=4),
                    ],
                    class_name="g-3",
                ),
                isco_browser(cube),
            ],
            class_name="py-2",
        ),
        class_name="mb-2",
    )


def period_control(cube: Cube, view: View) -> list:
    """The period label and the month range slider (hidden when the data has no months)."""
    months = cube.months
    n = len(months)
    marks = {i: month_label(months[i]).replace(" ", "\u00a0") for i in period_mark_indices(n)}
    start = months.index(view.start) if view.start in months else 0
    end = months.index(view.end) if view.end in months else max(n - 1, 0)
    return [
        html.Div([html.Span("Period", className="form-label fw-semibold mb-0 me-2"),
                  html.Span(period_text(view.start, view.end), id=ids.Controls.PERIOD_LABEL,
                            className="small text-muted")]),
        # Undated data (counts files with no period, issue 16): no slider
        # with a made-up month; the label says the data carries none.
        html.Div(dcc.RangeSlider(id=ids.Controls.PERIOD_SLIDER, min=0, max=max(n - 1, 0), step=1,
                                 value=[start, end], marks=marks, allowCross=False,
                                 disabled=n < 2, updatemode="mouseup",
                                 # Dash 4's number boxes would show month
                                 # indices (0-23), not months: off.
                                 allow_direct_input=False),
                 hidden=n == 0),
    ]


def measure_control(view: View) -> list:
    """The measure the map is coloured by, as a segmented radio group."""
    return [
        html.Div("Colour the map by", className="form-label fw-semibold mb-0"),
        html.Div(
            dbc.RadioItems(
                id=ids.Controls.MEASURE_RADIO,
                options=[{"label": MEASURE_LABELS[m], "value": m} for m in figures.MEASURES],
                value=view.measure,
                # Radio inputs styled as a segmented button: keyboard and
                # screen readers still see one radio group.
                class_name="btn-group flex-wrap",
                input_class_name="btn-check",
                label_class_name="btn btn-outline-primary btn-sm",
                label_checked_class_name="active",
            ),
            className="radio-group",
        ),
    ]
