"""Add new postings or counts files to the published cube: ``build --append`` (issue 17).

A month of new postings should not mean reading every earlier file again. An append reads
only the new files, through the same engine and the same cube SQL as a build
(:func:`dashboard.building.build.load_inputs`), with two differences:

- the taxonomy is the cube's own (the tables in its version folder), so the new rows
  resolve to the keys the cube already has; ``--esco`` is refused;
- the ids of every posting the cube has read (``posting_ids/``, one Parquet part per load)
  are the ``prior_ids`` relation: a new posting with one of them is a duplicate, exactly as
  a rebuild from all the inputs would reject it.

The cube's fact tables are sums (jobs, skill-demand postings, country totals), so the new
load's tables and the published ones are unioned and grouped again, in DuckDB over the
Parquet files (a cube is served from one machine, whichever engine read the inputs), and
written in the order a build writes them; the skill-demand arrays are derived again from
the merged table. An appended cube therefore holds the same rows as a rebuild
(tests/test_append.py checks every table).

Publishing is a build's: the same lock (one build or append per data directory), a staging
folder, the version folder renamed into place and ``CURRENT`` replaced last, so a killed
append leaves the previous cube serving. ``build_report.json`` accumulates: totals over all
loads (rows read = loaded + rejected, reasons summed), a ``loads`` list with one entry per
load (its inputs, counts and time), and ``rejects.csv`` keeps the rejected rows of every load.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

import duckdb
import pandas as pd

from dashboard.building import cube_definition, input_files
from dashboard import paths
from dashboard.building.build import (_Stages, aggregate, build_lock, check_inputs, new_version, publish,
                                      refuse_what_cannot_publish, staging_folder)
from dashboard.reading.cube import POSTING_IDS_DIR, REJECTS_FILE, REPORT_FILE, VERSIONS_DIR, current_version
from dashboard.building.engines import get_engine
from dashboard.errors import UsageError
from dashboard.reading.skill_demand import write_skill_demand_arrays
from dashboard.building.ingest import ColumnMap

#: Taxonomy tables of a cube, carried over unchanged (an append never changes the taxonomy).
TAXONOMY_TABLES = ("occupations", "isco_groups", "skills", "occupation_skills")
#: The skills hierarchy's tables (issue 15), carried over when the cube has them.
#: The occupation hierarchy and related occupations (issue 14) likewise.
OPTIONAL_TAXONOMY_TABLES = ("skill_groups", "skill_broader", "skill_collections", "occupation_broader",
                            "related_occupations")
#: Fact tables re-aggregated: (key columns, value column, ORDER BY as a build writes them).
#: A build orders by ids that rank the texts; an undated month has id -1, so it comes first
#: in jobs (NULLS FIRST), while country_totals is ordered on the text (NULLS LAST, DuckDB's default).
FACT_TABLES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "jobs": (("occupation_uri", "iso3", "month"), "jobs", "occupation_uri, iso3, month NULLS FIRST"),
    "skill_demand": (("occupation_uri", "iso3", "month", "skill_uri"), "postings",
                     "occupation_uri, iso3, month NULLS FIRST, skill_uri"),
    "country_totals": (("iso3", "month"), "jobs", "iso3, month NULLS LAST"),
    # Postings and those asking for each skill collection (issue 15); a cube built before it
    # has none, and then the appended cube has none either (rebuild to get the collection measures).
    "collection_postings": (("occupation_uri", "iso3", "month"), ("postings", *cube_definition.COLLECTIONS),
                            "occupation_uri, iso3, month"),
}
#: The individual postings (issue 18) are not summed: the new load's rows join the cube's,
#: ordered as a build writes them (ids rank the texts, so the texts order alike).
POSTINGS_ORDER = "occupation_uri, iso3, month, id"
#: Rows per Parquet row group, as the engines write (the dashboard reads by occupation).
ROW_GROUP_ROWS = 100_000


def append(
    *,
    postings: Sequence[Path | str] = (),
    counts: Sequence[Path | str] = (),
    columns: ColumnMap = ColumnMap(),
    data_dir: Path = paths.DEFAULT_DATA_DIR,
    engine: str = "duckdb",
    strict: bool = False,
    progress: bool = True,
    today: dt.date | None = None,
    period: str | None = None,
    sheet: str | None = None,
) -> dict:
    """Add ``postings`` and ``counts`` files to the cube published in ``data_dir``, atomically.

    Returns
    -------
    dict
        The accumulated build report (also written to ``data_dir/build_report.json``).

    Raises
    ------
    UsageError
        No inputs, no published cube, a cube without an id table, or another build holds the lock.
    BuildFailed
        Nothing loadable in the new files, or ``strict`` and a new row was rejected: the
        previous cube is kept.
    """
    engine_class = get_engine(engine)
    data_dir = Path(data_dir).expanduser().resolve()
    postings, counts, period = check_inputs(postings, counts, engine=engine, period=period)
    if not (postings or counts):
        raise UsageError("build --append needs --postings or --counts: the new files to add")
    if not data_dir.is_dir():
        raise UsageError(f"build --append: no cube in {data_dir}; build one first (python -m dashboard build ...)")
    with build_lock(data_dir):
        live = current_version(data_dir)
        if live is None:
            raise UsageError(f"build --append: no published cube in {data_dir}; build one first")
        live_dir = data_dir / VERSIONS_DIR / live
        if not (live_dir / POSTING_IDS_DIR).is_dir():
            raise UsageError(f"build --append: the cube in {data_dir} has no posting id table (built before "
                             "appends existed), so duplicates cannot be found; rebuild it once from all its inputs")
        with staging_folder(data_dir) as staging:
            return _append_in(staging, live_dir=live_dir, data_dir=data_dir, postings=postings, counts=counts,
                              columns=columns, engine_class=engine_class, strict=strict, progress=progress,
                              today=today or dt.date.today(), period=period, sheet=sheet)


def _append_in(staging: Path, *, live_dir: Path, data_dir: Path, postings: list, counts: list, columns: ColumnMap,
               engine_class, strict: bool, progress: bool, today: dt.date, period: str | None,
               sheet: str | None) -> dict:
    stages = _Stages(9, enabled=progress)
    clock = time.perf_counter()
    started = dt.datetime.now(dt.timezone.utc)
    version = new_version(started)
    previous = json.loads((live_dir / REPORT_FILE).read_text(encoding="utf-8"))
    given = {"postings": [str(p) for p in postings], "counts": [str(p) for p in counts]}
    load_dir, out_dir = staging / "load", staging / "cube"
    load_dir.mkdir()
    out_dir.mkdir()

    stages.start("reading the cube's taxonomy")
    occupations, skills, collections = _cube_taxonomy(live_dir)
    postings, counts, aggregated = aggregate(
        engine_class, occupations=occupations, skills=skills, out_dir=load_dir, staging=staging, postings=postings,
        counts=counts, columns=columns, today=today, period=period, sheet=sheet, stages=stages,
        write_stage="writing the new load", prior_ids=live_dir / POSTING_IDS_DIR, collections=collections)
    load = _load_entry(given, engine_class=engine_class, aggregated=aggregated, columns=columns, period=period,
                       files=[*postings, *counts], started=started)
    refuse_what_cannot_publish(load, rejects_dir=load_dir, data_dir=data_dir, strict=strict, rows="new rows",
                               names=", ".join(Path(p).name for p in [*given["postings"], *given["counts"]]))

    stages.start("merging tables")
    tables = _merge_tables(live_dir, load_dir, out_dir, work_dir=staging / "merge")
    tables |= _carry_taxonomy(live_dir, out_dir, previous=previous)
    _add_posting_ids(live_dir, load_dir, out_dir)
    _concat_rejects(live_dir / REJECTS_FILE, load_dir / REJECTS_FILE, out_dir / REJECTS_FILE)

    stages.start("indexing skill demand")
    write_skill_demand_arrays(out_dir)

    stages.start("report")
    facts = _facts(out_dir)
    load["seconds"] = round(time.perf_counter() - clock, 3)
    report = _accumulate(previous, load, tables=tables, facts=facts, version=version, started=started,
                         rejects=data_dir / VERSIONS_DIR / version / REJECTS_FILE)
    publish(out_dir, data_dir=data_dir, version=version, report=report, stages=stages)
    return report


def _cube_taxonomy(live_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """The published cube's occupations, skills and skill collections (None when it has none):
    the new rows resolve against them, never against an ESCO bundle."""
    occupations = pd.read_parquet(live_dir / "occupations.parquet")
    skills = pd.read_parquet(live_dir / "skills.parquet")
    collections_file = live_dir / "skill_collections.parquet"
    collections = pd.read_parquet(collections_file) if collections_file.is_file() else None
    return occupations, skills, collections


def _load_entry(given: dict, *, engine_class, aggregated, columns: ColumnMap, period: str | None, files: list,
                started: dt.datetime) -> dict:
    """This load's entry of the report's ``loads``: its inputs, engine, rows and what was dropped
    (its ``seconds`` are added once it is published)."""
    return {
        "inputs": given,
        "engine": engine_class.name,
        **aggregated.rows(),
        **aggregated.dropped(),
        "columns": dict(vars(columns)),
        "counts_period": period,
        "input_formats": [d.as_report() for d in map(input_files.detected_of, files) if d],
        "started_at": started.isoformat(timespec="seconds"),
    }


def _carry_taxonomy(live_dir: Path, out_dir: Path, *, previous: dict) -> dict[str, int]:
    """Link the cube's taxonomy tables (and the optional ones it has) into the new version;
    their row counts, as the cube's report gives them."""
    rows = {}
    for name in TAXONOMY_TABLES:
        _link(live_dir / f"{name}.parquet", out_dir / f"{name}.parquet")
        rows[name] = previous.get("tables", {}).get(name, 0)
    for name in OPTIONAL_TAXONOMY_TABLES:
        if (live_dir / f"{name}.parquet").is_file():
            _link(live_dir / f"{name}.parquet", out_dir / f"{name}.parquet")
            rows[name] = previous.get("tables", {}).get(name, 0)
    return rows


def _add_posting_ids(live_dir: Path, load_dir: Path, out_dir: Path) -> None:
    """The ids of every posting read: the cube's parts linked, the new load's as the next part."""
    ids = out_dir / POSTING_IDS_DIR
    ids.mkdir()
    parts = sorted((live_dir / POSTING_IDS_DIR).glob("*.parquet"))
    for part in parts:
        _link(part, ids / part.name)
    os.replace(load_dir / "posting_ids.parquet", ids / f"part-{len(parts):04d}.parquet")


def _link(source: Path, target: Path) -> None:
    """A published file into the new version: a hard link (versions are immutable), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _merge_tables(live_dir: Path, load_dir: Path, out_dir: Path, *, work_dir: Path) -> dict[str, int]:
    """Union each fact table of the cube with the new load's, group again, write as a build orders it.

    In the monthly case (:func:`months_follow`) no key is in both, so the union is only sorted."""
    work_dir.mkdir()
    con = duckdb.connect(config={"memory_limit": "2.5GB", "temp_directory": str(work_dir),
                                 "preserve_insertion_order": True})
    rows = {}
    try:
        for name, (keys, values, order) in FACT_TABLES.items():
            if not (live_dir / f"{name}.parquet").is_file():
                continue  # a table the cube was built without (see FACT_TABLES)
            old, new, target = (_sql_text(d / f"{name}.parquet") for d in (live_dir, load_dir, out_dir))
            values = (values,) if isinstance(values, str) else values
            columns = ", ".join((*keys, *values))
            key_list = ", ".join(keys)
            union = f"SELECT {columns} FROM read_parquet({old}) UNION ALL SELECT {columns} FROM read_parquet({new})"
            if months_follow(con, live_dir / f"{name}.parquet", load_dir / f"{name}.parquet"):
                rows_of = f"SELECT * FROM ({union})"  # no key in both: nothing to sum, half the work
            else:
                sums = ", ".join(f"CAST(SUM({v}) AS BIGINT) AS {v}" for v in values)
                rows_of = f"SELECT {key_list}, {sums} FROM ({union}) GROUP BY {key_list}"
            con.execute(f"COPY ({rows_of} ORDER BY {order}) TO {target} (FORMAT parquet, ROW_GROUP_SIZE {ROW_GROUP_ROWS})")
            rows[name] = con.execute(f"SELECT count(*) FROM read_parquet({target})").fetchone()[0]
        if (live_dir / "postings.parquet").is_file():
            old, new, target = (_sql_text(d / "postings.parquet") for d in (live_dir, load_dir, out_dir))
            con.execute(f"""
                COPY (SELECT * FROM (SELECT * FROM read_parquet({old}) UNION ALL BY NAME
                                     SELECT * FROM read_parquet({new})) ORDER BY {POSTINGS_ORDER})
                TO {target} (FORMAT parquet, ROW_GROUP_SIZE {cube_definition.ROW_GROUP_ROWS_OF["postings"]})""")
            rows["postings"] = con.execute(f"SELECT count(*) FROM read_parquet({target})").fetchone()[0]
    finally:
        con.close()
    return rows


def months_follow(con: duckdb.DuckDBPyConnection, old: Path, new: Path) -> bool:
    """True when every month of the new load's table comes after the cube's (the monthly case).

    Both tables are keyed by month, so no key is then in both: the union needs sorting but no
    GROUP BY. Undated rows (NULL month) in the new load may share a key with the cube's.
    """
    (old_max,), = con.execute("SELECT max(month) FROM read_parquet(?)", [str(old)]).fetchall()
    (new_min, new_undated), = con.execute(
        "SELECT min(month), count(*) FILTER (WHERE month IS NULL) FROM read_parquet(?)", [str(new)]).fetchall()
    return not new_undated and (old_max is None or new_min is None or new_min > old_max)


def _sql_text(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _concat_rejects(old: Path, new: Path, target: Path) -> None:
    """The rejects of every load: the cube's file, then the new load's rows (its header dropped)."""
    with open(target, "wb") as out:
        with open(old, "rb") as handle:
            shutil.copyfileobj(handle, out)
        with open(new, "rb") as handle:
            handle.readline()  # the header: one line, no quoted newline in it
            shutil.copyfileobj(handle, out)


def _facts(out_dir: Path) -> dict:
    """Months covered and undated jobs of the merged cube (as build_stats reports them)."""
    jobs = _sql_text(out_dir / "jobs.parquet")
    con = duckdb.connect()
    try:
        first, last, undated = con.execute(
            f"SELECT MIN(month), MAX(month), COALESCE(SUM(jobs) FILTER (WHERE month IS NULL), 0) "
            f"FROM read_parquet({jobs})").fetchone()
    finally:
        con.close()
    return {"months": [first, last], "undated_jobs": int(undated)}


def _first_load(previous: dict) -> dict:
    """The published cube's own build as the first entry of ``loads`` (a cube never appended to)."""
    keys = ("rows_read", "rows_loaded", "rows_rejected", "rejected_by_reason", "skills_unresolved",
            "salary_dropped_by_reason", "columns",
            "counts_period", "input_formats", "engine")
    entry = {"inputs": {k: previous.get("inputs", {}).get(k, []) for k in ("esco", "postings", "counts")}}
    entry.update({k: previous.get(k) for k in keys})
    entry["started_at"] = previous.get("built_at")
    timings = previous.get("timings_s") or {}
    entry["seconds"] = round(sum(v for v in timings.values() if isinstance(v, (int, float))), 3)
    return entry


def _accumulate(previous: dict, load: dict, *, tables: dict, facts: dict, version: str, started: dt.datetime,
                rejects: Path) -> dict:
    """The report of the appended cube: totals over every load, and the list of loads."""
    loads = list(previous.get("loads") or [_first_load(previous)]) + [load]
    reasons: Counter = Counter()
    salary_dropped: Counter = Counter()
    for entry in loads:
        reasons.update(entry.get("rejected_by_reason") or {})
        salary_dropped.update(entry.get("salary_dropped_by_reason") or {})
    inputs = {k: list(previous.get("inputs", {}).get(k, [])) for k in ("esco", "postings", "counts")}
    for kind in ("postings", "counts"):
        inputs[kind] += load["inputs"][kind]
    dataset = dict(previous.get("dataset", {}))
    files = [Path(p).name for p in [*inputs["postings"], *inputs["counts"]]]
    if files and not dataset.get("is_demo"):
        dataset["name"] = ", ".join(files)
    report = dict(previous)
    report.update({
        "rows_read": sum(e["rows_read"] for e in loads),
        "rows_loaded": sum(e["rows_loaded"] for e in loads),
        "rows_rejected": sum(e["rows_rejected"] for e in loads),
        "rejected_by_reason": dict(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
        "rejects_file": str(rejects),
        "skills_unresolved": sum(e.get("skills_unresolved") or 0 for e in loads),
        "salary_dropped_by_reason": dict(sorted(salary_dropped.items(), key=lambda item: (-item[1], item[0]))),
        "engine": load["engine"],
        "inputs": inputs,
        "built_at": previous.get("built_at"),
        "appended_at": started.isoformat(timespec="seconds"),
        "version": version,
        "dataset": dataset,
        "months": facts["months"],
        "tables": {name: int(n) for name, n in tables.items()},
        "undated_jobs": facts["undated_jobs"],
        "input_formats": [f for e in loads for f in (e.get("input_formats") or [])],
        "loads": loads,
    })
    return report
