"""Reading a view's postings by row range (dashboard.reading.posting_rows): the same answers as
DuckDB's queries over the whole postings file, for every scope, and DuckDB again whenever the
file is not in the order the group counts say."""
from __future__ import annotations

import itertools
import shutil

import pyarrow.parquet as pq
import pytest

from dashboard.building.build import build
from dashboard.reading import advertised_pay, job_listings
from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import Scope, count_jobs, list_jobs, salary_summary
from dashboard.reading.posting_rows import PostingRows
from helpers import TINY_TAXONOMY

#: Hand-written: three occupations, four countries, three months, pay in two currencies and
#: periods, a posting with a month for its date, one with no pay, one in a month no one else has.
POSTINGS = """id,occupation,country,date,skills,title,employer,location,url,salary_min,salary_max,currency,salary_period
a1,software developer,DE,2024-01-10,HTML,Dev A,One GmbH,Berlin,https://jobs.example.invalid/a1,40000,60000,EUR,year
a2,software developer,DE,2024-01-10,HTML,Dev B,Two GmbH,Bonn,,50000,70000,EUR,year
a3,software developer,DE,2024-01,,Dev C,Three GmbH,Köln,,90000,,EUR,year
a4,software developer,DE,2024-02-13,,Dev D,Four GmbH,Ulm,,3000,4000,EUR,month
a5,software developer,PL,2024-02-14,,Dev E,Five sp. z o.o.,Łódź,,9000,12000,PLN,month
a6,software developer,PL,2024-03-15,,Dev F,Six sp. z o.o.,Gdańsk,,,,,
a7,software developer,FR,2024-03-01,,Dev G,Sept SA,Lyon,,52000,61000,EUR,year
a8,software developer,FR,2024-03-01,,Dev H,Huit SA,Paris,,48000,58000.5,EUR,year
b1,electrician,DE,2024-01-20,,Elektriker,Acht GmbH,Trier,,20,25,EUR,hour
b2,electrician,DE,2024-02-20,,Elektriker B,Neun GmbH,Trier,,21,26,EUR,hour
b3,electrician,IT,2024-02-21,,Elettricista,Dieci Srl,Roma,,,1800,EUR,month
b4,electrician,IT,2024-05-02,,Elettricista B,Undici Srl,Milano,,1500,1900,EUR,month
"""


@pytest.fixture(scope="module")
def cube_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("posting_rows")
    (root / "postings.csv").write_text(POSTINGS, encoding="utf-8")
    build(esco=[TINY_TAXONOMY], postings=[root / "postings.csv"], data_dir=root / "cube", progress=False)
    return root / "cube"


def _fresh(data_dir) -> Cube:
    """The cube in ``data_dir`` opened anew (not the per-directory cache: its file was rewritten)."""
    return Cube(data_dir, (data_dir / "CURRENT").read_text().strip())


def scopes(cube: Cube):
    occupations = sorted(cube.occupation_facts)
    groups = [None, *[(u,) for u in occupations], tuple(occupations[:2])]
    countries = [None, "DEU", "POL", "FRA", "ITA", "ESP"]
    periods = [(None, None), ("2024-01", "2024-01"), ("2024-02", "2024-05"), ("2024-03", None), (None, "2024-02")]
    for group, iso3, (start, end) in itertools.product(groups, countries, periods):
        yield Scope(group, iso3, start, end)


def answers(cube: Cube, scope: Scope) -> dict:
    return {
        "count": count_jobs(cube, scope),
        "pages": [list_jobs(cube, scope, limit=limit, offset=offset)["jobs"]
                  for limit, offset in ((20, 0), (2, 0), (2, 2), (3, 5), (1000, 0))],
        "pay": salary_summary(cube, scope),
        "pay_by_country": advertised_pay.pay_by_country(cube, scope),
    }


def duckdb_answers(cube: Cube, scope: Scope, monkeypatch) -> dict:
    with monkeypatch.context() as patch:
        patch.setitem(cube.__dict__, "posting_rows", None)
        return answers(cube, scope)


def test_every_scope_answers_as_duckdb_does(cube_dir, monkeypatch):
    cube = Cube.open(cube_dir)
    assert cube.posting_rows is not None, "a fresh build's postings are in the group counts' order"
    checked = 0
    for scope in scopes(cube):
        fast = answers(cube, scope)
        assert fast == duckdb_answers(cube, scope, monkeypatch), scope
        checked += bool(fast["count"])
    assert checked > 40  # most scopes hold postings, so the comparison is not of empty lists


def test_one_occupation_needs_no_duckdb_query(cube_dir, monkeypatch):
    cube = Cube.open(cube_dir)
    developer = next(u for u in cube.occupation_facts if count_jobs(cube, Scope((u,))) == 8)
    scope = Scope((developer,), "DEU", "2024-01", "2024-03")
    expected = duckdb_answers(cube, scope, monkeypatch)

    def no_query(*args, **kwargs):
        raise AssertionError("DuckDB was asked")

    monkeypatch.setattr(job_listings, "_run", no_query)
    monkeypatch.setattr(advertised_pay, "_run", no_query)
    got = answers(cube, scope)
    assert got == expected
    assert got["count"] == 4 and [j["id"] for j in got["pages"][0]] == ["a4", "a1", "a2", "a3"]
    assert got["pay"][0] == {"currency": "EUR", "period": "year", "postings": 3, "median_min": 50000.0,
                             "median_max": 65000.0}


def test_small_row_groups_span_boundaries_and_fall_back_past_the_limit(cube_dir, tmp_path, monkeypatch):
    copy = tmp_path / "cube"
    shutil.copytree(cube_dir, copy, symlinks=True)
    version = copy / "versions" / (copy / "CURRENT").read_text().strip()
    table = pq.read_table(version / "postings.parquet")
    pq.write_table(table, version / "postings.parquet", row_group_size=3)  # same order, 4 row groups
    cube = _fresh(copy)
    rows = cube.posting_rows
    assert rows is not None and rows._file.metadata.num_row_groups == 4
    for scope in scopes(cube):
        assert answers(cube, scope) == duckdb_answers(cube, scope, monkeypatch), scope
    everything = Scope()
    assert rows.read(everything, ("id",), max_row_groups=3) is None  # 4 row groups: DuckDB answers
    assert rows.read(everything, ("id",)).num_rows == table.num_rows


def test_a_postings_file_in_another_order_is_answered_by_duckdb(cube_dir, tmp_path, monkeypatch):
    copy = tmp_path / "cube"
    shutil.copytree(cube_dir, copy, symlinks=True)
    version = copy / "versions" / (copy / "CURRENT").read_text().strip()
    table = pq.read_table(version / "postings.parquet")
    # Sorted by country inside each occupation's rows: row-group statistics still agree (one
    # group), so the mismatch is only seen when rows are read.
    pq.write_table(table.sort_by([("occupation_uri", "ascending"), ("month", "ascending"), ("iso3", "descending")]),
                   version / "postings.parquet")
    cube = _fresh(copy)
    assert cube.posting_rows is not None
    for scope in scopes(cube):
        assert answers(cube, scope) == duckdb_answers(cube, scope, monkeypatch), scope
    assert cube.posting_rows.broken

    pq.write_table(table.sort_by("id"), version / "postings.parquet", row_group_size=2)
    assert PostingRows.open(version) is None  # row-group statistics already disagree


def test_a_cube_without_group_counts_uses_duckdb(cube_dir, tmp_path):
    copy = tmp_path / "cube"
    shutil.copytree(cube_dir, copy, symlinks=True)
    version = copy / "versions" / (copy / "CURRENT").read_text().strip()
    (version / "collection_postings.parquet").unlink()
    cube = _fresh(copy)
    assert cube.posting_rows is None
    assert count_jobs(cube, Scope()) == 12
    assert len(list_jobs(cube, Scope(), limit=20)["jobs"]) == 12
