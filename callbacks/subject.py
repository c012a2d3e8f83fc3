"""The map, headline and country panel for an ISCO group, a skill or all occupations (issue 15).

The view callback (``callbacks/view.py``) renders through here when the view's subject is not
one occupation; the outputs are the same as ``callbacks.map_view`` and
``callbacks.country_panel`` fill, so the map is patched the same way. The numbers come from
:mod:`dashboard.reading.subject_view`; the lists beside the map from ``layouts.subject_panel``.
"""
from __future__ import annotations

from dash import Patch, html, no_update

from callbacks import country_panel, map_view
from callbacks.context import current_cube
from dashboard import figures, geo
from dashboard.reading import subject_view, subjects
from dashboard.reading.job_listings import Scope
from dashboard.view import View, period_text
from layouts import ids
from layouts.page import chart_filenames, graph_config, map_graph_config
from layouts.subject_panel import subject_panel

#: Outputs of this module beyond the map's and the country panel's, in order.
OUTPUTS = (
    (ids.Subject.OCCUPATION_SECTION, "hidden"),
    (ids.CountryPanel.TREND_GRAPH, "style"),
)
#: The trend chart's style (layouts.page.country_card), and hidden for a skill: the cube keeps
#: skill demand per period, not per month.
TREND_STYLE = {"height": "170px"}


def is_subject_view(view: View | None) -> bool:
    """Whether the view is about something other than one occupation."""
    return view is not None and not view.about_one_occupation


def section_hidden(view: View | None) -> tuple:
    """The occupation's own cards (about, skill breakdown) are hidden for another subject, and
    the monthly trend for a skill."""
    if not view:
        return (no_update,) * len(OUTPUTS)
    kind = view.subject.kind
    return (kind != "occupation", {**TREND_STYLE, "display": "none"} if kind == "skill" else TREND_STYLE)


def show_map(view: View | None) -> tuple:
    """``map_view.OUTPUTS`` for a subject view."""
    cube = current_cube()
    if view is None:
        return (no_update,) * len(map_view.OUTPUTS)
    subject = view.subject
    start, end = view.start, view.end
    by_country = subject_view.by_country(cube, subject, start=start, end=end)
    totals = subject_view.totals(cube, subject, start=start, end=end)
    heading = subject_view.heading(cube, subject)
    label = subject_view.subject_label(cube, subject)
    period = period_text(start, end)
    message = f"No postings for {label} in {period}" if totals["jobs_total"] == 0 else None
    filename = chart_filenames(occupation=label, start=start, end=end, country=None)["map"]
    return (
        map_view.map_patch(by_country, measure=view.measure, selected=view.country, message=message),
        map_graph_config(filename=filename),
        map_view.table_rows(by_country),
        heading["title"],
        heading["detail"],
        f"{totals['jobs_total']:,}",
        f"{totals['countries_with_jobs']:,}",
        period,
        period,
    )


def show_selection(view: View | None) -> tuple:
    """A country click on a subject view: only the map's outlines change."""
    cube = current_cube()
    if view is None:
        return (no_update,) * len(map_view.OUTPUTS)
    by_country = subject_view.by_country(cube, view.subject, start=view.start, end=view.end)
    update = figures.map_data_trace_update(by_country, measure=view.measure, selected=view.country)
    patch = Patch()
    patch["data"][figures.MAP_DATA_TRACE]["marker"] = update["marker"]
    return (patch,) + (no_update,) * (len(map_view.OUTPUTS) - 1)


def subject_stats(by_country, *, iso3: str | None, subject, label: str, period: str) -> list:
    """The panel's sentence of figures (``country_panel.country_stats``), worded for a skill
    where the country's postings ask for it nowhere."""
    if subject.kind == "skill" and iso3 is not None:
        rows = by_country[by_country["iso3"] == iso3]
        if not rows.empty and bool(rows.iloc[0]["has_data"]) and int(rows.iloc[0]["jobs"]) == 0:
            return [f"No postings ask for {label.removeprefix('the skill ')} here in {period} ",
                    html.Span(f"(the country has {int(rows.iloc[0]['country_postings']):,} postings in all).",
                              className="text-muted")]
    return country_panel.country_stats(by_country, iso3=iso3, label=label, period=period)


def subject_links(cube, view: View) -> dict:
    """href builders for the panel: another subject, this country, period and measure."""
    def href(subject) -> str:
        return "/" + view.with_subject(subject).to_query(cube)

    return {"occupation": lambda uri: href(subject_view.Subject("occupation", uri)),
            "isco": lambda code: href(subject_view.Subject("isco", code)),
            "skill": lambda uri: href(subject_view.Subject("skill", uri))}


def show_country(view: View | None) -> tuple:
    """``country_panel.OUTPUTS`` for a subject view: the country's figures, the subject's list
    of occupations (and for all occupations its ISCO groups and skills), and the monthly trend."""
    cube = current_cube()
    if view is None:
        return (no_update,) * len(country_panel.OUTPUTS)
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
                    else no_update)  # hidden for a skill (section_hidden)
    return (
        geo.country_name(iso3, default=iso3) if iso3 else "All countries",
        subject_stats(by_country, iso3=iso3, subject=subject, label=label, period=period),
        no_update,
        no_update,
        True,  # the skill-demand chart is an occupation's; the lists below replace it
        subject_panel(panel, kind=subject.kind, where=where, links=subject_links(cube, view)),
        trend_figure,
        graph_config(filename=names["trend"]),
        subject_pay(cube, subject, iso3=iso3, start=start, end=end, where=where),
    )


def subject_pay(cube, subject, *, iso3, start, end, where: str) -> list:
    """Advertised pay (issue 18) for an ISCO group's occupations or all occupations; a skill's
    postings are not listed by skill, so its panel says pay is not shown for it."""
    if subject.kind == "skill":
        return [html.Span("Advertised pay: ", className="fw-semibold"),
                html.Span("shown for an occupation, an ISCO group or all occupations, not for a skill.",
                          className="text-muted")]
    members = tuple(subjects.isco_members(cube, subject.key)) if subject.kind == "isco" else None
    return country_panel.advertised_pay(cube, Scope(members, iso3, start, end), where=where)
