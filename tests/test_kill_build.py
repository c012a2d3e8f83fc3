"""A killed build (kill -9 at any stage) leaves the previous cube published and readable, and a
rerun succeeds; a second build into the same data directory fails at once (issue 8)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from dashboard.reading.cube import Cube, current_version
from dashboard.reading.queries import query_result
from helpers import BAD_INPUTS_DIR as BAD_INPUTS
from helpers import REPO_ROOT
from helpers import TINY_TAXONOMY as TAXONOMY_DIR
#: Postings in the big input: enough for the build to take a few seconds on a shared laptop.
BIG_POSTINGS = 1_000_000
#: 8 electrician postings in 8 countries (the previous cube every kill must leave in place).
BASELINE = BAD_INPUTS / "country_forms.csv"


def write_big_postings(path: Path, count: int) -> None:
    """Valid postings for the tiny taxonomy, generated (never committed)."""
    rng = np.random.default_rng(8)
    occupations = np.array(["software developer", "electrician", "web developer", "general nurse", "army officer"])
    countries = np.array(["DE", "FR", "IT", "ES", "PL", "NL", "SE", "AT"])
    skills = np.array(["Python|write code", "HTML", "", "lead a team|teamwork", "anatomy"])
    occ, cty = occupations[rng.integers(0, 5, count)], countries[rng.integers(0, 8, count)]
    month, skl = rng.integers(1, 13, count), skills[rng.integers(0, 5, count)]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("id,occupation,country,date,region,skills\n")
        handle.writelines(f"k{i},{occ[i]},{cty[i]},2025-{month[i]:02d}-15,,{skl[i]}\n" for i in range(count))


@pytest.fixture(scope="module")
def big_postings(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kill") / "big_postings.csv"
    write_big_postings(path, BIG_POSTINGS)
    return path


def build_command(data_dir: Path, postings: Path) -> list[str]:
    return [sys.executable, "-m", "dashboard", "build", "--esco", str(TAXONOMY_DIR),
            "--postings", str(postings), "--data-dir", str(data_dir)]


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})


def start(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})


def run_build(data_dir: Path, postings: Path) -> subprocess.CompletedProcess:
    return run(build_command(data_dir, postings))


def start_build(data_dir: Path, postings: Path) -> subprocess.Popen:
    return start(build_command(data_dir, postings))


def kill_at(command: list[str], condition, *, point: str, restart=lambda: None) -> None:
    """Start ``command`` and kill -9 it once ``condition()`` holds.

    The late windows are short, so a run that got past its kill point first is retried (3 tries
    in all); ``restart`` puts back what such a finished run changed before the next try.
    """
    for _attempt in range(3):
        process = start(command)
        reached = wait_for(process, condition)
        process.kill()  # SIGKILL: no cleanup handler runs
        process.wait(timeout=60)
        if reached and process.returncode == -9:
            return
        assert process.returncode in (0, -9), process.stderr.read()
        if process.returncode == 0:
            restart()
    pytest.fail(f"could not kill {' '.join(command[3:5])} at {point!r} in 3 attempts")


def staging_dirs(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob(".staging-*"))


def wait_for(process: subprocess.Popen, condition, *, timeout: float = 240) -> bool:
    """Poll until condition() holds (True) or the process ends first (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.003)
    raise AssertionError("build neither reached the kill point nor ended")


def _staged(*parts: str):
    def condition(data_dir: Path) -> bool:
        return any(s.joinpath(*parts).exists() for s in staging_dirs(data_dir))
    return condition


def _new_version(baseline: str):
    def condition(data_dir: Path) -> bool:
        versions = data_dir / "versions"
        return any(p.name != baseline for p in versions.iterdir())
    return condition


#: Kill points, early to late: (name, condition(data_dir), whether the new cube may already be live).
KILL_POINTS = [
    ("staging created", lambda baseline: _staged(), False),
    ("engine reading postings", lambda baseline: _staged("engine"), False),
    ("cube tables being written", lambda baseline: _staged("cube", "jobs.parquet"), False),
    ("taxonomy tables written", lambda baseline: _staged("cube", "skills.parquet"), False),
    # After the rename into versions/: the pointer may or may not have moved yet.
    ("version folder renamed", lambda baseline: _new_version(baseline), True),
]


def electrician_jobs(data_dir: Path) -> int:
    return query_result(Cube.open(data_dir), "electrician")["jobs_total"]


@pytest.mark.parametrize("point, make_condition, may_publish", KILL_POINTS, ids=[k[0] for k in KILL_POINTS])
def test_kill_9_keeps_the_previous_cube(point, make_condition, may_publish, big_postings, tmp_path):
    data_dir = tmp_path / "cube"
    first = run_build(data_dir, BASELINE)
    assert first.returncode == 0, first.stderr
    baseline = current_version(data_dir)
    baseline_report = (data_dir / "build_report.json").read_text(encoding="utf-8")
    assert electrician_jobs(data_dir) == 8

    condition = make_condition(baseline)
    kill_at(build_command(data_dir, big_postings), lambda: condition(data_dir), point=point)

    live = current_version(data_dir)
    if live == baseline:
        assert (data_dir / "build_report.json").read_text(encoding="utf-8") == baseline_report
        assert electrician_jobs(data_dir) == 8
    else:
        # Killed after the pointer moved: the new cube is complete and readable.
        assert may_publish, f"killed at {point!r} yet a new version {live} is live"
        report = json.loads((data_dir / "versions" / live / "build_report.json").read_text(encoding="utf-8"))
        assert report["rows_loaded"] == BIG_POSTINGS
        assert electrician_jobs(data_dir) > 8
    if not may_publish:
        assert staging_dirs(data_dir), "the kill should have left the staging folder behind"

    rerun = run_build(data_dir, BAD_INPUTS / "bom.csv")
    assert rerun.returncode == 0, rerun.stderr
    assert current_version(data_dir) not in (baseline, live)
    assert staging_dirs(data_dir) == []
    assert json.loads((data_dir / "build_report.json").read_text(encoding="utf-8"))["rows_loaded"] == 2
    assert electrician_jobs(data_dir) == 1


def test_a_second_concurrent_build_fails_fast_and_the_first_succeeds(big_postings, tmp_path):
    data_dir = tmp_path / "cube"
    first = start_build(data_dir, big_postings)
    try:
        assert wait_for(first, lambda: bool(staging_dirs(data_dir))), first.stderr.read()
        # Hold the first build mid-way (lock taken, staging made) so the second surely overlaps
        # it however fast the machine or the build is; it resumes right after.
        first.send_signal(signal.SIGSTOP)
        try:
            second = run_build(data_dir, BAD_INPUTS / "bom.csv")
        finally:
            first.send_signal(signal.SIGCONT)
        assert first.poll() is None, "the first build ended before the second started"
        assert second.returncode == 2
        assert "Traceback" not in second.stderr
        assert len(second.stderr.strip().splitlines()) == 1
        assert "another build is running" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        _, err = first.communicate(timeout=300)
        assert first.returncode == 0, err
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    report = json.loads((data_dir / "build_report.json").read_text(encoding="utf-8"))
    assert report["rows_loaded"] == BIG_POSTINGS
    assert sum(r["jobs"] for r in query_result(Cube.open(data_dir), "electrician")["countries"]) > 0


# -- build --append (issue 17): the same guarantee ---------------------------------------------

def append_command(data_dir: Path, postings: Path) -> list[str]:
    return [sys.executable, "-m", "dashboard", "build", "--append", "--postings", str(postings),
            "--data-dir", str(data_dir)]


#: Kill points of an append, early to late (the merge writes cube/, the new load load/).
APPEND_KILL_POINTS = [
    ("staging created", lambda baseline: _staged(), False),
    ("engine reading the new postings", lambda baseline: _staged("engine"), False),
    ("new load written", lambda baseline: _staged("load", "jobs.parquet"), False),
    ("tables being merged", lambda baseline: _staged("cube", "jobs.parquet"), False),
    ("version folder renamed", lambda baseline: _new_version(baseline), True),
]


@pytest.mark.parametrize("point, make_condition, may_publish", APPEND_KILL_POINTS,
                         ids=[k[0] for k in APPEND_KILL_POINTS])
def test_kill_9_during_an_append_keeps_the_previous_cube(point, make_condition, may_publish, big_postings, tmp_path):
    data_dir = tmp_path / "cube"
    first = run_build(data_dir, BASELINE)
    assert first.returncode == 0, first.stderr
    baseline = current_version(data_dir)
    baseline_report = (data_dir / "build_report.json").read_text(encoding="utf-8")

    def back_to_the_baseline() -> None:  # the append finished first: start again from the baseline cube
        (data_dir / "CURRENT").write_text(baseline + "\n", encoding="utf-8")
        (data_dir / "build_report.json").write_text(baseline_report, encoding="utf-8")

    condition = make_condition(baseline)
    kill_at(append_command(data_dir, big_postings), lambda: condition(data_dir), point=point,
            restart=back_to_the_baseline)

    live = current_version(data_dir)
    if live == baseline:
        assert (data_dir / "build_report.json").read_text(encoding="utf-8") == baseline_report
        assert electrician_jobs(data_dir) == 8
    else:
        assert may_publish, f"killed at {point!r} yet a new version {live} is live"
        report = json.loads((data_dir / "versions" / live / "build_report.json").read_text(encoding="utf-8"))
        assert report["rows_loaded"] == 8 + BIG_POSTINGS and len(report["loads"]) == 2
    if not may_publish:
        assert staging_dirs(data_dir), "the kill should have left the staging folder behind"

    # The next append cleans up and adds to the cube that is live.
    month = tmp_path / "next_month.csv"
    month.write_text("id,occupation,country,date\nr1,electrician,DE,2025-12-01\nr2,web developer,FR,2025-12-02\n",
                     encoding="utf-8")
    rerun = run(append_command(data_dir, month))
    assert rerun.returncode == 0, rerun.stderr
    assert staging_dirs(data_dir) == []
    report = json.loads((data_dir / "build_report.json").read_text(encoding="utf-8"))
    assert report["loads"][-1]["rows_loaded"] == 2
    if live == baseline:
        assert electrician_jobs(data_dir) == 8 + 1
    else:
        assert electrician_jobs(data_dir) > 8 + 1
