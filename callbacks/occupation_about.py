"""The "About the occupation" panel for the view's occupation (rendered by callbacks/view.py)."""
from __future__ import annotations

from dash import no_update

from callbacks.context import current_cube
from dashboard.reading.occupation_about import occupation_about_in
from layouts import ids
from layouts.occupation_about import occupation_about_body

#: The outputs :func:`show_about` fills, in order.
OUTPUTS = ((ids.OccupationAbout.BODY, "children"),)


def show_about(uri) -> tuple:
    """The values of :data:`OUTPUTS` for an occupation URI (``no_update`` for anything else)."""
    cube = current_cube()
    if not isinstance(uri, str) or uri not in cube.occupation_index:
        return (no_update,) * len(OUTPUTS)
    return (occupation_about_body(occupation_about_in(cube, uri)),)
