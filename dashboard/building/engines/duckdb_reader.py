"""The DuckDB engine's reader: postings and counts files into ``raw_postings`` / ``raw_counts``.

Files are read by DuckDB (``read_csv`` / ``read_parquet`` / JSON Lines as text), never loaded
whole into pandas: inputs of tens of millions of rows stream. Every input row ends up in
``raw_postings`` / ``raw_counts`` (standard columns plus ``_file``, ``_file_index``, ``_line``)
or, when it cannot be parsed at all (a ragged CSV row, a line that is not JSON), in
``malformed`` with its line number.

``raw_postings`` is a view: a UNION ALL of one relation per input file. A Parquet file is
read where it is, through a view (issue 6: copying 10 million postings with their skill
lists into a table cost more than the whole aggregation); a CSV or JSON Lines file is
parsed once into a table, because its line numbers come from the order of the parse.

What an input holds and how its values are resolved is engine-neutral: :mod:`dashboard.building.ingest`.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator

import duckdb

from dashboard.building.ingest import (COUNTS_REQUIRED, CSV_SKILL_SEPARATOR, MALFORMED, POSTING_DETAILS,
                                       POSTINGS_OPTIONAL, POSTINGS_REQUIRED, RECORD_CHARS, UNDATED, ColumnMap,
                                       _check_columns, blank_line_ordinals, csv_header, detail_default,
                                       input_format)
from dashboard.building.input_files import delimiter_of, source_of
from dashboard.errors import PostingsError


def _q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'



def _lit(text: str) -> str:
    """A quoted SQL string literal."""
    return "'" + str(text).replace("'", "''") + "'"



def _csv_options(delimiter: str) -> str:
    return f"header=true, auto_detect=false, delim={_lit(delimiter)}, quote='\"', escape='\"'"



def _read_error(path: Path, what: str, error: Exception) -> PostingsError:
    """A one-line error for a file the engine cannot read (DuckDB's messages span many lines)."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return PostingsError(f"{path}: cannot read as {what}: {first}")



def _clean(expr: str) -> str:
    """Trimmed text, with empty cells as NULL."""
    return f"NULLIF(trim(CAST({expr} AS VARCHAR)), '')"



def _skill_list(expr: str, kind: str) -> str:
    """A skills cell as a list of tokens ("|"-separated text split; a list kept); [] when empty.

    Tokens stay as written: trimming, empty tokens and repeats are dealt with after UNNEST
    in the cube SQL and by the resolver, because per-row list lambdas cost more than the
    rest of the read together (8 s of CPU per million postings).
    """
    tokens = f"string_split(CAST({expr} AS VARCHAR), '{CSV_SKILL_SEPARATOR}')" if kind == "text" else f"CAST({expr} AS VARCHAR[])"
    return f"coalesce({tokens}, CAST([] AS VARCHAR[]))"



@contextmanager

def insertion_order(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Keep rows in file order inside the block (line numbers come from ``row_number() OVER ()``).

    The engine runs with ``preserve_insertion_order=false`` otherwise: nothing else needs
    the order, and keeping it makes DuckDB buffer and serialise work.
    """
    before = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        con.execute(f"SET preserve_insertion_order = {'true' if before else 'false'}")



def _csv_records(con: duckdb.DuckDBPyConnection, path: Path, index: int, roles: dict[str, str],
                 required: Iterable[str]) -> str:
    """Load one CSV into ``_scan_<index>`` with true line numbers; return its name.

    DuckDB's reader numbers records, not lines, and has no line column: a record's line is
    its ordinal (ragged records and skipped blank lines included) plus every newline inside
    quoted fields of the records before it.
    """
    found = csv_header(path)
    _check_columns(path, found, roles, required)
    scan = _parse_csv(con, path, index, roles, found)
    _rows_without_a_record(con, path, index)
    n_bad, nl_good = con.execute(f"SELECT (SELECT count(*) FROM _bad_{index}), (SELECT coalesce(sum(_nl), 0) FROM {scan})").fetchone()
    if n_bad == 0 and nl_good == 0:
        # The common case: one record per line, line = record ordinal (header is line 1).
        con.execute(f"ALTER TABLE {scan} ADD COLUMN _line BIGINT")
        con.execute(f"UPDATE {scan} SET _line = _rn + 1")
    else:
        _number_lines(con, scan, index)
        _insert_malformed(con, path, scan, index)
    return scan


def _parse_csv(con: duckdb.DuckDBPyConnection, path: Path, index: int, roles: dict[str, str],
               found: list[str]) -> str:
    """Parse the CSV into ``_scan_<index>``: the role columns (``c_<role>``), each record's
    ordinal ``_rn`` and the newlines inside its quoted fields ``_nl``; rejected records go to
    ``_csv_rejects_<index>``."""
    types = ", ".join(f"{_lit(name)}: 'VARCHAR'" for name in found)
    source = (f"read_csv({_lit(source_of(path))}, {_csv_options(delimiter_of(path))}, columns={{{types}}}, store_rejects=true, "
              f"rejects_table='_csv_rejects_{index}', rejects_scan='_csv_scans_{index}')")
    newlines = " + ".join(f"coalesce(length({_q(c)}) - length(replace({_q(c)}, chr(10), '')), 0)" for c in found)
    picked = ", ".join(f"{_q(roles[r])} AS {_q('c_' + r)}" for r in roles if roles[r] in found)
    scan = f"_scan_{index}"
    try:
        with insertion_order(con):
            con.execute(f"CREATE TEMP TABLE {scan} AS SELECT {picked}, row_number() OVER () AS _rn, "
                        f"{newlines} AS _nl FROM {source}")
    except duckdb.Error as error:
        raise _read_error(path, "CSV", error) from None
    return scan


def _rows_without_a_record(con: duckdb.DuckDBPyConnection, path: Path, index: int) -> None:
    """``_bad_<index>``: the rejected records and the blank lines, in file order (``_ord``,
    DuckDB's row numbering), each with the newlines it spans; ``k`` counts them."""
    blanks = f"_blank_{index}"
    con.execute(f"CREATE TEMP TABLE {blanks} (_ord BIGINT)")
    ordinals = blank_line_ordinals(source_of(path), delimiter=delimiter_of(path))
    if ordinals:
        con.executemany(f"INSERT INTO {blanks} VALUES (?)", [(o,) for o in ordinals])
    # One rejects row per problem: several for one record (e.g. two missing columns). A
    # rejected record's text starts with the blank lines before it: they are not its lines.
    # Blank lines join the rejected records as rows that take a line but are not rejected.
    record = f"ltrim(min(csv_line), chr(13) || chr(10))"
    con.execute(f"""CREATE TEMP TABLE _bad_{index} AS
        SELECT _ord, record, _nl, blank, row_number() OVER (ORDER BY _ord) AS k FROM (
            SELECT line AS _ord, {record} AS record,
                   length({record}) - length(replace({record}, chr(10), '')) AS _nl, false AS blank
            FROM _csv_rejects_{index} GROUP BY line
            UNION ALL
            SELECT _ord, NULL, 0, true FROM {blanks}
        ) rows_without_a_record""")


def _number_lines(con: duckdb.DuckDBPyConnection, scan: str, index: int) -> None:
    """Give each good record its ``_ord`` (its ordinal among every row of the file) and its
    true ``_line``: its ordinal plus the newlines of every row before it."""
    con.execute(f"""CREATE OR REPLACE TEMP TABLE {scan} AS
        WITH ordinals AS (
            SELECT s.*, s._rn + 1 + (SELECT count(*) FROM _bad_{index} b WHERE b._ord - b.k < s._rn + 1) AS _ord
            FROM {scan} s),
        everything AS (
            SELECT _ord, _nl, _rn FROM ordinals
            UNION ALL SELECT _ord, _nl, NULL AS _rn FROM _bad_{index}),
        lines AS (
            SELECT _ord, _rn, _ord + coalesce(sum(_nl) OVER (ORDER BY _ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS _line
            FROM everything)
        SELECT o.*, l._line FROM ordinals o JOIN lines l ON o._ord = l._ord""")


def _insert_malformed(con: duckdb.DuckDBPyConnection, path: Path, scan: str, index: int) -> None:
    """The rejected records into ``malformed``, each at its true line and with its text."""
    con.execute(f"""INSERT INTO malformed
        SELECT {_lit(path)}, {index}, o._ord + coalesce((SELECT sum(e._nl) FROM (
                SELECT _ord, _nl FROM {scan} UNION ALL SELECT _ord, _nl FROM _bad_{index}) e WHERE e._ord < o._ord), 0),
               '{MALFORMED}', substr(o.record, 1, {RECORD_CHARS})
        FROM _bad_{index} o WHERE NOT o.blank""")


def _parquet_records(con: duckdb.DuckDBPyConnection, path: Path, index: int, roles: dict[str, str],
                     required: Iterable[str]) -> tuple[str, dict[str, str]]:
    source = f"read_parquet({_lit(path)}, file_row_number=true)"
    try:
        described = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_lit(path)})").fetchall()
    except duckdb.Error as error:
        raise _read_error(path, "Parquet", error) from None
    types = {r[0]: r[1] for r in described}
    _check_columns(path, list(types), roles, required)
    picked = ", ".join(f"{_q(roles[r])} AS {_q('c_' + r)}" for r in roles if roles[r] in types)
    view = f"_scan_{index}"
    con.execute(f"CREATE TEMP VIEW {view} AS SELECT {picked}, file_row_number + 1 AS _line FROM {source}")
    return view, types



def _jsonl_records(con: duckdb.DuckDBPyConnection, path: Path, index: int, roles: dict[str, str],
                   required: Iterable[str]) -> str:
    """JSON Lines read as one text column per line, so line numbers are exact and a line
    that is not JSON is rejected with its number rather than skipped."""
    # 0x1f cannot occur raw inside a JSON text (control characters must be escaped).
    source = (f"read_csv({_lit(source_of(path))}, columns={{'j': 'VARCHAR'}}, header=false, delim='\\x1f', quote='', "
              "escape='', auto_detect=false)")
    view = f"_lines_{index}"
    # CASE, not AND: DuckDB evaluates both sides of AND, and json_type() fails on bad JSON.
    is_object = "CASE WHEN json_valid(j) THEN json_type(j) = 'OBJECT' ELSE false END"
    try:
        with insertion_order(con):
            con.execute(f"CREATE TEMP TABLE {view} AS SELECT j, row_number() OVER () AS _line FROM {source}")
    except duckdb.Error as error:
        raise _read_error(path, "JSON Lines", error) from None
    con.execute(f"""INSERT INTO malformed SELECT {_lit(path)}, {index}, _line, '{MALFORMED}', substr(j, 1, {RECORD_CHARS})
                    FROM {view} WHERE trim(j) <> '' AND NOT {is_object}""")
    found = [r[0] for r in con.execute(
        f"SELECT DISTINCT unnest(json_keys(j)) FROM (SELECT j FROM {view} WHERE {is_object} LIMIT 10000)"
    ).fetchall()]
    _check_columns(path, found, roles, required)

    def field(role: str) -> str:
        path_ = '$."' + roles[role].replace('"', '\\"') + '"'
        value = f"json_extract_string(j, {_lit(path_)})"
        if role != "skills":
            return value
        # A list of strings, or one "|"-separated string, as in CSV.
        items = f"json_extract_string(j, {_lit(path_ + '[*]')})"
        return (f"CASE json_type(j, {_lit(path_)}) WHEN 'ARRAY' THEN {_skill_list(items, 'list')} "
                f"WHEN 'VARCHAR' THEN {_skill_list(value, 'text')} ELSE CAST([] AS VARCHAR[]) END")

    # As the Spark reader: a column no object names is absent (a counts file without a period
    # column stays undated, issue 16), not present and NULL.
    picked = ", ".join(f"{field(r)} AS {_q('c_' + r)}" for r in roles if roles[r] in found)
    scan = f"_scan_{index}"
    con.execute(f"CREATE TEMP VIEW {scan} AS SELECT {picked}, _line FROM {view} WHERE {is_object}")
    return scan



def _column(role: str, available: Iterable[str]) -> str:
    return _q("c_" + role) if role in available else "NULL"



_POSTINGS_COLUMNS = ("id VARCHAR, occupation VARCHAR, country VARCHAR, date VARCHAR, region VARCHAR, "
                     "skills VARCHAR[], _file VARCHAR, _file_index INTEGER, _line BIGINT, "
                     + ", ".join(f"{role} VARCHAR" for role in POSTING_DETAILS))



_PART = "_postings_"



def create_input_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Empty ``raw_postings`` (a view), ``raw_counts`` and ``malformed`` (filled by the readers)."""
    con.execute(f"CREATE TEMP TABLE _no_postings ({_POSTINGS_COLUMNS})")
    con.execute("CREATE TEMP VIEW raw_postings AS SELECT * FROM _no_postings")
    con.execute("""CREATE TEMP TABLE raw_counts (occupation VARCHAR, country VARCHAR, period VARCHAR, count VARCHAR,
                   _file VARCHAR, _file_index INTEGER, _line BIGINT)""")
    con.execute("CREATE TEMP TABLE malformed (_file VARCHAR, _file_index INTEGER, _line BIGINT, reason VARCHAR, record VARCHAR)")



def _open_records(con, path: Path, index: int, roles: dict[str, str], required) -> tuple[str, set[str], str, str]:
    """Scan one input; returns (relation, roles present in it, how its skills column is shaped, format).

    The shape is "text" ("|"-separated), "list" (a list column) or "ready" (already a
    clean token list, as the JSON Lines reader makes it).
    """
    if not path.is_file():
        raise PostingsError(f"{path}: no such file")
    kind = input_format(source_of(path))
    if kind == "xlsx":  # dashboard.building.input_files.prepare streams a workbook to JSON Lines first
        raise PostingsError(f"{path}: an Excel workbook must be prepared (dashboard.building.input_files.prepare) before reading")
    skills_shape = "text"
    if kind == "csv":
        scan = _csv_records(con, path, index, roles, required)
    elif kind == "parquet":
        scan, types = _parquet_records(con, path, index, roles, required)
        if types.get(roles.get("skills", ""), "").endswith("[]"):
            skills_shape = "list"
    else:
        scan = _jsonl_records(con, path, index, roles, required)
        skills_shape = "ready"
    columns = [r[0] for r in con.execute(f"DESCRIBE {scan}").fetchall()]
    return scan, {c[2:] for c in columns if c.startswith("c_")}, skills_shape, kind



def _drop_scan(con: duckdb.DuckDBPyConnection, index: int) -> None:
    """Free a text file's parse once its rows are in their table (views before their tables)."""
    for kind, name in (("VIEW", f"_scan_{index}"), ("TABLE", f"_scan_{index}"), ("TABLE", f"_lines_{index}"),
                       ("TABLE", f"_bad_{index}"), ("TABLE", f"_blank_{index}")):
        exists = con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ? AND temporary"
                             if kind == "VIEW" else
                             "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary",
                             [name]).fetchone()[0]
        if exists:
            con.execute(f"DROP {kind} {name}")



def _publish_postings(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)define ``raw_postings`` as the union of every postings file read so far, in file order."""
    parts = con.execute(
        f"SELECT name FROM (SELECT view_name AS name FROM duckdb_views() WHERE temporary "
        f"UNION ALL SELECT table_name FROM duckdb_tables() WHERE temporary) "
        f"WHERE starts_with(name, '{_PART}') ORDER BY CAST(substr(name, {len(_PART) + 1}) AS INTEGER)").fetchall()
    union = " UNION ALL ".join(f"SELECT * FROM {name}" for (name,) in parts) or "SELECT * FROM _no_postings"
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_postings AS {union}")



def _detail(role: str, present: Iterable[str], columns: ColumnMap) -> str:
    value = _clean(_column(role, present))
    default = detail_default(role, columns)
    return f"coalesce({value}, {_lit(default)})" if default is not None else value



def load_postings(con: duckdb.DuckDBPyConnection, files: list[Path], columns: ColumnMap, *, first_index: int = 0,
                  on_file: Callable[[Path], None] | None = None) -> None:
    """Add every postings file to ``raw_postings`` (bad records to ``malformed``).

    A Parquet file stays where it is (``raw_postings`` reads it through a view); a text
    file's parsed rows go into a table of their own.
    """
    roles = {r: getattr(columns, r) for r in POSTINGS_REQUIRED + POSTINGS_OPTIONAL}
    for offset, path in enumerate(files):
        index = first_index + offset
        scan, present, skills_shape, kind = _open_records(con, path, index, roles, POSTINGS_REQUIRED)
        if "skills" not in present:
            skills = "CAST([] AS VARCHAR[])"
        elif skills_shape == "ready":
            skills = _column("skills", present)
        else:
            skills = _skill_list(_column("skills", present), skills_shape)
        values = ", ".join(f"{_clean(_column(r, present))} AS {r}" for r in ("id", "occupation", "country", "date", "region"))
        details = ", ".join(f"{_detail(r, present, columns)} AS {r}" for r in POSTING_DETAILS)
        select = (f"SELECT {values}, {skills} AS skills, {_lit(path)} AS _file, CAST({index} AS INTEGER) AS _file_index, "
                  f"CAST(_line AS BIGINT) AS _line, {details} FROM {scan}")
        if kind == "parquet":
            con.execute(f"CREATE TEMP VIEW {_PART}{index} AS {select}")
        else:
            con.execute(f"CREATE TEMP TABLE {_PART}{index} AS {select}")
            _drop_scan(con, index)
        _publish_postings(con)
        if on_file:
            on_file(path)



def load_counts(con: duckdb.DuckDBPyConnection, files: list[Path], columns: ColumnMap, *, first_index: int = 0,
                default_period: str | None, on_file: Callable[[Path], None] | None = None) -> None:
    """Append every counts file to ``raw_counts``; a file without a period column gets
    ``default_period`` (``build --period``), else :data:`UNDATED`."""
    roles = {r: getattr(columns, r) for r in ("occupation", "country", "count", "period")}
    for offset, path in enumerate(files):
        index = first_index + offset
        scan, present, _, _ = _open_records(con, path, index, roles, COUNTS_REQUIRED)
        period = _clean(_column("period", present)) if "period" in present else _lit(default_period or UNDATED)
        values = ", ".join(_clean(_column(r, present)) for r in ("occupation", "country"))
        con.execute(f"INSERT INTO raw_counts SELECT {values}, {period}, {_clean(_column('count', present))}, "
                    f"{_lit(path)}, {index}, _line FROM {scan}")
        if on_file:
            on_file(path)



def distinct_values(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    return [r[0] for r in con.execute(sql).fetchall() if r[0] is not None]
