"""The picker's layout: "What to map", the ISCO browser under it, and every text the picker shows.

One picker lists occupations, ISCO groups, skills and "All occupations" (issues 6, 15). It
filters in the browser (``assets/occupation_picker.js``, the authoritative ranking): typing sends
no request. The browser fetches the search index (``callbacks.occupation_picker``, served by
``web.picker_index`` at :func:`occupation_index_url`) on the first focus or hover of the picker.

The texts are written here once (issue 13): :data:`PICKER_TEXTS` travel to the browser in the
index, :data:`LOADING_TEXTS` (needed before the index has arrived) in the index store's data.
Python formats them with ``str.format`` and the browser with the same ``{name}`` fields.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.reading.cube import Cube
from layouts import ids

#: Where the app serves the picker's search index (``web.picker_index``).
OCCUPATION_INDEX_ROUTE = "/occupation-index/"
#: Bumped whenever the index's JSON layout changes, so a browser never reads an older one.
#: 2: options carry short keys as values (option_key); 3: ISCO groups and skills; 4: the texts.
OCCUPATION_INDEX_FORMAT = 4
#: Characters of the description an option shows on hover.
OPTION_TITLE_CHARS = 300

#: What the picker writes in its options and in its hint under the ISCO browser. ``{s}`` is "s"
#: unless ``{count}`` is 1.
PICKER_TEXTS = {
    "occupation_with_code": "{label} ({code})",
    "also_matched": "{shown} — also “{matched}”",
    "isco_option": "ISCO {code} · {label}",
    "skill_option": "Skill · {label}",
    "all_option": "All occupations · every posting",
    "no_match": "No occupation matches “{query}”.",
    "no_match_in_group": "No occupation matches “{query}” in ISCO group {group}.",
    "too_many": "Showing the first {max} matches: type more to narrow.",
    "matches": "{count} matching occupation{s}.",
    "in_group": "{count} occupation{s} in ISCO group {group}: open the Occupation list to pick one.",
    "in_group_too_many": ("{count} occupation{s} in ISCO group {group}: open the Occupation list to pick one "
                          "(first {max} shown; type to search within the group)."),
}
#: Shown in the open list while the index loads, or when it could not be loaded.
LOADING_TEXTS = {
    "loading": "Loading occupations…",
    "load_failed": "Could not load the list of occupations ({error}): reload the page.",
}
ISCO_LEVEL_TITLES = ("Major group", "Sub-major group", "Minor group", "Unit group")


def picker_text(name: str, **values: object) -> str:
    """One of :data:`PICKER_TEXTS` filled in (``s`` from ``count`` when given)."""
    if "count" in values:
        values["s"] = "" if values["count"] == 1 else "s"
    return PICKER_TEXTS[name].format(**values)


def occupation_option(cube: Cube, uri: str, *, matched: str | None = None, query: str = "") -> dict:
    """One picker option. ``search`` holds what was matched, so the dropdown's own
    client-side filter never hides a match on an alternative label or code. The value is the
    occupation's short key (``OccupationIndex.option_key``), not its URI: the dropdown indexes
    every substring of every value each time its options change (issue 6)."""
    facts = cube.occupation_facts[uri]  # a dict lookup: this runs for up to 51 options a keystroke
    label, code = facts.label, facts.code
    shown = picker_text("occupation_with_code", label=label, code=code) if code else label
    if matched and matched != label and matched != code:
        shown = picker_text("also_matched", shown=shown, matched=matched)
    search = " ".join(p for p in (query, label, code, matched or "") if p)
    return {"label": shown, "value": cube.occupation_index.option_key(uri), "search": search,
            "title": facts.description[:OPTION_TITLE_CHARS]}


def occupation_index_url(cube: Cube) -> str:
    """URL of the picker's search index for this cube: a new build or format gets a new URL, so
    browsers may cache it for good."""
    return f"{OCCUPATION_INDEX_ROUTE}{cube.version}-v{OCCUPATION_INDEX_FORMAT}.json"


def isco_options(cube: Cube, *, parent: str | None, level: int) -> list[dict]:
    """ISCO groups of one level (under ``parent`` when given) as dropdown options."""
    groups = cube.isco_groups
    groups = groups[groups["level"] == level]
    if parent:
        groups = groups[groups["parent_code"] == parent]
    return [{"label": f"{r.code} {r.label}", "value": str(r.code)} for r in groups.itertuples(index=False)]


def occupation_picker(cube: Cube, occupation: str | None) -> list:
    """The "What to map" control: its label, the ISCO browser's toggle, the dropdown (holding
    ``occupation``, a URI, when given) and the store that says where the search index is."""
    return [
        html.Div(
            [html.Label("What to map", htmlFor=ids.OccupationPicker.DROPDOWN, className="form-label fw-semibold mb-0 me-2"),
             dbc.Button("Browse by ISCO group", id=ids.OccupationPicker.ISCO_TOGGLE, color="link", size="sm",
                        class_name="p-0 small", n_clicks=0)],
            className="d-flex align-items-baseline",
        ),
        # The wrapper holds the picker's button and its (Dash 4: portalled into the wrapper)
        # option list: assets/occupation_picker.js fetches the index on the first focus or hover
        # inside it, dashboard.css styles it.
        html.Div(dcc.Dropdown(
            id=ids.OccupationPicker.DROPDOWN,
            options=[occupation_option(cube, occupation)] if occupation else [],
            value=cube.occupation_index.option_key(occupation) if occupation else None,
            clearable=False,
            placeholder="Type an occupation (or ESCO code), an ISCO group or a skill",
            maxHeight=360,
            # assets/occupation_picker.js ranks the options; the dropdown's own search (Dash 4:
            # relevance order) must keep that order.
            search_order="original",
        ), className="job-atlas-picker"),
        # Where assets/occupation_picker.js fetches the search index (on the first focus or
        # hover of the picker, not during the first load), and what it says meanwhile.
        dcc.Store(id=ids.OccupationPicker.INDEX,
                  data={"url": occupation_index_url(cube), "id": ids.OccupationPicker.INDEX, "texts": LOADING_TEXTS}),
    ]


def isco_browser(cube: Cube) -> dbc.Collapse:
    """Browse by ISCO group: four cascading dropdowns (major .. unit) that narrow the picker,
    and the picker's hint (how many occupations match)."""
    levels = [
        dbc.Col(
            [html.Label(title, htmlFor=component_id, className="form-label small mb-0"),
             dcc.Dropdown(id=component_id, options=isco_options(cube, parent=None, level=1) if level == 1 else [],
                          placeholder="Any", maxHeight=300)],
            md=3,
        )
        for level, (title, component_id) in enumerate(zip(ISCO_LEVEL_TITLES, ids.OccupationPicker.ISCO_LEVELS), start=1)
    ]
    hint = dbc.Col(html.Div(id=ids.OccupationPicker.ISCO_HINT, className="small text-muted", role="status"), width=12)
    return dbc.Collapse(dbc.Row(levels + [hint], class_name="g-2 mt-1"), id=ids.OccupationPicker.ISCO_COLLAPSE, is_open=False)
