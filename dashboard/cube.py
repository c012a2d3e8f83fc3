"""Read a published cube: the small frames in memory, skill demand through DuckDB.

A data directory holds published versions side by side (``versions/<version>/``) and a
``CURRENT`` pointer file naming the live one; ``dashboard.build`` replaces the pointer
atomically, so a reader sees either the old cube or the new one, never half of each.
The previous version is kept on disk, so a query that started on it still finishes.
"""
from __future__ import annotations

import json
import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
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

    @cached_property
    def occupation_index(self) -> "OccupationIndex":
        from dashboard.resolve import OccupationIndex

        return OccupationIndex(self.occupations)

    # -- lookups used by dashboard.queries -------------------------------------------

    def jobs_of(self, occupation_uri: str) -> pd.DataFrame:
        """Rows of ``jobs`` for one occupation (iso3, month, jobs)."""
        lo = self._jobs_keys.searchsorted(occupation_uri, side="left")
        hi = self._jobs_keys.searchsorted(occupation_uri, side="right")
        return self.jobs.iloc[lo:hi]

    def skill_demand_of(
        self, occupation_uri: str, *, iso3: str | None = None, start: str | None = None, end: str | None = None
    ) -> pd.DataFrame:
        """Postings asking for each skill (skill_uri, postings) for one occupation and scope."""
        where = ["occupation_uri = $occ"]
        params: dict[str, str] = {"occ": occupation_uri}
        for column, op, name, value in (("iso3", "=", "iso3", iso3), ("month", ">=", "start", start), ("month", "<=", "end", end)):
            if value is not None:
                where.append(f"{column} {op} ${name}")
                params[name] = value
        sql = (
            f"SELECT skill_uri, CAST(sum(postings) AS BIGINT) AS postings "
            f"FROM read_parquet('{_sql_path(self.skill_demand_file)}') WHERE {' AND '.join(where)} "
            "GROUP BY skill_uri"
        )
        # One connection per cube, used by one thread at a time (gunicorn threads share it).
        with self._con_lock:
            return self._con.execute(sql, params).fetch_df()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
