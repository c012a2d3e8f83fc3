"""The country panel: jobs, rank, trend and skill demand for the selected country (or all).

Rendered by the view callback (``callbacks/view.py``) when the occupation, country or
period changes. The charts travel as plain figure dicts (``figures.*_spec``).
"""
from __future__ import annotations

from dash import html, no_update

from callbacks.context import current_cube
from dashboard import figures, geo
from dashboard.reading import queries
from dashboard.reading.job_listings import Scope, holds_postings, pay_text, salary_summary
from dashboard.view import View, occupation_label, period_text
from layouts import ids
from layouts.page import chart_filenames, graph_config

#: Bars in the skill-demand chart (fits the panel at 1280x800).
TOP_SKILLS = 15


def country_stats(by_country, *, iso3: str | None, label: str, period: str) -> list:
    """The panel's sentence of figures for one country, or for all countries."""
    if iso3 is None:
        jobs = int(by_country["jobs"].sum())
        with_jobs = int((by_country["jobs"] > 0).sum())
        return [html.Strong(f"{jobs:,} jobs"), f" in {with_jobs:,} countries, {period}. ",
                html.Span("Click a country on the map or pick one above.", className="text-muted")]
    rows = by_country[by_country["iso3"] == iso3]
    if rows.empty or not bool(rows.iloc[0]["has_data"]):
        return [f"No postings data for this country in {period}."]
    row = rows.iloc[0]
    if int(row["jobs"]) == 0:
        return [f"No {label} jobs here in {period} ",
                html.Span(f"(the country has {int(row['country_postings']):,} postings in all).", className="text-muted")]
    ranked = int((by_country["jobs"] > 0).sum())
    return [
        html.Strong(f"{int(row['jobs']):,} jobs"),
        f", {figures.ordinal(int(row['rank']))} of {ranked:,} countries with jobs · ",
        f"{figures.format_per_million(row['per_million'])} per million inhabitants · ",
        f"{figures.format_share(row['share'])} of the country's postings",
    ]


#: The outputs :func:`show_country` fills, in order.
OUTPUTS = (
    (ids.CountryPanel.TITLE, "children"),
    (ids.CountryPanel.STATS, "children"),
    (ids.Skills.GRAPH, "figure"),
    (ids.Skills.GRAPH, "config"),
    (ids.Skills.GRAPH_BOX, "hidden"),
    (ids.Skills.PROFILE, "children"),
    (ids.CountryPanel.TREND_GRAPH, "figure"),
    (ids.CountryPanel.TREND_GRAPH, "config"),
    (ids.CountryPanel.PAY, "children"),
)


def show_country(view: View | None) -> tuple:
    """The values of :data:`OUTPUTS` for a view (``no_update`` for a view naming no occupation)."""
    cube = current_cube()
    if view is None:
        return (no_update,) * len(OUTPUTS)
    uri, iso3, start, end = view.occupation, view.country, view.start, view.end
    label = occupation_label(cube, uri)
    where = geo.country_name(iso3, default=iso3) if iso3 else "all countries"
    period = period_text(start, end)
    by_country = queries.jobs_by_country(cube, uri, start=start, end=end)
    skills = queries.top_skills(cube, uri, iso3=iso3, start=start, end=end, limit=TOP_SKILLS)
    trend = queries.country_trend(cube, uri, iso3=iso3, start=start, end=end)
    names = chart_filenames(occupation=label, start=start, end=end, country=iso3)
    no_mentions = skills.empty
    return (
        geo.country_name(iso3, default=iso3) if iso3 else "All countries",
        country_stats(by_country, iso3=iso3, label=label, period=period),
        figures.skill_demand_spec(skills, title=f"Skills asked for in {where}",
                                  message=f"No skills recorded in {label} postings in {where}"),
        graph_config(filename=names["skills"]),
        no_mentions,
        profile_instead(cube, uri, label=label, where=where) if no_mentions else [],
        figures.jobs_trend_spec(trend, title=f"Jobs per month in {where}"),
        graph_config(filename=names["trend"]),
        advertised_pay(cube, Scope((uri,), iso3, start, end), where=where),
    )


#: Pay lines shown before the rest fold away (most postings first).
PAY_LINES = 3


def advertised_pay(cube, scope: Scope, *, where: str) -> list:
    """What postings in scope state they pay: medians per currency and period, never converted
    (issue 18), or one line saying there is none to show."""
    head = html.Span("Advertised pay: ", className="fw-semibold")
    if not holds_postings(cube):
        return [head, html.Span("not in this data (it holds job counts, not individual ads).", className="text-muted")]
    summary = salary_summary(cube, scope)
    if not summary:
        return [head, html.Span(f"no posting in {where} states pay in this period.", className="text-muted")]
    note = html.Span("medians of what postings state, per currency and period (never converted).",
                     className="text-muted")
    lines = [html.Li(pay_text(entry)) for entry in summary]
    shown = [head, note, html.Ul(lines[:PAY_LINES], className="mb-0 ps-3")]
    if len(lines) > PAY_LINES:  # all countries: one line per currency and period, folded after a few
        rest = len(lines) - PAY_LINES
        shown.append(html.Details([html.Summary(f"{rest} more {'currency or period' if rest == 1 else 'currencies and periods'}"),
                                   html.Ul(lines[PAY_LINES:], className="mb-0 ps-3")]))
    return shown


#: Profile skills listed when postings name no skills (essential first).
PROFILE_SKILLS = 12


def profile_instead(cube, uri: str, *, label: str, where: str) -> list:
    """One line saying the postings name no skills, then the occupation's ESCO profile skills
    (:func:`queries.skill_breakdown` lists the essential groups first)."""
    profile = queries.skill_breakdown(cube, uri)
    line = html.P(f"No skills recorded in {label} postings in {where}. The skills of its ESCO profile:"
                  if len(profile) else f"No skills recorded in {label} postings in {where}.",
                  className="small mb-1")
    if profile.empty:
        return [line]
    items = [html.Li([row.label, html.Span(f" · {row.relation} {row.skill_type}", className="text-muted")])
             for row in profile.head(PROFILE_SKILLS).itertuples(index=False)]
    more = len(profile) - PROFILE_SKILLS
    tail = [html.Div(f"… and {more} more in the skill breakdown below.", className="small text-muted")] if more > 0 else []
    return [line, html.Ol(items, className="small mb-1 ps-3"), *tail]
