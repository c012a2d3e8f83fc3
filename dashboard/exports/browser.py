"""The headless Chromium that draws image exports: found, started once, kept warm, stopped.

kaleido renders in a headless Chromium on its own event-loop thread (:class:`_WarmKaleido`).
Offline (DESIGN.md "Offline", issue 5), that Chromium

- is the system one (``/usr/bin/chromium`` or ``BROWSER_PATH``); kaleido's own browser
  download (``kaleido.get_chrome``) is never called;
- draws the base map from ``data/geo/topojson/`` (``plotly.io.defaults.topojson`` and each
  render get the local ``file://`` URL), loads plotly.js from the plotly package and has
  MathJax switched off (its default is a CDN);
- sends every http(s) request to a proxy address where nothing listens, so a request
  that would leave the machine fails instead (a render that needs one errors out).

Nothing here runs at import: the browser starts with the first image export
(:func:`figure_bytes`), and :func:`chromium_available` runs ``chromium --version`` only when asked.
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import os
import shutil
import signal
import subprocess
import threading
import time

import plotly.graph_objects as go

from dashboard import paths
from dashboard.errors import JobAtlasError, UsageError
from dashboard.exports.names import IMAGE_FORMATS

#: Report size: 1200 x 700 CSS pixels (a slide's 16:9-ish shape); PNG at scale 2 is
#: 2400 x 1400, sharp in print at ~200 dpi across a page.
DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SCALE = 1200, 700, 2

#: Chromium executables tried in order when BROWSER_PATH is not set (Debian, Ubuntu, Google).
BROWSER_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install it with `sudo apt-get install -y chromium` (or set BROWSER_PATH to a Chrome/Chromium executable)"
#: Every http(s) request of the export browser goes here; nothing listens, so it fails fast.
NO_NETWORK_PROXY = "http://127.0.0.1:9"
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0


class ExportUnavailable(JobAtlasError):
    """Image exports cannot run here (no Chromium, or it failed); the message says why."""


# -- the browser -----------------------------------------------------------------------


def browser_path() -> str | None:
    """The Chromium kaleido drives: ``BROWSER_PATH`` if set, else the system one (or None)."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        return override
    for candidate in BROWSER_CANDIDATES:
        found = candidate if os.path.isabs(candidate) else shutil.which(candidate)
        if found and os.path.isfile(found) and os.access(found, os.X_OK):
            return found
    return None


_checked_browsers: set[str] = set()


def chromium_available() -> str | None:
    """Why image exports cannot run on this machine, or None when they can.

    CSV and XLSX exports never need it. A working browser is remembered; a missing one is
    looked for again on the next call (so installing Chromium needs no restart).
    """
    path = browser_path()
    if path is None:
        return f"Image and PDF exports need Chromium, which is not installed: {INSTALL_HINT}."
    if path in _checked_browsers:
        return None
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"Image and PDF exports need Chromium; {path} is not an executable file: {INSTALL_HINT}."
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as error:
        return f"Image and PDF exports need Chromium; {path} does not run ({error}): {INSTALL_HINT}."
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit code {done.returncode}"]
        return f"Image and PDF exports need Chromium; `{path} --version` failed ({detail[0]}): {INSTALL_HINT}."
    _checked_browsers.add(path)
    return None


def topojson_url() -> str:
    """The local base-topology folder as the URL plotly.js appends ``world_110m.json`` to."""
    return paths.TOPOJSON_DIR.resolve().as_uri() + "/"


def page_was_not_ready(error: BaseException) -> bool:
    """kaleido sent the figure before its page script had run (seen under heavy load).

    Its tab answers ``ReferenceError: kaleido_scopes is not defined``; nothing is wrong with
    the figure or the browser, so the render is worth one more try.
    """
    return "kaleido_scopes is not defined" in str(error)


class _WarmKaleido:
    """One kaleido (one headless Chromium) kept open on its own event-loop thread.

    Why not ``kaleido.start_sync_server``: when the browser fails to start, its worker
    thread dies and every later call waits forever; it also lets two threads' results
    cross. Here each call has a timeout and callers from any thread get their own result.
    """

    def __init__(self, browser: str):
        self.browser = browser
        self.pid = os.getpid()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido-loop", daemon=True)
        self._thread.start()
        self._kaleido = None

    @property
    def alive(self) -> bool:
        """The loop thread runs (something may have killed it: dash's test runner does)."""
        return self._thread.is_alive() and self._loop.is_running()

    def _call(self, coroutine, timeout: float):
        if not self.alive:
            coroutine.close()
            raise RuntimeError("the export browser's event loop has stopped")
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        deadline = time.monotonic() + timeout
        while True:
            try:
                return future.result(timeout=0.25)
            except concurrent.futures.TimeoutError:
                # A dead loop never answers: notice it now rather than at the deadline.
                if not self._thread.is_alive():
                    raise RuntimeError("the export browser's event loop has stopped") from None
                if time.monotonic() >= deadline:
                    future.cancel()
                    raise

    async def _open(self) -> None:
        import kaleido

        # Created inside the loop: kaleido's queues belong to the loop that awaits them.
        instance = kaleido.Kaleido(
            n=1,
            path=self.browser,
            mathjax=False,  # the default loads MathJax from a CDN
            timeout=RENDER_TIMEOUT_S,
            proxy_server=NO_NETWORK_PROXY,
        )
        await instance.open()
        self._kaleido = instance

    def start(self) -> None:
        self._call(self._open(), START_TIMEOUT_S)

    def render(self, figure: go.Figure, opts: dict) -> bytes:
        try:
            return self._render_once(figure, opts)
        except Exception as error:  # noqa: BLE001 - only the one known race is retried
            if not page_was_not_ready(error):
                raise
            # kaleido reloads its tab after every render, failed or not: the retry gets a fresh page.
            return self._render_once(figure, opts)

    def _render_once(self, figure: go.Figure, opts: dict) -> bytes:
        coroutine = self._kaleido.calc_fig(figure, opts=opts, topojson=topojson_url())
        return self._call(coroutine, RENDER_TIMEOUT_S + 5)

    def close(self) -> None:
        try:
            if self._kaleido is not None:
                self._call(self._kaleido.close(), 15)
        except Exception:  # noqa: BLE001 - closing a broken browser must not raise
            self._kill_browser()
        finally:
            if self._loop.is_running():
                self._loop.call_soon_threadsafe(self._loop.stop)

    def _kill_browser(self) -> None:
        """End the Chromium we started when its event loop cannot close it politely."""
        process = getattr(self._kaleido, "subprocess", None)
        if process is None or process.poll() is not None:
            return
        try:
            # choreographer starts the browser in its own session: its group is ours alone.
            os.killpg(process.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError, OSError):
            process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


_renderer: _WarmKaleido | None = None
_renderer_lock = threading.Lock()


def _warm_renderer() -> _WarmKaleido:
    global _renderer
    with _renderer_lock:
        if _renderer is not None and _renderer.pid == os.getpid():
            if _renderer.alive:
                return _renderer
            _renderer.close()
            _renderer = None
        # A forked worker (gunicorn) cannot use its parent's browser: start its own.
        reason = chromium_available()
        if reason:
            raise ExportUnavailable(reason)
        import plotly.io as pio

        # Anyone else calling plotly.io.to_image in this process renders offline too.
        pio.defaults.topojson = topojson_url()
        renderer = _WarmKaleido(browser_path())
        try:
            renderer.start()
        except Exception as error:
            renderer.close()
            raise ExportUnavailable(f"Chromium ({renderer.browser}) did not start for exports: {error}") from error
        _renderer = renderer
        return renderer


def stop_renderer() -> None:
    """Close the warm browser (it is started again on the next image export)."""
    global _renderer
    with _renderer_lock:
        renderer, _renderer = _renderer, None
    if renderer is not None and renderer.pid == os.getpid():
        renderer.close()


atexit.register(stop_renderer)


def figure_bytes(
    figure: go.Figure,
    fmt: str,
    *,
    width: int = DEFAULT_WIDTH,
    height: int = DEFAULT_HEIGHT,
    scale: float = DEFAULT_SCALE,
) -> bytes:
    """Render a figure as PNG, SVG or PDF bytes in the warm headless Chromium.

    The first call starts the browser (a second or two); later calls reuse it.

    Raises
    ------
    UsageError
        For a format other than png, svg or pdf.
    ExportUnavailable
        When Chromium is missing, does not start, or the render fails or times out.
    """
    if fmt not in IMAGE_FORMATS:
        raise UsageError(f"image format {fmt!r}: expected one of {', '.join(IMAGE_FORMATS)}")
    opts = {"format": fmt, "width": int(width), "height": int(height), "scale": float(scale)}
    renderer = _warm_renderer()
    try:
        return renderer.render(figure, opts)
    except Exception as error:
        # A crashed or stuck browser is replaced on the next export rather than reused.
        stop_renderer()
        reason = str(error).strip() or type(error).__name__
        raise ExportUnavailable(f"rendering the {fmt.upper()} failed: {reason}") from error

