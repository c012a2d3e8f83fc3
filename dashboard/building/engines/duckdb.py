"""The embedded engine: DuckDB in-process, spilling to the staging folder when memory runs short."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dashboard.building import cube_definition
from dashboard.building.engines import duckdb_reader
from dashboard.building.ingest import ColumnMap

#: DuckDB's memory ceiling; beyond it, joins and aggregations spill to the temp directory.
#: Below the 4 GB the whole build may use (issue 6): Python, the taxonomy and Arrow
#: buffers outside DuckDB's pool come on top of it.
MEMORY_LIMIT = "2.5GB"
#: Rows per Parquet row group: the dashboard reads skill_demand one occupation at a time.
ROW_GROUP_ROWS = 100_000


class DuckDBEngine:
    """Run the cube SQL on an in-process DuckDB database.

    Parameters
    ----------
    work_dir
        Scratch folder (inside the build's staging folder) for DuckDB's spill files.
    threads
        Worker threads (default: the machine's cores).
    """

    name = "duckdb"
    #: Run DuckDB's own forms of the statements that have one (same cube; False: the portable
    #: SQL only, as Spark runs it — the equivalence tests switch it off).
    native = True

    def __init__(self, *, work_dir: Path, threads: int | None = None, memory_limit: str = MEMORY_LIMIT):
        work_dir.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(config={
            "threads": threads or os.cpu_count() or 1,
            "memory_limit": memory_limit,
            "temp_directory": str(work_dir),
            # Order matters only where line numbers are taken (the text readers switch it
            # on there) and where the cube is written; elsewhere it costs memory and time.
            "preserve_insertion_order": False,
        })
        duckdb_reader.create_input_tables(self.con)
        self._ran_native = False  # set by run(): whether the native forms made the tables

    def load_postings(self, files: list[Path], columns: ColumnMap, *, on_file: Callable[[Path], None] | None = None) -> None:
        duckdb_reader.load_postings(self.con, files, columns, on_file=on_file)

    def load_counts(self, files: list[Path], columns: ColumnMap, *, first_index: int, default_period: str | None,
                    on_file: Callable[[Path], None] | None = None) -> None:
        duckdb_reader.load_counts(self.con, files, columns, first_index=first_index, default_period=default_period,
                           on_file=on_file)

    def distinct(self, sql: str) -> list[str]:
        return duckdb_reader.distinct_values(self.con, sql)

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Make a small pandas frame (a mapping table) a table of the database.

        Text columns (object, or pandas 3's ``str``) are cast to VARCHAR: DuckDB types an
        object column of an empty frame as INTEGER, which would give a taxonomy-only cube
        integer iso3 and month columns.
        """
        self.con.register(f"_{name}_frame", frame)
        columns = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' if _is_text(frame[c]) else f'"{c}"'
                            for c in frame.columns)
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {columns} FROM _{name}_frame")
        self.con.unregister(f"_{name}_frame")

    def register_parquet(self, name: str, folder: Path) -> None:
        """Make the Parquet files of ``folder`` a view named ``name`` (read where they are)."""
        pattern = str(Path(folder) / "*.parquet").replace("'", "''")
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet('{pattern}')")

    def run(self, *, on_statement: Callable[[str], None] | None = None) -> None:
        native = self._native_statements()
        for name, sql in cube_definition.STATEMENTS:
            if native and name in cube_definition.DUCKDB_SKIPPED:
                continue
            sql = native.get(name, sql)
            kind = "VIEW" if name in cube_definition.VIEWS else "TABLE"
            self.con.execute(f"CREATE OR REPLACE TEMP {kind} {name} AS {sql}")
            if on_statement:
                on_statement(name)

    def _native_statements(self) -> dict[str, str]:
        """DuckDB's forms of some statements (:data:`cube_definition.DUCKDB_STATEMENTS`), set up; {} when not used."""
        self._ran_native = False
        if not self.native or not self.con.execute("SELECT count(*) FROM skill_map").fetchall()[0][0]:
            return {}
        if not self.con.execute(cube_definition.DUCKDB_KEY_FITS).fetchall()[0][0]:
            return {}  # ids beyond the packed key's bits: the portable form counts them
        for sql in cube_definition.DUCKDB_PREPARE:
            self.con.execute(sql)
        self._ran_native = True
        return cube_definition.DUCKDB_STATEMENTS

    def fetch(self, sql: str) -> pd.DataFrame:
        return self.con.execute(sql).fetch_df()

    def write(self, out_dir: Path) -> dict[str, int]:
        """Write the cube's fact tables and ``rejects.csv``; returns rows per table."""
        rows = {}
        # The files are written in ORDER BY order (the dashboard reads them by occupation).
        self.con.execute("SET preserve_insertion_order = true")
        native = self.native and self._ran_native
        for table, sql in cube_definition.OUTPUTS.items():
            if native and table == "skill_demand":
                rows[table] = self._write_skill_demand(out_dir / f"{table}.parquet")
                continue
            if native and table == "postings":
                rows[table] = self._write_postings(out_dir / f"{table}.parquet")
                continue
            target = str(out_dir / f"{table}.parquet").replace("'", "''")
            # Small row groups: the dashboard reads skill_demand one occupation at a time.
            group = cube_definition.ROW_GROUP_ROWS_OF.get(table, ROW_GROUP_ROWS)
            self.con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE {group})")
            rows[table] = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        target = str(out_dir / f"{cube_definition.POSTING_IDS}.parquet").replace("'", "''")
        self.con.execute(f"COPY ({cube_definition.POSTING_IDS_OUTPUT}) TO '{target}' (FORMAT parquet)")
        target = str(out_dir / "rejects.csv").replace("'", "''")
        self.con.execute(f"COPY ({cube_definition.REJECTS}) TO '{target}' (FORMAT csv, HEADER true)")
        return rows

    def _write_skill_demand(self, target: Path) -> int:
        """Write skill_demand sorted on its ids, the texts looked up by id while streaming (issue 6).

        Same file content as ``OUTPUTS["skill_demand"]`` (columns, types, row order) without
        sorting the URIs: see :data:`cube_definition.DUCKDB_SKILL_DEMAND_IDS`.
        """
        texts = self._texts_by_id(cube_definition.DUCKDB_TEXTS)
        # Every column is required (NOT NULL), as DuckDB 2's COPY marks the portable form's
        # columns: it writes a column it can prove never null as a required Parquet field.
        schema = pa.schema([pa.field(column, pa.string(), nullable=False) for column in texts]
                           + [pa.field("postings", pa.int64(), nullable=False)])

        def columns(batch: pa.RecordBatch) -> list[pa.Array]:
            return [*(pc.take(values, batch.column(key_id)) for key_id, values in texts.values()),
                    batch.column("postings").cast(pa.int64())]

        return self._stream(cube_definition.DUCKDB_SKILL_DEMAND_IDS, target, schema, columns, ROW_GROUP_ROWS)

    def _write_postings(self, target: Path) -> int:
        """Write postings sorted on integer ids, the key texts and skill URIs made while streaming.

        Same file content as ``OUTPUTS["postings"]`` (columns, types, nullability, row order):
        see :data:`cube_definition.DUCKDB_POSTINGS_IDS`. DuckDB's COPY writes a column as a
        required Parquet field when it holds no NULL; so does this.
        """
        texts = self._texts_by_id(cube_definition.DUCKDB_POSTINGS_TEXTS)
        skill_uris = self._texts_by_id({"skills": ("skill_id", "skill_keys", "skill_uri")})["skills"][1]
        details = {"id": pa.string(), "date": pa.string(), "title": pa.string(), "employer": pa.string(),
                   "location": pa.string(), "url": pa.string(), "salary_min": pa.float64(),
                   "salary_max": pa.float64(), "currency": pa.string(), "salary_period": pa.string()}
        has_null = self.con.execute(
            "SELECT " + ", ".join(f'count(*) > count("{c}")' for c in details) + " FROM postings").fetchall()[0]
        schema = pa.schema([pa.field(column, pa.string(), nullable=False) for column in texts]
                           + [pa.field(c, t, nullable=bool(n)) for (c, t), n in zip(details.items(), has_null)]
                           + [pa.field("skills", pa.string(), nullable=False)])

        def columns(batch: pa.RecordBatch) -> list[pa.Array]:
            ids = batch.column("skill_ids")
            uris = pa.ListArray.from_arrays(ids.offsets, pc.take(skill_uris, ids.values), mask=ids.is_null())
            return [*(pc.take(values, batch.column(key_id)) for key_id, values in texts.values()),
                    *(batch.column(c).cast(t) for c, t in details.items()),
                    pc.fill_null(pc.binary_join(uris, "|"), "")]

        group = cube_definition.ROW_GROUP_ROWS_OF["postings"]
        # Dictionaries only where values repeat, statistics only on the columns a page of jobs
        # is found by: the skill lists are most of the bytes (5.6 GB of text at 10M postings), and
        # a dictionary or min/max of them is work no reader uses (1M postings: 1.14 -> 0.73 s).
        return self._stream(cube_definition.DUCKDB_POSTINGS_IDS, target, schema, columns, group,
                            use_dictionary=["occupation_uri", "iso3", "month", "date", "currency", "salary_period"],
                            write_statistics=["occupation_uri", "iso3", "month", "id"])

    def _texts_by_id(self, spec: dict[str, tuple[str, str, str]]) -> dict[str, tuple[str, pa.Array]]:
        """Output column -> (its id column, the key table's texts indexed by id)."""
        texts = {}
        for column, (key_id, keys, text) in spec.items():
            pairs = self.con.execute(f"SELECT {key_id}, {text} FROM {keys}").fetchall()
            by_id = [None] * (max((i for i, _ in pairs), default=-1) + 1)
            for i, value in pairs:
                if i >= 0:  # month id -1 is "undated" (issue 16): no skill demand row carries it
                    by_id[i] = value
            texts[column] = (key_id, pa.array(by_id, type=pa.string()))
        return texts

    def _stream(self, sql: str, target: Path, schema: pa.Schema,
                columns: Callable[[pa.RecordBatch], list[pa.Array]], group: int, **options) -> int:
        """Write ``sql``'s rows, each batch turned into ``schema``'s ``columns``, in row groups of ``group`` rows.

        ``options`` go to :class:`pyarrow.parquet.ParquetWriter` (dictionaries, statistics).
        """
        total = 0
        reader = self.con.sql(sql).to_arrow_reader(group)
        # No Arrow schema in the file's metadata: read back, it is the file DuckDB's COPY writes.
        pending: list[pa.Table] = []  # DuckDB's batches need not be ``group`` long: regroup
        with pq.ParquetWriter(target, schema, compression="snappy", store_schema=False, **options) as writer:
            def flush(*, final: bool) -> None:
                table = pa.concat_tables(pending) if pending else schema.empty_table()
                full = table.num_rows if final else table.num_rows - table.num_rows % group
                if full or (final and total == 0):
                    writer.write_table(table.slice(0, full), row_group_size=group)
                pending[:] = [table.slice(full)] if full < table.num_rows else []

            for batch in reader:
                pending.append(pa.Table.from_arrays(columns(batch), schema=schema))
                total += batch.num_rows
                if sum(t.num_rows for t in pending) >= group:
                    flush(final=False)
            flush(final=True)
        return total

    def close(self) -> None:
        self.con.close()




def _is_text(column: pd.Series) -> bool:
    """An object column or a pandas string column (pandas 3 reads text as ``str``)."""
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype)
