"""Engines that run the cube SQL (:mod:`dashboard.building.cube_definition`): DuckDB (default) and Spark.

Every engine is a class with the interface of :class:`Engine`, and owns its reader (DuckDB:
:mod:`.duckdb_reader`; Spark: inside :mod:`.spark`). The build (``dashboard.building.build``)
drives one through the same steps whichever it is.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol

from dashboard.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

    from dashboard.building.ingest import ColumnMap

#: Engine name (``build --engine``) -> (module, class). Imported on demand: Spark is an optional extra.
_ENGINES: dict[str, tuple[str, str]] = {
    "duckdb": ("dashboard.building.engines.duckdb", "DuckDBEngine"),
    "spark": ("dashboard.building.engines.spark", "SparkEngine"),
}
ENGINES = tuple(_ENGINES)


class Engine(Protocol):
    """What the build asks of an engine, in the order it asks.

    The engine is created with ``work_dir``, a scratch folder inside the build's staging folder
    (engine-specific keyword arguments may follow). It then

    1. reads the inputs into the relations ``raw_postings``, ``raw_counts`` and ``malformed``
       (``load_postings``, ``load_counts``; every row read ends up in one of them);
    2. answers the DISTINCT queries whose values Python resolves (``distinct``);
    3. takes the resolved mapping tables and earlier cube tables (``register``, ``register_parquet``);
    4. runs ``cube_definition.STATEMENTS`` (``run``), answers checks (``fetch``);
    5. writes the cube's Parquet tables and ``rejects.csv`` (``write``), and lets go (``close``).
    """

    name: str

    def __init__(self, *, work_dir: Path) -> None: ...

    def load_postings(self, files: list[Path], columns: "ColumnMap", *,
                      on_file: Callable[[Path], None] | None = None) -> None: ...

    def load_counts(self, files: list[Path], columns: "ColumnMap", *, first_index: int, default_period: str | None,
                    on_file: Callable[[Path], None] | None = None) -> None: ...

    def distinct(self, sql: str) -> list[str]: ...

    def register(self, name: str, frame: "pd.DataFrame") -> None: ...

    def register_parquet(self, name: str, folder: Path) -> None: ...

    def run(self, *, on_statement: Callable[[str], None] | None = None) -> None: ...

    def fetch(self, sql: str) -> "pd.DataFrame": ...

    def write(self, out_dir: Path) -> dict[str, int]: ...

    def close(self) -> None: ...


def get_engine(name: str) -> type[Engine]:
    """The engine class named ``name`` (imported on demand: Spark is an optional extra)."""
    if name not in _ENGINES:
        raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    module_name, class_name = _ENGINES[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if name == "spark":
            raise UsageError(
                f"the spark engine is not available ({error}); install requirements-spark.txt "
                "(PySpark, Java 17) or build with --engine duckdb"
            ) from None
        raise
    return getattr(module, class_name)
