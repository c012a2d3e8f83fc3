"""Ingest: value parsing, the three input formats, column mapping, line numbers, bad files."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.building import ingest
from dashboard.building.engines import duckdb_reader
from dashboard.errors import PostingsError
from dashboard.building.ingest import ColumnMap
from helpers import POSTINGS_FIXTURES as FIXTURES


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-03-14", ("2025-03", "ok")),
        ("2025-03", ("2025-03", "ok")),
        (" 2025-03 ", ("2025-03", "ok")),
        ("2025-03-14T10:00:00Z", ("2025-03", "ok")),
        ("2025-03-14 10:00:00", ("2025-03", "ok")),
        ("1990-01-01", ("1990-01", "ok")),
        ("2025-13", (None, "bad date")),
        ("2025-02-30", (None, "bad date")),
        ("14/03/2025", (None, "bad date")),
        ("2025", (None, "bad date")),
        ("", (None, "bad date")),
        (None, (None, "bad date")),
        ("1989-12-31", (None, "date out of range")),
        ("2025-07-01", (None, "date out of range")),  # after `latest`
    ],
)
def test_parse_month(text, expected):
    assert ingest.parse_month(text, latest="2025-06") == expected


@pytest.mark.parametrize(
    "text, expected",
    [("12", 12), ("0", 0), (" 7 ", 7), ("3.0", 3), ("+4", 4), ("-1", None), ("2.5", None), ("", None),
     (None, None), ("1,200", None), ("ten", None)],
)
def test_parse_count(text, expected):
    assert ingest.parse_count(text) == expected


@pytest.mark.parametrize(
    "name, kind",
    [("a.csv", "csv"), ("a.CSV.gz", "csv"), ("a.parquet", "parquet"), ("a.jsonl", "jsonl"),
     ("a.ndjson", "jsonl"), ("a.jsonl.gz", "jsonl")],
)
def test_input_format(name, kind):
    assert ingest.input_format(Path(name)) == kind


@pytest.mark.parametrize("name", ["a.xls", "a.txt", "a.parquet.gz"])
def test_input_format_unknown_names_the_file(name):
    with pytest.raises(PostingsError, match=name.replace(".", r"\.")):
        ingest.input_format(Path(name))


def _load(files: list[Path], columns: ColumnMap = ColumnMap()) -> tuple[pd.DataFrame, pd.DataFrame]:
    con = duckdb.connect()
    duckdb_reader.create_input_tables(con)
    duckdb_reader.load_postings(con, files, columns)
    raw = con.execute("SELECT * FROM raw_postings ORDER BY _file_index, _line").fetch_df()
    bad = con.execute("SELECT * FROM malformed ORDER BY _file_index, _line").fetch_df()
    return raw, bad


def test_csv_line_numbers_count_quoted_newlines_and_ragged_rows():
    raw, bad = _load([FIXTURES / "multiline_ragged.csv"])
    # p2's quoted field spans lines 3-4, so p3 (ragged) is line 5 and p4 line 6.
    assert list(zip(raw["id"], raw["_line"])) == [("p1", 2), ("p2", 3), ("p4", 6), ("p5", 7)]
    assert list(bad["_line"]) == [5]
    assert bad["reason"].tolist() == [ingest.MALFORMED]
    assert bad["record"].iloc[0].startswith("p3,electrician,DE")
    p2 = raw.set_index("id").loc["p2", "skills"]
    assert sorted(p2) == ["electrical wiring diagrams", "install electrical\nwiring"]


def test_csv_line_numbers_after_several_multiline_and_ragged_rows(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text('id,occupation\n1,"a\nb"\n2,c,d\n3,"x\ny\nz",w\n4,e\n5,"f\n\ng"\n6,h\n', encoding="utf-8")
    raw, bad = _load_loose(path)
    assert list(zip(raw["id"], raw["_line"])) == [("1", 2), ("4", 8), ("5", 9), ("6", 12)]
    assert list(bad["_line"]) == [4, 5]


@pytest.mark.parametrize("text, good, bad", [
    # DuckDB skips a blank line but its record numbers do not count it: every later line
    # number was one short (the Spark reader reports the physical line).
    ('id,occupation\n1,a\n\n2,b\n3,c\n', [("1", 2), ("2", 4), ("3", 5)], []),
    ('id,occupation\n\n1,a\n2,b,x\n\n\n3,c\n4,d,y\n5,e\n', [("1", 3), ("3", 7), ("5", 9)], [4, 8]),
    # A blank line inside a quoted field is part of the field, not a blank line.
    ('id,occupation\n1,"a\nb"\n\n2,b\n3,"c\n\nd",e\n4,f\n\n', [("1", 2), ("2", 5), ("4", 9)], [6]),
    ('id,occupation\r\n1,a\r\n\r\n2,b\r\n', [("1", 2), ("2", 4)], []),
    ('id,occupation\n1,a\n2,b\n\n\n', [("1", 2), ("2", 3)], []),
])
def test_csv_blank_lines_keep_later_line_numbers_true(tmp_path, text, good, bad):
    path = tmp_path / "p.csv"
    path.write_bytes(text.encode("utf-8"))
    raw, rejected = _load_loose(path)
    assert list(zip(raw["id"], raw["_line"])) == good
    assert list(rejected["_line"]) == bad
    # A rejected record's text is its own line, without the blank lines before it.
    assert all(not record.startswith(("\n", "\r")) for record in rejected["record"])


def test_csv_blank_lines_found_only_outside_quotes_and_in_gzip(tmp_path):
    text = 'id,occupation\n1,"a\n\nb"\n\n2,b\n'
    plain, packed = tmp_path / "p.csv", tmp_path / "p.csv.gz"
    plain.write_text(text, encoding="utf-8")
    packed.write_bytes(gzip.compress(text.encode("utf-8")))
    assert ingest.blank_line_ordinals(plain) == ingest.blank_line_ordinals(packed) == [3]
    plain.write_text("id,occupation\n1,a\n", encoding="utf-8")
    assert ingest.blank_line_ordinals(plain) == []


def _load_loose(path: Path):
    """Only id and occupation present: load as postings with the other required columns mapped onto them."""
    return _load([path], ColumnMap(country="occupation", date="occupation"))


def test_plain_csv_line_is_record_number_plus_header(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("id,occupation,country,date\n" + "".join(f"{i},o,DE,2024-01\n" for i in range(1, 2001)))
    raw, bad = _load([path])
    assert (raw["_line"] == raw["id"].astype(int) + 1).all()
    assert bad.empty


def _write_formats(tmp_path: Path) -> dict[str, Path]:
    rows = [
        {"id": "a", "occupation": "electrician", "country": "DE", "date": "2024-01-02", "region": "Bayern",
         "skills": ["install electrical wiring", " wire buildings ", ""]},
        {"id": "b", "occupation": "web developer", "country": "FR", "date": "2024-02", "region": None, "skills": []},
    ]
    csv_path = tmp_path / "p.csv"
    pd.DataFrame([{**r, "skills": "|".join(r["skills"])} for r in rows]).to_csv(csv_path, index=False)
    gz_path = tmp_path / "p.csv.gz"
    gz_path.write_bytes(gzip.compress(csv_path.read_bytes()))
    parquet_path = tmp_path / "p.parquet"
    pq.write_table(pa.Table.from_pylist(rows), parquet_path)
    jsonl_path = tmp_path / "p.jsonl"
    jsonl_path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return {"csv": csv_path, "csv.gz": gz_path, "parquet": parquet_path, "jsonl": jsonl_path}


@pytest.mark.parametrize("kind", ["csv", "csv.gz", "parquet", "jsonl"])
def test_formats_read_the_same(tmp_path, kind):
    raw, bad = _load([_write_formats(tmp_path)[kind]])
    assert bad.empty
    assert raw["id"].tolist() == ["a", "b"]
    assert raw["_line"].tolist() == ([2, 3] if kind.startswith("csv") else [1, 2])
    assert raw["region"].tolist()[0] == "Bayern" and pd.isna(raw["region"].tolist()[1])
    assert raw["date"].tolist() == ["2024-01-02", "2024-02"]
    # tokens as written (the cube SQL skips blank ones, the resolver trims)
    assert sorted(t.strip() for t in raw["skills"].iloc[0] if t.strip()) == ["install electrical wiring", "wire buildings"]
    assert [t for t in raw["skills"].iloc[1] if t] == []


def test_jsonl_bad_lines_rejected_with_line_numbers_and_blank_lines_skipped(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text(
        '{"id": 1, "occupation": "x", "country": "DE", "date": "2024-01", "skills": "a|b"}\n'
        "\n"
        "not json\n"
        "[1, 2]\n"
        '{"id": 2, "occupation": "y", "country": "DE", "date": "2024-01"}\n',
        encoding="utf-8",
    )
    raw, bad = _load([path])
    assert list(zip(raw["id"], raw["_line"])) == [("1", 1), ("2", 5)]
    assert sorted(raw["skills"].iloc[0]) == ["a", "b"]  # "a|b" split as in CSV
    assert bad["_line"].tolist() == [3, 4]
    assert bad["record"].tolist() == ["not json", "[1, 2]"]


def test_parquet_typed_columns_become_text(tmp_path):
    path = tmp_path / "p.parquet"
    table = pa.table({"id": [7, 8], "occupation": ["o", "o"], "country": ["DE", "DE"],
                      "date": pa.array([pd.Timestamp("2024-03-05").date(), None], pa.date32())})
    pq.write_table(table, path)
    raw, _ = _load([path])
    assert raw["id"].tolist() == ["7", "8"]
    assert raw["date"].tolist()[0] == "2024-03-05" and pd.isna(raw["date"].tolist()[1])
    assert raw["_line"].tolist() == [1, 2]


def test_column_mapping():
    columns = ColumnMap(id="ref", occupation="job", country="nation", date="posted", skills="tags")
    raw, bad = _load([FIXTURES / "renamed_columns.csv"], columns)
    assert bad.empty
    assert raw[["id", "occupation", "country", "date"]].values.tolist() == [
        ["A1", "2512.4", "DEU", "2024-05"],
        ["A2", "https://fixture.invalid/occupation/electrician", "250", "2024-05-20"],
    ]
    assert list(raw["skills"].iloc[0]) == ["write computer code"]


@pytest.mark.parametrize("kind", ["csv", "parquet", "jsonl"])
def test_missing_required_column_names_file_column_and_columns_found(tmp_path, kind):
    path = _write_formats(tmp_path)[kind]
    with pytest.raises(PostingsError) as raised:
        _load([path], ColumnMap(occupation="job_title"))
    message = str(raised.value)
    assert str(path) in message
    assert "'job_title'" in message and "--occupation-col" in message
    assert "columns found:" in message and "country" in message


def test_duplicate_ids_across_two_files_keep_file_order(tmp_path):
    """Ids are only collected here; the duplicate rule itself is tested in test_build."""
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    first.write_text("id,occupation,country,date\nx,o,DE,2024-01\n")
    second.write_text("id,occupation,country,date\nx,o,FR,2024-01\n")
    raw, _ = _load([first, second])
    assert list(zip(raw["_file_index"], raw["country"])) == [(0, "DE"), (1, "FR")]


def test_missing_file_is_a_postings_error(tmp_path):
    with pytest.raises(PostingsError, match="no such file"):
        _load([tmp_path / "absent.csv"])
