"""The skills a person says they have (issue 14, point 2): parsed, bounded, compact in links.

A selection is a list of skill URIs, the person's and not the occupation's: it stays when the
occupation changes. In a link it is ``skills=`` with a short key per skill (:class:`SkillKeys`),
comma-separated; typed by hand, a link may also name skills by URI or by preferred or
alternative label (``|`` separates labels that hold commas). What does not resolve is named
back (``unknown``), and the rest still counts. At most :data:`MAX_SELECTED` skills are kept.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import pandas as pd

#: A selection holds at most this many skills (a link may carry anything).
MAX_SELECTED = 500
#: Characters of one link entry looked at; longer ones are unknown without a lookup.
MAX_ENTRY_CHARS = 300
#: An ESCO skill URI ends in a UUID; its first 8 hex digits name it alone in ESCO v1.1.1.
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: The four breakdown groups, with the words a coverage line uses for each.
GROUP_WORDS = {
    "essential_knowledge": "essential knowledge",
    "essential_skill": "essential skills/competences",
    "optional_knowledge": "optional knowledge",
    "optional_skill": "optional skills/competences",
}


class SkillKeys:
    """Short, stable keys for a taxonomy's skills: what a link and the tick boxes carry.

    A skill's key is the last part of its URI (``…/skill/python`` -> ``python``), cut to 8
    characters for an ESCO UUID; when two skills would share a key, each keeps its whole last
    part, and failing that its URI. Keys never contain a comma or ``|``.
    """

    def __init__(self, uris: Iterable[str]):
        uris = list(dict.fromkeys(str(u) for u in uris))
        last = {u: u.rstrip("/").rsplit("/", 1)[-1] for u in uris}
        short = {u: (s[:8] if _UUID.match(s) else s) for u, s in last.items()}
        keys: dict[str, str] = {}
        for candidates in (short, last):
            taken: dict[str, int] = {}
            for u in uris:
                if u not in keys:
                    taken[candidates[u]] = taken.get(candidates[u], 0) + 1
            used = set(keys.values())
            for u in uris:
                if u not in keys and taken[candidates[u]] == 1 and candidates[u] not in used \
                        and candidates[u] and not set(candidates[u]) & {",", "|"}:
                    keys[u] = candidates[u]
        for u in uris:
            keys.setdefault(u, u)
        self._key_of = keys
        self._uri_of = {k: u for u, k in keys.items()}

    def key_of(self, uri: str) -> str:
        return self._key_of.get(uri, uri)

    def uri_of(self, key: str) -> str | None:
        """The skill a key names (a URI is its own key), else None."""
        return self._uri_of.get(key) or (key if key in self._key_of else None)

    def __contains__(self, uri: object) -> bool:
        return uri in self._key_of


def skill_keys_of(cube) -> SkillKeys:
    """The cube's :class:`SkillKeys`, built once per cube."""
    keys = cube.__dict__.get("_skill_selection_keys")
    if keys is None:
        keys = cube.__dict__["_skill_selection_keys"] = SkillKeys(cube.skills["skill_uri"])  # one assignment
    return keys


class Parsed(NamedTuple):
    uris: list[str]
    unknown: list[str]
    #: Skills beyond :data:`MAX_SELECTED` that were left out.
    dropped: int


def parse_skills(texts: Sequence[str], *, keys: SkillKeys, resolve) -> Parsed:
    """A selection from link or command-line entries.

    Parameters
    ----------
    texts
        Values of ``skills=`` (one or several parameters). Each is tried whole first (a label
        may hold a comma), then split on ``|`` when it holds one, else on ``,``.
    keys
        The taxonomy's keys (a key or a URI names its skill).
    resolve
        ``text -> URI | None`` for preferred and alternative labels (:class:`SkillIndex.resolve`).
    """
    def one(text: str) -> str | None:
        if not text or len(text) > MAX_ENTRY_CHARS:
            return None
        return keys.uri_of(text) or resolve(text)

    uris: dict[str, None] = {}
    unknown: list[str] = []
    for value in texts:
        value = (value or "").strip()
        if not value:
            continue
        whole = one(value)
        parts = [value] if whole else [p.strip() for p in value.split("|" if "|" in value else ",")]
        for part in parts:
            if not part:
                continue
            uri = whole or one(part)
            if uri is None:
                unknown.append(part)
            else:
                uris.setdefault(uri, None)
    found = list(uris)
    return Parsed(found[:MAX_SELECTED], unknown, max(0, len(found) - MAX_SELECTED))


def clean_selection(value: object, *, keys: SkillKeys) -> list[str]:
    """A selection as the browser sent it back: known skill URIs, each once, at most
    :data:`MAX_SELECTED`; anything else is dropped."""
    if not isinstance(value, list):
        return []
    kept: dict[str, None] = {}
    for item in value[: MAX_SELECTED * 2]:
        if isinstance(item, str) and item in keys:
            kept.setdefault(item, None)
    return list(kept)[:MAX_SELECTED]


def skills_param(uris: Sequence[str], *, keys: SkillKeys) -> str:
    """The ``skills=`` value of a link: the keys, comma-separated ("" for none)."""
    return ",".join(keys.key_of(u) for u in uris)


def ticked(selection: Sequence[str], occupation_skills: Sequence[str], ticks: Sequence[str]) -> list[str]:
    """The selection after the tick boxes of one occupation read ``ticks``: its skills that are
    ticked are in, those not ticked are out, skills of other occupations stay; new ones go last."""
    listed = set(occupation_skills)
    on = [u for u in dict.fromkeys(ticks) if u in listed]
    on_set = set(on)
    kept = [u for u in selection if u not in listed or u in on_set]
    present = set(kept)
    return (kept + [u for u in on if u not in present])[:MAX_SELECTED]


class Coverage(NamedTuple):
    group: str
    have: int
    of: int


def coverage(breakdown: pd.DataFrame, selection: Sequence[str]) -> list[Coverage]:
    """Per breakdown group (essential/optional x knowledge/skill), how many of the occupation's
    skills are selected. ``breakdown`` is :func:`dashboard.reading.queries.skill_breakdown`'s frame."""
    chosen = set(selection)
    result = []
    for group in GROUP_WORDS:
        uris = breakdown.loc[breakdown["group"] == group, "skill_uri"]
        result.append(Coverage(group, sum(1 for u in uris if u in chosen), len(uris)))
    return result


def selection_header(total: int, selected: int) -> str:
    """ "40 skills are associated with this occupation · 3 selected"."""
    noun = "skill is" if total == 1 else "skills are"
    return f"{total} {noun} associated with this occupation · {selected} selected"


def coverage_line(item: Coverage) -> str:
    """ "9 of 19 essential knowledge"."""
    return f"{item.have} of {item.of} {GROUP_WORDS[item.group]}"


def selection_summary(breakdown: pd.DataFrame, selection: Sequence[str]) -> tuple[str, list[str], int]:
    """(header, one coverage line per group, selected skills of other occupations)."""
    items = coverage(breakdown, selection)
    listed = set(breakdown["skill_uri"])
    here = sum(i.have for i in items)
    elsewhere = sum(1 for u in selection if u not in listed)
    return selection_header(len(listed), here), [coverage_line(i) for i in items], elsewhere


def unknown_notice(unknown: Sequence[str], *, kept: int, dropped: int = 0, quote=lambda t: f"“{t}”") -> str:
    """The notice for a link's skills that did not resolve or did not fit ("" when none)."""
    sentences = []
    if unknown:
        names = ", ".join(quote(t) for t in unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        what = "is not a skill" if len(unknown) == 1 else "are not skills"
        sentences.append(f"{names} {what} in this data: {kept} selected skill{'s' if kept != 1 else ''} kept.")
    if dropped:
        sentences.append(f"A selection holds at most {MAX_SELECTED} skills: {dropped} left out.")
    return " ".join(sentences)


def skill_resolver_of(cube):
    """``text -> URI | None`` over the cube's skills (preferred and alternative labels, URIs)."""
    index = cube.__dict__.get("_skill_selection_index")
    if index is None:
        from dashboard.reading.resolve import SkillIndex

        index = cube.__dict__["_skill_selection_index"] = SkillIndex(cube.skills.drop_duplicates("skill_uri"))
    return index.resolve


#: Skills listed under "skills to learn next".
LEARN_NEXT = 8


class ToLearn(NamedTuple):
    uri: str
    label: str
    postings: int
    share: float | None  # of the occupation's postings in the scope
    relation: str  # "essential" | "optional" | "other" (asked for, not in the profile)


def skills_to_learn(top: pd.DataFrame, selection: Sequence[str], *, limit: int = LEARN_NEXT) -> list[ToLearn]:
    """The occupation's most asked-for skills (``top``: :func:`dashboard.reading.queries.top_skills`, most
    postings first) that are not selected, at most ``limit``."""
    chosen = set(selection)
    found = []
    for row in top.itertuples(index=False):
        if row.skill_uri in chosen or int(row.postings) <= 0:
            continue
        share = None if row.share is None or pd.isna(row.share) else float(row.share)
        found.append(ToLearn(row.skill_uri, row.label, int(row.postings), share, row.relation))
        if len(found) == limit:
            break
    return found


def selected_skills_json(cube, breakdown: pd.DataFrame, text: str, *, top_skills: pd.DataFrame | None = None) -> dict:
    """``query --skills``'s "selected_skills" object (DESIGN.md): per breakdown group
    {"have", "of"}, "unknown" (texts not resolved), and, added, "skills" ([{"uri", "label"}],
    the selection) and "to_learn" (the occupation's most asked-for skills not selected, with
    their postings; from ``top_skills`` when given). ``breakdown``: the occupation's
    :func:`dashboard.reading.queries.skill_breakdown` (the caller reads it: no import back)."""
    parsed = parse_skills([text], keys=skill_keys_of(cube), resolve=skill_resolver_of(cube))
    result: dict = {item.group: {"have": item.have, "of": item.of}
                    for item in coverage(breakdown, parsed.uris)}
    result["unknown"] = parsed.unknown
    facts = cube.skill_facts
    result["skills"] = [{"uri": u, "label": (facts.get(u) or (u,))[0] or u} for u in parsed.uris]
    if top_skills is not None:
        result["to_learn"] = [{"uri": s.uri, "label": s.label, "postings": s.postings, "share": s.share}
                              for s in skills_to_learn(top_skills, parsed.uris)]
    return result
