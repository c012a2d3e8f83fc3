"""The layering rules of DESIGN.md, checked on the source so they cannot rot silently."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from helpers import REPO_ROOT



def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(folder: str) -> list[Path]:
    return sorted((REPO_ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("dashboard"), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_the_domain_never_imports_dash(path):
    forbidden = imported_modules(path) & {"dash", "dash_bootstrap_components", "flask", "layouts", "callbacks", "web"}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}: dashboard/ must stay free of the web layer"


@pytest.mark.parametrize("path", python_files("dashboard"), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_the_core_never_imports_pyspark_at_module_level(path):
    # PySpark is an optional extra: only the Spark engine may import it, and only lazily.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {
        alias.name.split(".")[0]
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
    }
    assert "pyspark" not in top_level, f"{path.name} imports pyspark at module level"


def imported_dotted(path: Path) -> set[str]:
    """Every module an import statement names, in full (``dashboard.building.build``), lazy ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


@pytest.mark.parametrize("path", python_files("dashboard/reading"), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_reading_a_cube_never_imports_the_build(path):
    # The build writes what reading defines (file names, indexes), never the other way round:
    # the app and its workers load no ingest, engine or taxonomy-file code.
    building = sorted(name for name in imported_dotted(path) if name.startswith("dashboard.building"))
    assert not building, f"{path.name} imports {building}: dashboard/reading must not depend on dashboard/building"


@pytest.mark.parametrize("path", python_files("dashboard/building"), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_building_never_imports_exports_or_the_cli(path):
    wrong = sorted(name for name in imported_dotted(path)
                   if name.split(".")[:2] in (["dashboard", "exports"], ["dashboard", "cli"], ["dashboard", "export_cli"],
                                              ["dashboard", "jobs_cli"], ["dashboard", "report"], ["dashboard", "figures"]))
    assert not wrong, f"{path.name} imports {wrong}: the build knows nothing of exports, charts or the command line"


def literal_ids(path: Path) -> list[str]:
    """String literals passed as ``id=`` or as the first argument of Input/Output/State."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "id" and isinstance(keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                found.append(keyword.value.value)
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name in {"Input", "Output", "State"} and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append(first.value)
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in python_files("layouts") + python_files("callbacks") if p.name != "ids.py"],
    ids=lambda p: str(p.relative_to(REPO_ROOT)),
)
def test_component_ids_come_from_layouts_ids(path):
    assert literal_ids(path) == [], f"{path.name}: use a constant from layouts/ids.py, not a literal id"


def id_families() -> dict[str, type]:
    from layouts import ids

    return {name: value for name, value in vars(ids).items() if isinstance(value, type) and value.__module__ == ids.__name__}


def test_component_ids_come_in_families_and_never_repeat():
    # ids.py holds only families (ids.Map.GRAPH), so a feature's ids are found in one place;
    # two features sharing one id string would make Dash update the wrong component.
    from layouts import ids

    loose = [name for name, value in vars(ids).items() if not name.startswith("_") and isinstance(value, (str, dict, tuple))]
    assert loose == [], f"ids outside a family in layouts/ids.py: {loose}"
    seen: dict[str, str] = {}
    for family_name, family in id_families().items():
        for name, value in vars(family).items():
            if name.isupper() and isinstance(value, str):
                assert value not in seen, f"{family_name}.{name} repeats {seen[value]}'s id {value!r}"
                seen[value] = f"{family_name}.{name}"
    assert len(seen) > 50
