"""ESCO's occupation hierarchy (issue 14, point 1): broader and narrower occupations.

ESCO places every occupation under an ISCO-08 unit group, and some under a broader ESCO
occupation ("data scientist" under ...). ``broaderRelationsOccPillar.csv`` (v1.1; ``_<lang>`` in
v1.2) holds one relation a row: conceptType, conceptUri, broaderType, broaderUri, where a type
is ``Occupation`` or ``ISCOGroup``. Three pairs occur: an ISCO group under its parent group, an
occupation under its ISCO unit group, an occupation under a broader occupation.

The file is optional: a bundle without it (an older download, a hand-made taxonomy) loads
with no hierarchy, and the page then says nothing about broader or narrower occupations.
Every row is loaded or rejected with a reason; :attr:`OccupationHierarchy.files` holds
rows_read = rows_loaded + rows_rejected and the reasons, as the build report shows them.

ISCO groups are known by code in the taxonomy; a relation names them by URI, whose last part
is ``C`` and the code (``http://data.europa.eu/esco/isco/C2511`` is group 2511).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from dashboard.building.skill_hierarchy import _read_tallied, _sources, _Tally
from dashboard.reading.occupation_hierarchy import (FILE_STEM, ISCO_GROUP, OCCUPATION, OccupationHierarchy,
                                                    empty_occupation_hierarchy)

_FILE = re.compile(rf"^{FILE_STEM}(?:_([A-Za-z-]+))?\.csv$", re.I)
_ISCO_URI = re.compile(r"/isco/C(\d{1,4})$")


def _kind_of(name: str) -> tuple[str, str | None] | None:
    if m := _FILE.match(name.rsplit("/", 1)[-1]):
        return "occupation_broader", m.group(1).lower() if m.group(1) else None
    return None


def isco_code_of(uri: str) -> str | None:
    """The ISCO-08 code an ISCO group URI names ("…/isco/C2511" -> "2511"), else None."""
    m = _ISCO_URI.search(uri)
    return m.group(1) if m else None


def load_occupation_hierarchy(paths: Sequence[Path | str], *, occupations: pd.DataFrame,
                              isco_groups: pd.DataFrame, language: str = "en") -> OccupationHierarchy:
    """Load ``broaderRelationsOccPillar`` from an ESCO bundle (zips, folders or CSVs).

    Parameters
    ----------
    paths
        As for :func:`dashboard.building.taxonomy.load_taxonomy`.
    occupations
        The taxonomy's occupations (occupation_uri, isco_group).
    isco_groups
        The taxonomy's ISCO groups (code).
    language
        The taxonomy's language: a v1.2 ``_<lang>`` file in it is read when there is no
        language-neutral one.

    Raises
    ------
    TaxonomyError
        The file is present but cannot be read or lacks conceptUri or broaderUri.
    """
    sources = [s for s in _sources(paths, _kind_of)]
    chosen = ([s for s in sources if s.lang is None] or [s for s in sources if s.lang == language]
              or sources[:1])
    if not chosen:
        return empty_occupation_hierarchy([f"no {FILE_STEM}.csv in the bundle: broader and narrower "
                                           "occupations unavailable"])
    issues: list[str] = []
    raw, tally = _read_tallied(chosen, ("conceptUri", "broaderUri"), ("conceptType", "broaderType"))
    isco_of = dict(zip(occupations["occupation_uri"], occupations["isco_group"]))
    kind = _known_as(isco_of, set(isco_groups["code"]))
    concept, broader = raw["conceptUri"], raw["broaderUri"]
    concept_kind, broader_kind = concept.map(kind), broader.map(kind)
    keep = _check_relations(raw, concept_kind, broader_kind, isco_of, tally)
    relations = pd.DataFrame({"uri": concept[keep], "concept_type": concept_kind[keep],
                              "broader_uri": broader[keep], "broader_type": broader_kind[keep]}).reset_index(drop=True)
    files = [tally.report(issues)]
    return OccupationHierarchy(relations=relations.astype(object), issues=issues, files=files)


def _known_as(isco_of: dict[str, str], isco_codes: set[str]) -> Callable[[str], str]:
    """``kind(uri)``: what the taxonomy knows ``uri`` as, OCCUPATION, ISCO_GROUP or ""."""

    def kind(uri: str) -> str:
        """What the taxonomy knows ``uri`` as: OCCUPATION, ISCO_GROUP or ""."""
        if uri in isco_of:
            return OCCUPATION
        code = isco_code_of(uri)
        return ISCO_GROUP if code is not None and code in isco_codes else ""

    return kind


def _check_relations(raw: pd.DataFrame, concept_kind: pd.Series, broader_kind: pd.Series,
                     isco_of: dict[str, str], tally: _Tally) -> pd.Series:
    """Check each relation against the taxonomy, in order; the rows kept (the rest tallied)."""
    concept, broader = raw["conceptUri"], raw["broaderUri"]
    # A file without the type columns (hand-made) takes each concept's kind from the taxonomy.
    concept_type = raw["conceptType"].where(raw["conceptType"] != "", concept_kind)
    broader_type = raw["broaderType"].where(raw["broaderType"] != "", broader_kind)
    types = {OCCUPATION, ISCO_GROUP}

    keep = tally.reject((concept == "") | (broader == ""), "no conceptUri or broaderUri")
    keep &= tally.reject(keep & ~(concept_type.isin(types | {""}) & broader_type.isin(types | {""})),
                         "bad type (conceptType and broaderType must be Occupation or ISCOGroup)")
    keep &= tally.reject(keep & (concept == broader), "a concept broader than itself")
    keep &= tally.reject(keep & ((concept_kind == "") | (broader_kind == "")),
                         "unknown concept (in neither the occupations nor the ISCO groups file)")
    keep &= tally.reject(keep & ((concept_type != concept_kind) | (broader_type != broader_kind)),
                         "the type does not match the concept (an occupation named as an ISCO group, or back)")
    keep &= tally.reject(keep & (concept_kind == ISCO_GROUP) & (broader_kind == OCCUPATION),
                         "an ISCO group under an occupation")
    under_group = keep & (concept_kind == OCCUPATION) & (broader_kind == ISCO_GROUP)
    keep &= tally.reject(under_group & (broader.map(lambda u: isco_code_of(u) or "") != concept.map(isco_of)),
                         "the ISCO group is not the occupation's iscoGroup in the occupations file")
    between_groups = keep & (concept_kind == ISCO_GROUP) & (broader_kind == ISCO_GROUP)
    keep &= tally.reject(between_groups & (concept.map(lambda u: (isco_code_of(u) or "")[:-1])
                                           != broader.map(lambda u: isco_code_of(u) or "")),
                         "the broader ISCO group is not the group's parent")
    keep &= tally.reject(keep & raw[keep].duplicated(["conceptUri", "broaderUri"]).reindex(raw.index, fill_value=False),
                         "a relation seen before")
    return keep
