"""The "About the occupation" panel: what the job is, its other names, its codes, its ESCO page.

The content comes from :func:`dashboard.reading.occupation_about.occupation_about` (pure, unit-tested);
this module only turns it into components. A long description folds after a few lines; a
native ``<details>`` unfolds it ("more"), with no request to the server.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from dashboard.reading.occupation_about import OccupationAbout
from dashboard.reading.occupation_hierarchy import OccupationRef
from layouts import ids

#: Narrower occupations listed before the rest fold away ("N more"); ESCO has up to ~40.
NARROWER_SHOWN = 8


def _occupation_button(ref: OccupationRef) -> dbc.Button:
    """A broader/narrower occupation: a link-styled button; a click opens it (assets/occupation_hierarchy.js)."""
    return dbc.Button(ref.label, id=ids.OccupationAbout.hierarchy_link(ref.uri), color="link", size="sm",
                      title=f"Open {ref.label}" + (f" (ESCO {ref.code})" if ref.code else ""),
                      class_name="p-0 align-baseline text-start occupation-hierarchy-link")


def _joined(refs) -> list:
    items: list = []
    for i, ref in enumerate(refs):
        if i:
            items.append(" · ")
        items.append(_occupation_button(ref))
    return items


def hierarchy_rows(about: OccupationAbout) -> list:
    """The "Broader" and "Narrower" rows of the codes list ([] when the taxonomy has no hierarchy)."""
    if not about.hierarchy_known:
        return []
    dt = "col-sm-3 col-lg-2"
    dd = "col-sm-9 col-lg-10"
    broader = (_joined(about.broader) if about.broader
               else [html.Span("none in ESCO (it sits directly under its ISCO-08 unit group)", className="text-muted")])
    if about.narrower:
        narrower = _joined(about.narrower[:NARROWER_SHOWN])
        rest = about.narrower[NARROWER_SHOWN:]
        if rest:
            narrower.append(html.Details([html.Summary(f"{len(rest)} more", className="link-primary",
                                                       style={"width": "fit-content"}), *_joined(rest)],
                                         className="occupation-more"))
    else:
        narrower = [html.Span("none in ESCO", className="text-muted")]
    return [html.Dt("Broader", className=dt), html.Dd(broader, id=ids.OccupationAbout.BROADER, className=dd),
            html.Dt("Narrower", className=dt), html.Dd(narrower, id=ids.OccupationAbout.NARROWER, className=dd)]


def occupation_about_body(about: OccupationAbout | None) -> list:
    """The panel's children for one occupation ([] before one is chosen)."""
    if about is None:
        return []
    if about.has_description:
        text = [about.lead + (" …" if about.rest else "")]
        if about.rest:
            text.append(html.Details([html.Summary("more", className="link-primary", style={"width": "fit-content"}), html.Span("… " + about.rest)],
                                     id=ids.OccupationAbout.DESCRIPTION_MORE, className="occupation-more"))
        description = html.Div(text, id=ids.OccupationAbout.DESCRIPTION, className="mb-2")
    else:
        description = html.Div(about.lead, id=ids.OccupationAbout.DESCRIPTION, className="mb-2 text-muted fst-italic")
    codes = []
    if about.code:
        codes += [html.Dt("ESCO code", className="col-sm-3 col-lg-2"), html.Dd(about.code, className="col-sm-9 col-lg-4")]
    if about.isco_code:
        group = f"{about.isco_code} {about.isco_label}".strip()
        codes += [html.Dt("ISCO-08 unit group", className="col-sm-3 col-lg-2"),
                  html.Dd(group, className="col-sm-9 col-lg-4")]
    also = (html.Div([html.Span("Also called: ", className="fw-semibold"), "; ".join(about.alt_labels)],
                     id=ids.OccupationAbout.ALT_LABELS, className="mb-2")
            if about.alt_labels else
            html.Div("The taxonomy gives no other names for it.", id=ids.OccupationAbout.ALT_LABELS,
                     className="mb-2 text-muted"))
    link = (html.A("Open its page in the ESCO portal", href=about.link, id=ids.OccupationAbout.ESCO_LINK,
                   target="_blank", rel="noopener noreferrer")
            if about.link else None)
    codes += hierarchy_rows(about)
    return [description, also, html.Dl(codes, id=ids.OccupationAbout.CODES, className="row mb-1"), link]


def occupation_about_card() -> dbc.Card:
    """The empty panel in the page; the view callback fills it when the occupation changes."""
    return dbc.Card(
        dbc.CardBody([html.H2("About the occupation", className="h5"),
                      html.Div(id=ids.OccupationAbout.BODY, className="small")]),
        id=ids.OccupationAbout.CARD, class_name="mb-3",
    )
