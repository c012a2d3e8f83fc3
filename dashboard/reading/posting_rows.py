"""Where a view's postings lie in ``postings.parquet``, and reading only those rows.

The build writes ``postings.parquet`` and ``collection_postings.parquet`` in the same order
(occupation, country, month; see ``dashboard.building.cube_definition``), and the second holds
how many postings each occupation x country x month has. Added up in that order, those counts
are each group's first row in the postings file. So a view's postings are known row ranges:
their number needs no read at all, and a page or the pay of one occupation reads the one or two
row groups (10,000 rows) those ranges fall in, with only the columns it shows, instead of a
DuckDB query over the whole file (about 5 ms of planning over 1,000 row groups before any row
is read, at 10M postings).

Trust, but check: :meth:`PostingRows.open` accepts the layout only when the counts add up to the
file's rows and every row group's first and last occupation (Parquet statistics) are the ones the
counts put there; every read checks the occupation, country and month of the rows it got against
the groups it asked for. Anything else gives None (a mismatch found on reading is logged once),
and the callers (:mod:`dashboard.reading.job_listings`, :mod:`dashboard.reading.advertised_pay`) answer
with their DuckDB query instead, so the numbers never depend on this shortcut.

Views over many occupations (a large ISCO group, all occupations) touch too many row groups:
:meth:`PostingRows.read` returns None past :data:`MAX_ROW_GROUPS` and DuckDB answers.
"""
from __future__ import annotations

import bisect
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

GROUPS_FILE = "collection_postings.parquet"
#: The most row groups one read decodes (each about 0.2 ms per column at 10,000 rows).
MAX_ROW_GROUPS = 8
#: Decoded row groups kept, about 2 MB each at 10,000 rows (a country click after an occupation
#: change reads the same ones).
CACHED_READS = 24
KEYS = ("occupation_uri", "iso3", "month")


class Scope(Protocol):
    """Which postings, as :class:`dashboard.reading.job_listings.Scope` (not imported: this module
    stays below job_listings, with no import cycle)."""

    occupations: tuple[str, ...] | None
    iso3: str | None
    start: str | None
    end: str | None


class LayoutMismatch(RuntimeError):
    """The postings file is not in the order the group counts say."""


class PostingRows:
    """Row ranges of ``postings.parquet`` per occupation x country x month."""

    def __init__(self, path: Path, occupations: list[str], offsets: np.ndarray, iso3: tuple[np.ndarray, list[str]],
                 month: tuple[np.ndarray, list[str]], count: np.ndarray):
        import pyarrow.parquet as pq

        self.path = path
        self._file = pq.ParquetFile(path, read_dictionary=list(KEYS))
        self._position = {uri: i for i, uri in enumerate(occupations)}
        self._vocabulary = {"occupation_uri": occupations, "iso3": iso3[1], "month": month[1]}
        #: groups of occupation i are rows offsets[i]:offsets[i + 1] of the arrays below
        self._offsets = offsets
        #: per group: its country and month as positions in the sorted vocabularies (-1: NULL)
        self._iso3, self._month = iso3[0], month[0]
        self._count = count
        self._start = np.concatenate([[0], np.cumsum(count)[:-1]]).astype("int64")
        meta = self._file.metadata
        sizes = np.asarray([meta.row_group(i).num_rows for i in range(meta.num_row_groups)], dtype="int64")
        #: first row of each row group, and the file's rows at the end
        self._group_start = np.concatenate([[0], np.cumsum(sizes)]).astype("int64")
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        #: set when a read found rows out of the groups' order (:meth:`read` then gives None)
        self.broken = False

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, cube_path: Path) -> "PostingRows | None":
        """The ranges of the cube in ``cube_path``; None when it has no group counts or their
        layout does not match the postings file (a cube from before them, another writer)."""
        import pyarrow.parquet as pq

        from dashboard.reading.skill_demand import dictionary_codes

        groups_path, postings_path = Path(cube_path) / GROUPS_FILE, Path(cube_path) / "postings.parquet"
        if not groups_path.is_file() or not postings_path.is_file():
            return None
        table = pq.read_table(groups_path, columns=[*KEYS, "postings"], read_dictionary=list(KEYS))
        occupation, occupations = dictionary_codes(table, "occupation_uri")
        if len(occupation) and not bool(np.all(occupation[1:] >= occupation[:-1])):
            return None  # not grouped by occupation: not the build's order
        offsets = np.searchsorted(occupation, np.arange(len(occupations) + 1)).astype("int64")
        count = table.column("postings").to_numpy(zero_copy_only=False).astype("int64")
        rows = cls(postings_path, occupations, offsets, dictionary_codes(table, "iso3"),
                   dictionary_codes(table, "month"), count)
        return rows if rows._matches_statistics(occupation) else None

    def _matches_statistics(self, occupation: np.ndarray) -> bool:
        """Counts add up to the file's rows, and each row group's first and last occupation (its
        Parquet min and max, the file being sorted by occupation) are where the counts put them."""
        if int(self._count.sum()) != int(self._group_start[-1]):
            return False
        meta = self._file.metadata
        column = meta.schema.to_arrow_schema().get_field_index("occupation_uri")
        ends = np.cumsum(self._count)
        names = self._vocabulary["occupation_uri"]
        for group in range(meta.num_row_groups):
            first, last = self._group_start[group], self._group_start[group + 1] - 1
            if last < first:
                continue
            stats = meta.row_group(group).column(column).statistics
            if stats is None or not stats.has_min_max:
                return False
            at_first = occupation[int(np.searchsorted(ends, first, side="right"))]
            at_last = occupation[int(np.searchsorted(ends, last, side="right"))]
            if (stats.min, stats.max) != (names[at_first], names[at_last]):
                return False
        return True

    # -- which rows ----------------------------------------------------------------------

    def groups(self, scope: Scope) -> np.ndarray:
        """Indexes of the occupation x country x month groups in ``scope``, in file order."""
        if scope.occupations is None:
            picked = np.arange(len(self._count), dtype="int64")
        else:
            at = sorted({self._position[u] for u in scope.occupations if u in self._position})
            parts = [np.arange(self._offsets[i], self._offsets[i + 1], dtype="int64") for i in at]
            picked = np.concatenate(parts) if parts else np.zeros(0, dtype="int64")
        keep = self._count[picked] > 0
        if scope.iso3 is not None:
            keep &= self._iso3[picked] == _code(self._vocabulary["iso3"], scope.iso3)
        if scope.start is not None or scope.end is not None:
            # As the SQL: a month bound leaves undated postings (month NULL, code -1) out.
            months, vocabulary = self._month[picked], self._vocabulary["month"]
            keep &= months >= 0
            if scope.start is not None:
                keep &= months >= bisect.bisect_left(vocabulary, scope.start)
            if scope.end is not None:
                keep &= months < bisect.bisect_right(vocabulary, scope.end)
        return picked[keep]

    def count(self, scope: Scope) -> int:
        """How many postings are in ``scope`` (no read)."""
        return int(self._count[self.groups(scope)].sum())

    def row_groups(self, groups: np.ndarray) -> np.ndarray:
        """The file's row groups holding those groups' rows."""
        if not len(groups):
            return np.zeros(0, dtype="int64")
        first = self._start[groups]
        last = first + self._count[groups] - 1
        low = np.searchsorted(self._group_start, first, side="right") - 1
        high = np.searchsorted(self._group_start, last, side="right") - 1
        return np.unique(np.concatenate([np.arange(a, b + 1) for a, b in zip(low, high)]))

    # -- reading -----------------------------------------------------------------------

    def read(self, scope: Scope, columns: Sequence[str], *,
             max_row_groups: int = MAX_ROW_GROUPS) -> "pa.Table | None":
        """The postings in ``scope`` (file order) with ``columns`` and ``_row`` (the row in the
        file); None when they lie in more than ``max_row_groups`` row groups, or when the rows read
        are not the groups asked for (logged once: :attr:`broken`, and DuckDB answers from then on)."""
        import pyarrow as pa

        if self.broken:
            return None
        groups = self.groups(scope)
        wanted = tuple(dict.fromkeys([*KEYS, *columns]))
        row_groups = self.row_groups(groups)
        if len(row_groups) > max_row_groups:
            return None
        if not len(groups):
            return self._empty(wanted)
        rows = np.concatenate([np.arange(s, s + n, dtype="int64")
                               for s, n in zip(self._start[groups], self._count[groups])])
        parts = []
        for group in row_groups:
            base = int(self._group_start[group])
            inside = rows[(rows >= base) & (rows < self._group_start[group + 1])]
            parts.append(self._row_group(int(group), wanted).take(pa.array(inside - base))
                         .append_column("_row", pa.array(inside)))
        table = pa.concat_tables(parts)
        try:
            self._check(table, groups)
        except LayoutMismatch:
            self.broken = True
            logging.getLogger(__name__).exception("postings file out of the build's order; DuckDB answers")
            return None
        return table

    def take(self, rows: Sequence[int], columns: Sequence[str], *,
             max_row_groups: int = MAX_ROW_GROUPS) -> "pa.Table | None":
        """Rows of the file by number, in the order given; None past ``max_row_groups``."""
        import pyarrow as pa

        rows = np.asarray(rows, dtype="int64")
        wanted = tuple(dict.fromkeys(columns))
        if not len(rows):
            return self._empty(wanted)
        group_of = np.searchsorted(self._group_start, rows, side="right") - 1
        distinct = np.unique(group_of)
        if len(distinct) > max_row_groups:
            return None
        parts, order = [], []
        for group in distinct:
            at = np.flatnonzero(group_of == group)
            parts.append(self._row_group(int(group), wanted).take(pa.array(rows[at] - self._group_start[group])))
            order.append(at)
        table = pa.concat_tables(parts)
        return table.take(pa.array(np.argsort(np.concatenate(order), kind="stable")))

    def _row_group(self, group: int, columns: tuple[str, ...]) -> "pa.Table":
        """Row group ``group`` with ``columns``: every column but the skills is decoded once and
        kept, so the page, its pay and the checks of one view share one read."""
        with self._lock:
            table = self._cache.get(group)
            if table is not None:
                self._cache.move_to_end(group)
        if table is None:
            table = self._file.read_row_group(group, columns=self._kept_columns)
            with self._lock:
                self._cache[group] = table
                while len(self._cache) > CACHED_READS:
                    self._cache.popitem(last=False)
        return table.select(list(columns))

    @property
    def _kept_columns(self) -> list[str]:
        return [name for name in self._file.schema_arrow.names if name != "skills"]

    def _empty(self, columns: tuple[str, ...]) -> "pa.Table":
        import pyarrow as pa

        schema = self._file.schema_arrow
        table = schema.empty_table().select(list(columns))
        return table.append_column("_row", pa.array([], type=pa.int64()))

    def _check(self, table: "pa.Table", groups: np.ndarray) -> None:
        """The rows read carry exactly the occupation, country and month of their groups."""
        counts = self._count[groups]
        occupation_of = np.searchsorted(self._offsets, groups, side="right") - 1
        expected = {"occupation_uri": np.repeat(occupation_of, counts), "iso3": np.repeat(self._iso3[groups], counts),
                    "month": np.repeat(self._month[groups], counts)}
        for name, codes in expected.items():
            got = _codes_in(table.column(name), self._vocabulary[name])
            if len(got) != len(codes) or not bool(np.array_equal(got, codes)):
                raise LayoutMismatch(f"{self.path}: column {name} of the rows read is not the groups' own")


def _code(vocabulary: list[str], value: str) -> int:
    """``value``'s position in a sorted vocabulary; -2 (no group) when absent."""
    at = bisect.bisect_left(vocabulary, value)
    return at if at < len(vocabulary) and vocabulary[at] == value else -2


def _codes_in(column, vocabulary: list[str]) -> np.ndarray:
    """A dictionary column's rows as positions in ``vocabulary`` (-1: NULL, -2: not in it)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    parts = []
    for chunk in column.chunks:
        if not pa.types.is_dictionary(chunk.type):
            chunk = pc.dictionary_encode(chunk)
        lookup = np.asarray([_code(vocabulary, v) for v in chunk.dictionary.to_pylist()] + [-1], dtype="int64")
        indices = pc.fill_null(chunk.indices, len(lookup) - 1).to_numpy(zero_copy_only=False)
        parts.append(lookup[indices])
    return np.concatenate(parts) if parts else np.zeros(0, dtype="int64")
