"""Engines that run the cube SQL (:mod:`dashboard.building.cube_definition`): DuckDB (default) and Spark.

An engine loads the inputs into its relations (``raw_postings``, ``raw_counts``,
``malformed``), answers DISTINCT queries, takes the resolved mapping tables, runs
``cube_definition.STATEMENTS`` and writes the Parquet tables and ``rejects.csv``.
"""
from __future__ import annotations

import importlib

from dashboard.errors import UsageError

ENGINES = ("duckdb", "spark")


def get_engine(name: str):
    """The engine class named ``name`` (imported on demand: Spark is an optional extra)."""
    if name not in ENGINES:
        raise UsageError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    try:
        module = importlib.import_module(f"dashboard.building.engines.{name}")
    except ModuleNotFoundError as error:
        if name == "spark":
            raise UsageError(
                f"the spark engine is not available ({error}); install requirements-spark.txt "
                "(PySpark, Java 17) or build with --engine duckdb"
            ) from None
        raise
    return module.ENGINE
