"""The map's Pay measure and the Table tab's pay columns on a built cube (issue 18 points 2-3):
the view callback's map outputs and the table callback, called as plain functions."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import app as app_module
from dashboard.building.build import build
from dashboard.reading.cube import Cube
from dashboard.reading.subject_view import Subject
from dashboard.settings import load_settings
from dashboard.view import View
from helpers import TINY_TAXONOMY

SOFTWARE = "https://fixture.invalid/occupation/software-developer"
PYTHON = "https://fixture.invalid/skill/python"

#: Hand-written: EUR a year in Germany (3) and France (2), PLN a month only in Poland (2), Italy's
#: posting states no pay. EUR a year holds 5 of the 7 postings stating pay.
PAY_CSV = """id,occupation,country,date,skills,salary_min,salary_max,currency,salary_period
d1,software developer,DE,2024-01-10,Python (computer programming),40000,60000,EUR,year
d2,software developer,DE,2024-01-11,,50000,70000,EUR,year
d3,software developer,DE,2024-02-12,,60000,80000,EUR,year
f1,software developer,FR,2024-01-10,,30000,40000,EUR,year
f2,software developer,FR,2024-02-11,,32000,42000,EUR,year
p1,software developer,PL,2024-01-10,,9000,12000,PLN,month
p2,software developer,PL,2024-02-11,,9500,13000,PLN,month
i1,software developer,IT,2024-01-12,,,,,
"""


def _cube_dir(root: Path, **inputs) -> Path:
    build(esco=[TINY_TAXONOMY], data_dir=root / "cube", progress=False, **inputs)
    return root / "cube"


@pytest.fixture(scope="module")
def pay_cube_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pay-map")
    (root / "pay.csv").write_text(PAY_CSV, encoding="utf-8")
    return _cube_dir(root, postings=[root / "pay.csv"])


@pytest.fixture(scope="module")
def counts_cube_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pay-map-counts")
    (root / "counts.csv").write_text("occupation,country,period,count\nsoftware developer,DE,2024-01,36\n",
                                     encoding="utf-8")
    return _cube_dir(root, counts=[root / "counts.csv"])


def _served(cube_dir: Path, function, *args, **kwargs):
    """Run a callback helper the way the app does: with the app serving ``cube_dir``."""
    app = app_module.create_app(load_settings({"data_dir": cube_dir}, environ={}))
    with app.server.app_context():
        return function(*args, **kwargs)


def _view(**changes) -> View:
    return View(**{"occupation": SOFTWARE, "start": "2024-01", "end": "2024-02", "measure": "pay", **changes})


def _operations(patch) -> dict:
    return {tuple(op["location"]): op["params"]["value"] for op in patch.to_plotly_json()["operations"]}


def _map(cube_dir: Path, view: View) -> dict:
    from callbacks.jobs_map import show_map

    return _served(cube_dir, show_map, view)


def test_the_pay_measure_colours_the_plurality_pair_and_names_it(pay_cube_dir):
    from dashboard import figures

    out = _map(pay_cube_dir, _view())
    values = _operations(out["figure"])
    data, grey = figures.MAP_DATA_TRACE, figures.MAP_PAY_GREY_TRACE
    assert dict(zip(values[("data", data, "locations")], values[("data", data, "z")])) == {
        "DEU": 70000.0, "FRA": 41000.0}  # median stated maximum, EUR a year
    assert "EUR a year" in values[("data", data, "colorbar")]["title"]["text"]
    assert out["pay_note"].startswith("Pay: median stated maximum in EUR a year — 71% of the 7 postings stating pay")
    assert "not converted" in out["pay_note"]
    greys = dict(zip(values[("data", grey, "locations")], (row[1] for row in values[("data", grey, "customdata")])))
    assert greys == {"POL": "states pay in PLN a month (2 postings); not comparable", "ITA": "no pay stated"}
    germany = values[("data", data, "customdata")][0]
    assert germany[6] == "EUR 50,000–70,000 a year (median stated min–max, 3 postings)"


def test_the_pay_measure_follows_the_period(pay_cube_dir):
    from dashboard import figures

    values = _operations(_map(pay_cube_dir, _view(start="2024-02", end="2024-02"))["figure"])
    data = figures.MAP_DATA_TRACE
    assert dict(zip(values[("data", data, "locations")], values[("data", data, "z")])) == {
        "DEU": 80000.0, "FRA": 42000.0}


def test_other_measures_leave_the_pay_line_empty_and_no_pay_grey(pay_cube_dir):
    from dashboard import figures

    out = _map(pay_cube_dir, _view(measure="jobs"))
    assert out["pay_note"] == ""
    assert _operations(out["figure"])[("data", figures.MAP_PAY_GREY_TRACE, "locations")] == []


def test_a_country_click_on_the_pay_map_outlines_the_pay_countries(pay_cube_dir):
    from callbacks.jobs_map import show_selection

    out = _served(pay_cube_dir, show_selection, _view(country="FRA"))
    line = _operations(out["figure"])[("data", 1, "marker")]["line"]
    assert line["width"] == [2.5 if iso3 == "FRA" else 0.4 for iso3 in ("DEU", "FRA")]


def test_a_skill_and_counts_only_data_say_why_there_is_no_pay(pay_cube_dir, counts_cube_dir):
    from callbacks.jobs_map import PAY_NOT_FOR_SKILL, PAY_NOT_IN_COUNTS

    skill = _map(pay_cube_dir, _view(subject=Subject("skill", PYTHON)))
    assert skill["pay_note"] == PAY_NOT_FOR_SKILL
    assert PAY_NOT_FOR_SKILL in json.dumps(_operations(skill["figure"])[("layout", "annotations")])
    counts = _map(counts_cube_dir, _view(start="2024-01", end="2024-01"))
    assert counts["pay_note"] == PAY_NOT_IN_COUNTS and "not individual ads" in counts["pay_note"]


# -- the Table tab's pay columns (point 2) ------------------------------------------------------


def _table(cube_dir: Path, view: View, *, sort=None):
    """The Table tab for ``view`` as the table callback renders it (rows from the view callback)."""
    from callbacks.jobs_map import show_map
    from callbacks.map_table import table_pay_of, table_update
    from callbacks.context import current_cube
    from layouts import ids

    def run():
        rows = show_map(view)["table_rows"]
        return table_update(ids.Table.SHOWN, rows=rows, active_tab="table", sort=sort or {"column": "jobs", "descending": True},
                            pay_of=lambda: table_pay_of(current_cube(), view.to_store()))[0]

    return _served(cube_dir, run)


def _cells(table) -> tuple[list[str], dict[str, list[str]]]:
    from test_map_table import body_rows, header_cells, header_label

    headers = [header_label(th) for th in header_cells(table)]
    return headers, {row[0]: row for row in body_rows(table)}


def test_the_table_shows_each_countrys_most_stated_pay_with_its_postings(pay_cube_dir):
    headers, rows = _cells(_table(pay_cube_dir, _view(measure="jobs")))
    assert headers[-2:] == ["Pay (median stated min–max)", "Postings stating pay"]
    assert rows["Germany"][-2:] == ["EUR 50,000–70,000 a year", "3"]
    assert rows["Poland"][-2:] == ["PLN 9,250–12,500 a month", "2"]
    assert rows["Italy"][-2:] == ["—", "—"]  # no pay stated: never a zero


def test_sorting_by_pay_never_orders_across_currencies(pay_cube_dir):
    from test_map_table import names

    table = _table(pay_cube_dir, _view(measure="jobs"), sort={"column": "pay", "descending": True})
    # EUR a year (two countries) highest first, then PLN a month, then no pay.
    assert names(table) == ["Germany", "France", "Poland", "Italy"]
    table = _table(pay_cube_dir, _view(measure="jobs"), sort={"column": "pay", "descending": False})
    assert names(table) == ["France", "Germany", "Poland", "Italy"]


def test_a_skill_or_counts_only_data_has_no_pay_columns(pay_cube_dir, counts_cube_dir):
    headers, _ = _cells(_table(pay_cube_dir, _view(subject=Subject("skill", PYTHON), measure="jobs")))
    assert "Postings stating pay" not in headers
    headers, _ = _cells(_table(counts_cube_dir, _view(start="2024-01", end="2024-01", measure="jobs")))
    assert "Postings stating pay" not in headers
    # A pay sort kept from another view falls back to most jobs first.
    table = _table(counts_cube_dir, _view(start="2024-01", end="2024-01"), sort={"column": "pay", "descending": True})
    assert "sorted by jobs" in _caption(table)


def _caption(table) -> str:
    from test_map_table import text

    return text(table.children[0])
