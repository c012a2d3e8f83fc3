"""Spark on a cluster, proven (issue 17): a standalone master and worker on loopback, started from
the pyspark package, build the cube with ``--spark-master spark://127.0.0.1:PORT`` — and then
``build --append`` on it — exactly as DuckDB does, and the executors really ran in the worker.

Marked ``spark`` (skipped with the reason when PySpark or Java is missing; CI installs both).
The master and worker are killed in the fixture's finalizer whatever happens.
"""
from __future__ import annotations

import csv
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from dashboard.building.append import append
from dashboard.building.build import build
from dashboard.reading.cube import TABLES, VERSIONS_DIR, current_version
from helpers import POSTINGS_FIXTURES, REPO_ROOT, free_port, load_script
from helpers import TINY_TAXONOMY as TINY
from test_append import _ids, _rejects
from test_spark_equivalence import REPORT_KEYS, spark_unavailable

pytestmark = pytest.mark.spark
#: Seconds the master and the worker get to start (JVMs on a shared 2-core machine).
START_TIMEOUT = 90


def _spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait(condition, what: str, processes: list[subprocess.Popen], logs: list[Path]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        for process, log in zip(processes, logs):
            if process.poll() is not None:
                raise AssertionError(f"{what}: a Spark daemon exited ({process.returncode}):\n"
                                     + log.read_text(errors="replace")[-3000:])
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {START_TIMEOUT} s:\n"
                         + "\n".join(log.read_text(errors="replace")[-2000:] for log in logs))


def _stop(process: subprocess.Popen) -> None:
    """End a daemon we started and everything in its process group (by its id)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            pass
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=15)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A Spark standalone master and one worker (1 core, 1 GB) on 127.0.0.1; yields their facts."""
    reason = spark_unavailable()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("spark_cluster")
    spark_class = str(_spark_home() / "bin" / "spark-class")
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_HOME": str(_spark_home()),
           "PYSPARK_PYTHON": sys.executable}
    port, master_ui, worker_ui = free_port(), free_port(), free_port()
    work_dir = root / "worker"
    work_dir.mkdir()
    logs = [root / "master.log", root / "worker.log"]
    started: list[subprocess.Popen] = []
    try:
        with open(logs[0], "wb") as log:
            started.append(subprocess.Popen(
                [spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                 "--webui-port", str(master_ui)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root,
                start_new_session=True))
        _wait(lambda: _listening(port), "master listening", started, logs)
        with open(logs[1], "wb") as log:
            started.append(subprocess.Popen(
                [spark_class, "org.apache.spark.deploy.worker.Worker", f"spark://127.0.0.1:{port}",
                 "--host", "127.0.0.1", "--webui-port", str(worker_ui), "--work-dir", str(work_dir),
                 "--cores", "1", "--memory", "1g"], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root,
                start_new_session=True))
        _wait(lambda: "Successfully registered with master" in logs[1].read_text(errors="replace"),
              "worker registered", started, logs)
        yield {"master": f"spark://127.0.0.1:{port}", "work_dir": work_dir, "env": env}
    finally:
        for process in reversed(started):
            _stop(process)


@pytest.fixture(scope="module")
def months(tmp_path_factory) -> list[Path]:
    """Two months of postings over the tiny taxonomy (Parquet, then CSV with 5 repeated ids)."""
    from dashboard.building.taxonomy import load_taxonomy

    out = tmp_path_factory.mktemp("cluster_inputs")
    generator = load_script(REPO_ROOT / "data" / "jobs" / "generate_postings.py")
    table = pq.read_table(generator.write_postings(out / "all.parquet", load_taxonomy([TINY]), count=2000, seed=3))
    first = out / "month1.parquet"
    pq.write_table(table.slice(0, 1200), first)
    second = out / "month2.csv"
    with open(second, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "occupation", "country", "date", "region", "skills"])
        for row in table.slice(1200).to_pylist() + table.slice(0, 5).to_pylist():
            writer.writerow([row["id"], row["occupation"], row["country"], row["date"], row["region"] or "",
                             "|".join(row["skills"] or [])])
    return [first, second]


def _cli(args: list[str], cluster: dict) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "dashboard", "build", "--engine", "spark", "--spark-master", cluster["master"],
               "--spark-conf", "spark.driver.host=127.0.0.1", "--spark-conf", "spark.driver.bindAddress=127.0.0.1",
               "--spark-conf", "spark.executor.memory=768m", *args]
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                          env={**cluster["env"], "PYTHONPATH": str(REPO_ROOT)})


def _live(data_dir: Path) -> Path:
    return data_dir / VERSIONS_DIR / current_version(data_dir)


def _sorted(folder: Path, name: str) -> pd.DataFrame:
    frame = pd.read_parquet(folder / f"{name}.parquet")
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _assert_same(spark_dir: Path, duck_dir: Path) -> dict:
    import json

    for name in TABLES:
        pd.testing.assert_frame_equal(_sorted(spark_dir, name), _sorted(duck_dir, name), obj=f"table {name}")
    assert _ids(spark_dir) == _ids(duck_dir)
    assert _rejects(spark_dir) == _rejects(duck_dir)
    spark_report, duck_report = (json.loads((d / "build_report.json").read_text(encoding="utf-8"))
                                 for d in (spark_dir, duck_dir))
    assert spark_report["engine"] == "spark"
    assert {k: spark_report[k] for k in REPORT_KEYS} == {k: duck_report[k] for k in REPORT_KEYS}
    return spark_report


def test_a_standalone_cluster_builds_and_appends_the_cube_duckdb_builds(cluster, months, tmp_path):
    spark_dir, duck_dir = tmp_path / "spark", tmp_path / "duckdb"
    counts = POSTINGS_FIXTURES / "counts.csv"
    built = _cli(["--esco", str(TINY), "--postings", str(months[0]), "--counts", str(counts),
                  "--data-dir", str(spark_dir)], cluster)
    assert built.returncode == 0, built.stderr[-3000:]
    build(esco=[TINY], postings=[months[0]], counts=[counts], data_dir=duck_dir, progress=False)
    report = _assert_same(_live(spark_dir), _live(duck_dir))
    assert report["rows_loaded"] >= 1200 and report["tables"]["skill_demand"] > 0

    appended = _cli(["--append", "--postings", str(months[1]), "--data-dir", str(spark_dir)], cluster)
    assert appended.returncode == 0, appended.stderr[-3000:]
    append(postings=[months[1]], data_dir=duck_dir, progress=False)
    report = _assert_same(_live(spark_dir), _live(duck_dir))
    assert report["loads"][-1]["engine"] == "spark" and report["loads"][-1]["rejected_by_reason"]["duplicate id"] == 5

    # The work ran in the worker: each application has executor folders (app-*/<n>/) there.
    apps = sorted(cluster["work_dir"].glob("app-*"))
    assert len(apps) >= 2, f"no applications ran in the worker: {list(cluster['work_dir'].iterdir())}"
    for app in apps[-2:]:
        executors = [p for p in app.iterdir() if p.is_dir() and p.name.isdigit()]
        assert executors, f"{app} holds no executor folder"
        assert any((e / "stderr").is_file() for e in executors)
