"""What every callback needs from the running app: the cube of its settings.

The server keeps no per-user state (several gunicorn workers serve one page); the cube is
opened read-only and cached per process by ``Cube.open``.
"""
from __future__ import annotations

import flask

from dashboard.reading.cube import Cube

SETTINGS_KEY = "JOB_ATLAS_SETTINGS"


def current_cube() -> Cube:
    """The cube in the data directory of the app serving this request."""
    return Cube.open(flask.current_app.config[SETTINGS_KEY].data_dir)
