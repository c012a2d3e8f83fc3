"""Figure builders, checked by inspecting their traces (no browser)."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import figures

GEOJSON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"iso3": iso3, "name": name},
         "geometry": {"type": "Polygon", "coordinates": [[[i, 0], [i + 1, 0], [i + 1, 1], [i, 0]]]}}
        for i, (iso3, name) in enumerate([("DEU", "Germany"), ("FRA", "France"), ("ATA", "Antarctica"), ("XKX", "Kosovo")])
    ],
}


def by_country() -> pd.DataFrame:
    """Germany has jobs, France has postings but none for the occupation, Antarctica no data,
    Kosovo has jobs but no population (so no per-million value)."""
    return pd.DataFrame(
        {
            "iso3": ["DEU", "FRA", "ATA", "XKX"],
            "name": ["Germany", "France <b>bold</b>", "Antarctica", "Kosovo"],
            "jobs": [120, 0, 0, 5],
            "country_postings": [1000, 400, 0, 50],
            "per_million": [1.44, 0.0, math.nan, math.nan],
            "share": [0.12, 0.0, math.nan, 0.1],
            "has_data": [True, True, False, True],
            "rank": [1.0, math.nan, math.nan, 2.0],
            # (120/1000) / (125/1450) and (5/50) / (125/1450): BLS OEWS location quotients.
            "location_quotient": [1.392, 0.0, math.nan, 1.16],
        }
    )


def test_map_has_a_grey_no_data_base_under_the_data_trace():
    figure = figures.jobs_map_figure(by_country(), geojson=GEOJSON)
    base, data, pay_grey = figure.data
    assert not list(pay_grey.locations)  # the Pay measure's grey countries: none for jobs
    assert sorted(base.locations) == ["ATA", "DEU", "FRA", "XKX"]
    assert {c for _, c in base.colorscale} == {figures.NO_DATA_COLOUR}
    assert base.showscale is False
    # Antarctica (no postings at all) is not in the data trace: it stays grey.
    assert "ATA" not in data.locations
    # France has postings but no jobs for the occupation: a coloured zero, not grey.
    assert dict(zip(data.locations, data.z))["FRA"] == 0


@pytest.mark.parametrize(
    "measure, expected, title",
    [
        ("jobs", {"DEU": 120, "FRA": 0, "XKX": 5}, "Jobs"),
        ("per_million", {"DEU": 1.44, "FRA": 0.0}, "Jobs per million inhabitants"),  # XKX: no population
        ("share", {"DEU": 0.12, "FRA": 0.0, "XKX": 0.1}, "Share of the country's postings"),
        ("location_quotient", {"DEU": 1.392, "FRA": 0.0, "XKX": 1.16},
         "Location quotient (1 = average)"),
    ],
)
def test_map_colours_by_the_chosen_measure(measure, expected, title):
    figure = figures.jobs_map_figure(by_country(), geojson=GEOJSON, measure=measure)
    data = figure.data[figures.MAP_DATA_TRACE]
    assert dict(zip(data.locations, data.z)) == pytest.approx(expected)
    assert data.colorbar.title.text == title


def test_map_scale_is_colour_blind_safe_and_zoom_survives_updates():
    figure = figures.jobs_map_figure(by_country(), geojson=GEOJSON)
    data = figure.data[figures.MAP_DATA_TRACE]
    viridis = go.Figure(go.Choropleth(colorscale="Viridis")).data[0].colorscale
    assert data.colorscale == viridis
    assert figure.layout.uirevision == figures.MAP_UIREVISION
    assert figure.layout.geo.projection.type == "conic equal area"  # areas comparable per inhabitant


def test_the_map_frames_europe_in_a_wide_box():
    # Longitude and latitude ranges make plotly size the frame to Europe's (wide) aspect.
    geo = figures.jobs_map_figure(by_country(), geojson=GEOJSON).layout.geo
    (west, east), (south, north) = geo.lonaxis.range, geo.lataxis.range
    assert west < -20 and east > 40 and south < 35 and north > 70  # Iceland, Cyprus, Nordkapp
    assert (east - west) > (north - south)


@pytest.mark.parametrize("countries, frame", [
    (["DEU", "FRA", "MLT", "ISL", "CYP", "NOR"], "europe"),  # France's anchor is in Europe, not in Guiana
    (["DEU", "BRA"], "world"),
    (["USA"], "world"),
    (["DEU", "RUS"], "world"),  # Russia's anchor is in Siberia
    ([], "europe"),
])
def test_the_map_frames_every_country_with_data(countries, frame):
    from dashboard import geo

    assert figures.map_frame(countries, geo.country_anchors()) == frame


def test_the_world_frame_holds_every_continent():
    from dashboard import geo

    layout = figures.jobs_map_figure(by_country(), geojson=GEOJSON, frame="world").layout.geo
    (west, east), (south, north) = layout.lonaxis.range, layout.lataxis.range
    for iso3 in ("BRA", "IND", "USA", "AUS", "ZAF", "JPN", "CAN", "ARG"):
        lon, lat = geo.country_anchors()[iso3]
        assert west <= lon <= east and south <= lat <= north, iso3


def test_map_hover_shows_country_count_and_normalised_values():
    data = figures.jobs_map_figure(by_country(), geojson=GEOJSON).data[figures.MAP_DATA_TRACE]
    germany = data.customdata[list(data.locations).index("DEU")]
    assert list(germany) == ["Germany", "120", "1.4", "12.0%", "1st", "1.39"]
    assert data.customdata[list(data.locations).index("FRA")][5] == "0.00"
    for part in ("customdata[0]", "Jobs", "Per million", "Share", "Location quotient: %{customdata[5]}"):
        assert part in data.hovertemplate


def test_map_labels_from_data_are_text_not_html():
    figure = figures.jobs_map_figure(by_country(), geojson=GEOJSON)
    data = figure.data[figures.MAP_DATA_TRACE]
    france = data.customdata[list(data.locations).index("FRA")]
    assert france[0] == "France &lt;b&gt;bold&lt;/b&gt;"


def test_map_update_is_the_data_trace_of_the_full_figure():
    # The Patch callback and the first render share one definition.
    update = figures.map_data_trace_update(by_country(), measure="share")
    data = figures.jobs_map_figure(by_country(), geojson=GEOJSON, measure="share").data[figures.MAP_DATA_TRACE]
    assert list(data.locations) == update["locations"]
    assert list(data.z) == update["z"]
    assert "geojson" not in update


def test_map_rejects_an_unknown_measure():
    with pytest.raises(ValueError, match="unknown map measure 'density'"):
        figures.map_data_trace_update(by_country(), measure="density")


@pytest.mark.parametrize("message, count", [(None, 0), ("No postings for this occupation", 1)])
def test_map_empty_state_is_an_annotation(message, count):
    figure = figures.jobs_map_figure(by_country(), geojson=GEOJSON, message=message)
    assert len(figure.layout.annotations) == count


def top_skills() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "skill_uri": ["s1", "s2", "s3", "s4", "s5"],
            "label": ["Python", "databases", "a very long skill label that will not fit beside the bars at all",
                      "teamwork", "<script>x</script>"],
            "postings": [90, 70, 40, 30, 10],
            "share": [0.9, 0.7, 0.4, 0.3, 0.1],
            "relation": ["essential", "essential", "optional", "optional", "other"],
            "skill_type": ["skill/competence", "knowledge", "knowledge", "skill/competence", ""],
            "description": ["Write programs.", "", "Long.", "Work with others.", ""],
        }
    )


@pytest.mark.parametrize(
    "relation, skill_type, group",
    [
        ("essential", "knowledge", "essential_knowledge"),
        ("essential", "skill/competence", "essential_skill"),
        ("optional", "knowledge", "optional_knowledge"),
        ("optional", "", "optional_skill"),
        ("other", "knowledge", "other"),
    ],
)
def test_skill_group(relation, skill_type, group):
    assert figures.skill_group(relation, skill_type) == group


def test_skill_demand_bars_are_coloured_by_group_most_asked_first():
    figure = figures.skill_demand_figure(top_skills(), title="Skills asked for in all countries")
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name) == list(figures.SKILL_GROUP_SHORT.values())
    for group, name in figures.SKILL_GROUP_SHORT.items():
        assert by_name[name].marker.color == figures.SKILL_GROUP_COLOURS[group]
        assert by_name[name].orientation == "h"
    assert list(by_name["Essential knowledge"].x) == [70]
    assert figure.layout.yaxis.autorange == "reversed"
    assert list(figure.layout.yaxis.tickvals) == [0, 1, 2, 3, 4]
    ticks = list(figure.layout.yaxis.ticktext)
    assert ticks[0] == "Python"
    assert len(ticks[2]) <= 32 and ticks[2].endswith("…")
    assert ticks[4] == "&lt;script&gt;x&lt;/script&gt;"
    assert figure.layout.title.text == "Skills asked for in all countries"


def test_skill_demand_palette_is_distinct():
    assert len(set(figures.SKILL_GROUP_COLOURS.values())) == len(figures.SKILL_GROUPS)


def test_skill_demand_empty_state():
    figure = figures.skill_demand_figure(top_skills().iloc[0:0], title="Skills asked for in Malta")
    assert figure.data == ()
    assert figure.layout.annotations[0].text == "No skills recorded in these postings"


def test_skill_breakdown_shows_the_four_counts():
    counts = {"essential_knowledge": 3, "essential_skill": 10, "optional_knowledge": 0, "optional_skill": 7}
    (bar,) = figures.skill_breakdown_figure(counts).data
    assert list(bar.y) == ["Essential knowledge", "Essential skill/competence", "Optional knowledge",
                           "Optional skill/competence"]
    assert list(bar.x) == [3, 10, 0, 7]
    assert list(bar.text) == ["3", "10", "0", "7"]


def test_skill_breakdown_empty_state():
    figure = figures.skill_breakdown_figure(dict.fromkeys(figures.SKILL_GROUPS, 0))
    assert figure.data == ()
    assert "no skills" in figure.layout.annotations[0].text


def test_trend_is_a_line_by_month():
    trend = pd.DataFrame({"month": ["2025-01", "2025-02", "2025-03"], "jobs": [3, 0, 5]})
    (line,) = figures.jobs_trend_figure(trend, title="Jobs per month in Germany").data
    assert line.mode == "lines+markers"
    assert [pd.Timestamp(x).strftime("%Y-%m") for x in line.x] == ["2025-01", "2025-02", "2025-03"]
    assert list(line.y) == [3, 0, 5]


@pytest.mark.parametrize(
    "trend, message",
    [
        (pd.DataFrame({"month": pd.Series(dtype=object), "jobs": pd.Series(dtype="int64")}), "No months in this period"),
        (pd.DataFrame({"month": ["2025-01"], "jobs": [0]}), "No jobs in this period"),
    ],
)
def test_trend_empty_states(trend, message):
    figure = figures.jobs_trend_figure(trend, title="t")
    assert figure.layout.annotations[0].text == message


@pytest.mark.parametrize("n, text", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                                     (13, "13th"), (21, "21st"), (102, "102nd"), (111, "111th")])
def test_ordinal(n, text):
    assert figures.ordinal(n) == text


def test_empty_figure_escapes_its_message():
    figure = figures.empty_figure("No jobs for <i>x</i>")
    assert figure.layout.annotations[0].text == "No jobs for &lt;i&gt;x&lt;/i&gt;"


@pytest.mark.parametrize(
    "values, top, capped",
    [
        ([1.0, 2.0, 3.0], 3.0, False),
        ([0.0, 0.0], 1.0, False),  # all zero: a usable scale, every country the palest colour
        ([1.0] * 40 + [500.0], 1.0, True),  # one microstate would wash out every other country
        ([], 1.0, False),
    ],
)
def test_colour_range_ignores_a_lone_outlier(values, top, capped):
    assert figures.colour_range_max(values) == (pytest.approx(top), capped)


def test_capped_scale_says_so_in_the_legend():
    frame = pd.concat([by_country()] + [by_country().assign(iso3=f"X{i:02d}", jobs=1, has_data=True)
                                        for i in range(30)], ignore_index=True)
    update = figures.map_data_trace_update(frame, measure="jobs")
    assert update["zmax"] < max(update["z"])
    assert "or more" in update["colorbar"]["title"]["text"]


def test_the_selected_country_is_outlined():
    update = figures.map_data_trace_update(by_country(), measure="jobs", selected="FRA")
    widths = dict(zip(update["locations"], update["marker"]["line"]["width"]))
    assert widths["FRA"] > widths["DEU"]


@pytest.mark.parametrize(
    "value, text",
    [(0, "0"), (0.083, "0.083"), (0.5, "0.5"), (3.14159, "3.1"), (12.6, "13"), (1234.4, "1,234"), (None, "n/a")],
)
def test_per_million_keeps_small_values_readable(value, text):
    assert figures.format_per_million(value) == text


@pytest.mark.parametrize(
    "value, text",
    [(0, "0.0%"), (0.000034, "0.0034%"), (0.0042, "0.42%"), (0.125, "12.5%"), (1.0, "100.0%"), (float("nan"), "n/a")],
)
def test_a_small_share_never_reads_as_zero(value, text):
    assert figures.format_share(value) == text


@pytest.mark.parametrize("top", [1, 3, 5, 9])
def test_tiny_counts_get_whole_number_ticks(top):
    trend = pd.DataFrame({"month": ["2025-01", "2025-02"], "jobs": [0, top]})
    axis = figures.jobs_trend_figure(trend, title="t").layout.yaxis
    assert (axis.tick0, axis.dtick) == (0, 1)


def test_large_counts_leave_ticks_to_plotly():
    trend = pd.DataFrame({"month": ["2025-01", "2025-02"], "jobs": [0, 500]})
    assert figures.jobs_trend_figure(trend, title="t").layout.yaxis.dtick is None


@pytest.mark.parametrize("measure", ["per_million", "share"])
def test_a_capped_colour_scale_names_its_darkest_value(measure):
    # One outlier caps the scale; the legend must still render its threshold as text.
    values = [0.001] * 30 + [5.0]
    frame = pd.DataFrame({"iso3": [f"C{i:02d}" for i in range(31)], "name": [f"Country {i}" for i in range(31)],
                          "jobs": [1] * 31, "per_million": values, "share": values, "has_data": [True] * 31,
                          "rank": list(range(1, 32))})
    update = figures.map_data_trace_update(frame, measure=measure)
    assert "darkest:" in update["colorbar"]["title"]["text"]


@pytest.mark.parametrize("top, whole", [(9, True), (10, False)])
def test_small_counts_tick_whole_numbers_on_every_count_chart(top, whole):
    skills = pd.DataFrame({"skill_uri": ["s1"], "label": ["python"], "postings": [top], "share": [0.5],
                           "relation": ["essential"], "skill_type": ["skill/competence"], "description": [""]})
    axes = [
        figures.skill_demand_figure(skills, title="t").layout.xaxis,
        figures.skill_breakdown_figure({"essential_knowledge": top, "essential_skill": 1,
                                        "optional_knowledge": 0, "optional_skill": 0}).layout.xaxis,
    ]
    assert [axis.dtick == 1 for axis in axes] == [whole, whole]


@pytest.mark.parametrize("jobs, measure, whole", [(9, "jobs", True), (40, "jobs", False), (9, "share", False)])
def test_the_map_colour_bar_ticks_whole_jobs_for_small_counts(jobs, measure, whole):
    frame = pd.DataFrame({"iso3": ["DEU", "FRA"], "name": ["Germany", "France"], "jobs": [jobs, 1],
                          "per_million": [0.1, 0.01], "share": [0.2, 0.1], "has_data": [True, True],
                          "rank": [1, 2]})
    colorbar = figures.map_data_trace_update(frame, measure=measure)["colorbar"]
    assert (colorbar.get("dtick") == 1) is whole


# -- the Pay measure (issue 18) -------------------------------------------------------------


def pay_frame() -> pd.DataFrame:
    """by_country() with advertised_pay.map_pay's columns: Germany states EUR a year, Kosovo only
    PLN a month (grey, named), France postings but no pay (grey), Antarctica no data at all."""
    return by_country().assign(
        pay=[64500.0, math.nan, math.nan, math.nan],
        pay_text=["EUR 52,000–64,500 a year (median stated min–max, 12 postings)", "", "", ""],
        pay_note=["3 more postings state pay in other currencies or periods", "no pay stated", "no pay stated",
                  "states pay in PLN a month (3,674 postings); not comparable"],
    )


def test_the_pay_map_colours_the_median_max_and_names_its_pair():
    figure = figures.jobs_map_figure(pay_frame(), geojson=GEOJSON, measure="pay", pay_pair="EUR a year")
    data = figure.data[figures.MAP_DATA_TRACE]
    assert dict(zip(data.locations, data.z)) == {"DEU": 64500.0}  # never a zero for "no pay"
    assert "EUR a year" in data.colorbar.title.text and "Median stated max pay" in data.colorbar.title.text
    germany = data.customdata[0]
    assert "Advertised pay: %{customdata[6]}" in data.hovertemplate
    assert germany[6] == ("EUR 52,000–64,500 a year (median stated min–max, 12 postings)<br>"
                          "3 more postings state pay in other currencies or periods")


def test_the_pay_map_draws_countries_without_comparable_pay_grey_with_what_they_state():
    figure = figures.jobs_map_figure(pay_frame(), geojson=GEOJSON, measure="pay", pay_pair="EUR a year")
    grey = figure.data[figures.MAP_PAY_GREY_TRACE]
    notes = {iso3: list(row) for iso3, row in zip(grey.locations, grey.customdata)}
    assert notes == {"FRA": ["France &lt;b&gt;bold&lt;/b&gt;", "no pay stated"],
                     "XKX": ["Kosovo", "states pay in PLN a month (3,674 postings); not comparable"]}
    assert {c for _, c in grey.colorscale} == {figures.NO_DATA_COLOUR}
    assert "ATA" not in grey.locations  # no postings data at all: the base trace says so
    # Any other measure: no pay-grey countries, the usual hover.
    other = figures.map_data_trace_update(pay_frame(), measure="jobs")
    assert figures.map_pay_grey_update(pay_frame(), measure="jobs")["locations"] == []
    assert other["hovertemplate"] == figures.MAP_HOVER and len(other["customdata"][0]) == 6


def test_the_pay_map_without_pay_columns_colours_nothing():
    update = figures.map_data_trace_update(by_country(), measure="pay")
    assert update["locations"] == [] and update["z"] == []


def test_a_long_pay_note_is_broken_into_hover_lines_and_stays_text():
    note = "states pay in GBP a year (309 postings), GBP a month (101 postings), <b>GBP</b> an hour (32 postings); not comparable"
    frame = pay_frame().assign(pay_note=["", "no pay stated", "", note])
    (kosovo,) = [row for iso3, row in zip(*(figures.map_pay_grey_update(frame, measure="pay")[k]
                                             for k in ("locations", "customdata"))) if iso3 == "XKX"]
    lines = [line.replace("&lt;", "<").replace("&gt;", ">") for line in kosovo[1].split("<br>")]
    assert len(lines) > 1 and all(len(line) <= 64 for line in lines)
    assert "&lt;b&gt;GBP&lt;/b&gt;" in kosovo[1] and " ".join(lines) == note
