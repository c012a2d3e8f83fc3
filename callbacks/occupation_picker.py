"""The occupation picker: search filtered in the browser, and browsing by ISCO group.

Typing sends no request (issue 6: one request per keystroke cost 70-150 ms on a busy laptop).
The browser fetches the search index once (:func:`occupation_index_json`, served by app.py at
``layouts.page.occupation_index_url``) when the picker is first focused or hovered, and
``assets/picker.js`` ranks with it exactly as :func:`picker_options` does: that Python function
stays the reference (tests compare the two) and serves the options the view callback sends
with a deep link. The dropdown shows at most :data:`MAX_OPTIONS` matches on preferred labels,
alternative labels and codes.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

import flask

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update

from callbacks.context import current_cube
from callbacks.subject_picker import subject_index_payload, subject_matches, subject_of_value, subject_option
from web import static_files
from dashboard.reading.cube import Cube
from dashboard.reading.resolve import browser_normalisation
from layouts import ids
from layouts.page import (OCCUPATION_INDEX_FORMAT, OCCUPATION_INDEX_ROUTE, OPTION_TITLE_CHARS, isco_options,
                          occupation_index_url, occupation_option)

__all__ = ["OCCUPATION_INDEX_ROUTE", "picker_options", "occupation_index_payload", "occupation_index_json",
           "serve_occupation_index", "isco_prefix", "is_isco_code", "MAX_OPTIONS"]

MAX_OPTIONS = 50
#: Matches fetched before filtering by ISCO group, so a narrow group still fills the list.
_SEARCH_POOL = 2000
#: Characters of a query that count (longer input is cut).
MAX_QUERY_CHARS = 200


def is_isco_code(value: object) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 4 and value.isdigit()


def isco_prefix(*levels: str | None) -> str | None:
    """The narrowest ISCO group chosen in the cascade (major .. unit), if any."""
    chosen = [level for level in levels if is_isco_code(level)]
    return chosen[-1] if chosen else None


def picker_options(cube: Cube, *, query: str | None, group: str | None, selected: str | None) -> tuple[list[dict], str]:
    """Options for the occupation dropdown, and a one-line hint.

    Parameters
    ----------
    query
        What the user typed ("" or None: browse the group, alphabetically).
    group
        An ISCO code (1-4 digits) the occupations must fall under, or None.
    selected
        The dropdown's value (an occupation's option key, ``OccupationIndex.option_key``):
        that occupation is always among the options, or the dropdown would drop it.

    Options' values are option keys, not URIs (issue 6: see ``layouts.page.occupation_option``).
    """
    query = query.strip()[:MAX_QUERY_CHARS] if isinstance(query, str) else ""
    selected_value, selected_subject = selected, subject_of_value(cube, selected)
    selected = cube.occupation_index.uri_of_option_key(selected)
    in_group = None
    if group:
        in_group = {uri for uri, facts in cube.occupation_facts.items() if facts.isco_group.startswith(group)}
    if query:
        hits = cube.occupation_index.search(query, limit=_SEARCH_POOL if group else MAX_OPTIONS + 1)
        if in_group is not None:
            hits = [h for h in hits if h["uri"] in in_group]
        total = len(hits)
        options = [occupation_option(cube, h["uri"], matched=h.get("matched"), query=query) for h in hits[:MAX_OPTIONS]]
        if total == 0:
            hint = f"No occupation matches “{query}”" + (f" in ISCO group {group}." if group else ".")
        elif total > MAX_OPTIONS:
            hint = f"Showing the first {MAX_OPTIONS} matches: type more to narrow."
        else:
            hint = f"{total} matching occupation{'s' if total != 1 else ''}."
    else:
        # Alphabetical order is computed once per cube (3,007 labels sorted per call before).
        ordered = cube.occupations_by_label
        rows = ordered if in_group is None else [uri for uri in ordered if uri in in_group]
        options = [occupation_option(cube, uri) for uri in rows[:MAX_OPTIONS]]
        total = len(rows)
        if group:
            hint = (f"{total} occupation{'s' if total != 1 else ''} in ISCO group {group}: open the Occupation list "
                    "to pick one" + (f" (first {MAX_OPTIONS} shown; type to search within the group)." if total > MAX_OPTIONS else "."))
        else:
            hint = ""
    # Issue 15: ISCO groups, skills and "All occupations" around the occupations (subject_picker).
    before, after = subject_matches(cube, query=query, group=group)
    options = before + options + after
    if selected and all(o["value"] != cube.occupation_index.option_key(selected) for o in options):
        options.insert(0, occupation_option(cube, selected))
    elif selected_subject is not None and all(o["value"] != selected_value for o in options):
        options.insert(0, subject_option(cube, selected_subject))
    return options, hint


def occupation_index_payload(cube: Cube) -> dict:
    """The picker's search index for the browser: everything :func:`picker_options` reads.

    Occupations are columns in the table order of ``OccupationIndex.search_table`` (an
    occupation is its position; ``option_key`` holds the value its option carries); search entries come with their normalised text already
    computed here, so the browser normalises only what is typed (``browser_normalisation``).
    An entry's text as written is sent only where it differs from its normalised text.
    """
    table = cube.occupation_index.search_table()
    uris = table["uris"]
    facts = [cube.occupation_facts[uri] for uri in uris]
    position = {uri: i for i, uri in enumerate(uris)}
    # ESCO URIs share "http://data.europa.eu/esco/occupation/": sent once.
    prefix = uris[0].rpartition("/")[0] + "/" if uris else ""
    if not all(uri.startswith(prefix) for uri in uris):
        prefix = ""
    entries = table["entries"]
    return {
        "format": OCCUPATION_INDEX_FORMAT,
        "version": cube.version,
        "max_options": MAX_OPTIONS,
        "search_pool": _SEARCH_POOL,
        "max_query_chars": MAX_QUERY_CHARS,
        **browser_normalisation(),
        "uri_prefix": prefix,
        "uri": [uri[len(prefix):] for uri in uris],
        "uri_key": [[i, key] for i, (uri, key) in enumerate(zip(uris, table["uri_keys"])) if key != uri],
        # Option values (a short key per occupation, computed here only: the browser never hashes).
        "option_key": table["option_keys"],
        "label": [f.label for f in facts],
        "code": [f.code for f in facts],
        "group": [f.isco_group for f in facts],
        "title": [f.description[:OPTION_TITLE_CHARS] for f in facts],
        "browse": [position[uri] for uri in cube.occupations_by_label],
        "blocks": table["blocks"],
        "entry_occupation": [occupation for occupation, _, _ in entries],
        "entry_norm": [norm for _, norm, _ in entries],
        "entry_text": [[i, text] for i, (_, norm, text) in enumerate(entries) if text != norm],
        **subject_index_payload(cube),  # issue 15: ISCO groups and skills
    }


_index_json: dict[str, bytes] = {}
_index_json_lock = threading.Lock()


def occupation_index_json(cube: Cube) -> bytes:
    """:func:`occupation_index_payload` as UTF-8 JSON, built once per cube version and process."""
    key = str(cube.path)
    body = _index_json.get(key)
    if body is None:
        with _index_json_lock:
            body = _index_json.get(key)
            if body is None:
                body = json.dumps(occupation_index_payload(cube), ensure_ascii=False,
                                  separators=(",", ":")).encode("utf-8")
                _index_json.clear()  # one cube per process: an older version is not asked for again
                _index_json[key] = body
    return body


def serve_occupation_index(data_dir: Path, name: str) -> flask.Response:
    """The HTTP answer for ``OCCUPATION_INDEX_ROUTE + name`` (app.py routes it; its static-file
    hook compresses the body once). Only the current cube's index exists; its URL names the cube
    version, so browsers may keep it for a year."""
    cube = Cube.open(data_dir)
    if name != occupation_index_url(cube).rpartition("/")[2]:
        return flask.Response(json.dumps({"error": "no such occupation index: the data was rebuilt, reload the page"}),
                              status=404, mimetype="application/json")
    response = flask.Response(occupation_index_json(cube), mimetype="application/json")
    response.headers["Cache-Control"] = static_files.IMMUTABLE_CACHE_CONTROL
    return response


# Type-ahead in the browser (assets/picker.js): at most 50 matches (labels, alternative labels,
# codes) within the ISCO group. The index store is an input: when the index has arrived,
# picker.js sets {"ready": true} on it and the options are computed for what was typed meanwhile.
clientside_callback(
    ClientsideFunction(namespace="jobAtlasPicker", function_name="options"),
    Output(ids.OccupationPicker.DROPDOWN, "options"),
    Output(ids.OccupationPicker.ISCO_HINT, "children"),
    Input(ids.OccupationPicker.DROPDOWN, "search_value"),
    *(Input(level, "value") for level in ids.OccupationPicker.ISCO_LEVELS),
    Input(ids.OccupationPicker.INDEX, "data"),
    State(ids.OccupationPicker.DROPDOWN, "value"),
    State(ids.OccupationPicker.DROPDOWN, "options"),
)


def _narrow(level: int):
    """Choosing a group at ``level`` lists its children one level down and clears that choice."""

    def narrow(parent):
        if not is_isco_code(parent):
            return [], None
        return isco_options(current_cube(), parent=parent, level=level + 1), None

    return narrow


for _level, (_parent, _child) in enumerate(zip(ids.OccupationPicker.ISCO_LEVELS, ids.OccupationPicker.ISCO_LEVELS[1:]), start=1):
    callback(
        Output(_child, "options"),
        Output(_child, "value"),
        Input(_parent, "value"),
        prevent_initial_call=True,
    )(_narrow(_level))


@callback(
    Output(ids.OccupationPicker.ISCO_COLLAPSE, "is_open"),
    Input(ids.OccupationPicker.ISCO_TOGGLE, "n_clicks"),
    State(ids.OccupationPicker.ISCO_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
def toggle_isco_browser(n_clicks, is_open):
    return no_update if not n_clicks else not is_open
