"""Subjects other than one occupation (issue 15): location quotients, ISCO groups, a country
with no occupation. Every expected number is worked out by hand from POSTINGS below."""
from __future__ import annotations

import datetime as dt
import re
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.reading import queries
from dashboard.building.build import build
from dashboard.reading.cube import Cube
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


# -- ISCO groups ---------------------------------------------------------------------------

from dashboard.reading import subjects# noqa: E402
from dashboard.errors import UsageError  # noqa: E402


@pytest.mark.parametrize("code, occupations, jobs_total, countries", [
    # 25 = software developer (DEU 3, FRA 1) + web developer (DEU 1, FRA 1).
    ("25", 2, 6, [("DEU", 4, 4 / 5 / (6 / 10)), ("FRA", 2, 2 / 4 / (6 / 10))]),
    # 2 adds general nurse (FRA 2, ITA 1).
    ("2", 3, 9, [("DEU", 4, 4 / 5 / (9 / 10)), ("FRA", 4, 4 / 4 / (9 / 10)), ("ITA", 1, 1 / 1 / (9 / 10))]),
    ("0", 1, 0, []),  # army officer, no postings
])
def test_isco_group_adds_up_its_occupations(cube, code, occupations, jobs_total, countries):
    result = subjects.isco_group_result(cube, code)
    assert result["isco_group"]["code"] == code
    assert (result["occupations"], result["jobs_total"], result["countries_with_jobs"]) == (
        occupations, jobs_total, len(countries))
    assert [(c["iso3"], c["jobs"], pytest.approx(c["location_quotient"])) for c in result["countries"]] == [
        (iso3, jobs, pytest.approx(lq)) for iso3, jobs, lq in countries]


def test_isco_group_lists_its_occupations_with_jobs(cube):
    result = subjects.isco_group_result(cube, "2")
    assert [(o["label"], o["jobs"]) for o in result["occupation_jobs"]] == [
        ("software developer", 4), ("nurse responsible for general care", 3), ("web developer", 2)]
    in_france = subjects.isco_group_result(cube, "2", country="FR")
    assert in_france["country"] == {"iso3": "FRA", "name": "France"}
    assert [(o["label"], o["jobs"]) for o in in_france["occupation_jobs"]] == [
        ("nurse responsible for general care", 2), ("software developer", 1), ("web developer", 1)]
    assert in_france["jobs_total"] == 9  # the totals and the map stay everywhere


def test_a_four_digit_group_of_one_occupation_equals_the_occupation(cube):
    group = subjects.isco_group_result(cube, "2512", start="2024-02")
    occupation = queries.query_result(cube, "software developer", start="2024-02")
    assert group["occupations"] == 1
    for key in ("jobs_total", "countries_with_jobs", "countries", "period"):
        assert group[key] == occupation[key]


def test_isco_group_period(cube):
    # 2024-02..03: s3 (DEU), s4 (FRA), w2 (FRA), n2 (FRA), n3 (ITA).
    result = subjects.isco_group_result(cube, "2", start="2024-02", end="2024-03")
    assert result["jobs_total"] == 5
    assert [(c["iso3"], c["jobs"]) for c in result["countries"]] == [("FRA", 3), ("DEU", 1), ("ITA", 1)]


@pytest.mark.parametrize("text, code", [("  25 ", "25"), ("ISCO 2512", "2512"), ("nursing professionals", "2221")])
def test_isco_group_by_code_or_label(cube, text, code):
    assert subjects.resolve_isco(cube, text) == code


@pytest.mark.parametrize("text, named", [
    ("2599", ["2513 Web and multimedia developers", "2512 Software developers"]),  # same level, nearest first
    ("26", ["25 Information and communications technology professionals", "22 Health professionals"]),
    ("nursing profesionals", ["2221 Nursing professionals"]),
    ("Commissioned armed forces officers", ["01 Commissioned", "011 Commissioned", "0110 Commissioned"]),  # ambiguous
])
def test_unknown_or_ambiguous_isco_group_names_the_closest(cube, text, named):
    with pytest.raises(UsageError) as raised:
        subjects.resolve_isco(cube, text)
    message = str(raised.value)
    positions = [message.index(n) for n in named]
    assert positions == sorted(positions)


# -- a country with no occupation ----------------------------------------------------------------

def test_country_alone_top_occupations_groups_and_skills(cube):
    result = subjects.country_result(cube, "Germany")
    assert result["country"] == {"iso3": "DEU", "name": "Germany"}
    assert (result["jobs_total"], result["has_data"]) == (5, True)
    assert [(o["label"], o["jobs"], o["share"]) for o in result["top_occupations"]] == [
        ("software developer", 3, 0.6), ("electrician", 1, 0.2), ("web developer", 1, 0.2)]
    assert [(g["code"], g["label"], g["jobs"]) for g in result["top_isco_groups"]] == [
        ("2", "Professionals", 4), ("7", "Craft and related trades workers", 1)]
    # Python s1 s2, write code s1 w1, HTML s3 w1 (ties by URI), install wiring e1; share of 5 jobs.
    assert [(s["uri"], s["postings"], s["share"]) for s in result["top_skills"]] == [
        (SKILL + "html", 2, 0.4), (SKILL + "python", 2, 0.4), (SKILL + "write-code", 2, 0.4),
        (SKILL + "install-wiring", 1, 0.2)]
    assert result["top_skills"][1]["label"] == "Python (computer programming)"


@pytest.mark.parametrize("level, groups", [
    (2, [("25", 4), ("74", 1)]),
    (4, [("2512", 3), ("2513", 1), ("7411", 1)]),
])
def test_country_alone_isco_level(cube, level, groups):
    result = subjects.country_result(cube, "DEU", isco_level=level)
    assert [(g["code"], g["jobs"]) for g in result["top_isco_groups"]] == groups
    assert result["isco_level"] == level


def test_country_alone_in_a_period(cube):
    # FRA in 2024-02..03: s4, w2, n2.
    result = subjects.country_result(cube, "FR", start="2024-02", end="2024-03")
    assert result["jobs_total"] == 3
    assert {o["label"]: o["jobs"] for o in result["top_occupations"]} == {
        "software developer": 1, "web developer": 1, "nurse responsible for general care": 1}
    assert {s["uri"]: s["postings"] for s in result["top_skills"]} == {
        SKILL + "python": 1, SKILL + "html": 1, SKILL + "patient-care": 1}
    assert result["period"] == {"from": "2024-02", "to": "2024-03"}


def test_country_without_postings_says_so(cube):
    result = subjects.country_result(cube, "USA")
    assert (result["jobs_total"], result["has_data"], result["top_occupations"], result["top_skills"]) == (
        0, False, [], [])


def test_country_alone_skills_without_the_arrays_read_duckdb_the_same(cube_dir, tmp_path):
    import shutil

    from dashboard.reading.cube import VERSIONS_DIR, current_version
    from dashboard.reading.skill_demand import SKILL_DEMAND_ARRAYS_DIR

    copy = tmp_path / "cube"
    shutil.copytree(cube_dir, copy)
    shutil.rmtree(copy / VERSIONS_DIR / current_version(copy) / SKILL_DEMAND_ARRAYS_DIR)
    cold = Cube.open(copy)
    assert cold.skill_demand_in_memory_bytes == 0
    for country in ("DEU", "FRA"):
        assert subjects.country_result(cold, country) == subjects.country_result(Cube.open(cube_dir), country)


# -- the command line -------------------------------------------------------------------------------

def test_cli_isco_json_and_text(cube_dir):
    done = run_cli("query", "--isco", "25", "--data-dir", str(cube_dir), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"isco_group", "occupations", "jobs_total", "countries_with_jobs", "countries"} <= set(result)
    assert (result["isco_group"], result["occupations"], result["jobs_total"]) == (
        {"code": "25", "label": "Information and communications technology professionals", "level": 2}, 2, 6)
    done = run_cli("query", "--isco", "25", "--data-dir", str(cube_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ISCO-08 25 Information and communications technology professionals (level 2)")
    assert "Germany (DEU)  4" in done.stdout and "software developer (ESCO 2512.4)  4" in done.stdout


def test_cli_country_alone_json_and_text(cube_dir):
    done = run_cli("query", "--country", "DE", "--isco-level", "4", "--from", "2024-01", "--to", "2024-01",
                   "--data-dir", str(cube_dir), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"country", "jobs_total", "top_occupations", "top_isco_groups", "top_skills"} <= set(result)
    # DEU in 2024-01: s1, s2, w1.
    assert result["jobs_total"] == 3
    assert [(g["code"], g["jobs"]) for g in result["top_isco_groups"]] == [("2512", 2), ("2513", 1)]
    done = run_cli("query", "--country", "DE", "--data-dir", str(cube_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Germany (DEU): all occupations")
    assert "software developer (ESCO 2512.4)  3  60.0%" in done.stdout and "2 Professionals  4" in done.stdout


@pytest.mark.parametrize("args, message", [
    (["--isco", "2599"], "Closest matches: 2513 Web and multimedia developers"),
    (["--country", "Germny"], "Closest matches: Germany (DEU)"),
    (["--isco", "25", "--occupation", "electrician"], "not allowed with argument"),
    (["--isco", "25", "--isco-level", "2"], "--isco-level goes with --country alone"),
    ([], "query needs a subject"),
    (["--country", "DE", "--isco-level", "5"], "invalid choice"),
])
def test_cli_bad_subject_exits_2_with_a_message(cube_dir, args, message):
    done = run_cli("query", *args, "--data-dir", str(cube_dir))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_groups_and_countries_agree_with_their_occupations_on_the_demo_cube(demo_cube_dir):
    """The same numbers from every side: a group's are its occupations' summed, a country's
    jobs are every occupation's jobs there."""
    cube = Cube.open(demo_cube_dir)
    members = subjects.isco_members(cube, "2")
    results = [queries.query_result(cube, uri, start=cube.months[3]) for uri in members]
    group = subjects.isco_group_result(cube, "2", start=cube.months[3])
    assert group["occupations"] == len(members) > 1
    assert group["jobs_total"] == sum(r["jobs_total"] for r in results) > 0
    by_country: dict[str, int] = {}
    for r in results:
        for c in r["countries"]:
            by_country[c["iso3"]] = by_country.get(c["iso3"], 0) + c["jobs"]
    assert {c["iso3"]: c["jobs"] for c in group["countries"]} == by_country
    poland = subjects.country_result(cube, "POL", start=cube.months[3])
    assert poland["jobs_total"] == sum(
        int(queries.jobs_by_country(cube, uri, start=cube.months[3]).set_index("iso3").loc["POL", "jobs"])
        for uri in cube.occupation_facts) > 0
    assert sum(g["jobs"] for g in poland["top_isco_groups"]) == poland["jobs_total"]  # 10 one-digit groups


# -- a skill -------------------------------------------------------------------------------------
# The tiny taxonomy's hierarchy: python under "write computer code" (under S5.1) and K06; html
# under K06; install wiring in a cycle with wiring (no group). Collections: python, write code,
# html digital; install wiring green; lead a team, work in teams transversal.

G = "https://fixture.invalid/skill-group/"


def test_skill_by_country_with_location_quotient(cube):
    result = subjects.skill_result(cube, "python")
    assert result["skill"] == {
        "uri": SKILL + "python", "label": "Python (computer programming)", "skill_type": "knowledge",
        "description": result["skill"]["description"],
        "broader": [{"uri": SKILL + "write-code", "label": "write computer code"},
                    {"uri": G + "K06", "label": "information and communication technologies (icts)"}],
        "groups": [{"uri": G + "K06", "label": "information and communication technologies (icts)"},
                   {"uri": G + "S5.1", "label": "programming computer systems"}],
        "collections": ["digital"]}
    # s1, s2 (DEU), s4 (FRA) of 10 postings (DEU 5, FRA 4).
    assert result["postings_total"] == 3
    assert [(c["iso3"], c["postings"], c["share"], pytest.approx(c["location_quotient"])) for c in result["countries"]] \
        == [("DEU", 2, 0.4, pytest.approx((2 / 5) / (3 / 10))), ("FRA", 1, 0.25, pytest.approx((1 / 4) / (3 / 10)))]
    # software developer essential; web developer optional; the relation of an unknown occupation dropped.
    assert result["occupations_requiring"] == {"essential": 1, "optional": 1}
    assert [(o["label"], o["postings"], o["share"]) for o in result["top_occupations"]] == [
        ("software developer", 3, 0.75)]


def test_skill_top_occupations_in_a_country_and_period(cube):
    everywhere = subjects.skill_result(cube, "HTML")  # s3 (software developer), w1, w2 (web developer)
    assert [(o["label"], o["postings"], o["share"]) for o in everywhere["top_occupations"]] == [
        ("web developer", 2, 1.0), ("software developer", 1, 0.25)]
    in_france = subjects.skill_result(cube, "hypertext markup language", country="France")
    assert [(o["label"], o["postings"], o["share"]) for o in in_france["top_occupations"]] == [("web developer", 1, 1.0)]
    assert in_france["postings_total"] == 3 and in_france["country"]["iso3"] == "FRA"
    later = subjects.skill_result(cube, SKILL + "python", start="2024-02")
    assert (later["postings_total"], [c["iso3"] for c in later["countries"]]) == (1, ["FRA"])


@pytest.mark.parametrize("text, message", [
    ("pyton", "Closest matches: Python (computer programming)"),
    ("team leadership", "is ambiguous"),  # an alt label of two skills
])
def test_unknown_or_ambiguous_skill_names_the_closest(cube, text, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        subjects.skill_result(cube, text)


def test_country_alone_skill_groups_and_collections(cube):
    result = subjects.country_result(cube, "DEU")
    # DEU: python 2, write code 2, html 2, install wiring 1 (no group). K06 = python + html,
    # S5.1 = python + write code: mentions, not distinct postings.
    assert [(g["uri"], g["mentions"]) for g in result["top_skill_groups"]] == [(G + "K06", 4), (G + "S5.1", 4)]
    assert {s["uri"]: s["collections"] for s in result["top_skills"]} == {
        SKILL + "html": ["digital"], SKILL + "python": ["digital"], SKILL + "write-code": ["digital"],
        SKILL + "install-wiring": ["green"]}


def test_a_cube_built_before_the_hierarchy_answers_without_groups(cube_dir, tmp_path):
    import shutil

    from dashboard.reading.cube import SKILL_HIERARCHY_TABLES, VERSIONS_DIR, current_version

    copy = tmp_path / "cube"
    shutil.copytree(cube_dir, copy)
    for name in SKILL_HIERARCHY_TABLES:
        (copy / VERSIONS_DIR / current_version(copy) / f"{name}.parquet").unlink()
    old = Cube.open(copy)
    assert "rebuild it" in old.skill_hierarchy.issues[0]
    result = subjects.skill_result(old, "python")
    assert (result["skill"]["groups"], result["skill"]["collections"], result["postings_total"]) == ([], [], 3)
    assert subjects.country_result(old, "DEU")["top_skill_groups"] == []


def test_build_report_counts_the_hierarchy_rows_and_an_append_keeps_the_tables(cube_dir, tmp_path):
    import shutil

    from dashboard.building.append import append

    report = json.loads((cube_dir / "build_report.json").read_text(encoding="utf-8"))
    files = {f["name"]: f["rows_loaded"] for f in report["dataset"]["skill_hierarchy"]["files"]}
    assert files["broaderRelationsSkillPillar.csv"] == 14
    copy = tmp_path / "cube"
    shutil.copytree(cube_dir, copy)
    more = tmp_path / "more.csv"
    more.write_text("id,occupation,country,date,skills\nx1,web developer,IT,2024-03-02,Python\n", encoding="utf-8")
    append(postings=[more], data_dir=copy)
    appended = subjects.skill_result(Cube.open(copy), "python")
    assert appended["postings_total"] == 4 and appended["skill"]["collections"] == ["digital"]
    assert [g["uri"] for g in appended["skill"]["groups"]] == [G + "K06", G + "S5.1"]


def test_cli_skill_json_and_text(cube_dir):
    done = run_cli("query", "--skill", "python", "--data-dir", str(cube_dir), "--format", "json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"skill", "postings_total", "countries", "occupations_requiring", "top_occupations"} <= set(result)
    assert result["postings_total"] == 3
    done = run_cli("query", "--skill", "python", "--data-dir", str(cube_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Python (computer programming) (knowledge)")
    for line in ("Collections: digital", "ESCO occupations listing it: 1 essential, 1 optional",
                 "Germany (DEU)  2  40.0% of postings  LQ 1.33", "software developer (ESCO 2512.4)  3 postings (75%"):
        assert line in done.stdout
    done = run_cli("query", "--skill", "pyton", "--data-dir", str(cube_dir))
    assert done.returncode == 2 and "Closest matches: Python (computer programming)" in done.stderr


def test_map_export_carries_the_location_quotient(cube):
    from dashboard.exports import files, tables
    from helpers import export_view

    frame = tables.data_frame_for(cube, "map", export_view(cube, SOFTWARE))
    assert dict(zip(frame["iso3"], frame["location_quotient"])) == {"DEU": 1.5, "FRA": 0.625, "ITA": 0.0}
    _, data = files.export_file(cube, "map", "csv", export_view(cube, SOFTWARE))
    assert "location_quotient" in data.decode("utf-8-sig").splitlines()[0]
