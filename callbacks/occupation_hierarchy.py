"""Broader and narrower occupations in the About card: a click opens the occupation.

The click is handled in the browser (``assets/occupation_hierarchy.js``): it sets the URL's
``occupation`` and keeps the other parameters (country, period, measure, skills), and the view
callback (``callbacks/view.py``) opens the occupation as it opens any link: one request a click.
"""
from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, Output, State, clientside_callback

from layouts import ids

clientside_callback(
    ClientsideFunction(namespace="jobAtlasOccupationHierarchy", function_name="open"),
    Output(ids.Page.URL, "search", allow_duplicate=True),
    Input(ids.OccupationAbout.hierarchy_link(ALL), "n_clicks"),
    State(ids.Page.URL, "search"),
    prevent_initial_call=True,
)
