"""Postings asking for ESCO's skill collections (issue 15): built, read, mapped and exported.

A hand-written postings file over the tiny taxonomy (digital: Python, write computer code;
green: install electrical wiring; transversal: lead a team), so every number below is
counted by hand from the rows here."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import figures
from dashboard.building.build import build
from dashboard.building.engines.duckdb import DuckDBEngine
from dashboard.reading import collection_postings
from dashboard.reading.cube import VERSIONS_DIR, Cube, current_version
from helpers import TINY_TAXONOMY as TINY

TODAY = dt.date(2025, 6, 15)
DEVELOPER = "https://fixture.invalid/occupation/software-developer"
POSTINGS = """id,occupation,country,date,skills
p1,software developer,DE,2025-01-10,Python|write code|Python (computer programming)
p2,software developer,DE,2025-01-11,install electrical wiring|python programming
p3,software developer,DE,2025-01-12,
p4,software developer,FR,2025-02-01,wire buildings|lead a team|nonsense
p5,no such occupation,DE,2025-01-01,Python
p1,software developer,DE,2025-01-13,Python
p6,web developer,DE,2025-01-20,HTML
"""


def _build(tmp_path: Path, *, native: bool = True, monkeypatch=None) -> Path:
    postings = tmp_path / "postings.csv"
    postings.write_text(POSTINGS, encoding="utf-8")
    if not native:
        monkeypatch.setattr(DuckDBEngine, "native", False)
    build(esco=[TINY], postings=[postings], data_dir=tmp_path / "cube", progress=False, today=TODAY)
    return tmp_path / "cube"


def _table(data_dir: Path) -> pd.DataFrame:
    path = data_dir / VERSIONS_DIR / current_version(data_dir) / collection_postings.TABLE_FILE
    return pd.read_parquet(path)


@pytest.mark.parametrize("native", [True, False], ids=["duckdb-native", "portable"])
def test_a_posting_counts_once_per_collection_and_rejected_rows_not_at_all(tmp_path, monkeypatch, native):
    table = _table(_build(tmp_path, native=native, monkeypatch=monkeypatch))
    rows = {(r.occupation_uri.rsplit("/", 1)[-1], r.iso3, r.month): r for r in table.itertuples(index=False)}
    germany = rows[("software-developer", "DEU", "2025-01")]
    # p1 names two digital skills (three spellings): once; p2 digital and green; p3 no skill;
    # p5 (unknown occupation) and the second p1 (duplicate id) are rejected.
    assert (germany.postings, germany.digital, germany.green, germany.transversal) == (3, 2, 1, 0)
    france = rows[("software-developer", "FRA", "2025-02")]
    assert (france.postings, france.digital, france.green, france.transversal) == (1, 0, 1, 1)
    assert rows[("web-developer", "DEU", "2025-01")].digital == 1  # HTML is digital
    assert int(table["postings"].sum()) == 5  # every loaded posting, once


def test_the_cube_adds_them_up_per_country_and_the_map_colours_the_share(tmp_path):
    cube = Cube.open(_build(tmp_path))
    shares = collection_postings.shares_of(cube, (DEVELOPER,), start=None, end=None)
    at = cube.country_codes.index
    assert shares.postings[at("DEU")] == 3 and shares.asking["digital"][at("DEU")] == 2
    assert shares.asking["green"][at("FRA")] == 1
    january = collection_postings.shares_of(cube, (DEVELOPER,), start="2025-01", end="2025-01")
    assert january.postings[at("FRA")] == 0  # France's posting is in February
    everything = collection_postings.shares_of(cube, None, start=None, end=None)
    assert everything.asking["digital"][at("DEU")] == 3  # the web developer's HTML too

    from dashboard.reading import queries

    by_country = queries.jobs_by_country(cube, DEVELOPER, start=None, end=None)
    frame, note, message = collection_postings.map_shares(cube, by_country, (DEVELOPER,), collection="digital",
                                                          start=None, end=None)
    assert message is None and "in this view 50% (2 of 4 postings)" in note
    update = figures.map_data_trace_update(frame, measure="digital", selected=None)
    z = dict(zip(update["locations"], update["z"]))
    assert z == {"DEU": pytest.approx(2 / 3), "FRA": 0.0}
    hover = dict(zip(update["locations"], (row[6] for row in update["customdata"])))
    assert hover["DEU"] == "67% (2 of 3 postings)"
    assert "Asking for a digital skill: %{customdata[6]}" in update["hovertemplate"]
    assert update["colorbar"]["title"]["text"].startswith("Share of postings asking for a digital skill")


def test_a_cube_built_before_them_says_to_rebuild(tmp_path):
    data_dir = _build(tmp_path)
    (data_dir / VERSIONS_DIR / current_version(data_dir) / collection_postings.TABLE_FILE).unlink()
    cube = Cube.open(data_dir)
    assert cube.collection_postings is None
    from dashboard.reading import queries

    frame, note, message = collection_postings.map_shares(
        cube, queries.jobs_by_country(cube, DEVELOPER, start=None, end=None), (DEVELOPER,), collection="green",
        start=None, end=None)
    assert message == note == collection_postings.NOT_BUILT
    assert np.isnan(frame["green"].to_numpy(dtype=float)).all()  # no country gets an invented share


def test_an_append_onto_a_cube_without_them_keeps_publishing(tmp_path):
    from dashboard.building.append import append

    data_dir = _build(tmp_path)
    (data_dir / VERSIONS_DIR / current_version(data_dir) / collection_postings.TABLE_FILE).unlink()
    later = tmp_path / "later.csv"
    later.write_text("id,occupation,country,date,skills\nq1,software developer,DE,2025-03-01,Python\n",
                     encoding="utf-8")
    append(postings=[later], data_dir=data_dir, progress=False, today=TODAY)
    live = data_dir / VERSIONS_DIR / current_version(data_dir)
    assert not (live / collection_postings.TABLE_FILE).exists()  # not half a table: rebuild to get it
    assert int(pd.read_parquet(live / "jobs.parquet")["jobs"].sum()) == 6


def test_the_map_data_export_carries_every_collection(tmp_path):
    from dashboard.exports import tables
    from dashboard.view import View

    cube = Cube.open(_build(tmp_path))
    frame = tables.data_frame_for(cube, "map", View.from_cli(cube, occupation="software developer"))
    germany = frame.set_index("iso3").loc["DEU"]
    assert (germany["postings"], germany["postings_asking_digital"], germany["postings_asking_green"]) == (3, 2, 1)
    assert germany["share_asking_digital"] == pytest.approx(round(2 / 3, 6))
    assert frame.set_index("iso3").loc["FRA", "share_asking_transversal"] == 1.0


def test_query_json_gives_the_same_numbers_in_a_country_and_everywhere(tmp_path, capsys):
    import json

    from dashboard.cli import main

    data_dir = _build(tmp_path)
    assert main(["query", "--occupation", "software developer", "--country", "DE", "--format", "json",
                 "--data-dir", str(data_dir)]) == 0
    germany = json.loads(capsys.readouterr().out)["skill_collections"]
    assert germany["postings"] == 3
    assert germany["digital"] == {"postings": 2, "share": round(2 / 3, 6)}
    assert germany["green"] == {"postings": 1, "share": round(1 / 3, 6)}
    assert main(["query", "--occupation", "software developer", "--format", "json", "--data-dir", str(data_dir)]) == 0
    everywhere = json.loads(capsys.readouterr().out)["skill_collections"]
    assert everywhere["postings"] == 4 and everywhere["transversal"] == {"postings": 1, "share": 0.25}
