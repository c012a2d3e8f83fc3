"""Benchmark: ``build --append`` of one month onto a cube vs a plain build of that month alone (issue 17).

The base cube is built from the cached ``build_postings`` file (10M at full size, 1M reduced);
a month of ``baseline_postings`` (1M at full size, 200k reduced) with its own ids (generator
seed 8, one month, ids prefixed ``m-`` so none is a duplicate) is built alone into a fresh
folder, and then appended onto the base cube. The issue's target is the full size's case, 1M
onto 10M (append <= 1.5x the build of the 1M alone); the reduced run's 200k onto 1M proves
nothing about it, so it is reported as not a full-size result.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from bench import util
from bench.util import OUT_DIR, PYTHON, Sizes


def _month_postings(count: int, *, log) -> Path:
    """``count`` postings in one month after the base file's 24, ids distinct from it (cached)."""
    out = OUT_DIR / f"postings-month-{count}.parquet"
    if out.is_file():
        return out
    generated = OUT_DIR / f"postings-month-{count}.gen.parquet"
    if not generated.is_file():
        log(f"  generating a month of {count:,} postings")
        result = util.run_measured([PYTHON, util.REPO_ROOT / "data" / "jobs" / "generate_postings.py",
                                    "--esco", util.require_esco(), "--postings-count", count, "--seed", 8,
                                    "--start", "2026-11", "--months", 1, "--out", generated],
                                   log=OUT_DIR / f"generate-month-{count}.log")
        if result["returncode"] != 0:
            raise RuntimeError(f"postings generator failed:\n{result['output_tail']}")
    partial = out.with_suffix(".partial.parquet")
    duckdb.sql(f"COPY (SELECT 'm-' || id AS id, * EXCLUDE (id) FROM read_parquet('{generated}')) "
               f"TO '{partial}' (FORMAT parquet, COMPRESSION zstd)")
    partial.replace(out)
    generated.unlink()
    return out


def _measured(cmd: list, data_dir, what: str, *, log) -> dict:
    log(f"  {what}")
    result = util.run_measured(cmd, log=OUT_DIR / f"append-bench-{data_dir.name}.log")
    if result["returncode"] != 0:
        raise RuntimeError(f"{what} failed (exit {result['returncode']}):\n{result['output_tail']}")
    result.pop("output_tail", None)
    report = json.loads((data_dir / "build_report.json").read_text())
    load = report["loads"][-1] if report.get("loads") else report
    result.update(rows_loaded=load["rows_loaded"], rows_rejected=load["rows_rejected"],
                  cube_rows_loaded=report["rows_loaded"])
    log(f"    {result['wall_s']} s wall, {result['cpu_s']} s CPU, peak {result['peak_rss_mb']} MB")
    return result


def run(sizes: Sizes, *, log=print) -> dict:
    count, base_count = sizes.baseline_postings, sizes.build_postings
    base_postings = util.ensure_postings(base_count, log=log)
    month = _month_postings(count, log=log)
    alone_dir, cube = OUT_DIR / f"append-alone-{count}", OUT_DIR / f"append-cube-{base_count}"
    for folder in (alone_dir, cube):
        shutil.rmtree(folder, ignore_errors=True)
    alone = _measured(util.build_command(month, alone_dir), alone_dir, f"build of the {count:,}-posting month alone",
                      log=log)
    base = _measured(util.build_command(base_postings, cube), cube, f"base cube, {base_count:,} postings", log=log)
    appended = _measured([PYTHON, "-m", "dashboard", "build", "--append", "--postings", month, "--data-dir", cube],
                         cube, f"append of the month onto the {base_count:,}-posting cube", log=log)
    if (appended["rows_loaded"], appended["rows_rejected"]) != (alone["rows_loaded"], alone["rows_rejected"]):
        raise RuntimeError(f"the append loaded {appended['rows_loaded']:,} / rejected {appended['rows_rejected']:,}, "
                           f"the build alone {alone['rows_loaded']:,} / {alone['rows_rejected']:,}")
    wall_ratio = round(appended["wall_s"] / alone["wall_s"], 2)
    cpu_ratio = round(appended["cpu_s"] / alone["cpu_s"], 2)
    return {
        "month_alone": alone,
        "base_build": base,
        "append": appended,
        "append_to_alone_wall": wall_ratio,
        "append_to_alone_cpu": cpu_ratio,
        "targets": [util.target(f"append {count:,} onto {base_count:,} vs build of the {count:,} alone (target: "
                                "1M onto 10M)", measured=wall_ratio, limit=1.5, unit="x",
                                full_size=(count, base_count) == (1_000_000, 10_000_000))],
    }
