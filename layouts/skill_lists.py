"""The skill breakdown's lists: one group's skills, each expandable to its description.

Sent with every occupation change (an occupation has up to ~170 skills), so each skill is two
components, a ``<details>`` and its ``<summary>``, with the description as the details' own
text (issue 6: the list was four components a skill and repeated each description as a
tooltip, the larger part of the answer). Labels and descriptions stay text, never markup.
"""
from __future__ import annotations

from dash import html

#: Shown on expand for a skill the taxonomy does not describe.
NO_DESCRIPTION = "No description in the taxonomy."


def skill_details(label: str, description: str) -> html.Details:
    """One skill: its label, expanding to its description (muted; the label keeps the body colour)."""
    return html.Details([html.Summary(label, className="text-body"), description or NO_DESCRIPTION],
                        className="text-muted mb-1")


def skill_group_list(title: str, skills: list[dict], *, colour: str) -> html.Div:
    """One breakdown group: a heading with its count and swatch, then its skills (dicts with
    ``label`` and ``description``)."""
    heading = html.H3([html.Span(className="skill-swatch", style={"backgroundColor": colour, "display": "inline-block",
                                                                   "width": "0.8em", "height": "0.8em",
                                                                   "marginRight": "0.4em", "borderRadius": "2px"}),
                       f"{title} ({len(skills)})"], className="h6")
    items = [skill_details(s["label"], s["description"]) for s in skills]
    return html.Div(
        [heading,
         html.Div(items or "None listed", className="skill-list small mb-0" + ("" if items else " text-muted"),
                  style={"maxHeight": "200px", "overflowY": "auto"})]
    )
