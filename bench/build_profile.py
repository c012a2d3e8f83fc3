"""Where a cube build spends its time: every SQL statement and output file, timed.

py-spy only sees ``execute`` for a DuckDB build (the work is native), so this runs the
product build in-process with the engine's statement loop and writer timed one by one.
Not product code; it wraps ``DuckDBEngine`` without changing it.

Run: ``python -m bench.build_profile --postings F [--esco PATH] [--threads N]``.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from bench import util


def profile_build(postings: Path, *, esco: Path, threads: int | None = None) -> dict:
    from dashboard import build, cube_sql
    from dashboard.engines import duckdb as engine_module

    timings: dict[str, float] = {}
    engine_class = engine_module.DuckDBEngine
    original_init, original_load = engine_class.__init__, engine_class.load_postings

    def timed(name: str, fn, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            timings[name] = round(time.perf_counter() - start, 2)

    def init(self, *, work_dir, **kwargs):
        if threads:
            kwargs["threads"] = threads
        original_init(self, work_dir=work_dir, **kwargs)

    def load_postings(self, files, columns, **kwargs):
        timed("load_postings", original_load, self, files, columns, **kwargs)

    def run(self, *, on_statement=None):
        for name, sql in cube_sql.STATEMENTS:
            timed(f"sql {name}", self.con.execute, f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")

    def write(self, out_dir):
        rows = {}
        for table, sql in cube_sql.OUTPUTS.items():
            target = str(out_dir / f"{table}.parquet").replace("'", "''")
            timed(f"write {table}", self.con.execute, f"COPY ({sql}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 100000)")
            rows[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        target = str(out_dir / "rejects.csv").replace("'", "''")
        timed("write rejects.csv", self.con.execute, f"COPY ({cube_sql.REJECTS}) TO '{target}' (FORMAT csv, HEADER true)")
        return rows

    engine_class.__init__, engine_class.load_postings, engine_class.run, engine_class.write = init, load_postings, run, write
    try:
        with tempfile.TemporaryDirectory(dir=util.OUT_DIR) as tmp:
            start = time.perf_counter()
            report = build.build(esco=[esco], postings=[postings], data_dir=Path(tmp), progress=False)
            total = round(time.perf_counter() - start, 2)
    finally:
        engine_class.__init__, engine_class.load_postings = original_init, original_load
    return {"total_s": total, "stages_s": report.get("timings_s"), "steps_s": timings,
            "rows_read": report["rows_read"], "tables": report.get("tables")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build_profile")
    parser.add_argument("--postings", type=Path, required=True)
    parser.add_argument("--esco", type=Path, default=util.ESCO_DIR)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args(argv)
    print(json.dumps(profile_build(args.postings, esco=args.esco, threads=args.threads), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
