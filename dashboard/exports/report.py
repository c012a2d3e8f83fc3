"""The one-click PDF report: a cover page and the four charts, one A4 landscape page each, and
a page of advertised pay when postings state pay (issue 18).

Every page is drawn by the same warm headless Chromium as the chart exports (kaleido,
offline), so text in any script renders with the system fonts and stays selectable; pypdf
joins the pages. The cover is a plotly figure too (text + a table): no second PDF library
and no second set of fonts to keep in step.
"""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import plotly.graph_objects as go

from dashboard import figures
from dashboard.reading import queries, subject_view
from dashboard.reading.cube import Cube
from dashboard.exports.browser import figure_bytes
from dashboard.exports.charts import chart_figure
from dashboard.exports.names import (CHART_NAMES, CHARTS, ESCO_ATTRIBUTION, country_name, dataset_name,
                                     export_basename)
from dashboard.exports.subjects import by_country as subject_by_country
from dashboard.exports.subjects import counts_word, refusal, subject_name, subject_title, totals
from dashboard.view import UNDATED_EXPORT, View

#: A4 landscape (297 x 210 mm) in CSS pixels at 96 dpi; Chromium prints 1 px as 0.75 pt,
#: so the pages come out 842 x 595 pt, the A4 size every printer knows.
PAGE_WIDTH, PAGE_HEIGHT = 1123, 794
#: Countries in the cover page's table.
TOP_COUNTRIES = 10


def report_filename(cube: Cube, view: View) -> str:
    """``report_software-developer_2024-01_2024-12.pdf`` (country added when one is chosen)."""
    return export_basename("report", subject_name(cube, view), view.start, view.end, country=view.country) + ".pdf"


def top_countries(cube: Cube, occupation_uri: str, *, start: str | None, end: str | None,
                  limit: int = TOP_COUNTRIES) -> pd.DataFrame:
    """Countries with the most jobs: name, jobs, per_million, share (most jobs first)."""
    return _top_of(queries.jobs_by_country(cube, occupation_uri, start=start, end=end), limit=limit)


def _top_of(by: pd.DataFrame, *, limit: int = TOP_COUNTRIES) -> pd.DataFrame:
    by = by[by["jobs"] > 0].sort_values(["jobs", "name"], ascending=[False, True]).head(limit)
    return by[["name", "iso3", "jobs", "per_million", "share"]].reset_index(drop=True)


def cover_figure(cube: Cube, view: View, *, generated_at: dt.datetime | None = None) -> go.Figure:
    """The report's first page: its subject (an occupation, an ISCO group, a skill or all
    occupations, issue 15), filters, headline figures, top countries, sources."""
    esc = figures.plain_text
    kind = view.subject.kind
    summary = totals(cube, view)
    top = _top_of(subject_by_country(cube, view))
    generated_at = generated_at or dt.datetime.now(dt.timezone.utc)
    label = subject_title(cube, view)
    jobs, countries = summary["jobs_total"], summary["countries_with_jobs"]
    headline = (f"{jobs:,} {subject_view.count_noun(jobs, kind)} in {countries:,} "
                f"{'country' if countries == 1 else 'countries'}")
    if view.about_one_occupation:
        facts = cube.occupation_facts[view.occupation]  # the cube's lookup, not a re-indexed frame
        detail, key = f"ESCO code {facts.code} · ISCO-08 group {facts.isco_group}", view.occupation
    else:
        detail = subject_view.heading(cube, view.subject)["detail"]
        key = view.subject.key if kind == "skill" else ""
    text = _cover_text
    annotations = [
        text("Job Atlas report", x=0, y=1.0, size=14, colour="#555"),
        text(f"<b>{esc(label)}</b>", x=0, y=0.95, size=28),
        text(esc(figures.shorten(detail, width=150)), x=0, y=0.875, size=14, colour="#333"),
        text(esc(key), x=0, y=0.835, size=11, colour="#666"),
        text("<b>Filters</b><br>" + "<br>".join(_cover_filters(view)), x=0, y=0.76),
        text(f"<b>{esc(headline)}</b>", x=0.6, y=0.76, size=18),
        text("<b>Contents</b><br>" + "<br>".join(_cover_contents(cube, view)), x=0.6, y=0.69),
        text("<b>Top countries by jobs</b>", x=0, y=0.56, size=14),
        text("<b>About the data</b><br>" + "<br>".join(_cover_about(cube, generated_at)),
             x=0.6, y=0.52, size=12, colour="#333"),
    ]
    figure = go.Figure()
    if top.empty:
        what = "this occupation" if view.about_one_occupation else label
        annotations.append(text(f"No {esc(counts_word(view).lower())} for {esc(what)} in this period.",
                                x=0, y=0.5, colour="#555"))
    else:
        _add_top_countries_table(figure, top, counts=counts_word(view))
    figure.update_layout(
        annotations=annotations,
        xaxis={"visible": False}, yaxis={"visible": False},
        margin={"l": 56, "r": 56, "t": 48, "b": 40},
        paper_bgcolor="white", plot_bgcolor="white", font=figures.FONT, showlegend=False,
    )
    return figure


def _cover_text(content: str, *, x: float, y: float, size: int = 13, colour: str = "#222") -> dict:
    """One block of the cover's text, anchored top left at (x, y) of the page."""
    return {"text": content, "x": x, "y": y, "xref": "paper", "yref": "paper", "xanchor": "left",
            "yanchor": "top", "align": "left", "showarrow": False, "font": {"size": size, "color": colour}}


def _cover_filters(view: View) -> list[str]:
    """The filters of the view, one a line: country, period, what the map is coloured by."""
    esc = figures.plain_text
    return [
        f"Country: {esc(country_name(view) or 'all countries')}",
        f"Period: {esc(view.period_text(undated=UNDATED_EXPORT))}",
        f"Map coloured by: {esc(figures.MEASURES[view.measure][0])}",
    ]


def _cover_about(cube: Cube, generated_at: dt.datetime) -> list[str]:
    """About the data: source, taxonomy, attribution, when the cube was built and the report made."""
    esc = figures.plain_text
    dataset = cube.report.get("dataset") or {}
    # One short fact a line: the right column is ~400 px wide and annotations do not wrap.
    about = [
        f"Source: {esc(figures.shorten(dataset_name(cube), width=60))}",
        f"Taxonomy: {esc(dataset.get('taxonomy') or 'unknown')}",
        ESCO_ATTRIBUTION,
        f"Cube built: {esc(cube.report.get('built_at') or 'unknown')}",
        f"Cube version: {esc(cube.version)}",
        f"Report generated: {generated_at.isoformat(timespec='seconds')}",
    ]
    if cube.is_demo:
        about.insert(1, "<i>Demo data: generated postings, not real job advertisements.</i>")
    return about


def _cover_contents(cube: Cube, view: View) -> list[str]:
    """The report's pages after the cover, numbered from 2 (the pay page only when there is pay)."""
    contents = [f"{page}. {CHART_NAMES[chart]}" for page, chart in enumerate(report_charts(cube, view), start=2)]
    if pay_page_figure(cube, view) is not None:
        contents.append(f"{len(contents) + 2}. {PAY_PAGE}")
    if panel_page_figure(cube, view) is not None:
        contents.append(f"{len(contents) + 2}. {PANEL_PAGE}")
    return contents


def _add_top_countries_table(figure: go.Figure, top: pd.DataFrame, *, counts: str = "Jobs") -> None:
    """The table of the countries with the most jobs, on the left half of the page's lower part."""
    esc = figures.plain_text
    figure.add_table(
        domain={"x": [0, 0.55], "y": [0, 0.52]},
        columnwidth=[2.2, 1, 1.4, 1.4],
        header={"values": ["<b>Country</b>", f"<b>{figures.plain_text(counts)}</b>", "<b>Per million inhabitants</b>",
                           "<b>Share of the country's postings</b>"],
                "fill_color": "#e9eef3", "align": ["left", "right", "right", "right"],
                "font": {"size": 12, "color": "#222"}, "height": 30},
        cells={"values": [[esc(n) for n in top["name"]],
                          [figures.format_count(v) for v in top["jobs"]],
                          [figures.format_per_million(v) for v in top["per_million"]],
                          [figures.format_share(v) for v in top["share"]]],
               "align": ["left", "right", "right", "right"], "font": {"size": 12, "color": "#222"},
               "fill_color": "white", "line_color": "#ddd", "height": 24},
    )


def build_report_pdf(cube: Cube, view: View) -> bytes:
    """One PDF: the cover page, then the map, skill demand, skill breakdown and trend.

    The view's country scopes the skill-demand and trend pages, its period every page but the
    breakdown, its measure colours the map. The view was checked once, where it was built:
    every page reuses it.

    Raises
    ------
    ExportUnavailable
        Without a working Chromium.
    """
    from pypdf import PdfReader, PdfWriter

    pages = [cover_figure(cube, view)]
    pages += [chart_figure(cube, chart, view) for chart in report_charts(cube, view)]
    pay_page = pay_page_figure(cube, view)
    if pay_page is not None:
        pages.append(pay_page)
    panel_page = panel_page_figure(cube, view)
    if panel_page is not None:
        pages.append(panel_page)
    writer = PdfWriter()
    for page in pages:
        writer.append(PdfReader(io.BytesIO(figure_bytes(page, "pdf", width=PAGE_WIDTH, height=PAGE_HEIGHT, scale=1))))
    writer.add_metadata({
        "/Title": f"Job Atlas report: {subject_name(cube, view)}",
        "/Subject": f"{subject_name(cube, view)}; {country_name(view) or 'all countries'}; "
                    f"{view.period_text(undated=UNDATED_EXPORT)}",
        "/Creator": "Job Atlas",
    })
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def report_charts(cube: Cube, view: View | None = None) -> tuple[str, ...]:
    """The report's chart pages: no trend page when the data has fewer than two months (issue 16),
    and only the charts that apply to the view's subject (issue 15: an ISCO group, a skill or all
    occupations have no skill-demand or breakdown page, a skill no trend)."""
    charts = CHARTS if cube.has_trend else tuple(c for c in CHARTS if c != "trend")
    return charts if view is None else tuple(c for c in charts if refusal(cube, view, c) is None)


#: The pay page's title in the report's contents.
PAY_PAGE = "Advertised pay"
#: Countries on the pay page (the Advertised pay export holds every one).
PAY_COUNTRIES = 20


def pay_page_figure(cube: Cube, view: View) -> go.Figure | None:
    """The report's advertised-pay page (issue 18): for the countries with the most postings
    stating pay, each country's most-stated currency and period with its median stated min–max,
    never converted; None when no posting of the view states pay (or the cube holds counts)."""
    from dashboard.exports.charts import decorate_for_report
    from dashboard.exports.names import source_line
    from dashboard import geo
    from dashboard.exports.tables import pay_rows
    from dashboard.reading.advertised_pay import pair_label, plurality, plurality_short, table_pay

    rows = pay_rows(cube, view)  # the view's occupation's, ISCO group's or every posting's; none for a skill
    if not rows:
        return None
    esc = figures.plain_text
    cells = table_pay(rows)
    shown = sorted(cells.items(), key=lambda item: (-item[1]["stating"], geo.country_name(item[0], default=item[0])))
    more = len(shown) - PAY_COUNTRIES
    shown = shown[:PAY_COUNTRIES]
    figure = go.Figure(go.Table(
        columnwidth=[2, 2.6, 1.3, 1.3, 1.3],
        header={"values": ["<b>Country</b>", "<b>Most-stated pay (median stated min–max)</b>",
                           "<b>Postings stating it</b>", "<b>Postings stating pay</b>", "<b>Currency and period</b>"],
                "fill_color": "#e9eef3", "align": ["left", "left", "right", "right", "left"],
                "font": {"size": 12, "color": "#222"}, "height": 28},
        cells={"values": [[esc(geo.country_name(iso3, default=iso3)) for iso3, _ in shown],
                          [esc(cell["text"]) for _, cell in shown],
                          [f"{cell['postings']:,}" for _, cell in shown],
                          [f"{cell['stating']:,}" for _, cell in shown],
                          [esc(pair_label(cell["currency"], cell["period"])) for _, cell in shown]],
               "align": ["left", "left", "right", "right", "left"], "font": {"size": 12, "color": "#222"},
               "fill_color": "white", "line_color": "#ddd", "height": 23},
    ))
    figure.update_layout(margin={"l": 40, "r": 40, "t": 10, "b": 10}, paper_bgcolor="white", font=figures.FONT)
    label = subject_title(cube, view)
    note = plurality_short(plurality(rows)) + "."
    rest = f" {more:,} more countries: Advertised pay export." if more > 0 else ""
    return decorate_for_report(figure, title=f"{label[:1].upper()}{label[1:]}: advertised pay by country",
                               period=view.period_text(undated=UNDATED_EXPORT), units=note + rest,
                               source=source_line(cube), bottom=10)


#: The country panel's page of an ISCO group, a skill or all occupations (issue 15).
PANEL_PAGE = "Country panel"
#: Rows on that page per list, as the screen's panel shows them (layouts/subject.py: five ISCO
#: groups, eight skills); an ISCO group's occupations fill the page. The export holds every row.
PANEL_ROWS = {"occupations": 10, "isco_major_groups": 5, "skills": 8}
PANEL_GROUP_ROWS = 22


def panel_page_figure(cube: Cube, view: View) -> go.Figure | None:
    """The report's country-panel page (issue 15): the lists beside the map of an ISCO group (its
    occupations and their jobs), a skill (the occupations whose postings ask for it most) or all
    occupations (top occupations, ISCO major groups, skills), in the view's country and period,
    as the Country panel export holds them; None for an occupation (its skill-demand and trend
    pages are its panel)."""
    from dashboard.exports.charts import decorate_for_report
    from dashboard.exports.names import source_line
    from dashboard.exports.subjects import panel_frame

    if refusal(cube, view, "panel") is not None:
        return None
    frame = panel_frame(cube, view)
    esc = figures.plain_text
    lists = {"occupations": "Occupation", "isco_major_groups": "ISCO major group", "skills": "Skill"}
    limits = {**PANEL_ROWS, "occupations": PANEL_GROUP_ROWS} if view.subject.kind == "isco" else PANEL_ROWS
    shown = frame[frame["rank"] <= frame["list"].map(limits).fillna(0)].reset_index(drop=True)
    more = len(frame) - len(shown)
    counts = [shown["jobs"].iat[i] if not pd.isna(shown["jobs"].iat[i]) else shown["postings_asking_for_skill"].iat[i]
              for i in range(len(shown))]
    unit = [("jobs" if not pd.isna(shown["jobs"].iat[i]) else "postings") for i in range(len(shown))]
    figure = go.Figure(go.Table(
        columnwidth=[1.3, 0.5, 3, 1, 1.4, 0.9],
        header={"values": ["<b>List</b>", "<b>Rank</b>", "<b>Name</b>", "<b>Code</b>", "<b>Count</b>",
                           "<b>Share</b>"],
                "fill_color": "#e9eef3", "align": ["left", "right", "left", "left", "right", "right"],
                "font": {"size": 12, "color": "#222"}, "height": 26},
        cells={"values": [[lists.get(v, v) for v in shown["list"]],
                          [int(v) for v in shown["rank"]],
                          [esc(str(v)) for v in shown["label"]],
                          ["" if pd.isna(v) else esc(str(v)) for v in shown["code"]],
                          [f"{int(c):,} {u}" for c, u in zip(counts, unit)],
                          ["" if pd.isna(v) else figures.format_share(v) for v in shown["share"]]],
               "align": ["left", "right", "left", "left", "right", "right"], "font": {"size": 12, "color": "#222"},
               "fill_color": "white", "line_color": "#ddd", "height": 22},
    ))
    figure.update_layout(margin={"l": 40, "r": 40, "t": 10, "b": 10}, paper_bgcolor="white", font=figures.FONT)
    where = country_name(view) or "all countries"
    shares = {"isco": "Share of the group's jobs",
              "skill": "Postings asking for the skill; share of the occupation's jobs",
              "all": "Skills: postings asking for each; share of all jobs"}[view.subject.kind]
    rest = f" {more:,} more rows: Country panel export." if more > 0 else ""
    if frame.empty:
        rest = f" Nothing listed in {where} in this period."
    return decorate_for_report(figure, title=f"{subject_title(cube, view)}: country panel, {where}",
                               period=view.period_text(undated=UNDATED_EXPORT), units=f"{shares}.{rest}",
                               source=source_line(cube), bottom=10)
