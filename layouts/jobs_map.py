"""The map card: the headline, the map and its Table tab (callbacks/jobs_map.py fills them).

The map's geometry is sent once, with the page (:func:`map_card`); later views patch its data.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import figures, paths
from dashboard.reading import queries
from dashboard.reading.cube import Cube
from layouts import ids
from layouts.charts import graph_config
from layouts.map_table import MAP_TABLE_TAB, table_stores, table_tab_body
from dashboard.view import occupation_label, period_text

MAP_HEIGHT = "390px"
#: Where the app serves data/geo/countries.geojson. The map's traces reference the geometry by
#: URL: the browser fetches it once and caches it, and the page's JSON stays small.
COUNTRIES_GEOJSON_ROUTE = "/geo/countries.geojson"


def map_graph_config(*, filename: str, topojson_url: str = paths.TOPOJSON_ROUTE) -> dict:
    """The map's config: scroll-wheel zoom and the local topology."""
    return graph_config(filename=filename, topojson_url=topojson_url, scroll_zoom=True)


def headline_figure(label: str, component_id: str, value: str, *, label_id: str) -> html.Div:
    return html.Div(
        [html.Span(value, id=component_id, className="fs-4 fw-bold lh-1 me-1"),
         html.Span(label, id=label_id, className="small text-muted")],
        className="ms-3 text-nowrap",
    )


def map_card(cube: Cube, view: dict, *, filename: str) -> dbc.Card:
    by_country = queries.jobs_by_country(cube, view.occupation, start=view.start, end=view.end) \
        if view.occupation else None
    countries = cube.countries
    if by_country is None:
        by_country = countries.assign(jobs=0, per_million=float("nan"), share=float("nan"), has_data=False,
                                      rank=float("nan"))
    figure = figures.jobs_map_figure(by_country, geojson=COUNTRIES_GEOJSON_ROUTE, measure=view.measure,
                                     countries=countries, frame=queries.map_frame(cube))
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(html.H2(occupation_label(cube, view.occupation), id=ids.Headline.OCCUPATION,
                                        className="h5 mb-0")),
                        dbc.Col(
                            html.Div(
                                [headline_figure("jobs", ids.Headline.JOBS, "…", label_id=ids.Headline.JOBS_LABEL),
                                 headline_figure("countries with jobs", ids.Headline.COUNTRIES, "…",
                                                 label_id=ids.Headline.COUNTRIES_LABEL)],
                                className="d-flex align-items-end",
                                **{"aria-live": "polite"},
                            ),
                            width="auto",
                        ),
                    ],
                    class_name="g-2 align-items-end",
                ),
                html.Div([html.Span(id=ids.Headline.DETAIL), " · ",
                          html.Span(period_text(view.start, view.end), id=ids.Headline.PERIOD)],
                         className="small text-muted mb-1"),
                dbc.Tabs(
                    [
                        dbc.Tab(
                            [
                                dcc.Graph(id=ids.Map.GRAPH, figure=figure, config=map_graph_config(filename=filename),
                                          style={"height": MAP_HEIGHT}, clear_on_unhover=True),
                                # Under the map only: the Table tab has its own way of working.
                                html.Div("Scroll or pinch to zoom, drag to pan, double-click to reset. Click a country "
                                         "for its skills; grey = no postings data.", className="small text-muted mt-1"),
                                # The Pay measure's currency, period and share (callbacks/jobs_map.py).
                                html.Div(id=ids.Map.PAY_NOTE, className="small text-muted", **{"aria-live": "polite"}),
                            ],
                            label="Map", tab_id="map",
                        ),
                        dbc.Tab(table_tab_body(height=MAP_HEIGHT), label="Table", tab_id=MAP_TABLE_TAB),
                    ],
                    id=ids.Map.TABS,
                    active_tab="map",
                ),
                *table_stores(),
            ],
            class_name="py-2",
        ),
        class_name="h-100",
    )
