"""Headless Chromium for the browser benchmarks, with the test suite's closed-network flags.

Each ``chromium()`` is a fresh browser with a fresh profile, so the HTTP cache is cold:
a first page view really is the first one.
"""
from __future__ import annotations

import contextlib
import importlib.util
import sys
import time
from typing import Iterator

from bench import util

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

#: Recorded from the start of the document: when the first map path is in the DOM, and the
#: frame after it (the paint). Installed before any page script runs (CDP).
FIRST_MAP_PAINT_JS = """
window.__bench = {firstMapDom: null, firstMapPaint: null};
(function () {
  function seen() {
    if (window.__bench.firstMapDom !== null) return true;
    if (!document.querySelector('path.choroplethlocation')) return false;
    window.__bench.firstMapDom = performance.now();
    requestAnimationFrame(function () { window.__bench.firstMapPaint = performance.now(); });
    return true;
  }
  var observer = new MutationObserver(function () { if (seen()) observer.disconnect(); });
  observer.observe(document, {childList: true, subtree: true});
})();
"""

PERFORMANCE_JS = """
var nav = performance.getEntriesByType('navigation')[0] || {};
var paints = {};
performance.getEntriesByType('paint').forEach(function (p) { paints[p.name] = p.startTime; });
return {
  navigation: {name: nav.name, transferSize: nav.transferSize, encodedBodySize: nav.encodedBodySize,
               decodedBodySize: nav.decodedBodySize, domContentLoaded: nav.domContentLoadedEventEnd,
               load: nav.loadEventEnd},
  paints: paints,
  resources: performance.getEntriesByType('resource').map(function (r) {
    return {name: r.name, type: r.initiatorType, transferSize: r.transferSize, encodedBodySize: r.encodedBodySize,
            decodedBodySize: r.decodedBodySize, start: r.startTime, end: r.responseEnd};
  }),
  bench: window.__bench || null
};
"""


def chromium_flags() -> tuple[str, ...]:
    """The flags tests/conftest.py gives Chromium (closed network), read from that file."""
    tests_dir = util.REPO_ROOT / "tests"
    conftest = tests_dir / "conftest.py"
    spec = importlib.util.spec_from_file_location("_bench_conftest", conftest)
    module = importlib.util.module_from_spec(spec)
    # conftest.py imports its sibling tests/helpers.py, as pytest's rootdir import allows.
    added = str(tests_dir) not in sys.path
    if added:
        sys.path.insert(0, str(tests_dir))
    try:
        spec.loader.exec_module(module)
        return tuple(module.CHROMIUM_FLAGS)
    except Exception as error:  # noqa: BLE001 - report why rather than run with other flags
        raise util.Skip(f"cannot read CHROMIUM_FLAGS from {conftest}: {error}") from None
    finally:
        if added:
            sys.path.remove(str(tests_dir))


@contextlib.contextmanager
def chromium(*, first_map_probe: bool = True) -> Iterator:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in chromium_flags():
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_page_load_timeout(60)
        if first_map_probe:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FIRST_MAP_PAINT_JS})
        yield driver
    finally:
        driver.quit()


def wait_for(driver, script: str, *, timeout: float = 30, interval: float = 0.05):
    """Poll a JS expression until it is truthy; its value (raises TimeoutError)."""
    deadline = time.perf_counter() + timeout
    while True:
        value = driver.execute_script(f"return ({script});")
        if value:
            return value
        if time.perf_counter() > deadline:
            raise TimeoutError(f"browser: {script} still false after {timeout:.0f} s")
        time.sleep(interval)


def wait_network_quiet(driver, *, quiet: float = 1.5, timeout: float = 30) -> None:
    """Until the page is loaded and no new resource entry appeared for ``quiet`` seconds."""
    deadline = time.perf_counter() + timeout
    last, since = -1, time.perf_counter()
    while time.perf_counter() < deadline:
        state = driver.execute_script("return [document.readyState, performance.getEntriesByType('resource').length];")
        if state[1] != last:
            last, since = state[1], time.perf_counter()
        elif state[0] == "complete" and time.perf_counter() - since >= quiet:
            return
        time.sleep(0.1)


# -- Dash 4's dcc.Dropdown in a real browser (issue 12) ------------------------------------------
# The component's id sits on its button; the list and its search box open in a popover that is
# portalled into the ``.dash-dropdown-wrapper`` around the button (not inside the id's element).

#: JS: the options an open dropdown shows (``arguments[0]``: the component id), as text.
DROPDOWN_OPTIONS_JS = """
var button = document.getElementById(arguments[0]);
var root = button && button.closest('.dash-dropdown-wrapper');
return root ? Array.from(root.querySelectorAll('.dash-dropdown-option')).map(function (e) { return e.textContent; }) : [];
"""


def dropdown_css(component_id: str, inner: str = "") -> str:
    """CSS selector of a dropdown's wrapper (button + open list), or of ``inner`` inside it."""
    root = f".dash-dropdown-wrapper:has(> #{component_id})"
    return f"{root} {inner}".strip()


def open_dropdown(driver, component_id: str, *, timeout: float = 30):
    """Click the dropdown open; returns its search box (type into it to filter)."""
    from selenium.webdriver.common.by import By

    if not driver.find_elements(By.CSS_SELECTOR, dropdown_css(component_id, "input.dash-dropdown-search")):
        button = driver.find_element(By.ID, component_id)
        # Instantly: Bootstrap's smooth scrolling would leave the click landing off screen.
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
        button.click()
    selector = dropdown_css(component_id, "input.dash-dropdown-search")
    wait_for(driver, f"document.querySelector({selector!r})", timeout=timeout)
    return driver.find_element(By.CSS_SELECTOR, selector)


def dropdown_options(driver, component_id: str) -> list[str]:
    """The texts of the options an open dropdown lists, top first."""
    return driver.execute_script(DROPDOWN_OPTIONS_JS, component_id)


def dropdown_option(driver, component_id: str, text_starts: str):
    """The shown option whose text starts with ``text_starts`` (an element to click), or None."""
    from selenium.webdriver.common.by import By

    for element in driver.find_elements(By.CSS_SELECTOR, dropdown_css(component_id, ".dash-dropdown-option")):
        if element.text.startswith(text_starts):
            return element
    return None
