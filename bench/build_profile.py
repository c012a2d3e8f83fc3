"""Where a cube build spends its time: every SQL statement and output file, timed.

py-spy only sees ``execute`` for a DuckDB build (the work is native), so this runs the
product build in-process with the engine's statement loop and writer timed one by one.
Not product code; it wraps ``DuckDBEngine`` without changing it.

Run: ``python -m bench.build_profile --postings F [--esco PATH] [--threads N]``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from bench import util


def profile_build(postings: Path, *, esco: Path, threads: int | None = None) -> dict:
    """Build a cube from ``postings`` in a temporary folder, timing each statement and file.

    The engine's own ``run`` and ``write`` do the work (views stay views, as in
    ``cube_definition.VIEWS``); this only observes them. A view costs nothing where it is created:
    its time shows up in the statements and files that read it.
    """
    from dashboard.building import build, cube_definition
    from dashboard.building.engines import duckdb as engine_module

    timings: dict[str, float] = {}
    engine_class = engine_module.DuckDBEngine
    originals = {name: getattr(engine_class, name) for name in ("__init__", "load_postings", "run", "write",
                                                                 "_write_skill_demand")}

    def timed(name: str, fn, *args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            timings[name] = round(timings.get(name, 0.0) + time.perf_counter() - start, 2)

    def init(self, *, work_dir, **kwargs):
        if threads:
            kwargs["threads"] = threads
        originals["__init__"](self, work_dir=work_dir, **kwargs)

    def load_postings(self, files, columns, **kwargs):
        timed("load_postings", originals["load_postings"], self, files, columns, **kwargs)

    def run(self, *, on_statement=None):
        # The engine reports each statement when it has run: the gap between two reports
        # is that statement's time.
        last = [time.perf_counter()]

        def tick(name: str) -> None:
            now = time.perf_counter()
            kind = "view" if name in cube_definition.VIEWS else "sql"
            timings[f"{kind} {name}"] = round(now - last[0], 2)
            if on_statement:
                on_statement(name)
            last[0] = time.perf_counter()

        originals["run"](self, on_statement=tick)

    def write(self, out_dir):
        connection = self.con
        self.con = _TimedConnection(connection, timed)
        try:
            return originals["write"](self, out_dir)
        finally:
            self.con = connection

    def write_skill_demand(self, target):
        # The engine's own skill_demand writer streams rows out of DuckDB into Parquet:
        # its time is the file's, not only the execute() that starts it.
        connection = self.con
        self.con = getattr(connection, "_connection", connection)
        try:
            return timed(f"write {Path(target).name}", originals["_write_skill_demand"], self, target)
        finally:
            self.con = connection

    for name, fn in (("__init__", init), ("load_postings", load_postings), ("run", run), ("write", write),
                     ("_write_skill_demand", write_skill_demand)):
        setattr(engine_class, name, fn)
    try:
        with tempfile.TemporaryDirectory(dir=util.OUT_DIR) as tmp:
            start = time.perf_counter()
            report = build.build(esco=[esco], postings=[postings], data_dir=Path(tmp), progress=False)
            total = round(time.perf_counter() - start, 2)
    finally:
        for name, fn in originals.items():
            setattr(engine_class, name, fn)
    return {"total_s": total, "stages_s": report.get("timings_s"), "steps_s": timings,
            "views": sorted(cube_definition.VIEWS), "rows_read": report["rows_read"], "tables": report.get("tables")}


class _TimedConnection:
    """A DuckDB connection whose ``execute`` is timed per output file (``COPY ... TO 'file'``)."""

    def __init__(self, connection, timed):
        self._connection, self._timed = connection, timed

    def execute(self, sql: str, *args, **kwargs):
        target = re.search(r"\bTO '((?:[^']|'')+)'", sql) if sql.lstrip().upper().startswith("COPY") else None
        label = f"write {Path(target.group(1)).name}" if target else "write (other statements)"
        return self._timed(label, self._connection.execute, sql, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._connection, name)


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
