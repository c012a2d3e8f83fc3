"""Shared test fixtures. Browser tests drive Debian's headless Chromium through dash[testing]."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
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


@pytest.fixture(scope="session")
def esco_dir() -> Path:
    """The real ESCO v1.1.1 download (two zips), or skip where ../shared is absent."""
    if not any(ESCO_DIR.glob("*.zip")):
        pytest.skip(f"real ESCO bundle not found in {ESCO_DIR} (CI has it beside the repo)")
    return ESCO_DIR
