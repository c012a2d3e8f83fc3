"""ESCO's skills hierarchy and skill collections as a cube holds them (issue 15).

A skill's *groups* are the nearest skill groups up the hierarchy: a skill whose broader
concept is another skill inherits that skill's groups ("Haskell" -> "computer programming"
-> "software and applications development and analysis"). A group's *level* is its distance
from a top concept of the pillar (``skills``, ``knowledge``, ``transversal skills and
competences``, ``language skills and knowledge``: level 0).

Read from the ESCO bundle by :mod:`dashboard.building.skill_hierarchy`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

#: Collection ids (as in JSON and the UI) and the file-name stem of each, in display order.
COLLECTIONS: dict[str, str] = {
    "digital": "digitalSkillsCollection",
    "green": "greenSkillsCollection",
    "transversal": "transversalSkillsCollection",
    "language": "languageSkillsCollection",
    "research": "researchSkillsCollection",
    "digcomp": "digCompSkillsCollection",
}


@dataclass(frozen=True, eq=False)
class SkillHierarchy:
    """The skills pillar's hierarchy and collections.

    Attributes
    ----------
    groups : DataFrame
        group_uri, label, code ("S1.2.3", "" for ISCED-F knowledge groups), description,
        level (0 = a top concept; -1 when no path leads to one).
    broader : DataFrame
        uri, broader_uri: one row per relation, each pair once.
    collections : DataFrame
        skill_uri, collection (a key of :data:`COLLECTIONS`), each pair once.
    issues : list of str
        What was odd or missing, one readable sentence each.
    files : list of dict
        Per file read: name, rows_read, rows_loaded, rows_rejected, rejected_by_reason.
    """

    groups: pd.DataFrame
    broader: pd.DataFrame
    collections: pd.DataFrame
    issues: list[str] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)

    @cached_property
    def _broader_map(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, list[str]] = {}
        for uri, broader in zip(self.broader["uri"], self.broader["broader_uri"]):
            found.setdefault(uri, []).append(broader)
        return {uri: tuple(values) for uri, values in found.items()}

    @cached_property
    def group_set(self) -> frozenset[str]:
        return frozenset(self.groups["group_uri"])

    @cached_property
    def group_labels(self) -> dict[str, str]:
        return dict(zip(self.groups["group_uri"], self.groups["label"]))

    @cached_property
    def _collections_map(self) -> dict[str, tuple[str, ...]]:
        order = {name: i for i, name in enumerate(COLLECTIONS)}
        found: dict[str, list[str]] = {}
        for uri, name in zip(self.collections["skill_uri"], self.collections["collection"]):
            found.setdefault(uri, []).append(name)
        return {uri: tuple(sorted(names, key=order.__getitem__)) for uri, names in found.items()}

    def broader_of(self, uri: str) -> tuple[str, ...]:
        """The concepts (skills or groups) directly broader than ``uri``, in file order."""
        return self._broader_map.get(uri, ())

    @cached_property
    def _groups_cache(self) -> dict[str, tuple[str, ...]]:
        return {}

    def groups_of(self, uri: str) -> tuple[str, ...]:
        """The nearest skill groups above a skill (through broader skills when needed); a
        group's own broader groups when ``uri`` is a group. Sorted by URI. Kept once walked."""
        cached = self._groups_cache.get(uri)
        if cached is None:
            cached = self._groups_cache[uri] = self._walk_groups(uri)  # one assignment: thread-safe
        return cached

    def _walk_groups(self, uri: str) -> tuple[str, ...]:
        found: set[str] = set()
        seen = {uri}
        todo = list(self.broader_of(uri))
        while todo:
            current = todo.pop()
            if current in seen:
                continue  # a cycle in the file; each concept walked once
            seen.add(current)
            if current in self.group_set:
                found.add(current)
            else:
                todo.extend(self.broader_of(current))
        return tuple(sorted(found))

    def collections_of(self, uri: str) -> tuple[str, ...]:
        """The collections a skill belongs to, in :data:`COLLECTIONS` order."""
        return self._collections_map.get(uri, ())

    @property
    def is_empty(self) -> bool:
        return self.groups.empty and self.broader.empty and self.collections.empty


def empty_hierarchy(issues: Sequence[str] = ()) -> SkillHierarchy:
    return SkillHierarchy(
        groups=pd.DataFrame({c: pd.Series(dtype=object) for c in ("group_uri", "label", "code", "description")})
        .assign(level=pd.Series(dtype="int64")),
        broader=pd.DataFrame({"uri": pd.Series(dtype=object), "broader_uri": pd.Series(dtype=object)}),
        collections=pd.DataFrame({"skill_uri": pd.Series(dtype=object), "collection": pd.Series(dtype=object)}),
        issues=list(issues))
