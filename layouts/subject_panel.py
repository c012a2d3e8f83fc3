"""What the country panel lists for an ISCO group, a skill or all occupations (issue 15).

Built from :func:`dashboard.reading.subject_view.panel`. Every occupation, ISCO group and skill listed is
a link (``dcc.Link``: the page's own URL changes, no reload) to that subject with the country,
period and measure kept: a click on an occupation opens it in the country you are looking at.
"""
from __future__ import annotations

from dash import dcc, html

from dashboard import figures

#: Skills and ISCO major groups listed for all occupations (the panel fits beside the map).
PANEL_SKILLS = 8
PANEL_GROUPS = 5


def _share(value) -> str:
    return "" if value is None else f" · {figures.format_share(value)}"


def _link(text: str, href: str) -> dcc.Link:
    return dcc.Link(text, href=href, className="subject-link")


def subject_panel(panel: dict, *, kind: str, where: str, links: dict) -> list:
    """The panel's children.

    Parameters
    ----------
    panel
        :func:`dashboard.reading.subject_view.panel`.
    kind
        "isco", "skill" or "all".
    where
        "Poland" or "all countries".
    links
        ``{"occupation": fn(uri) -> href, "isco": fn(code) -> href, "skill": fn(uri) -> href}``.
    """
    occupations = panel["occupations"]
    unit = "postings asking for it" if kind == "skill" else "jobs"
    share_of = {"isco": "of the group's jobs", "skill": "of its jobs", "all": "of all jobs"}[kind]
    title = f"{panel['occupations_title']} in {where}"
    body: list = [html.H3(title, className="h6 mt-2 mb-1")]
    if kind == "skill" and "requiring" in panel:
        need = panel["requiring"]
        body.append(html.P(f"ESCO occupations listing it: {need['essential']:,} as essential, "
                           f"{need['optional']:,} as optional.", className="small mb-1"))
    if occupations:
        items = [html.Li([_link(o["label"], links["occupation"](o["uri"])),
                          html.Span(f" ({o['code']})" if o.get("code") else "", className="text-muted"),
                          html.Span(f" — {int(o['jobs']):,} {unit}{_share(o.get('share'))}", className="text-muted")])
                 for o in occupations]
        body.append(html.Ol(items, className="small mb-1 ps-3 subject-occupations"))
        body.append(html.Div(f"Share = {share_of} in {where}. Open an occupation for its map here.",
                             className="small text-muted mb-1"))
    else:
        body.append(html.P(f"No {unit} in {where} in this period.", className="small mb-1"))
    if kind == "all":
        groups = [g for g in panel.get("isco_groups", []) if g.get("code")][:PANEL_GROUPS]
        if groups:
            body.append(html.H3(f"ISCO major groups in {where}", className="h6 mt-2 mb-1"))
            body.append(html.Ol([html.Li([_link(f"{g['code']} {g['label']}", links["isco"](g["code"])),
                                          html.Span(f" — {int(g['jobs']):,} jobs", className="text-muted")])
                                 for g in groups], className="small mb-1 ps-3"))
        skills = panel.get("skills", [])[:PANEL_SKILLS]
        if skills:
            body.append(html.H3(f"Skills asked for most in {where}", className="h6 mt-2 mb-1"))
            body.append(html.Ol([html.Li([_link(s["label"], links["skill"](s["uri"])),
                                          html.Span(f" — {int(s['postings']):,} postings{_share(s.get('share'))}",
                                                    className="text-muted")])
                                 for s in skills], className="small mb-1 ps-3"))
    return body
