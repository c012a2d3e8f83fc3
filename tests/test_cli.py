"""The command line as scripts use it: `python -m dashboard build|query` in a subprocess."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from dashboard import cli

TESTS = Path(__file__).resolve().parent
REPO_ROOT = TESTS.parent
TINY = TESTS / "fixtures" / "taxonomy_tiny"
POSTINGS = TESTS / "fixtures" / "postings"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JOB_ATLAS_")}
    environ.update(env or {})
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO_ROOT, env=environ,
                          capture_output=True, text=True, timeout=300)


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


def _raw_breakdown(esco_dir: Path, label: str) -> dict[str, int]:
    """The occupation's skill breakdown straight from the downloaded CSVs (independent of the loader)."""
    frames = {}
    for archive in esco_dir.glob("*.zip"):
        with zipfile.ZipFile(archive) as bundle:
            for name in bundle.namelist():
                if name in ("occupations_en.csv", "skills_en.csv", "occupationSkillRelations.csv"):
                    frames[name] = pd.read_csv(io.BytesIO(bundle.read(name)), dtype=str, keep_default_na=False)
    occupations = frames["occupations_en.csv"]
    [uri] = occupations.loc[occupations["preferredLabel"] == label, "conceptUri"]
    relations = frames["occupationSkillRelations.csv"]
    relations = relations[relations["occupationUri"] == uri]
    own_type = frames["skills_en.csv"].set_index("conceptUri")["skillType"]
    counts = dict.fromkeys(("essential_knowledge", "essential_skill", "optional_knowledge", "optional_skill"), 0)
    for row in relations.itertuples(index=False):
        skill_type = row.skillType or own_type.get(row.skillUri, "")
        if row.skillUri in own_type.index and skill_type:
            counts[f"{row.relationType}_{'knowledge' if skill_type == 'knowledge' else 'skill'}"] += 1
    return counts


@pytest.mark.esco
def test_real_bundle_build_and_query(esco_dir, tmp_path):
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
    assert result["skill_breakdown"] == _raw_breakdown(esco_dir, REAL_LABEL)
    assert sum(result["skill_breakdown"].values()) > 0
