"""Skills selected (issue 14, point 2): the line above the breakdown's tick boxes.

"40 skills are associated with this occupation · 3 selected", then how many of each group's
skills are selected ("2 of 9 essential knowledge · …"), and how many selected skills belong to
other occupations only (they stay selected: the selection is the person's).
"""
from __future__ import annotations

from dash import html


def selection_summary_body(header: str, lines: list[str], elsewhere: int) -> list:
    """The summary's children from :func:`dashboard.skill_selection.selection_summary`."""
    body = [html.Div(header, className="fw-semibold"), html.Div(" · ".join(lines), className="text-muted")]
    if elsewhere:
        body.append(html.Div(f"{elsewhere} more selected skill{'s' if elsewhere != 1 else ''} of other "
                             "occupations kept in your selection.", className="text-muted"))
    return body
