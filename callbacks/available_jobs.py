"""Available jobs: the postings behind the view, 20 at a time (issue 18).

The view callback (``callbacks/view.py``) renders the first page whenever the occupation,
country, period or selected skills change (one request per interaction); Previous/Next here
move through the same list. Both take the view from the view store, so a page always matches
what the map and the country panel show.
"""
from __future__ import annotations

import dataclasses

from dash import Input, Output, State, callback, ctx, no_update

from callbacks.context import current_cube
from dashboard import geo
from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import (COUNTS_ONLY_MESSAGE, PAGE_SIZE, Scope, clamp_offset, holds_postings,
                                    list_jobs, page_range)
from dashboard.view import View, occupation_label, period_text
from layouts import ids
from layouts.available_jobs import jobs_list

#: The outputs :func:`show_jobs` fills, in order.
OUTPUTS = (
    (ids.AvailableJobs.TITLE, "children"),
    (ids.AvailableJobs.LIST, "children"),
    (ids.AvailableJobs.RANGE, "children"),
    (ids.AvailableJobs.PREVIOUS, "disabled"),
    (ids.AvailableJobs.NEXT, "disabled"),
    (ids.AvailableJobs.PAGER, "hidden"),
    (ids.AvailableJobs.PAGE, "data"),
)

#: What the list depends on (``skills``: issue 14's selection, when the view carries one).
KEYS = ("occupation", "country", "start", "end", "skills")


def scope_of(view: View) -> Scope:
    """The postings a view covers: its occupation, country (None: all) and months."""
    return Scope((view.occupation,), view.country, view.start, view.end)


def show_jobs(view: View | None) -> tuple:
    """The values of :data:`OUTPUTS` for a view, from its page's first row (``no_update`` for no
    view)."""
    if view is None:
        return (no_update,) * len(OUTPUTS)
    return jobs_page(current_cube(), view, skills=list(view.skills), offset=view.jobs_offset)


def jobs_page(cube: Cube, view: View, *, skills: list[str], offset: object) -> tuple:
    label = occupation_label(cube, view.occupation)
    where = geo.country_name(view.country, default=view.country) if view.country else "all countries"
    title = f"Available {label} jobs in {where}, {period_text(view.start, view.end)}"
    if not holds_postings(cube):
        return (title, jobs_list([], message=COUNTS_ONLY_MESSAGE), "", True, True, True, {"offset": 0})
    scope = scope_of(view)
    offset = clamp_offset(offset, 1 << 62)
    page = list_jobs(cube, scope, skills=skills, limit=PAGE_SIZE, offset=offset)
    if not page["jobs"] and offset:
        # Past the end (the list shrank, or a forged offset): the last page instead.
        offset = clamp_offset(offset, page["total"])
        page = list_jobs(cube, scope, skills=skills, limit=PAGE_SIZE, offset=offset)
    total, jobs = page["total"], page["jobs"]
    message = None if jobs else f"No {label} job ads in {where} in this period."
    return (
        title,
        jobs_list(jobs, message=message, skills_selected=len(skills)),
        page_range(offset, len(jobs), total),
        offset == 0,
        offset + len(jobs) >= total,
        total <= PAGE_SIZE,
        {"offset": offset},
    )


@callback(
    *(Output(component, prop, allow_duplicate=True) for component, prop in OUTPUTS),
    Input(ids.AvailableJobs.PREVIOUS, "n_clicks"),
    Input(ids.AvailableJobs.NEXT, "n_clicks"),
    State(ids.AvailableJobs.PAGE, "data"),
    State(ids.ViewStore.STORE, "data"),
    prevent_initial_call=True,
)
def turn_page(previous_clicks, next_clicks, page, view):
    """Previous/Next: the page before or after the one shown, for the view in the store."""
    step = {ids.AvailableJobs.PREVIOUS: -PAGE_SIZE, ids.AvailableJobs.NEXT: PAGE_SIZE}.get(ctx.triggered_id)
    offset = page.get("offset") if isinstance(page, dict) else 0
    if step is None or not isinstance(offset, int) or isinstance(offset, bool):
        return (no_update,) * len(OUTPUTS)
    view = View.from_store(current_cube(), view)
    return show_jobs(view and dataclasses.replace(view, jobs_offset=max(0, offset + step)))
