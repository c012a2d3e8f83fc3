"""Files as people have them (issue 16): one aggregated counts file — role, country name, count,
no date — saved as plain CSV, as a European spreadsheet export (`;`, Windows-1252) and as an
Excel workbook builds one and the same cube, and an undated file never shows a date.

The rows are hand-written (never rows of a real file).
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.reading import queries
from dashboard.building.build import build
from dashboard.cli import main
from dashboard.reading.cube import Cube, current_version
from dashboard.errors import UsageError
from helpers import TINY_TAXONOMY

#: role, country name, count, salary (the salary column is not read: an extra column).
ROWS = [
    ("esco_role", "country_name", "job_count", "avg_salary"),
    ("software developer", "Germany", "7", "61000"),
    ("software developer", "Brazil", "4", "38000"),
    ("software developer", "India", "2", "21000"),
    ("software developer", "United States", "9", "98000"),
    ("electrician", "Côte d'Ivoire", "3", ""),
    ("electrician", "Réunion", "1", ""),
    ("electrician", "Atlantis", "5", ""),  # not a country: rejected, line 8
]
FLAGS = ["--occupation-col", "esco_role", "--country-col", "country_name", "--count-col", "job_count"]


def _csv(rows, delimiter: str) -> str:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def _write_copies(folder: Path) -> dict[str, Path]:
    from openpyxl import Workbook

    copies = {"csv": folder / "offers.csv", "excel_csv": folder / "offers_excel.csv", "xlsx": folder / "offers.xlsx"}
    copies["csv"].write_text(_csv(ROWS, ","), encoding="utf-8")
    copies["excel_csv"].write_bytes(_csv(ROWS, ";").encode("cp1252"))
    book = Workbook()
    for row in ROWS:
        book.active.append([int(v) if v.isdigit() else (v or None) for v in row])
    book.save(copies["xlsx"])
    return copies


@pytest.fixture(scope="module")
def cubes(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("real_files")
    built = {}
    for name, path in _write_copies(folder).items():
        data_dir = folder / f"cube_{name}"
        assert main(["build", "--esco", str(TINY_TAXONOMY), "--counts", str(path), *FLAGS,
                     "--data-dir", str(data_dir)]) == 0
        built[name] = data_dir
    return built


def _tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    version = data_dir / "versions" / current_version(data_dir)
    return {p.stem: pd.read_parquet(p) for p in sorted(version.glob("*.parquet"))}


@pytest.mark.parametrize("copy", ["excel_csv", "xlsx"])
def test_every_copy_of_the_file_builds_the_same_cube(cubes, copy):
    plain, other = _tables(cubes["csv"]), _tables(cubes[copy])
    assert set(plain) == set(other)
    for name in plain:
        pd.testing.assert_frame_equal(plain[name], other[name], check_dtype=False, obj=name)
    rejects = [pd.read_csv(cubes[c] / "versions" / current_version(cubes[c]) / "rejects.csv") for c in ("csv", copy)]
    assert rejects[0]["line"].tolist() == rejects[1]["line"].tolist() == [8]
    # The rejects name the user's file, not the normalised copy the engine read.
    assert rejects[1]["file"].map(lambda f: Path(f).name).tolist() == [{"excel_csv": "offers_excel.csv",
                                                                        "xlsx": "offers.xlsx"}[copy]]


def test_what_was_detected_is_in_the_build_report(cubes):
    reports = {name: json.loads((d / "build_report.json").read_text()) for name, d in cubes.items()}
    assert reports["csv"]["input_formats"][0] | {"file": ""} == {"file": "", "format": "csv", "encoding": "UTF-8",
                                                                  "delimiter": "comma"}
    assert reports["excel_csv"]["input_formats"][0]["encoding"] == "Windows-1252 (fallback: not UTF-8)"
    assert reports["excel_csv"]["input_formats"][0]["delimiter"] == "semicolon"
    assert reports["xlsx"]["input_formats"][0]["format"] == "xlsx"
    for report in reports.values():
        assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (7, 6, 1)


def test_an_undated_file_makes_up_no_month(cubes, capsys):
    cube = Cube.open(cubes["excel_csv"])
    assert cube.months == [] and cube.is_undated
    assert cube.undated_jobs == 26
    result = queries.query_result(cube, "software developer")
    assert result["period"] == {"from": None, "to": None}
    assert result["jobs_total"] == 22 and result["countries_with_jobs"] == 4
    assert queries.country_trend(cube, result["occupation"]["uri"]).empty
    assert main(["query", "--occupation", "software developer", "--data-dir", str(cubes["excel_csv"])]) == 0
    out = capsys.readouterr().out
    assert "undated (the data carries no period)" in out and "2026" not in out


def test_mixed_dated_and_undated_inputs_count_undated_rows_only_without_a_period(tmp_path):
    dated = tmp_path / "dated.csv"
    dated.write_text("occupation,country,period,count\nelectrician,DE,2025-01,2\nelectrician,DE,2025-02,3\n")
    undated = tmp_path / "undated.csv"
    undated.write_text("occupation,country,count\nelectrician,DE,10\n")
    report = build(esco=[TINY_TAXONOMY], counts=[dated, undated], data_dir=tmp_path / "cube", progress=False)
    assert report["months"] == ["2025-01", "2025-02"] and report["undated_jobs"] == 10
    cube = Cube.open(tmp_path / "cube")
    uri = cube.occupation_index.resolve_or_raise("electrician")
    assert queries.occupation_summary(cube, uri)["jobs_total"] == 15
    assert queries.occupation_summary(cube, uri, start="2025-01", end="2025-02")["jobs_total"] == 5
    assert queries.occupation_summary(cube, uri, start="2025-02", end="2025-02")["jobs_total"] == 3
    # Country totals (the denominator of "share") follow the same rule.
    table = queries.jobs_by_country(cube, uri, start="2025-01", end="2025-02")
    assert table.set_index("iso3").loc["DEU", "country_postings"] == 5


@pytest.mark.parametrize("period", ["2025", "2025-13", "March", "2025-03-01"])
def test_period_flag_must_be_a_month(tmp_path, period):
    path = tmp_path / "c.csv"
    path.write_text("occupation,country,count\nelectrician,DE,5\n")
    with pytest.raises(UsageError, match="--period"):
        build(esco=[TINY_TAXONOMY], counts=[path], data_dir=tmp_path / "cube", progress=False, period=period)


def test_jobs_outside_europe_put_the_world_on_the_map(cubes, tmp_path):
    from dashboard.exports import charts
    from helpers import export_view

    cube = Cube.open(cubes["csv"])
    assert queries.map_frame(cube) == "world"  # Brazil, India, the US have jobs
    uri = cube.occupation_index.resolve_or_raise("software developer")
    figure = charts.chart_figure(cube, "map", export_view(cube, uri))
    assert figure.layout.geo.projection.type == "natural earth"
    europe_only = tmp_path / "eu.csv"
    europe_only.write_text("occupation,country,count\nelectrician,DE,5\nelectrician,MT,1\n")
    build(esco=[TINY_TAXONOMY], counts=[europe_only], data_dir=tmp_path / "cube", progress=False)
    assert queries.map_frame(Cube.open(tmp_path / "cube")) == "europe"


def test_exports_and_the_report_of_undated_data_say_it_carries_no_period(cubes):
    from dashboard.exports import charts, files, report
    from dashboard.view import UNDATED_EXPORT
    from helpers import export_view

    cube = Cube.open(cubes["csv"])
    uri = cube.occupation_index.resolve_or_raise("software developer")
    view = export_view(cube, uri)
    assert view.period_text(undated=UNDATED_EXPORT) == "no period: the data carries no dates"
    assert "trend" not in report.report_charts(cube)
    trend = charts.chart_figure(cube, "trend", export_view(cube, uri))
    assert "no period" in trend.layout.annotations[0].text and not trend.data
    name, content = files.export_file(cube, "map", "xlsx", export_view(cube, uri))
    assert name == "jobs-map_software-developer.xlsx"  # no period in the name either
    import io

    from openpyxl import load_workbook

    cells = [str(c) for sheet in load_workbook(io.BytesIO(content)).worksheets
             for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "no period: the data carries no dates" in cells
