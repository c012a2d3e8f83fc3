"""Benchmark 3: cube build from Parquet (wall time, peak RSS of the process tree) against its floor.

The product build (``python -m dashboard build``) runs at ``build_postings``, and beside it
the floor (``bench.group_by_floor``: one DuckDB GROUP BY over the same file, no validation);
the target is the ratio of their wall times (issue 17). The pandas baseline
(``bench.pandas_baseline``, the old yardstick) still runs at the smaller ``baseline_postings``,
with the product once more at that size, for information. All read the same generated
postings (the product generator, over the real ESCO taxonomy).
"""
from __future__ import annotations

import json
import shutil

import pandas as pd

from bench import util
from bench.util import OUT_DIR, PYTHON, Sizes


def _product_build(count: int, *, log) -> dict:
    postings = util.ensure_postings(count, log=log)
    data_dir = util.cube_dir(count)
    shutil.rmtree(data_dir, ignore_errors=True)  # a fresh build, not an incremental one
    log(f"  product build, {count:,} postings")
    result = util.run_measured(util.build_command(postings, data_dir), log=OUT_DIR / f"build-{count}.log")
    if result["returncode"] != 0:
        raise RuntimeError(f"product build failed (exit {result['returncode']}):\n{result['output_tail']}")
    util.mark_cube(data_dir, postings)  # later benchmarks serve this cube
    report = json.loads((data_dir / "build_report.json").read_text())
    jobs = pd.read_parquet(util.cube_dir(count) / "versions" / report["version"] / "jobs.parquet", columns=["jobs"])
    result.update(postings=count, rows_read=report["rows_read"], rows_loaded=report["rows_loaded"],
                  rows_rejected=report["rows_rejected"], jobs_total=int(jobs["jobs"].sum()),
                  stages_s=report.get("timings_s"))
    result["us_per_posting"] = round(result["wall_s"] / count * 1e6, 2)
    log(f"    {result['wall_s']} s, peak {result['peak_rss_mb']} MB")
    return result


def _pandas_build(count: int, *, log) -> dict:
    postings = util.ensure_postings(count, log=log)
    out = OUT_DIR / f"pandas-baseline-{count}"
    shutil.rmtree(out, ignore_errors=True)
    log(f"  pandas baseline build, {count:,} postings")
    result = util.run_measured([PYTHON, "-m", "bench.pandas_baseline", "--esco", util.require_esco(),
                                "--postings", postings, "--out", out], log=OUT_DIR / f"pandas-baseline-{count}.log")
    if result["returncode"] != 0:
        raise RuntimeError(f"pandas baseline failed (exit {result['returncode']}):\n{result['output_tail']}")
    summary = json.loads(result["output_tail"].strip().splitlines()[-1])
    result.update(postings=count, **{k: summary[k] for k in ("rows_read", "rows_loaded", "rows_rejected", "jobs_total")},
                  stages_s=summary["timings_s"])
    result["us_per_posting"] = round(result["wall_s"] / count * 1e6, 2)
    log(f"    {result['wall_s']} s, peak {result['peak_rss_mb']} MB")
    return result


def _floor(count: int, *, log) -> dict:
    postings = util.ensure_postings(count, log=log)
    out = OUT_DIR / f"group-by-floor-{count}"
    shutil.rmtree(out, ignore_errors=True)
    log(f"  GROUP BY floor, {count:,} postings")
    result = util.run_measured([PYTHON, "-m", "bench.group_by_floor", "--postings", postings, "--out", out],
                               log=OUT_DIR / f"group-by-floor-{count}.log")
    if result["returncode"] != 0:
        raise RuntimeError(f"GROUP BY floor failed (exit {result['returncode']}):\n{result['output_tail']}")
    summary = json.loads(result["output_tail"].strip().splitlines()[-1])
    shutil.rmtree(out, ignore_errors=True)
    result.update(postings=count, postings_read=summary["postings_read"], tables=summary["tables"])
    log(f"    {result['wall_s']} s, peak {result['peak_rss_mb']} MB")
    return result


def run(sizes: Sizes, *, log=print) -> dict:
    util.require_esco()
    if not (util.REPO_ROOT / "dashboard" / "build.py").is_file():
        raise util.Skip("dashboard/building/build.py (brief C) has not landed yet")
    baseline = _pandas_build(sizes.baseline_postings, log=log)
    product_small = _product_build(sizes.baseline_postings, log=log)
    product = _product_build(sizes.build_postings, log=log) if sizes.build_postings != sizes.baseline_postings else product_small
    floor = _floor(sizes.build_postings, log=log)
    for name in ("output_tail",):
        for r in (baseline, product_small, product, floor):
            r.pop(name, None)
    # Both builds must agree on what they loaded, or the ratio compares different work.
    agree = (baseline["rows_loaded"], baseline["jobs_total"]) == (product_small["rows_loaded"], product_small["jobs_total"])
    per_posting_ratio = util.ratio(baseline["us_per_posting"], product["us_per_posting"])
    same_size_ratio = util.ratio(baseline["wall_s"], product_small["wall_s"])
    # CPU seconds per posting: the ratio the other engineers' load moves least (information
    # only; the target is wall time on 2 cores, and pandas uses one of them).
    cpu_ratio = util.ratio(baseline["cpu_s"] / baseline["postings"], product["cpu_s"] / product["postings"], digits=2)
    full_scale = sizes.build_postings >= 10_000_000
    floor_ratio = util.ratio(product["wall_s"], floor["wall_s"], digits=2)
    return {
        "product": product,
        "floor": floor,
        "ratio_to_floor": floor_ratio,
        "ratio_to_floor_cpu": util.ratio(product["cpu_s"], floor["cpu_s"], digits=2),
        "product_at_baseline_size": product_small,
        "baseline_pandas": baseline,
        "baseline_agrees": agree,
        "ratio_per_posting": per_posting_ratio,
        "ratio_same_size": same_size_ratio,
        "ratio_cpu_per_posting": cpu_ratio,
        "targets": [
            util.target(f"build {sizes.build_postings:,} postings wall time" + ("" if full_scale else " (target is for 10M)"),
                        measured=product["wall_s"], limit=60, unit="s", full_size=full_scale),
            util.target("build peak RSS (process tree)", measured=product["peak_rss_mb"], limit=4096, unit="MB",
                        full_size=full_scale),
            util.target("build wall time / one DuckDB GROUP BY over the same file" + ("" if full_scale else " (target is for 10M)"),
                        measured=floor_ratio, limit=1.5, unit="x", full_size=full_scale),
        ],
    }
