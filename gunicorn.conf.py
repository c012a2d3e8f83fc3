"""gunicorn settings for Job Atlas: ``gunicorn app:server -c gunicorn.conf.py``.

Workers share nothing but the read-only cube on disk: each one opens the published cube
itself (``dashboard.reading.cube.Cube.open`` caches it per worker and picks up a newer build on
the next request), and all per-user state lives in the browser (URL, ``dcc.Store``), so a
user's requests may land on any worker. The same ``JOB_ATLAS_*`` settings as ``python
app.py`` apply (``JOB_ATLAS_DATA_DIR``, ``JOB_ATLAS_HOST``, ``JOB_ATLAS_PORT`` / ``PORT``);
command-line flags (``-b``, ``-w``, ``--threads``) and ``GUNICORN_CMD_ARGS`` override this
file, as gunicorn always does.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

#: The repository folder: gunicorn reads this file before it changes directory, and `app:server`
#: is imported from here, so the command works from any folder (`-c /path/to/gunicorn.conf.py`).
chdir = str(Path(__file__).resolve().parent)
if chdir not in sys.path:
    sys.path.insert(0, chdir)

from dashboard.settings import load_settings  # noqa: E402 (needs the path above)

# Validated like `python app.py` does, so a typo in JOB_ATLAS_* stops start-up here, in the
# master, with the list of known settings - not once per worker.
_settings = load_settings()

#: Loopback by default: put a reverse proxy in front, or set JOB_ATLAS_HOST=0.0.0.0 knowingly.
bind = [f"{_settings.host}:{_settings.port}"]

#: Two processes for two cores; each answers several requests at once with threads, since a
#: callback mostly waits on DuckDB / pandas work that releases the GIL, or on I/O.
workers = 2
worker_class = "gthread"
threads = 4

#: Image and PDF export start a headless browser (kaleido): allow it time before the worker is
#: killed, but not forever.
timeout = 120
graceful_timeout = 30
#: Longer than a user pauses between clicks: with 5 s, a browser (or the load script, 1-5 s think
#: time) reusing a connection the server is closing at that moment gets "connection reset"
#: (1 error in the 60 s concurrency run, issue 6). Idle connections wait in the gthread
#: poller, not in a thread.
keepalive = 75

#: preload_app is off on purpose. With it on, the master would import the app and fork it, and
#: anything created at import (a DuckDB connection, a thread, a kaleido browser process) would
#: be shared by forked workers - none of those is fork-safe. Off, each worker imports app.py
#: itself (about a second more at start-up, some more memory), and `kill -HUP <master>` reloads
#: new code without dropping connections.
preload_app = False

#: Restart a worker now and then so memory held by caches of old cube versions is returned.
max_requests = 2000
max_requests_jitter = 200

# Heartbeat files in RAM: a worker on a slow or full disk is not mistaken for a hung one.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

#: Logs to stderr; add `--access-logfile -` for one line per request.
errorlog = "-"
loglevel = "info"
proc_name = "job-atlas"


def when_ready(server) -> None:  # gunicorn hook, runs in the master once it listens
    server.log.info("Job Atlas: serving cube from %s", _settings.data_dir)


def post_worker_init(worker) -> None:  # gunicorn hook, runs in each worker before it serves
    """Open and warm the cube (occupation index, skill demand, the picker's search index) before
    the first request, as ``python app.py`` does, so no user waits for it (issue 6). Runs after
    the fork: nothing is shared."""
    from app import warm_cube
    from dashboard.errors import CubeNotFound

    try:
        cube = warm_cube(_settings)
    except CubeNotFound as error:  # app:server builds the demo or reports it; do not die here
        worker.log.warning("Job Atlas: no cube to warm: %s", error)
        return
    if cube is None:  # warm_cube logged why; the worker serves on the cold paths
        return
    # Skill demand is memory-mapped from the arrays the build wrote: workers share those pages.
    worker.log.info("Job Atlas: cube %s warm (skill demand arrays %.0f MB)", cube.version,
                    cube.skill_demand_in_memory_bytes / 2**20)
