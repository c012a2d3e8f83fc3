"""Build: reject reasons, duplicates across files, counts, report contract, atomic publish, lock."""
from __future__ import annotations

import csv
import datetime as dt
import fcntl
import json
import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
import sqlglot

from dashboard.building import build as build_module
from dashboard.building import cube_definition
from dashboard.building.build import BuildFailed, build
from dashboard.reading.cube import CURRENT_FILE, Cube
from dashboard.building.engines.duckdb import DuckDBEngine
from dashboard.errors import PostingsError, UsageError
from dashboard.building.ingest import ColumnMap
from helpers import POSTINGS_FIXTURES as POSTINGS
from helpers import TINY_TAXONOMY as TINY

TODAY = dt.date(2025, 6, 15)
HEADER = "id,occupation,country,date,skills\n"


def _build(tmp_path: Path, *, postings=(), counts=(), **options) -> dict:
    options.setdefault("data_dir", tmp_path / "cube")
    return build(esco=[TINY], postings=list(postings), counts=list(counts), progress=False, today=TODAY, **options)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _rejects(report: dict) -> list[dict]:
    with open(report["rejects_file"], newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _contract(report: dict) -> None:
    assert report["rows_read"] == report["rows_loaded"] + report["rows_rejected"]
    assert sum(report["rejected_by_reason"].values()) == report["rows_rejected"]
    assert len(_rejects(report)) == report["rows_rejected"]


@pytest.mark.parametrize(
    "row, reason",
    [
        (",electrician,DE,2024-01,", "missing id"),
        ("x,programmer,DE,2024-01,", "ambiguous occupation"),
        ("x,plumber,DE,2024-01,", "unknown occupation"),
        ("x,,DE,2024-01,", "unknown occupation"),
        ("x,electrician,Atlantis,2024-01,", "unknown country"),
        ("x,electrician,DE,2024-13-01,", "bad date"),
        ("x,electrician,DE,March 2024,", "bad date"),
        ("x,electrician,DE,1989-12,", "date out of range"),
        ("x,electrician,DE,2025-07-01,", "date out of range"),  # after this month (TODAY)
        ("x,electrician,DE", "malformed record"),
    ],
)
def test_each_reject_reason_with_its_line(tmp_path, row, reason):
    path = _write(tmp_path / "p.csv", HEADER + "ok,electrician,DE,2024-01,\n" + row + "\n")
    report = _build(tmp_path, postings=[path])
    _contract(report)
    assert (report["rows_read"], report["rows_loaded"]) == (2, 1)
    assert report["rejected_by_reason"] == {reason: 1}
    [rejected] = _rejects(report)
    assert (rejected["file"], rejected["line"], rejected["reason"]) == (str(path), "3", reason)
    assert rejected["record"].startswith(row.split(",")[0] + ",")


def test_duplicate_ids_across_two_files_first_occurrence_stays(tmp_path):
    first = _write(tmp_path / "a.csv", HEADER + "p1,electrician,DE,2024-01,\np2,electrician,DE,2024-01,\n")
    second = _write(tmp_path / "b.csv", HEADER + "p9,electrician,FR,2024-01,\np1,electrician,FR,2024-01,\n"
                    "p9,electrician,FR,2024-01,\n")
    report = _build(tmp_path, postings=[first, second])
    _contract(report)
    assert report["rejected_by_reason"] == {"duplicate id": 2}
    assert [(r["file"], r["line"]) for r in _rejects(report)] == [(str(second), "3"), (str(second), "4")]
    jobs = pd.read_parquet(Path(report["rejects_file"]).parent / "jobs.parquet")
    assert jobs.groupby("iso3")["jobs"].sum().to_dict() == {"DEU": 2, "FRA": 1}


def test_fixture_file_loads_with_line_numbers_and_unresolved_skills(tmp_path):
    report = _build(tmp_path, postings=[POSTINGS / "multiline_ragged.csv"])
    _contract(report)
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (5, 4, 1)
    assert [(r["line"], r["reason"]) for r in _rejects(report)] == [("5", "malformed record")]
    # "extra" is not a skill of the taxonomy: dropped, counted ("install electrical\nwiring"
    # matches after whitespace normalisation).
    assert report["skills_unresolved"] == 1
    assert report["months"] == ["2024-01", "2024-03"]


def test_column_flags_and_codes_uris_numeric_countries(tmp_path):
    columns = ColumnMap(id="ref", occupation="job", country="nation", date="posted", skills="tags")
    report = _build(tmp_path, postings=[POSTINGS / "renamed_columns.csv"], columns=columns)
    assert (report["rows_loaded"], report["rows_rejected"]) == (2, 0)
    jobs = pd.read_parquet(Path(report["rejects_file"]).parent / "jobs.parquet")
    assert jobs.values.tolist() == [
        ["https://fixture.invalid/occupation/electrician", "FRA", "2024-05", 1],
        ["https://fixture.invalid/occupation/software-developer", "DEU", "2024-05", 1],
    ]


def test_counts_input_reasons_and_sums(tmp_path):
    report = _build(tmp_path, counts=[POSTINGS / "counts.csv"])
    _contract(report)
    assert report["rejected_by_reason"] == {"bad count": 3, "unknown country": 1}
    assert sorted(int(r["line"]) for r in _rejects(report)) == [4, 5, 6, 7]
    cube_dir = Path(report["rejects_file"]).parent
    jobs = pd.read_parquet(cube_dir / "jobs.parquet")
    assert jobs.values.tolist() == [
        ["https://fixture.invalid/occupation/electrician", "DEU", "2024-01", 10],
        ["https://fixture.invalid/occupation/software-developer", "FRA", "2024-02", 3],
    ]
    assert str(jobs["jobs"].dtype) == "int64"


def test_counts_without_period_column_stay_undated(tmp_path):
    # Issue 16: no month is made up (it used to be the build's month).
    path = _write(tmp_path / "c.csv", "occupation,country,count\nelectrician,DE,5\n")
    report = _build(tmp_path, counts=[path])
    assert report["months"] == [None, None]
    assert report["undated_jobs"] == 5
    jobs = pd.read_parquet(Path(report["rejects_file"]).parent / "jobs.parquet")
    assert jobs["month"].isna().all() and jobs["jobs"].sum() == 5


def test_period_flag_dates_counts_without_period_column(tmp_path):
    path = _write(tmp_path / "c.csv", "occupation,country,count\nelectrician,DE,5\n")
    report = _build(tmp_path, counts=[path], period="2025-03")
    assert report["months"] == ["2025-03", "2025-03"]
    assert report["undated_jobs"] == 0


def test_skill_demand_counts_postings_once_per_skill(tmp_path):
    path = _write(tmp_path / "p.csv", HEADER
                  + "1,electrician,DE,2024-01,install electrical wiring|https://fixture.invalid/skill/install-wiring\n"
                  + "2,electrician,DE,2024-01,wire buildings|nonsense| nonsense\n"
                  + "3,electrician,DE,2024-02,\n")
    report = _build(tmp_path, postings=[path])
    demand = pd.read_parquet(Path(report["rejects_file"]).parent / "skill_demand.parquet")
    assert demand.values.tolist() == [
        ["https://fixture.invalid/occupation/electrician", "DEU", "2024-01", "https://fixture.invalid/skill/install-wiring", 2],
    ]
    assert report["skills_unresolved"] == 1


def test_skill_demand_and_unresolved_tokens_across_postings_countries_and_months(tmp_path):
    # One pass counts both: a skill once per posting however it is spelt, an unknown token
    # once per (posting, text trimmed of spaces), blank tokens not at all.
    path = _write(tmp_path / "p.csv", HEADER
                  + "1,electrician,DE,2024-01,wire buildings|  |nonsense|nonsense \n"
                  + "2,electrician,FR,2024-01,https://fixture.invalid/skill/install-wiring|other\n"
                  + "3,electrician,DE,2024-02,install electrical wiring|wire buildings\n"
                  + "4,web developer,DE,2024-01,Python|python programming|nonsense\n"
                  + "5,plumber,DE,2024-01,Python|rejected posting\n")
    report = _build(tmp_path, postings=[path])
    demand = pd.read_parquet(Path(report["rejects_file"]).parent / "skill_demand.parquet")
    skill, occupation = "https://fixture.invalid/skill/", "https://fixture.invalid/occupation/"
    assert demand.values.tolist() == [
        [occupation + "electrician", "DEU", "2024-01", skill + "install-wiring", 1],
        [occupation + "electrician", "DEU", "2024-02", skill + "install-wiring", 1],
        [occupation + "electrician", "FRA", "2024-01", skill + "install-wiring", 1],
        [occupation + "web-developer", "DEU", "2024-01", skill + "python", 1],
    ]
    assert report["skills_unresolved"] == 3  # nonsense (posting 1), other (2), nonsense (4)
    assert report["tables"]["skill_demand"] == 4


def test_taxonomy_only_build_has_empty_fact_tables(tmp_path):
    report = _build(tmp_path)
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (0, 0, 0)
    cube = Cube.open(tmp_path / "cube")
    assert cube.jobs.empty and cube.country_totals.empty
    assert list(cube.jobs.columns) == ["occupation_uri", "iso3", "month", "jobs"]
    assert len(cube.occupations) == 5 and not cube.occupation_skills.empty
    assert report["months"] == [None, None]
    assert report["dataset"]["taxonomy_issues"]  # the tiny fixture's oddities are reported
    # Text columns stay text with no rows (DuckDB types an empty pandas column as INTEGER).
    cube_dir = Path(report["rejects_file"]).parent
    for table, text_columns in (("jobs", ["occupation_uri", "iso3", "month"]), ("country_totals", ["iso3", "month"]),
                                ("skill_demand", ["occupation_uri", "iso3", "month", "skill_uri"])):
        schema = pq.read_schema(cube_dir / f"{table}.parquet")
        assert {c: str(schema.field(c).type) for c in text_columns} == {c: "string" for c in text_columns}, table


def test_report_contract_fields_and_top_level_copy(tmp_path):
    report = _build(tmp_path, postings=[POSTINGS / "multiline_ragged.csv"])
    top = json.loads((tmp_path / "cube" / "build_report.json").read_text())
    assert top == report
    for key in ("rows_read", "rows_loaded", "rows_rejected", "rejected_by_reason", "rejects_file", "engine",
                "inputs", "built_at", "dataset", "months", "skills_unresolved"):
        assert key in report
    assert report["engine"] == "duckdb"
    assert set(report["dataset"]) >= {"name", "is_demo", "taxonomy", "taxonomy_issues"}
    assert report["dataset"]["is_demo"] is False
    assert report["inputs"]["postings"] == [str(POSTINGS / "multiline_ragged.csv")]


def test_outputs_sorted_by_occupation(tmp_path):
    rows = [f"{i},{occ},{c},2024-0{m},\n" for i, (occ, c, m) in enumerate(
        [("web developer", "FR", 2), ("electrician", "IT", 1), ("web developer", "DE", 1), ("electrician", "DE", 3)])]
    report = _build(tmp_path, postings=[_write(tmp_path / "p.csv", HEADER + "".join(rows))])
    jobs = pd.read_parquet(Path(report["rejects_file"]).parent / "jobs.parquet")
    keys = list(zip(jobs["occupation_uri"], jobs["iso3"], jobs["month"]))
    assert keys == sorted(keys)


# -- failure, atomic publish, lock -----------------------------------------------------------

def _good(tmp_path: Path) -> Path:
    return _write(tmp_path / "good.csv", HEADER + "1,electrician,DE,2024-01,\n")


@pytest.mark.parametrize(
    "text, strict, match",
    [
        (HEADER + "1,plumber,DE,2024-01,\n", False, "nothing loadable"),
        (HEADER + "1,electrician,DE,2024-01,\n2,plumber,DE,2024-01,\n", True, "--strict: 1 of 2 rows rejected"),
    ],
)
def test_failed_build_keeps_previous_cube(tmp_path, text, strict, match):
    first = _build(tmp_path, postings=[_good(tmp_path)])
    with pytest.raises(BuildFailed, match=match):
        _build(tmp_path, postings=[_write(tmp_path / "bad.csv", text)], strict=strict)
    assert Cube.open(tmp_path / "cube").version == first["version"]
    assert json.loads((tmp_path / "cube" / "build_report.json").read_text()) == first
    assert (tmp_path / "cube" / "failed_build_rejects.csv").is_file()


def test_build_raising_midway_leaves_old_cube_and_report(tmp_path, monkeypatch):
    first = _build(tmp_path, postings=[_good(tmp_path)])

    def explode(self, out_dir):
        (out_dir / "jobs.parquet").write_text("half written")
        raise RuntimeError("disk full")

    monkeypatch.setattr(DuckDBEngine, "write", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        _build(tmp_path, postings=[_write(tmp_path / "new.csv", HEADER + "9,web developer,FR,2024-01,\n")])
    cube = Cube.open(tmp_path / "cube")
    assert cube.version == first["version"]
    assert cube.jobs["iso3"].tolist() == ["DEU"]
    assert json.loads((tmp_path / "cube" / "build_report.json").read_text()) == first
    assert not list((tmp_path / "cube").glob(".staging-*"))


def test_killed_build_staging_is_cleaned_and_rebuild_publishes(tmp_path):
    first = _build(tmp_path, postings=[_good(tmp_path)])
    stale = tmp_path / "cube" / ".staging-deadbeef"
    (stale / "cube").mkdir(parents=True)
    second = _build(tmp_path, postings=[_good(tmp_path)])
    assert not stale.exists()
    assert (tmp_path / "cube" / CURRENT_FILE).read_text().strip() == second["version"] != first["version"]
    # the previous version stays on disk for readers mid-query
    assert (tmp_path / "cube" / "versions" / first["version"]).is_dir()


def test_only_two_versions_are_kept(tmp_path):
    versions = [_build(tmp_path, postings=[_good(tmp_path)])["version"] for _ in range(3)]
    kept = sorted(p.name for p in (tmp_path / "cube" / "versions").iterdir())
    assert kept == sorted(versions[1:])


def test_second_concurrent_build_fails_at_once_naming_the_pid(tmp_path):
    data_dir = tmp_path / "cube"
    data_dir.mkdir()
    with open(data_dir / build_module.LOCK_FILE, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        with pytest.raises(UsageError, match=r"another build is running in .*cube \(pid 4242\)"):
            _build(tmp_path, postings=[_good(tmp_path)])
    report = _build(tmp_path, postings=[_good(tmp_path)])  # lock released: builds again
    assert report["rows_loaded"] == 1
    assert (data_dir / build_module.LOCK_FILE).read_text() == str(os.getpid())


@pytest.mark.parametrize("name", ["missing.csv", "postings.xlsx"])
def test_bad_input_path_is_a_usage_error(tmp_path, name):
    path = tmp_path / name
    if name.endswith(".xlsx"):
        path.write_text("x")
    with pytest.raises((UsageError, PostingsError), match=name.replace(".", r"\.")):
        _build(tmp_path, postings=[path])


@pytest.mark.parametrize("given, engine, expected", [
    ("s3://bucket/p.parquet", "spark", "s3://bucket/p.parquet"),
    ("hdfs://namenode:8020/data/p.csv.gz", "spark", "hdfs://namenode:8020/data/p.csv.gz"),
    (Path("s3://bucket/p.parquet"), "spark", "s3:/bucket/p.parquet"),  # argparse's Path folds "//"
    ("data/p.parquet", "spark", Path("data/p.parquet")),
    ("/abs/p.parquet", "spark", Path("/abs/p.parquet")),
])
def test_spark_input_uris_stay_strings(given, engine, expected):
    assert build_module._input_paths([given], engine=engine) == [expected]


@pytest.mark.parametrize("given", ["s3://bucket/p.parquet", Path("s3://bucket/p.parquet"), "hdfs://nn/p.csv"])
def test_duckdb_says_a_remote_uri_needs_spark(given):
    with pytest.raises(UsageError, match="only --engine spark reads inputs where they are"):
        build_module._input_paths([given], engine="duckdb")


class _Reached(Exception):
    pass


class _RecordingEngine:
    """Stands in for Spark: records what it was asked to read, then stops the build."""

    name = "spark"
    loaded: list = []

    def __init__(self, *, work_dir: Path):
        pass

    def load_postings(self, files, columns, **_):
        type(self).loaded = list(files)
        raise _Reached

    def close(self):
        pass


def test_spark_build_reads_a_uri_without_a_local_file_check(tmp_path, monkeypatch):
    monkeypatch.setattr(build_module, "get_engine", lambda name: _RecordingEngine)
    with pytest.raises(_Reached):
        _build(tmp_path, postings=["s3://bucket/postings.parquet"], engine="spark")
    assert _RecordingEngine.loaded == ["s3://bucket/postings.parquet"]
    with pytest.raises(UsageError, match="--engine spark"):  # DuckDB reads local files only
        _build(tmp_path, postings=["s3://bucket/postings.parquet"])


# -- one aggregation definition, portable to Spark -------------------------------------------

@pytest.mark.parametrize("name, sql", cube_definition.STATEMENTS + tuple(cube_definition.OUTPUTS.items())
                         + tuple(cube_definition.DISTINCT_VALUES.items()) + (("rejects.csv", cube_definition.REJECTS),))
def test_cube_sql_transpiles_to_spark(name, sql):
    [spark_sql] = sqlglot.transpile(sql, read="duckdb", write="spark", unsupported_level=sqlglot.ErrorLevel.RAISE)
    assert "UNNEST" not in spark_sql.upper()
    if "UNNEST" in sql.upper():
        assert "EXPLODE(" in spark_sql.upper()
    if "ARRAY_TO_STRING" in sql.upper():
        assert "ARRAY_JOIN(" in spark_sql.upper()


def test_demo_build(tmp_path):
    report = build(data_dir=tmp_path / "cube", progress=False)
    _contract(report)
    assert report["dataset"]["is_demo"] is True
    assert report["rows_read"] == build_module.DEMO_POSTINGS
    assert report["rows_loaded"] > 0.9 * report["rows_read"]
    assert Cube.open(tmp_path / "cube").is_demo
