"""The picker's search index over HTTP: ``GET /occupation-index/<cube version>-v<format>.json``.

The occupation picker filters in the browser (issue 6), over the index
``callbacks.occupation_picker.occupation_index_payload`` describes. Its URL
(``layouts.occupation_picker.occupation_index_url``) names the cube version and the index
format, so a browser may keep it for a year; app.py routes it here and
``web.static_files.serve_compressed`` compresses the body once.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import flask

from callbacks.occupation_picker import occupation_index_payload
from dashboard.reading.cube import Cube
from layouts.occupation_picker import occupation_index_url
from web.static_files import IMMUTABLE_CACHE_CONTROL

_index_json: dict[str, bytes] = {}
_index_json_lock = threading.Lock()


def occupation_index_json(cube: Cube) -> bytes:
    """The index as UTF-8 JSON, built once per cube version and process (app.py's warm-up
    builds it before the app listens)."""
    key = str(cube.path)
    body = _index_json.get(key)
    if body is None:
        with _index_json_lock:
            body = _index_json.get(key)
            if body is None:
                body = json.dumps(occupation_index_payload(cube), ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8")
                _index_json.clear()  # one cube per process: an older version is not asked for again
                _index_json[key] = body
    return body


def occupation_index_response(data_dir: Path, name: str) -> flask.Response:
    """The answer for the index file ``name``: only the current cube's index exists (a page
    opened before a rebuild gets a 404 that says to reload)."""
    cube = Cube.open(data_dir)
    if name != occupation_index_url(cube).rpartition("/")[2]:
        return flask.Response(json.dumps({"error": "no such occupation index: the data was rebuilt, reload the page"}),
                              status=404, mimetype="application/json")
    response = flask.Response(occupation_index_json(cube), mimetype="application/json")
    response.headers["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
    return response
