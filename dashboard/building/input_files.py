"""Files as people save them: a CSV's delimiter and encoding, and Excel workbooks (issue 16).

The engines read UTF-8 text with a known delimiter, Parquet and JSON Lines. Before they do,
:func:`prepare` looks at each local input once and returns the same path, carrying what was
detected:

- a CSV's delimiter (``,`` ``;`` tab ``|``), chosen from its header line;
- its encoding: UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark, or
  Windows-1252 when the bytes are not UTF-8 (what Excel writes in most European locales);
  anything but plain UTF-8 is transcoded to a UTF-8 copy in the build's staging folder,
  line for line, so line numbers in the rejects file are the original file's;
- an Excel ``.xlsx`` workbook: the first sheet (or ``--sheet NAME``) is streamed row by row
  (openpyxl read-only mode, bounded memory) into a JSON Lines copy whose line N is sheet row
  N, so a rejected row is named by its row in the sheet.

The returned path still prints as the user's file — every message and reject names it — while
the engines read :func:`source_of` it. Remote URIs (``s3://``…) pass through untouched.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import PostingsError

#: Delimiters a CSV may use, in the order a tie is broken.
DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Detected:
    """What :func:`prepare` found out about one input file (for build_report.json)."""

    file: str
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    converted: bool = False

    def as_report(self) -> dict:
        row = {"file": self.file, "format": self.format}
        if self.encoding:
            row["encoding"] = self.encoding
        if self.delimiter:
            row["delimiter"] = _DELIMITER_NAMES[self.delimiter]
        if self.sheet:
            row["sheet"] = self.sheet
        return row


class PreparedPath(type(Path())):
    """A user's input path whose bytes the engines read from ``read_from``, with ``delimiter``."""

    read_from: Path
    delimiter: str
    detected: Detected


def source_of(path: Path | str) -> Path | str:
    """Where the engines read ``path`` from (a normalised copy, or the file itself)."""
    return getattr(path, "read_from", path)


def delimiter_of(path: Path | str) -> str:
    return getattr(path, "delimiter", ",")


def detected_of(path: Path | str) -> Detected | None:
    return getattr(path, "detected", None)


def _opener(path: Path):
    return gzip.open if path.name.lower().endswith(".gz") else open


def is_xlsx(path: Path | str) -> bool:
    return str(path).lower().endswith((".xlsx", ".xlsm"))


def input_format(path: Path) -> str:
    """'csv', 'parquet', 'jsonl' or 'xlsx' from the file name (a .gz suffix is allowed on text formats)."""
    name = path.name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if name.endswith(".gz"):
        name = name[:-3]
    for suffix, kind in ((".csv", "csv"), (".parquet", "parquet"), (".pq", "parquet"),
                         (".jsonl", "jsonl"), (".ndjson", "jsonl"), (".json", "jsonl")):
        if name.endswith(suffix):
            if kind == "parquet" and path.name.lower().endswith(".gz"):
                break
            return kind
    raise PostingsError(f"{path}: unknown input format; expected .csv, .csv.gz, .parquet, .jsonl, .jsonl.gz or .xlsx")


def prepare(path: Path | str, work_dir: Path, *, sheet: str | None = None) -> Path | str:
    """``path`` with what the engines need to read it (see the module docstring).

    Anything that is not a local CSV or workbook comes back unchanged.
    """
    if not isinstance(path, Path) or not path.is_file():
        return path
    if is_xlsx(path):
        work_dir.mkdir(parents=True, exist_ok=True)
        copy = work_dir / f"{len(list(work_dir.iterdir())):03d}-{path.stem}.jsonl"
        name = _xlsx_to_jsonl(path, copy, sheet=sheet)
        return _prepared(path, copy, ",", Detected(str(path), "xlsx", sheet=name, converted=True))
    if input_format(path) != "csv":
        return path
    encoding = detect_encoding(path)
    read_from = path
    if encoding not in ("utf-8", "utf-8-sig"):
        work_dir.mkdir(parents=True, exist_ok=True)
        read_from = work_dir / f"{len(list(work_dir.iterdir())):03d}-{path.stem}.csv"
        _transcode(path, read_from, encoding)
    delimiter = detect_delimiter(read_from, encoding="utf-8-sig")
    label = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16 with BOM",
             "cp1252": "Windows-1252 (fallback: not UTF-8)"}[encoding]
    return _prepared(path, read_from, delimiter, Detected(str(path), "csv", encoding=label, delimiter=delimiter,
                                                          converted=read_from != path))


def _prepared(path: Path, read_from: Path, delimiter: str, detected: Detected) -> PreparedPath:
    prepared = PreparedPath(path)
    prepared.read_from, prepared.delimiter, prepared.detected = read_from, delimiter, detected
    return prepared


def detect_encoding(path: Path) -> str:
    """'utf-8-sig', 'utf-16' (a byte-order mark says so), 'utf-8', or 'cp1252' when the file
    is not valid UTF-8 anywhere in it."""
    with _opener(path)(path, "rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            decoder.decode(head)
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _transcode(path: Path, target: Path, encoding: str) -> None:
    """Copy ``path`` to ``target`` as UTF-8, streaming; newlines kept exactly as they are.

    Windows-1252 leaves five bytes undefined (0x81 0x8D 0x8F 0x90 0x9D): they become U+FFFD
    rather than failing the file, and the row then fails on its own values if it must.
    """
    errors = "replace" if encoding == "cp1252" else "strict"
    try:
        with _opener(path)(path, "rt", encoding=encoding, errors=errors, newline="") as source, \
                open(target, "w", encoding="utf-8", newline="") as out:
            while chunk := source.read(_CHUNK):
                out.write(chunk)
    except UnicodeError as error:
        raise PostingsError(f"{path}: cannot read as {encoding.upper()}: {error}") from None


def detect_delimiter(path: Path, *, encoding: str) -> str:
    """The delimiter that splits the header line into the most fields (ties: comma first).

    The header alone decides: it names the columns and holds no free text, so a semicolon
    inside a job title further down cannot mislead the choice.
    """
    with _opener(path)(path, "rt", encoding=encoding, errors="replace", newline="") as handle:
        header = handle.readline()
    best, best_fields = ",", 1
    for delimiter in DELIMITERS:
        fields = len(next(csv.reader([header], delimiter=delimiter), []))
        if fields > best_fields:
            best, best_fields = delimiter, fields
    return best


def _cell_text(value) -> str | None:
    """A worksheet cell as the text a CSV would hold: whole numbers without '.0', dates ISO."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def _xlsx_to_jsonl(path: Path, target: Path, *, sheet: str | None) -> str:
    """Stream one sheet into JSON Lines (line N = sheet row N); returns the sheet's name.

    Line 1 (the header row) and empty rows are written as empty lines, which the JSON Lines
    reader skips without counting them, as a CSV reader skips blank lines.
    """
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise PostingsError(f"{path}: cannot read as an Excel workbook (.xlsx): {error}") from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise PostingsError(f"{path}: no sheet named {sheet!r}; sheets: {', '.join(book.sheetnames)}")
        chosen = book[sheet] if sheet is not None else book.worksheets[0]
        rows = chosen.iter_rows(values_only=True)
        header = next(rows, None)
        names = [_cell_text(v) for v in (header or ())]
        while names and names[-1] is None:
            names.pop()
        if not names:
            raise PostingsError(f"{path}: sheet {chosen.title!r} is empty (no header row)")
        if any(n is None for n in names):
            raise PostingsError(f"{path}: sheet {chosen.title!r}: the header row has an empty column name "
                                f"(column {names.index(None) + 1})")
        names = [n.strip() for n in names]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise PostingsError(f"{path}: header row names a column twice: {', '.join(duplicated)}")
        with open(target, "w", encoding="utf-8") as out:
            out.write("\n")
            for row in rows:
                values = [_cell_text(v) for v in row]
                if all(v is None for v in values):
                    out.write("\n")
                    continue
                record = {name: (values[i] if i < len(values) else None) for i, name in enumerate(names)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        return chosen.title
    finally:
        book.close()
