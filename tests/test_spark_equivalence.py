"""The Spark engine builds the same cube as DuckDB from the same inputs (issue 7).

The equivalence tests start Spark in local mode (marked ``spark``; skipped with the reason
when PySpark or Java is missing, never in CI, which installs both). One build per engine
covers every reader: postings generated over the tiny taxonomy as CSV.gz, Parquet (list
skills) and JSON Lines, a typed Parquet file, and every exit-0 input of the bad-input
corpus (ragged, quoted newlines, CRLF, BOM, Latin-1, NUL bytes, broken JSON, duplicates,
unknown values, bad counts ...). The cheap tests below them need no Java.
"""
from __future__ import annotations

import csv
import datetime as dt
import gzip
import importlib.util
import json
import os
import shutil
import tomllib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import cli
from dashboard.building import cube_definition
from dashboard.building.build import build
from dashboard.reading.cube import REJECTS_FILE, TABLES, VERSIONS_DIR, current_version
from dashboard.building.engines import spark as spark_engine
from dashboard.errors import UsageError
from helpers import BAD_INPUTS_DIR as BAD_INPUTS
from helpers import POSTINGS_FIXTURES as FIXTURE_POSTINGS
from helpers import REPO_ROOT, load_script
from helpers import TINY_TAXONOMY as TINY
#: Both builds see the same "today", so "date in the future" means the same thing.
TODAY = dt.date(2026, 11, 15)
#: Report entries that must agree (timings, versions, paths and the engine name differ).
REPORT_KEYS = ("rows_read", "rows_loaded", "rows_rejected", "rejected_by_reason", "skills_unresolved",
               "months", "tables", "undated_jobs", "input_formats", "salary_dropped_by_reason")


def spark_unavailable() -> str | None:
    """Why Spark cannot run here, or None."""
    if importlib.util.find_spec("pyspark") is None:
        return "PySpark is not installed (pip install -r requirements-spark.txt)"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "Java is not installed (apt-get install openjdk-17-jre-headless)"
    return None


@pytest.fixture(scope="module")
def spark():
    """One local Spark session for the module: engines reuse it (and leave it running)."""
    reason = spark_unavailable()
    if reason:
        pytest.skip(reason)
    session, created = spark_engine.spark_session(master="local[2]")
    yield session
    if created:
        session.stop()


# -- inputs -----------------------------------------------------------------------------------

def _generator():
    return load_script(REPO_ROOT / "data" / "jobs" / "generate_postings.py")


def _write_generated(out: Path) -> list[Path]:
    """Postings generated over the tiny taxonomy, split into the three formats (distinct ids)."""
    from dashboard.building.taxonomy import load_taxonomy

    source = _generator().write_postings(out / "generated.parquet", load_taxonomy([TINY]), count=3000, seed=11)
    table = pq.read_table(source)
    source.unlink()
    parts = {"csv": table.slice(0, 1200), "parquet": table.slice(1200, 1000), "jsonl": table.slice(2200)}
    rows = {kind: part.to_pylist() for kind, part in parts.items()}

    csv_path = out / "generated.csv.gz"
    with gzip.open(csv_path, "wt", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "occupation", "country", "date", "region", "skills"])
        for row in rows["csv"]:
            writer.writerow([row["id"], row["occupation"], row["country"], row["date"], row["region"] or "",
                             "|".join(row["skills"] or [])])
    parquet_path = out / "generated.parquet"
    pq.write_table(parts["parquet"], parquet_path)
    jsonl_path = out / "generated.jsonl"
    jsonl_path.write_text("".join(json.dumps(row, default=str) + "\n" for row in rows["jsonl"]), encoding="utf-8")

    typed_path = out / "typed.parquet"  # integer ids, a date and a timestamp column, list skills
    pq.write_table(pa.table({
        "id": pa.array([901, 902, 903], pa.int64()),
        "occupation": ["software developer", "electrician", "web developer"],
        "country": ["DE", "FR", "IT"],
        "date": pa.array([dt.date(2025, 3, 14), dt.date(2025, 4, 1), dt.date(2025, 5, 2)], pa.date32()),
        "posted_at": pa.array([dt.datetime(2025, 3, 14, 9, 30)] * 3, pa.timestamp("us")),
        "skills": pa.array([["Python", "not a skill"], [], None], pa.list_(pa.string())),
    }), typed_path)
    return [csv_path, parquet_path, jsonl_path, typed_path]


def _corpus() -> tuple[list[Path], list[Path]]:
    """Postings and counts of every bad-input case that publishes and needs no generated file."""
    cases = tomllib.loads((BAD_INPUTS / "cases.toml").read_text(encoding="utf-8"))["case"]
    postings: list[Path] = []
    counts: list[Path] = []
    for case in cases:
        if case["exit"] != 0 or "make" in case or "esco" in case:
            continue
        for key, into in (("postings", postings), ("counts", counts)):
            for name in case.get(key, []):
                path = BAD_INPUTS / name
                if path.is_file() and path not in into:
                    into.append(path)
    return postings, counts


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("spark_inputs")
    corpus_postings, corpus_counts = _corpus()
    postings = [*_write_generated(out), *sorted(FIXTURE_POSTINGS.glob("multiline_ragged.csv")),
                FIXTURE_POSTINGS / "details.csv", *corpus_postings]  # details: salaries kept and dropped (issue 18)
    counts = [*sorted(FIXTURE_POSTINGS.glob("counts.csv")), *corpus_counts]
    # Files as people save them (issue 16): UTF-16, tabs, a workbook, and undated counts saved
    # by a European spreadsheet (";", Windows-1252), read the same way by both engines.
    from test_bad_inputs import MAKERS

    for name in ("utf16_csv", "tab_csv", "xlsx_postings"):
        MAKERS[name](out)
    postings += [out / "utf16_semicolon.csv", out / "tabs.csv", out / "postings.xlsx"]
    undated = out / "undated_counts.csv"
    undated.write_bytes("occupation;country;count\r\nelectrician;Österreich;2\r\nelectrician;FR;4\r\n".encode("cp1252"))
    counts.append(undated)
    return {"esco": [TINY], "postings": postings, "counts": counts}


def _build_both(inputs: dict, root: Path) -> dict[str, tuple[dict, Path]]:
    built = {}
    for engine in ("duckdb", "spark"):
        data_dir = root / engine
        report = build(**inputs, data_dir=data_dir, engine=engine, progress=False, today=TODAY)
        built[engine] = (report, data_dir / VERSIONS_DIR / current_version(data_dir))
    return built


def _table(folder: Path, name: str) -> pd.DataFrame:
    frame = pd.read_parquet(folder / f"{name}.parquet")
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _assert_same_cube(built: dict[str, tuple[dict, Path]]) -> None:
    (duck_report, duck_dir), (spark_report, spark_dir) = built["duckdb"], built["spark"]
    assert spark_report["engine"] == "spark" and duck_report["engine"] == "duckdb"
    for name in TABLES:
        spark_table, duck_table = _table(spark_dir, name), _table(duck_dir, name)
        # Empty tables too: same columns and the same types (text stays text with no rows).
        pd.testing.assert_frame_equal(spark_table, duck_table, obj=f"table {name}")
    assert {k: spark_report[k] for k in REPORT_KEYS} == {k: duck_report[k] for k in REPORT_KEYS}
    assert spark_report["rows_read"] == spark_report["rows_loaded"] + spark_report["rows_rejected"]
    # Every rejected row is reported at the same file and line, for the same reason.
    key = ["file", "line", "reason"]
    rejects = {e: pd.read_csv(d / REJECTS_FILE, dtype=str, keep_default_na=False)[key] for e, (_, d) in built.items()}
    assert sorted(map(tuple, rejects["spark"].values)) == sorted(map(tuple, rejects["duckdb"].values))
    assert len(rejects["spark"]) == spark_report["rows_rejected"]


# -- equivalence (Spark local mode) ------------------------------------------------------------

@pytest.mark.spark
def test_spark_and_duckdb_build_identical_cubes_from_every_kind_of_input(spark, inputs, tmp_path):
    built = _build_both(inputs, tmp_path)
    _assert_same_cube(built)
    report = built["spark"][0]
    # The inputs really exercised the readers and the reject paths (not an empty comparison).
    assert report["rows_loaded"] >= 3000
    assert report["tables"]["skill_demand"] > 0
    assert report["tables"]["postings"] >= 3000
    assert len(report["salary_dropped_by_reason"]) >= 5
    for reason in ("malformed record", "duplicate id", "unknown occupation", "bad date", "bad count"):
        assert report["rejected_by_reason"].get(reason, 0) > 0, reason


@pytest.mark.spark
def test_spark_builds_the_taxonomy_alone_like_duckdb(spark, tmp_path):
    built = _build_both({"esco": [TINY]}, tmp_path)
    _assert_same_cube(built)
    assert built["spark"][0]["tables"]["jobs"] == 0


# -- no Java needed ----------------------------------------------------------------------------

@pytest.mark.parametrize("items, expected", [
    ([], {}),
    (["spark.executor.memory=8g"], {"spark.executor.memory": "8g"}),
    (["a=1", "b = x=y "], {"a": "1", "b": "x=y"}),
    (["a=1", "a=2"], {"a": "2"}),
])
def test_spark_conf_pairs(items, expected):
    assert spark_engine.parse_spark_conf(items) == expected


@pytest.mark.parametrize("item", ["spark.executor.memory", "=8g", ""])
def test_spark_conf_without_key_and_value_is_a_usage_error(item):
    with pytest.raises(UsageError, match="KEY=VALUE"):
        spark_engine.parse_spark_conf([item])


@pytest.mark.parametrize("master, key, expected", [
    ("local[*]", "spark.driver.bindAddress", "127.0.0.1"),  # nothing listens beyond loopback
    ("local[2]", "spark.driver.host", "127.0.0.1"),
    ("local[*]", "spark.ui.enabled", "false"),
    ("local[*]", "spark.sql.shuffle.partitions", "4"),
    ("local[*]", "spark.driver.memory", "2g"),
    ("local[*]", "spark.log.level", "WARN"),
    ("yarn", "spark.driver.host", None),  # a cluster's executors must reach the driver
    ("spark://head:7077", "spark.sql.shuffle.partitions", None),
    ("yarn", "spark.ui.enabled", "false"),
])
def test_session_settings_per_master(master, key, expected):
    assert spark_engine.session_conf(master).get(key) == expected


def test_spark_conf_passthrough_wins_over_defaults():
    conf = spark_engine.session_conf("local[*]", {"spark.sql.shuffle.partitions": "64", "spark.x": "y"})
    assert conf["spark.sql.shuffle.partitions"] == "64" and conf["spark.x"] == "y"


@pytest.mark.parametrize("given, expected", [
    ("s3a://bucket/postings/2025.parquet", "s3a://bucket/postings/2025.parquet"),
    (Path("s3a://bucket/postings/2025.parquet"), "s3a://bucket/postings/2025.parquet"),  # Path folds "//"
    (Path("hdfs://namenode:8020/jobs/p.csv"), "hdfs://namenode:8020/jobs/p.csv"),
    ("/data/p.csv", "/data/p.csv"),
])
def test_input_uris_pass_straight_through(given, expected):
    assert spark_engine.input_uri(given) == expected


def test_a_relative_path_is_read_as_an_absolute_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert spark_engine.input_uri(Path("p.csv")) == str(tmp_path / "p.csv")


@pytest.mark.parametrize("name, sql", cube_definition.STATEMENTS, ids=[name for name, _ in cube_definition.STATEMENTS])
def test_every_cube_statement_transpiles_to_spark_sql(name, sql):
    spark_sql = spark_engine.to_spark_sql(sql)
    assert "UNNEST" not in spark_sql.upper() and "ARRAY_TO_STRING" not in spark_sql.upper()
    assert spark_sql.strip().upper().startswith("SELECT")


def test_spark_flags_without_the_spark_engine_are_a_usage_error(capsys):
    code = cli.main(["build", "--spark-master", "local[2]", "--data-dir", "unused"])
    assert code == 2
    assert "--engine spark" in capsys.readouterr().err


def test_spark_flags_configure_the_engine(monkeypatch):
    monkeypatch.setattr(spark_engine.SparkEngine, "master", spark_engine.DEFAULT_MASTER)
    monkeypatch.setattr(spark_engine.SparkEngine, "conf", {})
    spark_engine.configure(master="yarn", conf={"spark.executor.instances": "20"})
    assert spark_engine.SparkEngine.master == "yarn"
    assert spark_engine.SparkEngine.conf == {"spark.executor.instances": "20"}
