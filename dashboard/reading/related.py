"""Where to go next (issue 14, point 3): an occupation's related occupations, for a person.

The ranking is the build's (:mod:`dashboard.building.related_occupations`: a graded skill
similarity, the top 50 per occupation, stored as ``related_occupations.parquet``). Here each
related occupation gains what the page and the CLI show about it for one view:

* how many of its essential skills the person already has ("12 of 20") and the ones to learn.
  "Already has" is the selection when it holds any skill, else the current occupation's own
  essential skills (someone doing that job has them);
* its jobs in the view's country (all countries when none) and period, from the cube's counts;
* where it sits: ``broader`` or ``narrower`` in ESCO (broaderRelationsOccPillar), in the
  ``same_isco`` unit group (4 digits), or ``elsewhere``.

One call costs a few slices and set lookups (≤ 10 ms on the full ESCO taxonomy,
tests/test_related.py measures it); :class:`RelatedIndex` is built once per cube. Related
occupations scoring below :data:`MIN_SCORE` are left out.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd

#: Where a related occupation sits relative to the current one, in the order a row names them.
RELATIONS = ("broader", "narrower", "same_isco", "elsewhere")
#: The words the page and the exports use for each.
RELATION_WORDS = {"broader": "broader in ESCO", "narrower": "narrower in ESCO",
                  "same_isco": "same ISCO unit group", "elsewhere": "another ISCO unit group"}
#: Related occupations the page shows before "show more".
SHOWN = 10
#: Related occupations scoring less share next to nothing with the occupation: not listed.
MIN_SCORE = 0.05
#: What "already has" is.
BASIS_SELECTION, BASIS_ESSENTIAL = "selection", "essential"


class RelatedIndex:
    """The stored table, sliced by occupation (rows are ordered by occupation, then rank)."""

    def __init__(self, table: pd.DataFrame):
        table = table.sort_values(["occupation_uri", "rank"], kind="stable").reset_index(drop=True)
        keys = table["occupation_uri"].to_numpy(dtype=object)
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype="int64")
        ends = np.r_[starts[1:], len(keys)].astype("int64")
        self._rows = {str(keys[s]): (int(s), int(e)) for s, e in zip(starts, ends)}
        self._related = table["related_uri"].to_numpy(dtype=object)
        self._score = table["score"].to_numpy(dtype="float64")
        self._essential: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._related)

    def of(self, occupation_uri: str) -> tuple[np.ndarray, np.ndarray]:
        """(related URIs, scores) of one occupation, best first (empty when it has none)."""
        lo, hi = self._rows.get(occupation_uri, (0, 0))
        return self._related[lo:hi], self._score[lo:hi]

    def essential_of(self, cube, occupation_uri: str) -> tuple[str, ...]:
        """The occupation's essential skills (taxonomy order), kept once asked."""
        found = self._essential.get(occupation_uri)
        if found is None:
            links = cube.skill_links.get(occupation_uri, [])
            found = tuple(skill for skill, relation, _ in links if relation == "essential")
            self._essential[occupation_uri] = found  # one dict assignment: safe across threads
        return found


class SkillRef(NamedTuple):
    uri: str
    label: str


class Related(NamedTuple):
    """One related occupation, as the page lists it."""

    uri: str
    label: str
    code: str
    rank: int
    score: float
    #: Essential skills of the related occupation the person has, and all of them.
    have: int
    essential: int
    #: Its essential skills the person lacks, by label.
    to_learn: tuple[SkillRef, ...]
    #: Jobs in the view's country (all countries when none) and period.
    jobs: int
    #: Keys of :data:`RELATION_WORDS` that hold, in that order ("elsewhere" alone when none does).
    relations: tuple[str, ...]

    @property
    def relation_text(self) -> str:
        return " · ".join(RELATION_WORDS[r] for r in self.relations)

    @property
    def have_text(self) -> str:
        return f"{self.have} of {self.essential} essential skills"


class RelatedOccupations(NamedTuple):
    """An occupation's related occupations for one view."""

    occupation_uri: str
    #: False when the cube has no related occupations table (built before issue 14).
    available: bool
    #: Every stored related occupation (or, with ``only_with_jobs``, those with jobs), best first.
    items: tuple[Related, ...]
    #: What "already has" is: :data:`BASIS_SELECTION` or :data:`BASIS_ESSENTIAL`.
    basis: str
    #: Skills counted as had.
    have_count: int
    #: Related occupations stored before the jobs filter.
    total: int
    only_with_jobs: bool
    iso3: str | None


def relations_between(cube, uri: str, other: str) -> tuple[str, ...]:
    """Where ``other`` sits relative to ``uri`` (keys of :data:`RELATION_WORDS`)."""
    hierarchy = cube.occupation_hierarchy
    found = []
    if other in hierarchy.broader_of(uri):
        found.append("broader")
    if other in hierarchy.narrower_of(uri):
        found.append("narrower")
    facts = cube.occupation_facts
    mine, theirs = facts.get(uri), facts.get(other)
    if mine is not None and theirs is not None and mine.isco_group and mine.isco_group == theirs.isco_group:
        found.append("same_isco")
    return tuple(found) or ("elsewhere",)


def related_in(cube, occupation_uri: str, *, selection: Sequence[str] = (), iso3: str | None = None,
               start: str | None = None, end: str | None = None, only_with_jobs: bool = False) -> RelatedOccupations:
    """The related occupations of ``occupation_uri`` for a person with ``selection`` ticked, with
    jobs in ``iso3`` (None: all countries) from ``start`` to ``end`` (see the module)."""
    index = cube.related_index
    if index is None:
        return RelatedOccupations(occupation_uri, False, (), BASIS_ESSENTIAL, 0, 0, only_with_jobs, iso3)
    if selection:
        have, basis = frozenset(selection), BASIS_SELECTION
    else:
        have, basis = frozenset(index.essential_of(cube, occupation_uri)), BASIS_ESSENTIAL
    uris, scores = index.of(occupation_uri)
    facts = cube.occupation_facts
    keep = [i for i, u in enumerate(uris) if u in facts and scores[i] >= MIN_SCORE]
    uris, scores = [str(uris[i]) for i in keep], [float(scores[i]) for i in keep]
    jobs = cube.jobs_of_occupations(uris, iso3=iso3, start=start, end=end) if uris else np.zeros(0, dtype="int64")
    skill_facts = cube.skill_facts
    items = []
    for rank, (uri, score, n_jobs) in enumerate(zip(uris, scores, jobs), start=1):
        if only_with_jobs and n_jobs <= 0:
            continue
        essential = index.essential_of(cube, uri)
        lacking = [s for s in essential if s not in have]
        to_learn = sorted((SkillRef(s, skill_facts.get(s, (s,))[0] or s) for s in lacking),
                          key=lambda r: (r.label.casefold(), r.uri))
        fact = facts[uri]
        items.append(Related(uri, fact.label, fact.code, rank, round(score, 4), len(essential) - len(lacking),
                             len(essential), tuple(to_learn), int(n_jobs), relations_between(cube, occupation_uri, uri)))
    return RelatedOccupations(occupation_uri, True, tuple(items), basis, len(have), len(uris), only_with_jobs, iso3)


def related_json(result: RelatedOccupations, *, limit: int | None = None) -> dict:
    """The CLI's and exports' form of :func:`related_in` (DESIGN.md: ``related``)."""
    items = result.items if limit is None else result.items[:limit]
    return {
        "occupation_uri": result.occupation_uri,
        "available": result.available,
        "basis": result.basis,
        "have_count": result.have_count,
        "country": result.iso3,
        "only_with_jobs": result.only_with_jobs,
        "total": result.total,
        "related": [{"rank": r.rank, "uri": r.uri, "label": r.label, "code": r.code, "score": r.score,
                     "essential_have": r.have, "essential_total": r.essential, "jobs": r.jobs,
                     "relation": list(r.relations),
                     "to_learn": [{"uri": s.uri, "label": s.label} for s in r.to_learn]} for r in items],
    }


def related_table(result: RelatedOccupations) -> pd.DataFrame:
    """One row per related occupation, for CSV/XLSX (to_learn as "; "-joined labels)."""
    return pd.DataFrame({
        "rank": [r.rank for r in result.items],
        "occupation": [r.label for r in result.items],
        "code": [r.code for r in result.items],
        "score": [r.score for r in result.items],
        "essential_skills_had": [r.have for r in result.items],
        "essential_skills": [r.essential for r in result.items],
        "jobs": [r.jobs for r in result.items],
        "relation": [r.relation_text for r in result.items],
        "skills_to_learn": ["; ".join(s.label for s in r.to_learn) for r in result.items],
        "uri": [r.uri for r in result.items],
    })


#: How the ranking did on ESCO v1.1.1 (bench/related_quality.py, 2026-12-04; bench/RESULTS.md):
#: per method, the share of occupations whose top 10 holds an occupation of their ISCO unit group
#: (of the 2,934 whose group has another), and one of their ESCO broader/narrower occupations (of
#: the 1,480 that have one). tests/test_related.py checks the bench still gives these numbers.
MEASURED = {
    "taxonomy": "ESCO v1.1.1",
    "occupations": 3007,
    "same_isco_eligible": 2934,
    "hierarchy_eligible": 1480,
    "methods": {
        "graded": {"same_isco_top10": 0.8309, "hierarchy_top10": 0.6338},
        "jaccard": {"same_isco_top10": 0.8265, "hierarchy_top10": 0.4324},
        "coverage": {"same_isco_top10": 0.7996, "hierarchy_top10": 0.6014},
    },
}


def method_note() -> str:
    """The method and its measured quality, as "About the data" says it."""
    m = MEASURED["methods"]

    def pct(method: str, key: str) -> str:
        return f"{m[method][key] * 100:.1f} %"

    return (
        "Where to go next: related occupations are ranked by a graded skill similarity computed when the cube "
        "is built. Each occupation is a vector over its skills (essential 1, optional 0.15) and the broader "
        "concepts of ESCO's skill hierarchy they sit under (half a skill's weight one level up, a quarter two "
        "levels up), weighted by how rare each concept is (idf); the score is the cosine of two vectors (1 = the "
        "same profile; below 0.05 an occupation is not listed). ISCO codes and the occupation hierarchy are not used, so they can judge it: on "
        f"{MEASURED['taxonomy']}, the top 10 holds an occupation of the same ISCO unit group for "
        f"{pct('graded', 'same_isco_top10')} of occupations (Jaccard overlap of skills {pct('jaccard', 'same_isco_top10')}, "
        f"share of essential skills covered {pct('coverage', 'same_isco_top10')}) and one of its ESCO broader or "
        f"narrower occupations for {pct('graded', 'hierarchy_top10')} (Jaccard {pct('jaccard', 'hierarchy_top10')}, "
        f"coverage {pct('coverage', 'hierarchy_top10')}). \"k of n essential skills\" counts the skills you "
        "ticked, or when none are ticked the current occupation's essential skills."
    )


# -- the ``related`` command and its export (issue 14, point 5; DESIGN.md "Additions") ----------

#: What ``"known_skills"`` says for each basis of :func:`related_in`.
KNOWN_SKILLS = {BASIS_SELECTION: "selected", BASIS_ESSENTIAL: "occupation"}
#: Columns ``related --format csv`` and ``export --chart related`` put before :func:`related_table`'s.
ORIGIN_COLUMNS = ("origin", "origin_code", "origin_uri", "known_skills")


def known_skills(cube, occupation_uri: str, selection: Sequence[str] = ()) -> frozenset[str]:
    """The skills :func:`related_in` counts as had: the selection, else the occupation's essential ones."""
    index = cube.related_index
    if selection or index is None:
        return frozenset(selection)
    return frozenset(index.essential_of(cube, occupation_uri))


def _optional_counts(cube, result: RelatedOccupations, known: frozenset[str]) -> list[tuple[int, int]]:
    """Per related occupation: (its optional skills counted as had, all its optional skills)."""
    counts = []
    for item in result.items:
        optional = {skill for skill, relation, _ in cube.skill_links.get(item.uri, []) if relation == "optional"}
        counts.append((len(optional & known), len(optional)))
    return counts


def related_answer(cube, result: RelatedOccupations, *, selection: Sequence[str] = (),
                   limit: int | None = None) -> dict:
    """One object of ``python -m dashboard related --format json``: the DESIGN.md keys
    (``occupation``, ``known_skills``, ``related`` with ``essential_have/of``, ``optional_have/of``,
    ``to_learn`` and ``jobs``), each related occupation adding ``rank`` and ``relation``.
    ``selection`` is what ``result`` was computed with."""
    if limit is not None:
        result = result._replace(items=result.items[:limit])
    facts = cube.occupation_facts
    me = facts.get(result.occupation_uri)
    optional = _optional_counts(cube, result, known_skills(cube, result.occupation_uri, selection))
    return {
        "occupation": {"uri": result.occupation_uri, "label": me.label if me else None, "code": me.code if me else None},
        "known_skills": KNOWN_SKILLS[result.basis],
        "related": [{"uri": r.uri, "label": r.label, "code": r.code, "isco_group": facts[r.uri].isco_group,
                     "score": r.score, "essential_have": r.have, "essential_of": r.essential,
                     "optional_have": have, "optional_of": of,
                     "to_learn": [{"uri": s.uri, "label": s.label} for s in r.to_learn], "jobs": r.jobs,
                     "rank": r.rank, "relation": list(r.relations)}
                    for r, (have, of) in zip(result.items, optional)],
    }


def related_rows(cube, result: RelatedOccupations, *, selection: Sequence[str] = (),
                 limit: int | None = None) -> pd.DataFrame:
    """``related --format csv`` for one occupation, and ``export --chart related``: one row per
    related occupation, :data:`ORIGIN_COLUMNS` then :func:`related_table`'s, with the optional
    skills had and the ISCO group added after the essential ones."""
    if limit is not None:
        result = result._replace(items=result.items[:limit])
    facts = cube.occupation_facts
    me = facts.get(result.occupation_uri)
    optional = _optional_counts(cube, result, known_skills(cube, result.occupation_uri, selection))
    table = related_table(result)
    at = table.columns.get_loc("essential_skills") + 1
    table.insert(at, "optional_skills", pd.Series([of for _, of in optional], dtype="int64"))
    table.insert(at, "optional_skills_had", pd.Series([have for have, _ in optional], dtype="int64"))
    table.insert(table.columns.get_loc("code") + 1, "isco_group",
                 pd.Series([facts[r.uri].isco_group for r in result.items], dtype=object))
    origin = pd.DataFrame({
        "origin": [me.label if me else result.occupation_uri] * len(table),
        "origin_code": [me.code if me else None] * len(table),
        "origin_uri": [result.occupation_uri] * len(table),
        "known_skills": [KNOWN_SKILLS[result.basis]] * len(table),
    }, columns=list(ORIGIN_COLUMNS))
    return pd.concat([origin, table], axis=1)
