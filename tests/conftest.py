"""Shared test fixtures. Browser tests drive Debian's headless Chromium through dash[testing]."""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers import REPO_ROOT, free_port

SHARED_DIR = REPO_ROOT.parent / "shared"
ESCO_DIR = SHARED_DIR / "esco"

#: Flags for a closed network: no background fetches, no component updates, no sync.
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1280,900",
    # Any host but this machine fails to resolve: a request leaving the machine breaks the page.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
)


def pytest_setup_options():
    """dash[testing] hook: the Chrome options every dash_duo browser starts with."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    return options


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "dash_duo" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def dash_duo(dash_duo):
    """dash[testing]'s browser + server, on a free loopback port instead of its fixed 8050.

    Two checkouts (or a running app) on one machine would otherwise fight over port 8050.
    """
    start_server = dash_duo.start_server

    def start_on_free_port(app, navigate=True, **kwargs):
        kwargs.setdefault("port", free_port())
        return start_server(app, navigate=navigate, **kwargs)

    dash_duo.start_server = start_on_free_port
    return dash_duo


@pytest.fixture(scope="session")
def esco_dir() -> Path:
    """The real ESCO v1.1.1 download (two zips), or skip where ../shared is absent."""
    if not any(ESCO_DIR.glob("*.zip")):
        pytest.skip(f"real ESCO bundle not found in {ESCO_DIR} (CI has it beside the repo)")
    return ESCO_DIR


@pytest.fixture(scope="session")
def esco_taxonomy(esco_dir):
    """The real ESCO bundle through the loader, loaded once per session (skips without ../shared)."""
    from dashboard.building.taxonomy import load_taxonomy

    return load_taxonomy([esco_dir])


@pytest.fixture(scope="session")
def esco_raw(esco_dir) -> dict[str, list[dict[str, str]]]:
    """The real bundle's four CSVs as raw rows (csv module, no loader): what counts are checked against."""
    from helpers import raw_esco_rows

    names = ("occupations_en.csv", "skills_en.csv", "ISCOGroups_en.csv", "occupationSkillRelations.csv")
    return {name: raw_esco_rows(esco_dir, name) for name in names}


# -- cubes for callback and browser tests (built once per session, in tmp dirs) ----------

#: Hand-written postings over the demo taxonomy: software developers in DEU, FRA, MLT; nurses
#: in FRA and ITA; a posting for an accountant in POL only to give Poland postings data.
TINY_POSTINGS = """id,occupation,country,date,skills
1,software developer,DE,2025-01-10,python|java
2,software developer,DE,2025-01-11,python
3,programmer,DEU,2025-01-12,python|work in a team
4,software developer,Germany,2025-02-01,java
5,software developer,DE,2025-02-02,
6,software developer,FR,2025-01-05,sql
7,software developer,MT,2025-03-01,python
8,nurse,FR,2025-02-07,
9,nurse,FR,2025-02-08,
10,registered nurse,IT,2025-03-09,
11,accountant,PL,2025-03-10,
"""


@pytest.fixture(scope="session")
def tiny_cube_dir(tmp_path_factory) -> Path:
    """A cube of the demo taxonomy and :data:`TINY_POSTINGS` (months 2025-01 .. 2025-03)."""
    from dashboard.building.build import build
    from dashboard.paths import DEMO_TAXONOMY_DIR

    root = tmp_path_factory.mktemp("tiny_cube")
    postings = root / "postings.csv"
    postings.write_text(TINY_POSTINGS, encoding="utf-8")
    build(esco=[DEMO_TAXONOMY_DIR], postings=[postings], data_dir=root / "cube", progress=False)
    return root / "cube"


@pytest.fixture(scope="session")
def demo_cube_dir(tmp_path_factory) -> Path:
    """The demo cube (`python -m dashboard build` with no inputs), in a tmp dir."""
    from dashboard.building.build import build

    data_dir = tmp_path_factory.mktemp("demo_cube") / "cube"
    build(data_dir=data_dir, progress=False)
    return data_dir


@pytest.fixture(scope="session")
def esco_cube_dir(esco_dir, tmp_path_factory) -> Path:
    """A cube of the real ESCO taxonomy with 20,000 generated postings (skips without ../shared)."""
    import subprocess
    import sys

    from dashboard.building.build import build

    root = tmp_path_factory.mktemp("esco_cube")
    postings = root / "postings.csv"
    subprocess.run([sys.executable, str(REPO_ROOT / "data" / "jobs" / "generate_postings.py"), "--esco", str(esco_dir),
                    "--postings-count", "20000", "--out", str(postings)], check=True, capture_output=True)
    build(esco=[esco_dir], postings=[postings], data_dir=root / "cube", progress=False)
    return root / "cube"


@pytest.fixture(scope="module")
def chromium():
    """Skips the test without a working Chromium (the reason names it); the module's renderer is
    stopped after its tests."""
    from dashboard.exports import browser

    reason = browser.chromium_available()
    if reason:
        pytest.skip(reason)
    yield
    browser.stop_renderer()
