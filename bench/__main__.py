"""``python -m bench [--full] [--only NAME ...] [--profile]``: run the benchmarks, write results.

Reduced size (default) finishes in a few minutes once inputs are cached in bench/out/;
``--full`` runs the sizes of issue 6 (10M postings, 60 s of load). Results of each size are
kept side by side in bench/results.json, and RESULTS.md's generated part is rewritten.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
import traceback

from bench import util
from bench.report import write_results_md

BENCHMARKS = ("build", "latency", "first_load", "startup", "concurrency", "append", "jobs_page")
#: Run only when named with --only (not part of the default run): needs the real ESCO bundle.
EXTRA_BENCHMARKS = ("related_quality",)
RESULTS_JSON = util.BENCH_DIR / "results.json"
RESULTS_MD = util.BENCH_DIR / "RESULTS.md"


def _runner(name: str):
    if name == "build":
        from bench.build_bench import run
    elif name == "latency":
        from bench.latency import run
    elif name == "first_load":
        from bench.first_load import run
    elif name == "startup":
        from bench.startup import run
    elif name == "concurrency":
        from bench.concurrency import run
    elif name == "append":
        from bench.append_bench import run
    elif name == "jobs_page":
        from bench.jobs_page import run
    elif name == "related_quality":
        from bench.related_quality import run
    else:
        raise ValueError(name)
    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Job Atlas benchmarks (issue 6).")
    parser.add_argument("--full", action="store_true", help="full size: 10M postings, 60 s of load")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS + EXTRA_BENCHMARKS, help="run only these benchmarks")
    parser.add_argument("--profile", action="store_true", help="attach py-spy to the servers (latency, concurrency)")
    parser.add_argument("--no-write", action="store_true", help="print results, do not update results.json/RESULTS.md")
    args = parser.parse_args(argv)
    sizes = util.FULL if args.full else util.REDUCED
    util.OUT_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    run_info = {"started": dt.datetime.now().isoformat(timespec="seconds"), "machine": util.machine_info(),
                "sizes": sizes.as_dict()}
    results: dict = {}
    for name in args.only or BENCHMARKS:
        print(f"[bench] {name} ({sizes.mode})", flush=True)
        t0 = time.perf_counter()
        context = {"started": dt.datetime.now().isoformat(timespec="seconds"),
                   "loadavg_1m": util.machine_info()["loadavg_1m"]}
        kwargs = {"profile": True} if args.profile and name in ("latency", "concurrency") else {}
        try:
            result = _runner(name)(sizes, log=lambda m: print(m, flush=True), **kwargs)
            result = {"status": "ok", **result}
        except util.Skip as skip:
            result = {"status": "skipped", "reason": str(skip)}
        except Exception as error:  # noqa: BLE001 - one broken benchmark must not lose the others
            traceback.print_exc()
            result = {"status": "error", "reason": f"{type(error).__name__}: {str(error)[:1500]}"}
        result["duration_s"] = round(time.perf_counter() - t0, 1)
        result.update(context)
        results[name] = result
        for t in result.get("targets", []):
            print(f"  {t['name']}: {t['measured']} {t['unit']} (target {t['target']}) met={t['met']}", flush=True)
        if result["status"] != "ok":
            print(f"  {result['status']}: {result['reason'][:300]}", flush=True)
    run_info["duration_s"] = round(time.perf_counter() - started, 1)
    run_info["machine"]["loadavg_1m_end"] = util.machine_info()["loadavg_1m"]
    print(f"[bench] done in {run_info['duration_s']} s", flush=True)
    if args.no_write:
        print(json.dumps(results, indent=1, default=str))
        return 0
    stored = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.is_file() else {}
    previous = stored.get(sizes.mode, {}).get("benchmarks", {}) if args.only else {}
    stored[sizes.mode] = {"run": run_info, "benchmarks": {**previous, **results}}
    RESULTS_JSON.write_text(json.dumps(stored, indent=1, default=str) + "\n")
    write_results_md(RESULTS_MD, stored)
    print(f"[bench] wrote {RESULTS_JSON.relative_to(util.REPO_ROOT)} and {RESULTS_MD.relative_to(util.REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
