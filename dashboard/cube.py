"""Read a published cube: the small frames in memory with lookup indexes, skill demand on demand.

Callbacks answer every interaction from here, so everything a request looks up is indexed
once, when the cube opens (issue 6: an interaction has ~25 ms of server time): rows of an
occupation by binary search, labels by dict. Skill demand (occupation x country x month x
skill, millions of rows) is read through DuckDB with row-group pruning by default; a server
calls :meth:`Cube.warm`, which loads it into compact integer arrays grouped by occupation,
so a query is a slice and a ``bincount`` instead of a Parquet read.

A data directory holds published versions side by side (``versions/<version>/``) and a
``CURRENT`` pointer file naming the live one; ``dashboard.build`` replaces the pointer
atomically, so a reader sees either the old cube or the new one, never half of each.
The previous version is kept on disk, so a query that started on it still finishes.
"""
from __future__ import annotations

import bisect
import json
import logging
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import duckdb
import numpy as np
import pandas as pd

from dashboard.errors import CubeNotFound

if TYPE_CHECKING:  # B's resolver; imported lazily so opening a cube stays cheap
    from dashboard.resolve import OccupationIndex

#: The pointer file naming the published version (one line of text).
CURRENT_FILE = "CURRENT"
VERSIONS_DIR = "versions"
REPORT_FILE = "build_report.json"
REJECTS_FILE = "rejects.csv"

#: Every Parquet table of a published cube (the layout the Spark engine writes too).
TABLES = (
    "occupations",
    "isco_groups",
    "skills",
    "occupation_skills",
    "jobs",
    "skill_demand",
    "country_totals",
)
#: Tables held in memory; skill_demand (occupation x country x month x skill) stays on disk.
IN_MEMORY_TABLES = tuple(t for t in TABLES if t != "skill_demand")

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


class SkillDemandArrays:
    """skill_demand.parquet held as integer arrays, rows grouped by occupation.

    Per row: country, month and skill as positions in their sorted vocabularies, and the
    postings. ``offsets[i]:offsets[i + 1]`` are the rows of the i-th occupation URI (sorted),
    so one occupation's demand is a slice; ~10 bytes a row.
    """

    def __init__(self, path: Path):
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        keys = ["occupation_uri", "iso3", "month", "skill_uri"]
        table = pq.read_table(path, columns=[*keys, "postings"], read_dictionary=keys)
        valid = None
        for name in [*keys, "postings"]:
            if table.column(name).null_count:
                mask = pc.is_valid(table.column(name))
                valid = mask if valid is None else pc.and_(valid, mask)
        if valid is not None:  # a NULL key never matches a query (as in SQL)
            table = table.filter(valid)
        for name in keys:  # an empty file (or another writer) may give plain strings
            column = table.column(name)
            if not pa.types.is_dictionary(column.type):
                encoded = pc.dictionary_encode(column.cast(pa.string()))
                table = table.set_column(table.schema.get_field_index(name), name, encoded)
        table = table.unify_dictionaries()
        codes: dict[str, np.ndarray] = {}
        self.vocabularies: dict[str, list[str]] = {}
        for name in keys:
            column = table.column(name)
            chunks = column.chunks
            dictionary = chunks[0].dictionary.to_pylist() if chunks else []
            order = sorted(range(len(dictionary)), key=dictionary.__getitem__)
            rank = np.empty(len(dictionary), dtype="int32")
            rank[order] = np.arange(len(dictionary), dtype="int32")
            indices = (np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in chunks])
                       if chunks else np.zeros(0, dtype="int32"))
            codes[name] = rank[indices] if len(rank) else indices.astype("int32")
            self.vocabularies[name] = [dictionary[i] for i in order]
        postings = table.column("postings").to_numpy().astype("int64")
        occupation = codes.pop("occupation_uri")
        if len(occupation) and not bool(np.all(occupation[1:] >= occupation[:-1])):
            order = np.argsort(occupation, kind="stable")
            occupation = occupation[order]
            codes = {k: v[order] for k, v in codes.items()}
            postings = postings[order]
        self.occupations = self.vocabularies["occupation_uri"]
        self._occupation_pos = {uri: i for i, uri in enumerate(self.occupations)}
        self.offsets = np.searchsorted(occupation, np.arange(len(self.occupations) + 1)).astype("int64")
        self.iso3 = codes["iso3"].astype("int16" if len(self.vocabularies["iso3"]) < 2**15 else "int32")
        self.month = codes["month"].astype("int16" if len(self.vocabularies["month"]) < 2**15 else "int32")
        self.skill = codes["skill_uri"].astype("int32")
        self.postings = postings.astype("int32") if postings.size == 0 or postings.max() < 2**31 else postings
        self._iso3_pos = {c: i for i, c in enumerate(self.vocabularies["iso3"])}

    @property
    def nbytes(self) -> int:
        return int(self.iso3.nbytes + self.month.nbytes + self.skill.nbytes + self.postings.nbytes + self.offsets.nbytes)

    def demand(self, occupation_uri: str, *, iso3: str | None, start: str | None, end: str | None) -> tuple[list[str], np.ndarray]:
        """Skills (URI order) and their postings for one occupation and scope."""
        pos = self._occupation_pos.get(occupation_uri)
        if pos is None:
            return [], np.zeros(0, dtype="int64")
        lo, hi = int(self.offsets[pos]), int(self.offsets[pos + 1])
        mask = None
        if iso3 is not None:
            code = self._iso3_pos.get(iso3)
            if code is None:
                return [], np.zeros(0, dtype="int64")
            mask = self.iso3[lo:hi] == code
        months = self.vocabularies["month"]
        first = bisect.bisect_left(months, start) if start is not None else 0
        last = bisect.bisect_right(months, end) if end is not None else len(months)
        if first > 0 or last < len(months):
            month = self.month[lo:hi]
            in_period = (month >= first) & (month < last)
            mask = in_period if mask is None else mask & in_period
        skill, postings = self.skill[lo:hi], self.postings[lo:hi]
        if mask is not None:
            skill, postings = skill[mask], postings[mask]
        if skill.size == 0:
            return [], np.zeros(0, dtype="int64")
        present, inverse = np.unique(skill, return_inverse=True)
        totals = np.bincount(inverse, weights=postings, minlength=len(present)).astype("int64")
        vocabulary = self.vocabularies["skill_uri"]
        return [vocabulary[i] for i in present], totals


def current_version(data_dir: Path) -> str | None:
    """The published version named by ``DIR/CURRENT``, or None when nothing is published."""
    try:
        version = (Path(data_dir) / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return version or None


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
        frames = {name: pd.read_parquet(self.path / f"{name}.parquet") for name in IN_MEMORY_TABLES}
        self.occupations: pd.DataFrame = frames["occupations"]
        self.isco_groups: pd.DataFrame = frames["isco_groups"]
        self.skills: pd.DataFrame = frames["skills"]
        self.occupation_skills: pd.DataFrame = frames["occupation_skills"]
        # Sorted by occupation_uri (build contract): slices are found by binary search.
        self.jobs: pd.DataFrame = frames["jobs"]
        self.country_totals: pd.DataFrame = frames["country_totals"]
        self._jobs_keys = self.jobs["occupation_uri"].to_numpy()
        self.months: list[str] = sorted(self.jobs["month"].unique().tolist()) or [
            m for m in (self.report.get("months") or []) if m
        ]
        self.skill_demand_file = self.path / "skill_demand.parquet"
        self._con = duckdb.connect(config={"threads": 1})
        self._con_lock = threading.Lock()
        self._demand: SkillDemandArrays | None = None
        self._warming: threading.Thread | None = None
        self._warm_lock = threading.Lock()
        self._index_lock = threading.Lock()
        self._index_tables()

    def _index_tables(self) -> None:
        """Lookups every request needs, built once (each was a scan of a table per call)."""
        occ = self.occupations
        self.occupation_facts: dict[str, OccupationFacts] = {
            str(uri): OccupationFacts(_text(label), _text(code), _text(group), _text(description))
            for uri, label, code, group, description in zip(
                occ["occupation_uri"], occ["label"], occ["code"], occ["isco_group"],
                occ["description"] if "description" in occ else [""] * len(occ))
        }
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
        # Jobs as integer arrays: country = position in the geo file's countries (-1 when not
        # on the map), month = position in self.months. jobs_of slices stay pandas.
        self._jobs_month = _codes_of(self.jobs["month"].to_numpy(dtype=object), self.months)
        self._jobs_count = self.jobs["jobs"].to_numpy(dtype="int64")
        self._jobs_iso3_vocabulary = sorted(self.jobs["iso3"].dropna().astype(str).unique().tolist())
        self._jobs_iso3 = _codes_of(self.jobs["iso3"].to_numpy(dtype=object), self._jobs_iso3_vocabulary)
        self._jobs_iso3_pos = {c: i for i, c in enumerate(self._jobs_iso3_vocabulary)}
        #: occupation_uri -> its skills from the taxonomy, each once: (skill_uri, relation, skill_type).
        self.skill_links: dict[str, list[tuple[str, str, str]]] = {}
        seen: set[tuple[str, str]] = set()
        for occupation, skill, relation, kind in zip(links["occupation_uri"], links["skill_uri"], links["relation"],
                                                     links["skill_type"]):
            if (occupation, skill) in seen:
                continue
            seen.add((occupation, skill))
            self.skill_links.setdefault(occupation, []).append((skill, _text(relation), _text(kind)))

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
        jobs_country = positions(self.jobs["iso3"].to_numpy(dtype=object))
        totals = self.country_totals
        t_country = positions(totals["iso3"].to_numpy(dtype=object))
        t_month = _codes_of(totals["month"].to_numpy(dtype=object), self.months)
        keep = (t_country >= 0) & (t_month >= 0)
        grid = np.zeros((len(codes), len(self.months) + 1), dtype="int64")
        np.add.at(grid, (t_country[keep], t_month[keep] + 1), totals["jobs"].to_numpy(dtype="int64")[keep])
        return jobs_country, np.cumsum(grid, axis=1)

    def month_range(self, start: str | None, end: str | None) -> tuple[int, int]:
        """Positions [first, last) of the cube's months inside the inclusive period."""
        first = bisect.bisect_left(self.months, start) if start is not None else 0
        last = bisect.bisect_right(self.months, end) if end is not None else len(self.months)
        return first, max(first, last)

    def jobs_by_country_arrays(self, occupation_uri: str, *, start: str | None, end: str | None) -> tuple[np.ndarray, np.ndarray]:
        """Jobs of one occupation and all postings, per country of :attr:`countries`, in the period."""
        jobs_country, cumulative = self._country_arrays
        first, last = self.month_range(start, end)
        lo = int(self._jobs_keys.searchsorted(occupation_uri, side="left"))
        hi = int(self._jobs_keys.searchsorted(occupation_uri, side="right"))
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
        if not self.jobs.empty:
            totals = self.jobs.groupby("occupation_uri", sort=False)["jobs"].sum()
            totals = totals[totals > 0]
            if not totals.empty:
                best = set(totals.index[totals == totals.max()])
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
        """Build what requests would otherwise build on first use: the occupation index and the
        in-memory skill demand. A server calls this once per process before serving."""
        with self._warm_lock:
            self.occupation_index  # noqa: B018 - built for its side effect
            self.countries  # noqa: B018
            self._country_arrays  # noqa: B018
            self.default_occupation  # noqa: B018
            if self._demand is None:
                self._demand = SkillDemandArrays(self.skill_demand_file)
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
                    from dashboard.resolve import OccupationIndex

                    index = OccupationIndex(self.occupations)
                    self.__dict__["_occupation_index"] = index
        return index

    # -- lookups used by dashboard.queries -------------------------------------------

    def jobs_of(self, occupation_uri: str) -> pd.DataFrame:
        """Rows of ``jobs`` for one occupation (iso3, month, jobs)."""
        lo = self._jobs_keys.searchsorted(occupation_uri, side="left")
        hi = self._jobs_keys.searchsorted(occupation_uri, side="right")
        return self.jobs.iloc[lo:hi]

    def jobs_per_country_month(self, occupation_uri: str, *, iso3: str | None = None, start: str | None = None,
                               end: str | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """One occupation's jobs rows in scope as arrays: country code (position in the jobs
        table's own sorted ISO3 list, so countries off the map count too), month position, jobs."""
        lo = int(self._jobs_keys.searchsorted(occupation_uri, side="left"))
        hi = int(self._jobs_keys.searchsorted(occupation_uri, side="right"))
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
        demand = self._demand
        if demand is not None:
            uris, postings = demand.demand(occupation_uri, iso3=iso3, start=start, end=end)
            return pd.DataFrame({"skill_uri": pd.Series(uris, dtype=object), "postings": postings})
        where = ["occupation_uri = $occ"]
        params: dict[str, str] = {"occ": occupation_uri}
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


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
