"""Related occupations at build time (issue 14, point 4): dashboard/building/related_occupations.py.

The taxonomy here is hand-written: six occupations over a few skills and two skill groups, so
every expected order follows from the weights the module documents.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.building.related_occupations import COLUMNS, concept_weights, related_occupations
from helpers import TINY_TAXONOMY as TINY

O = "https://fixture.invalid/occupation/"
S = "https://fixture.invalid/skill/"
G = "https://fixture.invalid/skill-group/"

# occupation -> [(skill, relation)]
PROFILES = {
    "baker": [("knead", "essential"), ("bake", "essential"), ("hygiene", "essential"), ("sell", "optional")],
    "pastry-cook": [("knead", "essential"), ("bake", "essential"), ("decorate", "essential"), ("hygiene", "optional")],
    "welder": [("weld", "essential"), ("cut-metal", "essential"), ("hygiene", "optional")],
    # sibling skills: no skill in common, both under the same skill group
    "python-developer": [("python", "essential")],
    "java-developer": [("java", "essential")],
    "shop-assistant": [("sell", "essential"), ("greet", "essential")],
}
BROADER = [("python", "programming"), ("java", "programming"), ("programming", "ict"),
           ("weld", "metalwork"), ("cut-metal", "metalwork")]


def _relations() -> pd.DataFrame:
    rows = [(O + occ, S + skill, relation) for occ, skills in PROFILES.items() for skill, relation in skills]
    return pd.DataFrame(rows, columns=["occupation_uri", "skill_uri", "relation"])


def _broader() -> pd.DataFrame:
    def uri(name):
        return (S if name in {"python", "java", "weld", "cut-metal"} else G) + name
    return pd.DataFrame([(uri(a), uri(b)) for a, b in BROADER], columns=["uri", "broader_uri"])


@pytest.fixture(scope="module")
def related() -> pd.DataFrame:
    return related_occupations(_relations(), _broader())


def _ranked(related: pd.DataFrame, occupation: str) -> list[str]:
    rows = related[related["occupation_uri"] == O + occupation].sort_values("rank")
    return [u.removeprefix(O) for u in rows["related_uri"]]


def _score(related: pd.DataFrame, a: str, b: str) -> float:
    row = related[(related["occupation_uri"] == O + a) & (related["related_uri"] == O + b)]
    return float(row["score"].iloc[0]) if len(row) else 0.0


def test_a_neighbour_sharing_skills_ranks_above_an_unrelated_one(related):
    ranked = _ranked(related, "baker")
    assert ranked[0] == "pastry-cook"
    # the welder shares only an optional "hygiene" with the baker: below, if listed at all
    assert "welder" not in ranked or ranked.index("welder") > ranked.index("pastry-cook")
    assert _score(related, "baker", "pastry-cook") > _score(related, "baker", "welder")
    # python and java developers share nothing with a baker, not even a skill group
    assert "python-developer" not in ranked and "java-developer" not in ranked


def test_spreading_to_broader_concepts_lifts_sibling_skills_above_zero(related):
    plain = related_occupations(_relations(), _broader(), spread=())
    assert _score(plain, "python-developer", "java-developer") == 0.0
    graded = _score(related, "python-developer", "java-developer")
    assert 0.0 < graded < 1.0
    assert _ranked(related, "python-developer") == ["java-developer"]
    assert _ranked(related, "java-developer") == ["python-developer"]


def test_weights_essential_optional_and_max_over_paths():
    weights = concept_weights(_relations(), _broader())
    w = {(o.removeprefix(O), c.rsplit("/", 1)[-1]): x
         for o, c, x in zip(weights["occupation_uri"], weights["concept_uri"], weights["weight"])}
    assert w[("baker", "knead")] == 1.0 and w[("baker", "sell")] == 0.15
    assert w[("python-developer", "programming")] == 0.5 and w[("python-developer", "ict")] == 0.25
    # welder: two skills under "metalwork", one level up each: max over paths, never a sum
    assert w[("welder", "metalwork")] == 0.5


def test_the_table_is_ranked_symmetric_and_never_lists_itself(related):
    assert tuple(related.columns) == COLUMNS
    assert not (related["occupation_uri"] == related["related_uri"]).any()
    assert (related["score"] > 0).all() and (related["score"] <= 1).all()
    for _, rows in related.groupby("occupation_uri"):
        assert list(rows["rank"]) == list(range(1, len(rows) + 1))
        assert (np.diff(rows["score"].to_numpy()) <= 0).all()
    a = _score(related, "baker", "pastry-cook")
    assert a == pytest.approx(_score(related, "pastry-cook", "baker"))


def test_top_bounds_the_rows_per_occupation():
    one = related_occupations(_relations(), _broader(), top=1)
    assert one.groupby("occupation_uri").size().max() == 1
    assert related_occupations(_relations().iloc[0:0], _broader()).empty


def test_the_build_stores_the_table_and_append_keeps_it(tmp_path):
    from dashboard.building.append import append
    from dashboard.building.build import build
    from dashboard.reading.cube import Cube

    postings = tmp_path / "postings.csv"
    postings.write_text("id,occupation,country,date\n1,software developer,DE,2025-01-10\n", encoding="utf-8")
    report = build(esco=[TINY], postings=[postings], data_dir=tmp_path / "cube", progress=False)
    table = pd.read_parquet(Cube.open(tmp_path / "cube").path / "related_occupations.parquet")
    assert report["tables"]["related_occupations"] == len(table) > 0
    assert tuple(table.columns) == COLUMNS
    more = tmp_path / "more.csv"
    more.write_text("id,occupation,country,date\n2,web developer,FR,2025-02-01\n", encoding="utf-8")
    append(postings=[more], data_dir=tmp_path / "cube", progress=False)
    again = pd.read_parquet(Cube.open(tmp_path / "cube").path / "related_occupations.parquet")
    pd.testing.assert_frame_equal(table, again)
