"""The "About the occupation" card for the view's occupation (rendered by callbacks/view.py).

Its broader and narrower occupations open on a click handled in the browser
(``assets/occupation_about.js``): it sets the URL's ``occupation`` and keeps the other
parameters (country, period, measure, skills), and the view callback opens the occupation as it
opens any link: one request a click.
"""
from __future__ import annotations

from dash import ALL, ClientsideFunction, Input, Output, State

from callbacks.context import current_cube
from callbacks.outputs import changed, unchanged
from callbacks.registry import clientside_callback
from dashboard.reading.occupation_about import occupation_about_in
from dashboard.view import View
from layouts import ids
from layouts.occupation_about import occupation_about_body

#: The outputs :func:`render` fills, by name.
OUTPUTS = {"body": (ids.OccupationAbout.BODY, "children")}


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The card's outputs after the view changed from ``previous`` to ``view``."""
    return show_about(view.occupation) if changed(previous, view, ("occupation",)) else unchanged(OUTPUTS)


def show_about(uri) -> dict:
    """The values of :data:`OUTPUTS` for an occupation URI (``no_update`` for anything else)."""
    cube = current_cube()
    if not isinstance(uri, str) or uri not in cube.occupation_index:
        return unchanged(OUTPUTS)
    return {"body": occupation_about_body(occupation_about_in(cube, uri))}


clientside_callback(
    ClientsideFunction(namespace="jobAtlasOccupationHierarchy", function_name="open"),
    Output(ids.Page.URL, "search", allow_duplicate=True),
    Input(ids.OccupationAbout.hierarchy_link(ALL), "n_clicks"),
    State(ids.Page.URL, "search"),
    prevent_initial_call=True,
)
