"""File names for exported charts and data, shared by the screen toolbar, the Export menu and the CLI.

``jobs-map_computer-vision-engineer_2025-01_2025-12.png``: chart, occupation, period.
"""
from __future__ import annotations

import re
import unicodedata

CHARTS = ("map", "skills", "breakdown", "trend")

#: What each chart is called in a file name (the map is "jobs-map", as people name it).
CHART_SLUGS = {"map": "jobs-map", "skills": "skill-demand", "breakdown": "skill-breakdown", "trend": "jobs-trend"}

#: The Export menu's name for the list of available jobs (issue 18): data only (CSV, XLSX), not a chart.
JOBS_LIST = "jobs"
CHART_SLUGS[JOBS_LIST] = "available-jobs"


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
