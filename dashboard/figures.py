"""Pure figure builders: DataFrame in, ``go.Figure`` out. No I/O, no globals, no dash.

Each chart is defined once as a plain figure dict (``*_spec``: ``{"data": [...], "layout":
{...}}``) and ``*_figure`` wraps it in ``go.Figure``. The web callbacks send the dicts as they
are: building and validating graph objects cost 15-40 ms per chart, most of an interaction
(issue 6), while the exports and tests use the validated ``go.Figure`` of the same dict.

Text from data (country names, occupation and skill labels) is escaped before it reaches
plotly, whose labels understand a few HTML tags: a label is always shown as the text it is.
"""
from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

#: Colour-blind-safe sequential scale (viridis is perceptually uniform and CVD-safe). Reversed,
#: so zero jobs is the lightest colour and dense areas stand out dark.
SEQUENTIAL_SCALE = "Viridis"
#: Countries without postings data: a neutral grey no value of the scale can produce.
NO_DATA_COLOUR = "#c8c8c8"
OCEAN_COLOUR = "#eef4f8"
SELECTED_OUTLINE = "#000000"

#: Constant uirevision: plotly keeps the user's zoom and pan across every update.
MAP_UIREVISION = "jobs-map"
#: Where the map opens: Europe, where ESCO postings are (zoom out for the rest of the world);
#: the projection turns about this central meridian.
MAP_CENTRAL_LONGITUDE = 10.0
#: The map's frames (issue 16): Europe when every country with data is there, else the world.
#: Europe is Albers conic equal-area (areas stay comparable, as on Eurostat's maps), framed by
#: longitude and latitude ranges: plotly sizes the frame to the ranges' aspect, so the map
#: fills the wide map box instead of a square in its middle.
MAP_FRAMES: dict[str, dict] = {
    "europe": {
        "projection_type": "conic equal area",
        "projection_parallels": [43, 62],
        "projection_rotation": {"lon": MAP_CENTRAL_LONGITUDE, "lat": 0, "roll": 0},
        "lonaxis_range": [-24, 44],
        "lataxis_range": [33, 71],
    },
    "world": {
        "projection_type": "natural earth",
        "projection_rotation": {"lon": MAP_CENTRAL_LONGITUDE, "lat": 0, "roll": 0},
        "lonaxis_range": [-180, 180],
        "lataxis_range": [-58, 84],
    },
}


def map_frame(countries_with_data: Iterable[str], anchors: Mapping[str, tuple[float, float]]) -> str:
    """"europe" when every country with data has its anchor (lon, lat) inside the Europe frame,
    else "world" — so no country with jobs is left outside the map (issue 16)."""
    (lon0, lon1), (lat0, lat1) = MAP_FRAMES["europe"]["lonaxis_range"], MAP_FRAMES["europe"]["lataxis_range"]
    for iso3 in countries_with_data:
        lon, lat = anchors.get(iso3, (float("nan"), float("nan")))
        if not (lon0 <= lon <= lon1 and lat0 <= lat <= lat1):
            return "world"
    return "europe"


#: Trace order of the map: the grey "no data" base under the coloured data trace, and over it
#: the grey countries of the Pay measure whose pay is not comparable (empty for other measures).
MAP_BASE_TRACE, MAP_DATA_TRACE, MAP_PAY_GREY_TRACE = 0, 1, 2

#: What the map can be coloured by: measure -> (legend title, colour-bar tick format).
MEASURES: dict[str, tuple[str, str]] = {
    "jobs": ("Jobs", ",d"),
    # "~r": significant digits, trailing zeros trimmed: 0.05, 0.1 ... and 1,200 read right.
    "per_million": ("Jobs per million inhabitants", ",.2~r"),
    "share": ("Share of the country's postings", ".2~%"),
    # Issue 15 (BLS OEWS definition): the subject's share of the country's postings divided by
    # its share of all postings on the map; 1 = as concentrated as everywhere.
    "location_quotient": ("Location quotient (1 = average)", ".2f"),
    # Issue 18: the median stated maximum pay in the view's most-stated currency and period
    # (dashboard.reading.advertised_pay.map_pay), never converted; the colour bar names the pair.
    "pay": ("Median stated max pay", ",.2~f"),
    # Issue 15: the share of the view's postings asking for at least one skill of ESCO's green
    # (digital) skills collection (dashboard.reading.collection_postings.map_shares).
    "green": ("Share of postings asking for a green skill", ".0%"),
    "digital": ("Share of postings asking for a digital skill", ".0%"),
}
DEFAULT_MEASURE = "jobs"

#: Skill groups in display order with their names; the four of the ESCO breakdown, then
#: skills employers ask for that the occupation's profile does not list.
SKILL_GROUPS: dict[str, str] = {
    "essential_knowledge": "Essential knowledge",
    "essential_skill": "Essential skill/competence",
    "optional_knowledge": "Optional knowledge",
    "optional_skill": "Optional skill/competence",
    "other": "Not in the occupation profile",
}
#: Legend names where space is short (the skill-demand chart).
SKILL_GROUP_SHORT: dict[str, str] = {
    "essential_knowledge": "Essential knowledge",
    "essential_skill": "Essential skill",
    "optional_knowledge": "Optional knowledge",
    "optional_skill": "Optional skill",
    "other": "Not in profile",
}
#: Okabe-Ito colours (safe for the common colour-vision deficiencies): essential in blues,
#: optional in oranges, knowledge darker than skills, "other" grey.
SKILL_GROUP_COLOURS: dict[str, str] = {
    "essential_knowledge": "#0072B2",
    "essential_skill": "#56B4E9",
    "optional_knowledge": "#D55E00",
    "optional_skill": "#E69F00",
    "other": "#999999",
}

FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif", "size": 12}


def plain_text(value: object) -> str:
    """Text from data made safe for plotly labels: ``<b>`` shows as ``<b>``, not bold."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=False)


def shorten(text: str, *, width: int) -> str:
    """Cut ``text`` to ``width`` characters at a word boundary, marking the cut with an ellipsis."""
    return textwrap.shorten(text, width=width, placeholder="…") if len(text) > width else text


def format_count(value: float | int | None) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{int(value):,}"


def format_per_million(value: float | None) -> str:
    """Jobs per million inhabitants: whole numbers from 10, two significant digits below 1."""
    if value is None or pd.isna(value):
        return "n/a"
    if value >= 10 or value == 0:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 1 else f"{value:.2g}"


def _share_label(value: float | None) -> str:
    return "" if value is None or pd.isna(value) else f"{value:.0%}"


def format_share(value: float | None) -> str:
    """A share as a percentage that never rounds a small non-zero share to "0.00%"."""
    if value is None or pd.isna(value):
        return "n/a"
    percent = value * 100
    if percent >= 1 or percent == 0:
        return f"{percent:.1f}%"
    return f"{percent:.2g}%"


def format_quotient(value: float | None) -> str:
    """A location quotient as text: two decimals ("1.50"), "n/a" where there is none."""
    if value is None or pd.isna(value):
        return "n/a"
    return f"{float(value):,.2f}"


def ordinal(n: int) -> str:
    """1 -> "1st", 22 -> "22nd", 13 -> "13th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: Below this many, count axes tick every whole number (",d" ticks at 0.5 steps read "0, 0, 1, 1").
SMALL_COUNT = 10


def count_axis(max_value: float, **extra) -> dict:
    """An axis of counts: thousands separators, and whole-number ticks when counts are tiny."""
    axis = {"tickformat": ",d", "automargin": True, "gridcolor": "#eee", "rangemode": "tozero", **extra}
    if max_value < SMALL_COUNT:
        axis.update(tick0=0, dtick=1)
    return axis


def empty_spec(message: str) -> dict:
    """The one empty state every chart shares, as a figure dict: no axes, a centred message."""
    return {
        "data": [],
        "layout": {
            "xaxis": {"visible": False},
            "yaxis": {"visible": False},
            "annotations": [_message_annotation(message)],
            "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
            "plot_bgcolor": "white",
            "paper_bgcolor": "white",
            "font": dict(FONT),
        },
    }


def empty_figure(message: str) -> go.Figure:
    """The one empty state every chart shares: no axes, a centred message."""
    return go.Figure(empty_spec(message))


def _message_annotation(message: str) -> dict:
    return {"text": plain_text(message), "showarrow": False, "font": {"size": 15, "color": "#444"},
            "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "bgcolor": "rgba(255,255,255,0.85)"}


# -- map -----------------------------------------------------------------------------


def map_data_trace_update(by_country: pd.DataFrame, *, measure: str, selected: str | None = None,
                          pay_pair: str | None = None, counts: str = "Jobs") -> dict:
    """What the coloured map trace shows for one occupation, period and measure.

    The same dict builds the first figure and later ``dash.Patch`` updates, so the two
    can never disagree. Countries without postings data (``has_data`` false) or without
    a value for the measure (per million needs a population; pay a stated maximum in the
    view's currency and period) are left out: the grey traces show through, visibly different
    from a coloured zero.

    Parameters
    ----------
    by_country
        One row per country: iso3, name, jobs, per_million, share, has_data, rank
        (the frame of ``queries.jobs_by_country``); for ``measure="pay"`` also the columns of
        ``advertised_pay.map_pay`` (without them no country has a pay value).
    measure
        A key of :data:`MEASURES`.
    selected
        ISO3 of the selected country, outlined in black.
    pay_pair
        The currency and period the Pay measure is in ("EUR a year"), named in the colour bar.
    counts
        What the counts are called in the colour bar and the hover: "Jobs", or for a skill
        "Postings asking for it" (``reading.subject_view.map_counts``).

    Returns
    -------
    dict
        ``locations``, ``z``, ``customdata`` (name, jobs, per million, share, rank, location
        quotient and pay as display text), ``colorbar``, ``hovertemplate`` and ``marker`` (outlines).
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown map measure {measure!r}; expected one of {', '.join(MEASURES)}")
    rows = _map_rows(by_country, measure)
    z = [row.value for row in rows]
    zmax, capped = colour_range_max(z)
    return {
        "locations": [row.iso3 for row in rows],
        "z": z,
        "zmin": 0.0, "zmax": zmax, "zauto": False,
        "customdata": [_map_hover_data(row, measure) for row in rows],
        "hovertemplate": _map_hovertemplate(measure, counts),
        "colorbar": _map_colorbar(measure, counts=counts, pay_pair=pay_pair, zmax=zmax, capped=capped),
        "marker": _map_outlines(rows, selected),
    }


class _MapRow(NamedTuple):
    """One country of the coloured map trace: what its hover shows, and its value."""

    iso3: str
    name: str
    jobs: int
    per_million: float
    share: float
    rank: float
    quotient: float
    #: The Pay measure's pay, or a collection measure's share, as hover text.
    text: str
    #: The Pay measure's note on what else the country states.
    note: str
    value: float


def _column(by_country: pd.DataFrame, name: str, default: object) -> pd.Series:
    """A column of the map's frame, or ``default`` in every row when the frame has none."""
    return by_country[name] if name in by_country else pd.Series(default, index=by_country.index)


def _measure_values(by_country: pd.DataFrame, measure: str) -> np.ndarray:
    """The measure's value per country as floats, NaN where there is none."""
    if measure in by_country:
        return pd.to_numeric(by_country[measure], errors="coerce").to_numpy(dtype="float64")
    return np.full(len(by_country), np.nan)  # pay columns not added: no country states pay


def _map_rows(by_country: pd.DataFrame, measure: str) -> list[_MapRow]:
    """The countries the coloured trace shows (postings data and a value for the measure), by ISO3."""
    values = _measure_values(by_country, measure)
    keep = by_country["has_data"].to_numpy(dtype=bool) & np.isfinite(values)
    # Column lists and a Python sort: this runs on every occupation change, and DataFrame
    # filtering and itertuples cost more than the ~200 rows of work.
    quotient = pd.to_numeric(_column(by_country, "location_quotient", np.nan), errors="coerce").to_numpy(dtype="float64")
    # A collection measure's share takes the place of the pay in the hover.
    text = _column(by_country, "measure_text" if measure in COLLECTION_MEASURES else "pay_text", "")
    columns = [by_country[c].to_numpy()[keep].tolist() for c in ("iso3", "name", "jobs", "per_million", "share", "rank")]
    columns.append(quotient[keep].tolist())
    columns.append(text.to_numpy()[keep].tolist())
    columns.append(_column(by_country, "pay_note", "").to_numpy()[keep].tolist())
    columns.append(values[keep].tolist())
    return [_MapRow(*row) for row in sorted(zip(*columns), key=lambda r: r[0])]


def _map_hover_data(row: _MapRow, measure: str) -> list[str]:
    """One country's ``customdata``: name, jobs, per million, share, rank, location quotient as
    text, then the Pay or collection measure's line (:func:`map_hover`, :data:`PAY_HOVER`)."""
    rank = ordinal(int(row.rank)) if row.rank == row.rank and row.rank is not None else "no jobs"
    data = [plain_text(row.name), format_count(row.jobs), format_per_million(row.per_million),
            format_share(row.share), rank, format_quotient(row.quotient)]
    if measure == "pay":
        data.append(hover_lines(row.text) + (f"<br>{hover_lines(row.note)}" if row.note else ""))
    if measure in COLLECTION_MEASURES:
        data.append(plain_text(row.text))
    return data


def _map_hovertemplate(measure: str, counts: str) -> str:
    if measure == "pay":
        return PAY_HOVER
    if measure in COLLECTION_MEASURES:
        return collection_hover(measure)
    return map_hover(counts)


def _map_colorbar(measure: str, *, counts: str, pay_pair: str | None, zmax: float, capped: bool) -> dict:
    """The colour bar: the measure's title and tick format, whole-number ticks for a few jobs."""
    return {"title": {"text": _colorbar_title(measure, counts=counts, pay_pair=pay_pair, zmax=zmax, capped=capped),
                      "side": "right"},
            "tickformat": MEASURES[measure][1], "thickness": 12, "len": 0.8,
            **({"tick0": 0, "dtick": 1} if measure == "jobs" and 0 < zmax < SMALL_COUNT else {})}


def _colorbar_title(measure: str, *, counts: str, pay_pair: str | None, zmax: float, capped: bool) -> str:
    """The measure's name (counts named as the view counts them; pay with its currency and
    period), and the darkest colour's value when the scale is capped (:func:`colour_range_max`)."""
    title = MEASURES[measure][0]
    if measure in ("jobs", "per_million"):
        title = counts if measure == "jobs" else f"{counts} per million inhabitants"
    if measure == "pay" and pay_pair:
        title = f"{title}<br>{plain_text(pay_pair)}"
    if capped:
        title = f"{title}<br><sup>darkest: {_format_measure(measure, zmax)} or more</sup>"
    return title


def _format_measure(measure: str, value: float) -> str:
    """A value of ``measure`` as the map shows it."""
    return {"jobs": format_count, "per_million": format_per_million, "share": format_share,
            "location_quotient": format_quotient, "pay": format_pay,
            **{m: format_share for m in COLLECTION_MEASURES}}[measure](value)


def _map_outlines(rows: list[_MapRow], selected: str | None) -> dict:
    """The countries' outlines: the selected country's thick and black, the others' thin and white."""
    is_selected = [row.iso3 == selected for row in rows]
    return {"line": {"color": [SELECTED_OUTLINE if s else "white" for s in is_selected],
                     "width": [2.5 if s else 0.4 for s in is_selected]}}


def format_pay(value: float | None) -> str:
    """A pay amount on the map: "64,500", "18.5" (its currency and period are the colour bar's)."""
    if value is None or pd.isna(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def map_pay_grey_update(by_country: pd.DataFrame, *, measure: str) -> dict:
    """The Pay measure's grey countries: postings data but no stated maximum in the view's
    currency and period, each with its hover note ("no pay stated", "states pay in PLN a month
    (3,674 postings); not comparable"). Empty for every other measure, and never a zero."""
    if measure != "pay" or "pay" not in by_country:
        return {"locations": [], "z": [], "customdata": []}
    values = pd.to_numeric(by_country["pay"], errors="coerce").to_numpy(dtype="float64")
    keep = by_country["has_data"].to_numpy(dtype=bool) & ~np.isfinite(values)
    notes = (by_country["pay_note"] if "pay_note" in by_country else pd.Series("no pay stated", index=by_country.index))
    rows = sorted(zip(*[s.to_numpy()[keep].tolist() for s in (by_country["iso3"], by_country["name"], notes)]))
    return {"locations": [iso3 for iso3, _, _ in rows], "z": [0] * len(rows),
            "customdata": [[plain_text(name), hover_lines(note or "no pay stated")] for _, name, note in rows]}


def hover_lines(text: str, *, width: int = 64) -> str:
    """Text from data as hover lines of at most ``width`` characters (a long note would run off
    the map), escaped as :func:`plain_text`."""
    return "<br>".join(plain_text(line) for line in textwrap.wrap(str(text), width=width)) if text else ""


def colour_range_max(values: list[float]) -> tuple[float, bool]:
    """Top of the colour scale, and whether it is capped below the largest value.

    One outlier (a microstate's jobs per million) would paint every other country the
    palest colour; when the largest value is more than twice the 95th percentile the scale
    stops at that percentile (hover still shows each country's own value).
    """
    finite = [v for v in values if math.isfinite(v)]
    if not finite or max(finite) <= 0:
        return 1.0, False
    top = max(finite)
    p95 = float(np.percentile(finite, 95))
    if p95 > 0 and top > 2 * p95:
        return p95, True
    return float(top), False


def map_annotations(*, message: str | None) -> list[dict]:
    """The map's layout annotations: one centred message (an empty state) or none."""
    return [_message_annotation(message)] if message else []


def map_hover(counts: str = "Jobs") -> str:
    """The map's hover, its counts named as the colour bar names them ("Jobs", "Postings asking for it")."""
    return (
        "<b>%{customdata[0]}</b><br>"
        f"{plain_text(counts)}: %{{customdata[1]}}<br>"
        "Per million inhabitants: %{customdata[2]}<br>"
        "Share of the country's postings: %{customdata[3]}<br>"
        f"Rank by {plain_text(counts.split(' ', 1)[0].lower())}: %{{customdata[4]}}<br>"
        "Location quotient: %{customdata[5]}<extra></extra>"
    )


MAP_HOVER = map_hover()
#: The Pay measure's hover: the country's pay in the colour bar's currency and period, then
#: what else it states (issue 18).
PAY_HOVER = (
    "<b>%{customdata[0]}</b><br>"
    "Advertised pay: %{customdata[6]}<br>"
    "Jobs: %{customdata[1]}<extra></extra>"
)
PAY_GREY_HOVER = "<b>%{customdata[0]}</b><br>Advertised pay: %{customdata[1]}<extra></extra>"
#: The collection measures (issue 15): a key of MEASURES each, named for ESCO's collection.
COLLECTION_MEASURES: tuple[str, ...] = ("green", "digital")


def collection_hover(measure: str) -> str:
    """A collection measure's hover: the share with its postings, then the jobs."""
    return ("<b>%{customdata[0]}</b><br>"
            f"Asking for a {measure} skill: %{{customdata[6]}}<br>"
            "Jobs: %{customdata[1]}<extra></extra>")


def jobs_map_figure(
    by_country: pd.DataFrame,
    *,
    geojson: dict | str,
    measure: str = DEFAULT_MEASURE,
    countries: pd.DataFrame | None = None,
    selected: str | None = None,
    message: str | None = None,
    frame: str = "europe",
    pay_pair: str | None = None,
    counts: str = "Jobs",
) -> go.Figure:
    """Choropleth of one occupation's jobs by country, coloured by ``measure``.

    Parameters
    ----------
    by_country
        The frame of ``queries.jobs_by_country`` (iso3, name, jobs, per_million, share,
        has_data, rank).
    geojson
        Country polygons whose features carry ``properties.iso3``, or the URL plotly.js
        fetches them from (the web app serves them once; a dict is copied into each trace).
    measure
        "jobs", "per_million" or "share" (:data:`MEASURES`).
    countries
        Every country drawn in grey under the data (iso3, name); defaults to ``by_country``.
    selected
        ISO3 of the selected country (outlined).
    message
        An empty-state message shown over the map (e.g. no postings for the occupation).
    frame
        "europe" or "world" (:data:`MAP_FRAMES`; :func:`map_frame` picks one for the data).
    pay_pair
        For ``measure="pay"``: the currency and period shown ("EUR a year").
    counts
        What the counts are called ("Jobs"; "Postings asking for it" for a skill).
    """
    countries = (by_country if countries is None else countries).sort_values("iso3")
    figure = go.Figure([
        _no_data_trace(countries, geojson=geojson),
        _data_trace(by_country, geojson=geojson, measure=measure, selected=selected, pay_pair=pay_pair, counts=counts),
        _pay_grey_trace(by_country, geojson=geojson, measure=measure),
    ])
    figure.update_geos(**_map_geos(frame))
    figure.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, uirevision=MAP_UIREVISION, dragmode="pan",
                         font=FONT, annotations=map_annotations(message=message))
    return figure


def _no_data_trace(countries: pd.DataFrame, *, geojson: dict | str) -> go.Choropleth:
    """Every country in grey, under the data: what shows where there is no postings data."""
    return go.Choropleth(
        geojson=geojson,
        featureidkey="properties.iso3",
        locations=countries["iso3"].tolist(),
        z=[0] * len(countries),
        text=[plain_text(n) for n in countries["name"]],
        colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
        showscale=False,
        marker={"line": {"color": "white", "width": 0.4}},
        hovertemplate="<b>%{text}</b><br>No postings data<extra></extra>",
        name="No postings data",
    )


def _data_trace(by_country: pd.DataFrame, *, geojson: dict | str, measure: str, selected: str | None,
                pay_pair: str | None, counts: str) -> go.Choropleth:
    """The countries coloured by the measure (:func:`map_data_trace_update`)."""
    return go.Choropleth(
        geojson=geojson,
        featureidkey="properties.iso3",
        colorscale=SEQUENTIAL_SCALE,
        reversescale=True,
        name="Jobs",
        **map_data_trace_update(by_country, measure=measure, selected=selected, pay_pair=pay_pair, counts=counts),
    )


def _pay_grey_trace(by_country: pd.DataFrame, *, geojson: dict | str, measure: str) -> go.Choropleth:
    """The Pay measure's grey countries over the data (:func:`map_pay_grey_update`)."""
    return go.Choropleth(
        geojson=geojson,
        featureidkey="properties.iso3",
        colorscale=[[0, NO_DATA_COLOUR], [1, NO_DATA_COLOUR]],
        showscale=False,
        marker={"line": {"color": "white", "width": 0.4}},
        hovertemplate=PAY_GREY_HOVER,
        name="No comparable pay",
        **map_pay_grey_update(by_country, measure=measure),
    )


def _map_geos(frame: str) -> dict:
    """The map's geography: the frame's projection and ranges, grey land under a pale ocean, and
    no frame, coastlines or borders of the base map (each country's own outline shows)."""
    return {
        **MAP_FRAMES[frame],
        "showframe": False,
        "showcoastlines": False,
        "showcountries": False,
        "showland": True,
        "landcolor": NO_DATA_COLOUR,
        "showocean": True,
        "oceancolor": OCEAN_COLOUR,
        "bgcolor": "rgba(0,0,0,0)",
    }


# -- skills --------------------------------------------------------------------------


def skill_group(relation: str, skill_type: str) -> str:
    """The display group of a skill: relation x knowledge/skill, or "other"."""
    if relation not in ("essential", "optional"):
        return "other"
    return f"{relation}_{'knowledge' if skill_type == 'knowledge' else 'skill'}"


def _hover_description(description: str, *, width: int = 60, max_length: int = 240) -> str:
    text = shorten(" ".join(str(description or "").split()), width=max_length)
    return "<br>".join(plain_text(line) for line in textwrap.wrap(text, width=width))


def skill_demand_spec(top_skills: pd.DataFrame, *, title: str, message: str = "No skills recorded in these postings") -> dict:
    """Horizontal bars: the skills most often asked for, coloured by the four ESCO groups + other.

    Parameters
    ----------
    top_skills
        The frame of ``queries.top_skills``: label, postings, share, relation, skill_type,
        description; most asked-for first.
    title
        Chart title, e.g. "Skills asked for in Germany".
    message
        The empty state when there are no rows.

    Returns
    -------
    dict
        A plotly figure dict (see :func:`skill_demand_figure` for the ``go.Figure``).
    """
    if top_skills.empty:
        return _titled(empty_spec(message), title)
    labels = top_skills["label"].tolist()
    postings = [int(p) for p in top_skills["postings"]]
    skills = list(zip(labels, postings, top_skills["share"].tolist(), top_skills["description"].tolist()))
    groups = [skill_group(r, t if isinstance(t, str) else "")
              for r, t in zip(top_skills["relation"], top_skills["skill_type"])]
    traces = [_skill_group_bars(group, rows=[i for i, g in enumerate(groups) if g == group], skills=skills)
              for group in SKILL_GROUP_SHORT if group in groups]
    return _titled({"data": traces, "layout": _skill_demand_layout(labels, most=float(max(postings)))}, title)


def _skill_group_bars(group: str, *, rows: list[int], skills: list[tuple[str, int, float, str]]) -> dict:
    """The bars of one skill group: its ``rows`` of ``skills`` (label, postings, share,
    description), each with its share of the postings beside it and its description in the hover."""
    mine = [skills[i] for i in rows]
    return {
        "type": "bar",
        "y": rows,
        "x": [postings for _, postings, _, _ in mine],
        "orientation": "h",
        "name": SKILL_GROUP_SHORT[group],
        # One bar width for every trace: each group is its own trace, and plotly would
        # otherwise size bars by each trace's own spacing.
        "width": 0.75,
        "marker": {"color": SKILL_GROUP_COLOURS[group]},
        "text": [_share_label(share) for _, _, share, _ in mine],
        "textposition": "outside",
        "textfont": {"size": 10, "color": "#333"},
        "cliponaxis": False,
        "customdata": [[plain_text(label), format_count(postings), format_share(share), _hover_description(description)]
                       for label, postings, share, description in mine],
        "hovertemplate": ("<b>%{customdata[0]}</b><br>%{customdata[1]} postings (%{customdata[2]} of the "
                          "occupation's postings)<br>" + SKILL_GROUPS[group] + "<br><i>%{customdata[3]}</i><extra></extra>"),
    }


def _skill_demand_layout(labels: list[str], *, most: float) -> dict:
    """The skill-demand chart's layout: the skills' names down the side, most asked-for at the
    top, a count axis up to ``most`` postings with room for the share labels, the legend below."""
    return {
        "yaxis": {"tickmode": "array", "tickvals": list(range(len(labels))),
                  "ticktext": [plain_text(shorten(str(l), width=32)) for l in labels],
                  "autorange": "reversed", "automargin": True, "tickfont": {"size": 11}},
        # Headroom on the right for the share labels outside the bars.
        "xaxis": count_axis(most, range=[0, most * 1.18 or 1]),
        "barmode": "overlay",
        "bargap": 0.2,
        "legend": {"orientation": "h", "y": -0.07, "x": 0, "yanchor": "top", "font": {"size": 10},
                   "entrywidth": 0.5, "entrywidthmode": "fraction", "tracegroupgap": 0},
        "uniformtext": {"minsize": 9, "mode": "show"},
        "margin": {"l": 10, "r": 10, "t": 34, "b": 10},
        "plot_bgcolor": "white",
        "font": dict(FONT),
    }


def skill_demand_figure(top_skills: pd.DataFrame, *, title: str, message: str = "No skills recorded in these postings") -> go.Figure:
    """:func:`skill_demand_spec` as a validated ``go.Figure`` (exports, tests)."""
    return go.Figure(skill_demand_spec(top_skills, title=title, message=message))


def skill_breakdown_spec(counts: dict[str, int], *, title: str = "Skills in the occupation profile") -> dict:
    """The occupation's skill breakdown as the ESCO portal counts it: four bars (a figure dict).

    Parameters
    ----------
    counts
        ``queries.breakdown_counts``: essential_knowledge, essential_skill,
        optional_knowledge, optional_skill -> number of skills.
    """
    groups = [g for g in SKILL_GROUPS if g != "other"]
    values = [int(counts.get(g, 0)) for g in groups]
    if sum(values) == 0:
        return _titled(empty_spec("The taxonomy lists no skills for this occupation"), title)
    bar = {
        "type": "bar",
        "x": values,
        "y": [SKILL_GROUPS[g] for g in groups],
        "orientation": "h",
        "marker": {"color": [SKILL_GROUP_COLOURS[g] for g in groups]},
        "text": [str(v) for v in values],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}<extra></extra>",
    }
    layout = {
        "yaxis": {"autorange": "reversed", "automargin": True},
        "xaxis": count_axis(float(max(values)), title={"text": "Skills", "standoff": 4}),
        "margin": {"l": 10, "r": 30, "t": 34, "b": 10},
        "plot_bgcolor": "white",
        "font": dict(FONT),
        "showlegend": False,
    }
    return _titled({"data": [bar], "layout": layout}, title)


def skill_breakdown_figure(counts: dict[str, int], *, title: str = "Skills in the occupation profile") -> go.Figure:
    """:func:`skill_breakdown_spec` as a validated ``go.Figure``."""
    return go.Figure(skill_breakdown_spec(counts, title=title))


# -- trend ---------------------------------------------------------------------------


def jobs_trend_spec(trend: pd.DataFrame, *, title: str) -> dict:
    """Jobs per month as a line (a figure dict).

    Parameters
    ----------
    trend
        ``queries.country_trend``: month ("YYYY-MM"), jobs; one row per month.
    title
        Chart title, e.g. "Jobs per month in Germany".
    """
    if trend.empty:
        return _titled(empty_spec("No months in this period"), title)
    jobs = [int(j) for j in trend["jobs"]]
    if sum(jobs) == 0:
        return _titled(empty_spec("No jobs in this period"), title)
    line = {
        "type": "scatter",
        # First day of each month: a date axis, as plotly.js reads ISO dates.
        "x": [f"{m}-01" for m in trend["month"]],
        "y": jobs,
        "mode": "lines+markers",
        "line": {"color": "#0072B2", "width": 2},
        "marker": {"size": 5},
        "hovertemplate": "%{x|%b %Y}: %{y:,} jobs<extra></extra>",
        "name": "Jobs",
    }
    layout = {
        "xaxis": {"type": "date", "tickformat": "%b %Y", "gridcolor": "#eee", "automargin": True},
        "yaxis": count_axis(float(max(jobs)), title={"text": "Jobs"}),
        "margin": {"l": 10, "r": 10, "t": 34, "b": 10},
        "plot_bgcolor": "white",
        "font": dict(FONT),
        "showlegend": False,
    }
    return _titled({"data": [line], "layout": layout}, title)


def jobs_trend_figure(trend: pd.DataFrame, *, title: str) -> go.Figure:
    """:func:`jobs_trend_spec` as a validated ``go.Figure``."""
    return go.Figure(jobs_trend_spec(trend, title=title))


def _titled(spec: dict, title: str) -> dict:
    layout = spec["layout"]
    layout["title"] = {"text": plain_text(title), "x": 0.01, "xanchor": "left", "y": 0.98, "yanchor": "top",
                       "font": {"size": 14}}
    margin = layout.setdefault("margin", {})
    if margin.get("t") is None or margin["t"] < 34:
        margin["t"] = 34
    return spec
