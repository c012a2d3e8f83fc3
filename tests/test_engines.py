"""Every engine has the interface the build drives (dashboard.building.engines.Engine)."""
from __future__ import annotations

import inspect

import pytest

from dashboard.building.engines import ENGINES, Engine, get_engine
from dashboard.errors import UsageError

PROTOCOL_MEMBERS = [name for name, value in vars(Engine).items()
                    if callable(value) and not name.startswith("_") or name == "__init__"]


def _engine_class(name: str):
    # The Spark module imports PySpark lazily: its class can be inspected without it installed.
    import importlib

    from dashboard.building import engines
    module_name, class_name = engines._ENGINES[name]
    return getattr(importlib.import_module(module_name), class_name)


def _parameters(function) -> list[tuple[str, inspect._ParameterKind]]:
    return [(p.name, p.kind) for p in inspect.signature(function).parameters.values()]


def test_the_protocol_names_every_step_of_the_build():
    assert set(PROTOCOL_MEMBERS) == {"__init__", "load_postings", "load_counts", "distinct", "register",
                                     "register_parquet", "run", "fetch", "write", "close"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("member", PROTOCOL_MEMBERS)
def test_each_engine_takes_the_arguments_the_build_passes(engine, member):
    cls = _engine_class(engine)
    wanted = _parameters(getattr(Engine, member))
    found = _parameters(getattr(cls, member))
    if member == "__init__":
        # Engine-specific options may follow work_dir, as keyword arguments with defaults.
        extra = inspect.signature(cls.__init__).parameters.values()
        assert all(p.default is not inspect.Parameter.empty for p in list(extra)[len(wanted):]), cls
        found = found[:len(wanted)]
    assert found == wanted, f"{cls.__name__}.{member}{inspect.signature(getattr(cls, member))}"


@pytest.mark.parametrize("engine", ENGINES)
def test_each_engine_says_its_name(engine):
    assert _engine_class(engine).name == engine


def test_get_engine_gives_the_duckdb_class():
    from dashboard.building.engines.duckdb import DuckDBEngine
    assert get_engine("duckdb") is DuckDBEngine


def test_an_unknown_engine_names_the_choices():
    with pytest.raises(UsageError, match="unknown engine 'polars'; choose one of duckdb, spark"):
        get_engine("polars")
