"""The command line as scripts use it: `python -m dashboard build|query` in a subprocess."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import cli
from helpers import POSTINGS_FIXTURES as POSTINGS
from helpers import REPO_ROOT, raw_skill_breakdown
from helpers import TINY_TAXONOMY as TINY
from helpers import run_cli as run


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "cube"
    done = run("build", "--esco", str(TINY), "--postings", str(POSTINGS / "multiline_ragged.csv"),
               "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    return folder


def test_build_prints_summary_and_writes_report(data_dir):
    report = json.loads((data_dir / "build_report.json").read_text())
    assert (report["rows_read"], report["rows_loaded"], report["rows_rejected"]) == (5, 4, 1)


def test_query_json(data_dir):
    done = run("query", "--occupation", "electrician", "--data-dir", str(data_dir), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["occupation"]["code"] == "7411.1"
    assert result["jobs_total"] == 1
    assert [c["iso3"] for c in result["countries"]] == ["FRA"]
    assert {s["uri"] for s in result["top_skills"]} == {"https://fixture.invalid/skill/wiring",
                                                         "https://fixture.invalid/skill/install-wiring"}


def test_query_text_is_readable(data_dir):
    done = run("query", "--occupation", "2512.4", "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("software developer (ESCO 2512.4, ISCO 2512)")
    assert "Germany (DEU)" in done.stdout and "Skills most asked for:" in done.stdout


def test_query_skills_json_and_text(data_dir):
    done = run("query", "--occupation", "electrician", "--skills", "install electrical wiring|astrology",
               "--data-dir", str(data_dir), "--format", "json")
    assert done.returncode == 0, done.stderr
    selected = json.loads(done.stdout)["selected_skills"]
    assert selected["unknown"] == ["astrology"]
    assert sum(v["have"] for k, v in selected.items() if k.startswith(("essential", "optional"))) == 1
    assert [s["uri"] for s in selected["to_learn"]] == ["https://fixture.invalid/skill/wiring"]
    text = run("query", "--occupation", "electrician", "--skills", "install electrical wiring|astrology",
               "--data-dir", str(data_dir)).stdout
    assert "Skills selected: 1, of which 1 of this occupation's" in text and "Not skills in this data: astrology" in text
    assert "Skills to learn next (most asked for, not selected): electrical wiring diagrams" in text


def test_query_skills_needs_an_occupation(data_dir):
    done = run("query", "--country", "DE", "--skills", "HTML", "--data-dir", str(data_dir))
    assert done.returncode == 2 and "--skills goes with --occupation" in done.stderr


def test_data_dir_from_environment(data_dir):
    done = run("query", "--occupation", "electrician", "--format", "json", env={"JOB_ATLAS_DATA_DIR": str(data_dir)})
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    "text, expected",
    [("programmer", ["software developer", "web developer"]), ("electrican", ["electrician"])],
)
def test_unknown_or_ambiguous_occupation_exits_2_with_candidates(data_dir, text, expected):
    done = run("query", "--occupation", text, "--data-dir", str(data_dir), "--format", "json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert "Closest matches:" in done.stderr
    for label in expected:
        assert label in done.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["query", "--occupation", "electrician", "--country", "Atlantis"], "unknown country"),
        (["build", "--postings", "/nonexistent/p.csv"], "no such file"),
        (["build", "--esco", "/nonexistent/esco"], "/nonexistent/esco"),
    ],
)
def test_errors_are_one_message_and_exit_2(data_dir, args, message):
    done = run(*args, "--data-dir", str(data_dir))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_query_without_cube_says_how_to_build(tmp_path):
    done = run("query", "--occupation", "x", "--data-dir", str(tmp_path / "nothing"))
    assert done.returncode == 2
    assert "python -m dashboard build" in done.stderr


def test_bad_usage_exits_2():
    assert run("build", "--no-such-flag").returncode == 2
    assert run("query").returncode == 2  # --occupation is required


def test_strict_build_fails_and_keeps_previous(tmp_path):
    folder = tmp_path / "cube"
    assert run("build", "--esco", str(TINY), "--data-dir", str(folder)).returncode == 0
    before = (folder / "build_report.json").read_text()
    done = run("build", "--esco", str(TINY), "--postings", str(POSTINGS / "multiline_ragged.csv"),
               "--data-dir", str(folder), "--strict")
    assert done.returncode == 2
    assert "--strict" in done.stderr and "previous cube is kept" in done.stderr
    assert (folder / "build_report.json").read_text() == before


def test_column_flags(tmp_path):
    folder = tmp_path / "cube"
    done = run("build", "--esco", str(TINY), "--postings", str(POSTINGS / "renamed_columns.csv"),
               "--id-col", "ref", "--occupation-col", "job", "--country-col", "nation", "--date-col", "posted",
               "--skills-col", "tags", "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    assert json.loads((folder / "build_report.json").read_text())["rows_loaded"] == 2


def test_engine_flag_exists_and_spark_is_explained_when_absent(tmp_path):
    parser = cli.make_parser()
    assert parser.parse_args(["build", "--engine", "spark"]).engine == "spark"
    # PySpark is an optional extra: hide it, as on a machine without requirements-spark.txt.
    code = ("import sys; sys.modules['pyspark'] = None; from dashboard.cli import main; "
            f"sys.exit(main(['build', '--esco', {str(TINY)!r}, '--engine', 'spark', "
            f"'--data-dir', {str(tmp_path / 'cube')!r}]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT)
    assert done.returncode == 2
    assert "spark engine is not available" in done.stderr
    assert "requirements-spark.txt" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "cube" / "CURRENT").exists()


@pytest.mark.parametrize("flag", ["--esco", "--postings", "--counts", "--occupation-col", "--country-col", "--count-col",
                                  "--period-col", "--id-col", "--date-col", "--skills-col", "--engine", "--data-dir",
                                  "--strict"])
def test_build_has_every_flag_of_the_contract(flag):
    assert flag in cli.make_parser()._subparsers._group_actions[0].choices["build"].format_help()


# -- the real ESCO bundle ----------------------------------------------------------------------

REAL_LABEL = "technical director"


@pytest.mark.esco
def test_real_bundle_build_and_query(esco_dir, esco_raw, tmp_path):
    folder = tmp_path / "cube"
    done = run("build", "--esco", str(esco_dir), "--data-dir", str(folder))
    assert done.returncode == 0, done.stderr
    report = json.loads((folder / "build_report.json").read_text())
    assert report["rows_read"] == 0 and report["dataset"]["taxonomy"].startswith("ESCO")
    done = run("query", "--occupation", REAL_LABEL, "--data-dir", str(folder), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["occupation"]["label"] == REAL_LABEL
    assert (result["jobs_total"], result["countries"], result["top_skills"]) == (0, [], [])
    [uri] = [r["conceptUri"] for r in esco_raw["occupations_en.csv"] if r["preferredLabel"] == REAL_LABEL]
    assert result["occupation"]["uri"] == uri
    assert result["skill_breakdown"] == raw_skill_breakdown(esco_raw, uri)
    assert sum(result["skill_breakdown"].values()) > 0
