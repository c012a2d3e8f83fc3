"""Which of the page's parts a subject other than one occupation shows (issue 15).

An ISCO group, a skill or all occupations hide the occupation's own cards (about, skill
breakdown) and, for a skill, the monthly trend. The map and the country panel render every
subject themselves (callbacks/jobs_map.py, callbacks/country_panel.py); the numbers come from
:mod:`dashboard.reading.subject_view`, the lists beside the map from ``layouts.subject``.
"""
from __future__ import annotations

from callbacks.outputs import changed, unchanged
from dashboard.view import View
from layouts import ids

#: The outputs :func:`render` fills, by name.
OUTPUTS = {
    "occupation_section_hidden": (ids.Subject.OCCUPATION_SECTION, "hidden"),
    "trend_style": (ids.CountryPanel.TREND_GRAPH, "style"),
}
#: The trend chart's style (layouts.country_panel.country_card), and hidden for a skill: the cube keeps
#: skill demand per period, not per month.
TREND_STYLE = {"height": "170px"}


def is_subject_view(view: View | None) -> bool:
    """Whether the view is about something other than one occupation."""
    return view is not None and not view.about_one_occupation


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The section's outputs after the view changed from ``previous`` to ``view``."""
    return section_hidden(view) if changed(previous, view, ("other_subject",)) else unchanged(OUTPUTS)


def section_hidden(view: View | None) -> dict:
    """The occupation's own cards (about, skill breakdown) are hidden for another subject, and
    the monthly trend for a skill."""
    if view is None:
        return unchanged(OUTPUTS)
    kind = view.subject.kind
    return {"occupation_section_hidden": kind != "occupation",
            "trend_style": {**TREND_STYLE, "display": "none"} if kind == "skill" else TREND_STYLE}
