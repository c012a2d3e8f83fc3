"""The one-click PDF report (issue 5): a cover page and the four charts, with sources."""
from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from pypdf import PdfReader

from dashboard.reading.cube import Cube
from dashboard.exports import browser, report
from helpers import export_view
from test_exports import SOFTWARE_DEVELOPER, build_small_cube


@pytest.fixture(scope="module")
def cube(tmp_path_factory) -> Cube:
    return Cube.open(build_small_cube(tmp_path_factory.mktemp("report")))


def page_texts(data: bytes) -> list[str]:
    # NFKC: Chromium sets "fi" as a ligature; the reader gets "ﬁ".
    return [unicodedata.normalize("NFKC", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def test_top_countries_most_jobs_first(cube):
    top = report.top_countries(cube, SOFTWARE_DEVELOPER, start=None, end=None)
    # Ties (one job each) in name order: Côte d'Ivoire before France.
    assert top["iso3"].tolist() == ["DEU", "CIV", "FRA"]
    assert top["jobs"].tolist() == [4, 1, 1]


def test_cover_lists_filters_headline_table_and_sources(cube):
    view = export_view(cube, SOFTWARE_DEVELOPER, iso3="DEU", start="2024-01", end="2024-03", measure="share")
    figure = report.cover_figure(cube, view, generated_at=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc))
    text = "\n".join(a.text for a in figure.layout.annotations)
    for expected in ("Software developer", "ESCO code 2512.4", "ISCO-08 group 2512", "Country: Germany",
                     "Period: Jan 2024 – Mar 2024", "Map coloured by: Share of the country's postings",
                     "4 jobs in 2 countries", "Source: postings.csv", "ESCO classification of the European Commission",
                     f"Cube built: {cube.report['built_at']}", "Report generated: 2025-01-02T03:04:05+00:00"):
        assert expected in text
    table = figure.data[0]
    assert list(table.cells.values[0]) == ["Germany", "France"]
    assert list(table.cells.values[1]) == ["3", "1"]


def test_report_filename(cube):
    assert report.report_filename(cube, export_view(cube, SOFTWARE_DEVELOPER, iso3="FRA")) == \
        "report_software-developer_fra_2024-01_2024-06.pdf"


@pytest.fixture(scope="module")
def report_pdf(cube):
    reason = browser.chromium_available()
    if reason:
        pytest.skip(reason)
    yield report.build_report_pdf(cube, export_view(cube, SOFTWARE_DEVELOPER, iso3="DEU", start="2024-01",
                                                    end="2024-06", measure="per_million"))
    browser.stop_renderer()


def test_report_is_one_pdf_of_five_a4_landscape_pages(report_pdf):
    assert report_pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(report_pdf))
    assert len(reader.pages) == 5
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 842) < 2 and abs(height - 595) < 2  # A4 landscape in points
    assert reader.metadata.title == "Job Atlas report: software developer"


@pytest.fixture(scope="module")
def report_texts(report_pdf) -> list[str]:
    return page_texts(report_pdf)


@pytest.mark.parametrize(
    "page, expected",
    [
        (0, ["Job Atlas report", "Software developer", "Country: Germany", "Top countries by jobs", "Germany",
             "Source: postings.csv", "Taxonomy: ESCO (en)", "ESCO classification of the European Commission",
             "Cube built:", "Report generated:"]),
        (1, ["Software developer: jobs per million inhabitants by country", "Jan 2024 – Jun 2024"]),
        (2, ["Software developer: skills asked for in Germany", "Python (computer programming)"]),
        (3, ["Software developer: skills in the occupation profile", "Essential knowledge"]),
        (4, ["Software developer: jobs per month in Germany"]),
    ],
)
def test_report_page_text(report_texts, page, expected):
    text = report_texts[page]
    for part in expected:
        assert part in text, f"page {page + 1} lacks {part!r}"
    if page:
        assert "Source: postings.csv; ESCO classification of the European Commission" in text
