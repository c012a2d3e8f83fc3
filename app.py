"""Job Atlas web app: wiring only. Create the app, set the layout, register callbacks.

Run ``python app.py [--host H] [--port P] [--data-dir DIR]``; gunicorn serves ``app:server``.
"""
from __future__ import annotations

import argparse
import logging
import re
import sys
import time
from pathlib import Path

import dash
import dash_bootstrap_components as dbc
import flask.cli
import plotly.io as pio
from flask import send_file, send_from_directory

import callbacks
from dashboard import paths
from dashboard.reading.cube import Cube, current_version
from dashboard.errors import JobAtlasError, UsageError
from dashboard.exports.browser import chromium_available
from dashboard.settings import Settings, load_settings
from layouts.jobs_map import COUNTRIES_GEOJSON_ROUTE
from layouts.occupation_picker import OCCUPATION_INDEX_ROUTE
from layouts.page import serve_layout
from web import http_security, picker_index, static_files

log = logging.getLogger("job_atlas")


#: Dash links dash_table's script on every page whether a DataTable is used or not.
_DASH_TABLE_SCRIPT = re.compile(r'<script src="[^"]*/dash_table/[^"]*"></script>\s*')


@dash.hooks.index()
def drop_dash_table_bundle(index: str) -> str:
    """The page without dash_table's script: Job Atlas uses no DataTable (the map's table is
    plain HTML, layouts.map_table), so the 29 KB bundle is never fetched (issue 6)."""
    return _DASH_TABLE_SCRIPT.sub("", index)


def create_app(settings: Settings | None = None) -> dash.Dash:
    """Build the Dash app. Reads no data: the layout is a function called per page load."""
    settings = settings or load_settings()
    app = dash.Dash(
        __name__,
        title="Job Atlas",
        # Bootstrap CSS is served from assets/ (our origin), not a CDN.
        serve_locally=True,  # plotly.js and every component bundle come from this server (offline)
        compress=True,
        suppress_callback_exceptions=True,
    )
    app.server.config["JOB_ATLAS_SETTINGS"] = settings
    # Dash serialises every callback answer with plotly's to_json_plotly. Its "auto" engine picks
    # orjson when importable, which cannot encode Dash components: it fails, then cleans the whole
    # answer in Python and encodes again. The json engine encodes components directly: an
    # occupation change serialised in 1.0 ms median against 1.9 ms with orjson (10M cube,
    # in-process, issue 6), and answers no longer depend on whether orjson happens to be installed.
    pio.json.config.default_engine = "json"

    # plotly.js fetches the base topology for every geo trace; serve it ourselves (DESIGN.md "Offline").
    @app.server.route(f"{paths.TOPOJSON_ROUTE}<path:name>")
    def topojson(name: str):
        return send_from_directory(paths.TOPOJSON_DIR, name, max_age=86400)

    @app.server.route(COUNTRIES_GEOJSON_ROUTE)
    def countries_geojson():
        return send_file(paths.COUNTRIES_GEOJSON, mimetype="application/json", max_age=86400)

    @app.server.route(f"{OCCUPATION_INDEX_ROUTE}<name>")
    def occupation_index(name: str):
        return picker_index.occupation_index_response(settings.data_dir, name)  # the picker's search index (issue 6)

    # Chromium is looked for on each page load (cheap once found), so installing it needs no
    # restart; the layout itself never runs a browser (issue 13).
    app.layout = lambda: serve_layout(settings, exports_unavailable=chromium_available())
    callbacks.register(app)
    http_security.harden(app)
    static_files.serve_compressed(app, (paths.TOPOJSON_ROUTE, COUNTRIES_GEOJSON_ROUTE, OCCUPATION_INDEX_ROUTE))
    return app


def ensure_cube(settings: Settings, *, wait_s: float = 300.0) -> None:
    """Make sure the data directory holds a cube before serving.

    A fresh clone has none in the default folder: build the demo there (a few seconds, once).
    Another folder without a cube is the user's mistake: raise ``CubeNotFound`` saying how
    to build one. Several gunicorn workers may start together: one builds, the others wait.
    """
    data_dir = Path(settings.data_dir).expanduser().resolve()
    if current_version(data_dir) is not None:
        return
    if data_dir != paths.DEFAULT_DATA_DIR.resolve():
        Cube.open(data_dir)  # raises CubeNotFound with the build command
    from dashboard.building.build import BuildFailed, build

    log.info("No cube in %s yet: building the demo data first (once)...", data_dir)
    deadline = time.monotonic() + wait_s
    while current_version(data_dir) is None:
        try:
            build(data_dir=data_dir, progress=False)
        except BuildFailed:
            raise
        except UsageError:
            # Another process holds the build lock (a sibling worker): wait for its cube.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def warm_cube(settings: Settings) -> Cube | None:
    """Open and warm the cube of ``settings`` (see :meth:`Cube.warm`) and build the picker's
    search index (~0.2 s, else paid by the first user to focus the picker). A cube that cannot
    be warmed is logged and served on the slower cold paths, as before warming existed.

    Raises
    ------
    CubeNotFound
        When ``settings.data_dir`` holds no cube.
    """
    cube = Cube.open(settings.data_dir)
    try:
        cube.warm()
        picker_index.occupation_index_json(cube)
        return cube
    except Exception:  # noqa: BLE001 - serving cold beats not serving; the log says why
        log.exception("could not warm the cube in %s; serving it cold", cube.path)
        return None


def parse_args(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python app.py", description="Serve the Job Atlas dashboard.")
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (default 8050, or the PORT environment variable)")
    parser.add_argument("--data-dir", type=Path, help="cube folder (default data/cube, built from the demo when empty)")
    parser.add_argument("--debug", action="store_true", default=None, help="Dash debug mode (never on a public server)")
    return vars(parser.parse_args(argv))


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    try:
        settings = load_settings(parse_args(argv))
    except JobAtlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        ensure_cube(settings)
    except JobAtlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    # Warm before listening, so the first request already takes the fast paths: requests served
    # while a background warm-up ran made the latency p95 (issue 6). Cheap since the build
    # writes skill demand as arrays (dashboard.reading.skill_demand.write_skill_demand_arrays).
    warm_cube(settings)
    app = create_app(settings)
    # One line with the URL (issue 2): Dash's and Flask's own start-up banners say it again.
    logging.getLogger("dash.dash").setLevel(logging.WARNING)
    flask.cli.show_server_banner = lambda *args, **kwargs: None
    log.info("Job Atlas serving http://%s:%d/ (data: %s)", settings.host, settings.port, settings.data_dir)
    app.run(host=settings.host, port=settings.port, debug=settings.debug)
    return 0


def __getattr__(name: str):
    """``app.server`` for gunicorn (`gunicorn app:server`), created on first access so that
    importing this module (tests import ``create_app``) builds nothing. Settings come from
    the environment (JOB_ATLAS_DATA_DIR ...)."""
    if name != "server":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    settings = load_settings()
    ensure_cube(settings)
    globals()["server"] = create_app(settings).server
    return globals()["server"]


if __name__ == "__main__":
    sys.exit(main())
