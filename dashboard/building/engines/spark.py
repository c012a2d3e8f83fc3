"""The scale-out engine: the same cube SQL on Apache Spark (PySpark), local or on a cluster (issue 7).

One definition of the cube: :mod:`dashboard.building.cube_definition` is DuckDB SQL; this engine runs it
through ``sqlglot.transpile(sql, read="duckdb", write="spark")`` (``UNNEST`` becomes
``EXPLODE``, ``ARRAY_TO_STRING`` ``ARRAY_JOIN``), so there is no second copy of the logic.
Each statement becomes a temp view over a local checkpoint (computed once, and later
statements plan against one node), as DuckDB makes it a temp table.

Reading. Spark reads every input where it is (a local path, or an ``s3://`` / ``hdfs://``
URI passed straight to ``spark.read``) and fills the same relations the DuckDB reader
fills (``raw_postings``, ``raw_counts``, ``malformed``), with the same cleaning
(trimmed, empty as NULL, skills as a list of distinct tokens). Line numbers are true file
lines, as DuckDB's: text inputs are read one physical line per row, numbered by the byte
offset of their file split plus their position in it (no single-task window in the common
case, so a big file is still read by many tasks). CSV records are parsed with
``from_csv``; a record whose quoted field spans lines is stitched from its lines (a slower
single-task path, taken only for a file that has such a record) and keeps its first line.
A record that does not parse (wrong number of fields, an open quote, bytes that are not
UTF-8, longer than :data:`MAX_RECORD_BYTES`) goes to ``malformed`` with its line, so
rows read = loaded + rejected holds as it does on DuckDB. Parquet rows are numbered by
Spark's ``_metadata.row_index`` (+1).

Writing. The cube tables are sorted by Spark and streamed to the driver partition by
partition (``toLocalIterator``) into one Parquet file per table in the build's staging
folder, so the dashboard reads them unchanged. This works the same in local mode and on a
cluster whose executors cannot see the driver's disk (YARN, Kubernetes); the driver holds
one partition at a time, never a whole table. The cost is that the cube's rows cross to the
driver once, which they must anyway to be served from one machine.

Each text input is cached (memory, spilling to disk) from its first read, so its line ids
stay fixed; on a cluster that is the size of the inputs across the executors' disks.

Known differences from the DuckDB reader, in rare malformed inputs only: a JSON line with
trailing text after the object, or with single-quoted keys, is read (Spark's JSON parser
is lenient) where DuckDB rejects it; required JSON keys are checked against the keys of
every line (DuckDB: the first 10,000).
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Mapping

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import sqlglot

from dashboard.building import cube_definition, ingest
from dashboard.errors import PostingsError, UsageError
from dashboard.building.input_files import delimiter_of, source_of
from dashboard.building.ingest import ColumnMap

if TYPE_CHECKING:  # PySpark is an optional extra: imported inside functions only
    from pyspark.sql import Column, DataFrame, SparkSession

DEFAULT_MASTER = "local[*]"
#: Settings for local mode: quiet, small shuffles, and bound to loopback so nothing listens
#: on or leaves the machine. A cluster keeps its own (only the UI/log settings apply there).
LOCAL_CONF: dict[str, str] = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "2g",
    "spark.sql.shuffle.partitions": "4",
}
COMMON_CONF: dict[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.log.level": "WARN",
    # Timestamps in Parquet inputs become text as written, whatever the driver's zone.
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
#: DuckDB's CSV reader rejects a record longer than its max_line_size (2 MiB): same rule here.
MAX_RECORD_BYTES = 2_097_152
#: Rows per Parquet row group, as the DuckDB engine writes (the dashboard reads by occupation).
ROW_GROUP_ROWS = 100_000
_CORRUPT = "_corrupt_record"
_WHAT = {"csv": "CSV", "jsonl": "JSON Lines", "parquet": "Parquet"}
_URI = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):/+")


def parse_spark_conf(items: Iterable[str]) -> dict[str, str]:
    """``--spark-conf k=v`` values as a dict; a value without ``=`` is a usage error."""
    conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--spark-conf {item!r}: expected KEY=VALUE, e.g. spark.executor.memory=8g")
        conf[key.strip()] = value.strip()
    return conf


def configure(*, master: str | None = None, conf: Mapping[str, str] | None = None) -> None:
    """Set the master and extra Spark settings the next :class:`SparkEngine` starts with.

    The CLI calls this from ``--spark-master`` / ``--spark-conf`` before it builds.
    """
    if master:
        SparkEngine.master = master
    if conf is not None:
        SparkEngine.conf = dict(conf)


def session_conf(master: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Every setting the session starts with: defaults for the master, then ``extra`` (wins)."""
    conf = dict(COMMON_CONF)
    if master.startswith("local"):
        conf.update(LOCAL_CONF)
    conf.update(extra or {})
    return conf


def spark_session(*, master: str = DEFAULT_MASTER, conf: Mapping[str, str] | None = None) -> tuple["SparkSession", bool]:
    """The active SparkSession, or a new one for ``master``; returns (session, created_here).

    Raises
    ------
    UsageError
        PySpark is not installed, or Java is missing.
    """
    try:
        from pyspark.sql import SparkSession
    except ModuleNotFoundError as error:
        raise UsageError(f"the spark engine is not available ({error}); install requirements-spark.txt "
                         "(PySpark, Java 17) or build with --engine duckdb") from None
    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise UsageError("the spark engine needs Java 17 (Debian: apt-get install openjdk-17-jre-headless) "
                         "or JAVA_HOME set; or build with --engine duckdb")
    if master.startswith("local"):
        # Spark otherwise resolves the host name and may bind to an outside interface.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.master(master).appName("job-atlas-build")
    for key, value in session_conf(master, conf).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(session_conf(master, conf)["spark.log.level"])
    return session, True


def to_spark_sql(sql: str) -> str:
    """One statement of the cube SQL (DuckDB dialect) in Spark SQL."""
    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def input_uri(path: Path | str) -> str:
    """What Spark reads: a URI as given (``Path`` folds ``s3://b`` to ``s3:/b``: undone), else the absolute path."""
    text = str(path)
    match = _URI.match(text)
    if match and len(match.group(1)) > 1:  # not a Windows drive letter
        return f"{match.group(1)}://{text[match.end():]}"
    return str(Path(text).expanduser().resolve())


class SparkEngine:
    """Run the cube SQL on Spark: the interface of :class:`dashboard.building.engines.duckdb.DuckDBEngine`.

    Parameters
    ----------
    work_dir
        Scratch folder in the build's staging folder (unused: Spark spills to its own
        ``spark.local.dir``, which ``--spark-conf`` can set).
    master
        Spark master URL (default: :attr:`SparkEngine.master`, ``local[*]`` unless configured).
    conf
        Extra Spark settings, passed through (``--spark-conf k=v``).
    """

    name = "spark"
    master: str = DEFAULT_MASTER
    conf: dict[str, str] = {}

    def __init__(self, *, work_dir: Path, master: str | None = None, conf: Mapping[str, str] | None = None):
        work_dir.mkdir(parents=True, exist_ok=True)
        master = master or type(self).master
        extra = dict(type(self).conf if conf is None else conf)
        self.spark, self._owns_session = spark_session(master=master, conf=extra)
        self._cached: list[DataFrame] = []
        self._views: list[str] = []
        self._postings: list[DataFrame] = []
        self._counts: list[DataFrame] = []
        self._malformed: list[DataFrame] = []
        self._frozen = False
        self._text: dict[int, dict] = {}
        self._publish_inputs()

    # -- reading --------------------------------------------------------------------------

    def load_postings(self, files: list[Path], columns: ColumnMap, *, on_file: Callable[[Path], None] | None = None) -> None:
        from pyspark.sql import functions as F

        roles = {r: getattr(columns, r) for r in ingest.POSTINGS_REQUIRED + ingest.POSTINGS_OPTIONAL}
        self._scan_text(list(enumerate(files)))
        for index, path in enumerate(files):
            frame, skills_shape = self._records(path, index, roles, ingest.POSTINGS_REQUIRED)
            present = {c[2:] for c in frame.columns if c.startswith("c_")}
            if "skills" not in present:
                skills = F.array().cast("array<string>")
            elif skills_shape == "ready":
                skills = F.col("c_skills")
            else:
                skills = _skill_list(F.col("c_skills"), skills_shape)
            values = [_clean(_column(r, present)).alias(r) for r in ("id", "occupation", "country", "date", "region")]
            details = []
            for role in ingest.POSTING_DETAILS:  # as duckdb_reader._detail: trimmed, the file-wide default when empty
                value = _clean(_column(role, present))
                default = ingest.detail_default(role, columns)
                details.append((F.coalesce(value, F.lit(default)) if default is not None else value).alias(role))
            self._postings.append(frame.select(
                *values, skills.alias("skills"), F.lit(str(path)).alias("_file"),
                F.lit(index).cast("int").alias("_file_index"), F.col("_line").cast("long"), *details,
            ))
            if on_file:
                on_file(path)
        self._publish_inputs()

    def load_counts(self, files: list[Path], columns: ColumnMap, *, first_index: int, default_period: str | None,
                    on_file: Callable[[Path], None] | None = None) -> None:
        from pyspark.sql import functions as F

        roles = {r: getattr(columns, r) for r in ("occupation", "country", "count", "period")}
        self._scan_text([(first_index + offset, path) for offset, path in enumerate(files)])
        for offset, path in enumerate(files):
            index = first_index + offset
            frame, _ = self._records(path, index, roles, ingest.COUNTS_REQUIRED)
            present = {c[2:] for c in frame.columns if c.startswith("c_")}
            period = _clean(F.col("c_period")) if "period" in present else F.lit(default_period or ingest.UNDATED)
            self._counts.append(frame.select(
                _clean(_column("occupation", present)).alias("occupation"),
                _clean(_column("country", present)).alias("country"),
                period.alias("period"), _clean(_column("count", present)).alias("count"),
                F.lit(str(path)).alias("_file"), F.lit(index).cast("int").alias("_file_index"),
                F.col("_line").cast("long"),
            ))
            if on_file:
                on_file(path)
        self._publish_inputs()

    def _records(self, path: Path, index: int, roles: dict[str, str], required) -> tuple["DataFrame", str]:
        """One input as rows of ``c_<role>`` columns + ``_line`` (bad records to ``malformed``).

        Returns the frame and the shape of its skills column: "text" ("|"-separated),
        "list" (a list column) or "ready" (already a clean token list).
        """
        kind = ingest.input_format(Path(source_of(path)))
        uri = input_uri(source_of(path))
        if kind == "csv":
            return self._csv_records(path, index, roles, required), "text"
        if kind == "parquet":
            return self._parquet_records(path, uri, roles, required)
        return self._jsonl_records(path, index, roles, required), "ready"

    def _scan_text(self, files: list[tuple[int, Path]]) -> None:
        """Read every CSV / JSON Lines input of one load in one Spark job, one row per physical line.

        A line's number is the count of lines in the file splits before its own plus its
        position in its split (``monotonically_increasing_id`` is consecutive within a
        split), so no single task has to see a whole file. The same pass collects, per file,
        its first line, whether any line has an odd number of quotes (a quoted field spans
        lines) and the keys of its JSON objects.
        """
        text = [(i, p) for i, p in files if ingest.input_format(Path(source_of(p))) in ("csv", "jsonl")]
        if not text:
            return
        scans = {index: self._read_lines(index, path) for index, path in text}
        blocks = _split_summaries(scans, [path for _, path in text])
        for index, _ in text:
            mine = sorted((b for b in blocks if b["_file_index"] == index), key=lambda b: b["_block"])
            self._text[index] = _what_the_scan_learnt(scans[index], mine)

    def _read_lines(self, index: int, path: Path) -> "DataFrame":
        """One text input's lines (``value``) with its index, its format, the file split each
        line is in (``_block``) and an id consecutive within the split (``_id``)."""
        from pyspark.sql import functions as F

        kind = ingest.input_format(Path(source_of(path)))
        try:
            frame = self.spark.read.text(input_uri(source_of(path)))
        except Exception as error:  # Spark raises Py4J/analysis errors for unreadable inputs
            raise PostingsError(f"{path}: cannot read as {_WHAT[kind]}: {_first_line(error)}") from None
        # Cached per file: the ids are fixed once read, and each file's later plans touch
        # only its own partitions.
        return self._cache(frame.select(
            F.col("value"), F.lit(index).alias("_file_index"), F.lit(kind).alias("_kind"),
            F.col("_metadata.file_block_start").alias("_block"), F.monotonically_increasing_id().alias("_id")))

    def _lines(self, index: int) -> tuple["DataFrame", dict]:
        """One text input as (value, _line), and what the scan learnt about it."""
        return self._text[index]["lines"], self._text[index]

    def _malformed_rows(self, frame: "DataFrame", path: Path, index: int) -> None:
        from pyspark.sql import functions as F

        self._malformed.append(frame.select(
            F.lit(str(path)).alias("_file"), F.lit(index).cast("int").alias("_file_index"),
            F.col("_line").cast("long"), F.lit(ingest.MALFORMED).alias("reason"),
            F.substring("value", 1, ingest.RECORD_CHARS).alias("record"),
        ))

    def _csv_records(self, path: Path, index: int, roles: dict[str, str], required) -> "DataFrame":
        from pyspark.sql import Window
        from pyspark.sql import functions as F

        odd_quotes = (F.length("value") - F.length(F.regexp_replace("value", '"', ""))) % 2 == 1
        lines, summary = self._lines(index)
        if summary["first"] is None or not summary["first"].strip():
            raise PostingsError(f"{path}: cannot read as CSV: the file is empty (no header line)")
        header = next(csv.reader(io.StringIO(summary["first"].lstrip("\ufeff")), delimiter=delimiter_of(path)))
        ingest._check_columns(path, header, roles, required)  # the same message as the DuckDB reader (ingest._check_columns)
        data = lines.where(F.col("_line") > 1)
        if summary["odd"]:
            # A quoted field spans lines: a line continues a record while an odd number of
            # quotes came before it. Needs the file in order, so one task: only for such files.
            _quiet("org.apache.spark.sql.execution.window.WindowExec", self.spark)
            ordered = Window.orderBy("_line").rowsBetween(Window.unboundedPreceding, -1)
            data = data.withColumn("_open", F.coalesce(F.sum(odd_quotes.cast("int")).over(ordered), F.lit(0)) % 2 == 1)
            upto = Window.orderBy("_line").rowsBetween(Window.unboundedPreceding, 0)
            data = data.withColumn("_start", F.max(F.when(~F.col("_open"), F.col("_line"))).over(upto))
            data = data.groupBy("_start").agg(F.array_sort(F.collect_list(F.struct("_line", "value"))).alias("_parts"))
            data = data.select(F.array_join(F.transform("_parts", lambda p: p["value"]), "\n").alias("value"),
                               F.col("_start").alias("_line"))
        # DuckDB skips empty lines between records: they are not rows.
        data = data.where(F.col("value") != "")
        schema = ", ".join(f"`c{i}` STRING" for i in range(len(header))) + f", `{_CORRUPT}` STRING"
        options = {"sep": delimiter_of(path), "quote": '"', "escape": '"', "mode": "PERMISSIVE",
                   "columnNameOfCorruptRecord": _CORRUPT}
        parsed = data.select("value", "_line", F.from_csv("value", schema, options).alias("r"))
        bad = (F.col(f"r.{_CORRUPT}").isNotNull() | ~F.is_valid_utf8("value")
               | (F.octet_length("value") > MAX_RECORD_BYTES))
        parsed = parsed.withColumn("_bad", bad)
        self._malformed_rows(parsed.where("_bad"), path, index)
        picked = [F.col(f"r.c{header.index(roles[r])}").alias(f"c_{r}") for r in roles if roles[r] in header]
        return parsed.where(~F.col("_bad")).select(*picked, "_line")

    def _parquet_records(self, path: Path, uri: str, roles: dict[str, str], required) -> tuple["DataFrame", str]:
        from pyspark.sql import functions as F
        from pyspark.sql.types import ArrayType

        try:
            frame = self.spark.read.parquet(uri)
            types = {f.name: f.dataType for f in frame.schema.fields}
        except Exception as error:
            raise PostingsError(f"{path}: cannot read as Parquet: {_first_line(error)}") from None
        ingest._check_columns(path, list(types), roles, required)
        picked = []
        for role, name in roles.items():
            if name not in types:
                continue
            column = F.col(f"`{name}`")
            if isinstance(types[name], ArrayType):
                picked.append(F.transform(column, lambda x: x.cast("string")).alias(f"c_{role}"))
            else:
                picked.append(column.cast("string").alias(f"c_{role}"))
        skills = roles.get("skills")
        shape = "list" if skills in types and isinstance(types[skills], ArrayType) else "text"
        line = (F.col("_metadata.row_index") + 1).alias("_line")
        return frame.select(*picked, line), shape

    def _jsonl_records(self, path: Path, index: int, roles: dict[str, str], required) -> "DataFrame":
        from pyspark.sql import functions as F

        valid = F.json_object_keys("value").isNotNull() & F.is_valid_utf8("value")
        lines, summary = self._lines(index)
        lines = lines.where(_json_line()).withColumn("_valid", valid)
        self._malformed_rows(lines.where(~F.col("_valid")), path, index)
        objects = lines.where("_valid")
        found = summary["keys"]
        ingest._check_columns(path, found, roles, required)

        def field(role: str) -> "Column":
            name = roles[role]
            value = F.get_json_object("value", "$['" + name.replace("'", "\\'") + "']")
            if role != "skills":
                return value

            def typed(spark_type: str) -> "Column":
                return F.from_json("value", f"`{name.replace('`', '``')}` {spark_type}")[name]

            # As DuckDB: a list of strings, or one "|"-separated string; a number, boolean,
            # object or null gives no skills.
            return (F.when(typed("ARRAY<STRING>").isNotNull(), _skill_list(typed("ARRAY<STRING>"), "list"))
                    .when(value.isNull() | typed("DOUBLE").isNotNull() | typed("BOOLEAN").isNotNull()
                          | typed("MAP<STRING, STRING>").isNotNull(), F.lit(None).cast("array<string>"))
                    .otherwise(_skill_list(value, "text")))

        return objects.select(*[field(r).alias(f"c_{r}") for r in roles if roles[r] in found], "_line")

    def _publish_inputs(self) -> None:
        """(Re)register raw_postings, raw_counts and malformed over every file loaded so far."""
        for name, frames, schema in (
            ("raw_postings", self._postings, "id string, occupation string, country string, date string, "
             "region string, skills array<string>, _file string, _file_index int, _line bigint, "
             + ", ".join(f"{role} string" for role in ingest.POSTING_DETAILS)),
            ("raw_counts", self._counts, "occupation string, country string, period string, count string, "
             "_file string, _file_index int, _line bigint"),
            ("malformed", self._malformed, "_file string, _file_index int, _line bigint, reason string, record string"),
        ):
            frame = self.spark.createDataFrame([], schema)
            for part in frames:
                frame = frame.unionByName(part)
            self._view(name, frame)

    # -- the cube SQL -----------------------------------------------------------------------

    def _freeze_inputs(self) -> None:
        """Cut the read plans off the input relations once every file is loaded.

        Otherwise every later query re-plans the readers of every file (seconds each);
        a local checkpoint keeps the rows (once computed) and a plan of one node.
        """
        if self._frozen:
            return
        for name in ("raw_postings", "raw_counts", "malformed"):
            self._view(name, self.spark.table(name).localCheckpoint(eager=False))
        self._frozen = True

    def distinct(self, sql: str) -> list[str]:
        self._freeze_inputs()
        return [r[0] for r in self.spark.sql(to_spark_sql(sql)).collect() if r[0] is not None]

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Make a small pandas frame (a mapping table) a view, with the column types DuckDB gives it.

        The schema is explicit, so an empty frame works, and an int32 column stays INT as in DuckDB.
        """
        schema = ", ".join(f"`{c}` {_spark_type(frame[c].dtype)}" for c in frame.columns)
        rows = [tuple(_python_value(v) for v in row) for row in frame.itertuples(index=False, name=None)]
        self._view(name, self._cache(self.spark.createDataFrame(rows, schema)))

    def register_parquet(self, name: str, folder: Path) -> None:
        """Make the Parquet files of ``folder`` a view named ``name`` (read by the executors)."""
        self._view(name, self.spark.read.parquet(input_uri(folder)))

    def run(self, *, on_statement: Callable[[str], None] | None = None) -> None:
        self._freeze_inputs()
        for name, sql in cube_definition.STATEMENTS:
            frame = self.spark.sql(to_spark_sql(sql))
            if name not in cube_definition.VIEWS:
                # Computed once on first use, and later statements plan against one node.
                frame = frame.localCheckpoint(eager=False)
            self._view(name, frame)
            if on_statement:
                on_statement(name)

    def fetch(self, sql: str) -> pd.DataFrame:
        return self.spark.sql(to_spark_sql(sql)).toPandas()

    def write(self, out_dir: Path) -> dict[str, int]:
        """Write the cube's fact tables (one Parquet file each) and ``rejects.csv``; returns rows per table."""
        rows = {}
        for table, sql in cube_definition.OUTPUTS.items():
            rows[table] = _write_parquet(self.spark.sql(to_spark_sql(sql)), out_dir / f"{table}.parquet",
                                         row_group_rows=cube_definition.ROW_GROUP_ROWS_OF.get(table, ROW_GROUP_ROWS))
        _write_parquet(self.spark.sql(to_spark_sql(cube_definition.POSTING_IDS_OUTPUT)),
                       out_dir / f"{cube_definition.POSTING_IDS}.parquet")
        with open(out_dir / "rejects.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["file", "line", "reason", "record"])
            for row in self.spark.sql(to_spark_sql(cube_definition.REJECTS)).toLocalIterator():
                writer.writerow(row)
        return rows

    def close(self) -> None:
        for name in self._views:
            self.spark.catalog.dropTempView(name)
        for frame in self._cached:
            frame.unpersist()
        self._views, self._cached = [], []
        if self._owns_session:
            self.spark.stop()

    # -- helpers ----------------------------------------------------------------------------

    def _cache(self, frame: "DataFrame") -> "DataFrame":
        self._cached.append(frame.persist())
        return frame

    def _view(self, name: str, frame: "DataFrame") -> None:
        frame.createOrReplaceTempView(name)
        if name not in self._views:
            self._views.append(name)


def _split_summaries(scans: dict[int, "DataFrame"], paths: list[Path]) -> list:
    """One Spark job over every text input: per file and split, its first id, its number of
    lines and its first line, whether a CSV line has an odd number of quotes, the JSON keys."""
    from pyspark.sql import functions as F

    every = None
    for scan in scans.values():
        every = scan if every is None else every.unionByName(scan)
    is_csv, is_json = F.col("_kind") == "csv", F.col("_kind") == "jsonl"
    odd_quotes = (F.length("value") - F.length(F.regexp_replace("value", '"', ""))) % 2 == 1
    json_keys = F.when(is_json & _json_line() & F.is_valid_utf8("value"), F.json_object_keys("value"))
    try:
        return every.groupBy("_file_index", "_block").agg(
            F.min("_id").alias("_first"), F.count("*").alias("_n"), F.min_by("value", "_id").alias("_head"),
            F.max(F.when(is_csv, odd_quotes.cast("int"))).alias("_odd"),
            F.array_distinct(F.flatten(F.collect_set(json_keys))).alias("_keys"),
        ).collect()
    except Exception as error:
        names = ", ".join(str(p) for p in paths)
        raise PostingsError(f"cannot read {names}: {_first_line(error)}") from None


def _what_the_scan_learnt(scan: "DataFrame", blocks: list) -> dict:
    """One file's lines numbered (``_line``) from its splits' ``blocks`` in file order, its first
    line, whether a quoted field may span lines, and the keys of its JSON objects."""
    from pyspark.sql import functions as F

    shift, before = [], 0  # per split: line = id - (first id of the split - lines before it) + 1
    for block in blocks:
        shift += [F.lit(block["_block"]), F.lit(block["_first"] - before)]
        before += block["_n"]
    line = (F.col("_id") - F.element_at(F.create_map(*shift), F.col("_block")) + 1) if blocks else F.col("_id")
    return {"lines": scan.select("value", line.alias("_line")),
            "first": blocks[0]["_head"] if blocks else None,
            "odd": any(b["_odd"] for b in blocks),
            "keys": sorted({k for b in blocks for k in (b["_keys"] or ())})}


def _json_line() -> "Column":
    """A JSON Lines line that is not blank (DuckDB's reader skips blank lines: they are not rows)."""
    from pyspark.sql import functions as F

    return F.col("value").isNotNull() & (F.trim("value") != "")


def _quiet(logger: str, spark: "SparkSession") -> None:
    """Raise one driver logger to ERROR (a known, expected warning); best effort."""
    try:
        jvm = spark.sparkContext._jvm
        jvm.org.apache.logging.log4j.core.config.Configurator.setLevel(logger, jvm.org.apache.logging.log4j.Level.ERROR)
    except Exception:  # logging only: never fail a build over it
        pass


def _first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0][:300] if text else type(error).__name__


def _column(role: str, available: set[str]) -> "Column":
    from pyspark.sql import functions as F

    return F.col(f"c_{role}") if role in available else F.lit(None).cast("string")


def _clean(column: "Column") -> "Column":
    """Trimmed text, with empty cells as NULL (as ``duckdb_reader._clean``)."""
    from pyspark.sql import functions as F

    return F.nullif(F.trim(column.cast("string")), F.lit(""))


def _skill_list(column: "Column", shape: str) -> "Column":
    """A skills cell as a list of distinct trimmed tokens (as ``duckdb_reader._skill_list``)."""
    from pyspark.sql import functions as F

    tokens = F.split(column.cast("string"), "[|]") if shape == "text" else column.cast("array<string>")
    return F.array_distinct(F.filter(F.transform(tokens, lambda s: F.trim(s)), lambda s: s != ""))


def _spark_type(dtype) -> str:
    """The Spark SQL type DuckDB would give a pandas column of this dtype."""
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return {1: "tinyint", 2: "smallint", 4: "int"}.get(pd.api.types.pandas_dtype(dtype).itemsize, "bigint")
    if pd.api.types.is_float_dtype(dtype):
        return "double"
    return "string"


def _python_value(value):
    """A plain Python value (Spark's schema check rejects numpy scalars); NaN/NA as None."""
    if value is None or (not isinstance(value, (str, bytes, list, tuple)) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


_ARROW_TYPES = {"string": pa.string(), "bigint": pa.int64(), "int": pa.int32(), "smallint": pa.int16(),
                "tinyint": pa.int8(), "double": pa.float64(), "boolean": pa.bool_()}


def _write_parquet(frame: "DataFrame", target: Path, *, row_group_rows: int = ROW_GROUP_ROWS) -> int:
    """Stream a sorted frame to one Parquet file on the driver, a partition at a time; returns its rows."""
    fields = [(f.name, f.dataType.simpleString()) for f in frame.schema.fields]
    schema = pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in fields])
    total, chunk = 0, []
    with pq.ParquetWriter(target, schema) as writer:
        def flush() -> None:
            columns = list(zip(*chunk)) if chunk else [[] for _ in fields]
            writer.write_table(pa.Table.from_arrays([pa.array(c, type=t) for c, t in zip(columns, schema.types)],
                                                    schema=schema), row_group_size=row_group_rows)
        for row in frame.toLocalIterator():
            chunk.append(tuple(row))
            if len(chunk) == row_group_rows:
                flush()
                total += len(chunk)
                chunk = []
        if chunk or total == 0:
            flush()
            total += len(chunk)
    return total
