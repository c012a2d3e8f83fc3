"""The page: a function of the settings, called on every page load (no data read at import).

Layout at 1280x800: header and controls on top; the map (with its table alternative) on the
left and the country panel on the right fill the first screen; the occupation's skill
breakdown and "About the data" follow below.
"""
from __future__ import annotations

from pathlib import Path

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import figures, paths
from dashboard.reading import queries
from dashboard.reading.cube import Cube
from dashboard.errors import CubeNotFound
from dashboard.exports.names import export_basename
from dashboard.settings import Settings
from dashboard.view import View, month_label, occupation_label, period_text
from layouts import ids
from layouts.available_jobs import available_jobs_card
from layouts.export_menu import export_menu
from layouts.map_table import DEFAULT_SORT
from layouts.occupation_about import occupation_about_card

MAP_HEIGHT = "390px"
#: ``tab_id`` of the map card's Table tab (callbacks/map_table.py renders it while it is open).
MAP_TABLE_TAB = "table"
#: Short names of the map measures for the segmented control (the legend gives the long ones).
MEASURE_LABELS = {"jobs": "Jobs", "per_million": "Per million", "share": "Share",
                  "location_quotient": "Location quotient"}
#: Where the app serves data/geo/countries.geojson. The map's traces reference the geometry by
#: URL: the browser fetches it once and caches it, and the page's JSON stays small.
COUNTRIES_GEOJSON_ROUTE = "/geo/countries.geojson"
#: Where the app serves the occupation picker's search index (callbacks.occupation_picker): the
#: browser filters the picker itself, so typing sends no request (issue 6).
OCCUPATION_INDEX_ROUTE = "/occupation-index/"
#: Bumped whenever the index's JSON layout changes, so a browser never reads an older one.
OCCUPATION_INDEX_FORMAT = 3  # 2: options carry short keys as values (option_key); 3: ISCO groups and skills
#: Characters of the description an option shows on hover.
OPTION_TITLE_CHARS = 300


def graph_config(*, filename: str, topojson_url: str | None = None, scroll_zoom: bool = False) -> dict:
    """dcc.Graph config: PNG download named after the chart, occupation and period; no plotly logo.

    ``topojson_url`` points the map's base topology at our own server (offline, DESIGN.md).
    """
    config = {
        "displaylogo": False,
        # plotly.js 4 shows a "Share chart..." button that posts the figure to plotly's cloud
        # (plotlyServerURL): nothing may leave the machine (DESIGN.md, Offline).
        "showSendToCloud": False,
        "plotlyServerURL": "",
        "scrollZoom": scroll_zoom,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
    if topojson_url:
        config["topojsonURL"] = topojson_url
    return config


def map_graph_config(*, filename: str, topojson_url: str = paths.TOPOJSON_ROUTE) -> dict:
    """The map's config: scroll-wheel zoom and the local topology."""
    return graph_config(filename=filename, topojson_url=topojson_url, scroll_zoom=True)


def chart_filenames(*, occupation: str, start: str | None, end: str | None, country: str | None) -> dict[str, str]:
    """Toolbar download names of the four charts (chart -> basename)."""
    return {
        "map": export_basename("map", occupation, start, end),
        "skills": export_basename("skills", occupation, start, end, country=country),
        "breakdown": export_basename("breakdown", occupation, None, None),
        "trend": export_basename("trend", occupation, start, end, country=country),
    }


def share_link() -> html.Div:
    """"Copy link": the URL that restores this exact view, for an e-mail or a report."""
    return html.Div(
        [dcc.Clipboard(id=ids.ShareLink.BUTTON, title="Copy a link to this view", className="d-inline-block me-1"),
         html.Span("Copy link", className="small")],
        className="btn btn-outline-secondary btn-sm d-inline-flex align-items-center",
    )


def serve_layout(settings: Settings, *, exports_unavailable: str | None) -> dbc.Container:
    """The whole page for the cube in ``settings.data_dir`` (an error page when there is none).

    ``exports_unavailable``: why image exports cannot run (None: they can); the app's wiring
    checks Chromium, a layout never does.
    """
    try:
        cube = Cube.open(settings.data_dir)
    except CubeNotFound as error:
        return dbc.Container(
            [html.H1("Job Atlas", className="h3 my-3"), dbc.Alert(str(error), color="danger")], fluid=True
        )
    # The first page load of a process starts loading what interactions need (skill demand in
    # memory); gunicorn workers have done it before serving (gunicorn.conf.py post_worker_init).
    cube.warm_in_background()
    view = View.default(cube)
    label = occupation_label(cube, view.occupation)
    names = chart_filenames(occupation=label, start=view.start, end=view.end, country=None)
    return dbc.Container(
        [
            dcc.Location(id=ids.Page.URL, refresh=False),
            dcc.Store(id=ids.ViewStore.STORE, storage_type="memory"),
            header(cube, exports_unavailable=exports_unavailable),
            dbc.Alert(id=ids.Page.URL_NOTICE, is_open=False, color="info", dismissable=True, class_name="py-2 mb-2"),
            controls(cube, view),
            dbc.Row(
                [
                    dbc.Col(map_card(cube, view, filename=names["map"]), lg=7, class_name="mb-3"),
                    dbc.Col(country_card(cube, skills_filename=names["skills"], trend_filename=names["trend"]),
                            lg=5, class_name="mb-3"),
                ],
                class_name="g-3",
            ),
            # Issue 15: hidden while the view is about an ISCO group, a skill or all occupations.
            html.Div([available_jobs_card(), occupation_about_card(), breakdown_card(filename=names["breakdown"])],
                     id=ids.Subject.OCCUPATION_SECTION),
            about_card(cube),
        ],
        fluid=True,
        class_name="px-3 pb-4",
    )


def header(cube: Cube, *, exports_unavailable: str | None) -> html.Header:
    banner = None
    if cube.is_demo:
        banner = dbc.Badge("Demo data — generated, not real postings", id=ids.Page.DEMO_BANNER, color="warning",
                           text_color="dark", class_name="fs-6 fw-semibold ms-2")
    return html.Header(
        dbc.Row(
            [
                dbc.Col(html.H1("Job Atlas", className="h4 m-0"), width="auto"),
                dbc.Col(banner, width="auto"),
                dbc.Col(html.Span("Where are the jobs, and which skills do employers ask for?",
                                  className="text-muted small"), class_name="d-none d-xxl-block"),
                dbc.Col(share_link(), width="auto", class_name="ms-auto"),
                dbc.Col(html.Div(export_menu(unavailable=exports_unavailable), id=ids.Export.SLOT), width="auto"),
                dbc.Col(html.A("About the data", href="#" + ids.AboutData.CARD, id=ids.Page.ABOUT_LINK, className="small"),
                        width="auto"),
            ],
            align="center",
            class_name="g-2 py-2",
        )
    )


def occupation_option(cube: Cube, uri: str, *, matched: str | None = None, query: str = "") -> dict:
    """One picker option. ``search`` holds what the server matched, so the dropdown's own
    client-side filter never hides a match on an alternative label or code. The value is the
    occupation's short key (``OccupationIndex.option_key``), not its URI: the dropdown indexes
    every substring of every value each time its options change (issue 6)."""
    facts = cube.occupation_facts[uri]  # a dict lookup: this runs for up to 51 options a keystroke
    label, code = facts.label, facts.code
    shown = f"{label} ({code})" if code else label
    if matched and matched != label and matched != code:
        shown = f"{shown} — also “{matched}”"
    search = " ".join(p for p in (query, label, code, matched or "") if p)
    return {"label": shown, "value": cube.occupation_index.option_key(uri), "search": search,
            "title": facts.description[:OPTION_TITLE_CHARS]}


def occupation_index_url(cube: Cube) -> str:
    """URL of the picker's search index for this cube: a new build or format gets a new URL, so
    browsers may cache it for good."""
    return f"{OCCUPATION_INDEX_ROUTE}{cube.version}-v{OCCUPATION_INDEX_FORMAT}.json"


def isco_options(cube: Cube, *, parent: str | None, level: int) -> list[dict]:
    """ISCO groups of one level (under ``parent`` when given) as dropdown options."""
    groups = cube.isco_groups
    groups = groups[groups["level"] == level]
    if parent:
        groups = groups[groups["parent_code"] == parent]
    return [{"label": f"{r.code} {r.label}", "value": str(r.code)} for r in groups.itertuples(index=False)]


def period_mark_indices(n: int, *, most: int = 5) -> list[int]:
    """Slider positions that get a month label: evenly spaced back from the last month, so
    the newest is always labelled and no two labels overlap (at most ``most``)."""
    if n <= 0:
        return []
    step = max(1, -(-(n - 1) // (most - 1))) if n > most else 1
    indices = list(range(n - 1, -1, -step))
    if indices[-1] != 0 and indices[-1] >= 0.75 * step:
        indices.append(0)
    return sorted(indices)


def controls(cube: Cube, view: View) -> dbc.Card:
    months = cube.months
    n = len(months)
    marks = {i: month_label(months[i]).replace(" ", "\u00a0") for i in period_mark_indices(n)}
    start = months.index(view.start) if view.start in months else 0
    end = months.index(view.end) if view.end in months else max(n - 1, 0)
    isco = dbc.Row(
        [
            dbc.Col(
                [html.Label(title, htmlFor=component_id, className="form-label small mb-0"),
                 dcc.Dropdown(id=component_id, options=isco_options(cube, parent=None, level=1) if level == 1 else [],
                              placeholder="Any", maxHeight=300)],
                md=3,
            )
            for level, (title, component_id) in enumerate(
                zip(("Major group", "Sub-major group", "Minor group", "Unit group"), ids.OccupationPicker.ISCO_LEVELS), start=1)
        ]
        + [dbc.Col(html.Div(id=ids.OccupationPicker.ISCO_HINT, className="small text-muted", role="status"), width=12)],
        class_name="g-2 mt-1",
    )
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                html.Div(
                                    [html.Label("What to map", htmlFor=ids.OccupationPicker.DROPDOWN,
                                                className="form-label fw-semibold mb-0 me-2"),
                                     dbc.Button("Browse by ISCO group", id=ids.OccupationPicker.ISCO_TOGGLE, color="link", size="sm",
                                                class_name="p-0 small", n_clicks=0)],
                                    className="d-flex align-items-baseline",
                                ),
                                # The wrapper holds the picker's button and its (Dash 4: portalled
                                # into the wrapper) option list: assets/picker.js fetches the index
                                # on the first focus or hover inside it, dashboard.css styles it.
                                html.Div(dcc.Dropdown(
                                    id=ids.OccupationPicker.DROPDOWN,
                                    options=[occupation_option(cube, view.occupation)] if view.occupation else [],
                                    value=(cube.occupation_index.option_key(view.occupation)
                                           if view.occupation else None),
                                    clearable=False,
                                    placeholder="Type an occupation (or ESCO code), an ISCO group or a skill",
                                    maxHeight=360,
                                    # assets/picker.js ranks the options; the dropdown's own
                                    # search (Dash 4: relevance order) must keep that order.
                                    search_order="original",
                                ), className="job-atlas-picker"),
                                # Where assets/picker.js fetches the search index (on the first
                                # focus or hover of the picker, not during the first load).
                                dcc.Store(id=ids.OccupationPicker.INDEX,
                                          data={"url": occupation_index_url(cube), "id": ids.OccupationPicker.INDEX}),
                            ],
                            lg=4,
                        ),
                        dbc.Col(
                            [
                                html.Div([html.Span("Period", className="form-label fw-semibold mb-0 me-2"),
                                          html.Span(period_text(view.start, view.end), id=ids.Controls.PERIOD_LABEL,
                                                    className="small text-muted")]),
                                # Undated data (counts files with no period, issue 16): no slider
                                # with a made-up month; the label says the data carries none.
                                html.Div(dcc.RangeSlider(id=ids.Controls.PERIOD_SLIDER, min=0, max=max(n - 1, 0), step=1,
                                                         value=[start, end], marks=marks, allowCross=False,
                                                         disabled=n < 2, updatemode="mouseup",
                                                         # Dash 4's number boxes would show month
                                                         # indices (0-23), not months: off.
                                                         allow_direct_input=False),
                                         hidden=n == 0),
                            ],
                            lg=4,
                        ),
                        dbc.Col(
                            [
                                html.Div("Colour the map by", className="form-label fw-semibold mb-0"),
                                html.Div(
                                    dbc.RadioItems(
                                        id=ids.Controls.MEASURE_RADIO,
                                        options=[{"label": MEASURE_LABELS[m], "value": m} for m in figures.MEASURES],
                                        value=view.measure,
                                        # Radio inputs styled as a segmented button: keyboard and
                                        # screen readers still see one radio group.
                                        class_name="btn-group",
                                        input_class_name="btn-check",
                                        label_class_name="btn btn-outline-primary btn-sm",
                                        label_checked_class_name="active",
                                    ),
                                    className="radio-group",
                                ),
                            ],
                            lg=4,
                        ),
                    ],
                    class_name="g-3",
                ),
                dbc.Collapse(isco, id=ids.OccupationPicker.ISCO_COLLAPSE, is_open=False),
            ],
            class_name="py-2",
        ),
        class_name="mb-2",
    )


def headline_figure(label: str, component_id: str, value: str) -> html.Div:
    return html.Div(
        [html.Span(value, id=component_id, className="fs-4 fw-bold lh-1 me-1"), html.Span(label, className="small text-muted")],
        className="ms-3 text-nowrap",
    )


def map_card(cube: Cube, view: View, *, filename: str) -> dbc.Card:
    by_country = queries.jobs_by_country(cube, view.occupation, start=view.start, end=view.end) \
        if view.occupation else None
    countries = cube.countries
    if by_country is None:
        by_country = countries.assign(jobs=0, per_million=float("nan"), share=float("nan"), has_data=False,
                                      rank=float("nan"))
    figure = figures.jobs_map_figure(by_country, geojson=COUNTRIES_GEOJSON_ROUTE, measure=view.measure,
                                     countries=countries, frame=queries.map_frame(cube))
    # The Table tab's body is empty until the tab is opened (callbacks/map_table.py): the first
    # page view carries no table and no table script. A keyboard-focusable scrolling region, the
    # map's height, with its own name.
    table = html.Div(html.P("Loading the table…", className="small text-muted p-2"), id=ids.Table.BODY,
                     className="map-table-scroll", style={"height": MAP_HEIGHT}, tabIndex="0", role="region",
                     **{"aria-label": "Jobs by country, as a table"})
    table_stores = [
        dcc.Store(id=ids.Table.ROWS, storage_type="memory"),
        dcc.Store(id=ids.Table.SHOWN, storage_type="memory"),
        dcc.Store(id=ids.Table.SORT, storage_type="memory", data=DEFAULT_SORT),
    ]
    return dbc.Card(
        dbc.CardBody(
            [
                dbc.Row(
                    [
                        dbc.Col(html.H2(occupation_label(cube, view.occupation), id=ids.Headline.OCCUPATION,
                                        className="h5 mb-0")),
                        dbc.Col(
                            html.Div(
                                [headline_figure("jobs", ids.Headline.JOBS, "…"),
                                 headline_figure("countries with jobs", ids.Headline.COUNTRIES, "…")],
                                className="d-flex align-items-end",
                                **{"aria-live": "polite"},
                            ),
                            width="auto",
                        ),
                    ],
                    class_name="g-2 align-items-end",
                ),
                html.Div([html.Span(id=ids.Headline.DETAIL), " · ",
                          html.Span(period_text(view.start, view.end), id=ids.Headline.PERIOD)],
                         className="small text-muted mb-1"),
                dbc.Tabs(
                    [
                        dbc.Tab(
                            [
                                dcc.Graph(id=ids.Map.GRAPH, figure=figure, config=map_graph_config(filename=filename),
                                          style={"height": MAP_HEIGHT}, clear_on_unhover=True),
                                # Under the map only: the Table tab has its own way of working.
                                html.Div("Scroll or pinch to zoom, drag to pan, double-click to reset. Click a country "
                                         "for its skills; grey = no postings data.", className="small text-muted mt-1"),
                            ],
                            label="Map", tab_id="map",
                        ),
                        dbc.Tab(table, label="Table", tab_id=MAP_TABLE_TAB),
                    ],
                    id=ids.Map.TABS,
                    active_tab="map",
                ),
                *table_stores,
            ],
            class_name="py-2",
        ),
        class_name="h-100",
    )


def country_card(cube: Cube, *, skills_filename: str, trend_filename: str) -> dbc.Card:
    countries = cube.countries.sort_values("name")
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("All countries", id=ids.CountryPanel.TITLE, className="h5 mb-1"),
                dbc.Row(
                    [
                        dbc.Col(
                            [html.Label("Country", htmlFor=ids.CountryPanel.DROPDOWN, className="visually-hidden"),
                             dcc.Dropdown(id=ids.CountryPanel.DROPDOWN,
                                          options=[{"label": r.name, "value": r.iso3}
                                                   for r in countries.itertuples(index=False)],
                                          value=None, placeholder="All countries: pick one or click the map",
                                          clearable=True)],
                        ),
                        dbc.Col(dbc.Button("All countries", id=ids.CountryPanel.CLEAR, color="secondary", outline=True,
                                           size="sm", n_clicks=0), width="auto"),
                    ],
                    class_name="g-2 align-items-center mb-2",
                ),
                html.Div(id=ids.CountryPanel.STATS, className="small mb-1", role="status", **{"aria-live": "polite"}),
                html.Div(id=ids.CountryPanel.PAY, className="small mb-1"),
                html.Div(
                    [
                        html.Div(dcc.Graph(id=ids.Skills.GRAPH, figure=figures.empty_figure("Loading…"),
                                           config=graph_config(filename=skills_filename), style={"height": "330px"}),
                                 id=ids.Skills.GRAPH_BOX),
                        # Without skill mentions (e.g. counts data): one line and the ESCO profile
                        # instead of an empty chart (issue 16).
                        html.Div(id=ids.Skills.PROFILE),
                        # A trend needs two months at least (issue 16: no one-point trend).
                        html.Div(dcc.Graph(id=ids.CountryPanel.TREND_GRAPH, figure=figures.empty_figure("Loading…"),
                                           config=graph_config(filename=trend_filename), style={"height": "170px"}),
                                 hidden=not cube.has_trend),
                    ],
                    id=ids.CountryPanel.PANEL,
                ),
            ],
            class_name="py-2",
        ),
        class_name="h-100",
    )


def breakdown_card(*, filename: str) -> dbc.Card:
    return dbc.Card(
        dbc.CardBody(
            [
                html.H2("Skill breakdown of the occupation", className="h5"),
                html.P("The skills the taxonomy lists for this occupation, as the ESCO portal groups them. "
                       "Tick the skills you have (your selection stays when you switch occupation); "
                       "open a skill for its description.", className="small text-muted mb-2"),
                html.Div(id=ids.SkillSelection.SUMMARY, className="small mb-2", role="status"),
                dbc.Row(
                    [
                        dbc.Col(dcc.Graph(id=ids.Breakdown.GRAPH, figure=figures.empty_figure("Loading…"),
                                          config=graph_config(filename=filename), style={"height": "220px"}), lg=4),
                        dbc.Col(html.Div(id=ids.Breakdown.LISTS), lg=8),
                    ],
                    class_name="g-3",
                ),
            ]
        ),
        class_name="mb-3",
    )


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
