"""Helpers several test files share (pytest puts tests/ on sys.path, so ``from helpers import ...``).

Only logic that really is the same in each place lives here; fixtures stay in conftest.py.
"""
from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import socket
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path
from types import ModuleType

TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent
TINY_TAXONOMY = TESTS_DIR / "fixtures" / "taxonomy_tiny"
POSTINGS_FIXTURES = TESTS_DIR / "fixtures" / "postings"
BAD_INPUTS_DIR = TESTS_DIR / "bad_inputs"

#: The four groups of a skill breakdown, in the order of the query JSON.
BREAKDOWN_GROUPS = ("essential_knowledge", "essential_skill", "optional_knowledge", "optional_skill")


# -- processes ---------------------------------------------------------------------------------

def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def clean_environ(**extra: str) -> dict[str, str]:
    """This process's environment without Job Atlas settings (``JOB_ATLAS_*``, ``PORT``), plus ``extra``."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("JOB_ATLAS_") and k != "PORT"}
    environ.update(extra)
    return environ


def wait_until_serving(url: str, *, process: subprocess.Popen, timeout: float) -> bool:
    """Poll ``url`` until it answers 200 (True), or the process exits or ``timeout`` passes (False).

    Any request error counts as "not yet": on a busy machine a slow answer is a read timeout,
    not a failure.
    """
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return True
        except requests.RequestException:
            pass
        time.sleep(0.2)
    return False


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m dashboard ARGS`` from the repository root, as a script would run it."""
    return subprocess.run([sys.executable, "-m", "dashboard", *args], cwd=REPO_ROOT, env=clean_environ(**(env or {})),
                          capture_output=True, text=True, timeout=timeout)


def load_script(path: Path, name: str | None = None) -> ModuleType:
    """Import a script that is not in a package (data/jobs/, data/geo/) by its path."""
    name = name or path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    # Registered before running: dataclasses and pickling look the module up by name.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    """A zip archive of ``members`` (name -> bytes)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


# -- Dash's callback protocol ------------------------------------------------------------------

def dash_outputs(output_key: str) -> list[dict]:
    """Dash's output key (``id.prop`` or ``..id1.prop1...id2.prop2..``) as a request's ``outputs`` list.

    A pattern-matching id (JSON text) comes back as the dict the page sends; a ``prop@hash``
    (allow_duplicate) is kept as it is, as Dash expects it.
    """
    parts = output_key[2:-2].split("...") if output_key.startswith("..") else [output_key]
    outputs = []
    for part in parts:
        component, _, prop = part.rpartition(".")
        outputs.append({"id": json.loads(component) if component.startswith("{") else component, "property": prop})
    return outputs


# -- the real ESCO download, read without the loader -------------------------------------------

def raw_esco_rows(esco_dir: Path, name: str) -> list[dict[str, str]]:
    """Rows of one CSV (``occupations_en.csv`` ...) from the downloaded zips, with the csv module."""
    for bundle in sorted(esco_dir.glob("*.zip")):
        with zipfile.ZipFile(bundle) as archive:
            if name in archive.namelist():
                with archive.open(name) as handle:
                    return list(csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8", newline="")))
    raise AssertionError(f"{name} is in none of the zips in {esco_dir}")


def raw_skill_breakdown(raw: dict[str, list[dict[str, str]]], occupation_uri: str) -> dict[str, int]:
    """An occupation's four skill-group counts straight from the raw rows (independent of the loader).

    A relation counts when its skill is in skills_en.csv and its type is known: the relation's
    own skillType, or else the skill's.
    """
    skill_type = {row["conceptUri"]: row["skillType"] for row in raw["skills_en.csv"]}
    counts = Counter()
    for row in raw["occupationSkillRelations.csv"]:
        if row["occupationUri"] != occupation_uri or row["skillUri"] not in skill_type:
            continue
        kind = row["skillType"] or skill_type[row["skillUri"]]
        if kind and row["relationType"] in ("essential", "optional"):
            counts[f"{row['relationType']}_{'knowledge' if kind == 'knowledge' else 'skill'}"] += 1
    return {group: counts.get(group, 0) for group in BREAKDOWN_GROUPS}


def screenshot_of(dash_duo, element_id: str, filename: str) -> None:
    """Save a screenshot scrolled to ``element_id`` as ``filename``, only when the environment
    variable JOB_ATLAS_SCREENSHOT names a folder (to look at a part of the page by eye)."""
    folder = os.environ.get("JOB_ATLAS_SCREENSHOT")
    if folder:
        dash_duo.driver.set_window_size(1280, 900)
        dash_duo.driver.execute_script(
            "document.getElementById(arguments[0]).scrollIntoView({behavior: 'instant'})", element_id)
        dash_duo.driver.save_screenshot(os.path.join(folder, filename))


def export_view(cube, occupation, *, iso3=None, start=None, end=None, measure="jobs", skills=()):
    """The :class:`~dashboard.view.View` of one export, as the Export menu reads it from the view
    store (strict: a bad field raises a UsageError naming it)."""
    from dashboard.view import View

    data = {"occupation": occupation, "country": iso3, "start": start, "end": end, "measure": measure}
    if skills:
        data["skills"] = list(skills)
    return View.from_store(cube, data, strict=True)
