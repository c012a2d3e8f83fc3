"""Benchmark 4: start-up of ``python app.py`` with a built cube, and the occupation picker.

Start-up: time from spawning ``python app.py`` to the first 200 on ``/``, then the first
``/_dash-layout`` (the layout function opens the cube). Baseline, alternated in the same
run: ``bench.baseline_app`` (dash + a graph + a dropdown, no Job Atlas code).

Picker: in headless Chromium, type a word into the occupation picker and time from the last
keydown to the moment the list of options shown reaches its final state (a
MutationObserver snapshotting the option texts; 0 when the list was already final), settled
for 1 s. Baseline: the same on the baseline app's dropdown, which
holds all occupations as client-side options.
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import requests

from bench import browser, util
from bench.baseline_app import PICKER_ID
from bench.util import Sizes

PICKER_PROBE_JS = """
// Dash 4: the id is on the dropdown's button; the open list is portalled into its wrapper.
var root = document.getElementById(arguments[0]).closest('.dash-dropdown-wrapper');
function snap() {
  return Array.from(root.querySelectorAll('.dash-dropdown-option')).map(function (e) { return e.textContent; }).join('\\n');
}
window.__pick = {keys: [], changes: [], prev: snap()};
root.addEventListener('keydown', function () { window.__pick.keys.push(performance.now()); }, true);
// A change is the list of options shown becoming different (typing itself is not one).
new MutationObserver(function () {
  var now = snap();
  if (now !== window.__pick.prev) { window.__pick.prev = now; window.__pick.changes.push(performance.now()); }
}).observe(root, {childList: true, subtree: true, characterData: true});
"""



def _occupations_file(data_dir: Path) -> Path:
    version = (data_dir / "CURRENT").read_text().strip()
    return data_dir / "versions" / version / "occupations.parquet"


def picker_terms(occupations: Path, count: int, *, seed: int = 11) -> list[str]:
    """Words people type: the first word (>= 5 letters) of randomly chosen occupation labels."""
    labels = pd.read_parquet(occupations, columns=["label"])["label"].tolist()
    rng = np.random.default_rng(seed)
    terms: list[str] = []
    for label in rng.permutation(labels):
        word = next((w for w in str(label).lower().split() if len(w) >= 5 and w.isalpha()), None)
        if word and word not in terms:
            terms.append(word)
        if len(terms) == count:
            break
    return terms


def _type_terms(driver, url: str, picker: str, terms: list[str]) -> list[dict]:
    from selenium.webdriver.common.keys import Keys

    driver.get(url)
    browser.wait_for(driver, f"document.getElementById({picker!r})", timeout=60)
    browser.wait_network_quiet(driver, quiet=1.0)
    driver.execute_script(PICKER_PROBE_JS, picker)
    field = browser.open_dropdown(driver, picker)
    results = []
    for term in terms:
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.BACKSPACE)
        time.sleep(1.0)
        driver.execute_script("window.__pick.keys = []; window.__pick.changes = [];")
        field.send_keys(term)
        # Settled: the option list did not change for 1 s after the last keystroke (or 10 s passed).
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            keys, changes, now = driver.execute_script(
                "return [window.__pick.keys, window.__pick.changes, performance.now()];")
            if keys and now - max(keys[-1], changes[-1] if changes else 0) > 1000:
                break
            time.sleep(0.05)
        # From the last keystroke to the list's final state; 0 when it was already final.
        last_key = keys[-1] if keys else None
        final = changes[-1] if changes else None
        options = browser.dropdown_options(driver, picker)
        results.append({
            "term": term,
            "ms": None if last_key is None else round(max(0.0, (final or 0) - last_key), 1),
            "from_first_key_ms": None if not keys or final is None else round(max(0.0, final - keys[0]), 1),
            "options_shown": len(options),
            "matches_term": any(term in o.lower() for o in options),
        })
    return results


def run(sizes: Sizes, *, log=print) -> dict:
    data_dir = util.ensure_cube(sizes.serve_postings, log=log)
    occupations = _occupations_file(data_dir)
    ready, layout_ms, base_ready = [], [], []
    for n in range(sizes.startup_runs):
        with util.serve("app", data_dir, name="startup-app") as server:
            ready.append(server.ready_s)
            start = time.perf_counter()
            requests.get(server.url + "/_dash-layout", timeout=60).raise_for_status()
            layout_ms.append((time.perf_counter() - start) * 1000)
        with util.serve("baseline", None, occupations=occupations, name="startup-baseline") as base:
            base_ready.append(base.ready_s)
        log(f"    run {n + 1}: app ready {ready[-1]:.2f} s (+ first layout {layout_ms[-1]:.0f} ms); "
            f"baseline {base_ready[-1]:.2f} s")
    ready_s = util.summarise(ready)
    base_s = util.summarise(base_ready)

    terms = picker_terms(occupations, sizes.picker_terms)
    picker_result: dict = {"terms": terms}
    try:
        browser.chromium_flags()
        with util.serve("app", data_dir, name="picker-app") as server:
            from bench.dash_client import DashClient
            from bench.latency import find_components

            picker, _ = find_components(DashClient(server.url))
            with browser.chromium(first_map_probe=False) as driver:
                typed = _type_terms(driver, server.url + "/", picker, terms)
        with util.serve("baseline", None, occupations=occupations, name="picker-baseline") as base:
            with browser.chromium(first_map_probe=False) as driver:
                base_typed = _type_terms(driver, base.url + "/", PICKER_ID, terms)
        picker_ms = util.summarise([t["ms"] for t in typed])
        base_ms = util.summarise([t["ms"] for t in base_typed])
        picker_result.update({
            "occupations": int(len(pd.read_parquet(occupations, columns=["occupation_uri"]))),
            "typing_to_options_ms": picker_ms,
            "from_first_keystroke_ms": util.summarise([t["from_first_key_ms"] for t in typed]),
            "no_keystroke_seen": sum(t["ms"] is None for t in typed),
            "terms_without_matching_option": [t["term"] for t in typed if not t["matches_term"]],
            "max_options_shown": max(t["options_shown"] for t in typed),
            "baseline_client_side_ms": base_ms,
            "ratio_median": util.ratio(base_ms["median"], picker_ms["median"], digits=2),
        })
    except util.Skip as skip:
        picker_result["skipped"] = str(skip)
    picker_p95 = (picker_result.get("typing_to_options_ms") or {}).get("p95")
    return {
        "cube_postings": sizes.serve_postings,
        "app_ready_s": ready_s,
        "first_layout_ms": util.summarise(layout_ms),
        "baseline_minimal_dash_ready_s": base_s,
        "ratio_ready_baseline_over_app": util.ratio(base_s["median"], ready_s["median"], digits=2),
        "picker": picker_result,
        "targets": [
            util.target("python app.py ready, first 200 on / (median)", measured=ready_s["median"], limit=5, unit="s"),
            util.target("picker typing to filtered list (p95)", measured=picker_p95, limit=100, unit="ms"),
        ],
    }
