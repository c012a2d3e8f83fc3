"""Skills selected (issue 14, point 2): the pure builders of dashboard/reading/skill_selection.py."""
from __future__ import annotations

import pandas as pd
import pytest

from dashboard.reading import skill_selection as sel
from dashboard.reading.skill_selection import (Coverage, SkillKeys, clean_selection, coverage, parse_skills, selection_header,
                                       selection_summary, skills_param, ticked, unknown_notice)

E = "http://data.europa.eu/esco/skill/"
UUID_A = "00c0ffee-5b5a-4a66-8aac-60e734beb1ab"
UUID_B = "00c0ffee-ffff-4a66-8aac-60e734beb1ab"  # the same first 8 digits as A
UUID_C = "1aa4d5b9-1a2b-4c3d-8e9f-0a1b2c3d4e5f"
D = "https://job-atlas.invalid/demo/skill/"


def test_keys_are_short_unique_and_round_trip():
    uris = [E + UUID_A, E + UUID_B, E + UUID_C, D + "python", "https://other.invalid/python", "urn:x,y"]
    keys = SkillKeys(uris)
    assert keys.key_of(E + UUID_C) == "1aa4d5b9"  # a UUID cut to 8 digits
    assert keys.key_of(E + UUID_A) == UUID_A and keys.key_of(E + UUID_B) == UUID_B  # shared prefix: whole part
    assert keys.key_of(D + "python") == D + "python"  # "python" names two skills: the URI
    assert keys.key_of("urn:x,y") == "urn:x,y"
    for uri in uris:
        assert keys.uri_of(keys.key_of(uri)) == uri
        assert keys.uri_of(uri) == uri  # a URI is accepted as its own key
    assert keys.uri_of("nothing") is None


def _parse(texts, uris=(D + "java", D + "python", D + "work-in-a-team")):
    labels = {"java": D + "java", "python": D + "python", "work in a team": D + "work-in-a-team",
              "manage staff, budgets": D + "manage"}
    keys = SkillKeys(list(uris) + [D + "manage"])
    return parse_skills(texts, keys=keys, resolve=lambda t: labels.get(t.strip().lower()))


@pytest.mark.parametrize("texts, uris, unknown", [
    (["java,python"], ["java", "python"], []),
    (["Java|Work in a team"], ["java", "work-in-a-team"], []),
    (["Manage staff, budgets"], ["manage"], []),  # a label holding a comma is tried whole first
    (["java", "python,java"], ["java", "python"], []),  # repeated parameters, each skill once
    (["java,,astrology, "], ["java"], ["astrology"]),
    ([D + "python"], ["python"], []),
    (["x" * 400], [], ["x" * 400]),  # an over-long entry is unknown, without a lookup
])
def test_parse_accepts_keys_uris_and_labels_and_names_the_rest(texts, uris, unknown):
    parsed = _parse(texts)
    assert parsed.uris == [D + u for u in uris] and parsed.unknown == unknown and parsed.dropped == 0


def test_parse_keeps_at_most_the_bound(monkeypatch):
    monkeypatch.setattr(sel, "MAX_SELECTED", 2)
    parsed = _parse(["java,python,work-in-a-team"])
    assert parsed.uris == [D + "java", D + "python"] and parsed.dropped == 1


def test_a_stored_selection_keeps_only_known_skills_once():
    keys = SkillKeys([D + "java", D + "python"])
    assert clean_selection([D + "python", 7, D + "astrology", D + "python", D + "java"], keys=keys) == [
        D + "python", D + "java"]
    assert clean_selection("java", keys=keys) == [] and clean_selection(None, keys=keys) == []


def test_skills_param_is_the_comma_joined_keys():
    keys = SkillKeys([D + "java", D + "python"])
    assert skills_param([D + "python", D + "java"], keys=keys) == "python,java"
    assert skills_param([], keys=keys) == ""


@pytest.mark.parametrize("selection, ticks, expected", [
    ([], ["b", "a"], ["b", "a"]),
    (["x", "a"], ["b"], ["x", "b"]),  # a unticked, x (another occupation's) kept, b added last
    (["a", "x"], ["a", "a", "zzz"], ["a", "x"]),  # a tick outside the occupation is ignored
])
def test_ticks_change_only_the_occupations_skills(selection, ticks, expected):
    assert ticked(selection, ["a", "b", "c"], ticks) == expected


def _breakdown(rows):
    return pd.DataFrame(rows, columns=["skill_uri", "group"])


def test_coverage_and_summary_per_group():
    frame = _breakdown([("a", "essential_knowledge"), ("b", "essential_knowledge"), ("c", "essential_skill"),
                        ("d", "optional_skill")])
    assert coverage(frame, ["b", "d", "zz"]) == [Coverage("essential_knowledge", 1, 2), Coverage("essential_skill", 0, 1),
                                                 Coverage("optional_knowledge", 0, 0), Coverage("optional_skill", 1, 1)]
    header, lines, elsewhere = selection_summary(frame, ["b", "d", "zz"])
    assert header == "4 skills are associated with this occupation · 2 selected"
    assert lines == ["1 of 2 essential knowledge", "0 of 1 essential skills/competences", "0 of 0 optional knowledge",
                     "1 of 1 optional skills/competences"]
    assert elsewhere == 1


def test_header_singular():
    assert selection_header(1, 0) == "1 skill is associated with this occupation · 0 selected"


def test_unknown_notice():
    assert unknown_notice([], kept=3) == ""
    assert unknown_notice(["a", "b"], kept=1) == "“a”, “b” are not skills in this data: 1 selected skill kept."
    many = unknown_notice([str(i) for i in range(7)], kept=0, dropped=4)
    assert "and 2 more are not skills" in many and "at most 500 skills: 4 left out" in many


def test_real_esco_keys_are_8_digits_for_almost_every_skill(esco_taxonomy):
    keys = SkillKeys(esco_taxonomy.skills["skill_uri"])
    lengths = [len(keys.key_of(u)) for u in esco_taxonomy.skills["skill_uri"]]
    assert sum(1 for n in lengths if n == 8) / len(lengths) > 0.99
    assert all(keys.uri_of(keys.key_of(u)) == u for u in esco_taxonomy.skills["skill_uri"])


def test_skills_to_learn_skip_the_selected_and_the_unasked():
    from dashboard.reading.skill_selection import ToLearn, skills_to_learn

    top = pd.DataFrame({"skill_uri": ["a", "b", "c", "d"], "label": ["A", "B", "C", "D"], "postings": [9, 5, 3, 0],
                        "share": [0.9, 0.5, float("nan"), 0.0], "relation": ["essential", "other", "optional", "optional"]})
    assert skills_to_learn(top, ["a"]) == [ToLearn("b", "B", 5, 0.5, "other"), ToLearn("c", "C", 3, None, "optional")]
    assert [s.uri for s in skills_to_learn(top, [], limit=1)] == ["a"]
