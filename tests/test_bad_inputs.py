"""The bad-input corpus (issue 8): every case in tests/bad_inputs/cases.toml ends as rows loaded
or rejected with a specific reason, or as a one-line error naming the file and the problem —
never a traceback, never a silent drop."""
from __future__ import annotations

import collections
import gzip
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.cli import main
from helpers import BAD_INPUTS_DIR as CORPUS_DIR
from helpers import REPO_ROOT
from helpers import TINY_TAXONOMY as TAXONOMY_DIR
from helpers import write_zip as _zip
CASES = tomllib.loads((CORPUS_DIR / "cases.toml").read_text(encoding="utf-8"))["case"]
#: Size of the single huge field (issue 8: "a 100 MB single field").
HUGE_FIELD_BYTES = 100 * 1024 * 1024


# --- inputs generated at test time (large or binary: never committed) -------------------------

def _gzip_csv(out: Path) -> None:
    (out / "crlf.csv.gz").write_bytes(gzip.compress((CORPUS_DIR / "crlf.csv").read_bytes()))


def _huge_field(out: Path) -> None:
    with open(out / "huge_field.csv", "wb") as handle:
        handle.write(b"id,occupation,country,date,region,skills\n")
        handle.write(b"h1,electrician,DE,2025-03-14,,\n")
        handle.write(b"h2,electrician,DE,2025-03-14,\"")
        chunk = b"x" * (1024 * 1024)
        for _ in range(HUGE_FIELD_BYTES // len(chunk)):
            handle.write(chunk)
        handle.write(b"\",\n")
        handle.write(b"h3,electrician,FR,2025-04-01,,\n")


def _postings_table(*, with_date: bool = True) -> pa.Table:
    columns = {
        "id": pa.array([101, 102, 103], pa.int64()),
        "occupation": ["software developer", "electrician", "2221.1"],
        "country": ["DE", "FRA", "Spain"],
        "date": pa.array([pd.Timestamp("2025-03-14").date()] * 3, pa.date32()),
        "posted_at": pa.array([pd.Timestamp("2025-03-14 08:30")] * 3, pa.timestamp("us")),
        "skills": pa.array([["Python", "write code"], [], ["not a known skill"]], pa.list_(pa.string())),
    }
    if not with_date:
        del columns["date"]
    return pa.table(columns)


def _typed_parquet(out: Path) -> None:
    pq.write_table(_postings_table(), out / "typed.parquet")


def _truncated_parquet(out: Path) -> None:
    pq.write_table(_postings_table(), out / "whole.parquet")
    data = (out / "whole.parquet").read_bytes()
    (out / "truncated.parquet").write_bytes(data[: len(data) // 2])


def _parquet_without_date(out: Path) -> None:
    pq.write_table(_postings_table(with_date=False), out / "no_date.parquet")


def _tiny_bundle() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in TAXONOMY_DIR.glob("*.csv")}


def _not_esco_zip(out: Path) -> None:
    _zip(out / "not_esco.zip", {"readme.txt": b"holiday photos", "data.csv": b"a,b\n1,2\n"})


def _esco_missing_relations_zip(out: Path) -> None:
    members = {n: d for n, d in _tiny_bundle().items() if not n.startswith("occupationSkillRelations")}
    _zip(out / "esco_missing_relations.zip", members)


def _esco_no_concept_uri_zip(out: Path) -> None:
    members = _tiny_bundle()
    header, rest = members["occupations_en.csv"].split(b"\n", 1)
    members["occupations_en.csv"] = header.replace(b"conceptUri", b"uri") + b"\n" + rest
    _zip(out / "esco_no_concept_uri.zip", members)


def _corrupt_zip(out: Path) -> None:
    (out / "corrupt.zip").write_bytes(b"this is not a zip archive\n" * 10)


#: One file's rows as Excel in a European locale saves them (issue 16): the same rows serve
#: as UTF-16, tab-separated and as a workbook.
_SPREADSHEET_ROWS = [
    ["id", "occupation", "country", "date", "region"],
    ["s1", "software developer", "DE", "2025-03-14", "Köln"],
    ["s2", "electrician", "FR", "2025-04-01", "Île-de-France; Paris"],
    ["s3", "electrician", "Atlantis", "2025-04-01", ""],
]


def _delimited(delimiter: str, newline: str) -> str:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(_SPREADSHEET_ROWS)
    return buffer.getvalue()  # "Île-de-France; Paris" quoted, as a spreadsheet writes it


def _utf16_csv(out: Path) -> None:
    (out / "utf16_semicolon.csv").write_bytes(_delimited(";", "\r\n").encode("utf-16"))  # with a byte-order mark


def _tab_csv(out: Path) -> None:
    (out / "tabs.csv").write_text(_delimited("\t", "\n"), encoding="utf-8")


def _xlsx_postings(out: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Jobs"
    sheet.append(_SPREADSHEET_ROWS[0])
    sheet.append(["s1", "software developer", "DE", dt.date(2025, 3, 14), "Köln"])
    sheet.append([None] * 5)  # an empty row: skipped, like a blank CSV line
    sheet.append([2, "electrician", "FR", dt.datetime(2025, 4, 1), None])  # a numeric id
    sheet.append(["s3", "electrician", "Atlantis", "2025-04-01", None])  # sheet row 5: rejected
    book.create_sheet("Notes").append(["not postings"])
    book.save(out / "postings.xlsx")


MAKERS = {
    "utf16_csv": _utf16_csv,
    "tab_csv": _tab_csv,
    "xlsx_postings": _xlsx_postings,
    "gzip_csv": _gzip_csv,
    "huge_field": _huge_field,
    "typed_parquet": _typed_parquet,
    "truncated_parquet": _truncated_parquet,
    "parquet_without_date": _parquet_without_date,
    "not_esco_zip": _not_esco_zip,
    "esco_missing_relations_zip": _esco_missing_relations_zip,
    "esco_no_concept_uri_zip": _esco_no_concept_uri_zip,
    "corrupt_zip": _corrupt_zip,
}


# --- running a case ----------------------------------------------------------------------------

def _locate(name: str, generated: Path) -> Path:
    committed = CORPUS_DIR / name
    return committed if committed.exists() else generated / name


def build_argv(case: dict, *, generated: Path, data_dir: Path) -> list[str]:
    esco = _locate(case["esco"], generated) if "esco" in case else TAXONOMY_DIR
    argv = ["build", "--esco", str(esco), "--data-dir", str(data_dir)]
    for name in case.get("postings", []):
        argv += ["--postings", str(_locate(name, generated))]
    for name in case.get("counts", []):
        argv += ["--counts", str(_locate(name, generated))]
    if "sheet" in case:
        argv += ["--sheet", case["sheet"]]
    return argv


def check_report(case: dict, data_dir: Path) -> dict:
    """The published report agrees with the case, and the rejects file accounts for every rejected row."""
    report = json.loads((data_dir / "build_report.json").read_text(encoding="utf-8"))
    assert report["rows_read"] == report["rows_loaded"] + report["rows_rejected"]
    assert (report["rows_read"], report["rows_loaded"]) == (case["read"], case["loaded"])
    assert report["rejected_by_reason"] == case["rejected"]
    if "skills_unresolved" in case:
        assert report["skills_unresolved"] == case["skills_unresolved"]

    rejects_path = Path(report["rejects_file"])
    rejects_path = rejects_path if rejects_path.is_absolute() else data_dir / rejects_path
    rejects = pd.read_csv(rejects_path, dtype={"file": str, "reason": str}, keep_default_na=False)
    assert {"file", "line", "reason"} <= set(rejects.columns)
    assert len(rejects) == report["rows_rejected"]
    assert dict(collections.Counter(rejects["reason"])) == case["rejected"]
    inputs = {Path(name).name for name in case.get("postings", []) + case.get("counts", [])}
    assert set(rejects["file"].map(lambda f: Path(f).name)) <= inputs
    assert (rejects["line"].astype(int) >= 1).all()
    if "reject_lines" in case:
        assert sorted(rejects["line"].astype(int)) == case["reject_lines"]
    if "detected" in case:
        found = [{k: v for k, v in d.items() if k != "file"} for d in report["input_formats"]]
        assert found == case["detected"]
    if "reject_files" in case:
        assert sorted(set(rejects["file"].map(lambda f: Path(f).name))) == case["reject_files"]
    return report


def check_published_jobs(case: dict, data_dir: Path, report: dict) -> None:
    """Loaded postings are in the cube: one job each (nothing dropped after loading)."""
    if case.get("counts"):
        return
    from dashboard.reading.cube import Cube, current_version

    jobs = pd.read_parquet(data_dir / "versions" / current_version(data_dir) / "jobs.parquet")
    assert int(jobs["jobs"].sum()) == report["rows_loaded"]
    Cube.open(data_dir)  # readable by the app


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Generated inputs, made once for the module (the 100 MB file takes a moment to write)."""
    out = tmp_path_factory.mktemp("generated_bad_inputs")
    for make in MAKERS.values():
        make(out)
    return out


def test_corpus_is_big_enough_and_every_input_exists(generated):
    assert len(CASES) >= 30
    for case in CASES:
        for name in case.get("postings", []) + case.get("counts", []) + [case.get("esco", TAXONOMY_DIR.name)]:
            if name != "does_not_exist.csv" and name != TAXONOMY_DIR.name:
                assert _locate(name, generated).exists(), f"{case['name']}: {name} missing"
    assert all(case["error"] for case in CASES if case["exit"] == 2), "an exit-2 case without an expected message"
    assert {case["make"] for case in CASES if "make" in case} <= set(MAKERS), "a case names an unknown make"
    names = {p.name for p in CORPUS_DIR.iterdir()} - {"cases.toml"}
    used = {n for c in CASES for n in c.get("postings", []) + c.get("counts", [])}
    assert names <= used, f"corpus files no case uses: {sorted(names - used)}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case, generated, tmp_path, capsys):
    data_dir = tmp_path / "cube"
    # main() catches JobAtlasError only: any other exception fails the test with its traceback.
    code = main(build_argv(case, generated=generated, data_dir=data_dir))
    out, err = capsys.readouterr()
    assert code == case["exit"], f"stdout: {out}\nstderr: {err}"
    assert "Traceback" not in err
    if case["exit"] == 0:
        report = check_report(case, data_dir)
        check_published_jobs(case, data_dir, report)
    else:
        lines = err.strip().splitlines()
        assert len(lines) == 1, f"expected one line on stderr, got:\n{err}"
        for needle in case["error"]:
            assert needle in lines[0]
        assert not (data_dir / "CURRENT").exists(), "a failed build published a cube"


# A few cases again as a real process: what a user sees on stderr is one line, no traceback.
PROCESS_CASES = [c for c in CASES if c["exit"] == 2 and c.get("make") in (None, "truncated_parquet", "corrupt_zip")][:6]
assert PROCESS_CASES, "no exit-2 case to run as a process"


@pytest.mark.parametrize("case", PROCESS_CASES, ids=[c["name"] for c in PROCESS_CASES])
def test_bad_input_in_a_process(case, generated, tmp_path):
    argv = build_argv(case, generated=generated, data_dir=tmp_path / "cube")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    result = subprocess.run([sys.executable, "-m", "dashboard", *argv], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert all(needle in result.stderr for needle in case["error"])


def test_strict_keeps_the_previous_cube(tmp_path, capsys):
    data_dir = tmp_path / "cube"
    good = ["build", "--esco", str(TAXONOMY_DIR), "--data-dir", str(data_dir),
            "--postings", str(CORPUS_DIR / "country_forms.csv")]
    assert main(good) == 0
    before = ((data_dir / "CURRENT").read_text(), (data_dir / "build_report.json").read_text())
    bad = ["build", "--esco", str(TAXONOMY_DIR), "--data-dir", str(data_dir), "--strict",
           "--postings", str(CORPUS_DIR / "duplicate_ids.csv")]
    capsys.readouterr()
    assert main(bad) == 2
    err = capsys.readouterr().err
    assert "--strict" in err and "duplicate id" in err and "Traceback" not in err
    assert ((data_dir / "CURRENT").read_text(), (data_dir / "build_report.json").read_text()) == before
