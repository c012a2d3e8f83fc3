"""Available jobs: the postings behind the view, 20 at a time (issue 18).

The view callback (``callbacks/view.py``) renders the first page whenever the occupation,
country, period or selected skills change (one request per interaction); Previous/Next here
move through the same list. Both take the view from the view store, so a page always matches
what the map and the country panel show.
"""
from __future__ import annotations

from dash import Input, State, ctx

from callbacks.registry import callback
from callbacks.subject import is_subject_view
from callbacks.context import current_cube
from callbacks.outputs import changed, dash_outputs, unchanged
from dashboard import geo
from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import (COUNTS_ONLY_MESSAGE, PAGE_SIZE, Scope, clamp_offset, holds_postings,
                                    list_jobs, page_range)
from layouts import ids
from layouts.available_jobs import jobs_list
from dashboard.view import View, occupation_label, period_text

#: The outputs :func:`render` fills, by name (Previous/Next here write them too).
OUTPUTS = {
    "title": (ids.AvailableJobs.TITLE, "children"),
    "list": (ids.AvailableJobs.LIST, "children"),
    "range": (ids.AvailableJobs.RANGE, "children"),
    "previous_disabled": (ids.AvailableJobs.PREVIOUS, "disabled"),
    "next_disabled": (ids.AvailableJobs.NEXT, "disabled"),
    "pager_hidden": (ids.AvailableJobs.PAGER, "hidden"),
    "page": (ids.AvailableJobs.PAGE, "data"),
}
#: Written by this module's Previous/Next callback as well as by the view callback.
SHARED_OUTPUTS = True

#: What the list depends on (``skills``: issue 14's selection, when the view carries one).
KEYS = ("occupation", "country", "start", "end", "skills", "other_subject")


def scope_of(view: View) -> Scope:
    """The postings a view covers: its occupation, country (None: all) and months."""
    return Scope((view.occupation,), view.country, view.start, view.end)


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The list's first page after the view changed from ``previous`` to ``view``."""
    if is_subject_view(view) or not changed(previous, view, KEYS):
        # An ISCO group's, a skill's or all occupations' view hides this card (issue 15): it is
        # drawn when the view is one occupation's again ("other_subject" among the keys).
        return unchanged(OUTPUTS)
    return show_jobs(view)


def show_jobs(view: View | None, *, offset: object = 0) -> dict:
    """The values of :data:`OUTPUTS` for a view and a page's first row (``no_update`` for no view)."""
    if view is None:
        return unchanged(OUTPUTS)
    return jobs_page(current_cube(), view, skills=list(view.skills), offset=offset)


def jobs_page(cube: Cube, view: View, *, skills: list[str], offset: object) -> dict:
    label = occupation_label(cube, view.occupation)
    where = geo.country_name(view.country, default=view.country) if view.country else "all countries"
    title = f"Available {label} jobs in {where}, {period_text(view.start, view.end)}"
    if not holds_postings(cube):
        return {"title": title, "list": jobs_list([], message=COUNTS_ONLY_MESSAGE), "range": "",
                "previous_disabled": True, "next_disabled": True, "pager_hidden": True, "page": {"offset": 0}}
    scope = scope_of(view)
    offset = clamp_offset(offset, 1 << 62)
    page = list_jobs(cube, scope, skills=skills, limit=PAGE_SIZE, offset=offset)
    if not page["jobs"] and offset:
        # Past the end (the list shrank, or a forged offset): the last page instead.
        offset = clamp_offset(offset, page["total"])
        page = list_jobs(cube, scope, skills=skills, limit=PAGE_SIZE, offset=offset)
    total, jobs = page["total"], page["jobs"]
    message = None if jobs else f"No {label} job ads in {where} in this period."
    return {
        "title": title,
        "list": jobs_list(jobs, message=message, skills_selected=len(skills)),
        "range": page_range(offset, len(jobs), total),
        "previous_disabled": offset == 0,
        "next_disabled": offset + len(jobs) >= total,
        "pager_hidden": total <= PAGE_SIZE,
        "page": {"offset": offset},
    }


@callback(
    output=dash_outputs(OUTPUTS, allow_duplicate=True),
    inputs=dict(previous_clicks=Input(ids.AvailableJobs.PREVIOUS, "n_clicks"),
                next_clicks=Input(ids.AvailableJobs.NEXT, "n_clicks"),
                page=State(ids.AvailableJobs.PAGE, "data"), view=State(ids.ViewStore.STORE, "data")),
    prevent_initial_call=True,
)
def turn_page(previous_clicks, next_clicks, page, view):
    """Previous/Next: the page before or after the one shown, for the view in the store."""
    step = {ids.AvailableJobs.PREVIOUS: -PAGE_SIZE, ids.AvailableJobs.NEXT: PAGE_SIZE}.get(ctx.triggered_id)
    offset = page.get("offset") if isinstance(page, dict) else 0
    if step is None or not isinstance(offset, int) or isinstance(offset, bool):
        return unchanged(OUTPUTS)
    return show_jobs(View.from_store(current_cube(), view), offset=max(0, offset + step))
