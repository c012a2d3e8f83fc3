"""Read a published cube: the small frames in memory with lookup indexes, skill demand as arrays.

Callbacks answer every interaction from here, so everything a request looks up is indexed
once, when the cube opens (issue 6: an interaction has ~25 ms of server time): rows of an
occupation by binary search or offsets, labels by dict. Skill demand (occupation x country x
month x skill, millions of rows) is held as compact integer arrays grouped by occupation, so a
query is a slice and a ``bincount``: the build writes them beside the Parquet tables
(``skill_demand_arrays/``, see :func:`dashboard.reading.skill_demand.write_skill_demand_arrays`) and opening memory-maps them.
A cube built before that reads skill demand through DuckDB until :meth:`Cube.warm` decodes the
Parquet file into the same arrays.

A data directory holds published versions side by side (``versions/<version>/``) and a
``CURRENT`` pointer file naming the live one; ``dashboard.building.build`` replaces the pointer
atomically, so a reader sees either the old cube or the new one, never half of each.
The previous version is kept on disk, so a query that started on it still finishes.

Files of a version: the Parquet tables of :data:`TABLES`, ``build_report.json``,
``rejects.csv`` and ``skill_demand_arrays/`` (``offsets/iso3/month/skill/postings.npy`` and
``meta.json`` with the sorted vocabularies, a format number and the row count; derived from
skill_demand.parquet, optional: a reader falls back to the Parquet table when it is missing,
of another format or inconsistent).
"""
from __future__ import annotations

import bisect
import json
import logging
import threading
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import duckdb
import numpy as np
import pandas as pd

from dashboard.errors import CubeNotFound
from dashboard.reading.skill_demand import SKILL_DEMAND_ARRAYS_DIR, SkillDemandArrays, dictionary_codes

if TYPE_CHECKING:  # B's resolver; imported lazily so opening a cube stays cheap
    from dashboard.reading.resolve import OccupationIndex

#: The pointer file naming the published version (one line of text).
CURRENT_FILE = "CURRENT"
VERSIONS_DIR = "versions"
REPORT_FILE = "build_report.json"
REJECTS_FILE = "rejects.csv"
#: Every posting id the cube has read (one Parquet part per load): what ``build --append``
#: rejects as duplicates (issue 17). Not read by the dashboard.
POSTING_IDS_DIR = "posting_ids"

#: Every Parquet table of a published cube (the layout the Spark engine writes too).
TABLES = (
    "occupations",
    "isco_groups",
    "skills",
    "occupation_skills",
    "jobs",
    "skill_demand",
    "country_totals",
    "postings",
)
#: ESCO's skills hierarchy (issue 15): written by every build, absent from cubes built before;
#: read on first use (:attr:`Cube.skill_hierarchy`).
SKILL_HIERARCHY_TABLES = ("skill_groups", "skill_broader", "skill_collections")
#: ESCO's occupation hierarchy (issue 14): written by every build, absent from cubes built before.
OCCUPATION_HIERARCHY_TABLE = "occupation_broader"
#: Related occupations (issue 14): written by every build, absent from cubes built before.
RELATED_TABLE = "related_occupations"
#: Postings asking for each skill collection (issue 15): written by every build, absent from cubes built before.
COLLECTION_TABLE = "collection_postings"
#: Tables held in memory; skill_demand (occupation x country x month x skill) and the
#: individual postings (issue 18) stay on disk.
IN_MEMORY_TABLES = tuple(t for t in TABLES if t not in ("skill_demand", "postings"))

_cache: dict[Path, "Cube"] = {}
_cache_lock = threading.Lock()


class OccupationFacts(NamedTuple):
    """What the screen shows about one occupation (strings, "" when missing)."""

    label: str
    code: str
    isco_group: str
    description: str


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _codes_of(values: np.ndarray, vocabulary: list[str]) -> np.ndarray:
    """Position of each value in the sorted ``vocabulary`` (-1 when absent), as int32."""
    if len(values) == 0:
        return np.zeros(0, dtype="int32")
    vocab = np.asarray(vocabulary, dtype=object)
    pos = np.searchsorted(vocab, values) if len(vocab) else np.zeros(len(values), dtype="int64")
    pos = np.minimum(pos, max(len(vocab) - 1, 0))
    found = vocab[pos] == values if len(vocab) else np.zeros(len(values), dtype=bool)
    return np.where(found, pos, -1).astype("int32")


def current_version(data_dir: Path) -> str | None:
    """The published version named by ``DIR/CURRENT``, or None when nothing is published."""
    try:
        version = (Path(data_dir) / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return version or None


class _SkillLinks(Mapping):
    """occupation_uri -> its skills from the taxonomy, each once: (skill_uri, relation, skill_type).

    Built per occupation on first ask from the relations sorted by occupation (a slice found by
    binary search) and kept: the ~125,000 ESCO relations as tuples took a tenth of a second
    at every start, for occupations most processes never show.
    """

    def __init__(self, links: pd.DataFrame):
        keys = links["occupation_uri"].to_numpy(dtype=object)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype="int64")
        ends = np.r_[starts[1:], len(keys)].astype("int64")
        self._rows = {str(keys[s]): (int(s), int(e)) for s, e in zip(starts, ends)}
        self._skill = links["skill_uri"].to_numpy(dtype=object)
        self._relation = links["relation"].to_numpy(dtype=object)
        self._kind = links["skill_type"].to_numpy(dtype=object)
        self._built: dict[str, list[tuple[str, str, str]]] = {}

    def __getitem__(self, occupation_uri: str) -> list[tuple[str, str, str]]:
        built = self._built.get(occupation_uri)
        if built is None:
            lo, hi = self._rows[occupation_uri]  # KeyError: no relations
            built, seen = [], set()
            for skill, relation, kind in zip(self._skill[lo:hi], self._relation[lo:hi], self._kind[lo:hi]):
                if skill not in seen:
                    seen.add(skill)
                    built.append((skill, _text(relation), _text(kind)))
            self._built[occupation_uri] = built  # one dict assignment: safe across request threads
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


class Cube:
    """One published cube version, read-only.

    Use :meth:`Cube.open`; it caches one instance per data directory and version, so each
    gunicorn worker reads the Parquet files once and picks up a newer build on the next call.
    """

    def __init__(self, data_dir: Path, version: str):
        self.data_dir = Path(data_dir)
        self.version = version
        self.path = self.data_dir / VERSIONS_DIR / version
        self.report: dict = json.loads((self.path / REPORT_FILE).read_text(encoding="utf-8"))
        frames = {name: pd.read_parquet(self.path / f"{name}.parquet") for name in IN_MEMORY_TABLES if name != "jobs"}
        self.occupations: pd.DataFrame = frames["occupations"]
        self.isco_groups: pd.DataFrame = frames["isco_groups"]
        self.skills: pd.DataFrame = frames["skills"]
        self.occupation_skills: pd.DataFrame = frames["occupation_skills"]
        self.country_totals: pd.DataFrame = frames["country_totals"]
        self._read_jobs()
        self.skill_demand_file = self.path / "skill_demand.parquet"
        # A published version's files never change: their Parquet footers may be cached (a page of
        # available jobs reads postings.parquet's row-group statistics on every request, issue 18).
        self._con = duckdb.connect(config={"threads": 1})
        # (Set after connecting: as a connect option it needs the parquet extension loaded first.)
        self._con.execute("SET parquet_metadata_cache = true")
        self._con_lock = threading.Lock()
        # Memory-mapped when the build wrote the arrays (costs next to nothing); else None until warm().
        self._demand: SkillDemandArrays | None = SkillDemandArrays.load(self.path / SKILL_DEMAND_ARRAYS_DIR)
        self._warming: threading.Thread | None = None
        self._warm_lock = threading.Lock()
        self._rows_lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._index_tables()

    def _read_jobs(self) -> None:
        """The jobs table as integer arrays, read through the Parquet dictionaries (decoding
        its million URIs and codes into Python strings was most of opening a 10M cube).

        Rows are grouped by occupation: ``_jobs_offsets[i]:_jobs_offsets[i + 1]`` are the rows
        of the i-th occupation URI (sorted); per row the country as a position in
        ``_jobs_iso3_vocabulary`` (-1 when NULL), the month as a position in :attr:`months`, jobs.
        """
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        table = pq.read_table(self.path / "jobs.parquet", read_dictionary=["occupation_uri", "iso3", "month"])
        occupation, occupations = dictionary_codes(table, "occupation_uri")
        iso3, self._jobs_iso3_vocabulary = dictionary_codes(table, "iso3")
        month, months = dictionary_codes(table, "month")
        count = pc.fill_null(table.column("jobs"), 0).to_numpy().astype("int64")
        if len(occupation) and not bool(np.all(occupation[1:] >= occupation[:-1])):
            # The build writes jobs sorted by occupation; another writer may not.
            order = np.argsort(occupation, kind="stable")
            table = table.take(order)
            occupation, iso3, month, count = occupation[order], iso3[order], month[order], count[order]
        self._jobs_table = table
        self.months: list[str] = months or [m for m in (self.report.get("months") or []) if m]
        # Undated rows (counts files with no period, issue 16) sit one past the last month, so
        # only a query with no period at all reaches them (:meth:`month_range`).
        month = np.where(month < 0, len(self.months), month).astype("int32")
        self._jobs_occupation_pos = {uri: i for i, uri in enumerate(occupations)}
        self._jobs_offsets = np.searchsorted(occupation, np.arange(len(occupations) + 1)).astype("int64")
        self._jobs_occupations = occupations
        self._jobs_iso3, self._jobs_month, self._jobs_count = iso3, month, count
        self._jobs_iso3_pos = {c: i for i, c in enumerate(self._jobs_iso3_vocabulary)}

    def _jobs_rows(self, occupation_uri: str) -> tuple[int, int]:
        """[lo, hi) of one occupation's rows in the jobs arrays (empty when it has none)."""
        pos = self._jobs_occupation_pos.get(occupation_uri)
        if pos is None:
            return 0, 0
        return int(self._jobs_offsets[pos]), int(self._jobs_offsets[pos + 1])

    @cached_property
    def jobs(self) -> pd.DataFrame:
        """The jobs table (occupation_uri, iso3, month, jobs) as a DataFrame of plain strings,
        sorted by occupation_uri; built on first use (requests use the arrays)."""
        import pyarrow as pa

        table = self._jobs_table
        columns = [c.cast(pa.string()) if pa.types.is_dictionary(c.type) else c for c in table.columns]
        return pa.Table.from_arrays(columns, names=table.column_names).to_pandas()

    def _index_tables(self) -> None:
        """Lookups every request needs, built once (each was a scan of a table per call)."""
        occ = self.occupations
        self.occupation_facts: dict[str, OccupationFacts] = {
            str(uri): OccupationFacts(_text(label), _text(code), _text(group), _text(description))
            for uri, label, code, group, description in zip(
                occ["occupation_uri"], occ["label"], occ["code"], occ["isco_group"],
                occ["description"] if "description" in occ else [""] * len(occ))
        }
        #: occupation_uri -> its alternative labels, "\n"-joined as the taxonomy table holds them
        self.occupation_alt_labels: dict[str, str] = (
            {str(u): _text(a) for u, a in zip(occ["occupation_uri"], occ["alt_labels"])}
            if "alt_labels" in occ else {})
        self.isco_labels: dict[str, str] = {_text(c): _text(l) for c, l in zip(self.isco_groups["code"], self.isco_groups["label"])}
        skills = self.skills.drop_duplicates("skill_uri")
        #: skill_uri -> (label, skill_type, description)
        self.skill_facts: dict[str, tuple[str, str, str]] = {
            str(uri): (_text(label), _text(kind), _text(description))
            for uri, label, kind, description in zip(skills["skill_uri"], skills["label"], skills["skill_type"],
                                                     skills["description"])
        }
        # The occupation's skill relations by binary search, like jobs_of (sorted once here).
        links = self.occupation_skills
        if not links["occupation_uri"].is_monotonic_increasing:
            links = links.sort_values("occupation_uri", kind="stable").reset_index(drop=True)
        self._links = links
        self._links_keys = links["occupation_uri"].to_numpy()
        #: occupation_uri -> its skills from the taxonomy, each once: (skill_uri, relation, skill_type).
        self.skill_links: Mapping[str, list[tuple[str, str, str]]] = _SkillLinks(links)

    @cached_property
    def country_codes(self) -> list[str]:
        """ISO3 codes of the map's countries, in the order of :attr:`countries`."""
        return self.countries["iso3"].astype(str).tolist()

    @cached_property
    def country_set(self) -> frozenset[str]:
        return frozenset(self.country_codes)

    @cached_property
    def month_set(self) -> frozenset[str]:
        return frozenset(self.months)

    @cached_property
    def _country_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Per jobs row its country position; per (country, month) the cumulative postings of
        all occupations, so a period's country totals are one subtraction."""
        codes = self.country_codes
        order = sorted(range(len(codes)), key=codes.__getitem__)
        sorted_codes = [codes[i] for i in order]
        def positions(values: np.ndarray) -> np.ndarray:
            sorted_pos = _codes_of(values, sorted_codes)
            lookup = np.asarray(order + [-1], dtype="int32")
            return lookup[sorted_pos]  # -1 stays -1 (last element)
        on_map = positions(np.asarray(self._jobs_iso3_vocabulary, dtype=object))
        jobs_country = np.append(on_map, -1).astype("int32")[self._jobs_iso3]  # NULL (-1) stays -1
        totals = self.country_totals
        t_country = positions(totals["iso3"].to_numpy(dtype=object))
        t_months = totals["month"].to_numpy(dtype=object)
        undated = pd.isna(t_months)
        t_month = _codes_of(np.where(undated, "", t_months), self.months)
        t_month = np.where(undated, len(self.months), t_month)  # undated: one past the last month
        keep = (t_country >= 0) & (t_month >= 0)
        grid = np.zeros((len(codes), len(self.months) + 2), dtype="int64")
        np.add.at(grid, (t_country[keep], t_month[keep] + 1), totals["jobs"].to_numpy(dtype="int64")[keep])
        return jobs_country, np.cumsum(grid, axis=1)

    def month_range(self, start: str | None, end: str | None) -> tuple[int, int]:
        """Positions [first, last) of the cube's months inside the inclusive period.

        With no period at all (both None) the range also holds position ``len(months)``, where
        undated rows sit: a snapshot without a month counts in no period, only in "all time".
        """
        if start is None and end is None:
            return 0, len(self.months) + 1
        first = bisect.bisect_left(self.months, start) if start is not None else 0
        last = bisect.bisect_right(self.months, end) if end is not None else len(self.months)
        return first, max(first, last)

    @cached_property
    def undated_jobs(self) -> int:
        """Jobs in rows that carry no month (counts files without a period, issue 16)."""
        return int(self._jobs_count[self._jobs_month == len(self.months)].sum())

    @property
    def has_trend(self) -> bool:
        """A trend needs two months at least: the page, exports and report show none below that (issue 16)."""
        return len(self.months) >= 2

    @property
    def is_undated(self) -> bool:
        """True when no row carries a month: the data is one snapshot, with no period to choose."""
        return not self.months

    def jobs_by_country_arrays(self, occupation_uri: str, *, start: str | None, end: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Jobs of one occupation and all postings, per country of :attr:`countries`, in the period."""
        jobs_country, cumulative = self._country_arrays
        first, last = self.month_range(start, end)
        lo, hi = self._jobs_rows(occupation_uri)
        country, month, count = jobs_country[lo:hi], self._jobs_month[lo:hi], self._jobs_count[lo:hi]
        keep = (country >= 0) & (month >= first) & (month < last)
        jobs = np.bincount(country[keep], weights=count[keep], minlength=len(self.country_codes)).astype("int64")
        return jobs, cumulative[:, last] - cumulative[:, first]

    @cached_property
    def default_occupation(self) -> str | None:
        """The occupation the screen opens on: most jobs, then label, then URI (computed once)."""
        if self.occupations.empty:
            return None
        ranked = self.occupations[["occupation_uri", "label"]].astype(str)
        sizes = np.diff(self._jobs_offsets)
        occupation = np.repeat(np.arange(len(sizes)), sizes)
        totals = np.bincount(occupation, weights=self._jobs_count[self._jobs_offsets[0]:], minlength=len(sizes))
        if len(totals) and totals.max() > 0:
            best = {self._jobs_occupations[i] for i in np.flatnonzero(totals == totals.max())}
            ranked = ranked[ranked["occupation_uri"].isin(best)]
        return str(ranked.sort_values(["label", "occupation_uri"]).iloc[0]["occupation_uri"])

    @cached_property
    def occupations_by_label(self) -> list[str]:
        """Occupation URIs in alphabetical order of label (case-insensitive): the picker's browse order."""
        facts = self.occupation_facts
        return sorted(facts, key=lambda uri: (facts[uri].label.casefold(), uri))

    @property
    def skill_demand_in_memory_bytes(self) -> int:
        """Bytes of skill demand held in memory (0 until :meth:`warm`)."""
        return self._demand.nbytes if self._demand is not None else 0

    def warm_in_background(self) -> None:
        """Start :meth:`warm` in a daemon thread (once); requests meanwhile use the cold paths."""
        with self._index_lock:
            if self._warming is None:
                self._warming = threading.Thread(target=self._warm_logged, name="job-atlas-warm-cube", daemon=True)
                self._warming.start()

    def _warm_logged(self) -> None:
        try:
            self.warm()
        except Exception:  # noqa: BLE001 - the cold paths keep working; the log says why
            logging.getLogger(__name__).exception("could not warm the cube in %s", self.path)

    def warm(self) -> "Cube":
        """Build what requests would otherwise build on first use: the occupation index, the
        country arrays, the default occupation, the picker's order, and skill demand as arrays
        when the build did not write them. A server calls this once per process before serving."""
        with self._warm_lock:
            self.occupation_index  # noqa: B018 - built for its side effect
            self.countries  # noqa: B018
            self._country_arrays  # noqa: B018
            self.default_occupation  # noqa: B018
            self.occupations_by_label  # noqa: B018
            self.posting_rows  # noqa: B018
            if self._demand is None:  # a cube built before the arrays were written at build time
                self._demand = SkillDemandArrays.from_parquet(self.skill_demand_file)
        return self

    @classmethod
    def open(cls, data_dir: Path) -> "Cube":
        """Open the published cube in ``data_dir`` (cached per directory and version).

        Raises
        ------
        CubeNotFound
            When no build was ever published there.
        """
        data_dir = Path(data_dir).expanduser().resolve()
        version = current_version(data_dir)
        if version is None or not (data_dir / VERSIONS_DIR / version / REPORT_FILE).is_file():
            raise CubeNotFound(
                f"no cube in {data_dir}: build one with `python -m dashboard build --data-dir {data_dir}` "
                "(no inputs builds the demo)"
            )
        with _cache_lock:
            cube = _cache.get(data_dir)
            if cube is None or cube.version != version:
                cube = cls(data_dir, version)
                _cache[data_dir] = cube
            return cube

    # -- derived, built on first use -------------------------------------------------

    @property
    def is_demo(self) -> bool:
        return bool(self.report.get("dataset", {}).get("is_demo", False))

    @cached_property
    def countries(self) -> pd.DataFrame:
        """Countries of the geo file: iso3, iso2, name, population."""
        from dashboard.geo import load_countries

        return load_countries()

    @property
    def occupation_index(self) -> "OccupationIndex":
        # Built once under a lock: gunicorn threads may ask for it together.
        index = self.__dict__.get("_occupation_index")
        if index is None:
            with self._index_lock:
                index = self.__dict__.get("_occupation_index")
                if index is None:
                    from dashboard.reading.resolve import OccupationIndex

                    index = OccupationIndex(self.occupations)
                    self.__dict__["_occupation_index"] = index
        return index

    # -- lookups used by dashboard.reading.queries -------------------------------------------

    def jobs_of(self, occupation_uri: str) -> pd.DataFrame:
        """Rows of ``jobs`` for one occupation (iso3, month, jobs)."""
        lo, hi = self._jobs_rows(occupation_uri)
        return self.jobs.iloc[lo:hi]

    def jobs_per_country_month(self, occupation_uri: str, *, iso3: str | None = None, start: str | None = None,
                               end: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One occupation's jobs rows in scope as arrays: country code (position in the jobs
        table's own sorted ISO3 list, so countries off the map count too), month position, jobs."""
        lo, hi = self._jobs_rows(occupation_uri)
        country, month, count = self._jobs_iso3[lo:hi], self._jobs_month[lo:hi], self._jobs_count[lo:hi]
        first, last = self.month_range(start, end)
        keep = (month >= first) & (month < last)
        if iso3 is not None:
            keep &= country == self._jobs_iso3_pos.get(iso3, -2)
        return country[keep], month[keep], count[keep]

    def occupation_skill_links(self, occupation_uri: str) -> pd.DataFrame:
        """Rows of ``occupation_skills`` for one occupation (skill_uri, relation, skill_type)."""
        lo = self._links_keys.searchsorted(occupation_uri, side="left")
        hi = self._links_keys.searchsorted(occupation_uri, side="right")
        return self._links.iloc[lo:hi]

    def skill_demand_of(
        self, occupation_uri: str, *, iso3: str | None = None, start: str | None = None, end: str | None = None
    ) -> pd.DataFrame:
        """Postings asking for each skill (skill_uri, postings) for one occupation and scope,
        in skill URI order."""
        return self._skill_postings(occupation_uri, iso3=iso3, start=start, end=end)

    def _skill_postings(self, occupation_uri: str | None, *, iso3: str | None, start: str | None,
                        end: str | None) -> pd.DataFrame:
        """Postings per skill for one occupation, or every occupation when ``occupation_uri`` is None:
        from the memory-mapped arrays, else a DuckDB read of ``skill_demand.parquet``."""
        demand = self._demand
        if demand is not None:
            uris, postings = demand.demand(occupation_uri, iso3=iso3, start=start, end=end)
            return pd.DataFrame({"skill_uri": pd.Series(uris, dtype=object), "postings": postings})
        if occupation_uri is None:
            where, params = ["occupation_uri IS NOT NULL", "skill_uri IS NOT NULL"], {}
        else:
            where, params = ["occupation_uri = $occ"], {"occ": occupation_uri}
        for column, op, name, value in (("iso3", "=", "iso3", iso3), ("month", ">=", "start", start), ("month", "<=", "end", end)):
            if value is not None:
                where.append(f"{column} {op} ${name}")
                params[name] = value
        sql = (
            f"SELECT skill_uri, CAST(sum(postings) AS BIGINT) AS postings "
            f"FROM read_parquet('{_sql_path(self.skill_demand_file)}') WHERE {' AND '.join(where)} "
            "GROUP BY skill_uri ORDER BY skill_uri"
        )
        # One connection per cube, used by one thread at a time (gunicorn threads share it).
        with self._con_lock:
            return self._con.execute(sql, params).fetch_df()


    # -- subjects other than one occupation (issue 15) ---------------------------------

    def _rows_of_occupations(self, occupation_uris) -> np.ndarray | slice:
        """Row positions in the jobs arrays of several occupations (their slices, joined); None:
        every row (all occupations), as a slice so no index array is built."""
        if occupation_uris is None:
            return slice(None)
        slices = [self._jobs_rows(uri) for uri in occupation_uris]
        parts = [np.arange(lo, hi, dtype="int64") for lo, hi in slices if hi > lo]
        return np.concatenate(parts) if parts else np.zeros(0, dtype="int64")

    def jobs_by_country_arrays_of(self, occupation_uris, *, start: str | None,
                                  end: str | None) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`jobs_by_country_arrays` summed over several occupations (an ISCO group)."""
        jobs_country, cumulative = self._country_arrays
        first, last = self.month_range(start, end)
        rows = self._rows_of_occupations(occupation_uris)
        country, month, count = jobs_country[rows], self._jobs_month[rows], self._jobs_count[rows]
        keep = (country >= 0) & (month >= first) & (month < last)
        jobs = np.bincount(country[keep], weights=count[keep], minlength=len(self.country_codes)).astype("int64")
        return jobs, cumulative[:, last] - cumulative[:, first]

    def jobs_per_country_month_of(self, occupation_uris, *, start: str | None = None,
                                  end: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`jobs_per_country_month` (no country filter) of several occupations together."""
        rows = self._rows_of_occupations(occupation_uris)
        country, month, count = self._jobs_iso3[rows], self._jobs_month[rows], self._jobs_count[rows]
        first, last = self.month_range(start, end)
        keep = (month >= first) & (month < last)
        return country[keep], month[keep], count[keep]

    def jobs_of_occupations(self, occupation_uris, *, iso3: str | None = None, start: str | None = None,
                            end: str | None = None) -> np.ndarray:
        """Jobs of each of ``occupation_uris`` (in that order; in one country if ``iso3``) in the
        period, from their own rows only."""
        slices = [self._jobs_rows(uri) for uri in occupation_uris]
        sizes = np.asarray([hi - lo for lo, hi in slices], dtype="int64")
        rows = self._rows_of_occupations(occupation_uris)
        owner = np.repeat(np.arange(len(slices), dtype="int64"), sizes)
        first, last = self.month_range(start, end)
        month = self._jobs_month[rows]
        keep = (month >= first) & (month < last)
        if iso3 is not None:
            keep &= self._jobs_iso3[rows] == self._jobs_iso3_pos.get(iso3, -2)
        return np.bincount(owner[keep], weights=self._jobs_count[rows][keep],
                           minlength=len(slices)).astype("int64")

    def jobs_per_month_of(self, occupation_uris, *, iso3: str | None = None, start: str | None = None,
                          end: str | None = None) -> np.ndarray:
        """Jobs of several occupations together (in one country if ``iso3``) per month of
        :attr:`months`, zero outside the period: an ISCO group's or every occupation's trend."""
        rows = self._rows_of_occupations(occupation_uris)
        month = self._jobs_month[rows]
        first, last = self.month_range(start, end)
        keep = (month >= first) & (month < last)
        if iso3 is not None:
            keep &= self._jobs_iso3[rows] == self._jobs_iso3_pos.get(iso3, -2)
        return np.bincount(month[keep], weights=self._jobs_count[rows][keep],
                           minlength=len(self.months)).astype("int64")

    @cached_property
    def _jobs_row_occupation(self) -> np.ndarray:
        """Per jobs row, the position of its occupation in the jobs table's sorted URIs."""
        sizes = np.diff(self._jobs_offsets)
        return np.repeat(np.arange(len(sizes), dtype="int32"), sizes)

    def jobs_by_occupation(self, *, iso3: str | None = None, start: str | None = None,
                           end: str | None = None) -> tuple[list[str], np.ndarray]:
        """Jobs of every occupation with jobs rows (in one country if ``iso3``) in the period:
        the occupation URIs (sorted) and their jobs, one scan of the jobs arrays."""
        first, last = self.month_range(start, end)
        month = self._jobs_month
        keep = (month >= first) & (month < last)
        if iso3 is not None:
            keep &= self._jobs_iso3 == self._jobs_iso3_pos.get(iso3, -2)
        jobs = np.bincount(self._jobs_row_occupation[keep], weights=self._jobs_count[keep],
                           minlength=len(self._jobs_occupations)).astype("int64")
        return list(self._jobs_occupations), jobs

    def country_postings(self, iso3: str, *, start: str | None = None, end: str | None = None) -> int:
        """All postings (every occupation) in one country of the map and period; 0 off the map."""
        _, cumulative = self._country_arrays
        try:
            row = self.country_codes.index(iso3)
        except ValueError:
            return 0
        first, last = self.month_range(start, end)
        return int(cumulative[row, last] - cumulative[row, first])

    def skill_demand_in(self, *, iso3: str | None = None, start: str | None = None,
                        end: str | None = None) -> pd.DataFrame:
        """Postings asking for each skill over every occupation (in one country if ``iso3``):
        skill_uri, postings, in skill URI order."""
        return self._skill_postings(None, iso3=iso3, start=start, end=end)

    @cached_property
    def skill_hierarchy(self):
        """ESCO's skill groups, broader relations and collections
        (:class:`dashboard.reading.skill_hierarchy.SkillHierarchy`); empty, with an issue saying why,
        for a cube built before the build stored them."""
        from dashboard.reading.skill_hierarchy import SkillHierarchy, empty_hierarchy

        files = [self.path / f"{name}.parquet" for name in SKILL_HIERARCHY_TABLES]
        if not all(f.is_file() for f in files):
            return empty_hierarchy(["this cube was built before skill groups and collections were stored: "
                                    "rebuild it to see them"])
        groups, broader, collections = (pd.read_parquet(f) for f in files)
        stored = self.report.get("dataset", {}).get("skill_hierarchy", {})
        return SkillHierarchy(groups=groups, broader=broader, collections=collections,
                              issues=list(stored.get("issues", [])), files=list(stored.get("files", [])))

    @cached_property
    def occupation_hierarchy(self):
        """ESCO's broader relations between occupations and ISCO groups
        (:class:`dashboard.reading.occupation_hierarchy.OccupationHierarchy`); not ``available`` when
        the taxonomy had no broaderRelationsOccPillar file or the cube predates it."""
        from dashboard.reading.occupation_hierarchy import OccupationHierarchy, empty_occupation_hierarchy

        path = self.path / f"{OCCUPATION_HIERARCHY_TABLE}.parquet"
        if not path.is_file():
            return empty_occupation_hierarchy(["this cube was built before the occupation hierarchy was stored: "
                                               "rebuild it to see broader and narrower occupations"])
        stored = self.report.get("dataset", {}).get("occupation_hierarchy", {})
        return OccupationHierarchy(relations=pd.read_parquet(path).astype(object),
                                   issues=list(stored.get("issues", [])), files=list(stored.get("files", [])))

    @cached_property
    def related_index(self):
        """The build's related occupations (issue 14) as a
        :class:`dashboard.reading.related.RelatedIndex`; None for a cube built before them."""
        from dashboard.reading.related import RelatedIndex

        path = self.path / f"{RELATED_TABLE}.parquet"
        return RelatedIndex(pd.read_parquet(path)) if path.is_file() else None

    @cached_property
    def posting_rows(self):
        """Where each occupation x country x month's postings lie in ``postings.parquet`` (a
        :class:`dashboard.reading.posting_rows.PostingRows`); None for a cube without the group
        counts, or whose postings file is not in their order (DuckDB then answers every query)."""
        from dashboard.reading.posting_rows import PostingRows

        with self._rows_lock:  # opened once (about 0.3 s at 10M postings), not per request thread
            return PostingRows.open(self.path)

    @cached_property
    def collection_postings(self):
        """Postings asking for each skill collection (issue 15) as a
        :class:`dashboard.reading.collection_postings.CollectionPostings`; None for a cube built before them."""
        from dashboard.reading.collection_postings import CollectionPostings

        return CollectionPostings.load(self.path, countries=self.country_codes, months=self.months)

    def skill_demand_by_skill(self, skill_uri: str, *, start: str | None = None,
                              end: str | None = None) -> pd.DataFrame:
        """Postings asking for one skill, per occupation and country, in the period:
        occupation_uri, iso3, postings (one scan of the skill-demand arrays)."""
        columns = {"occupation_uri": pd.Series(dtype=object), "iso3": pd.Series(dtype=object),
                   "postings": pd.Series(dtype="int64")}
        demand = self._demand
        if demand is None:
            where, params = ["skill_uri = $skill"], {"skill": skill_uri}
            for column, op, name, value in (("month", ">=", "start", start), ("month", "<=", "end", end)):
                if value is not None:
                    where.append(f"{column} {op} ${name}")
                    params[name] = value
            sql = (f"SELECT occupation_uri, iso3, CAST(sum(postings) AS BIGINT) AS postings "
                   f"FROM read_parquet('{_sql_path(self.skill_demand_file)}') WHERE {' AND '.join(where)} "
                   "AND occupation_uri IS NOT NULL AND iso3 IS NOT NULL "
                   "GROUP BY occupation_uri, iso3 ORDER BY occupation_uri, iso3")
            with self._con_lock:
                return self._con.execute(sql, params).fetch_df()
        occupation, iso3, postings = demand.by_skill(skill_uri, start=start, end=end)
        if not len(postings):
            return pd.DataFrame(columns)
        occupations, countries = demand.vocabularies["occupation_uri"], demand.vocabularies["iso3"]
        key = occupation.astype("int64") * (len(countries) + 1) + iso3.astype("int64")
        present, inverse = np.unique(key, return_inverse=True)
        totals = np.bincount(inverse, weights=postings, minlength=len(present)).astype("int64")
        occ, country = np.divmod(present, len(countries) + 1)
        return pd.DataFrame({"occupation_uri": pd.Series([occupations[i] for i in occ], dtype=object),
                             "iso3": pd.Series([countries[i] for i in country], dtype=object),
                             "postings": totals})


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
