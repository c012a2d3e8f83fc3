"""The floor a cube build is measured against (issue 17): one DuckDB GROUP BY over the postings.

Not product code. It counts postings by occupation × country × month and skill mentions by
occupation × country × month × skill, straight from the Parquet files as they come (the raw
occupation and country texts, the month cut from the date), with no validation, no
resolution against the taxonomy, no duplicate ids, no rejects and no dashboard indexes: the
least any build must do with the same files. The build benchmark runs it beside the product
build and reports the ratio of their wall times.

Run: ``python -m bench.group_by_floor --postings F [F ...] --out DIR``; prints a JSON summary.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import duckdb


def group_by_floor(postings: list[Path], out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    files = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in postings) + "]"
    month = "substr(CAST(date AS VARCHAR), 1, 7)"
    con = duckdb.connect(config={"temp_directory": str(out / "spill")})
    started = time.perf_counter()
    try:
        con.execute(f"""COPY (SELECT occupation, country, {month} AS month, count(*) AS jobs
                              FROM read_parquet({files}) GROUP BY ALL)
                        TO '{out / "jobs.parquet"}' (FORMAT parquet)""")
        con.execute(f"""COPY (SELECT occupation, country, month, skill, count(*) AS postings
                              FROM (SELECT occupation, country, {month} AS month, unnest(skills) AS skill
                                    FROM read_parquet({files})) GROUP BY ALL)
                        TO '{out / "skill_mentions.parquet"}' (FORMAT parquet)""")
        rows = {name: con.execute(f"SELECT count(*) FROM read_parquet('{out / name}.parquet')").fetchone()[0]
                for name in ("jobs", "skill_mentions")}
        postings_read = con.execute(f"SELECT sum(jobs) FROM read_parquet('{out / 'jobs.parquet'}')").fetchone()[0]
    finally:
        con.close()
    return {"postings_read": int(postings_read or 0), "tables": rows,
            "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.group_by_floor", description=__doc__.splitlines()[0])
    parser.add_argument("--postings", nargs="+", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    print(json.dumps(group_by_floor(args.postings, args.out)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
