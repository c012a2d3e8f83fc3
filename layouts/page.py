"""The page: a function of the settings, called on every page load (no data read at import).

It composes the features' layouts (layouts/<feature>.py, each filled by callbacks/<feature>.py);
the header and the controls (picker, period, measure) are in layouts/controls.py.

Layout at 1280x800: header and controls on top; the map (with its table alternative) on the
left and the country panel on the right fill the first screen; the occupation's skill
breakdown and "About the data" follow below.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.errors import CubeNotFound
from dashboard.reading.cube import Cube
from dashboard.settings import Settings
from layouts import ids
from layouts.about_data import about_card
from layouts.available_jobs import available_jobs_card
from layouts.breakdown import breakdown_card
from layouts.charts import chart_filenames
from layouts.controls import controls, header
from layouts.country_panel import country_card
from layouts.jobs_map import map_card
from layouts.occupation_about import occupation_about_card
from layouts.related import related_card
from dashboard.view import View, occupation_label


def serve_layout(settings: Settings, *, exports_unavailable: str | None) -> dbc.Container:
    """The whole page for the cube in ``settings.data_dir`` (an error page when there is none).

    ``exports_unavailable``: why image exports cannot run (None: they can); the app's wiring
    checks Chromium, a layout never does.
    """
    try:
        cube = Cube.open(settings.data_dir)
    except CubeNotFound as error:
        return dbc.Container(
            [html.H1("Job Atlas", className="h3 my-3"), dbc.Alert(str(error), color="danger")], fluid=True
        )
    # The first page load of a process starts loading what interactions need (skill demand in
    # memory); gunicorn workers have done it before serving (gunicorn.conf.py post_worker_init).
    cube.warm_in_background()
    view = View.default(cube)
    label = occupation_label(cube, view.occupation)
    names = chart_filenames(occupation=label, start=view.start, end=view.end, country=None)
    return dbc.Container(
        [
            dcc.Location(id=ids.Page.URL, refresh=False),
            dcc.Store(id=ids.ViewStore.STORE, storage_type="memory"),
            header(cube, exports_unavailable=exports_unavailable),
            dbc.Alert(id=ids.Page.URL_NOTICE, is_open=False, color="info", dismissable=True, class_name="py-2 mb-2"),
            controls(cube, view),
            dbc.Row(
                [
                    dbc.Col(map_card(cube, view, filename=names["map"]), lg=7, class_name="mb-3"),
                    dbc.Col(country_card(cube, skills_filename=names["skills"], trend_filename=names["trend"]),
                            lg=5, class_name="mb-3"),
                ],
                class_name="g-3",
            ),
            # Issue 15: hidden while the view is about an ISCO group, a skill or all occupations.
            html.Div([available_jobs_card(), occupation_about_card(), breakdown_card(filename=names["breakdown"]),
                      related_card()],
                     id=ids.Subject.OCCUPATION_SECTION),
            about_card(cube),
        ],
        fluid=True,
        class_name="px-3 pb-4",
    )
