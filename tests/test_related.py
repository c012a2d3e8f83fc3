"""Where to go next (issue 14, point 3): dashboard/reading/related.py on built cubes.

The tiny cube is the demo taxonomy with hand-written postings (tests/conftest.py); every
expected count is recomputed here from the cube's own tables, not copied from the code.
"""
from __future__ import annotations

import time

import numpy as np
import pytest

from dashboard.reading.cube import Cube
from dashboard.reading.related import (BASIS_ESSENTIAL, BASIS_SELECTION, MEASURED, MIN_SCORE, related_in,
                                       related_json, related_table)


@pytest.fixture(scope="module")
def cube(tiny_cube_dir):
    return Cube.open(tiny_cube_dir)


def _uri(cube, label):
    (uri,) = [u for u, f in cube.occupation_facts.items() if f.label == label]
    return uri


def _essential(cube, uri):
    links = cube.occupation_skills[(cube.occupation_skills["occupation_uri"] == uri)
                                   & (cube.occupation_skills["relation"] == "essential")]
    return set(links["skill_uri"])


def test_without_a_selection_the_current_occupations_essential_skills_count_as_had(cube):
    me = _uri(cube, "software developer")
    result = related_in(cube, me)
    assert result.available and result.basis == BASIS_ESSENTIAL
    mine = _essential(cube, me)
    assert result.have_count == len(mine)
    assert len(result.items) >= 5 and result.items[0].label == "mobile app developer"
    for item in result.items:
        theirs = _essential(cube, item.uri)
        assert item.essential == len(theirs) and item.have == len(theirs & mine)
        assert {s.uri for s in item.to_learn} == theirs - mine
        assert [s.label for s in item.to_learn] == sorted((s.label for s in item.to_learn), key=str.casefold)
        assert item.have_text == f"{len(theirs & mine)} of {len(theirs)} essential skills"
        assert item.score >= MIN_SCORE and item.uri != me
    assert [i.score for i in result.items] == sorted((i.score for i in result.items), reverse=True)


def test_a_selection_replaces_the_occupations_skills(cube):
    me = _uri(cube, "software developer")
    target = related_in(cube, me).items[0]
    ticked = [target.to_learn[0].uri]
    result = related_in(cube, me, selection=ticked)
    assert result.basis == BASIS_SELECTION and result.have_count == 1
    again = next(i for i in result.items if i.uri == target.uri)
    assert again.have == 1 and ticked[0] not in {s.uri for s in again.to_learn}
    assert len(again.to_learn) == again.essential - 1


def test_jobs_follow_country_and_period_and_the_filter_keeps_those_with_jobs(cube):
    nurse = _uri(cube, "nurse responsible for general care")
    jobs = cube.jobs

    def expected(uri, iso3=None, start=None, end=None):
        rows = jobs[jobs["occupation_uri"] == uri]
        if iso3:
            rows = rows[rows["iso3"] == iso3]
        if start:
            rows = rows[rows["month"] >= start]
        if end:
            rows = rows[rows["month"] <= end]
        return int(rows["jobs"].sum())

    # whose related list holds the nurse? the specialist nurse's, in this taxonomy
    source = next(u for u in cube.occupation_facts
                  if any(i.uri == nurse for i in related_in(cube, u).items) and u != nurse)
    for iso3, start, end in ((None, None, None), ("FRA", None, None), ("ITA", "2025-03", "2025-03"),
                             ("FRA", "2025-03", "2025-03")):
        result = related_in(cube, source, iso3=iso3, start=start, end=end)
        for item in result.items:
            assert item.jobs == expected(item.uri, iso3, start, end)
    only = related_in(cube, source, iso3="FRA", only_with_jobs=True)
    assert [i.uri for i in only.items] == [nurse] and only.items[0].jobs == expected(nurse, "FRA") == 2
    assert only.total == len(related_in(cube, source).items)
    assert related_in(cube, source, iso3="FRA", start="2025-03", end="2025-03", only_with_jobs=True).items == ()


def test_where_each_sits_in_the_hierarchy(cube):
    me = _uri(cube, "software developer")
    hierarchy = cube.occupation_hierarchy
    items = related_in(cube, me).items
    for item in items:
        expected = []
        if item.uri in hierarchy.broader_of(me):
            expected.append("broader")
        if item.uri in hierarchy.narrower_of(me):
            expected.append("narrower")
        if cube.occupation_facts[item.uri].isco_group == cube.occupation_facts[me].isco_group:
            expected.append("same_isco")
        assert item.relations == (tuple(expected) or ("elsewhere",))
    assert {"narrower", "same_isco", "elsewhere"} <= {r for i in items for r in i.relations}
    first = items[0]
    assert first.relation_text == "narrower in ESCO · same ISCO unit group"


def test_json_and_table_carry_the_same_numbers(cube):
    me = _uri(cube, "software developer")
    result = related_in(cube, me, iso3="DEU")
    data = related_json(result, limit=3)
    assert data["basis"] == "essential" and data["country"] == "DEU" and len(data["related"]) == 3
    assert [(r["uri"], r["essential_have"], r["jobs"]) for r in data["related"]] == \
        [(i.uri, i.have, i.jobs) for i in result.items[:3]]
    table = related_table(result)
    assert list(table["occupation"]) == [i.label for i in result.items]
    assert table.loc[0, "skills_to_learn"] == "; ".join(s.label for s in result.items[0].to_learn)


def test_an_unknown_occupation_or_an_old_cube_lists_nothing(cube, tmp_path):
    assert related_in(cube, "https://nowhere.invalid/x").items == ()
    import shutil

    copy = tmp_path / "cube"
    shutil.copytree(cube.data_dir, copy, symlinks=True)
    (Cube.open(copy).path / "related_occupations.parquet").unlink()
    old = related_in(Cube.open(copy), _uri(cube, "software developer"))
    assert not old.available and old.items == ()


# -- the full ESCO taxonomy -----------------------------------------------------------------

@pytest.mark.esco
def test_ten_ms_per_call_on_full_esco(esco_cube_dir):
    cube = Cube.open(esco_cube_dir)
    rng = np.random.default_rng(14)
    uris = sorted(cube.occupation_facts)
    skills = sorted(cube.skill_facts)
    related_in(cube, uris[0])  # builds the index once per cube (not a request's cost)
    iso3 = cube.country_codes[0]
    times = []
    for i in range(300):
        uri = uris[int(rng.integers(len(uris)))]
        selection = [skills[int(k)] for k in rng.integers(len(skills), size=20)] if i % 2 else []
        t0 = time.perf_counter()
        result = related_in(cube, uri, selection=selection, iso3=iso3 if i % 3 else None,
                            start=cube.months[0], end=cube.months[-1], only_with_jobs=bool(i % 5 == 0))
        times.append(time.perf_counter() - t0)
        assert result.available
    p95 = float(np.percentile(times, 95)) * 1000
    print(f"related_in on full ESCO: median {np.median(times) * 1000:.2f} ms, p95 {p95:.2f} ms")
    assert p95 <= 10.0


@pytest.mark.esco
def test_the_bench_still_gives_the_numbers_the_page_states(esco_dir):
    """The About card's numbers (MEASURED) are what bench/related_quality.py measures now."""
    from bench.related_quality import run_quality

    measured = run_quality(esco_dir, log=lambda _: None)
    assert measured["occupations"] == MEASURED["occupations"]
    for name, shares in MEASURED["methods"].items():
        for key, value in shares.items():
            assert measured["methods"][name][key] == pytest.approx(value, abs=5e-5), (name, key)
    got = measured["methods"]
    for key in ("same_isco_top10", "hierarchy_top10"):
        assert got["graded"][key] > max(got["jaccard"][key], got["coverage"][key])
