"""Queries on a cube built from hand-written postings over the tiny taxonomy."""
from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.reading import queries
from dashboard.building.build import build
from dashboard.reading.cube import Cube
from dashboard.errors import CubeNotFound, OccupationNotFound, UsageError
from dashboard.building.taxonomy import load_taxonomy
from helpers import TINY_TAXONOMY as TINY
OCC = "https://fixture.invalid/occupation/"
SKILL = "https://fixture.invalid/skill/"
ELECTRICIAN = OCC + "electrician"

POSTINGS = [
    # id, occupation, country, date, skills
    ("e1", "electrician", "DE", "2024-01-03", "install electrical wiring|electrical wiring diagrams"),
    ("e2", "electrician", "DE", "2024-01-09", "install electrical wiring"),
    ("e3", "electrician", "DE", "2024-01-20", ""),
    ("e4", "electrician", "FR", "2024-02", "lead a team"),
    ("e5", "electrician", "DE", "2024-03", "HTML"),
    ("w1", "web developer", "DE", "2024-01", ""),
    ("w2", "web developer", "DE", "2024-01", ""),
    ("w3", "web developer", "DE", "2024-01", ""),
    ("w4", "web developer", "DE", "2024-01", ""),
    ("n1", "general nurse", "IT", "2024-02", ""),
    ("n2", "general nurse", "IT", "2024-02", ""),
]


@pytest.fixture(scope="module")
def cube_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("queries")
    path = folder / "postings.csv"
    pd.DataFrame(POSTINGS, columns=["id", "occupation", "country", "date", "skills"]).to_csv(path, index=False)
    build(esco=[TINY], postings=[path], data_dir=folder / "cube", progress=False, today=dt.date(2025, 1, 1))
    return folder / "cube"


@pytest.fixture(scope="module")
def old_cube_dir(cube_dir, tmp_path_factory) -> Path:
    """The same cube as built before the build wrote skill demand as arrays (Parquet only)."""
    from dashboard.reading.cube import VERSIONS_DIR, current_version
    from dashboard.reading.skill_demand import SKILL_DEMAND_ARRAYS_DIR

    copy = tmp_path_factory.mktemp("old") / "cube"
    shutil.copytree(cube_dir, copy)
    shutil.rmtree(copy / VERSIONS_DIR / current_version(copy) / SKILL_DEMAND_ARRAYS_DIR)
    return copy


# Every query runs on every way a cube reads skill demand: through DuckDB (a cube built before
# the arrays, not warmed: the CLI), decoded from the Parquet file (the same cube warmed), and
# memory-mapped from the arrays the build wrote (a current cube, warm from the start).
@pytest.fixture(scope="module", params=["duckdb", "parquet-decoded", "memory-mapped"])
def cube(cube_dir, old_cube_dir, request) -> Cube:
    from dashboard.reading.cube import current_version

    if request.param == "duckdb":
        cube = Cube.open(old_cube_dir)
        assert cube.skill_demand_in_memory_bytes == 0
        return cube
    if request.param == "parquet-decoded":
        return Cube(old_cube_dir.resolve(), current_version(old_cube_dir)).warm()
    cube = Cube.open(cube_dir)
    assert isinstance(cube._demand.skill, np.memmap)
    return cube


def _row(frame: pd.DataFrame, iso3: str) -> pd.Series:
    return frame.set_index("iso3").loc[iso3]


def test_jobs_by_country_values(cube):
    frame = queries.jobs_by_country(cube, ELECTRICIAN)
    assert len(frame) == len(cube.countries)  # one row per country of the geo file
    assert list(frame.columns) == ["iso3", "name", "jobs", "country_postings", "per_million", "share", "has_data", "rank",
                                   "location_quotient"]
    deu, fra, ita, usa = (_row(frame, c) for c in ("DEU", "FRA", "ITA", "USA"))
    assert (deu.jobs, deu.country_postings, deu.share, deu["rank"]) == (4, 8, 0.5, 1)
    assert (fra.jobs, fra.country_postings, fra.share, fra["rank"]) == (1, 1, 1.0, 2)
    assert (ita.jobs, ita.country_postings, bool(ita.has_data)) == (0, 2, True)
    assert ita.share == 0 and math.isnan(ita["rank"])
    assert (usa.jobs, bool(usa.has_data)) == (0, False) and math.isnan(usa.share)
    population = cube.countries.set_index("iso3").loc["DEU", "population"]
    assert deu.per_million == pytest.approx(4 / population * 1e6)


@pytest.mark.parametrize(
    "start, end, deu_jobs, deu_postings",
    [(None, None, 4, 8), ("2024-02", None, 1, 1), (None, "2024-01", 3, 7), ("2024-02", "2024-02", 0, 0)],
)
def test_jobs_by_country_period(cube, start, end, deu_jobs, deu_postings):
    deu = _row(queries.jobs_by_country(cube, ELECTRICIAN, start=start, end=end), "DEU")
    assert (deu.jobs, deu.country_postings, bool(deu.has_data)) == (deu_jobs, deu_postings, deu_postings > 0)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (None, None, {"jobs_total": 5, "countries_with_jobs": 2, "months": ["2024-01", "2024-03"]}),
        ("2024-02", None, {"jobs_total": 2, "countries_with_jobs": 2, "months": ["2024-02", "2024-03"]}),
        ("2024-03", "2024-03", {"jobs_total": 1, "countries_with_jobs": 1, "months": ["2024-03", "2024-03"]}),
    ],
)
def test_occupation_summary(cube, start, end, expected):
    assert queries.occupation_summary(cube, ELECTRICIAN, start=start, end=end) == expected


@pytest.mark.parametrize(
    "iso3, start, months, jobs",
    [
        (None, None, ["2024-01", "2024-02", "2024-03"], [3, 1, 1]),
        ("DEU", None, ["2024-01", "2024-02", "2024-03"], [3, 0, 1]),
        ("FRA", "2024-02", ["2024-02", "2024-03"], [1, 0]),
    ],
)
def test_country_trend_fills_every_month(cube, iso3, start, months, jobs):
    trend = queries.country_trend(cube, ELECTRICIAN, iso3=iso3, start=start)
    assert trend["month"].tolist() == months
    assert trend["jobs"].tolist() == jobs


def test_country_trend_of_occupation_without_jobs_is_zeros(cube):
    trend = queries.country_trend(cube, OCC + "army-officer")
    assert trend["jobs"].tolist() == [0, 0, 0]


def test_warming_loads_skill_demand_of_a_cube_built_before_the_arrays(old_cube_dir):
    from dashboard.reading.cube import current_version

    cold = Cube(old_cube_dir.resolve(), current_version(old_cube_dir))
    assert cold._demand is None
    warm = cold.warm()
    assert warm._demand is not None and warm._demand.nbytes > 0
    assert warm.skill_demand_of(ELECTRICIAN, iso3="DEU").values.tolist() == [
        [SKILL + "html", 1], [SKILL + "install-wiring", 2], [SKILL + "wiring", 1]]
    assert warm.skill_demand_of(OCC + "no-such-occupation").empty
    assert warm.skill_demand_of(ELECTRICIAN, iso3="ATA").empty


def _damages(folder: Path) -> dict:
    for name in ("offsets.npy", "iso3.npy", "month.npy", "skill.npy", "postings.npy", "meta.json"):
        assert (folder / name).is_file()  # the build wrote every file this test breaks
    damage = {
        "no meta.json (half written)": lambda: (folder / "meta.json").unlink(),
        "another format": lambda: (folder / "meta.json").write_text(json.dumps({**_meta(folder), "format": 999})),
        "fewer rows than meta says": lambda: np.save(folder / "skill.npy", np.load(folder / "skill.npy")[:-1]),
        "unreadable meta.json": lambda: (folder / "meta.json").write_text("{not json"),
    }
    return damage


def _meta(folder: Path) -> dict:
    return json.loads((folder / "meta.json").read_text())


@pytest.mark.parametrize("damage", ["no meta.json (half written)", "another format", "fewer rows than meta says",
                                    "unreadable meta.json"])
def test_unusable_arrays_fall_back_to_the_parquet_table(cube_dir, tmp_path, damage):
    from dashboard.reading.cube import VERSIONS_DIR, current_version
    from dashboard.reading.skill_demand import SKILL_DEMAND_ARRAYS_DIR

    copy = tmp_path / "cube"
    shutil.copytree(cube_dir, copy)
    _damages(copy / VERSIONS_DIR / current_version(copy) / SKILL_DEMAND_ARRAYS_DIR)[damage]()
    cube = Cube.open(copy)
    assert cube._demand is None  # not the broken arrays
    assert cube.skill_demand_of(ELECTRICIAN, iso3="DEU").values.tolist() == [
        [SKILL + "html", 1], [SKILL + "install-wiring", 2], [SKILL + "wiring", 1]]
    cube.warm()
    assert cube.skill_demand_of(ELECTRICIAN, iso3="DEU")["postings"].tolist() == [1, 2, 1]


def test_a_build_writes_skill_demand_arrays_equal_to_the_parquet_table(cube_dir):
    from dashboard.reading.cube import VERSIONS_DIR, current_version
    from dashboard.reading.skill_demand import SKILL_DEMAND_ARRAYS_DIR, SkillDemandArrays

    version = cube_dir / VERSIONS_DIR / current_version(cube_dir)
    mapped = SkillDemandArrays.load(version / SKILL_DEMAND_ARRAYS_DIR)
    decoded = SkillDemandArrays.from_parquet(version / "skill_demand.parquet")
    assert mapped.vocabularies == decoded.vocabularies
    for name in ("offsets", "iso3", "month", "skill", "postings"):
        assert np.array_equal(getattr(mapped, name), getattr(decoded, name)), name


def test_top_skills(cube):
    top = queries.top_skills(cube, ELECTRICIAN)
    assert top[["skill_uri", "postings", "relation", "skill_type"]].values.tolist() == [
        [SKILL + "install-wiring", 2, "essential", "skill/competence"],
        [SKILL + "html", 1, "other", "knowledge"],
        [SKILL + "lead-team", 1, "optional", "skill/competence"],
        [SKILL + "wiring", 1, "essential", "knowledge"],
    ]
    assert top["share"].tolist() == [2 / 5, 1 / 5, 1 / 5, 1 / 5]
    assert top["label"].iloc[0] == "install electrical wiring"
    assert queries.top_skills(cube, ELECTRICIAN, limit=1)["skill_uri"].tolist() == [SKILL + "install-wiring"]


@pytest.mark.parametrize(
    "iso3, start, expected",
    [("FRA", None, [(SKILL + "lead-team", 1, 1.0)]), ("DEU", "2024-03", [(SKILL + "html", 1, 1.0)]),
     ("ITA", None, [])],
)
def test_top_skills_scope(cube, iso3, start, expected):
    top = queries.top_skills(cube, ELECTRICIAN, iso3=iso3, start=start)
    assert list(zip(top["skill_uri"], top["postings"], top["share"])) == expected


def test_skill_breakdown_groups_and_order(cube):
    frame = queries.skill_breakdown(cube, ELECTRICIAN)
    assert frame[["skill_uri", "group"]].values.tolist() == [
        [SKILL + "wiring", "essential_knowledge"],
        [SKILL + "install-wiring", "essential_skill"],
        [SKILL + "lead-team", "optional_skill"],
    ]
    assert set(frame.columns) >= {"skill_uri", "label", "description", "relation", "skill_type", "group"}


@pytest.mark.parametrize("slug", ["army-officer", "software-developer", "web-developer", "general-nurse", "electrician"])
def test_breakdown_counts_match_the_taxonomy(cube, slug):
    taxonomy = load_taxonomy([TINY])
    counts = queries.breakdown_counts(queries.skill_breakdown(cube, OCC + slug))
    assert counts == taxonomy.skill_breakdown(OCC + slug)


def test_query_names_broader_and_narrower_occupations(cube):
    # tests/fixtures/taxonomy_tiny/broaderRelationsOccPillar.csv (issue 14)
    developer = queries.query_result(cube, "software developer")["occupation"]
    assert developer["broader"] == []
    assert [(o["label"], o["code"]) for o in developer["narrower"]] == [("army officer", "0110.1"),
                                                                       ("web developer", "2513.2")]
    web = queries.query_result(cube, "web developer")["occupation"]
    assert web["broader"] == [{"uri": OCC + "software-developer", "label": "software developer", "code": "2512.4"}]


def test_query_skills_counts_each_group_and_names_the_unknown(cube):
    result = queries.query_result(cube, "electrician", skills="install electrical wiring|astrology")
    selected = result["selected_skills"]
    expected = load_taxonomy([TINY]).skill_breakdown(ELECTRICIAN)
    assert {g: selected[g]["of"] for g in expected} == expected
    assert sum(selected[g]["have"] for g in expected) == 1 and selected["unknown"] == ["astrology"]
    assert [s["uri"] for s in selected["skills"]] == [SKILL + "install-wiring"]
    # to learn next: asked for in its postings (one each), not selected (install wiring: 2 postings)
    assert sorted(s["label"] for s in selected["to_learn"]) == ["HTML", "electrical wiring diagrams", "lead a team"]
    assert [s["postings"] for s in selected["to_learn"]] == [1, 1, 1]


def test_query_result_is_the_design_json(cube):
    result = queries.query_result(cube, "  Electrician ")
    assert set(result) == {"occupation", "jobs_total", "countries_with_jobs", "period", "countries", "skill_breakdown",
                           "top_skills", "salary", "selected_skills", "skill_collections"}
    assert result["selected_skills"] is None  # no --skills
    assert result["salary"] == []  # these postings state no pay (issue 18)
    assert result["occupation"] == {"uri": ELECTRICIAN, "label": "electrician", "code": "7411.1", "isco_group": "7411",
                                    "description": "Electricians install and repair wiring in buildings.",
                                    "alt_labels": ["electrical installer", "building electrician"],
                                    "broader": [], "narrower": []}  # under its ISCO group only
    assert (result["jobs_total"], result["countries_with_jobs"]) == (5, 2)
    assert [(c["iso3"], c["jobs"], c["share"]) for c in result["countries"]] == [("DEU", 4, 0.5), ("FRA", 1, 1.0)]
    assert all(isinstance(c["per_million"], float) for c in result["countries"])
    assert result["skill_breakdown"] == {"essential_knowledge": 1, "essential_skill": 1,
                                         "optional_knowledge": 0, "optional_skill": 1}
    assert set(result["top_skills"][0]) == {"uri", "label", "postings", "share"}


@pytest.mark.parametrize("country", ["FR", "FRA", "250", "France"])
def test_query_result_country_scopes_top_skills(cube, country):
    result = queries.query_result(cube, "7411.1", country=country)
    assert [(s["uri"], s["postings"]) for s in result["top_skills"]] == [(SKILL + "lead-team", 1)]
    assert len(result["countries"]) == 2  # the map stays world-wide


def test_query_result_errors(cube):
    with pytest.raises(UsageError, match="unknown country 'Atlantis'"):
        queries.query_result(cube, "electrician", country="Atlantis")
    with pytest.raises(OccupationNotFound) as raised:
        queries.query_result(cube, "programmer")
    assert raised.value.ambiguous and {u for u, _ in raised.value.candidates} == {OCC + "software-developer",
                                                                                  OCC + "web-developer"}


def test_cube_open_is_cached_and_missing_cube_is_explained(cube_dir, tmp_path):
    cube = Cube.open(cube_dir)
    assert Cube.open(cube.data_dir) is cube
    assert cube.months == ["2024-01", "2024-02", "2024-03"]
    assert not cube.is_demo
    with pytest.raises(CubeNotFound, match="python -m dashboard build"):
        Cube.open(tmp_path / "empty")


def test_in_memory_skill_demand_of_an_empty_table(tmp_path):
    from dashboard.reading.skill_demand import SkillDemandArrays

    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in ("occupation_uri", "iso3", "month", "skill_uri")})
    empty["postings"] = pd.Series([], dtype="int64")
    empty.to_parquet(tmp_path / "skill_demand.parquet")
    decoded = SkillDemandArrays.from_parquet(tmp_path / "skill_demand.parquet")
    decoded.save(tmp_path / "arrays")
    for arrays in (decoded, SkillDemandArrays.load(tmp_path / "arrays")):
        uris, postings = arrays.demand(ELECTRICIAN, iso3=None, start=None, end=None)
        assert uris == [] and postings.size == 0
