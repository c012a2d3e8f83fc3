"""One place decides what the screen shows: the view store, kept in sync with the URL and controls.

Every control (occupation picker, country dropdown, map click, clear button, period slider,
measure radio) and the URL feed one callback that writes the ``view`` store. It is one
callback because Dash only allows a circular dependency (URL -> controls -> URL) inside a
single callback, and the same callback renders what the new view changes (map and
headline, country panel, skill breakdown): one request per interaction instead of four
(issue 6: request overhead was most of an interaction's server time), and a part whose
inputs did not change is not recomputed (``no_update``).
"""
from __future__ import annotations

import dataclasses
import math

from dash import ALL, Input, Output, State, callback, ctx, no_update

from callbacks import available_jobs, breakdown, country_panel, map_view, occupation_about, skill_selection, subject
from callbacks.context import current_cube
from callbacks.occupation_picker import picker_options
from callbacks.subject_picker import subject_of_value, subject_value
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
MAP_KEYS = ("occupation", "start", "end", "measure", "other_subject")
COUNTRY_PANEL_KEYS = ("occupation", "country", "start", "end", "other_subject")
BREAKDOWN_KEYS = ("occupation",)
#: The summary holds "skills to learn next", ranked by demand in the country and period.
SELECTION_KEYS = ("occupation", "skills", "country", "start", "end")


def render_changes(previous: View | None, view: View | None, *, ticked: bool = False) -> tuple:
    """Outputs of the map, country panel, breakdown, occupation panel, skills-selected summary, subject
    section and available jobs for a view change (``no_update`` where the part's inputs are unchanged).
    ``previous`` is None when nothing was rendered yet; ``ticked``: the selection changed by the tick
    boxes themselves (no need to redraw them)."""
    skip = (len(map_view.OUTPUTS) + len(country_panel.OUTPUTS) + len(breakdown.OUTPUTS) + len(occupation_about.OUTPUTS)
            + len(skill_selection.OUTPUTS) + len(subject.OUTPUTS) + len(available_jobs.OUTPUTS))
    if not view:
        return (no_update,) * skip

    def changed(keys: tuple[str, ...]) -> bool:
        return previous is None or any(getattr(view, k) != getattr(previous, k) for k in keys)

    # Issue 15: an ISCO group, a skill or all occupations render through callbacks/subject.py.
    about_subject = subject.is_subject_view(view)
    maps, panels = (subject, subject) if about_subject else (map_view, country_panel)
    if changed(MAP_KEYS):
        map_part = maps.show_map(view)
    elif changed(("country",)):
        map_part = maps.show_selection(view)
    else:
        map_part = (no_update,) * len(map_view.OUTPUTS)
    panel = panels.show_country(view) if changed(COUNTRY_PANEL_KEYS) else (no_update,) * len(country_panel.OUTPUTS)
    # A link or Back changing the selection redraws the tick boxes; a tick does not.
    redraw = changed(BREAKDOWN_KEYS) or (not ticked and changed(("skills",)))
    profile = (breakdown.show_breakdown(view.occupation, view.skills) if redraw
               else (no_update,) * len(breakdown.OUTPUTS))
    about = (occupation_about.show_about(view.occupation) if changed(BREAKDOWN_KEYS)
             else (no_update,) * len(occupation_about.OUTPUTS))
    selection = (skill_selection.show_selection(view) if changed(SELECTION_KEYS)
                 else (no_update,) * len(skill_selection.OUTPUTS))
    jobs = available_jobs.show_jobs(view) if changed(available_jobs.KEYS) else (no_update,) * len(available_jobs.OUTPUTS)
    section = subject.section_hidden(view) if changed(("other_subject",)) else (no_update,) * len(subject.OUTPUTS)
    return (*map_part, *panel, *profile, *about, *selection, *section, *jobs)


@callback(
    Output(ids.ViewStore.STORE, "data"),
    Output(ids.Page.URL, "search"),
    Output(ids.OccupationPicker.DROPDOWN, "value"),
    Output(ids.OccupationPicker.DROPDOWN, "options", allow_duplicate=True),
    Output(ids.CountryPanel.DROPDOWN, "value"),
    Output(ids.Controls.PERIOD_SLIDER, "value"),
    Output(ids.Controls.MEASURE_RADIO, "value"),
    Output(ids.Page.URL_NOTICE, "children"),
    Output(ids.Page.URL_NOTICE, "is_open"),
    *(Output(component, prop) for component, prop in map_view.OUTPUTS + country_panel.OUTPUTS + breakdown.OUTPUTS
                                       + occupation_about.OUTPUTS + skill_selection.OUTPUTS
                                       + subject.OUTPUTS),
    # The first page of the list; callbacks/available_jobs.py pages through it.
    *(Output(component, prop, allow_duplicate=True) for component, prop in available_jobs.OUTPUTS),
    Input(ids.Page.URL, "search"),
    Input(ids.OccupationPicker.DROPDOWN, "value"),
    Input(ids.CountryPanel.DROPDOWN, "value"),
    Input(ids.Map.GRAPH, "clickData"),
    Input(ids.CountryPanel.CLEAR, "n_clicks"),
    Input(ids.Controls.PERIOD_SLIDER, "value"),
    Input(ids.Controls.MEASURE_RADIO, "value"),
    Input(ids.SkillSelection.ticks(ALL), "value"),
    State(ids.ViewStore.STORE, "data"),
    # The URL arrives when dcc.Location mounts; that first call restores a deep link.
    prevent_initial_call=True,
)
def update_view(search, occupation, country, click_data, clear_clicks, period, measure, ticks, current):
    """Parse the trigger, compute the next view, bring URL and controls in line with it, and
    render what changed."""
    cube = current_cube()
    trigger = ctx.triggered_id
    ticked = skill_selection.is_ticks_trigger(trigger)
    outputs = sync_view(cube, ids.SkillSelection.TICKS if ticked else trigger, search=search, occupation=occupation,
                        country=country, click_data=click_data, clear_clicks=clear_clicks, period=period,
                        measure=measure, current=current, ticks=ticks)
    if outputs[0] is no_update:
        return (*outputs, *render_changes(None, None))
    return (*outputs, *render_changes(View.from_store(cube, current), View.from_store(cube, outputs[0]),
                                      ticked=ticked))


def sync_view(cube: Cube, trigger: str | None, *, search, occupation, country, click_data, clear_clicks, period,
              measure, current, ticks=None) -> tuple:
    """The outputs of :func:`update_view` (store, URL search, occupation value and options,
    country, period, measure, notice text, notice open), ``no_update`` where nothing changes.
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
    return (
        view.to_store() if view != current else no_update,
        query if query != (search or "") else no_update,
        key if occupation_changed else no_update,
        options,
        view.country if view.country != country else no_update,
        slider if slider != period else no_update,
        view.measure if view.measure != measure else no_update,
        notice,
        notice_open,
    )
