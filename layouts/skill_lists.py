"""The skill breakdown's lists: one group's skills, each with a tick box and expandable to its description.

Sent with every occupation change (an occupation has up to ~170 skills), so each skill is two
components, a ``<details>`` and its ``<summary>``, with the description as the details' own
text (issue 6: the list was four components a skill and repeated each description as a
tooltip, the larger part of the answer). Labels and descriptions stay text, never markup.

The tick boxes (issue 14) are one ``dcc.Checklist`` a group whose option labels are those
details: a ``<details>`` is interactive content, so a click on a skill's name opens its
description and only the box itself ticks it (HTML's rule for a ``<label>`` holding one).
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from layouts import ids

#: Shown on expand for a skill the taxonomy does not describe.
NO_DESCRIPTION = "No description in the taxonomy."


def skill_details(label: str, description: str) -> html.Details:
    """One skill: its label, expanding to its description (muted; the label keeps the body colour)."""
    return html.Details([html.Summary(label, className="text-body"), description or NO_DESCRIPTION],
                        className="text-muted mb-1")


def skill_group_list(title: str, skills: list[dict], *, colour: str, group: str | None = None,
                     ticked: list[str] | tuple[str, ...] = ()) -> html.Div:
    """One breakdown group: a heading with its count and swatch, then its skills (dicts with
    ``label`` and ``description``, and ``key`` when ``group`` is given). With ``group``, each
    skill has a tick box (``ticked``: the keys ticked) and the group "Select all" and "Clear"."""
    heading = html.H3([html.Span(className="skill-swatch", style={"backgroundColor": colour, "display": "inline-block",
                                                                   "width": "0.8em", "height": "0.8em",
                                                                   "marginRight": "0.4em", "borderRadius": "2px"}),
                       f"{title} ({len(skills)})"], className="h6")
    if group is not None and skills:
        return html.Div([
            heading,
            html.Div([dbc.Button("Select all", id=ids.SkillSelection.select_all(group), color="link", size="sm",
                                 class_name="p-0 me-2 align-baseline"),
                      dbc.Button("Clear", id=ids.SkillSelection.clear(group), color="link", size="sm",
                                 class_name="p-0 align-baseline")], className="small mb-1"),
            dcc.Checklist(
                id=ids.SkillSelection.ticks(group),
                options=[{"label": skill_details(s["label"], s["description"]), "value": s["key"]} for s in skills],
                value=list(ticked), className="skill-list skill-ticks small mb-0",
                labelClassName="d-flex align-items-start", inputClassName="form-check-input flex-shrink-0 me-2",
                style={"maxHeight": "200px", "overflowY": "auto"}),
        ])
    items = [skill_details(s["label"], s["description"]) for s in skills]
    return html.Div(
        [heading,
         html.Div(items or "None listed", className="skill-list small mb-0" + ("" if items else " text-muted"),
                  style={"maxHeight": "200px", "overflowY": "auto"})]
    )
