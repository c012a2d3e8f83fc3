"""Every component id of the app, one family per feature. No id string appears anywhere else.

A family is a class used as a namespace: ``ids.Map.GRAPH``, ``ids.CountryPanel.TITLE``,
``ids.Table.sort_button("jobs")``. The id strings themselves stay ``<area>-<role>``: the
browser tests, assets/*.js and assets/dashboard.css use them.
"""
from __future__ import annotations


class Page:
    """The page's own state and header (the view lives in the page, never on the server)."""

    URL = "page-url"
    #: Says what a deep link asked for that could not be shown.
    URL_NOTICE = "url-notice"
    DEMO_BANNER = "demo-banner"
    ABOUT_LINK = "about-link"


class ViewStore:
    """The current view: {"occupation", "country", "start", "end", "measure"} (dashboard.view.View.to_store)."""

    STORE = "view-store"


class ShareLink:
    """Copies a link that restores the current view (occupation, country, period, measure)."""

    BUTTON = "share-link"


class OccupationPicker:
    """The occupation dropdown and the ISCO browse beside it."""

    DROPDOWN = "occupation-dropdown"
    #: The picker's search index: its URL, its loading texts, and whether assets/occupation_picker.js has it ("ready").
    INDEX = "occupation-index"
    ISCO_TOGGLE = "isco-toggle"
    ISCO_COLLAPSE = "isco-collapse"
    ISCO_MAJOR = "isco-major"
    ISCO_SUB_MAJOR = "isco-sub-major"
    ISCO_MINOR = "isco-minor"
    ISCO_UNIT = "isco-unit"
    #: The four ISCO browse dropdowns, broadest first.
    ISCO_LEVELS = (ISCO_MAJOR, ISCO_SUB_MAJOR, ISCO_MINOR, ISCO_UNIT)
    ISCO_HINT = "isco-hint"


class Controls:
    """The period and the measure."""

    PERIOD_SLIDER = "period-slider"
    PERIOD_LABEL = "period-label"
    MEASURE_RADIO = "measure-radio"


class Headline:
    """The subject's name and totals above the map."""

    OCCUPATION = "headline-occupation"
    DETAIL = "headline-detail"
    JOBS = "headline-jobs"
    JOBS_LABEL = "headline-jobs-label"
    COUNTRIES = "headline-countries"
    COUNTRIES_LABEL = "headline-countries-label"
    PERIOD = "headline-period"


class Map:
    TABS = "map-tabs"
    GRAPH = "jobs-map"
    #: The line under the map naming the Pay measure's currency and period (issue 18).
    PAY_NOTE = "jobs-map-pay-note"


class Table:
    """The Table tab: the map's numbers as an HTML table."""

    #: The tab's body, rendered while the tab is open.
    BODY = "map-table"
    #: The table's rows for the current view (the view callback writes them with the map).
    ROWS = "map-table-rows"
    #: The rows again, copied in the browser only while the Table tab is open
    #: (assets/map_table.js), so an occupation change with the map showing sends no request
    #: for the table.
    SHOWN = "map-table-shown"
    #: The table's sort: {"column", "descending"} (layouts.map_table.DEFAULT_SORT).
    SORT = "map-table-sort"
    SORT_BUTTON = "map-table-sort-button"

    @staticmethod
    def sort_button(column: str) -> dict:
        """Pattern-matching id of the sort button in one header of the table."""
        return {"type": Table.SORT_BUTTON, "column": column}


class CountryPanel:
    PANEL = "country-panel"
    TITLE = "country-panel-title"
    DROPDOWN = "country-dropdown"
    CLEAR = "country-clear"
    STATS = "country-stats"
    TREND_GRAPH = "trend-graph"
    #: Advertised pay in the country panel (issue 18): medians per currency and period.
    PAY = "country-pay"


class Skills:
    """The skills in demand in the country panel."""

    GRAPH = "skills-graph"
    GRAPH_BOX = "skills-graph-box"
    PROFILE = "skills-profile"


class AvailableJobs:
    """The postings behind the view, a page at a time (issue 18)."""

    CARD = "available-jobs"
    TITLE = "available-jobs-title"
    LIST = "available-jobs-list"
    RANGE = "available-jobs-range"
    PREVIOUS = "available-jobs-previous"
    NEXT = "available-jobs-next"
    PAGER = "available-jobs-pager"
    #: {"offset": int}: the first row of the page shown.
    PAGE = "available-jobs-page"


class Subject:
    """Subjects other than one occupation (issue 15)."""

    #: Wraps the occupation's own cards (about, skill breakdown): hidden for an ISCO group, a
    #: skill or all occupations.
    OCCUPATION_SECTION = "occupation-section"


class OccupationAbout:
    """About the occupation (issue 14): description, other names, codes, ESCO link, hierarchy."""

    CARD = "occupation-about"
    BODY = "occupation-about-body"
    DESCRIPTION = "occupation-description"
    DESCRIPTION_MORE = "occupation-description-more"
    ALT_LABELS = "occupation-alt-labels"
    CODES = "occupation-codes"
    ESCO_LINK = "occupation-esco-link"
    #: Broader and narrower ESCO occupations (broaderRelationsOccPillar); each entry opens its
    #: occupation.
    BROADER = "occupation-broader"
    NARROWER = "occupation-narrower"
    HIERARCHY_LINK = "occupation-hierarchy-link"

    @staticmethod
    def hierarchy_link(uri: str) -> dict:
        """Pattern-matching id of a broader/narrower occupation's button in the About card."""
        return {"type": OccupationAbout.HIERARCHY_LINK, "occupation": uri}


class Breakdown:
    """The skill breakdown of the occupation."""

    GRAPH = "breakdown-graph"
    LISTS = "breakdown-lists"


class SkillSelection:
    """Skills selected (issue 14): "40 skills are associated with this occupation · 3 selected"
    and the coverage per group; one tick-box list per breakdown group, with select-all and clear."""

    SUMMARY = "skill-selection-summary"
    TICKS = "skill-ticks"
    SELECT_ALL = "skill-select-all"
    CLEAR = "skill-clear"

    @staticmethod
    def ticks(group) -> dict:
        """Pattern-matching id of one breakdown group's tick boxes (a BREAKDOWN_GROUPS key)."""
        return {"type": SkillSelection.TICKS, "group": group}

    @staticmethod
    def select_all(group) -> dict:
        return {"type": SkillSelection.SELECT_ALL, "group": group}

    @staticmethod
    def clear(group) -> dict:
        return {"type": SkillSelection.CLEAR, "group": group}


class Related:
    """Where to go next (issue 14): the occupation's related occupations for the person's skills,
    ten shown and the rest behind "show more"; a switch keeps only those with jobs in the country."""

    CARD = "related-card"
    #: What "k of n essential skills" counts, and where and when the jobs are.
    BASIS = "related-basis"
    #: The switch "Only with jobs in <country>"; the browser shows one of the two lists.
    ONLY_WITH_JOBS = "related-only-with-jobs"
    ALL = "related-all"
    WITH_JOBS = "related-with-jobs"


class AboutData:
    """The "About the data" card."""

    CARD = "about-data"
    #: What the location quotient means (issue 15).
    LOCATION_QUOTIENT = "about-location-quotient"
    #: How related occupations are ranked, and how well (issue 14).
    RELATED_METHOD = "about-related-method"


class Export:
    """The Export menu."""

    SLOT = "export-slot"
    MENU = "export-menu"
    DOWNLOAD = "export-download"
    STATUS = "export-status"
    UNAVAILABLE = "export-unavailable"
    ITEM = "export-item"
    #: Which entries apply to which subject (issue 15), read by assets/export_menu.js.
    APPLIES = "export-applies"
    #: The menu's line saying which entries the current subject greys out, and why.
    SUBJECT_NOTE = "export-subject-note"

    @staticmethod
    def item(chart: str, fmt: str) -> dict:
        """Pattern-matching id of one Export menu entry: a chart (or "report") in one format."""
        return {"type": Export.ITEM, "chart": chart, "format": fmt}
