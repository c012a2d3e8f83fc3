"""The picker also finds ISCO groups, skills and "All occupations" (issue 15), clearly labelled:
"ISCO 2511 · Systems analysts", "Skill · Python".

One picker, one dropdown: its options are occupations (values are their short option keys) and
subjects (values ``isco:CODE``, ``skill:URI``, ``all:``). Matching is on normalised text
(``dashboard.text.normalize_label``): an ISCO group's code or label, a skill's preferred label,
exact first, then starting with what was typed, then containing it, each in table order (codes
ascending; skills by label then URI). At most :data:`MAX_EACH` of each kind: those among the
first :data:`MAX_FIRST` that match well enough (:data:`FIRST_TIER`) come before the occupations,
the rest after them. ``assets/picker.js`` does the same in the browser from the index
(:func:`subject_index_payload`); this module is the reference tests compare it with.
"""
from __future__ import annotations

from dashboard.reading.cube import Cube
import re

from dashboard.reading.subject_view import Subject, skill_label
from dashboard.text import normalize_label

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
ALL_LABEL = "All occupations · every posting"


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
        label = f"ISCO {subject.key} · {cube.isco_labels.get(subject.key, '')}"
        search = f"{subject.key} {cube.isco_labels.get(subject.key, '')}"
    elif subject.kind == "skill":
        label = f"Skill · {skill_label(cube, subject.key)}"
        search = skill_label(cube, subject.key)
    else:
        label, search = ALL_LABEL, ALL_LABEL
    return {"label": label, "value": subject_value(subject), "search": " ".join(p for p in (query, search) if p)}


def _tables(cube: Cube) -> dict:
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
    tables = _tables(cube)
    codes = tables["isco_code"]
    isco_texts = [[c, n] if (not group or c.startswith(group)) else [] for c, n in zip(codes, tables["isco_norm"])]
    before, after = [], []
    for kind, keys, texts in (("isco", codes, isco_texts), ("skill", tables["skill_uri"], [[n] for n in tables["skill_norm"]])):
        for rank, (tier, position) in enumerate(_ranked(norm, texts)):
            option = subject_option(cube, Subject(kind, keys[position]), query=query.strip())
            (before if tier <= FIRST_TIER[kind] and rank < MAX_FIRST else after).append(option)
    if normalize_label(ALL_LABEL).startswith(norm) and not group:
        before.insert(0, subject_option(cube, Subject("all", None), query=query.strip()))
    return before, after


def subject_index_payload(cube: Cube) -> dict:
    """What ``assets/picker.js`` needs to list subjects as :func:`subject_matches` does (added to
    the occupation index; skill URIs share their prefix once)."""
    tables = _tables(cube)
    uris = tables["skill_uri"]
    prefix = uris[0].rpartition("/")[0] + "/" if uris else ""
    if not all(uri.startswith(prefix) for uri in uris):
        prefix = ""
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
        "all_label": ALL_LABEL, "all_norm": normalize_label(ALL_LABEL),
    }
