"""The occupation's skill breakdown (taxonomy, not postings): four counts and the skills listed.

Rendered by the view callback (``callbacks/view.py``, :func:`render`) when the occupation
changes, or a link or Back changes the selected skills (the tick boxes show them).
"""
from __future__ import annotations

import dash_bootstrap_components as dbc

from callbacks.context import current_cube
from callbacks.outputs import changed, unchanged
from dashboard import figures
from dashboard.reading import queries
from dashboard.reading.skill_selection import skill_keys_of
from layouts import ids
from layouts.charts import chart_filenames, graph_config
from layouts.breakdown import skill_group_list
from dashboard.view import View, occupation_label


#: The outputs :func:`render` fills, by name.
OUTPUTS = {
    "figure": (ids.Breakdown.GRAPH, "figure"),
    "config": (ids.Breakdown.GRAPH, "config"),
    "lists": (ids.Breakdown.LISTS, "children"),
}


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The breakdown's outputs after the view changed from ``previous`` to ``view``. A link or Back
    changing the selection redraws the tick boxes; a tick (``ticked``) does not."""
    if changed(previous, view, ("occupation",)) or (not ticked and changed(previous, view, ("skills",))):
        return show_breakdown(view.occupation, view.skills)
    return unchanged(OUTPUTS)


# The breakdown depends on the occupation only: the view callback renders it when the
# occupation changes, so a change of country, period or measure does not resend hundreds
# of listed skills.
def show_breakdown(uri, selection=()) -> dict:
    """The values of :data:`OUTPUTS` for an occupation URI (``no_update`` for anything else),
    the skills of ``selection`` (URIs, issue 14) ticked."""
    cube = current_cube()
    if not isinstance(uri, str) or uri not in cube.occupation_index:
        return unchanged(OUTPUTS)
    breakdown = queries.skill_breakdown(cube, uri)
    counts = queries.breakdown_counts(breakdown)
    keys = skill_keys_of(cube)
    chosen = set(selection or ())
    by_group: dict[str, list[dict]] = {group: [] for group in queries.BREAKDOWN_GROUPS}
    ticked: dict[str, list[str]] = {group: [] for group in queries.BREAKDOWN_GROUPS}
    for group, skill, label, description in zip(breakdown["group"], breakdown["skill_uri"], breakdown["label"],
                                                breakdown["description"]):
        key = keys.key_of(skill)
        by_group[group].append({"label": label, "description": description, "key": key})
        if skill in chosen:
            ticked[group].append(key)
    columns = [
        dbc.Col(skill_group_list(figures.SKILL_GROUPS[group], skills, colour=figures.SKILL_GROUP_COLOURS[group],
                                 group=group, ticked=ticked[group]), md=6, xl=3)
        for group, skills in by_group.items()
    ]
    filename = chart_filenames(occupation=occupation_label(cube, uri), start=None, end=None, country=None)["breakdown"]
    return {"figure": figures.skill_breakdown_spec(counts), "config": graph_config(filename=filename),
            "lists": dbc.Row(columns, class_name="g-3")}
