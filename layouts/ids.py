"""Every component id of the app, named ``<area>-<role>``. No id string appears anywhere else."""
from __future__ import annotations

# -- page state (the view lives in the page, never on the server) ----------------------
PAGE_URL = "page-url"
#: The current view: {"occupation", "country", "start", "end", "measure"} (dashboard.view.View.to_store).
VIEW_STORE = "view-store"
#: Copies a link that restores the current view (occupation, country, period, measure).
SHARE_LINK = "share-link"
URL_NOTICE = "url-notice"

# -- header ----------------------------------------------------------------------------
DEMO_BANNER = "demo-banner"
EXPORT_SLOT = "export-slot"
ABOUT_LINK = "about-link"

# -- controls --------------------------------------------------------------------------
OCCUPATION_DROPDOWN = "occupation-dropdown"
#: The picker's search index: its URL, and whether assets/picker.js has it ("ready").
OCCUPATION_INDEX = "occupation-index"
ISCO_TOGGLE = "isco-toggle"
ISCO_COLLAPSE = "isco-collapse"
ISCO_MAJOR = "isco-major"
ISCO_SUB_MAJOR = "isco-sub-major"
ISCO_MINOR = "isco-minor"
ISCO_UNIT = "isco-unit"
#: The four ISCO browse dropdowns, broadest first.
ISCO_LEVELS = (ISCO_MAJOR, ISCO_SUB_MAJOR, ISCO_MINOR, ISCO_UNIT)
ISCO_HINT = "isco-hint"
PERIOD_SLIDER = "period-slider"
PERIOD_LABEL = "period-label"
MEASURE_RADIO = "measure-radio"

# -- headline and map ------------------------------------------------------------------
HEADLINE_OCCUPATION = "headline-occupation"
HEADLINE_DETAIL = "headline-detail"
HEADLINE_JOBS = "headline-jobs"
HEADLINE_COUNTRIES = "headline-countries"
HEADLINE_PERIOD = "headline-period"
MAP_TABS = "map-tabs"
JOBS_MAP = "jobs-map"
#: The Table tab's body: the map's numbers as an HTML table, rendered while the tab is open.
MAP_TABLE = "map-table"
#: The table's rows for the current view (the view callback writes them with the map).
MAP_TABLE_ROWS = "map-table-rows"
#: The rows again, copied in the browser only while the Table tab is open (assets/map_table.js),
#: so an occupation change with the map showing sends no request for the table.
MAP_TABLE_SHOWN = "map-table-shown"
#: The table's sort: {"column", "descending"} (layouts.map_table.DEFAULT_SORT).
MAP_TABLE_SORT = "map-table-sort"
MAP_TABLE_SORT_BUTTON = "map-table-sort-button"

# -- country panel ---------------------------------------------------------------------
COUNTRY_PANEL = "country-panel"
COUNTRY_PANEL_TITLE = "country-panel-title"
COUNTRY_DROPDOWN = "country-dropdown"
COUNTRY_CLEAR = "country-clear"
COUNTRY_STATS = "country-stats"
SKILLS_GRAPH = "skills-graph"
SKILLS_GRAPH_BOX = "skills-graph-box"
SKILLS_PROFILE = "skills-profile"
TREND_GRAPH = "trend-graph"
#: Advertised pay in the country panel (issue 18): medians per currency and period.
COUNTRY_PAY = "country-pay"

# -- available jobs (issue 18): the postings behind the view, a page at a time -------------
AVAILABLE_JOBS = "available-jobs"
AVAILABLE_JOBS_TITLE = "available-jobs-title"
AVAILABLE_JOBS_LIST = "available-jobs-list"
AVAILABLE_JOBS_RANGE = "available-jobs-range"
AVAILABLE_JOBS_PREVIOUS = "available-jobs-previous"
AVAILABLE_JOBS_NEXT = "available-jobs-next"
AVAILABLE_JOBS_PAGER = "available-jobs-pager"
#: {"offset": int}: the first row of the page shown.
AVAILABLE_JOBS_PAGE = "available-jobs-page"

# -- subjects other than one occupation (issue 15) -----------------------------------------
#: Wraps the occupation's own cards (about, skill breakdown): hidden for an ISCO group, a skill
#: or all occupations.
OCCUPATION_SECTION = "occupation-section"

# -- about the occupation (issue 14): description, other names, codes, ESCO link ----------
OCCUPATION_ABOUT = "occupation-about"
OCCUPATION_ABOUT_BODY = "occupation-about-body"
OCCUPATION_DESCRIPTION = "occupation-description"
OCCUPATION_DESCRIPTION_MORE = "occupation-description-more"
OCCUPATION_ALT_LABELS = "occupation-alt-labels"
OCCUPATION_CODES = "occupation-codes"
OCCUPATION_ESCO_LINK = "occupation-esco-link"
#: Broader and narrower ESCO occupations (broaderRelationsOccPillar); each entry opens its occupation.
OCCUPATION_BROADER = "occupation-broader"
OCCUPATION_NARROWER = "occupation-narrower"
OCCUPATION_HIERARCHY_LINK = "occupation-hierarchy-link"

# -- skill breakdown and about ---------------------------------------------------------
BREAKDOWN_GRAPH = "breakdown-graph"
BREAKDOWN_LISTS = "breakdown-lists"
#: Skills selected (issue 14): "40 skills are associated with this occupation · 3 selected" and
#: the coverage per group; one tick-box list per breakdown group, with select-all and clear.
SKILL_SELECTION_SUMMARY = "skill-selection-summary"
SKILL_TICKS = "skill-ticks"
SKILL_SELECT_ALL = "skill-select-all"
SKILL_CLEAR = "skill-clear"
ABOUT = "about-data"
#: "About the data": what the location quotient means (issue 15).
ABOUT_LOCATION_QUOTIENT = "about-location-quotient"

# Export menu
EXPORT_MENU = "export-menu"
EXPORT_DOWNLOAD = "export-download"
EXPORT_STATUS = "export-status"
EXPORT_UNAVAILABLE = "export-unavailable"
EXPORT_ITEM = "export-item"


def map_table_sort_button(column: str) -> dict:
    """Pattern-matching id of the sort button in one header of the map's table."""
    return {"type": MAP_TABLE_SORT_BUTTON, "column": column}


def export_item(chart: str, fmt: str) -> dict:
    """Pattern-matching id of one Export menu entry: a chart (or "report") in one format."""
    return {"type": EXPORT_ITEM, "chart": chart, "format": fmt}


def occupation_hierarchy_link(uri: str) -> dict:
    """Pattern-matching id of a broader/narrower occupation's button in the About card."""
    return {"type": OCCUPATION_HIERARCHY_LINK, "occupation": uri}


def skill_ticks(group) -> dict:
    """Pattern-matching id of one breakdown group's tick boxes (``group``: a BREAKDOWN_GROUPS key)."""
    return {"type": SKILL_TICKS, "group": group}


def skill_select_all(group) -> dict:
    return {"type": SKILL_SELECT_ALL, "group": group}


def skill_clear(group) -> dict:
    return {"type": SKILL_CLEAR, "group": group}
