"""Subjects other than one occupation (issue 15): location quotients, ISCO groups, a country
with no occupation. Every expected number is worked out by hand from POSTINGS below."""
from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard import queries
from dashboard.build import build
from dashboard.cube import Cube
from helpers import TINY_TAXONOMY as TINY
from helpers import run_cli

OCC = "https://fixture.invalid/occupation/"
SKILL = "https://fixture.invalid/skill/"
SOFTWARE = OCC + "software-developer"

# Jobs: software developer 4 (DEU 3, FRA 1), web developer 2 (DEU 1, FRA 1), general nurse 3
# (FRA 2, ITA 1), electrician 1 (DEU). All postings: 10 (DEU 5, FRA 4, ITA 1).
# In 2024-02..2024-03: s3 s4 w2 n2 n3 e1 = 6 (DEU 2, FRA 3, ITA 1); software developer 2 (DEU 1, FRA 1).
POSTINGS = [
    ("s1", "software developer", "DE", "2024-01-05", "Python|write code"),
    ("s2", "software developer", "DE", "2024-01-06", "Python"),
    ("s3", "software developer", "DE", "2024-02-01", "HTML"),
    ("s4", "software developer", "FR", "2024-02-02", "Python"),
    ("w1", "web developer", "DE", "2024-01-10", "HTML|write code"),
    ("w2", "web developer", "FR", "2024-03-01", "HTML"),
    ("n1", "general nurse", "FR", "2024-01-15", "anatomy|provide patient care"),
    ("n2", "general nurse", "FR", "2024-02-15", "provide patient care"),
    ("n3", "general nurse", "IT", "2024-03-15", ""),
    ("e1", "electrician", "DE", "2024-03-20", "install electrical wiring"),
]


@pytest.fixture(scope="module")
def cube_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("subjects")
    path = folder / "postings.csv"
    pd.DataFrame(POSTINGS, columns=["id", "occupation", "country", "date", "skills"]).to_csv(path, index=False)
    build(esco=[TINY], postings=[path], data_dir=folder / "cube", progress=False, today=dt.date(2025, 1, 1))
    return folder / "cube"


@pytest.fixture(scope="module")
def cube(cube_dir) -> Cube:
    return Cube.open(cube_dir)


def _lq(frame: pd.DataFrame) -> dict[str, float]:
    return dict(zip(frame["iso3"], frame["location_quotient"]))


# -- location quotient ---------------------------------------------------------------------

def test_location_quotient_is_share_in_country_over_share_everywhere(cube):
    lq = _lq(queries.jobs_by_country(cube, SOFTWARE))
    # DEU (3/5) / (4/10) = 1.5; FRA (1/4) / (4/10) = 0.625; ITA has postings but none of these: 0.
    assert lq["DEU"] == pytest.approx(1.5)
    assert lq["FRA"] == pytest.approx(0.625)
    assert lq["ITA"] == 0
    assert math.isnan(lq["USA"])  # no postings at all in the country: no quotient


def test_location_quotient_follows_the_period(cube):
    lq = _lq(queries.jobs_by_country(cube, SOFTWARE, start="2024-02", end="2024-03"))
    # DEU (1/2) / (2/6) = 1.5; FRA (1/3) / (2/6) = 1.0; ITA (0/1) = 0.
    assert (lq["DEU"], lq["FRA"], lq["ITA"]) == (pytest.approx(1.5), pytest.approx(1.0), 0)


def test_location_quotient_of_an_occupation_without_jobs_is_undefined(cube):
    lq = _lq(queries.jobs_by_country(cube, OCC + "army-officer"))
    assert all(math.isnan(v) for v in lq.values())


def test_location_quotients_weighted_mean_is_one():
    # The BLS identity: sum over countries of LQ x country's share of all postings = 1.
    jobs, postings = np.array([3, 1, 0, 5]), np.array([5, 4, 1, 20])
    lq = queries.location_quotients(jobs, postings)
    assert float(np.sum(lq * postings / postings.sum())) == pytest.approx(1.0)


def test_query_json_countries_carry_the_location_quotient(cube):
    result = queries.query_result(cube, "software developer", start="2024-02")
    assert [(c["iso3"], c["jobs"], c["location_quotient"]) for c in result["countries"]] == [
        ("DEU", 1, pytest.approx(1.5)), ("FRA", 1, pytest.approx(1.0))]
    assert result["period"] == {"from": "2024-02", "to": "2024-03"}
    assert result["jobs_total"] == 2


def test_cli_prints_the_location_quotient(cube_dir):
    done = run_cli("query", "--occupation", "software developer", "--data-dir", str(cube_dir))
    assert done.returncode == 0, done.stderr
    assert "Germany (DEU)  3" in done.stdout and "LQ 1.50" in done.stdout and "LQ 0.62" in done.stdout
    done = run_cli("query", "--occupation", "software developer", "--from", "2024-02", "--to", "2024-03",
                   "--data-dir", str(cube_dir), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert {c["iso3"]: c["location_quotient"] for c in json.loads(done.stdout)["countries"]} == {
        "DEU": pytest.approx(1.5), "FRA": pytest.approx(1.0)}


@pytest.mark.parametrize("args, message", [
    (["--from", "2024-13"], "--from '2024-13': expected a month as YYYY-MM"),
    (["--from", "2024-03", "--to", "2024-01"], "--from 2024-03 is after --to 2024-01"),
    (["--country", "Germny"], "Closest matches: Germany (DEU)"),
])
def test_query_bad_period_or_country_exits_2_with_a_message(cube_dir, args, message):
    done = run_cli("query", "--occupation", "software developer", *args, "--data-dir", str(cube_dir))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
