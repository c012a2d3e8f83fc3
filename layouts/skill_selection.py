"""Skills selected (issue 14, point 2): the line above the breakdown's tick boxes.

"40 skills are associated with this occupation · 3 selected", then how many of each group's
skills are selected ("2 of 9 essential knowledge · …"), and how many selected skills belong to
other occupations only (they stay selected: the selection is the person's).
"""
from __future__ import annotations

from dash import html


def _share(item) -> str:
    return f" ({item.share:.0%})" if item.share is not None else ""


def selection_summary_body(header: str, lines: list[str], elsewhere: int, *, to_learn=(), scope: str = "",
                           demand: bool = True) -> list:
    """The summary's children from :func:`dashboard.reading.skill_selection.selection_summary`, then
    "Skills to learn next" (:func:`dashboard.reading.skill_selection.skills_to_learn`) in ``scope``
    (country and period); ``demand`` False: the postings there name no skills."""
    body = [html.Div(header, className="fw-semibold"), html.Div(" · ".join(lines), className="text-muted")]
    if elsewhere:
        body.append(html.Div(f"{elsewhere} more selected skill{'s' if elsewhere != 1 else ''} of other "
                             "occupations kept in your selection.", className="text-muted"))
    title = html.Span(f"Skills to learn next ({scope}): ", className="fw-semibold")
    if to_learn:
        items = " · ".join(f"{s.label}{_share(s)}" for s in to_learn)
        body.append(html.Div([title, items, html.Span(" — share of the occupation's postings asking for it; "
                                                      "not yet selected.", className="text-muted")],
                             className="mt-1"))
    elif demand:
        body.append(html.Div([title, "you have selected every skill its postings ask for."], className="mt-1"))
    else:
        body.append(html.Div([title, html.Span("no skill mentions in its postings here to rank them by.",
                                               className="text-muted")], className="mt-1"))
    return body
