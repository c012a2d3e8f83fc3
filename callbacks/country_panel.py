"""The country panel: jobs, rank, trend and skill demand for the selected country (or all).

Rendered by the view callback (``callbacks/view.py``, :func:`render`) when the subject, country
or period changes. For an ISCO group, a skill or all occupations (issue 15) the panel lists the
subject's occupations (``layouts.subject``) instead of the skill-demand chart. The charts
travel as plain figure dicts (``figures.*_spec``).
"""
from __future__ import annotations

from dash import html, no_update

from callbacks.context import current_cube
from callbacks.outputs import changed, unchanged
from callbacks.subject import is_subject_view
from dashboard import figures, geo
from dashboard.reading import queries, subject_view, subjects
from dashboard.reading.job_listings import Scope, holds_postings, pay_text, salary_summary
from layouts import ids
from layouts.charts import chart_filenames, graph_config
from layouts.subject import subject_panel
from dashboard.view import View, occupation_label, period_text

#: Bars in the skill-demand chart (fits the panel at 1280x800).
TOP_SKILLS = 15


def country_stats(by_country, *, iso3: str | None, label: str, period: str, kind: str | None = None) -> list:
    """The panel's sentence of figures for one country, or for all countries (``kind`` "skill":
    worded as postings asking for the skill)."""
    if iso3 is None:
        jobs = int(by_country["jobs"].sum())
        with_jobs = int((by_country["jobs"] > 0).sum())
        return [html.Strong(subject_view.counted(jobs, kind)),
                f" in {with_jobs:,} {'country' if with_jobs == 1 else 'countries'}, {period}. ",
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
        html.Strong(subject_view.counted(int(row["jobs"]), kind)),
        f", {figures.ordinal(int(row['rank']))} of {ranked:,} {subject_view.countries_noun(ranked, kind)} · ",
        f"{figures.format_per_million(row['per_million'])} per million inhabitants · ",
        f"{figures.format_share(row['share'])} of the country's postings",
    ]


#: The outputs :func:`render` fills, by name.
OUTPUTS = {
    "title": (ids.CountryPanel.TITLE, "children"),
    "stats": (ids.CountryPanel.STATS, "children"),
    "skills_figure": (ids.Skills.GRAPH, "figure"),
    "skills_config": (ids.Skills.GRAPH, "config"),
    "skills_hidden": (ids.Skills.GRAPH_BOX, "hidden"),
    "skills_profile": (ids.Skills.PROFILE, "children"),
    "trend_figure": (ids.CountryPanel.TREND_GRAPH, "figure"),
    "trend_config": (ids.CountryPanel.TREND_GRAPH, "config"),
    "pay": (ids.CountryPanel.PAY, "children"),
}
#: What the panel depends on.
KEYS = ("occupation", "country", "start", "end", "other_subject")


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The panel's outputs after the view changed from ``previous`` to ``view``."""
    return show_country(view) if changed(previous, view, KEYS) else unchanged(OUTPUTS)


def show_country(view) -> dict:
    """The values of :data:`OUTPUTS` for a view (``no_update`` for a view naming no occupation)."""
    cube = current_cube()
    if view is None:
        return unchanged(OUTPUTS)
    if is_subject_view(view):
        return subject_country(cube, view)
    uri, iso3, start, end = view.occupation, view.country, view.start, view.end
    label = occupation_label(cube, uri)
    where = geo.country_name(iso3, default=iso3) if iso3 else "all countries"
    period = period_text(start, end)
    by_country = queries.jobs_by_country(cube, uri, start=start, end=end)
    skills = queries.top_skills(cube, uri, iso3=iso3, start=start, end=end, limit=TOP_SKILLS)
    trend = queries.country_trend(cube, uri, iso3=iso3, start=start, end=end)
    names = chart_filenames(occupation=label, start=start, end=end, country=iso3)
    no_mentions = skills.empty
    return {
        "title": geo.country_name(iso3, default=iso3) if iso3 else "All countries",
        "stats": country_stats(by_country, iso3=iso3, label=label, period=period),
        "skills_figure": figures.skill_demand_spec(skills, title=f"Skills asked for in {where}",
                                                   message=f"No skills recorded in {label} postings in {where}"),
        "skills_config": graph_config(filename=names["skills"]),
        "skills_hidden": no_mentions,
        "skills_profile": profile_instead(cube, uri, label=label, where=where) if no_mentions else [],
        "trend_figure": figures.jobs_trend_spec(trend, title=f"Jobs per month in {where}"),
        "trend_config": graph_config(filename=names["trend"]),
        "pay": advertised_pay(cube, Scope((uri,), iso3, start, end), where=where),
    }


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


# -- an ISCO group, a skill or all occupations (issue 15) ------------------------------


def subject_stats(by_country, *, iso3: str | None, subject, label: str, period: str) -> list:
    """The panel's sentence of figures (:func:`country_stats`), worded for a skill
    where the country's postings ask for it nowhere."""
    if subject.kind == "skill" and iso3 is not None:
        rows = by_country[by_country["iso3"] == iso3]
        if not rows.empty and bool(rows.iloc[0]["has_data"]) and int(rows.iloc[0]["jobs"]) == 0:
            return [f"No postings ask for {label.removeprefix('the skill ')} here in {period} ",
                    html.Span(f"(the country has {int(rows.iloc[0]['country_postings']):,} postings in all).",
                              className="text-muted")]
    return country_stats(by_country, iso3=iso3, label=label, period=period, kind=subject.kind)


def subject_links(cube, view: View) -> dict:
    """href builders for the panel: another subject, this country, period and measure."""
    def href(subject) -> str:
        return "/" + view.with_subject(subject).to_query(cube)

    return {"occupation": lambda uri: href(subject_view.Subject("occupation", uri)),
            "isco": lambda code: href(subject_view.Subject("isco", code)),
            "skill": lambda uri: href(subject_view.Subject("skill", uri))}


def subject_country(cube, view: View) -> dict:
    """:data:`OUTPUTS` for a subject view (issue 15): the country's figures, the subject's list
    of occupations (and for all occupations its ISCO groups and skills), and the monthly trend."""
    subject = view.subject
    iso3, start, end = view.country, view.start, view.end
    label = subject_view.subject_label(cube, subject)
    where = geo.country_name(iso3, default=iso3) if iso3 else "all countries"
    period = period_text(start, end)
    by_country = subject_view.by_country(cube, subject, start=start, end=end)
    panel = subject_view.panel(cube, subject, iso3=iso3, start=start, end=end)
    trend = subject_view.trend(cube, subject, iso3=iso3, start=start, end=end)
    names = chart_filenames(occupation=label, start=start, end=end, country=iso3)
    trend_figure = (figures.jobs_trend_spec(trend, title=f"Jobs per month in {where}") if trend is not None
                    else no_update)  # hidden for a skill (callbacks.subject.section_hidden)
    return {
        "title": geo.country_name(iso3, default=iso3) if iso3 else "All countries",
        "stats": subject_stats(by_country, iso3=iso3, subject=subject, label=label, period=period),
        "skills_figure": no_update,
        "skills_config": no_update,
        "skills_hidden": True,  # the skill-demand chart is an occupation's; the lists below replace it
        "skills_profile": subject_panel(panel, kind=subject.kind, where=where, links=subject_links(cube, view)),
        "trend_figure": trend_figure,
        "trend_config": graph_config(filename=names["trend"]),
        "pay": subject_pay(cube, subject, iso3=iso3, start=start, end=end, where=where),
    }


def subject_pay(cube, subject, *, iso3, start, end, where: str) -> list:
    """Advertised pay (issue 18) for an ISCO group's occupations or all occupations; a skill's
    postings are not listed by skill, so its panel says pay is not shown for it."""
    if subject.kind == "skill":
        return [html.Span("Advertised pay: ", className="fw-semibold"),
                html.Span("shown for an occupation, an ISCO group or all occupations, not for a skill.",
                          className="text-muted")]
    members = tuple(subjects.isco_members(cube, subject.key)) if subject.kind == "isco" else None
    return advertised_pay(cube, Scope(members, iso3, start, end), where=where)
