"""Exports for reports: charts as PNG/SVG/PDF (kaleido + the system Chromium), data as CSV/XLSX.

One function per question, shared by the Export menu and ``python -m dashboard export``:
:func:`chart_figure` (a chart decorated to stand alone in a report), :func:`figure_bytes`
(render it), :func:`data_frame_for` + :func:`to_csv_bytes` / :func:`to_xlsx_bytes` (the
data behind it) and :func:`export_file` (name + bytes of one export).

Offline (DESIGN.md "Offline", issue 5): kaleido renders in a headless Chromium that

- is the system one (``/usr/bin/chromium`` or ``BROWSER_PATH``); kaleido's own browser
  download (``kaleido.get_chrome``) is never called;
- draws the base map from ``data/geo/topojson/`` (``plotly.io.defaults.topojson`` and each
  render get the local ``file://`` URL), loads plotly.js from the plotly package and has
  MathJax switched off (its default is a CDN);
- sends every http(s) request to a proxy address where nothing listens, so a request
  that would leave the machine fails instead (a render that needs one errors out).
"""
from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import datetime as dt
import io
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import figures, geo, paths, queries
from dashboard.cube import Cube
from dashboard.errors import JobAtlasError, UsageError
from dashboard.export_names import CHARTS, JOBS_LIST, export_basename

IMAGE_FORMATS = ("png", "svg", "pdf")
DATA_FORMATS = ("csv", "xlsx")
FORMATS = IMAGE_FORMATS + DATA_FORMATS
MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: Chart names as people read them (menu entries, titles of the PDF report's pages).
CHART_NAMES = {"map": "Map", "skills": "Skill demand", "breakdown": "Skill breakdown", "trend": "Trend"}

#: Report size: 1200 x 700 CSS pixels (a slide's 16:9-ish shape); PNG at scale 2 is
#: 2400 x 1400, sharp in print at ~200 dpi across a page.
DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_SCALE = 1200, 700, 2
#: Skills shown on the skill-demand chart and in its data export (the same rows).
TOP_SKILLS = 20

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

ESCO_ATTRIBUTION = "ESCO classification of the European Commission"

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


# -- what an export shows -----------------------------------------------------------------


@dataclass(frozen=True)
class ExportView:
    """The view an export shows: one occupation, optionally one country, one period, one map measure."""

    occupation_uri: str
    occupation_label: str
    iso3: str | None
    country_name: str | None
    start: str | None  # the effective first month ("YYYY-MM"), None without postings
    end: str | None
    measure: str

    @property
    def period_text(self) -> str:
        return period_text(self.start, self.end)


def effective_period(cube: Cube, start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """The cube's months clipped to [start, end]: what a chart of that period really covers."""
    months = [m for m in cube.months if (start is None or m >= start) and (end is None or m <= end)]
    if months:
        return months[0], months[-1]
    return start, end


def period_text(start: str | None, end: str | None) -> str:
    """ "Jan 2024 – Mar 2024" (or one month; "no period" when the data carries none, issue 16)."""
    def month(text: str) -> str:
        try:
            return dt.datetime.strptime(text, "%Y-%m").strftime("%b %Y")
        except ValueError:
            return text

    if start and end:
        return month(start) if start == end else f"{month(start)} – {month(end)}"
    if start:
        return f"from {month(start)}"
    if end:
        return f"until {month(end)}"
    return "no period: the data carries no dates"


def export_view(
    cube: Cube,
    occupation_uri: str,
    *,
    iso3: str | None = None,
    start: str | None = None,
    end: str | None = None,
    measure: str = figures.DEFAULT_MEASURE,
) -> ExportView:
    """Check and label the view of an export.

    Raises
    ------
    UsageError
        Unknown occupation URI, country or measure.
    """
    if not isinstance(occupation_uri, str) or occupation_uri not in cube.occupation_index:
        raise UsageError(f"occupation {occupation_uri!r} is not in this cube")
    if not isinstance(measure, str) or measure not in figures.MEASURES:
        raise UsageError(f"map measure {measure!r}: expected one of {', '.join(figures.MEASURES)}")
    for flag, month in (("start", start), ("end", end)):
        # Months end up in file names and Content-Disposition headers: only YYYY-MM passes.
        if month is not None and not (isinstance(month, str) and MONTH.match(month)):
            raise UsageError(f"{flag} month {month!r}: expected YYYY-MM, e.g. 2024-03")
    name = None
    if iso3 is not None:
        if not isinstance(iso3, str):
            raise UsageError(f"country {iso3!r}: expected an ISO 3166 alpha-3 code")
        iso3 = iso3.strip().upper()
        name = geo.country_name(iso3, default=None)
        if name is None:
            raise UsageError(f"country {iso3!r} is not an ISO 3166 alpha-3 code of a country on the map")
    first, last = effective_period(cube, start, end)
    return ExportView(occupation_uri, cube.occupation_index.label(occupation_uri), iso3, name, first, last, measure)


def dataset_name(cube: Cube) -> str:
    dataset = cube.report.get("dataset") or {}
    return str(dataset.get("name") or "Job Atlas cube")


def source_line(cube: Cube) -> str:
    """ "Source: <dataset>; ESCO classification of the European Commission" (issue 5)."""
    return f"Source: {dataset_name(cube)}; {ESCO_ATTRIBUTION}"


def _unit_text(chart: str, view: ExportView) -> str:
    if chart == "map":
        # The grey of countries without postings has no legend entry: say it in words.
        return f"{figures.MEASURES[view.measure][0]} (grey: no postings data)"
    if chart == "skills":
        return "Postings asking for each skill (bar labels: share of the occupation's postings)"
    if chart == "breakdown":
        return "Number of skills in the occupation's ESCO profile"
    return "Jobs (postings) per month"


def _chart_title(chart: str, view: ExportView) -> str:
    where = view.country_name or "all countries"
    # ESCO labels are lower case ("software developer"); a headline starts with a capital.
    label = view.occupation_label[:1].upper() + view.occupation_label[1:]
    if chart == "map":
        return f"{label}: {figures.MEASURES[view.measure][0].lower()} by country"
    if chart == "skills":
        return f"{label}: skills asked for in {where}"
    if chart == "breakdown":
        return f"{label}: skills in the occupation profile"
    return f"{label}: jobs per month in {where}"


#: Room under each chart's plot area for its own axis title / legend, before the source line.
_BOTTOM_ROOM = {"map": 10, "skills": 130, "breakdown": 50, "trend": 50}


def decorate_for_report(
    figure: go.Figure,
    *,
    title: str,
    period: str,
    units: str,
    source: str,
    bottom: int = 50,
) -> go.Figure:
    """Title, period, units and source line on a figure, so it stands alone in a report.

    Parameters
    ----------
    figure
        A figure from :mod:`dashboard.figures`; decorated in place and returned (a copy
        would validate a map's GeoJSON again).
    title
        The headline (plain text; escaped here).
    period, units
        Shown as the subtitle: "Jan 2024 – Dec 2024 · Jobs per million inhabitants".
    source
        The source line at the bottom left.
    bottom
        Pixels under the plot area the chart needs for itself (axis title, legend).
    """
    out = figure
    subtitle = " · ".join(part for part in (period, units) if part)
    margin = out.layout.margin
    out.update_layout(
        title={
            "text": f"<b>{figures.plain_text(title)}</b>",
            "subtitle": {"text": figures.plain_text(subtitle), "font": {"size": 13, "color": "#444"}},
            "x": 0.01, "xanchor": "left", "y": 0.97, "yanchor": "top", "yref": "container",
            "font": {"size": 18},
        },
        margin={"t": 86, "b": bottom + 34, "l": max(margin.l or 0, 16), "r": max(margin.r or 0, 16)},
        paper_bgcolor="white",
        # The screen's interaction settings mean nothing in a file.
        uirevision=None,
        dragmode=False,
    )
    out.add_annotation(
        text=figures.plain_text(source),
        xref="paper", yref="paper", x=0, y=0, xanchor="left", yanchor="bottom",
        yshift=-(bottom + 28), showarrow=False, align="left",
        font={"size": 11, "color": "#555"},
    )
    return out


def chart_figure(
    cube: Cube,
    chart: str,
    occupation_uri: str,
    *,
    iso3: str | None = None,
    start: str | None = None,
    end: str | None = None,
    measure: str = figures.DEFAULT_MEASURE,
) -> go.Figure:
    """One chart of the dashboard, decorated for a report (title, period, units, source).

    Parameters
    ----------
    chart
        "map", "skills", "breakdown" or "trend".
    iso3
        Scope of the skill-demand and trend charts (the map always shows every country;
        the breakdown comes from the taxonomy).
    start, end
        Inclusive months "YYYY-MM"; None is open-ended.
    measure
        What colours the map: "jobs", "per_million" or "share".
    """
    view = export_view(cube, occupation_uri, iso3=iso3, start=start, end=end, measure=measure)
    figure = _plain_chart(cube, chart, view)
    period = "ESCO taxonomy" if chart == "breakdown" else view.period_text
    return decorate_for_report(figure, title=_chart_title(chart, view), period=period,
                               units=_unit_text(chart, view), source=source_line(cube),
                               bottom=_BOTTOM_ROOM[chart])


def _plain_chart(cube: Cube, chart: str, view: ExportView) -> go.Figure:
    uri, start, end = view.occupation_uri, view.start, view.end
    if chart == "map":
        by_country = queries.jobs_by_country(cube, uri, start=start, end=end)
        message = None if int(by_country["jobs"].sum()) else "No jobs for this occupation in this period"
        # The boundaries by URL, not inline: Chromium reads the file itself (offline, file://),
        # which saves serialising 2 x 600 kB of GeoJSON into every render.
        figure = figures.jobs_map_figure(by_country, geojson=paths.COUNTRIES_GEOJSON.resolve().as_uri(),
                                         measure=view.measure, countries=cube.countries, message=message,
                                         frame=queries.map_frame(cube))
        return figure
    if chart == "skills":
        top = queries.top_skills(cube, uri, iso3=view.iso3, start=start, end=end, limit=TOP_SKILLS)
        return figures.skill_demand_figure(top, title="")
    if chart == "breakdown":
        counts = queries.breakdown_counts(queries.skill_breakdown(cube, uri))
        return figures.skill_breakdown_figure(counts, title="")
    if chart == "trend" and not cube.has_trend:
        return figures.empty_figure("No trend: the data carries no period" if cube.is_undated
                                    else "No trend: the data covers one month")
    if chart == "trend":
        trend = queries.country_trend(cube, uri, iso3=view.iso3, start=start, end=end)
        figure = figures.jobs_trend_figure(trend, title="")
        # Short periods: one tick per month (or quarter) on the report page (whole-number job
        # ticks for small counts come from the figure builder).
        if 0 < len(trend) <= 24:
            figure.update_xaxes(dtick="M1" if len(trend) <= 12 else "M3")
        return figure
    raise UsageError(f"chart {chart!r}: expected one of {', '.join(CHARTS)}")


# -- the data behind a chart ---------------------------------------------------------------


def data_frame_for(
    cube: Cube,
    chart: str,
    occupation_uri: str,
    *,
    iso3: str | None = None,
    start: str | None = None,
    end: str | None = None,
    measure: str = figures.DEFAULT_MEASURE,
) -> pd.DataFrame:
    """The rows behind one chart, with column names an analyst reads without a legend.

    - map: one row per country with postings data (country, iso3, jobs, jobs_per_million,
      share_of_country_postings, country_postings, rank, location_quotient), most jobs first;
    - skills: the chart's top skills (rank, skill, postings, share_of_occupation_postings,
      group, skill_uri);
    - breakdown: every skill of the occupation profile (group, skill, relation,
      skill_type, skill_uri, description);
    - trend: month, jobs.
    """
    view = export_view(cube, occupation_uri, iso3=iso3, start=start, end=end, measure=measure)
    uri, start, end = view.occupation_uri, view.start, view.end
    if chart == "map":
        by = queries.jobs_by_country(cube, uri, start=start, end=end)
        by = by[by["has_data"].astype(bool) | (by["jobs"] > 0)]
        by = by.sort_values(["jobs", "name"], ascending=[False, True])
        return pd.DataFrame({
            "country": by["name"].astype(str),
            "iso3": by["iso3"].astype(str),
            "jobs": by["jobs"].astype("int64"),
            "jobs_per_million": by["per_million"].astype("float64").round(3),
            "share_of_country_postings": by["share"].astype("float64").round(6),
            "country_postings": by["country_postings"].astype("int64"),
            "rank": by["rank"].astype("Int64"),
            # share of the country's postings / share of all postings (BLS OEWS; issue 15)
            "location_quotient": by["location_quotient"].astype("float64").round(6),
        }).reset_index(drop=True)
    if chart == "skills":
        top = queries.top_skills(cube, uri, iso3=view.iso3, start=start, end=end, limit=TOP_SKILLS)
        groups = [figures.SKILL_GROUPS[figures.skill_group(r, t)] for r, t in zip(top["relation"], top["skill_type"].fillna(""))]
        return pd.DataFrame({
            "rank": np.arange(1, len(top) + 1, dtype="int64"),
            "skill": top["label"].astype(str),
            "postings": top["postings"].astype("int64"),
            "share_of_occupation_postings": pd.to_numeric(top["share"], errors="coerce").astype("float64").round(6),
            "group": pd.Series(groups, dtype=object),
            "skill_uri": top["skill_uri"].astype(str),
        })
    if chart == "breakdown":
        skills = queries.skill_breakdown(cube, uri)
        return pd.DataFrame({
            "group": skills["group"].map(figures.SKILL_GROUPS).fillna(skills["group"]).astype(str),
            "skill": skills["label"].astype(str),
            "relation": skills["relation"].astype(str),
            "skill_type": skills["skill_type"].astype(str),
            "skill_uri": skills["skill_uri"].astype(str),
            "description": skills["description"].astype(str),
        }).reset_index(drop=True)
    if chart == "trend":
        trend = queries.country_trend(cube, uri, iso3=view.iso3, start=start, end=end)
        return pd.DataFrame({"month": trend["month"].astype(str), "jobs": trend["jobs"].astype("int64")})
    raise UsageError(f"chart {chart!r}: expected one of {', '.join(CHARTS)}")


#: A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
#: (OWASP "CSV Injection"); tab and carriage return are on OWASP's list too.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _text_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c])]


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for spreadsheets: UTF-8 with a byte-order mark, a header row, formulas neutralised.

    The BOM is what makes Excel read the file as UTF-8 on a double click (without it,
    "Zürich" turns into "ZÃ¼rich"); pandas, Python's csv module and LibreOffice skip it.
    Text cells starting with = + - @ (or tab/CR) get a leading apostrophe, so a label such
    as ``=HYPERLINK(...)`` shows as text and never runs.
    """
    safe = frame.copy()
    safe.columns = [str(neutralise(str(c))) for c in safe.columns]
    for column in _text_columns(safe):
        safe[column] = safe[column].map(neutralise)
    text = safe.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


_SHEET_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(name: str) -> str:
    """A valid Excel sheet name: no []:*?/\\, at most 31 characters, not empty."""
    return name.translate(_SHEET_FORBIDDEN).strip().strip("'")[:31] or "data"


def to_xlsx_bytes(frame: pd.DataFrame, *, sheet_name: str = "data", about: dict[str, str] | None = None) -> bytes:
    """An Excel workbook: the frame on one sheet (bold header, frozen), ``about`` on a second.

    Text is always stored as text: a cell that starts with = + - @ is written as a string
    with Excel's own "quote prefix" flag (what typing ``'=...`` does), so it shows exactly
    as the label and never runs as a formula.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(sheet_name)
    _write_rows(sheet, [list(map(str, frame.columns))] + frame.astype(object).values.tolist(), header=True)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(frame.columns, start=1):
        cells = [str(column)] + [str(v) for v in frame[column].head(200).tolist()]
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, max(map(len, cells)) + 2))
    if about:
        info = workbook.create_sheet("about")
        _write_rows(info, [[k, v] for k, v in about.items()], header=False)
        for cell in info["A"]:
            cell.font = Font(bold=True)
        info.column_dimensions["A"].width = 22
        info.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_rows(sheet, rows: list[list[object]], *, header: bool) -> None:
    from openpyxl.styles import Font

    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            value = _excel_value(value)
            cell.value = value
            if isinstance(value, str):
                # openpyxl stores any string starting with "=" as a formula; force text.
                cell.data_type = "s"
                if value.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True
            if header and r == 1:
                cell.font = Font(bold=True)


def _excel_value(value: object) -> object:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) else float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    return value


def about_rows(cube: Cube, chart: str, view: ExportView) -> dict[str, str]:
    """What the XLSX "about" sheet says: what the data is, its filters and its source."""
    dataset = cube.report.get("dataset") or {}
    return {
        "Chart": CHART_NAMES.get(chart, chart),
        "Occupation": view.occupation_label,
        "Occupation URI": view.occupation_uri,
        "Country": view.country_name or "all countries",
        "Period": view.period_text,
        "Map measure": figures.MEASURES[view.measure][0],
        "Source": source_line(cube),
        "Taxonomy": str(dataset.get("taxonomy") or ""),
        "Cube built": str(cube.report.get("built_at") or ""),
        "Exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


# -- one export, as the menu and the CLI ask for it ----------------------------------------


def export_filename(cube: Cube, chart: str, fmt: str, view: ExportView) -> str:
    """``jobs-map_computer-vision-engineer_2025-01_2025-12.png`` (country added when scoped)."""
    country = view.iso3 if chart in ("skills", "trend") else None
    return f"{export_basename(chart, view.occupation_label, view.start, view.end, country=country)}.{fmt}"


def export_file(
    cube: Cube,
    chart: str,
    fmt: str,
    occupation_uri: str,
    *,
    iso3: str | None = None,
    start: str | None = None,
    end: str | None = None,
    measure: str = figures.DEFAULT_MEASURE,
) -> tuple[str, bytes]:
    """File name and content of one export: a chart as png/svg/pdf, or its data as csv/xlsx.

    Raises
    ------
    UsageError
        Unknown chart, format, occupation, country or measure.
    ExportUnavailable
        An image format without a working Chromium.
    """
    if chart not in CHARTS:
        raise UsageError(f"chart {chart!r}: expected one of {', '.join(CHARTS)}")
    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r}: expected one of {', '.join(FORMATS)}")
    view = export_view(cube, occupation_uri, iso3=iso3, start=start, end=end, measure=measure)
    name = export_filename(cube, chart, fmt, view)
    options = {"iso3": view.iso3, "start": view.start, "end": view.end, "measure": view.measure}
    if fmt in IMAGE_FORMATS:
        return name, figure_bytes(chart_figure(cube, chart, occupation_uri, **options), fmt)
    frame = data_frame_for(cube, chart, occupation_uri, **options)
    if fmt == "csv":
        return name, to_csv_bytes(frame)
    return name, to_xlsx_bytes(frame, sheet_name=CHART_NAMES[chart], about=about_rows(cube, chart, view))


# -- the list of available jobs (issue 18) ------------------------------------------------------

#: The most postings one export of the list holds; a bigger list asks for a narrower view
#: (a spreadsheet of more is no longer something a person reads, and XLSX stops at 1,048,576 rows).
MAX_EXPORT_JOBS = 100_000

#: Columns of the exported list, in order (the salary flattened, as ``jobs --format csv``).
JOBS_COLUMNS = ("title", "employer", "location", "country", "date", "url", "skills_matched", "salary_min",
                "salary_max", "currency", "salary_period", "id")


def jobs_frame(cube: Cube, occupation_uri: str, *, iso3: str | None = None, start: str | None = None,
               end: str | None = None, skills: tuple[str, ...] | list[str] = ()) -> pd.DataFrame:
    """Every posting the list shows for a view, in the list's order (not just one page).

    Raises
    ------
    UsageError
        A cube of counts only (no ads to export), or more than :data:`MAX_EXPORT_JOBS` postings.
    """
    from dashboard.job_listings import COUNTS_ONLY_MESSAGE, Scope, all_jobs, count_jobs, holds_postings

    view = export_view(cube, occupation_uri, iso3=iso3, start=start, end=end)
    if not holds_postings(cube):
        raise UsageError(f"{COUNTS_ONLY_MESSAGE} There is no list of jobs to export.")
    scope = Scope((view.occupation_uri,), view.iso3, view.start, view.end)
    total = count_jobs(cube, scope)
    if total > MAX_EXPORT_JOBS:
        raise UsageError(f"{total:,} jobs are listed: more than one export holds ({MAX_EXPORT_JOBS:,}). "
                         "Pick a country or a shorter period.")
    rows = []
    for job in all_jobs(cube, scope, skills=list(skills)):
        pay = job["salary"] or {}
        rows.append({**{k: job[k] for k in JOBS_COLUMNS if k in job}, "salary_min": pay.get("min"),
                     "salary_max": pay.get("max"), "currency": pay.get("currency"), "salary_period": pay.get("period")})
    frame = pd.DataFrame(rows, columns=list(JOBS_COLUMNS))
    frame["skills_matched"] = frame["skills_matched"].astype("int64")
    for column in ("salary_min", "salary_max"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def export_jobs_file(cube: Cube, fmt: str, occupation_uri: str, *, iso3: str | None = None, start: str | None = None,
                     end: str | None = None, skills: tuple[str, ...] | list[str] = ()) -> tuple[str, bytes]:
    """File name and content of the listed jobs as CSV or XLSX:
    ``available-jobs_software-developer_deu_2024-03_2024-04.csv``."""
    if fmt not in DATA_FORMATS:
        raise UsageError(f"format {fmt!r}: the list of jobs exports as {' or '.join(DATA_FORMATS)}")
    view = export_view(cube, occupation_uri, iso3=iso3, start=start, end=end)
    frame = jobs_frame(cube, occupation_uri, iso3=view.iso3, start=view.start, end=view.end, skills=skills)
    name = f"{export_basename(JOBS_LIST, view.occupation_label, view.start, view.end, country=view.iso3)}.{fmt}"
    if fmt == "csv":
        return name, to_csv_bytes(frame)
    about = {
        "List": "Available jobs: every posting behind the view, in the list's order"
                + (" (most of the selected skills first, then newest)" if skills else " (newest first)"),
        "Occupation": view.occupation_label,
        "Occupation URI": view.occupation_uri,
        "Country": view.country_name or "all countries",
        "Period": view.period_text,
        "Pay": "as each posting states it: never converted between currencies or periods",
        "Source": source_line(cube),
        "Cube built": str(cube.report.get("built_at") or ""),
        "Exported": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    return name, to_xlsx_bytes(frame, sheet_name="Available jobs", about=about)
