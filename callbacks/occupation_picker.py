"""The picker's callbacks, its search index, and the Python twin of the browser's ranking.

The ranking that counts is the browser's (``assets/occupation_picker.js``): typing sends no
request (issue 6: one request per keystroke cost 70-150 ms on a busy laptop). It ranks over
:func:`occupation_index_payload`, fetched once from ``web.picker_index``. :func:`picker_options`
ranks the same way in Python and earns its place twice, no more (issue 13): it lists the options
a deep link opens with (``callbacks.view``, no query), and it is what tests/test_picker_client.py
compares the browser with, case by case, over the one table of expected cases
(tests/picker_cases.py).

One picker, one dropdown: its options are occupations (values: their short option keys) and
subjects (issue 15; values ``isco:CODE``, ``skill:URI``, ``all:``), labelled "ISCO 2511 · ...",
"Skill · ...". Occupations rank as ``OccupationIndex.search`` does; subjects match on normalised
text (``dashboard.text.normalize_label``): an ISCO group's code or label, a skill's preferred
label — exact first, then starting with what was typed, then containing it, each in table order
(codes ascending; skills by label then URI). At most :data:`MAX_EACH` of each kind: those among
the first :data:`MAX_FIRST` that match well enough (:data:`FIRST_TIER`) come before the
occupations, the rest after them. Every text comes from ``layouts.occupation_picker``.
"""
from __future__ import annotations

import re

from dash import ClientsideFunction, Input, Output, State, no_update

from callbacks.registry import callback, clientside_callback
from callbacks.context import current_cube
from dashboard.reading.cube import Cube
from dashboard.reading.resolve import browser_normalisation
from dashboard.reading.subject_view import Subject, skill_label
from dashboard.text import normalize_label
from layouts import ids
from layouts.occupation_picker import (OCCUPATION_INDEX_FORMAT, OPTION_TITLE_CHARS, PICKER_TEXTS, isco_options,
                                       occupation_option, picker_text)

MAX_OPTIONS = 50
#: Matches fetched before filtering by ISCO group, so a narrow group still fills the list.
_SEARCH_POOL = 2000
#: Characters of a query that count (longer input is cut).
MAX_QUERY_CHARS = 200

ISCO_PREFIX, SKILL_PREFIX, ALL_VALUE = "isco:", "skill:", "all:"
#: Subject options of one kind (ISCO groups, skills) per query.
MAX_EACH = 5
#: Of those, how many may come before the occupations (exact or prefix matches only).
MAX_FIRST = 3
#: Matches that may come before the occupations: an ISCO group whose code or label is or starts
#: with the query (people type "25" for the group), a skill only when its label is the query
#: ("nurse" lists nurses before the skill "nurse plants").
FIRST_TIER = {"isco": 1, "skill": 0}
#: Shortest query that lists subjects (a digit alone lists ISCO major groups).
MIN_QUERY_CHARS = 2


def is_isco_code(value: object) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= 4 and value.isdigit()


def isco_prefix(*levels: str | None) -> str | None:
    """The narrowest ISCO group chosen in the cascade (major .. unit), if any."""
    chosen = [level for level in levels if is_isco_code(level)]
    return chosen[-1] if chosen else None


# -- the Python twin of assets/occupation_picker.js ------------------------------------------

def picker_options(cube: Cube, *, query: str | None, group: str | None, selected: str | None) -> tuple[list[dict], str]:
    """Options for the picker, and a one-line hint, as the browser lists them.

    Parameters
    ----------
    query
        What the user typed ("" or None: browse the group, alphabetically).
    group
        An ISCO code (1-4 digits) the occupations must fall under, or None.
    selected
        The dropdown's value (an occupation's option key, ``OccupationIndex.option_key``, or a
        subject's value): it is always among the options, or the dropdown would drop it.
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
            hint = picker_text("no_match_in_group", query=query, group=group) if group else \
                picker_text("no_match", query=query)
        elif total > MAX_OPTIONS:
            hint = picker_text("too_many", max=MAX_OPTIONS)
        else:
            hint = picker_text("matches", count=total)
    else:
        # Alphabetical order is computed once per cube (3,007 labels sorted per call before).
        ordered = cube.occupations_by_label
        rows = ordered if in_group is None else [uri for uri in ordered if uri in in_group]
        options = [occupation_option(cube, uri) for uri in rows[:MAX_OPTIONS]]
        total = len(rows)
        hint = ""
        if group:
            hint = picker_text("in_group_too_many" if total > MAX_OPTIONS else "in_group", count=total, group=group,
                               max=MAX_OPTIONS)
    before, after = subject_matches(cube, query=query, group=group)
    options = before + options + after
    if selected and all(o["value"] != cube.occupation_index.option_key(selected) for o in options):
        options.insert(0, occupation_option(cube, selected))
    elif selected_subject is not None and all(o["value"] != selected_value for o in options):
        options.insert(0, subject_option(cube, selected_subject))
    return options, hint


def subject_value(subject: Subject) -> str | None:
    """The picker value of a subject other than one occupation."""
    if subject.kind == "isco":
        return ISCO_PREFIX + subject.key
    if subject.kind == "skill":
        return SKILL_PREFIX + subject.key
    if subject.kind == "all":
        return ALL_VALUE
    return None


def subject_of_value(cube: Cube, value: object) -> Subject | None:
    """The subject a picker value names, or None (an occupation's key, or nothing valid)."""
    if not isinstance(value, str):
        return None
    if value == ALL_VALUE:
        return Subject("all", None)
    if value.startswith(ISCO_PREFIX) and value[len(ISCO_PREFIX):] in cube.isco_labels:
        return Subject("isco", value[len(ISCO_PREFIX):])
    if value.startswith(SKILL_PREFIX) and value[len(SKILL_PREFIX):] in cube.skill_facts:
        return Subject("skill", value[len(SKILL_PREFIX):])
    return None


def subject_option(cube: Cube, subject: Subject, *, query: str = "") -> dict:
    """One picker option for a subject; ``search`` holds the query so the dropdown's own filter
    never hides it."""
    if subject.kind == "isco":
        group_label = cube.isco_labels.get(subject.key, "")
        label = picker_text("isco_option", code=subject.key, label=group_label)
        search = f"{subject.key} {group_label}"
    elif subject.kind == "skill":
        label = picker_text("skill_option", label=skill_label(cube, subject.key))
        search = skill_label(cube, subject.key)
    else:
        label = search = picker_text("all_option")
    return {"label": label, "value": subject_value(subject), "search": " ".join(p for p in (query, search) if p)}


def _subject_tables(cube: Cube) -> dict:
    """ISCO groups (by code) and skills (by label, then URI) with their normalised texts, once per cube."""
    tables = cube.__dict__.get("_subject_picker_tables")
    if tables is None:
        codes = sorted(cube.isco_labels)
        skills = sorted(cube.skill_facts, key=lambda uri: (normalize_label(skill_label(cube, uri)), uri))
        tables = {
            "isco_code": codes,
            "isco_norm": [normalize_label(cube.isco_labels[c]) for c in codes],
            "skill_uri": skills,
            "skill_norm": [normalize_label(skill_label(cube, uri)) for uri in skills],
        }
        cube.__dict__["_subject_picker_tables"] = tables  # one assignment: safe across threads
    return tables


def _ranked(norm: str, texts: list[list[str]]) -> list[tuple[int, int]]:
    """(tier, position) of the entries some of whose ``texts`` match: 0 exact, 1 prefix, 2 substring."""
    hits = []
    for position, candidates in enumerate(texts):
        tier = 3
        for text in candidates:
            if text == norm:
                tier = 0
                break
            if text.startswith(norm):
                tier = min(tier, 1)
            elif norm in text:
                tier = min(tier, 2)
        if tier < 3:
            hits.append((tier, position))
    hits.sort()
    return hits[:MAX_EACH]


def subject_matches(cube: Cube, *, query: str, group: str | None) -> tuple[list[dict], list[dict]]:
    """Subject options for what was typed: (before the occupations, after them).

    No query: "All occupations" first, or with an ISCO group chosen in the browser, that whole
    group. A query of at least :data:`MIN_QUERY_CHARS` characters (or digits): matching ISCO
    groups (within the chosen group) and skills.
    """
    norm = normalize_label(query or "")
    if not norm:
        subject = Subject("isco", group) if group and group in cube.isco_labels else Subject("all", None)
        return [subject_option(cube, subject)], []
    if len(norm) < MIN_QUERY_CHARS and not re.fullmatch(r"[0-9]+", norm):
        return [], []
    tables = _subject_tables(cube)
    codes = tables["isco_code"]
    isco_texts = [[c, n] if (not group or c.startswith(group)) else [] for c, n in zip(codes, tables["isco_norm"])]
    before, after = [], []
    for kind, keys, texts in (("isco", codes, isco_texts), ("skill", tables["skill_uri"], [[n] for n in tables["skill_norm"]])):
        for rank, (tier, position) in enumerate(_ranked(norm, texts)):
            option = subject_option(cube, Subject(kind, keys[position]), query=query.strip())
            (before if tier <= FIRST_TIER[kind] and rank < MAX_FIRST else after).append(option)
    if normalize_label(PICKER_TEXTS["all_option"]).startswith(norm) and not group:
        before.insert(0, subject_option(cube, Subject("all", None), query=query.strip()))
    return before, after


# -- the search index the browser ranks over ---------------------------------------------------

def occupation_index_payload(cube: Cube) -> dict:
    """The picker's search index for the browser: everything :func:`picker_options` reads, and
    the texts it writes (``layouts.occupation_picker.PICKER_TEXTS``).

    Occupations are columns in the table order of ``OccupationIndex.search_table`` (an
    occupation is its position; ``option_key`` holds the value its option carries); search
    entries come with their normalised text already computed here, so the browser normalises
    only what is typed (``browser_normalisation``). An entry's text as written is sent only
    where it differs from its normalised text.
    """
    table = cube.occupation_index.search_table()
    uris = table["uris"]
    facts = [cube.occupation_facts[uri] for uri in uris]
    position = {uri: i for i, uri in enumerate(uris)}
    entries = table["entries"]
    prefix = _shared_prefix(uris)  # ESCO URIs share "http://data.europa.eu/esco/occupation/": sent once
    return {
        "format": OCCUPATION_INDEX_FORMAT,
        "version": cube.version,
        "texts": PICKER_TEXTS,
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
        **_subject_index_payload(cube),  # issue 15: ISCO groups and skills
    }


def _shared_prefix(uris: list[str]) -> str:
    """The namespace every URI starts with (up to its last "/"), or ""."""
    prefix = uris[0].rpartition("/")[0] + "/" if uris else ""
    return prefix if all(uri.startswith(prefix) for uri in uris) else ""


def _subject_index_payload(cube: Cube) -> dict:
    """What the browser needs to list subjects as :func:`subject_matches` does."""
    tables = _subject_tables(cube)
    uris = tables["skill_uri"]
    prefix = _shared_prefix(uris)
    labels = [skill_label(cube, uri) for uri in uris]
    return {
        "isco_code": tables["isco_code"],
        "isco_label": [cube.isco_labels[c] for c in tables["isco_code"]],
        "isco_norm": tables["isco_norm"],
        "skill_uri_prefix": prefix,
        "skill_uri": [uri[len(prefix):] for uri in uris],
        "skill_label": labels,
        # The normalised label only where it differs from the label as written.
        "skill_norm": [[i, n] for i, (n, label) in enumerate(zip(tables["skill_norm"], labels)) if n != label],
        "subject_max_each": MAX_EACH, "subject_max_first": MAX_FIRST, "subject_min_query": MIN_QUERY_CHARS,
        "subject_first_tier": FIRST_TIER,
        "all_norm": normalize_label(PICKER_TEXTS["all_option"]),
    }


# -- callbacks -----------------------------------------------------------------------------

# Type-ahead in the browser (assets/occupation_picker.js): at most 50 matches (labels, alternative
# labels, codes) within the ISCO group. The index store is an input: when the index has arrived,
# the script sets {"ready": true} on it and the options are computed for what was typed meanwhile.
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


_LEVELS = ids.OccupationPicker.ISCO_LEVELS
for _level, (_parent, _child) in enumerate(zip(_LEVELS, _LEVELS[1:]), start=1):
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
