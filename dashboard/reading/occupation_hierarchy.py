"""ESCO's occupation hierarchy as a cube holds it (issue 14, point 1): broader and narrower occupations.

ESCO places every occupation under an ISCO-08 unit group, and some under a broader ESCO
occupation ("data scientist" under ...). Three pairs occur: an ISCO group under its parent
group, an occupation under its ISCO unit group, an occupation under a broader occupation.
Read from the bundle's ``broaderRelationsOccPillar.csv`` by :mod:`dashboard.building.occupation_hierarchy`;
a bundle without that file gives a hierarchy that is not :attr:`OccupationHierarchy.available`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

import pandas as pd

OCCUPATION, ISCO_GROUP = "Occupation", "ISCOGroup"
#: Columns of the stored table (``occupation_broader.parquet``).
COLUMNS = ("uri", "concept_type", "broader_uri", "broader_type")
#: The file's name, as the build report and the page's notes name it.
FILE_STEM = "broaderRelationsOccPillar"


class OccupationRef(NamedTuple):
    """An occupation as a link names it."""

    uri: str
    label: str
    code: str


@dataclass(frozen=True, eq=False)
class OccupationHierarchy:
    """The relations of ``broaderRelationsOccPillar`` that passed every check.

    Attributes
    ----------
    relations : DataFrame
        uri, concept_type, broader_uri, broader_type (:data:`COLUMNS`), each relation once.
    issues : list of str
        What was odd or missing, one readable sentence each.
    files : list of dict
        Per file read: name, rows_read, rows_loaded, rows_rejected, rejected_by_reason.
        Empty when the bundle has no such file: :attr:`available` is then False.
    """

    relations: pd.DataFrame
    issues: list[str] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)

    @property
    def available(self) -> bool:
        """True when the taxonomy carried the file (an occupation may still have no relation)."""
        return bool(self.files)

    @cached_property
    def _between_occupations(self) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
        rows = self.relations[(self.relations["concept_type"] == OCCUPATION)
                              & (self.relations["broader_type"] == OCCUPATION)]
        up: dict[str, list[str]] = {}
        down: dict[str, list[str]] = {}
        for uri, broader in zip(rows["uri"], rows["broader_uri"]):
            up.setdefault(uri, []).append(broader)
            down.setdefault(broader, []).append(uri)
        return ({k: tuple(v) for k, v in up.items()}, {k: tuple(v) for k, v in down.items()})

    def broader_of(self, uri: str) -> tuple[str, ...]:
        """The ESCO occupations directly broader than occupation ``uri`` (file order)."""
        return self._between_occupations[0].get(uri, ())

    def narrower_of(self, uri: str) -> tuple[str, ...]:
        """The ESCO occupations directly narrower than occupation ``uri`` (file order)."""
        return self._between_occupations[1].get(uri, ())


def empty_occupation_hierarchy(issues: Sequence[str] = ()) -> OccupationHierarchy:
    return OccupationHierarchy(relations=pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS}),
                               issues=list(issues))


def hierarchy_refs(uris: Sequence[str], facts: dict) -> tuple[OccupationRef, ...]:
    """Occupations as links name them, by label (then code); URIs the cube lacks are left out.

    ``facts`` maps a URI to an object with ``label`` and ``code`` (:attr:`Cube.occupation_facts`).
    """
    refs = [OccupationRef(uri, facts[uri].label, facts[uri].code) for uri in dict.fromkeys(uris) if uri in facts]
    return tuple(sorted(refs, key=lambda r: (r.label.casefold(), r.code, r.uri)))
