"""Skills selected (issue 14, point 2): tick boxes in the breakdown, a summary above them.

The selection lives in the view (``view.skills``, URIs) and the URL (``skills=``); the view
callback (``callbacks/view.py``) turns ticks into the selection (:func:`selection_after_ticks`)
and renders the summary (:func:`show_selection`) in the same request. "Select all" and "Clear"
set a group's tick boxes in the browser (``assets/skill_selection.js``); the view callback then
sees the ticks change like any click.
"""
from __future__ import annotations

from dash import MATCH, ClientsideFunction, Input, Output, State

from callbacks.registry import clientside_callback
from callbacks.context import current_cube
from callbacks.outputs import changed, unchanged
from dashboard import geo
from dashboard.reading import queries
from dashboard.reading.cube import Cube
from dashboard.reading.skill_selection import selection_summary, skill_keys_of, skills_to_learn, ticked
from layouts import ids
from layouts.skill_selection import selection_summary_body
from dashboard.view import View, period_text

#: The outputs :func:`render` fills, by name.
OUTPUTS = {"summary": (ids.SkillSelection.SUMMARY, "children")}
#: The summary holds "skills to learn next", ranked by demand in the country and period.
KEYS = ("occupation", "skills", "country", "start", "end")


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The summary's outputs after the view changed from ``previous`` to ``view``."""
    return show_selection(view) if changed(previous, view, KEYS) else unchanged(OUTPUTS)


def is_ticks_trigger(trigger: object) -> bool:
    """True when the view callback was triggered by a group's tick boxes."""
    return isinstance(trigger, dict) and trigger.get("type") == ids.SkillSelection.TICKS


def selection_after_ticks(cube: Cube, view: View, ticks: object) -> list[str]:
    """The view's selection after the tick boxes (one list of keys per group) changed."""
    uri = view.occupation
    occupation_skills = [s for s, *_ in cube.skill_links.get(uri, [])] if isinstance(uri, str) else []
    keys = skill_keys_of(cube)
    values = []
    for group in ticks if isinstance(ticks, list) else []:
        for key in group if isinstance(group, list) else []:
            if isinstance(key, str) and (skill := keys.uri_of(key)) is not None:
                values.append(skill)
    return ticked(list(view.skills), occupation_skills, values)


def show_selection(view) -> dict:
    """The values of :data:`OUTPUTS` for a view (``no_update`` without an occupation)."""
    cube = current_cube()
    uri = view.occupation if view is not None else None
    if not isinstance(uri, str) or uri not in cube.occupation_index:
        return unchanged(OUTPUTS)
    selection = list(view.skills)
    header, lines, elsewhere = selection_summary(queries.skill_breakdown(cube, uri), selection)
    iso3 = view.country
    top = queries.top_skills(cube, uri, iso3=iso3, start=view.start, end=view.end, limit=60)
    where = geo.country_name(iso3, default=iso3) if iso3 else "all countries"
    start, end = view.start, view.end
    scope = f"{where}, {period_text(start, end)}" if start and end else where  # undated data: no period
    return {"summary": selection_summary_body(header, lines, elsewhere, to_learn=skills_to_learn(top, selection),
                                              scope=scope, demand=bool(len(top)))}


clientside_callback(
    ClientsideFunction(namespace="jobAtlasSkillSelection", function_name="group"),
    Output(ids.SkillSelection.ticks(MATCH), "value"),
    Input(ids.SkillSelection.select_all(MATCH), "n_clicks"),
    Input(ids.SkillSelection.clear(MATCH), "n_clicks"),
    State(ids.SkillSelection.ticks(MATCH), "options"),
    prevent_initial_call=True,
)
