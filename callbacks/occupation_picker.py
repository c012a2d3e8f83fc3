"""The occupation picker: server-side search, and browsing by ISCO group.

The picker never holds every occupation (3,007 in ESCO): each keystroke asks the server for
at most :data:`MAX_OPTIONS` matches on preferred labels, alternative labels and codes.
"""
from __future__ import annotations

from dash import Input, Output, State, callback, no_update

from callbacks.context import current_cube
from dashboard.cube import Cube
from layouts import ids
from layouts.page import isco_options, occupation_option

MAX_OPTIONS = 50
#: Matches fetched before filtering by ISCO group, so a narrow group still fills the list.
_SEARCH_POOL = 2000


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
        The current occupation: always among the options, or the dropdown would drop it.
    """
    query = query.strip()[:200] if isinstance(query, str) else ""
    selected = selected if isinstance(selected, str) else None
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
    if selected and selected in cube.occupation_index and all(o["value"] != selected for o in options):
        options.insert(0, occupation_option(cube, selected))
    return options, hint


@callback(
    Output(ids.OCCUPATION_DROPDOWN, "options"),
    Output(ids.ISCO_HINT, "children"),
    Input(ids.OCCUPATION_DROPDOWN, "search_value"),
    *(Input(level, "value") for level in ids.ISCO_LEVELS),
    State(ids.OCCUPATION_DROPDOWN, "value"),
)
def search_occupations(search_value, major, sub_major, minor, unit, selected):
    """Type-ahead: at most 50 matches (labels, alternative labels, codes), within the ISCO group."""
    return picker_options(current_cube(), query=search_value, group=isco_prefix(major, sub_major, minor, unit),
                          selected=selected)


def _narrow(level: int):
    """Choosing a group at ``level`` lists its children one level down and clears that choice."""

    def narrow(parent):
        if not is_isco_code(parent):
            return [], None
        return isco_options(current_cube(), parent=parent, level=level + 1), None

    return narrow


for _level, (_parent, _child) in enumerate(zip(ids.ISCO_LEVELS, ids.ISCO_LEVELS[1:]), start=1):
    callback(
        Output(_child, "options"),
        Output(_child, "value"),
        Input(_parent, "value"),
        prevent_initial_call=True,
    )(_narrow(_level))


@callback(
    Output(ids.ISCO_COLLAPSE, "is_open"),
    Input(ids.ISCO_TOGGLE, "n_clicks"),
    State(ids.ISCO_COLLAPSE, "is_open"),
    prevent_initial_call=True,
)
def toggle_isco_browser(n_clicks, is_open):
    return no_update if not n_clicks else not is_open
