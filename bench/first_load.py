"""Benchmark 2: first page view — compressed bytes transferred and time to first map paint.

Headless Chromium (fresh profile each run, so the cache is cold) opens the app; the
Performance API gives every resource's ``transferSize`` (bytes on the wire, compressed) and
a probe installed before any page script records when the first ``path.choroplethlocation``
enters the DOM and the frame after it (the paint). Baseline in the same run: a static page
with plain plotly.js and the whole figure inline (geometry included), no Dash, no
compression, served from this process — what the map costs without the app around it.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pandas as pd

from bench import browser, util
from bench.util import OUT_DIR, Sizes

BASELINE_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>baseline map</title>
<script src="plotly.min.js"></script><script src="figure.js"></script></head>
<body><div id="map" style="height:70vh"></div>
<script>Plotly.newPlot('map', FIGURE.data, FIGURE.layout, {topojsonURL: 'topojson/'});</script>
</body></html>
"""


def _measure(driver, url: str) -> dict:
    driver.get(url)
    paint = browser.wait_for(driver, "window.__bench && window.__bench.firstMapPaint", timeout=60)
    browser.wait_network_quiet(driver)
    perf = driver.execute_script(browser.PERFORMANCE_JS)
    resources = perf["resources"]
    nav = perf["navigation"]
    transfer = (nav.get("transferSize") or 0) + sum(r["transferSize"] or 0 for r in resources)
    decoded = (nav.get("decodedBodySize") or 0) + sum(r["decodedBodySize"] or 0 for r in resources)
    biggest = sorted(resources, key=lambda r: r["transferSize"] or 0, reverse=True)[:6]
    return {
        "first_map_paint_ms": round(paint, 1),
        "first_contentful_paint_ms": round(perf["paints"].get("first-contentful-paint") or 0, 1) or None,
        "transfer_kb": round(transfer / 1024, 1),
        "decoded_kb": round(decoded / 1024, 1),
        "requests": len(resources) + 1,
        "largest": [{"name": r["name"].split("?")[0].rsplit("/", 1)[-1], "transfer_kb": round((r["transferSize"] or 0) / 1024, 1),
                     "decoded_kb": round((r["decodedBodySize"] or 0) / 1024, 1)} for r in biggest],
        "console_errors": [e["message"][:200] for e in driver.get_log("browser") if e.get("level") == "SEVERE"],
    }


def _baseline_site(data_dir: Path) -> Path:
    """A static page with plotly.js and the whole figure (geometry included) for the top occupation."""
    import plotly

    from bench.latency import FullFigureBaseline

    site = OUT_DIR / "first-load-baseline"
    (site / "topojson").mkdir(parents=True, exist_ok=True)
    shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", site / "plotly.min.js")
    from dashboard import paths

    for topology in paths.TOPOJSON_DIR.glob("*.json"):
        shutil.copy(topology, site / "topojson" / topology.name)
    version = (data_dir / "CURRENT").read_text().strip()
    jobs = pd.read_parquet(data_dir / "versions" / version / "jobs.parquet", columns=["occupation_uri", "jobs"])
    top = jobs.groupby("occupation_uri")["jobs"].sum().idxmax()
    baseline = FullFigureBaseline(data_dir)
    from dashboard.reading import queries

    figure = baseline.figures.jobs_map_figure(queries.jobs_by_country(baseline.cube, top), geojson=baseline.geojson,
                                              **baseline.kwargs)
    (site / "figure.js").write_text("var FIGURE = " + figure.to_json() + ";\n")
    (site / "index.html").write_text(BASELINE_HTML)
    return site


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def run(sizes: Sizes, *, log=print) -> dict:
    data_dir = util.ensure_cube(sizes.serve_postings, log=log)
    browser.chromium_flags()
    site = _baseline_site(data_dir)
    port = util.free_port()
    static = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=static.serve_forever, daemon=True)
    thread.start()
    runs, baseline_runs = [], []
    try:
        with util.serve("app", data_dir, name="first-load-app") as server:
            for n in range(sizes.first_load_runs):
                # Alternate product and baseline so drifting machine load hits both alike.
                with browser.chromium() as driver:
                    runs.append(_measure(driver, server.url + "/"))
                with browser.chromium() as driver:
                    baseline_runs.append(_measure(driver, f"http://127.0.0.1:{port}/index.html"))
                log(f"    run {n + 1}: app {runs[-1]['first_map_paint_ms']} ms / {runs[-1]['transfer_kb']} KB; "
                    f"baseline {baseline_runs[-1]['first_map_paint_ms']} ms / {baseline_runs[-1]['transfer_kb']} KB")
    finally:
        static.shutdown()
    paint = util.summarise([r["first_map_paint_ms"] for r in runs])
    transfer = util.summarise([r["transfer_kb"] for r in runs])
    base_paint = util.summarise([r["first_map_paint_ms"] for r in baseline_runs])
    base_transfer = util.summarise([r["transfer_kb"] for r in baseline_runs])
    return {
        "cube_postings": sizes.serve_postings,
        "runs": len(runs),
        "first_map_paint_ms": paint,
        "transfer_kb": transfer,
        "decoded_kb": util.summarise([r["decoded_kb"] for r in runs]),
        "first_contentful_paint_ms": util.summarise([r["first_contentful_paint_ms"] for r in runs]),
        "requests": runs[-1]["requests"],
        "largest_resources": runs[-1]["largest"],
        "console_errors": runs[-1]["console_errors"],
        "baseline_plain_plotly_page": {
            "first_map_paint_ms": base_paint,
            "transfer_kb": base_transfer,
            "largest_resources": baseline_runs[-1]["largest"],
        },
        "ratio_paint_baseline_over_app": util.ratio(base_paint["median"], paint["median"], digits=2),
        "ratio_bytes_baseline_over_app": util.ratio(base_transfer["median"], transfer["median"], digits=2),
        "targets": [
            util.target("first page view, bytes transferred (median)", measured=round(transfer["median"] * 1024 / 1e6, 3),
                        limit=1.8, unit="MB (10^6 bytes)"),
            util.target("time to first map paint (median)", measured=paint["median"], limit=2500, unit="ms"),
        ],
    }
