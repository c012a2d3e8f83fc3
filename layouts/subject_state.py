"""The view's subject in links and the store (issue 15): an occupation, an ISCO group, a skill or
all occupations.

A view about one occupation is what it always was (``{"occupation": uri, ...}``, no extra keys).
Another subject adds ``"subject"`` ("isco" | "skill" | "all") and, for a group or a skill, its
key (``"isco": "2511"``, ``"skill": uri``); ``"occupation"`` still names an occupation (the one
the occupation panels would show), so everything that reads it keeps working.

Links: ``?isco=2511`` (1-4 digits, or a group's exact label), ``?skill=python`` (label or URI),
``?occupation=all``, and ``?country=POL`` with no subject = all occupations in that country.
An unknown or ambiguous value keeps a valid view and says which values come closest
(:mod:`dashboard.reading.subjects`, the CLI's messages).
"""
from __future__ import annotations

from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.reading.subject_view import ALL_WORDS, Subject, is_valid, link_params, resolve_isco_link, resolve_skill_link, \
    subject_of
from dashboard.text import normalize_label

#: The keys a subject adds to a view dict.
SUBJECT_KEYS = ("subject", "isco", "skill")
#: URL parameters naming a subject, in the order a link shows them (before the country).
SUBJECT_PARAMS = ("isco", "skill")


def names_all(text: str | None) -> bool:
    """Whether a link's ``occupation=`` means all occupations."""
    return bool(text) and normalize_label(text) in ALL_WORDS


def with_subject(view: dict, subject: Subject) -> dict:
    """``view`` about ``subject`` (its occupation kept; the subject keys replaced)."""
    plain = {k: v for k, v in view.items() if k not in SUBJECT_KEYS}
    if subject.kind == "occupation":
        if subject.key:
            plain["occupation"] = subject.key
        return plain
    plain["subject"] = subject.kind
    if subject.kind in ("isco", "skill"):
        plain[subject.kind] = subject.key
    return plain


def _cut(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def read_subject(cube: Cube, view: dict, params: dict[str, list[str]], *, occupation_given: bool,
                 fallback: str) -> tuple[dict, list[str]]:
    """The view with the subject a link's ``isco=``/``skill=`` (or a lone ``country=``) names,
    and notices for values that name nothing (closest matches listed) or a second subject.

    ``occupation_given``: the link named an occupation (or all occupations) already, which wins;
    ``fallback``: what the page shows instead, for the notices ("software developer").
    """
    notices: list[str] = []
    given = [(name, (params.get(name) or [""])[0].strip()) for name in SUBJECT_PARAMS]
    given = [(name, value) for name, value in given if value]
    if occupation_given:
        for name, value in given:
            notices.append(f"One subject at a time: {_cut(f'{name}={value}')} ignored.")
        return view, notices
    for position, (name, value) in enumerate(given):
        if position > 0:
            notices.append(f"One subject at a time: {_cut(f'{name}={value}')} ignored.")
            continue
        try:
            key = resolve_isco_link(cube, value) if name == "isco" else resolve_skill_link(cube, value)
        except UsageError as error:
            notices.append(f"{_sentence(str(error)[:600])} Showing {fallback}.")
            return view, notices
        view = with_subject(view, Subject(name, key))
    if not given and view.get("country") and (params.get("country") or [""])[0].strip():
        # "?country=POL" alone: what employers there look for, every occupation.
        view = with_subject(view, Subject("all", None))
    return view, notices


def subject_query_params(cube: Cube, view: dict) -> dict[str, str | None]:
    """A view's subject as URL parameters: ``occupation`` (None: the caller writes the
    occupation's own key), ``isco``, ``skill``; all occupations in one country is the country
    alone, everywhere ``occupation=all``."""
    subject = subject_of(view)
    if subject.kind == "occupation":
        return {"occupation": None}
    if subject.kind == "all":
        return {"occupation": None if view.get("country") else "all"}
    return {"occupation": None, **link_params(cube, subject)}


def clean_subject(cube: Cube, data: dict) -> dict:
    """The subject keys of a store's ``data`` that name something in this cube ({} for an
    occupation, or when they name nothing: the view falls back to its occupation)."""
    kind = data.get("subject")
    if kind not in ("isco", "skill", "all"):
        return {}
    key = data.get(kind) if kind in ("isco", "skill") else None
    subject = Subject(kind, key if isinstance(key, str) else None)
    if not is_valid(cube, subject):
        return {}
    return with_subject({}, subject)
