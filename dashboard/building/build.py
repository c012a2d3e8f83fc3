"""Build and publish a cube: taxonomy + postings/counts -> Parquet tables + build_report.json.

Publishing is atomic. A build writes into ``DIR/.staging-<random>/``, renames it to
``DIR/versions/<version>/`` and then replaces the ``DIR/CURRENT`` pointer (and the top-level
``DIR/build_report.json``) with ``os.replace``. Until that last step readers see the
previous cube; the previous version stays on disk so a query already running on it
finishes. A killed build leaves only a staging folder, removed by the next build.
A lock file makes a second concurrent build into the same DIR fail at once.
"""
from __future__ import annotations

import datetime as dt
import errno
import fcntl
import importlib.util
import json
import os
import re
import secrets
import shutil
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

import pandas as pd
from tqdm import tqdm

from dashboard import paths
from dashboard.building import cube_definition, ingest, input_files, posting_details
from dashboard.building.engines import Engine, get_engine
from dashboard.building.ingest import ColumnMap
from dashboard.errors import JobAtlasError, UsageError
from dashboard.reading.cube import CURRENT_FILE, POSTING_IDS_DIR, REJECTS_FILE, REPORT_FILE, VERSIONS_DIR
from dashboard.reading.skill_demand import write_skill_demand_arrays

LOCK_FILE = ".build.lock"
STAGING_PREFIX = ".staging-"
#: Published versions kept on disk: the live one and the one before it (readers mid-query).
KEEP_VERSIONS = 2
#: Size of the generated demo (postings) and its fixed seed, so every demo build is the same.
DEMO_POSTINGS = 100_000
DEMO_SEED = 7


class BuildFailed(UsageError):
    """Nothing loadable, or a rejected row under --strict: the previous cube is kept (exit 2)."""


@contextmanager
def build_lock(data_dir: Path) -> Iterator[None]:
    """Hold ``DIR/.build.lock`` for the build; a second build fails at once, naming the holder."""
    path = data_dir / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                raise
            handle.seek(0)
            pid = handle.read().strip() or "unknown"
            raise UsageError(f"another build is running in {data_dir} (pid {pid})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _remove_stale(data_dir: Path) -> None:
    """Staging folders of builds that died (the lock is ours, so none is live)."""
    for stale in data_dir.glob(STAGING_PREFIX + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in data_dir.glob(".*.tmp"):
        stale.unlink(missing_ok=True)


@contextmanager
def staging_folder(data_dir: Path) -> Iterator[Path]:
    """A new staging folder in ``data_dir`` for one build or append, removed when it ends.

    Call with the build lock held: staging folders left by builds that died go first.
    """
    _remove_stale(data_dir)
    staging = data_dir / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _prune_versions(data_dir: Path, keep: str) -> None:
    versions = sorted((p for p in (data_dir / VERSIONS_DIR).iterdir() if p.is_dir()), key=lambda p: p.name)
    old = [p for p in versions if p.name != keep][: max(0, len(versions) - KEEP_VERSIONS)]
    for path in old:
        shutil.rmtree(path, ignore_errors=True)


def _write_demo_postings(path: Path, taxonomy) -> Path:
    """Generate the demo postings with the demo generator (data/jobs/generate_postings.py)."""
    script = paths.JOBS_DIR / "generate_postings.py"
    spec = importlib.util.spec_from_file_location("job_atlas_generate_postings", script)
    if spec is None or not script.is_file():
        raise UsageError(f"the demo postings generator {script} is missing; give --postings or --counts")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_postings(path, taxonomy, count=DEMO_POSTINGS, seed=DEMO_SEED)
    return path


def _write_taxonomy(taxonomy, out_dir: Path) -> dict[str, int]:
    frames = {
        "occupations": taxonomy.occupations,
        "isco_groups": taxonomy.isco_groups,
        "skills": taxonomy.skills,
        "occupation_skills": taxonomy.relations,
    }
    # ESCO's skills hierarchy and collections (issue 15); empty tables when the bundle has none.
    from dashboard.reading.skill_hierarchy import empty_hierarchy

    hierarchy = taxonomy.skill_hierarchy if taxonomy.skill_hierarchy is not None else empty_hierarchy()
    frames.update({"skill_groups": hierarchy.groups, "skill_broader": hierarchy.broader,
                   "skill_collections": hierarchy.collections})
    # ESCO's occupation hierarchy (issue 14); an empty table when the bundle has none.
    from dashboard.reading.occupation_hierarchy import empty_occupation_hierarchy

    occupation_hierarchy = taxonomy.occupation_hierarchy or empty_occupation_hierarchy()
    frames["occupation_broader"] = occupation_hierarchy.relations
    # Related occupations (issue 14): a graded skill similarity, the top 50 per occupation.
    from dashboard.building.related_occupations import TABLE as RELATED_TABLE, related_occupations

    frames[RELATED_TABLE] = related_occupations(taxonomy.relations, hierarchy.broader)
    for name, frame in frames.items():
        frame.reset_index(drop=True).to_parquet(out_dir / f"{name}.parquet", index=False)
    return {name: len(frame) for name, frame in frames.items()}


def _dataset_name(*, is_demo: bool, postings: Sequence[Path], counts: Sequence[Path], taxonomy_source: str) -> str:
    if is_demo:
        return "Job Atlas demo (generated postings, not real data)"
    files = [Path(p).name for p in [*postings, *counts]]
    if not files:
        return f"{taxonomy_source}, taxonomy only (no postings)"
    return ", ".join(files)


class _Stages:
    """A progress bar over the build's stages on stderr (silent when stderr is not a terminal)."""

    def __init__(self, total: int, *, enabled: bool):
        self.bar = tqdm(total=total, file=sys.stderr, unit="step", disable=not (enabled and sys.stderr.isatty()),
                        bar_format="{desc:<32}{bar}| {n_fmt}/{total_fmt} [{elapsed}]")
        self.timings: dict[str, float] = {}
        self._started = time.perf_counter()
        self._name: str | None = None
        self.statements: dict[str, float] = {}

    def start(self, name: str) -> None:
        now = time.perf_counter()
        if self._name is not None:
            self.timings[self._name] = round(now - self._started, 3)
            self.bar.update(1)
        self._name, self._started = name, now
        self.bar.set_description_str(name)

    def close(self) -> None:
        self.start("done")
        self.bar.close()


def build(
    *,
    esco: Sequence[Path] = (),
    postings: Sequence[Path] = (),
    counts: Sequence[Path] = (),
    columns: ColumnMap = ColumnMap(),
    data_dir: Path = paths.DEFAULT_DATA_DIR,
    engine: str = "duckdb",
    strict: bool = False,
    progress: bool = True,
    today: dt.date | None = None,
    period: str | None = None,
    sheet: str | None = None,
) -> dict:
    """Build the cube from the inputs and publish it atomically in ``data_dir``.

    No inputs at all builds the demo (demo taxonomy + generated postings); ``esco`` without
    postings or counts builds the taxonomy alone (every count zero). ``period`` ("YYYY-MM")
    dates counts files that have no period column; without it they stay undated (issue 16).
    ``sheet`` names the worksheet read from Excel inputs (default: the first).

    Returns
    -------
    dict
        The build report (also written to ``data_dir/build_report.json``).

    Raises
    ------
    UsageError
        Another build holds the lock, or an input flag is wrong.
    BuildFailed
        Nothing loadable (every row rejected), or ``strict`` and a row was rejected.
    TaxonomyError, PostingsError
        An input cannot be read at all.
    """
    engine_class = get_engine(engine)
    data_dir = Path(data_dir).expanduser().resolve()
    esco = [Path(p) for p in esco]
    postings, counts, period = check_inputs(postings, counts, engine=engine, period=period)
    data_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(data_dir), staging_folder(data_dir) as staging:
        return _build_in(staging, data_dir=data_dir, esco=esco, postings=postings, counts=counts,
                         columns=columns, engine_class=engine_class, strict=strict, progress=progress,
                         today=today or dt.date.today(), period=period, sheet=sheet)


def check_inputs(postings: Sequence[Path | str], counts: Sequence[Path | str], *, engine: str,
                 period: str | None) -> tuple[list[Path | str], list[Path | str], str | None]:
    """Input files checked before any work (they exist, known formats) and ``--period`` as YYYY-MM."""
    postings, counts = _input_paths(postings, engine=engine), _input_paths(counts, engine=engine)
    for path in [*postings, *counts]:
        if isinstance(path, Path) and not path.is_file():
            raise UsageError(f"{path}: no such file")
        ingest.input_format(Path(path))  # an unknown extension is a usage error, before any work
    if period is not None:
        month, status = ingest.parse_month(period, latest="9999-12")
        if status != "ok" or len(period.strip()) != 7:
            raise UsageError(f"--period {period!r}: expected a month as YYYY-MM (e.g. 2025-06)")
        period = month
    return postings, counts, period


def new_version(built_at: dt.datetime) -> str:
    """A version folder name: sortable by time, unique."""
    return built_at.strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def _register_maps(engine: Engine, *, occupations: pd.DataFrame, skills: pd.DataFrame, latest: str,
                   collections: pd.DataFrame | None) -> None:
    """Resolve the inputs' distinct raw values against the taxonomy, as the maps the cube SQL joins."""
    from dashboard.reading.resolve import OccupationIndex, SkillIndex, resolve_country

    values = {role: engine.distinct(sql) for role, sql in cube_definition.DISTINCT_VALUES.items()}
    engine.register("occupation_map", ingest.occupation_map(
        values["occupation"], OccupationIndex(occupations), ingest.sorted_ids(occupations["occupation_uri"])))
    engine.register("country_map", ingest.country_map(values["country"], resolve_country))
    engine.register("month_map", ingest.month_map(values["date"], latest=latest))
    engine.register("skill_map", ingest.skill_map(
        values["skill"], SkillIndex(skills), ingest.sorted_ids(skills["skill_uri"])))
    engine.register("skill_collection_map", collection_map(collections))
    engine.register("count_map", ingest.count_map(values["count"]))
    engine.register("salary_map", posting_details.salary_map(values["salary"]))
    engine.register("currency_map", posting_details.currency_map(values["currency"]))
    engine.register("salary_period_map", posting_details.salary_period_map(values["salary_period"]))


def load_inputs(engine: Engine, *, postings: list, counts: list, columns: ColumnMap, occupations: pd.DataFrame,
                skills: pd.DataFrame, staging: Path, today: dt.date, period: str | None, sheet: str | None,
                stages: "_Stages", prior_ids: Path | None = None,
                collections: pd.DataFrame | None = None) -> tuple[list, list]:
    """Read the inputs into ``engine``, resolve their values against the taxonomy, run the cube SQL.

    ``prior_ids`` is the id folder of the cube an append adds to (an id there is a
    duplicate, issue 17); a build has none. ``collections`` (skill_uri, collection) are the
    taxonomy's skill collections (issue 15; None: none). Returns the prepared postings and counts files.
    """
    stages.start("reading postings")
    latest = ingest.this_month(today)
    if period is not None and period > latest:
        raise UsageError(f"--period {period}: after this month ({latest})")
    # Delimiter, encoding and workbooks detected once per file (issue 16); messages and
    # rejects still name the user's file.
    postings = [input_files.prepare(p, staging / "inputs", sheet=sheet) for p in postings]
    counts = [input_files.prepare(p, staging / "inputs", sheet=sheet) for p in counts]
    engine.load_postings(postings, columns)
    engine.load_counts(counts, columns, first_index=len(postings), default_period=period)

    stages.start("resolving values")
    _register_maps(engine, occupations=occupations, skills=skills, latest=latest, collections=collections)
    if prior_ids is None:
        engine.register(cube_definition.PRIOR_IDS, pd.DataFrame({"id": pd.Series([], dtype=object)}))
    else:
        engine.register_parquet(cube_definition.PRIOR_IDS, prior_ids)

    stages.start("aggregating")
    clock = [time.perf_counter()]

    def timed(name: str) -> None:
        now = time.perf_counter()
        stages.statements[name] = round(now - clock[0], 3)
        clock[0] = now

    engine.run(on_statement=timed)
    return postings, counts


def collection_map(collections: pd.DataFrame | None) -> pd.DataFrame:
    """The engine's ``skill_collection_map``: each (skill_uri, collection) pair once, as text."""
    if collections is None or collections.empty:
        return pd.DataFrame({"skill_uri": pd.Series([], dtype=object), "collection": pd.Series([], dtype=object)})
    pairs = collections[["skill_uri", "collection"]].astype(str).drop_duplicates()
    return pd.DataFrame({"skill_uri": pairs["skill_uri"].astype(object).to_numpy(),
                         "collection": pairs["collection"].astype(object).to_numpy()})


def file_ids(out_dir: Path, part: str = "part-0000.parquet") -> None:
    """Move the engine's ``posting_ids.parquet`` into the cube's id folder (one part per load)."""
    folder = out_dir / POSTING_IDS_DIR
    folder.mkdir(exist_ok=True)
    os.replace(out_dir / f"{cube_definition.POSTING_IDS}.parquet", folder / part)


def publish(out_dir: Path, *, data_dir: Path, version: str, report: dict, stages: "_Stages") -> None:
    """Write the report into the finished cube folder and make it the live version, atomically."""
    stages.start("publishing")
    stages.close()
    report["timings_s"] = {**stages.timings, "statements": stages.statements}
    text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    (out_dir / REPORT_FILE).write_text(text, encoding="utf-8")
    final_dir = data_dir / VERSIONS_DIR / version
    final_dir.parent.mkdir(exist_ok=True)
    os.replace(out_dir, final_dir)
    _write_atomic(data_dir / CURRENT_FILE, version + "\n")
    _write_atomic(data_dir / REPORT_FILE, text)
    _prune_versions(data_dir, keep=version)


#: A URI the Spark engine reads where it is (s3://, hdfs://, abfss://, file:// ...). Given
#: as a Path (the CLI's argparse type), it arrives folded to one slash: "s3:/bucket/x".
_URI = re.compile(r"^[a-z][a-z0-9+.-]+://", re.IGNORECASE)
_FOLDED_URI = re.compile(r"^[a-z][a-z0-9+.-]+:/(?!/)", re.IGNORECASE)


def _input_paths(given: Sequence[Path | str], *, engine: str) -> list[Path | str]:
    """Input files as Paths; with the Spark engine a URI stays a string (as given, or as the Path spelt it).

    ``Path("s3://b/x")`` folds the slashes to ``s3:/b/x`` and no local file exists there,
    so a URI skips the existence check and goes to Spark, whose ``input_uri`` restores the
    folded form.
    """
    def is_uri(path: Path | str) -> bool:
        return bool(_URI.match(path) if isinstance(path, str) else _FOLDED_URI.match(str(path)))

    remote = [str(p) for p in given if is_uri(p)]
    if remote and engine != "spark":
        raise UsageError(f"{remote[0]}: a remote URI; only --engine spark reads inputs where they are "
                         "(copy the file locally for the DuckDB engine)")
    return [str(p) if is_uri(p) else Path(p) for p in given]


def _build_in(staging: Path, *, data_dir: Path, esco: list[Path], postings: list[Path], counts: list[Path],
              columns: ColumnMap, engine_class: type[Engine], strict: bool, progress: bool, today: dt.date,
              period: str | None = None, sheet: str | None = None) -> dict:
    """The build's stages, in order, inside the staging folder (nothing is published until the last)."""
    stages = _Stages(10, enabled=progress)
    built_at = dt.datetime.now(dt.timezone.utc)
    version = new_version(built_at)
    out_dir = staging / "cube"
    out_dir.mkdir()
    demo = not (esco or postings or counts)

    taxonomy = _read_taxonomy(esco, stages)
    inputs: dict[str, list[str]] = {"esco": [str(p) for p in esco] or [str(paths.DEMO_TAXONOMY_DIR)],
                                    "postings": [str(p) for p in postings], "counts": [str(p) for p in counts]}
    if demo:
        stages.start("generating demo postings")
        postings = [_write_demo_postings(staging / "demo_postings.parquet", taxonomy)]
        inputs["postings"] = [f"generated demo postings ({DEMO_POSTINGS:,}, seed {DEMO_SEED})"]

    postings, counts, aggregated = aggregate(
        engine_class, occupations=taxonomy.occupations, skills=taxonomy.skills, out_dir=out_dir, staging=staging,
        postings=postings, counts=counts, columns=columns, today=today, period=period, sheet=sheet, stages=stages,
        write_stage="writing cube",
        collections=taxonomy.skill_hierarchy.collections if taxonomy.skill_hierarchy is not None else None)
    file_ids(out_dir)
    aggregated.table_rows.update(_write_taxonomy(taxonomy, out_dir))

    stages.start("checking")
    report = _build_report(aggregated, taxonomy, engine=engine_class.name, inputs=inputs, built_at=built_at,
                           version=version, data_dir=data_dir, demo=demo, postings=postings, counts=counts,
                           columns=columns, period=period, strict=strict)
    refuse_what_cannot_publish(report, rejects_dir=out_dir, data_dir=data_dir,
                               names=", ".join(Path(p).name for p in [*postings, *counts]), strict=strict)

    # Inside the staging folder, so a killed build never publishes half (issue 6: start-up).
    stages.start("indexing skill demand")
    write_skill_demand_arrays(out_dir)

    publish(out_dir, data_dir=data_dir, version=version, report=report, stages=stages)
    return report


def _read_taxonomy(esco: list[Path], stages: _Stages):
    """Stage 1: the ESCO bundle given, or the demo taxonomy when none is."""
    from dashboard.building.taxonomy import load_demo_taxonomy, load_taxonomy

    stages.start("reading taxonomy")
    return load_taxonomy(esco) if esco else load_demo_taxonomy()


@dataclass(frozen=True)
class Aggregated:
    """What the engine wrote and counted: rows per cube table and the load's statistics."""

    table_rows: dict[str, int]
    stats: pd.Series
    rejected_by_reason: pd.DataFrame
    salary_dropped: pd.DataFrame

    def rows(self) -> dict:
        """The report's row accounting (build and append alike), checked: every row loaded or rejected."""
        rows = {
            "rows_read": int(self.stats["rows_read"]),
            "rows_loaded": int(self.stats["rows_loaded"]),
            "rows_rejected": int(self.stats["rows_rejected"]),
            "rejected_by_reason": {r.reason: int(r.rows) for r in self.rejected_by_reason.itertuples(index=False)},
        }
        if rows["rows_read"] != rows["rows_loaded"] + rows["rows_rejected"]:  # the contract
            raise JobAtlasError(f"internal error: rows read {rows['rows_read']} != loaded {rows['rows_loaded']} "
                                f"+ rejected {rows['rows_rejected']}")
        return rows

    def dropped(self) -> dict:
        """Skill tokens not in the taxonomy, and salaries dropped from postings that still loaded (issue 18)."""
        return {"skills_unresolved": int(self.stats["skills_unresolved"]),
                "salary_dropped_by_reason": {r.reason: int(r.postings)
                                             for r in self.salary_dropped.itertuples(index=False)}}


def aggregate(engine_class: type[Engine], *, occupations: pd.DataFrame, skills: pd.DataFrame, out_dir: Path,
              staging: Path, postings: list, counts: list, columns: ColumnMap, today: dt.date, period: str | None,
              sheet: str | None, stages: _Stages, write_stage: str, prior_ids: Path | None = None,
              collections: pd.DataFrame | None = None) -> tuple[list, list, Aggregated]:
    """Read, resolve and aggregate the inputs with the engine, and write its tables into ``out_dir``.

    Used by the build and by ``build --append`` (``prior_ids``: see :func:`load_inputs`). Returns the
    prepared postings and counts files (as :func:`load_inputs` does) and what was written."""
    engine = engine_class(work_dir=staging / "engine")
    try:
        postings, counts = load_inputs(engine, postings=postings, counts=counts, columns=columns,
                                       occupations=occupations, skills=skills, staging=staging, today=today,
                                       period=period, sheet=sheet, stages=stages, prior_ids=prior_ids,
                                       collections=collections)
        stages.start(write_stage)
        aggregated = Aggregated(
            table_rows=engine.write(out_dir),
            stats=engine.fetch("SELECT * FROM build_stats").iloc[0],
            rejected_by_reason=engine.fetch("SELECT reason, rows FROM rejected_by_reason ORDER BY rows DESC, reason"),
            salary_dropped=engine.fetch(
                "SELECT reason, postings FROM salary_dropped_by_reason ORDER BY postings DESC, reason"))
    finally:
        engine.close()
    return postings, counts, aggregated


def _build_report(aggregated: Aggregated, taxonomy, *, engine: str, inputs: dict, built_at: dt.datetime,
                  version: str, data_dir: Path, demo: bool, postings: list, counts: list, columns: ColumnMap,
                  period: str | None, strict: bool) -> dict:
    """The build report (``build_report.json``)."""
    stats = aggregated.stats
    final_dir = data_dir / VERSIONS_DIR / version
    return {
        **aggregated.rows(),
        "rejects_file": str(final_dir / REJECTS_FILE),
        **aggregated.dropped(),
        "engine": engine,
        "inputs": inputs,
        "built_at": built_at.isoformat(timespec="seconds"),
        "version": version,
        "dataset": _dataset_report(taxonomy, demo=demo, postings=postings, counts=counts),
        "months": [_none_if_na(stats["first_month"]), _none_if_na(stats["last_month"])],
        "tables": {name: int(n) for name, n in aggregated.table_rows.items()},
        "columns": {k: v for k, v in vars(columns).items()},
        "undated_jobs": int(stats["undated_jobs"]),
        "counts_period": period,
        "input_formats": [d.as_report() for d in map(input_files.detected_of, [*postings, *counts]) if d],
        "strict": strict,
        "timings_s": {},
    }


def _dataset_report(taxonomy, *, demo: bool, postings: list, counts: list) -> dict:
    """The report's ``dataset``: what the cube shows, whether it is the demo, and the taxonomy's files."""
    def files_and_issues(hierarchy) -> dict:
        return {"files": list(hierarchy.files) if hierarchy is not None else [],
                "issues": list(hierarchy.issues) if hierarchy is not None else []}

    return {
        "name": _dataset_name(is_demo=demo or taxonomy.is_demo, postings=[] if demo else postings,
                              counts=counts, taxonomy_source=taxonomy.source),
        "is_demo": bool(demo or taxonomy.is_demo),
        "taxonomy": taxonomy.source,
        "taxonomy_issues": list(taxonomy.issues),
        # skillGroups, broaderRelationsSkillPillar and the collections: rows per file, oddities.
        "skill_hierarchy": files_and_issues(taxonomy.skill_hierarchy),
        # broaderRelationsOccPillar: rows read = loaded + rejected, with the reasons (issue 14).
        "occupation_hierarchy": files_and_issues(taxonomy.occupation_hierarchy),
    }


def refuse_what_cannot_publish(report: dict, *, rejects_dir: Path, data_dir: Path, names: str, strict: bool,
                               rows: str = "rows") -> None:
    """No cube from inputs whose every row was rejected, nor (``--strict``) with any rejected; the
    rejects are kept beside the previous cube for the user to read. ``names``: the input files, for
    the message (empty: the build had no inputs, the taxonomy alone). ``rows``: what the rows are
    called in the ``--strict`` message ("new rows" for an append)."""
    rows_read, rows_loaded, rows_rejected = report["rows_read"], report["rows_loaded"], report["rows_rejected"]
    if names and rows_loaded == 0:
        failed = _keep_failed_rejects(rejects_dir, data_dir)
        if rows_read == 0:
            raise BuildFailed(f"nothing loadable: {names} hold no rows. The previous cube is kept.")
        raise BuildFailed(f"nothing loadable in {names}: all {rows_rejected:,} rows rejected "
                          f"({_reasons(report)}); see {failed}. The previous cube is kept.")
    if strict and rows_rejected:
        failed = _keep_failed_rejects(rejects_dir, data_dir)
        raise BuildFailed(f"--strict: {rows_rejected:,} of {rows_read:,} {rows} rejected ({_reasons(report)}); "
                          f"see {failed}. The previous cube is kept.")


def _none_if_na(value) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


def _reasons(report: dict) -> str:
    return ", ".join(f"{n:,} {reason}" for reason, n in report["rejected_by_reason"].items())


def _keep_failed_rejects(out_dir: Path, data_dir: Path) -> Path:
    """Rejects of a build that did not publish, kept beside the cube for the user to read."""
    target = data_dir / "failed_build_rejects.csv"
    shutil.copyfile(out_dir / REJECTS_FILE, target)
    return target
