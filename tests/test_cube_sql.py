"""DuckDB's own forms of cube statements and outputs (cube_definition.DUCKDB_*) build the same cube as the portable SQL.

Each input is built twice on DuckDB: with the native forms (the default) and with the
portable statements and outputs only (what Spark runs), and every published table (rows,
their order, the Parquet schema), rejects.csv and the report's counts must be identical. The inputs are the skill lists that make the
deduplication hard: one skill spelt as URI, label and alternative label in one posting,
the same text twice, unknown tokens differing only by spaces, blank and NULL tokens, empty
and missing lists, rejected postings, and a seeded random mix of all of these.
"""
from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.building import cube_definition
from dashboard.building.build import build
from dashboard.building.engines.duckdb import DuckDBEngine
from helpers import TINY_TAXONOMY as TINY

TODAY = dt.date(2025, 6, 15)
REPORT_KEYS = ("rows_read", "rows_loaded", "rows_rejected", "rejected_by_reason", "skills_unresolved",
               "salary_dropped_by_reason", "months", "tables")
SKILL = "https://fixture.invalid/skill/"
#: Tokens of the tiny taxonomy: several spellings of the same skills, unknown and blank ones.
TOKENS = [SKILL + "python", "Python", "python programming", "Python (computer programming)",
          SKILL + "install-wiring", "install electrical wiring", "wire buildings", SKILL + "write-code",
          "write code", "nonsense", " nonsense", "nonsense ", "other", "  ", "", None]
OCCUPATIONS = ["electrician", "web developer", "plumber", "programmer"]  # unknown and ambiguous too

CASES = {
    "spellings of one skill in one posting": [
        ["Python", SKILL + "python", "python programming", "Python"],
        [SKILL + "python"],
        ["install electrical wiring", "wire buildings", SKILL + "install-wiring"],
    ],
    "same text twice and unknown tokens by spaces": [
        ["nonsense", " nonsense", "nonsense ", "nonsense", "other", "other"],
        ["write code", "write code", SKILL + "write-code"],
    ],
    "blank, NULL, empty and missing lists": [
        ["  ", "", None, "Python"],
        [],
        None,
        [None],
        ["", ""],
    ],
}


#: Posting details (issue 18) as a file states them: text, blanks, missing values, and pay
#: that loads or is dropped for each reason (not a number, negative, min > max, unknown or
#: missing currency and period).
DETAILS = {
    "title": ["Data engineer", "", None, "Électricien (m/w/d)"],
    "employer": ["Acme Fictional GmbH", None, "  ", "Beispiel AG"],
    "location": ["Berlin", "Lyon", None, ""],
    "url": ["https://jobs.invalid/1", "javascript:alert(1)", None, ""],
    "salary_min": ["45000", "abc", "-3", "60000", None, "18.5", "50000", ""],
    "salary_max": ["52000", "50000", "10", "40000", None, "22", None, "70000"],
    "currency": ["EUR", "EUR", "EUR", "EUR", None, "XXZ", "PLN", None],
    "salary_period": ["year", "year", "month", "year", "year", "hour", None, "monthly"],
}


def _write_postings(path: Path, skill_lists: list, *, seed: int = 0, details: bool = False) -> Path:
    rng = random.Random(seed)
    n = len(skill_lists)
    extra = {name: [rng.choice(values) for _ in range(n)] for name, values in DETAILS.items()} if details else {}
    table = pa.table({**extra,
        "id": [f"p{i}" if i % 17 else "dup" for i in range(n)],  # a duplicate id among them
        "occupation": [OCCUPATIONS[i % 2] if i % 11 != 10 else rng.choice(OCCUPATIONS) for i in range(n)],
        "country": [rng.choice(["DE", "FR", "Atlantis"]) if i % 13 == 0 else rng.choice(["DE", "FR"]) for i in range(n)],
        "date": [rng.choice(["2024-01-05", "2024-02", "2024-03-31"]) for _ in range(n)],
        "skills": pa.array(skill_lists, type=pa.list_(pa.string())),
    })
    pq.write_table(table, path)
    return path


def _random_lists(count: int, seed: int) -> list:
    rng = random.Random(seed)
    return [None if rng.random() < 0.03 else [rng.choice(TOKENS) for _ in range(rng.randint(0, 9))]
            for _ in range(count)]


def _cube(report: dict) -> dict:
    folder = Path(report["rejects_file"]).parent
    tables = {name: pq.read_table(folder / f"{name}.parquet").to_pylist() for name in cube_definition.OUTPUTS}
    tables["schemas"] = {name: str(pq.read_schema(folder / f"{name}.parquet").remove_metadata()) for name in cube_definition.OUTPUTS}
    tables["rejects.csv"] = (folder / "rejects.csv").read_text(encoding="utf-8")
    tables["report"] = {key: report[key] for key in REPORT_KEYS}
    return tables


def _build_both(tmp_path: Path, postings: Path, monkeypatch) -> tuple[dict, dict, list[dict]]:
    used: list[dict] = []
    original = DuckDBEngine._native_statements

    def recorded(self):
        statements = original(self)
        used.append(statements)
        return statements

    monkeypatch.setattr(DuckDBEngine, "_native_statements", recorded)
    native = _cube(build(esco=[TINY], postings=[postings], data_dir=tmp_path / "native", progress=False, today=TODAY))
    monkeypatch.setattr(DuckDBEngine, "native", False)
    portable = _cube(build(esco=[TINY], postings=[postings], data_dir=tmp_path / "portable", progress=False,
                           today=TODAY))
    return native, portable, used


@pytest.mark.parametrize("case", sorted(CASES))
def test_native_statements_build_the_same_cube(tmp_path, monkeypatch, case):
    postings = _write_postings(tmp_path / "p.parquet", CASES[case] * 3)
    native, portable, used = _build_both(tmp_path, postings, monkeypatch)
    assert used[0] == cube_definition.DUCKDB_STATEMENTS and used[1] == {}  # the native forms really ran
    assert native == portable
    assert native["skill_demand"], "a case that publishes no skill demand checks nothing"


@pytest.mark.parametrize("seed", [4, 5])
def test_native_postings_with_details_and_pay_are_the_same_cube(tmp_path, monkeypatch, seed):
    """postings.parquet (texts, pay, the skills each posting names) and the dropped-salary counts."""
    postings = _write_postings(tmp_path / "p.parquet", _random_lists(400, seed), seed=seed, details=True)
    native, portable, used = _build_both(tmp_path, postings, monkeypatch)
    assert used[0] == cube_definition.DUCKDB_STATEMENTS
    assert native == portable
    stated = [r for r in native["postings"] if r["currency"]]
    assert stated and any(r["skills"] for r in native["postings"]) and any(not r["skills"] for r in native["postings"])
    assert set(native["report"]["salary_dropped_by_reason"]) >= {"salary not a number", "negative salary",
                                                                 "salary min above max", "unknown currency"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_native_statements_build_the_same_cube_from_random_lists(tmp_path, monkeypatch, seed):
    postings = _write_postings(tmp_path / "p.parquet", _random_lists(400, seed), seed=seed)
    native, portable, used = _build_both(tmp_path, postings, monkeypatch)
    assert used[0] == cube_definition.DUCKDB_STATEMENTS
    assert native == portable
    assert native["report"]["skills_unresolved"] > 0 and native["report"]["rows_rejected"] > 0


def test_spellings_of_one_skill_count_one_posting(tmp_path):
    postings = _write_postings(tmp_path / "p.parquet", [["Python", SKILL + "python", "python programming", "Python"]])
    report = build(esco=[TINY], postings=[postings], data_dir=tmp_path / "cube", progress=False, today=TODAY)
    rows = _cube(report)["skill_demand"]
    assert [(r["skill_uri"], r["postings"]) for r in rows] == [(SKILL + "python", 1)]


def test_no_skill_tokens_runs_the_portable_form(tmp_path, monkeypatch):
    postings = _write_postings(tmp_path / "p.parquet", [[], None, ["  "]])
    native, portable, used = _build_both(tmp_path, postings, monkeypatch)
    assert used == [{}, {}] and native == portable


@pytest.mark.parametrize("table, column, value, fits", [
    ("occupation_map", "occupation_id", 65535, True), ("occupation_map", "occupation_id", 65536, False),
    ("country_map", "country_id", 512, False), ("month_map", "month_id", 2046, True),
    ("month_map", "month_id", 2047, False), ("skill_map", "skill_id", -67108864, False),
    ("skill_map", "skill_id", 67108863, True),
])
def test_native_forms_run_only_when_every_id_fits_the_packed_key(table, column, value, fits):
    """DuckDB's skill_counts packs four ids into one integer: an id beyond its bits must fall back."""
    import duckdb

    con = duckdb.connect()
    for name, key in (("occupation_map", "occupation_id"), ("country_map", "country_id"),
                      ("month_map", "month_id"), ("skill_map", "skill_id")):
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM (VALUES (0), (-1), ({value if name == table else 3})) v({key})")
    assert con.execute(cube_definition.DUCKDB_KEY_FITS).fetchall()[0][0] is fits


def test_ids_beyond_the_packed_key_build_the_same_cube_the_portable_way(tmp_path, monkeypatch):
    monkeypatch.setattr(cube_definition, "DUCKDB_KEY_FITS", "SELECT false")
    postings = _write_postings(tmp_path / "p.parquet", _random_lists(50, 9), seed=9, details=True)
    native, portable, used = _build_both(tmp_path, postings, monkeypatch)
    assert used == [{}, {}] and native == portable and native["skill_demand"]
