"""The "Where to go next" card: related occupations, what the person has of each, their jobs.

The content comes from :func:`dashboard.reading.related.related_in` (unit-tested); this module
only draws it. Each occupation is a link (``dcc.Link``: the page's URL changes, no reload) to
that occupation with the country, period, measure and selected skills kept. Ten are listed; a
native ``<details>`` shows the rest ("show N more"), with no request to the server. The server
sends two lists, all related occupations and those with jobs in the view's country and period;
the switch "Only with jobs in ..." shows one or the other in the browser (assets/related.js).
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.reading.related import SHOWN, Related
from layouts import ids

#: Skills to learn named on an item's line before "+N more".
TO_LEARN_SHOWN = 4


def _item(item: Related, *, href: str, where: str) -> html.Li:
    if item.to_learn:
        names = ", ".join(s.label for s in item.to_learn[:TO_LEARN_SHOWN])
        more = len(item.to_learn) - TO_LEARN_SHOWN
        learn = html.Div(["To learn: ", names, f" (+{more} more)" if more > 0 else ""],
                         className="text-muted related-to-learn")
    elif item.essential:
        learn = html.Div("You have all its essential skills.", className="text-muted related-to-learn")
    else:
        learn = html.Div("The taxonomy lists no essential skills for it.", className="text-muted related-to-learn")
    facts = " · ".join(part for part in (f"ESCO {item.code}" if item.code else "", f"score {item.score:.2f}",
                                         item.relation_text) if part)
    jobs = f"{item.jobs:,} job{'' if item.jobs == 1 else 's'} in {where}"
    return html.Li(
        [dcc.Link(item.label, href=href, className="related-link fw-semibold", title=f"Open {item.label}"),
         html.Span(f" {facts}", className="text-muted related-facts"),
         html.Div([html.Span(f"{item.have} of {item.essential}", className="fw-semibold related-have"),
                   " essential skills you have · ", html.Span(jobs, className="related-jobs")]),
         learn],
        className="related-item mb-2" + ("" if item.jobs else " related-no-jobs"),
    )


def related_list(items, *, hrefs: dict[str, str], where: str, empty: str) -> list:
    """An ordered list of the first :data:`SHOWN` items, the rest behind "show N more"."""
    if not items:
        return [html.Div(empty, className="text-muted related-empty")]
    first = html.Ol([_item(i, href=hrefs[i.uri], where=where) for i in items[:SHOWN]], className="ps-4 mb-1")
    rest = items[SHOWN:]
    if not rest:
        return [first]
    more = html.Details([html.Summary(f"Show {len(rest)} more", className="link-primary related-more",
                                      style={"width": "fit-content"}),
                         html.Ol([_item(i, href=hrefs[i.uri], where=where) for i in rest], start=SHOWN + 1,
                                 className="ps-4 mb-1")])
    return [first, more]


def related_card() -> dbc.Card:
    """The empty card in the page; the view callback fills it (callbacks/related.py)."""
    return dbc.Card(
        dbc.CardBody([
            html.H2("Where to go next", className="h5"),
            html.Div(id=ids.Related.BASIS, className="small mb-2"),
            dbc.Switch(id=ids.Related.ONLY_WITH_JOBS, label="Only with jobs in the country", value=False,
                       class_name="small mb-2"),
            html.Div(id=ids.Related.ALL, className="small"),
            html.Div(id=ids.Related.WITH_JOBS, className="small", hidden=True),
        ]),
        id=ids.Related.CARD, class_name="mb-3",
    )
