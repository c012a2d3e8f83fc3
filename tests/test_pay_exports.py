"""Advertised pay in the exports (issue 18 point 4): the map's data gains each country's pay, the
"Advertised pay" export holds every country, currency and period, the Export menu and
``python -m dashboard export --chart advertised-pay`` offer it, the Pay map exports with its pair."""
from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard.exports import charts, files, names, tables
from dashboard.reading.cube import Cube
from helpers import export_view, run_cli
from test_pay_map import PAY_CSV, SOFTWARE, _cube_dir


@pytest.fixture(scope="module")
def cube_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pay-exports")
    (root / "pay.csv").write_text(PAY_CSV, encoding="utf-8")
    return _cube_dir(root, postings=[root / "pay.csv"])


@pytest.fixture(scope="module")
def cube(cube_dir) -> Cube:
    return Cube.open(cube_dir)


def test_the_map_data_carries_each_countrys_most_stated_pay(cube):
    frame = tables.data_frame_for(cube, "map", export_view(cube, SOFTWARE)).set_index("iso3")
    germany = frame.loc["DEU"]
    assert (germany["pay_currency"], germany["pay_period"]) == ("EUR", "year")
    assert (germany["pay_median_min"], germany["pay_median_max"], germany["postings_stating_pay"]) == (
        50000.0, 70000.0, 3)
    assert (frame.loc["POL", "pay_currency"], frame.loc["POL", "pay_period"]) == ("PLN", "month")
    assert pd.isna(frame.loc["ITA", "pay_currency"]) and pd.isna(frame.loc["ITA", "postings_stating_pay"])


def test_the_advertised_pay_export_holds_every_pair_never_converted(cube):
    name, data = files.export(cube, export_view(cube, SOFTWARE), chart=names.ADVERTISED_PAY, fmt="csv")
    assert name == "advertised-pay_software-developer_2024-01_2024-02.csv"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == list(tables.PAY_COLUMNS)
    assert back[["iso3", "currency", "period", "postings_stating_pay", "median_min", "median_max"]].values.tolist() == [
        ["FRA", "EUR", "year", 2, 31000.0, 41000.0],
        ["DEU", "EUR", "year", 3, 50000.0, 70000.0],
        ["POL", "PLN", "month", 2, 9250.0, 12500.0],
    ]  # Italy states no pay: no row, never a zero
    name, data = files.export(cube, export_view(cube, SOFTWARE, start="2024-02", end="2024-02"),
                              chart=names.ADVERTISED_PAY, fmt="xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Advertised pay", "about"]
    rows = list(book["Advertised pay"].iter_rows(values_only=True))
    assert rows[0] == tables.PAY_COLUMNS and len(rows) == 4  # one posting each in February
    about = {row[0].value: row[1].value for row in book["about"].iter_rows()}
    assert about["Pay"] == "never converted between currencies or periods"


def test_the_export_menu_offers_advertised_pay_as_data():
    from layouts import ids
    from layouts.export_menu import export_menu

    menu = repr(export_menu(unavailable=None))
    for fmt in ("csv", "xlsx"):
        assert repr(ids.Export.item(names.ADVERTISED_PAY, fmt)).replace("'", '"') in menu.replace("'", '"')
    assert "Advertised pay" in menu


def test_the_pay_map_exports_with_its_pair_and_share(cube):
    from dashboard import figures

    figure = charts.chart_figure(cube, "map", export_view(cube, SOFTWARE, measure="pay"))
    data = figure.data[figures.MAP_DATA_TRACE]
    assert dict(zip(data.locations, data.z)) == {"DEU": 70000.0, "FRA": 41000.0}
    assert "EUR a year" in data.colorbar.title.text
    assert "71% of the 7 postings stating pay" in figure.layout.title.subtitle.text
    assert "median stated max pay by country" in figure.layout.title.text


def test_the_command_line_writes_the_advertised_pay(cube_dir, tmp_path):
    done = run_cli("export", "--occupation", "software developer", "--chart", "advertised-pay", "--format", "csv",
                   "--out", str(tmp_path), "--data-dir", str(cube_dir))
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.name == "advertised-pay_software-developer_2024-01_2024-02.csv"
    assert pd.read_csv(written, encoding="utf-8-sig")["postings_stating_pay"].sum() == 7
    refused = run_cli("export", "--occupation", "software developer", "--chart", "advertised-pay", "--format", "png",
                      "--out", str(tmp_path), "--data-dir", str(cube_dir))
    assert refused.returncode == 2 and "use --format csv or xlsx" in refused.stderr


def test_the_report_has_a_pay_page_when_postings_state_pay(cube):
    from dashboard.exports import report

    view = export_view(cube, SOFTWARE)
    page = report.pay_page_figure(cube, view)
    table = page.data[0]
    assert list(table.cells.values[0]) == ["Germany", "France", "Poland"]  # most postings stating pay first
    assert list(table.cells.values[1]) == ["EUR 50,000–70,000 a year", "EUR 31,000–41,000 a year",
                                           "PLN 9,250–12,500 a month"]
    assert "advertised pay by country" in page.layout.title.text
    assert "EUR a year: 71% of the 7 postings stating pay" in page.layout.title.subtitle.text
    cover = " ".join(a.text for a in report.cover_figure(cube, view).layout.annotations)
    assert f"{len(report.report_charts(cube)) + 2}. Advertised pay" in cover


def test_the_report_has_no_pay_page_without_stated_pay(tmp_path):
    from dashboard.exports import report
    from test_exports import build_small_cube

    cube = Cube.open(build_small_cube(tmp_path / "no-pay"))
    view = export_view(cube, SOFTWARE)
    assert report.pay_page_figure(cube, view) is None
    assert "Advertised pay" not in " ".join(a.text for a in report.cover_figure(cube, view).layout.annotations)
