"""One place decides what the screen shows: the view store, kept in sync with the URL and controls.

Every control (occupation picker, country dropdown, map click, clear button, period slider,
measure radio) and the URL feed one callback that writes the ``view`` store. It is one
callback because Dash only allows a circular dependency (URL -> controls -> URL) inside a
single callback, and the same callback renders what the new view changes (map and
headline, country panel, skill breakdown): one request per interaction instead of four
(issue 6: request overhead was most of an interaction's server time), and a part whose
inputs did not change is not recomputed (``no_update``).

The answer is a dict keyed by feature and output name (issue 13): :data:`FEATURES` lists the
modules, each renders its part from (previous view, view) in its own ``render``.
"""
from __future__ import annotations

import dataclasses
import math
from typing import NamedTuple

from dash import ALL, Input, Output, State, ctx, no_update

from callbacks import (available_jobs, breakdown, country_panel, jobs_map, occupation_about, related, skill_selection,
                       subject)
from callbacks.context import current_cube
from callbacks.occupation_picker import picker_options, subject_of_value, subject_value
from callbacks.outputs import dash_outputs, unchanged
from callbacks.registry import callback
from dashboard.reading.cube import Cube
from dashboard.figures import MEASURES
from dashboard.reading.subject_view import Subject
from dashboard.view import View
from layouts import ids


def clicked_country(click_data: object) -> str | None:
    """ISO3 of the country a map click landed on, or None."""
    points = click_data.get("points") if isinstance(click_data, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    location = point.get("location") if isinstance(point, dict) else None
    return location if isinstance(location, str) else None


def picked_occupation(cube: Cube, value: object) -> str | None:
    """The occupation URI the picker's value names, or None.

    The picker's values are short option keys (``OccupationIndex.option_key``, issue 6). A URI is
    accepted too: a page loaded before the keys were introduced still holds URI values.
    """
    uri = cube.occupation_index.uri_of_option_key(value)
    if uri is None and isinstance(value, str) and value in cube.occupation_index:
        uri = value
    return uri


def picker_value(cube: Cube, uri: str | None) -> str | None:
    """The picker's value for an occupation URI (its option key)."""
    return cube.occupation_index.option_key(uri) if uri else None


def next_view(cube: Cube, current: View, *, trigger: str, value) -> View:
    """The view after one control changed to ``value``. Invalid values leave the view as it was."""
    if trigger == ids.OccupationPicker.DROPDOWN:
        picked = subject_of_value(cube, value)  # issue 15: an ISCO group, a skill, all occupations
        uri = picked_occupation(cube, value)
        if picked is not None:
            return current.with_subject(picked)
        return current.with_subject(Subject("occupation", uri)) if uri is not None else current
    if trigger == ids.CountryPanel.DROPDOWN:
        return dataclasses.replace(current, country=value if isinstance(value, str) and value in cube.country_set
                                   else None)
    if trigger == ids.Map.GRAPH:
        iso3 = clicked_country(value)
        if iso3 is None:
            return current
        # Clicking the selected country again returns to all countries (issue 4).
        return dataclasses.replace(current, country=None if iso3 == current.country else iso3)
    if trigger == ids.CountryPanel.CLEAR:
        return dataclasses.replace(current, country=None)
    if trigger == ids.Controls.PERIOD_SLIDER:
        months = cube.months
        if (isinstance(value, (list, tuple)) and len(value) == 2 and months
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)):
            first, last = sorted(max(0, min(int(v), len(months) - 1)) for v in value)
            return dataclasses.replace(current, start=months[first], end=months[last])
        return current
    if trigger == ids.Controls.MEASURE_RADIO:
        return dataclasses.replace(current, measure=value) if isinstance(value, str) and value in MEASURES else current
    if trigger == ids.SkillSelection.TICKS:
        # Skills selected (issue 14).
        return dataclasses.replace(current, skills=tuple(skill_selection.selection_after_ticks(cube, current, value)))
    return current


def view_after(cube: Cube, trigger: str | None, *, search: str, current: View | None, value
               ) -> tuple[View, list[str]]:
    """The view an interaction leads to, and the notices of a link's bad parameters: a link (or a
    store naming no occupation yet) is read from ``search``; any other trigger changes the current
    view by one control's ``value``."""
    if trigger == ids.Page.URL or current is None:
        return View.from_query(cube, search)
    return next_view(cube, current, trigger=trigger, value=value), []


def slider_value(cube: Cube, view: View) -> list[int]:
    months = cube.months
    if not months:
        return [0, 0]
    index = {m: i for i, m in enumerate(months)}
    return [index.get(view.start, 0), index.get(view.end, len(months) - 1)]


#: What each rendered part depends on: it is rendered again only when one of these changed.


#: The features the view callback renders, by name: each module's ``OUTPUTS`` and ``render``
#: (callbacks/outputs.py). The answer is keyed by these names, then by output name.
FEATURES = {
    "map": jobs_map,
    "country_panel": country_panel,
    "breakdown": breakdown,
    "occupation_about": occupation_about,
    "skill_selection": skill_selection,
    "subject": subject,
    # The first page of the list; callbacks/available_jobs.py pages through it.
    "available_jobs": available_jobs,
    # Where to go next (issue 14).
    "related": related,
}

#: The view callback's own outputs: the store, the URL and the controls brought in line with the
#: view, and the notice about a link that could not be shown (:func:`sync_view`).
VIEW_OUTPUTS = {
    "store": (ids.ViewStore.STORE, "data"),
    "search": (ids.Page.URL, "search"),
    "picker_value": (ids.OccupationPicker.DROPDOWN, "value"),
    "picker_options": (ids.OccupationPicker.DROPDOWN, "options"),  # the picker's callback writes them too
    "country": (ids.CountryPanel.DROPDOWN, "value"),
    "period": (ids.Controls.PERIOD_SLIDER, "value"),
    "measure": (ids.Controls.MEASURE_RADIO, "value"),
    "notice": (ids.Page.URL_NOTICE, "children"),
    "notice_open": (ids.Page.URL_NOTICE, "is_open"),
}


def output_spec() -> dict:
    """The view callback's outputs as Dash ``Output`` objects: ``{"view": ..., feature: ...}``."""
    view = dash_outputs(VIEW_OUTPUTS)
    view["picker_options"] = Output(*VIEW_OUTPUTS["picker_options"], allow_duplicate=True)
    return {"view": view, **{name: dash_outputs(module.OUTPUTS, allow_duplicate=getattr(module, "SHARED_OUTPUTS", False))
                             for name, module in FEATURES.items()}}


def render_changes(previous: View | None, view: View | None, *, ticked: bool = False) -> dict:
    """Every feature's outputs for a view change, by feature and output name (``no_update`` where
    the part's inputs are unchanged). ``previous`` is None when nothing was rendered yet;
    ``ticked``: the selection changed by the tick boxes themselves (no need to redraw them)."""
    if not view:
        return {name: unchanged(module.OUTPUTS) for name, module in FEATURES.items()}
    return {name: module.render(previous, view, ticked=ticked) for name, module in FEATURES.items()}


@callback(
    output=output_spec(),
    # Named inputs (Dash's flexible signatures): the function is called with these keywords.
    inputs=dict(
        search=Input(ids.Page.URL, "search"),
        occupation=Input(ids.OccupationPicker.DROPDOWN, "value"),
        country=Input(ids.CountryPanel.DROPDOWN, "value"),
        click_data=Input(ids.Map.GRAPH, "clickData"),
        clear_clicks=Input(ids.CountryPanel.CLEAR, "n_clicks"),
        period=Input(ids.Controls.PERIOD_SLIDER, "value"),
        measure=Input(ids.Controls.MEASURE_RADIO, "value"),
        ticks=Input(ids.SkillSelection.ticks(ALL), "value"),
        current=State(ids.ViewStore.STORE, "data"),
    ),
    # The URL arrives when dcc.Location mounts; that first call restores a deep link.
    prevent_initial_call=True,
)
def update_view(search, occupation, country, click_data, clear_clicks, period, measure, ticks, current):
    """Parse the trigger, compute the next view, bring URL and controls in line with it, and
    render what changed: ``{"view": {...}, "map": {...}, "country_panel": {...}, ...}``."""
    cube = current_cube()
    trigger = ctx.triggered_id
    ticked = skill_selection.is_ticks_trigger(trigger)
    synced = sync_view(cube, ids.SkillSelection.TICKS if ticked else trigger, search=search, occupation=occupation,
                       country=country, click_data=click_data, clear_clicks=clear_clicks, period=period,
                       measure=measure, current=current, ticks=ticks)
    return answer(synced, ticked=ticked)


class SyncedView(NamedTuple):
    """What :func:`sync_view` decided: the values of :data:`VIEW_OUTPUTS` and the two Views
    (before and after the interaction), so :func:`answer` renders without reading the store again."""
    outputs: dict
    previous: View
    view: View


def answer(synced: SyncedView, *, ticked: bool) -> dict:
    """The whole answer: the synced store, URL and controls, and every feature's part."""
    if synced.outputs["store"] is no_update:
        return {"view": synced.outputs, **render_changes(None, None)}
    return {"view": synced.outputs, **render_changes(synced.previous, synced.view, ticked=ticked)}


def sync_view(cube: Cube, trigger: str | None, *, search, occupation, country, click_data, clear_clicks, period,
              measure, current, ticks=None) -> SyncedView:
    """The values of :data:`VIEW_OUTPUTS` (store, URL search, picker value and options, country,
    period, measure, notice text, notice open), ``no_update`` where nothing changes, with the
    previous and the new View.
    ``occupation`` is the picker's value: an option key, not a URI."""
    notice, notice_open = no_update, no_update
    search = search if isinstance(search, str) else ""
    current = View.from_store(cube, current)
    value = {ids.OccupationPicker.DROPDOWN: occupation, ids.CountryPanel.DROPDOWN: country, ids.Map.GRAPH: click_data,
             ids.CountryPanel.CLEAR: clear_clicks, ids.Controls.PERIOD_SLIDER: period, ids.Controls.MEASURE_RADIO: measure,
             ids.SkillSelection.TICKS: ticks}.get(trigger)
    view, problems = view_after(cube, trigger, search=search, current=current,
                                value=value)
    if problems:
        notice, notice_open = " ".join(problems), True
    elif (trigger == ids.Page.URL or not current) and view != current:
        # A new valid link replaces an old notice; the URL's own echo keeps it.
        notice, notice_open = "", False

    query = view.to_query(cube)
    # The dropdown holds the occupation's option key (or a subject's value, issue 15); the view,
    # URL and store hold its URI.
    subject_key = subject_value(view.subject)
    key = subject_key or picker_value(cube, view.occupation)
    occupation_changed = key != occupation
    options = no_update
    if occupation_changed:
        # Value and options in one response: the dropdown drops a value missing from its options.
        options, _ = picker_options(cube, query="", group=None, selected=key)
    slider = slider_value(cube, view)
    period = period if isinstance(period, list) else []
    return SyncedView({
        "store": view.to_store() if view != current else no_update,
        "search": query if query != (search or "") else no_update,
        "picker_value": key if occupation_changed else no_update,
        "picker_options": options,
        "country": view.country if view.country != country else no_update,
        "period": slider if slider != period else no_update,
        "measure": view.measure if view.measure != measure else no_update,
        "notice": notice,
        "notice_open": notice_open,
    }, current, view)
