"""Charts decorated to stand alone in a report: title, period, units and the source line.

:func:`chart_figure` draws one chart of the dashboard for a :class:`~dashboard.view.View` with
the same figure builders as the screen (:mod:`dashboard.figures`); the browser module renders it.
"""
from __future__ import annotations

import plotly.graph_objects as go

from dashboard import figures, paths
from dashboard.reading import queries
from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.exports.names import CHARTS, country_name, source_line
from dashboard.exports.subjects import by_country as subject_by_country
from dashboard.exports.subjects import check_applies, collection_occupations, counts_word, postings_scope, \
    subject_title
from dashboard.exports.subjects import trend as subject_trend
from dashboard.view import UNDATED_EXPORT, View

#: Why the Pay measure colours nothing for a skill (as the screen's map says, callbacks/jobs_map.py).
PAY_NOT_FOR_SKILL = "Advertised pay is shown for an occupation, an ISCO group or all occupations, not for a skill."

#: Skills shown on the skill-demand chart and in its data export (the same rows).
TOP_SKILLS = 20


def _unit_text(chart: str, view: View, *, pay_note: str | None = None) -> str:
    if chart == "map" and view.measure == "pay":
        return pay_note or "Advertised pay"
    if chart == "map" and pay_note:  # a collection measure: its share in the whole view
        return pay_note
    if chart == "map":
        # The grey of countries without postings has no legend entry: say it in words.
        measure = figures.MEASURES[view.measure][0]
        if view.measure == "jobs" and view.subject.kind == "skill":
            measure = counts_word(view)  # a skill's map counts the postings asking for it
        return f"{measure} (grey: no postings data)"
    if chart == "skills":
        return "Postings asking for each skill (bar labels: share of the occupation's postings)"
    if chart == "breakdown":
        return "Number of skills in the occupation's ESCO profile"
    return "Jobs (postings) per month"


def _chart_title(cube: Cube, chart: str, view: View) -> str:
    where = country_name(view) or "all countries"
    # ESCO labels are lower case ("software developer"); a headline starts with a capital.
    label = subject_title(cube, view)
    if chart == "map":
        measure = figures.MEASURES[view.measure][0]
        if view.measure == "jobs" and view.subject.kind == "skill":
            measure = counts_word(view)
        return f"{label}: {measure.lower()} by country"
    if chart == "skills":
        return f"{label}: skills asked for in {where}"
    if chart == "breakdown":
        return f"{label}: skills in the occupation profile"
    return f"{label}: jobs per month in {where}"


#: Room under each chart's plot area for its own axis title / legend, before the source line.
_BOTTOM_ROOM = {"map": 10, "skills": 130, "breakdown": 50, "trend": 50}


def decorate_for_report(
    figure: go.Figure,
    *,
    title: str,
    period: str,
    units: str,
    source: str,
    bottom: int = 50,
) -> go.Figure:
    """Title, period, units and source line on a figure, so it stands alone in a report.

    Parameters
    ----------
    figure
        A figure from :mod:`dashboard.figures`; decorated in place and returned (a copy
        would validate a map's GeoJSON again).
    title
        The headline (plain text; escaped here).
    period, units
        Shown as the subtitle: "Jan 2024 – Dec 2024 · Jobs per million inhabitants".
    source
        The source line at the bottom left.
    bottom
        Pixels under the plot area the chart needs for itself (axis title, legend).
    """
    out = figure
    subtitle = " · ".join(part for part in (period, units) if part)
    margin = out.layout.margin
    out.update_layout(
        title={
            "text": f"<b>{figures.plain_text(title)}</b>",
            "subtitle": {"text": figures.plain_text(subtitle), "font": {"size": 13, "color": "#444"}},
            "x": 0.01, "xanchor": "left", "y": 0.97, "yanchor": "top", "yref": "container",
            "font": {"size": 18},
        },
        margin={"t": 86, "b": bottom + 34, "l": max(margin.l or 0, 16), "r": max(margin.r or 0, 16)},
        paper_bgcolor="white",
        # The screen's interaction settings mean nothing in a file.
        uirevision=None,
        dragmode=False,
    )
    out.add_annotation(
        text=figures.plain_text(source),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
        yshift=-(bottom + 28), showarrow=False, align="left",
        font={"size": 11, "color": "#555"},
    )
    return out


def chart_figure(cube: Cube, chart: str, view: View) -> go.Figure:
    """One chart of the dashboard, decorated for a report (title, period, units, source).

    Parameters
    ----------
    chart
        "map", "skills", "breakdown" or "trend".
    view
        Its country scopes the skill-demand and trend charts (the map always shows every
        country; the breakdown comes from the taxonomy); its period, every chart but the
        breakdown; its measure colours the map.
    """
    if chart not in CHARTS:
        raise UsageError(f"chart {chart!r}: expected one of {', '.join(CHARTS)}")
    check_applies(cube, view, chart)  # e.g. no skill breakdown for an ISCO group (issue 15)
    pay = None
    if chart == "map" and view.measure == "pay":
        pay = _map_pay(cube, view)
    elif chart == "map" and view.measure in figures.COLLECTION_MEASURES:
        pay = _map_collection(cube, view)
    figure = _plain_chart(cube, chart, view, pay=pay)
    period = "ESCO taxonomy" if chart == "breakdown" else view.period_text(undated=UNDATED_EXPORT)
    return decorate_for_report(figure, title=_chart_title(cube, chart, view), period=period,
                               units=_unit_text(chart, view, pay_note=pay[2] if pay else None),
                               source=source_line(cube), bottom=_BOTTOM_ROOM[chart])


def _map_pay(cube: Cube, view: View):
    """The Pay measure's frame, pair and note for the map export (as the screen's, issue 18)."""
    from dashboard.reading.advertised_pay import map_pay, pay_by_country, plurality_short
    from dashboard.reading.job_listings import COUNTS_ONLY_MESSAGE, holds_postings

    by_country = subject_by_country(cube, view)
    scope = postings_scope(cube, view)
    if scope is None:  # a skill: postings are not kept by skill (the screen's map says the same)
        return by_country, None, PAY_NOT_FOR_SKILL
    if not holds_postings(cube):
        return by_country, None, f"{COUNTS_ONLY_MESSAGE} No advertised pay to map."
    frame, chosen = map_pay(by_country, pay_by_country(cube, scope))
    note = plurality_short(chosen) + (f" (grey: none in {chosen.label})" if chosen is not None else "")
    return frame, chosen, note


def _map_collection(cube: Cube, view: View):
    """A collection measure's frame and note for the map export (issue 15), as the screen's;
    (frame, None, note) like :func:`_map_pay`, no currency pair."""
    from dashboard.reading.collection_postings import map_shares_from, shares_of, short_note

    from dashboard.reading.collection_postings import NOT_FOR_SKILL

    by_country = subject_by_country(cube, view)
    counted, occupations = collection_occupations(cube, view)
    if not counted:
        return by_country, None, NOT_FOR_SKILL
    shares = shares_of(cube, occupations, start=view.start, end=view.end)
    frame, _, message = map_shares_from(cube, by_country, shares, collection=view.measure)
    return frame, None, message or short_note(shares, collection=view.measure)


def _plain_chart(cube: Cube, chart: str, view: View, *, pay=None) -> go.Figure:
    uri, start, end = view.occupation, view.start, view.end
    if chart == "map":
        by_country = subject_by_country(cube, view) if pay is None else pay[0]
        what = "this occupation" if view.about_one_occupation else subject_title(cube, view)
        message = None if int(by_country["jobs"].sum()) else f"No {counts_word(view).lower()} for {what} in this period"
        if message is None and pay is not None and postings_scope(cube, view) is None:
            message = pay[2]  # a skill coloured by pay or a collection: nothing to colour, say why
        elif message is None and view.measure == "pay" and pay is not None and pay[1] is None:
            message = f"No posting states pay for {what} in this period"
        # The boundaries by URL, not inline: Chromium reads the file itself (offline, file://),
        # which saves serialising 2 x 600 kB of GeoJSON into every render.
        figure = figures.jobs_map_figure(by_country, geojson=paths.COUNTRIES_GEOJSON.resolve().as_uri(),
                                         measure=view.measure, countries=cube.countries, message=message,
                                         frame=queries.map_frame(cube), counts=counts_word(view),
                                         pay_pair=pay[1].label if pay is not None and pay[1] is not None else None)
        return figure
    if chart == "skills":
        top = queries.top_skills(cube, uri, iso3=view.country, start=start, end=end, limit=TOP_SKILLS)
        return figures.skill_demand_figure(top, title="")
    if chart == "breakdown":
        counts = queries.breakdown_counts(queries.skill_breakdown(cube, uri))
        return figures.skill_breakdown_figure(counts, title="")
    if chart == "trend" and not cube.has_trend:
        return figures.empty_figure("No trend: the data carries no period" if cube.is_undated
                                    else "No trend: the data covers one month")
    if chart == "trend":
        trend = subject_trend(cube, view)
        figure = figures.jobs_trend_figure(trend, title="")
        # Short periods: one tick per month (or quarter) on the report page (whole-number job
        # ticks for small counts come from the figure builder).
        if 0 < len(trend) <= 24:
            figure.update_xaxes(dtick="M1" if len(trend) <= 12 else "M3")
        return figure
    raise UsageError(f"chart {chart!r}: expected one of {', '.join(CHARTS)}")
