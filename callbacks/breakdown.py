"""The occupation's skill breakdown (taxonomy, not postings): four counts and the skills listed."""
from __future__ import annotations

from dash import Input, Output, callback, no_update
import dash_bootstrap_components as dbc

from callbacks.context import current_cube
from dashboard import figures, queries
from layouts import ids
from layouts.page import chart_filenames, graph_config, skill_list
from layouts.view_state import occupation_label


# The breakdown depends on the occupation only: it follows the picker's value, so a change
# of country, period or measure does not resend hundreds of listed skills.
@callback(
    Output(ids.BREAKDOWN_GRAPH, "figure"),
    Output(ids.BREAKDOWN_GRAPH, "config"),
    Output(ids.BREAKDOWN_LISTS, "children"),
    Input(ids.OCCUPATION_DROPDOWN, "value"),
)
def show_breakdown(uri):
    cube = current_cube()
    if not isinstance(uri, str) or uri not in cube.occupation_index:
        return no_update, no_update, no_update
    breakdown = queries.skill_breakdown(cube, uri)
    counts = queries.breakdown_counts(breakdown)
    columns = [
        dbc.Col(
            skill_list(figures.SKILL_GROUPS[group],
                       breakdown.loc[breakdown["group"] == group, ["label", "description"]].to_dict("records"),
                       colour=figures.SKILL_GROUP_COLOURS[group]),
            md=6, xl=3,
        )
        for group in queries.BREAKDOWN_GROUPS
    ]
    filename = chart_filenames(occupation=occupation_label(cube, uri), start=None, end=None, country=None)["breakdown"]
    return figures.skill_breakdown_figure(counts), graph_config(filename=filename), dbc.Row(columns, class_name="g-3")
