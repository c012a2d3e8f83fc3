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

import math

from dash import ALL, Input, Output, State, ctx, no_update

from callbacks import available_jobs, breakdown, country_panel, jobs_map, occupation_about, skill_selection, subject
from callbacks.context import current_cube
from callbacks.occupation_picker import picker_options, subject_of_value, subject_value
from callbacks.outputs import dash_outputs, unchanged
from callbacks.registry import callback
from dashboard.reading.cube import Cube
from dashboard.figures import MEASURES
from dashboard.reading.subject_view import Subject, subject_of
from layouts import ids
from layouts.subject_state import with_subject
from layouts.view_state import clean_view, view_from_query, view_to_query


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


def next_view(cube: Cube, current: dict, *, trigger: str, value) -> dict:
    """The view after one control changed to ``value``. Invalid values leave the view as it was."""
    view = dict(current)
    if trigger == ids.OccupationPicker.DROPDOWN:
        picked = subject_of_value(cube, value)  # issue 15: an ISCO group, a skill, all occupations
        uri = picked_occupation(cube, value)
        if picked is not None:
            view = with_subject(view, picked)
        elif uri is not None:
            view = with_subject(view, Subject("occupation", uri))
    elif trigger == ids.CountryPanel.DROPDOWN:
        view["country"] = value if isinstance(value, str) and value in cube.country_set else None
    elif trigger == ids.Map.GRAPH:
        iso3 = clicked_country(value)
        if iso3 is not None:
            # Clicking the selected country again returns to all countries (issue 4).
            view["country"] = None if iso3 == current.get("country") else iso3
    elif trigger == ids.CountryPanel.CLEAR:
        view["country"] = None
    elif trigger == ids.Controls.PERIOD_SLIDER:
        months = cube.months
        if (isinstance(value, (list, tuple)) and len(value) == 2 and months
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in value)):
            first, last = sorted(max(0, min(int(v), len(months) - 1)) for v in value)
            view["start"], view["end"] = months[first], months[last]
    elif trigger == ids.Controls.MEASURE_RADIO:
        if isinstance(value, str) and value in MEASURES:
            view["measure"] = value
    elif trigger == ids.SkillSelection.TICKS:
        # Skills selected (issue 14): the key is present only when some are.
        view.pop("skills", None)
        if skills := skill_selection.selection_after_ticks(cube, current, value):
            view["skills"] = skills
    return view


def slider_value(cube: Cube, view: dict) -> list[int]:
    months = cube.months
    if not months:
        return [0, 0]
    index = {m: i for i, m in enumerate(months)}
    return [index.get(view.get("start"), 0), index.get(view.get("end"), len(months) - 1)]


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


def render_changes(previous: dict | None, view: dict | None, *, ticked: bool = False) -> dict:
    """Every feature's outputs for a view change, by feature and output name (``no_update`` where
    the part's inputs are unchanged). ``previous`` is None when nothing was rendered yet;
    ``ticked``: the selection changed by the tick boxes themselves (no need to redraw them)."""
    if not view:
        return {name: unchanged(module.OUTPUTS) for name, module in FEATURES.items()}
    return {name: module.render(previous, view, ticked=ticked) for name, module in FEATURES.items()}


@callback(
    output=output_spec(),
    inputs=[
        Input(ids.Page.URL, "search"),
        Input(ids.OccupationPicker.DROPDOWN, "value"),
        Input(ids.CountryPanel.DROPDOWN, "value"),
        Input(ids.Map.GRAPH, "clickData"),
        Input(ids.CountryPanel.CLEAR, "n_clicks"),
        Input(ids.Controls.PERIOD_SLIDER, "value"),
        Input(ids.Controls.MEASURE_RADIO, "value"),
        Input(ids.SkillSelection.ticks(ALL), "value"),
        State(ids.ViewStore.STORE, "data"),
    ],
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
    return answer(cube, synced, current=current, ticked=ticked)


def answer(cube: Cube, synced: dict, *, current, ticked: bool) -> dict:
    """The whole answer: the synced store, URL and controls, and every feature's part."""
    store = synced["store"]
    if store is no_update:
        return {"view": synced, **render_changes(None, None)}
    return {"view": synced, **render_changes(clean_view(cube, current), store, ticked=ticked)}


def sync_view(cube: Cube, trigger: str | None, *, search, occupation, country, click_data, clear_clicks, period,
              measure, current, ticks=None) -> dict:
    """The values of :data:`VIEW_OUTPUTS` (store, URL search, picker value and options, country,
    period, measure, notice text, notice open), ``no_update`` where nothing changes.
    ``occupation`` is the picker's value: an option key, not a URI."""
    notice, notice_open = no_update, no_update
    search = search if isinstance(search, str) else ""
    current = clean_view(cube, current)
    if trigger == ids.Page.URL or not current:
        view, problems = view_from_query(cube, search)
        if problems:
            notice, notice_open = " ".join(problems), True
        elif view != current:
            # A new valid link replaces an old notice; the URL's own echo keeps it.
            notice, notice_open = "", False
    else:
        value = {ids.OccupationPicker.DROPDOWN: occupation, ids.CountryPanel.DROPDOWN: country, ids.Map.GRAPH: click_data,
                 ids.CountryPanel.CLEAR: clear_clicks, ids.Controls.PERIOD_SLIDER: period, ids.Controls.MEASURE_RADIO: measure,
                 ids.SkillSelection.TICKS: ticks}.get(trigger)
        view = next_view(cube, current, trigger=trigger, value=value)

    query = view_to_query(cube, view)
    # The dropdown holds the occupation's option key (or a subject's value, issue 15); the view,
    # URL and store hold its URI.
    subject_key = subject_value(subject_of(view))
    key = subject_key or picker_value(cube, view["occupation"])
    occupation_changed = key != occupation
    options = no_update
    if occupation_changed:
        # Value and options in one response: the dropdown drops a value missing from its options.
        options, _ = picker_options(cube, query="", group=None, selected=key)
    slider = slider_value(cube, view)
    period = period if isinstance(period, list) else []
    return {
        "store": view if view != current else no_update,
        "search": query if query != (search or "") else no_update,
        "picker_value": key if occupation_changed else no_update,
        "picker_options": options,
        "country": view["country"] if view["country"] != country else no_update,
        "period": slider if slider != period else no_update,
        "measure": view["measure"] if view["measure"] != measure else no_update,
        "notice": notice,
        "notice_open": notice_open,
    }
