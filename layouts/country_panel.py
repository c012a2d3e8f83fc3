"""The country panel: the selected country's (or all countries') figures, pay, skills and trend.

callbacks/country_panel.py fills it for every view.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import figures
from dashboard.reading.cube import Cube
from layouts import ids
from layouts.charts import graph_config


def country_card(cube: Cube, *, skills_filename: str, trend_filename: str) -> dbc.Card:
    countries = cube.countries.sort_values("name")
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("All countries", id=ids.CountryPanel.TITLE, className="h5 mb-1"),
                dbc.Row(
                    [
                        dbc.Col(
                            [html.Label("Country", htmlFor=ids.CountryPanel.DROPDOWN, className="visually-hidden"),
                             dcc.Dropdown(id=ids.CountryPanel.DROPDOWN,
                                          options=[{"label": r.name, "value": r.iso3}
                                                   for r in countries.itertuples(index=False)],
                                          value=None, placeholder="All countries: pick one or click the map",
                                          clearable=True)],
                        ),
                        dbc.Col(dbc.Button("All countries", id=ids.CountryPanel.CLEAR, color="secondary", outline=True,
                                           size="sm", n_clicks=0), width="auto"),
                    ],
                    class_name="g-2 align-items-center mb-2",
                ),
                html.Div(id=ids.CountryPanel.STATS, className="small mb-1", role="status", **{"aria-live": "polite"}),
                html.Div(id=ids.CountryPanel.PAY, className="small mb-1"),
                html.Div(
                    [
                        html.Div(dcc.Graph(id=ids.Skills.GRAPH, figure=figures.empty_figure("Loading…"),
                                           config=graph_config(filename=skills_filename), style={"height": "330px"}),
                                 id=ids.Skills.GRAPH_BOX),
                        # Without skill mentions (e.g. counts data): one line and the ESCO profile
                        # instead of an empty chart (issue 16).
                        html.Div(id=ids.Skills.PROFILE),
                        # A trend needs two months at least (issue 16: no one-point trend).
                        html.Div(dcc.Graph(id=ids.CountryPanel.TREND_GRAPH, figure=figures.empty_figure("Loading…"),
                                           config=graph_config(filename=trend_filename), style={"height": "170px"}),
                                 hidden=not cube.has_trend),
                    ],
                    id=ids.CountryPanel.PANEL,
                ),
            ],
            class_name="py-2",
        ),
        class_name="h-100",
    )
