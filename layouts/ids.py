"""Every component id of the app, named ``<area>-<role>``. No id string appears anywhere else."""
from __future__ import annotations

JOBS_MAP = "jobs-map"
COUNTRY_PANEL = "country-panel"
COUNTRY_PANEL_TITLE = "country-panel-title"
