"""Where things live, derived from the package location (never from the working directory)."""
from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

GEO_DIR = REPO_ROOT / "data" / "geo"
#: Country polygons (Natural Earth 1:50m, processed): properties iso2, iso3, name, population.
COUNTRIES_GEOJSON = GEO_DIR / "countries.geojson"
#: Per country a point inside its largest polygon, derived from COUNTRIES_GEOJSON
#: (dashboard.geo.compute_country_anchors; data/geo/build_countries.py writes both).
COUNTRY_ANCHORS = GEO_DIR / "country_anchors.json"
#: Base topology plotly.js draws under every geo trace; served by the app at TOPOJSON_ROUTE.
TOPOJSON_DIR = GEO_DIR / "topojson"
TOPOJSON_ROUTE = "/topojson/"

JOBS_DIR = REPO_ROOT / "data" / "jobs"
#: The generated demo taxonomy, in the ESCO CSV format (own URI namespace, not ESCO's).
DEMO_TAXONOMY_DIR = JOBS_DIR / "demo_taxonomy"

#: Default cube directory (derived data, git-ignored).
DEFAULT_DATA_DIR = REPO_ROOT / "data" / "cube"
