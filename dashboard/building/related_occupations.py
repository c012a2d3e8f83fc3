"""Related occupations (issue 14, point 4): a graded skill similarity, computed at build time.

Plain overlap of skill sets misses related work whose skills are worded differently. Here
every occupation is a weighted vector over skill *concepts*, the skills themselves and the
broader concepts ESCO files them under (``broaderRelationsSkillPillar``: a skill's broader
skill or skill group, a group's broader group):

* an essential skill weighs 1, an optional one 0.15 (a skill listed twice keeps the larger;
  0.15, not the 0.5 first tried, after measuring: bench/related_quality.py, bench/RESULTS.md);
* each skill also spreads weight to its broader concepts: ``SPREAD[0]`` (0.5) times its own
  weight one level up, ``SPREAD[1]`` (0.25) two levels up; a concept reached along several
  paths keeps the largest weight (max over paths, never a sum);
* every weight is multiplied by the concept's idf, log(N / df), N the occupations with any
  skill and df those whose vector holds the concept (a concept every occupation holds
  weighs nothing);
* similarity is the cosine of two vectors. The dot products are taken on a dense matrix over
  the concepts held by at least two occupations (a concept held by one occupation adds to no
  dot product), the norms over all concepts.

The top :data:`TOP` per occupation (positive scores only, ties by URI) are stored in the cube
as ``related_occupations`` (occupation_uri, related_uri, rank from 1, score in (0, 1]).
Neither the ISCO codes nor the occupation hierarchy are inputs, so they can judge the result
(bench/related_quality.py).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

#: The table's name in the cube (``related_occupations.parquet``).
TABLE = "related_occupations"
#: Related occupations kept per occupation.
TOP = 50
#: Weight of an essential and an optional skill.
RELATION_WEIGHTS = {"essential": 1.0, "optional": 0.15}
#: Share of a skill's weight passed one and two levels up the skill hierarchy.
SPREAD = (0.5, 0.25)
#: Columns of the stored table.
COLUMNS = ("occupation_uri", "related_uri", "rank", "score")
#: Rows of occupations multiplied at once (bounds the memory of the similarity block).
_BLOCK = 512


def empty_related() -> pd.DataFrame:
    return pd.DataFrame({"occupation_uri": pd.Series(dtype=object), "related_uri": pd.Series(dtype=object),
                         "rank": pd.Series(dtype="int16"), "score": pd.Series(dtype="float32")})


def concept_weights(relations: pd.DataFrame, broader: pd.DataFrame, *,
                    spread: tuple[float, ...] = SPREAD,
                    relation_weights: dict[str, float] | None = None) -> pd.DataFrame:
    """occupation_uri, concept_uri, weight (before idf): each occupation's skills and the
    broader concepts they spread to, the largest weight over all paths.

    ``relations``: occupation_uri, skill_uri, relation; ``broader``: uri, broader_uri.
    """
    weights_of = RELATION_WEIGHTS if relation_weights is None else relation_weights
    direct = pd.DataFrame({"occupation_uri": relations["occupation_uri"].astype(object),
                           "concept_uri": relations["skill_uri"].astype(object),
                           "weight": relations["relation"].map(weights_of).astype("float64")})
    direct = direct[direct["weight"].notna() & (direct["weight"] > 0)]
    direct = direct.groupby(["occupation_uri", "concept_uri"], sort=False, as_index=False)["weight"].max()
    parts = [direct]
    up = pd.DataFrame({"concept_uri": broader["uri"].astype(object),
                       "broader_uri": broader["broader_uri"].astype(object)}).drop_duplicates()
    level = direct  # per (occupation, concept): the largest weight of a skill below it
    for share in spread:
        if not len(level) or not len(up):
            break
        level = level.merge(up, on="concept_uri", how="inner")
        level = pd.DataFrame({"occupation_uri": level["occupation_uri"], "concept_uri": level["broader_uri"],
                              "weight": level["weight"]})
        level = level.groupby(["occupation_uri", "concept_uri"], sort=False, as_index=False)["weight"].max()
        parts.append(level.assign(weight=level["weight"] * share))
    every = pd.concat(parts, ignore_index=True)
    return every.groupby(["occupation_uri", "concept_uri"], sort=True, as_index=False)["weight"].max()


def related_occupations(relations: pd.DataFrame, broader: pd.DataFrame, *, top: int = TOP,
                        spread: tuple[float, ...] = SPREAD,
                        relation_weights: dict[str, float] | None = None, idf: bool = True) -> pd.DataFrame:
    """The ``top`` most similar occupations of every occupation with skills (see the module).

    Returns
    -------
    DataFrame
        occupation_uri, related_uri, rank (1 = most similar), score (cosine, float32), ordered
        by occupation_uri then rank; an occupation never lists itself, nor one scoring 0.
    """
    weights = concept_weights(relations, broader, spread=spread, relation_weights=relation_weights)
    if not len(weights):
        return empty_related()
    occupations, occ = np.unique(weights["occupation_uri"].to_numpy(dtype=object), return_inverse=True)
    concepts, con = np.unique(weights["concept_uri"].to_numpy(dtype=object), return_inverse=True)
    n = len(occupations)
    df = np.bincount(con, minlength=len(concepts))
    idf_of = np.log(n / df) if idf else np.ones(len(concepts))
    values = weights["weight"].to_numpy(dtype="float64") * idf_of[con]
    norms = np.sqrt(np.bincount(occ, weights=values * values, minlength=n))
    shared = df >= 2
    column = np.cumsum(shared) - 1
    keep = shared[con] & (values > 0)
    dense = np.zeros((n, int(shared.sum())), dtype="float32")
    dense[occ[keep], column[con[keep]]] = values[keep]
    with np.errstate(divide="ignore", invalid="ignore"):
        inverse_norm = np.where(norms > 0, 1.0 / norms, 0.0).astype("float32")
    dense *= inverse_norm[:, None]
    top = max(0, min(top, n - 1))
    out_occ, out_rel, out_rank, out_score = [], [], [], []
    order_uri = np.arange(n)  # occupations are sorted by URI: the index breaks ties by URI
    for start in range(0, n, _BLOCK):
        block = dense[start:start + _BLOCK] @ dense.T
        rows = np.arange(start, min(start + _BLOCK, n))
        block[rows - start, rows] = -1.0  # never itself
        for i, scores in zip(rows, block):
            if top == 0:
                break
            candidates = np.argpartition(-scores, top - 1)[:top] if top < n else np.arange(n)
            # ties at the cut: take every candidate scoring at least the cut, then order
            cut = scores[candidates].min()
            candidates = np.flatnonzero(scores >= cut)
            order = np.lexsort((order_uri[candidates], -scores[candidates]))[:top]
            chosen = candidates[order]
            chosen = chosen[scores[chosen] > 1e-6]
            out_occ.append(np.full(len(chosen), i))
            out_rel.append(chosen)
            out_rank.append(np.arange(1, len(chosen) + 1))
            out_score.append(np.minimum(scores[chosen], 1.0))
    if not out_occ:
        return empty_related()
    occ_idx, rel_idx = np.concatenate(out_occ), np.concatenate(out_rel)
    return pd.DataFrame({"occupation_uri": pd.Series(occupations[occ_idx], dtype=object),
                         "related_uri": pd.Series(occupations[rel_idx], dtype=object),
                         "rank": np.concatenate(out_rank).astype("int16"),
                         "score": np.concatenate(out_score).astype("float32")})
