"""The "About the data" card: where the numbers come from, and what they mean."""
from __future__ import annotations

from pathlib import Path

import dash_bootstrap_components as dbc
from dash import html

from dashboard.reading.cube import Cube
from layouts import ids
from dashboard.view import period_text
from dashboard.reading import collection_postings


def about_card(cube: Cube) -> dbc.Card:
    report = cube.report
    dataset = report.get("dataset", {})
    months = report.get("months") or [None, None]
    rows = [
        ("Data", dataset.get("name") or "—"),
        ("Taxonomy", dataset.get("taxonomy") or "—"),
        ("Built", report.get("built_at", "—")),
        ("Engine", report.get("engine", "—")),
        ("Months", period_text(months[0], months[-1]) if months and months[0]
         else "none: the data carries no period (a snapshot); no month is made up"),
        ("Rows read", f"{int(report.get('rows_read', 0)):,}"),
        ("Rows loaded", f"{int(report.get('rows_loaded', 0)):,}"),
        ("Rows rejected", f"{int(report.get('rows_rejected', 0)):,}"),
        ("Occupations", f"{len(cube.occupations):,}"),
        ("Skills", f"{len(cube.skills):,}"),
    ]
    undated = int(report.get("undated_jobs") or 0)
    if undated and months and months[0]:
        rows.append(("Undated jobs", f"{undated:,} in counts files with no period: in no month, so not in any "
                                     "period shown here"))
    for detected in report.get("input_formats") or []:
        how = ", ".join(str(detected[k]) for k in ("format", "encoding", "delimiter", "sheet") if detected.get(k))
        rows.append((f"Read {Path(detected['file']).name}", how))
    reasons = report.get("rejected_by_reason") or {}
    body = [
        html.H2("About the data", className="h5"),
        dbc.Alert("Demo data — generated, not real postings. Every number on this page is made up to show how "
                  "the dashboard works.", color="warning", class_name="py-2") if cube.is_demo else None,
        html.Dl(sum(([html.Dt(k, className="col-sm-3 col-lg-2"), html.Dd(str(v), className="col-sm-9 col-lg-4")]
                     for k, v in rows), []), className="row small mb-2"),
    ]
    if reasons:
        body.append(html.Div([html.Span("Rejected rows by reason: ", className="fw-semibold"),
                              html.Ul([html.Li(f"{reason}: {int(n):,}") for reason, n in reasons.items()],
                                      className="mb-0")], className="small"))
    body.append(html.P("Jobs = postings for the occupation. Per million = jobs per million inhabitants "
                       "(population from Natural Earth). Share = the occupation's postings as a share of "
                       "all postings in the country and period. Skill demand = postings that ask for a skill.",
                       className="small text-muted mt-2 mb-0"))
    body.append(location_quotient_note())
    body.append(html.P(collection_postings.METHOD_NOTE, className="small text-muted mt-1 mb-0"))
    body.append(related_method_note())
    return dbc.Card(dbc.CardBody(body), id=ids.AboutData.CARD)


def location_quotient_note() -> html.P:
    """What the map's and table's location quotient means (issue 15: the BLS OEWS definition)."""
    return html.P(
        # Plain text, no link: the served page names no external host (tests/test_browser_offline.py).
        ["Location quotient = the subject's share of the country's postings divided by its share of all "
         "postings on the map, in the same period (the definition of the U.S. Bureau of Labor Statistics' "
         "OEWS survey). 1 means as concentrated in that country as everywhere, 2 twice as concentrated, 0.5 half; "
         "it has no value for a country without postings, or when the subject has none anywhere."],
        className="small text-muted mt-1 mb-0", id=ids.AboutData.LOCATION_QUOTIENT,
    )


def related_method_note() -> html.P:
    """How "Where to go next" ranks related occupations, and how well it did (issue 14)."""
    from dashboard.reading.related import method_note

    return html.P(method_note(), className="small text-muted mt-1 mb-0", id=ids.AboutData.RELATED_METHOD)
