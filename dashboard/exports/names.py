"""What exports are called: charts, formats, file names and the source line (no plotly, no browser).

Shared by the screen toolbar, the Export menu and the CLI.
``jobs-map_computer-vision-engineer_2025-01_2025-12.png``: chart, occupation, period.
"""
from __future__ import annotations

import re
import unicodedata

from dashboard.reading.cube import Cube
from dashboard.view import View

CHARTS = ("map", "skills", "breakdown", "trend")
#: Chart names as people read them (menu entries, titles of the PDF report's pages).
CHART_NAMES = {"map": "Map", "skills": "Skill demand", "breakdown": "Skill breakdown", "trend": "Trend"}

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

ESCO_ATTRIBUTION = "ESCO classification of the European Commission"

#: What each chart is called in a file name (the map is "jobs-map", as people name it).
CHART_SLUGS = {"map": "jobs-map", "skills": "skill-demand", "breakdown": "skill-breakdown", "trend": "jobs-trend"}

#: The Export menu's name for the list of available jobs (issue 18): data only (CSV, XLSX), not a chart.
JOBS_LIST = "jobs"
CHART_SLUGS[JOBS_LIST] = "available-jobs"
#: The advertised-pay data export (issue 18): every country, currency and period (CSV, XLSX).
ADVERTISED_PAY = "advertised-pay"
CHART_SLUGS[ADVERTISED_PAY] = "advertised-pay"
#: The related occupations of the view's occupation (issue 14): data only (CSV, XLSX), the rows of
#: ``python -m dashboard related --format csv``.
RELATED = "related"
CHART_SLUGS[RELATED] = "related-occupations"
#: The country panel's lists of an ISCO group, a skill or all occupations (issue 15): data only (CSV, XLSX).
PANEL = "panel"
CHART_SLUGS[PANEL] = "country-panel"


def slugify(text: str, *, max_length: int = 60) -> str:
    """Lower-case ASCII words joined by hyphens; safe in a file name on every system."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "occupation"


def export_basename(chart: str, occupation_label: str, start: str | None, end: str | None, *, country: str | None = None) -> str:
    """Base file name (no extension) for one chart of one occupation over one period.

    >>> export_basename("map", "Computer vision engineer", "2025-01", "2025-12")
    'jobs-map_computer-vision-engineer_2025-01_2025-12'
    """
    parts = [CHART_SLUGS.get(chart, slugify(chart)), slugify(occupation_label)]
    if country:
        parts.append(slugify(country, max_length=12))
    parts += [p for p in (start, end) if p]
    return "_".join(parts)


def occupation_name(cube: Cube, view: View) -> str:
    """The preferred label of the view's occupation ("software developer")."""
    return cube.occupation_index.label(view.occupation)


def country_name(view: View) -> str | None:
    """The English name of the view's country, None for all countries."""
    from dashboard import geo

    return geo.country_name(view.country, default=None) if view.country else None


def dataset_name(cube: Cube) -> str:
    dataset = cube.report.get("dataset") or {}
    return str(dataset.get("name") or "Job Atlas cube")


def source_line(cube: Cube) -> str:
    """ "Source: <dataset>; ESCO classification of the European Commission" (issue 5)."""
    return f"Source: {dataset_name(cube)}; {ESCO_ATTRIBUTION}"
