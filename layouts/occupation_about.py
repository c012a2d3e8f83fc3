"""The "About the occupation" panel: what the job is, its other names, its codes, its ESCO page.

The content comes from :func:`dashboard.occupation_about.occupation_about` (pure, unit-tested);
this module only turns it into components. A long description folds after a few lines; a
native ``<details>`` unfolds it ("more"), with no request to the server.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.occupation_about import OccupationAbout
from layouts import ids


def occupation_about_body(about: OccupationAbout | None) -> list:
    """The panel's children for one occupation ([] before one is chosen)."""
    if about is None:
        return []
    if about.has_description:
        text = [about.lead + (" …" if about.rest else "")]
        if about.rest:
            text.append(html.Details([html.Summary("more", className="link-primary", style={"width": "fit-content"}), html.Span("… " + about.rest)],
                                     id=ids.OCCUPATION_DESCRIPTION_MORE, className="occupation-more"))
        description = html.Div(text, id=ids.OCCUPATION_DESCRIPTION, className="mb-2")
    else:
        description = html.Div(about.lead, id=ids.OCCUPATION_DESCRIPTION, className="mb-2 text-muted fst-italic")
    codes = []
    if about.code:
        codes += [html.Dt("ESCO code", className="col-sm-3 col-lg-2"), html.Dd(about.code, className="col-sm-9 col-lg-4")]
    if about.isco_code:
        group = f"{about.isco_code} {about.isco_label}".strip()
        codes += [html.Dt("ISCO-08 unit group", className="col-sm-3 col-lg-2"),
                  html.Dd(group, className="col-sm-9 col-lg-4")]
    also = (html.Div([html.Span("Also called: ", className="fw-semibold"), "; ".join(about.alt_labels)],
                     id=ids.OCCUPATION_ALT_LABELS, className="mb-2")
            if about.alt_labels else
            html.Div("The taxonomy gives no other names for it.", id=ids.OCCUPATION_ALT_LABELS,
                     className="mb-2 text-muted"))
    link = (html.A("Open its page in the ESCO portal", href=about.link, id=ids.OCCUPATION_ESCO_LINK,
                   target="_blank", rel="noopener noreferrer")
            if about.link else None)
    return [description, also, html.Dl(codes, id=ids.OCCUPATION_CODES, className="row mb-1"), link]


def occupation_about_card() -> dbc.Card:
    """The empty panel in the page; the view callback fills it when the occupation changes."""
    return dbc.Card(
        dbc.CardBody([html.H2("About the occupation", className="h5"),
                      html.Div(id=ids.OCCUPATION_ABOUT_BODY, className="small")]),
        id=ids.OCCUPATION_ABOUT, class_name="mb-3",
    )
