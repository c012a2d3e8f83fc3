"""How good are the related occupations? (issue 14, point 4) ``python -m bench.related_quality``.

On the real ESCO v1.1.1 bundle, the graded similarity the build stores
(:mod:`dashboard.building.related_occupations`) against two plain-overlap baselines:

* **jaccard**: |skills(A) ∩ skills(B)| / |skills(A) ∪ skills(B)| over all (essential and
  optional) skills;
* **coverage**: the share of B's essential skills that A's essential skills cover (what the
  page calls "k of n essential skills you have" when nothing is ticked).

Two judges the similarity never sees (ESCO's ISCO codes and its occupation hierarchy):

* **same ISCO unit group**: the share of occupations whose top 10 holds another occupation of
  their ISCO-08 unit group (4 digits), among occupations whose unit group has another
  occupation with skills;
* **ESCO broader/narrower**: the share whose top 10 holds one of their broader or narrower
  ESCO occupations (broaderRelationsOccPillar), among occupations that have one.

A top 10 holds only positive scores, ties broken by URI. Also printed: the mean share of the
top 10 in the same unit group (precision at 10), and the seconds each method takes.
Needs /work/shared/esco (skips otherwise). ``--variants`` also scores other settings of the
graded method (the tuning, reported in bench/RESULTS.md).
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np
import pandas as pd

from bench import util
from dashboard.building.related_occupations import related_occupations

TOP = 10


def _top_of_dense(scores_of, n: int, top: int = TOP, block: int = 512) -> list[np.ndarray]:
    """Per row, the ``top`` columns by score (positive only, ties by index), from
    ``scores_of(rows)`` -> dense block of scores (self already excluded)."""
    out: list[np.ndarray] = []
    for start in range(0, n, block):
        rows = np.arange(start, min(start + block, n))
        scores = scores_of(rows)
        scores[rows - start, rows] = -1.0
        for s in scores:
            cand = np.argpartition(-s, top - 1)[:top]
            cut = s[cand].min()
            cand = np.flatnonzero(s >= cut)
            cand = cand[np.lexsort((cand, -s[cand]))][:top]
            out.append(cand[s[cand] > 0])
    return out


def _skill_matrix(relations: pd.DataFrame, occupations: np.ndarray, which: str | None = None) -> np.ndarray:
    """Binary occupation x skill matrix (float32) of all skills, or one relation's."""
    rel = relations if which is None else relations[relations["relation"] == which]
    skills, col = np.unique(rel["skill_uri"].to_numpy(dtype=object), return_inverse=True)
    row = np.searchsorted(occupations, rel["occupation_uri"].to_numpy(dtype=object))
    matrix = np.zeros((len(occupations), len(skills)), dtype="float32")
    matrix[row, col] = 1.0
    return matrix, skills


def jaccard_top(relations: pd.DataFrame, occupations: np.ndarray) -> list[np.ndarray]:
    every, _ = _skill_matrix(relations, occupations)
    sizes = every.sum(axis=1)

    def scores(rows):
        inter = every[rows] @ every.T
        union = sizes[rows, None] + sizes[None, :] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(union > 0, inter / union, 0.0)
    return _top_of_dense(scores, len(occupations))


def coverage_top(relations: pd.DataFrame, occupations: np.ndarray, *, source: str | None = "essential") -> list[np.ndarray]:
    """Score(A -> B) = |S(A) ∩ E(B)| / |E(B)|, S(A) A's essential skills (or all, source=None)."""
    essential, skills = _skill_matrix(relations, occupations, "essential")
    held, held_skills = _skill_matrix(relations, occupations, source)
    # align A's skills to the columns of the essential matrix
    pos = np.searchsorted(held_skills, skills)
    pos = np.minimum(pos, len(held_skills) - 1)
    found = held_skills[pos] == skills
    aligned = np.zeros_like(essential)
    aligned[:, found] = held[:, pos[found]]
    sizes = essential.sum(axis=1)

    def scores(rows):
        inter = aligned[rows] @ essential.T
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(sizes[None, :] > 0, inter / sizes[None, :], 0.0)
    return _top_of_dense(scores, len(occupations))


def graded_top(relations: pd.DataFrame, broader: pd.DataFrame, occupations: np.ndarray, **kwargs) -> list[np.ndarray]:
    table = related_occupations(relations, broader, top=TOP, **kwargs)
    index = {u: i for i, u in enumerate(occupations)}
    out: list[list[int]] = [[] for _ in occupations]
    for a, b in zip(table["occupation_uri"], table["related_uri"]):
        out[index[a]].append(index[b])
    return [np.asarray(x, dtype="int64") for x in out]


def judge(tops: list[np.ndarray], occupations: np.ndarray, isco: np.ndarray,
          neighbours: list[set[int]]) -> dict:
    """The shares described in the module docstring."""
    group_size = pd.Series(isco).value_counts()
    can_isco = np.array([group_size[g] > 1 for g in isco])
    can_hier = np.array([bool(n) for n in neighbours])
    isco_hit = np.array([bool(len(t)) and bool((isco[t] == isco[i]).any()) for i, t in enumerate(tops)])
    precision = np.array([float((isco[t] == isco[i]).sum()) / TOP for i, t in enumerate(tops)])
    hier_hit = np.array([bool(neighbours[i] & set(t.tolist())) for i, t in enumerate(tops)])
    return {
        "same_isco_top10": round(float(isco_hit[can_isco].mean()), 4),
        "same_isco_eligible": int(can_isco.sum()),
        "hierarchy_top10": round(float(hier_hit[can_hier].mean()), 4),
        "hierarchy_eligible": int(can_hier.sum()),
        "same_isco_precision10": round(float(precision[can_isco].mean()), 4),
    }


def run_quality(esco_dir, *, variants: bool = False, log=print) -> dict:
    from dashboard.building.taxonomy import load_taxonomy

    taxonomy = load_taxonomy([esco_dir])
    relations = taxonomy.relations
    broader = taxonomy.skill_hierarchy.broader
    occupations = np.unique(relations["occupation_uri"].to_numpy(dtype=object))
    isco_of = dict(zip(taxonomy.occupations["occupation_uri"], taxonomy.occupations["isco_group"]))
    isco = np.array([str(isco_of.get(u, "")) for u in occupations], dtype=object)
    index = {u: i for i, u in enumerate(occupations)}
    neighbours: list[set[int]] = [set() for _ in occupations]
    rel = taxonomy.occupation_hierarchy.relations
    between = rel[(rel["concept_type"] == "Occupation") & (rel["broader_type"] == "Occupation")]
    for a, b in zip(between["uri"], between["broader_uri"]):
        if a in index and b in index:
            neighbours[index[a]].add(index[b])
            neighbours[index[b]].add(index[a])
    methods = {
        "graded": lambda: graded_top(relations, broader, occupations),
        "jaccard": lambda: jaccard_top(relations, occupations),
        "coverage": lambda: coverage_top(relations, occupations),
        "coverage_all_skills": lambda: coverage_top(relations, occupations, source=None),
    }
    def graded(**kwargs):
        return graded_top(relations, broader, occupations, **kwargs)

    if variants:
        methods.update({
            "graded_optional_0.5": lambda: graded(relation_weights={"essential": 1.0, "optional": 0.5}),
            "graded_optional_0": lambda: graded(relation_weights={"essential": 1.0, "optional": 0.0}),
            "graded_optional_0.1": lambda: graded(relation_weights={"essential": 1.0, "optional": 0.1}),
            "graded_optional_0.25": lambda: graded(relation_weights={"essential": 1.0, "optional": 0.25}),
            "graded_optional_1": lambda: graded(relation_weights={"essential": 1.0, "optional": 1.0}),
            "graded_no_spread": lambda: graded(spread=()),
            "graded_one_level": lambda: graded(spread=(0.5,)),
            "graded_spread_0.25_0.125": lambda: graded(spread=(0.25, 0.125)),
            "graded_spread_0.5_0.5": lambda: graded(spread=(0.5, 0.5)),
            "graded_three_levels": lambda: graded(spread=(0.5, 0.25, 0.125)),
            "graded_no_idf": lambda: graded(idf=False),
        })
    results: dict = {"occupations": len(occupations), "source": taxonomy.source,
                     "loadavg_1m": util.machine_info()["loadavg_1m"], "methods": {}}
    for name, method in methods.items():
        t0 = time.perf_counter()
        tops = method()
        seconds = time.perf_counter() - t0
        results["methods"][name] = {**judge(tops, occupations, isco, neighbours), "seconds": round(seconds, 2)}
        log(f"{name}: {results['methods'][name]}")
    # The build's own call, timed alone (top 50, as stored).
    t0 = time.perf_counter()
    related_occupations(relations, broader)
    results["build_seconds_top50"] = round(time.perf_counter() - t0, 2)
    log(f"build (top 50): {results['build_seconds_top50']} s")
    return results


def run(sizes=None, log=print, **_) -> dict:
    """The ``python -m bench --only related_quality`` entry (not in the default run)."""
    return run_quality(util.require_esco(), log=log)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.related_quality", description=__doc__.split("\n")[0])
    parser.add_argument("--variants", action="store_true", help="also score other settings of the graded method")
    args = parser.parse_args(argv)
    try:
        esco = util.require_esco()
    except util.Skip as skip:
        print(f"skipped: {skip}")
        return 0
    print(json.dumps(run_quality(esco, variants=args.variants), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
