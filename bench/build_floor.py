"""What the cube build could cost: the fact tables computed straight from Parquet in DuckDB.

Not product code and not a replacement for it (no rejects file, no line numbers, no CSV):
a lower bound for the aggregation part of the build, to size the fix proposed in
RESULTS.md. It resolves distinct raw values with the product's own functions, then
aggregates in one pass over the Parquet file with small integer keys instead of long URI
strings, never materialising the postings or their skill lists.

Run: ``python -m bench.build_floor --postings F [--esco PATH] [--threads N]``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

from bench import util


def build_floor(postings: Path, *, esco: Path, threads: int | None = None) -> dict:
    from bench.pandas_baseline import country_map, month_map, occupation_map, skill_map
    from dashboard.building import ingest
    from dashboard.reading.resolve import OccupationIndex, SkillIndex, resolve_country
    from dashboard.building.taxonomy import load_taxonomy

    laps: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        laps[name] = round(now - clock, 2)
        clock = now

    taxonomy = load_taxonomy([esco])
    lap("taxonomy")
    with tempfile.TemporaryDirectory(dir=util.OUT_DIR) as tmp:
        con = duckdb.connect(config={"threads": threads or os.cpu_count() or 1, "memory_limit": "4GB",
                                     "temp_directory": tmp, "preserve_insertion_order": False})
        src = f"read_parquet('{postings}', file_row_number=true)"
        con.execute(f"CREATE VIEW p AS SELECT id, occupation, country, date, skills, file_row_number AS rn FROM {src}")

        def distinct(sql: str) -> list[str]:
            return [r[0] for r in con.execute(sql).fetchall() if r[0] is not None]

        occ = occupation_map(distinct("SELECT DISTINCT occupation FROM p"), OccupationIndex(taxonomy.occupations))
        cty = country_map(distinct("SELECT DISTINCT country FROM p"), resolve_country)
        mon = month_map(distinct("SELECT DISTINCT date FROM p"), latest=ingest.this_month())
        skl = skill_map(distinct("SELECT DISTINCT unnest(skills) FROM p"), SkillIndex(taxonomy.skills))
        lap("distinct + resolve")
        # Small integer keys: the fact rows carry ints, the URIs are joined back at the end.
        uris = pd.DataFrame({"uri": taxonomy.occupations["occupation_uri"]}).reset_index(names="k")
        occ = occ.merge(uris, left_on="occupation_uri", right_on="uri", how="left")
        skill_uris = pd.DataFrame({"uri": taxonomy.skills["skill_uri"]}).reset_index(names="k")
        skl = skl.merge(skill_uris, left_on="skill_uri", right_on="uri", how="left")
        for name, frame in (("occ_map", occ[["raw", "k", "status"]]), ("cty_map", cty), ("mon_map", mon),
                            ("skl_map", skl[["raw", "k"]]), ("occ_uri", uris), ("skl_uri", skill_uris)):
            con.register(f"_{name}", frame)
            con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM _{name}")
        con.execute("""CREATE TEMP TABLE ok AS
            SELECT p.rn, o.k AS occ, c.iso3, m.month FROM p
            JOIN occ_map o ON p.occupation = o.raw AND o.status = 'ok'
            JOIN cty_map c ON p.country = c.raw
            JOIN mon_map m ON p.date = m.raw AND m.status = 'ok'
            WHERE p.id IS NOT NULL
              AND p.rn NOT IN (SELECT rn FROM (SELECT rn, row_number() OVER (PARTITION BY id ORDER BY rn) AS n FROM p
                                            WHERE id IN (SELECT id FROM p GROUP BY id HAVING count(*) > 1)) WHERE n > 1)""")
        lap("check")
        out = Path(tmp)
        con.execute(f"""COPY (SELECT u.uri AS occupation_uri, iso3, month, count(*)::BIGINT AS jobs
                        FROM ok JOIN occ_uri u ON ok.occ = u.k GROUP BY ALL ORDER BY 1, 2, 3)
                        TO '{out / "jobs.parquet"}' (FORMAT parquet)""")
        lap("jobs")
        con.execute(f"""COPY (
            WITH asked AS (
                SELECT DISTINCT t.rn, t.occ, t.iso3, t.month, s.k AS skill FROM (
                    SELECT p.rn, ok.occ, ok.iso3, ok.month, unnest(p.skills) AS token FROM p JOIN ok ON p.rn = ok.rn) t
                JOIN skl_map s ON t.token = s.raw),
            counted AS (SELECT occ, iso3, month, skill, count(*)::BIGINT AS postings FROM asked GROUP BY ALL)
            SELECT u.uri AS occupation_uri, iso3, month, su.uri AS skill_uri, postings
            FROM counted JOIN occ_uri u ON counted.occ = u.k JOIN skl_uri su ON counted.skill = su.k
            ORDER BY occupation_uri, iso3, month, skill_uri) TO '{out / "skill_demand.parquet"}' (FORMAT parquet, ROW_GROUP_SIZE 100000)""")
        lap("skill_demand")
        rows = con.execute("SELECT count(*) FROM ok").fetchone()[0]
        demand_rows = con.execute(f"SELECT count(*), sum(postings) FROM '{out / 'skill_demand.parquet'}'").fetchone()
    return {"total_s": round(sum(laps.values()), 2), "laps_s": laps, "rows_loaded": rows,
            "skill_demand_rows": demand_rows[0], "skill_postings_total": int(demand_rows[1] or 0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.build_floor")
    parser.add_argument("--postings", type=Path, required=True)
    parser.add_argument("--esco", type=Path, default=util.ESCO_DIR)
    parser.add_argument("--threads", type=int)
    args = parser.parse_args(argv)
    print(json.dumps(build_floor(args.postings.resolve(), esco=args.esco, threads=args.threads), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
