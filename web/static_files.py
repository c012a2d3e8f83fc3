"""Static files of the web app: compressed once per process, cached by browsers (issue 6).

A small in-memory cache and ``serve_compressed``, which app.py calls to install them as an
``after_request`` hook that runs before flask-compress (which then leaves an encoded response alone).

Why not flask-compress alone: it compresses every response on every request at a fast level
(zstd 3), and its own cache applies only to non-streamed responses (files from ``assets/`` are
streamed). Static files are the same bytes on every request, so each is compressed once, at a
level that is ~8 % smaller and still quick the first time (zstd 9: ~50 ms for the 1.3 MB
plotly.js bundle; zstd 19 or brotli 11 would take 1.5-4 s on the first request).
"""
from __future__ import annotations

import gzip
import hashlib
import threading

import dash
from flask import request

# Both come with flask-compress (pinned in requirements.txt), imported the way it imports them.
try:
    import brotlicffi as brotli
except ImportError:
    import brotli
try:
    from compression import zstd  # Python >= 3.14
except ImportError:
    from backports import zstd

#: Encodings offered, in the server's order of preference (smallest output first).
ENCODINGS: tuple[str, ...] = ("zstd", "br", "gzip")

#: Level per encoding: the first compression of the largest file stays under ~0.1 s.
LEVELS: dict[str, int] = {"zstd": 9, "br": 5, "gzip": 6}

#: Media types worth compressing (text); images and fonts in binary formats are not.
COMPRESSIBLE_TYPES: frozenset[str] = frozenset({
    "text/javascript", "application/javascript", "application/x-javascript", "text/css",
    "application/json", "application/geo+json", "text/plain", "image/svg+xml",
    "image/x-icon", "image/vnd.microsoft.icon",
})

#: Below this, the encoding headers cost about what compression saves.
MIN_BYTES = 1024

#: For URLs that change whenever the file does (Dash's ``?m=<mtime>`` on assets).
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"


def choose_encoding(accept_encoding: str, *, offered: tuple[str, ...] = ENCODINGS) -> str | None:
    """The first of ``offered`` the client accepts, or None.

    Parameters
    ----------
    accept_encoding
        The request's ``Accept-Encoding`` header (``"gzip, deflate, br, zstd"``). An encoding
        with ``q=0`` is refused; ``*`` accepts every encoding not named.
    offered
        Encodings the server can produce, in its order of preference.
    """
    accepted: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0  # a malformed weight is not an acceptance
        if name.strip():
            accepted[name.strip()] = quality
    for encoding in offered:
        quality = accepted.get(encoding, accepted.get("*", 0.0))
        if quality > 0:
            return encoding
    return None


def compress(data: bytes, encoding: str) -> bytes:
    """``data`` compressed with ``encoding`` (one of :data:`ENCODINGS`) at its level in :data:`LEVELS`."""
    if encoding == "zstd":
        return zstd.compress(data, LEVELS["zstd"])
    if encoding == "br":
        return brotli.compress(data, quality=LEVELS["br"])
    if encoding == "gzip":
        # mtime=0: the same input gives the same bytes (stable across workers and restarts).
        return gzip.compress(data, compresslevel=LEVELS["gzip"], mtime=0)
    raise ValueError(f"unsupported encoding {encoding!r}; expected one of {', '.join(ENCODINGS)}")


class CompressionCache:
    """Compressed bodies keyed by (encoding, content digest), bounded in total size.

    Keyed by content, not URL: a file changed on disk under the same URL is compressed anew,
    never served stale. Safe to share between threads (gunicorn gthread workers).

    Parameters
    ----------
    max_bytes
        Upper bound on the compressed bytes held; when full, new bodies are compressed but
        not kept. The app's static files take ~2 MB per encoding.
    """

    def __init__(self, *, max_bytes: int = 32_000_000) -> None:
        self.max_bytes = max_bytes
        self._bodies: dict[tuple[str, bytes], bytes] = {}
        self._held = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._bodies)

    def compressed(self, data: bytes, encoding: str) -> bytes:
        """``data`` compressed with ``encoding``: from the cache, or compressed now and kept."""
        key = (encoding, hashlib.blake2b(data, digest_size=16).digest())
        body = self._bodies.get(key)
        if body is not None:
            return body
        body = compress(data, encoding)
        with self._lock:
            if key not in self._bodies and self._held + len(body) <= self.max_bytes:
                self._bodies[key] = body
                self._held += len(body)
        return body


def serve_compressed(app: dash.Dash, extra_prefixes: tuple[str, ...] = ()) -> None:
    """Static files compressed once per process; assets cached by browsers for a year (issue 6).

    ``extra_prefixes``: the app's own static routes (topology, boundaries, the picker's index).

    Runs before flask-compress (Flask calls ``after_request`` hooks last-registered first; Dash
    registered flask-compress when the app was created), which then leaves an encoded
    response alone and still compresses callbacks and the layout itself.
    """
    prefix = app.config.routes_pathname_prefix
    assets = f"{prefix}{app.config.assets_url_path.strip('/')}/"
    static_prefixes = (f"{prefix}_dash-component-suites/", assets, f"{prefix}_favicon.ico", *extra_prefixes)
    cache = CompressionCache()

    @app.server.after_request
    def compress_static_file(response):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(static_prefixes):
            return response
        if request.path.startswith(assets) and request.args.get("m") and response.status_code in (200, 304):
            # Dash links every asset as ?m=<file mtime>: a changed file gets a new URL.
            response.headers["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
        if (response.status_code != 200 or "Content-Encoding" in response.headers
                or response.mimetype not in COMPRESSIBLE_TYPES):
            return response
        response.vary.add("Accept-Encoding")
        encoding = choose_encoding(request.headers.get("Accept-Encoding", ""))
        if encoding is None:
            return response
        response.direct_passthrough = False  # send_file streams the file; we need its bytes
        data = response.get_data()
        if len(data) < MIN_BYTES:
            return response
        response.set_data(cache.compressed(data, encoding))
        response.headers["Content-Encoding"] = encoding
        etag, weak = response.get_etag()
        if etag:
            # A validator per encoding (as flask-compress does), so a 304 never mixes them up.
            response.set_etag(f"{etag}:{encoding}", weak=weak)
        return response.make_conditional(request)
