"""The page: a function of the settings, called on every page load (no data read at import)."""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import figures, geo, paths
from dashboard.settings import Settings
from layouts import ids


def map_graph_config(*, topojson_url: str) -> dict:
    """Graph config: scroll-wheel zoom, and the base topology from our own server (offline)."""
    return {"scrollZoom": True, "displaylogo": False, "topojsonURL": topojson_url}


def serve_layout(settings: Settings) -> dbc.Container:
    countries = geo.load_countries()
    figure = figures.jobs_map_figure(
        countries.assign(population_m=countries["population"] / 1e6),
        geojson=geo.load_geojson(),
        value_column="population_m",
        value_label="Population (millions)",
    )
    return dbc.Container(
        [
            html.H1("Job Atlas", className="h3 my-3"),
            dbc.Row(
                [
                    dbc.Col(
                        dcc.Graph(
                            id=ids.JOBS_MAP,
                            figure=figure,
                            config=map_graph_config(topojson_url=paths.TOPOJSON_ROUTE),
                            style={"height": "70vh"},
                        ),
                        md=9,
                    ),
                    dbc.Col(
                        dbc.Card(
                            dbc.CardBody(
                                [html.H2("Click a country", id=ids.COUNTRY_PANEL_TITLE, className="h5"),
                                 html.Div(id=ids.COUNTRY_PANEL)]
                            )
                        ),
                        md=3,
                    ),
                ]
            ),
        ],
        fluid=True,
    )
