"""The screen's subject (issue 15): links, the view store, the map's numbers and the panel for an
ISCO group, a skill and all occupations, on the hand-written postings of ``TINY_POSTINGS``
(software developers: DEU 5, FRA 1, MLT 1; nurses: FRA 2, ITA 1; an accountant in POL;
python asked for by postings 1, 2, 3 in DEU and 7 in MLT)."""
from __future__ import annotations

import dataclasses
import io
import math
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from callbacks.share_link import view_link
from dashboard.reading import queries, subject_view
from dashboard.reading.cube import Cube
from dashboard.errors import JobAtlasError
from dashboard.reading.subject_view import Subject
from dashboard.view import View

DEMO = "https://job-atlas.invalid/demo/"
PYTHON = DEMO + "skill/python"
NURSE = DEMO + "occupation/nurse-responsible-for-general-care"


@pytest.fixture(scope="module")
def cube(tiny_cube_dir) -> Cube:
    return Cube.open(tiny_cube_dir)


def jobs(frame) -> dict[str, int]:
    return {r.iso3: int(r.jobs) for r in frame.itertuples(index=False) if r.jobs > 0}


def quotients(frame) -> dict[str, float]:
    return {r.iso3: r.location_quotient for r in frame.itertuples(index=False) if r.jobs > 0}


# -- the map's numbers -----------------------------------------------------------------------

@pytest.mark.parametrize("subject, expected_jobs, expected_lq", [
    # Nurses: 2 of France's 3 postings, 1 of Italy's 1, 3 of all 11.
    (Subject("isco", "22"), {"FRA": 2, "ITA": 1}, {"FRA": (2 / 3) / (3 / 11), "ITA": (1 / 1) / (3 / 11)}),
    (Subject("isco", "25"), {"DEU": 5, "FRA": 1, "MLT": 1}, {"DEU": (5 / 5) / (7 / 11), "FRA": (1 / 3) / (7 / 11),
                                                            "MLT": 1 / (7 / 11)}),
    # Every posting is an ISCO 2 professional's here: LQ 1 everywhere.
    (Subject("isco", "2"), {"DEU": 5, "FRA": 3, "MLT": 1, "ITA": 1, "POL": 1},
     {c: 1.0 for c in ("DEU", "FRA", "MLT", "ITA", "POL")}),
    (Subject("skill", PYTHON), {"DEU": 3, "MLT": 1}, {"DEU": (3 / 5) / (4 / 11), "MLT": 1 / (4 / 11)}),
    (Subject("all", None), {"DEU": 5, "FRA": 3, "MLT": 1, "ITA": 1, "POL": 1},
     {c: 1.0 for c in ("DEU", "FRA", "MLT", "ITA", "POL")}),
])
def test_the_map_counts_the_subjects_jobs_with_location_quotients(cube, subject, expected_jobs, expected_lq):
    frame = subject_view.by_country(cube, subject, start=None, end=None)
    assert jobs(frame) == expected_jobs
    assert quotients(frame) == pytest.approx(expected_lq)
    totals = subject_view.totals(cube, subject, start=None, end=None)
    assert totals == {"jobs_total": sum(expected_jobs.values()), "countries_with_jobs": len(expected_jobs)}


def test_a_period_narrows_the_subjects_numbers(cube):
    frame = subject_view.by_country(cube, Subject("isco", "25"), start="2025-02", end="2025-03")
    assert jobs(frame) == {"DEU": 2, "MLT": 1}  # postings 4, 5 (February) and 7 (March)
    trend = subject_view.trend(cube, Subject("isco", "25"), iso3="DEU", start=None, end=None)
    assert trend.to_dict("list") == {"month": ["2025-01", "2025-02", "2025-03"], "jobs": [3, 2, 0]}
    assert subject_view.trend(cube, Subject("skill", PYTHON), iso3=None, start=None, end=None) is None


def test_headings_say_what_the_subject_is(cube):
    members = len(subject_view.subjects.isco_members(cube, "22"))
    heading = subject_view.heading(cube, Subject("isco", "22"))
    assert heading["title"] == f"ISCO 22 {cube.isco_labels['22']} — {members} occupations"
    assert heading["detail"].startswith("ISCO-08 sub-major group")
    skill = subject_view.heading(cube, Subject("skill", PYTHON))
    assert skill["title"] == "Skill · Python"
    need = subject_view.occupations_requiring(cube, PYTHON)
    assert f"{need['essential']:,} essential, {need['optional']:,} optional" in skill["detail"]
    assert subject_view.heading(cube, Subject("all", None))["title"] == "All occupations"


def test_the_panel_lists_the_groups_occupations_in_the_country(cube):
    panel = subject_view.panel(cube, Subject("isco", "22"), iso3="FRA", start=None, end=None)
    first = panel["occupations"][0]
    assert (first["uri"], first["jobs"], first["share"]) == (NURSE, 2, 1.0)
    assert [o["jobs"] for o in panel["occupations"][1:]] == [0] * (panel["occupations_total"] - 1)
    assert panel["occupations_total"] == len(subject_view.subjects.isco_members(cube, "22"))


def test_the_panel_lists_who_asks_for_a_skill_and_what_a_country_asks_for(cube):
    skill = subject_view.panel(cube, Subject("skill", PYTHON), iso3="DEU", start=None, end=None)
    # 3 of Germany's 5 software-developer postings ask for python.
    assert [(o["label"], o["jobs"], o["share"]) for o in skill["occupations"]] == [("software developer", 3, 3 / 5)]
    everything = subject_view.panel(cube, Subject("all", None), iso3="FRA", start=None, end=None)
    assert [(o["label"], o["jobs"]) for o in everything["occupations"]] == [
        ("nurse responsible for general care", 2), ("software developer", 1)]
    assert [(g["code"], g["jobs"]) for g in everything["isco_groups"]] == [("2", 3)]
    assert [(s["label"], s["postings"]) for s in everything["skills"]] == [("SQL", 1)]


# -- links and the view store ----------------------------------------------------------------

@pytest.mark.parametrize("query, subject, country", [
    ("?isco=25", Subject("isco", "25"), None),
    ("?isco=ISCO%202512", Subject("isco", "2512"), None),
    ("?skill=python&country=DE", Subject("skill", PYTHON), "DEU"),
    ("?skill=" + PYTHON, Subject("skill", PYTHON), None),
    ("?country=POL", Subject("all", None), "POL"),
    ("?occupation=all", Subject("all", None), None),
])
def test_a_link_names_the_subject_and_copy_link_writes_it_back(cube, query, subject, country):
    view, notices = View.from_query(cube, query)
    assert notices == []
    assert view.subject == subject and view.country == country
    assert View.from_store(cube, view.to_store()) == view  # the store keeps it
    link = view_link("http://127.0.0.1:8050/?occupation=old", view.to_store(), cube=cube)
    params = parse_qs(urlsplit(link).query)
    assert View.from_query(cube, "?" + urlsplit(link).query) == (view, [])
    if subject.kind == "isco":
        assert params["isco"] == [subject.key] and "occupation" not in params
    if subject.kind == "skill":
        assert params["skill"] == ["Python"]  # the label names it alone: a readable link
    if subject.kind == "all":
        assert "occupation" not in params if country else params["occupation"] == ["all"]


@pytest.mark.parametrize("query, notice", [
    ("?isco=2599", "Closest matches: 25"),
    ("?isco=99999", "1- to 4-digit"),
    ("?skill=pyton", "Closest matches: Python"),
    ("?isco=25&skill=python", "One subject at a time: “skill=python” ignored."),
    ("?occupation=nurse&isco=2", "One subject at a time: “isco=2” ignored."),
])
def test_an_unknown_or_second_subject_keeps_a_valid_view_with_a_notice(cube, query, notice):
    view, notices = View.from_query(cube, query)
    assert any(notice in n for n in notices), notices
    assert View.from_store(cube, view.to_store()) == view


def test_a_forged_subject_in_the_store_falls_back_to_the_occupation(cube):
    view, _ = View.from_query(cube, "")
    for forged in ({"subject": "isco", "isco": "9999"}, {"subject": "skill", "skill": 3}, {"subject": "planet"},
                   {"subject": "isco"}):
        assert View.from_store(cube, {**view.to_store(), **forged}) == view


def test_picking_an_occupation_again_drops_the_subject(cube):
    from callbacks.view import next_view
    from layouts import ids

    view, _ = View.from_query(cube, "?isco=25&country=DEU")
    key = cube.occupation_index.option_key(NURSE)
    after = next_view(cube, view, trigger=ids.OccupationPicker.DROPDOWN, value=key)
    assert after.occupation == NURSE and "subject" not in after.to_store() and after.country == "DEU"
    skill = next_view(cube, after, trigger=ids.OccupationPicker.DROPDOWN, value="skill:" + PYTHON)
    assert skill.subject == Subject("skill", PYTHON)
    assert next_view(cube, skill, trigger=ids.OccupationPicker.DROPDOWN, value="skill:nothing") == skill
    assert skill.with_subject(Subject("all", None)).to_query(cube).startswith("?country=DEU")


def test_exports_never_hand_out_another_occupations_file(cube):
    from callbacks.export import render_export

    # Issue 15: an ISCO group's map data is the group's, not the occupation the panels last showed;
    # an entry that does not apply (the occupation's skill breakdown) is refused, naming the group.
    view, _ = View.from_query(cube, "?isco=25")
    view = dataclasses.replace(view, occupation=NURSE)  # the occupation the panels showed before
    name, content = render_export(cube, view.to_store(), chart="map", fmt="csv")
    assert name.startswith("jobs-map_isco-25-")
    frame = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig")
    group = subject_view.by_country(cube, view.subject, start=view.start, end=view.end)
    own = queries.jobs_by_country(cube, view.occupation, start=view.start, end=view.end)
    assert int(frame["jobs"].sum()) == int(group["jobs"].sum()) != int(own["jobs"].sum())
    with pytest.raises(JobAtlasError, match="No skill breakdown export for ISCO 25 "):
        render_export(cube, view.to_store(), chart="breakdown", fmt="csv")


def test_location_quotient_is_nan_without_postings(cube):
    frame = subject_view.by_country(cube, Subject("isco", "25"), start=None, end=None)
    no_data = frame[~frame["has_data"]]
    assert len(no_data) and all(math.isnan(v) for v in no_data["location_quotient"])


def test_the_panel_says_when_no_posting_in_the_country_asks_for_the_skill(cube):
    from callbacks.country_panel import subject_stats

    frame = subject_view.by_country(cube, Subject("skill", PYTHON), start=None, end=None)
    text = subject_stats(frame, iso3="FRA", subject=Subject("skill", PYTHON), label="the skill Python",
                         period="Jan – Mar 2025")
    assert text[0] == "No postings ask for Python here in Jan – Mar 2025 "
    assert "3 postings in all" in text[1].children


def test_about_the_data_explains_the_location_quotient(cube):
    import json

    from layouts import ids
    from layouts.about_data import about_card

    text = json.dumps(about_card(cube).to_plotly_json(), default=lambda c: c.to_plotly_json())
    assert ids.AboutData.LOCATION_QUOTIENT in text
    assert "divided by its share of all postings" in text and "Bureau of Labor Statistics" in text
