"""Where to go next (issue 14): the view's occupation's related occupations (rendered by callbacks/view.py).

Rendered when the occupation, country, period or selected skills change: "k of n essential
skills you have" counts the selection, or the occupation's own essential skills when nothing is
ticked. A click on one is a link to it with the country, period, measure and selection kept.
The switch "Only with jobs in ..." picks one of the two lists sent, in the browser.
"""
from __future__ import annotations

from dash import ClientsideFunction, Input, Output

from callbacks.context import current_cube
from callbacks.outputs import changed, unchanged
from callbacks.registry import clientside_callback
from callbacks.subject import is_subject_view
from dashboard import geo
from dashboard.reading.related import BASIS_SELECTION, related_in
from dashboard.reading.subject_view import Subject
from dashboard.view import View, occupation_label, period_text
from layouts import ids
from layouts.related import related_list

#: The outputs :func:`render` fills, by name.
OUTPUTS = {
    "basis": (ids.Related.BASIS, "children"),
    "filter_label": (ids.Related.ONLY_WITH_JOBS, "label"),
    "all": (ids.Related.ALL, "children"),
    "with_jobs": (ids.Related.WITH_JOBS, "children"),
}
#: What the card depends on.
KEYS = ("occupation", "country", "start", "end", "skills", "other_subject")


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The card's outputs after the view changed from ``previous`` to ``view``."""
    if is_subject_view(view) or not changed(previous, view, KEYS):
        # An ISCO group's, a skill's or all occupations' view hides this card (issue 15): it is
        # drawn when the view is one occupation's again ("other_subject" among the keys).
        return unchanged(OUTPUTS)
    return show_related(view)


def show_related(view: View) -> dict:
    """The values of :data:`OUTPUTS` for a view (``no_update`` when it names no occupation of the cube)."""
    cube = current_cube()
    uri = view.occupation
    if not isinstance(uri, str) or uri not in cube.occupation_facts:
        return unchanged(OUTPUTS)
    result = related_in(cube, uri, selection=view.skills, iso3=view.country, start=view.start, end=view.end)
    country = geo.country_name(view.country, default=view.country) if view.country else None
    where = country or "all countries"
    switch = f"Only those with jobs in {country}" if country else "Only those with jobs (in any country)"
    period = period_text(view.start, view.end)
    if not result.available:
        message = "This cube was built before related occupations were stored: rebuild it to see them."
        return {"basis": "", "filter_label": switch, "all": message, "with_jobs": message}
    label = occupation_label(cube, uri)
    if result.basis == BASIS_SELECTION:
        n = result.have_count
        basis = f"“k of n essential skills you have” counts the {n} skill{'' if n == 1 else 's'} you selected."
    else:
        basis = (f"No skills selected: “k of n” counts the essential skills of {label} as yours "
                 "(tick the skills you have above to count your own).")
    basis = f"{basis} Jobs in {where}, {period}."

    def href(other: str) -> str:
        return "/" + view.with_subject(Subject("occupation", other)).to_query(cube)

    hrefs = {item.uri: href(item.uri) for item in result.items}
    with_jobs = tuple(item for item in result.items if item.jobs > 0)
    return {
        "basis": basis,
        "filter_label": switch,
        "all": related_list(result.items, hrefs=hrefs, where=where,
                            empty=f"No occupation shares enough skills with {label}."),
        "with_jobs": related_list(with_jobs, hrefs=hrefs, where=where,
                                  empty=f"None of the occupations related to {label} has jobs in {where} in {period}."),
    }


clientside_callback(
    ClientsideFunction(namespace="jobAtlasRelated", function_name="filter"),
    Output(ids.Related.ALL, "hidden"),
    Output(ids.Related.WITH_JOBS, "hidden"),
    Input(ids.Related.ONLY_WITH_JOBS, "value"),
)
