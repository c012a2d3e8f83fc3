"""Which of the page's parts a subject other than one occupation shows (issue 15).

An ISCO group, a skill or all occupations hide the occupation's own cards (about, skill
breakdown) and, for a skill, the monthly trend. The map and the country panel render every
subject themselves (callbacks/jobs_map.py, callbacks/country_panel.py); the numbers come from
:mod:`dashboard.reading.subject_view`, the lists beside the map from ``layouts.subject``.
"""
from __future__ import annotations

from callbacks.outputs import changed, unchanged
from dashboard.reading import subject_view
from layouts import ids
from layouts.subject_state import SUBJECT_KEYS

#: The outputs :func:`render` fills, by name.
OUTPUTS = {
    "occupation_section_hidden": (ids.Subject.OCCUPATION_SECTION, "hidden"),
    "trend_style": (ids.CountryPanel.TREND_GRAPH, "style"),
}
#: The trend chart's style (layouts.country_panel.country_card), and hidden for a skill: the cube keeps
#: skill demand per period, not per month.
TREND_STYLE = {"height": "170px"}


def is_subject_view(view: dict | None) -> bool:
    """Whether the view is about something other than one occupation."""
    return bool(view) and subject_view.subject_of(view).kind != "occupation"


def render(previous: dict | None, view: dict, *, ticked: bool = False) -> dict:
    """The section's outputs after the view changed from ``previous`` to ``view``."""
    return section_hidden(view) if changed(previous, view, SUBJECT_KEYS) else unchanged(OUTPUTS)


def section_hidden(view: dict | None) -> dict:
    """The occupation's own cards (about, skill breakdown) are hidden for another subject, and
    the monthly trend for a skill."""
    if not view:
        return unchanged(OUTPUTS)
    kind = subject_view.subject_of(view).kind
    return {"occupation_section_hidden": kind != "occupation",
            "trend_style": {**TREND_STYLE, "display": "none"} if kind == "skill" else TREND_STYLE}
