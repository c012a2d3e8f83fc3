"""The one View (issue 13): built from a link, the browser's store or CLI flags, written back as a
link or the store's JSON, months checked, clipped and written out in one place.

The cube is the demo taxonomy with ``conftest.TINY_POSTINGS`` (months 2025-01 .. 2025-03;
software developers in DEU, FRA, MLT; nurses in FRA and ITA).
"""
from __future__ import annotations

import dataclasses

import pytest

from dashboard.errors import JobAtlasError, UsageError
from dashboard.reading.cube import Cube
from dashboard.reading.subject_view import Subject
from dashboard.view import (UNDATED_EXPORT, UNDATED_SCREEN, View, check_period, clip_month, covered_period, is_month,
                            month_label, period_text)

DEMO = "https://job-atlas.invalid/demo/"
SOFTWARE = DEMO + "occupation/software-developer"
NURSE = DEMO + "occupation/nurse-responsible-for-general-care"
PYTHON = DEMO + "skill/python"
JAVA = DEMO + "skill/java"


@pytest.fixture(scope="module")
def cube(tiny_cube_dir) -> Cube:
    return Cube.open(tiny_cube_dir)


# -- months and periods: written once --------------------------------------------------------

@pytest.mark.parametrize("value, ok", [
    ("2025-01", True), ("1999-12", True), ("2025-13", False), ("2025-00", False), ("2025-1", False),
    ("2025-01-01", False), (" 2025-01", False), ("2025-01'; drop", False), (None, False), (202501, False),
])
def test_a_month_is_yyyy_mm(value, ok):
    assert is_month(value) is ok


@pytest.mark.parametrize("month, expected", [("2024-12", "2025-01"), ("2025-02", "2025-02"), ("2026-06", "2025-03")])
def test_a_month_outside_the_data_is_moved_to_its_edge(month, expected):
    assert clip_month(["2025-01", "2025-02", "2025-03"], month) == expected


@pytest.mark.parametrize("start, end, expected", [
    (None, None, ("2025-01", "2025-03")),
    ("2024-06", "2025-02", ("2025-01", "2025-02")),  # what the data covers of the period
    ("2025-02", None, ("2025-02", "2025-03")),
    ("2026-01", "2026-03", ("2026-01", "2026-03")),  # no month inside: the bounds as given
])
def test_the_covered_period_is_the_datas_months_inside_it(start, end, expected):
    assert covered_period(["2025-01", "2025-02", "2025-03"], start, end) == expected


@pytest.mark.parametrize("start, end, undated, expected", [
    ("2024-01", "2024-03", UNDATED_SCREEN, "Jan 2024 – Mar 2024"),
    ("2024-05", "2024-05", UNDATED_SCREEN, "May 2024"),
    ("2024-05", None, UNDATED_EXPORT, "from May 2024"),
    (None, "2024-05", UNDATED_EXPORT, "until May 2024"),
    (None, None, UNDATED_SCREEN, "undated (the data carries no period)"),
    (None, None, UNDATED_EXPORT, "no period: the data carries no dates"),
])
def test_a_period_reads_as_months(start, end, undated, expected):
    assert period_text(start, end, undated=undated) == expected
    assert View(SOFTWARE, None, start, end).period_text(undated=undated) == expected


def test_a_month_label_leaves_anything_else_as_it_is():
    assert (month_label("2025-03"), month_label(None), month_label("soon")) == ("Mar 2025", "", "soon")


# -- the value itself ---------------------------------------------------------------------------

def test_a_view_cannot_be_changed_in_place():
    view = View(SOFTWARE, "DEU", "2025-01", "2025-03")
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.country = "FRA"  # type: ignore[misc]
    assert dataclasses.replace(view, country="FRA").country == "FRA" and view.country == "DEU"


def test_an_occupation_views_subject_is_always_its_occupation():
    view = View(SOFTWARE)
    assert view.subject == Subject("occupation", SOFTWARE) and view.about_one_occupation
    assert dataclasses.replace(view, occupation=NURSE).subject == Subject("occupation", NURSE)
    group = view.with_subject(Subject("isco", "2512"))
    assert group.occupation == SOFTWARE and group.other_subject == Subject("isco", "2512")
    back = group.with_subject(Subject("occupation", NURSE))
    assert back.occupation == NURSE and back.other_subject is None


# -- links: read, written back byte for byte ---------------------------------------------------

@pytest.mark.parametrize("link", [
    "?occupation=2221.1&country=FRA&from=2025-02&to=2025-03&measure=per_million",
    "?occupation=2221.1&from=2025-01&to=2025-03&measure=jobs&skills=java,python",
    "?isco=25&from=2025-01&to=2025-03&measure=jobs",
    "?skill=Python&country=DEU&from=2025-01&to=2025-03&measure=share",
    "?country=POL&from=2025-01&to=2025-03&measure=jobs",
    "?occupation=all&from=2025-01&to=2025-03&measure=jobs",
])
def test_a_link_round_trips_byte_for_byte(cube, link):
    view, notices = View.from_query(cube, link)
    assert notices == []
    assert view.to_query(cube) == link
    # ... and through the store, as the page keeps it between requests.
    assert View.from_store(cube, view.to_store()) == view


def test_a_link_without_parameters_is_the_default_view(cube):
    assert View.from_query(cube, "") == (View.default(cube), [])
    assert View.default(cube) == View(SOFTWARE, None, "2025-01", "2025-03", "jobs")


@pytest.mark.parametrize("link, expected, notice", [
    ("?from=2024-06", {"start": "2025-01"}, "is outside the data (2025-01 to 2025-03): using 2025-01"),
    ("?to=2026-06", {"end": "2025-03"}, "is outside the data (2025-01 to 2025-03): using 2025-03"),
    ("?from=2025-13", {"start": "2025-01"}, "is not a month (YYYY-MM)"),
    ("?from=2025-03&to=2025-01", {"start": "2025-01", "end": "2025-03"}, "starts (2025-03) after it ends (2025-01)"),
    ("?measure=salary", {"measure": "jobs"}, "“salary” is unknown"),
    ("?country=Atlantis", {"country": None}, "“Atlantis” is not a country on the map"),
    ("?skills=java,astrology", {"skills": (JAVA,)}, "“astrology” is not a skill in this data"),
])
def test_a_link_clips_or_falls_back_and_says_so(cube, link, expected, notice):
    view, notices = View.from_query(cube, link)
    assert {k: getattr(view, k) for k in expected} == expected
    assert len(notices) == 1 and notice in notices[0], notices


# -- the store: anything may come back --------------------------------------------------------

STORE = {"occupation": SOFTWARE, "country": "DEU", "start": "2025-02", "end": "2025-03", "measure": "share"}


def test_the_store_holds_exactly_the_keys_it_always_held(cube):
    view = View.from_store(cube, STORE)
    assert view.to_store() == STORE  # no "skills" or "subject" keys unless there is something to say
    ticked = dataclasses.replace(view, skills=(PYTHON,))
    assert ticked.to_store() == {**STORE, "skills": [PYTHON]}
    assert view.with_subject(Subject("skill", PYTHON)).to_store() == {**STORE, "subject": "skill", "skill": PYTHON}


@pytest.mark.parametrize("forged, field, kept", [
    ({"country": "ZZZ"}, "country", None),
    ({"country": 7}, "country", None),
    ({"start": "2025-13"}, "start", "2025-01"),
    ({"start": "2025-03", "end": "2025-01"}, "end", "2025-03"),
    ({"measure": ["jobs"]}, "measure", "jobs"),
    ({"skills": "python"}, "skills", ()),
    ({"skills": [PYTHON, 3, PYTHON, "nope"]}, "skills", (PYTHON,)),
    ({"subject": "isco", "isco": "9999"}, "subject", Subject("occupation", SOFTWARE)),
])
def test_a_forged_store_field_takes_its_default_silently(cube, forged, field, kept):
    assert getattr(View.from_store(cube, {**STORE, **forged}), field) == kept


@pytest.mark.parametrize("data", [None, [], "text", {}, {"occupation": DEMO + "astronaut"}, {"occupation": 3}])
def test_a_store_naming_no_occupation_is_no_view(cube, data):
    assert View.from_store(cube, data) is None


@pytest.mark.parametrize("forged, message", [
    ({"occupation": DEMO + "astronaut"}, "occupation 'https://job-atlas.invalid/demo/astronaut' is not in this cube"),
    ({"country": "ZZZ"}, "country 'ZZZ' is not an ISO 3166 alpha-3 code of a country on the map"),
    ({"country": 7}, "country 7: expected an ISO 3166 alpha-3 code"),
    ({"start": "2025-13"}, "start month '2025-13': expected YYYY-MM"),
    ({"measure": "salary"}, "map measure 'salary': expected one of"),
    ({"subject": "isco", "isco": "9999"}, "isco '9999' is not in this cube"),
])
def test_an_export_refuses_a_forged_store_naming_the_field(cube, forged, message):
    with pytest.raises(UsageError) as error:
        View.from_store(cube, {**STORE, **forged}, strict=True)
    assert message in str(error.value)


def test_an_export_clips_its_period_to_what_the_data_covers(cube):
    view = View.from_store(cube, {**STORE, "start": "2024-01", "end": "2025-02"}, strict=True)
    assert (view.start, view.end) == ("2025-01", "2025-02")


# -- command-line flags ----------------------------------------------------------------------

@pytest.mark.parametrize("flags, message", [
    ({"start": "2025-13"}, "--from '2025-13': expected a month as YYYY-MM, e.g. 2024-03"),
    ({"end": "March"}, "--to 'March': expected a month as YYYY-MM"),
    ({"start": "2025-03", "end": "2025-01"}, "--from 2025-03 is after --to 2025-01"),
    ({"occupation": "astronaut"}, "occupation 'astronaut' matches no occupation"),
    ({"country": "Atlantis"}, "unknown country 'Atlantis': give an ISO code (DE, DEU, 276) or an English name"),
    ({"measure": "salary"}, "--measure 'salary'"),
])
def test_cli_flags_that_name_nothing_raise_saying_which_and_why(cube, flags, message):
    flags = {"occupation": "software developer", **flags}
    with pytest.raises(JobAtlasError) as error:  # the CLI prints it and exits 2
        View.from_cli(cube, **flags)
    assert message in str(error.value)


def test_cli_flags_read_as_people_type_them(cube):
    view = View.from_cli(cube, occupation="Registered Nurse", country="fr", start=" 2024-06 ", end="2025-02",
                         measure="share")
    assert view == View(NURSE, "FRA", "2025-01", "2025-02", "share")


def test_the_three_sources_agree_on_the_same_view(cube):
    from_link, _ = View.from_query(cube, "?occupation=2221.1&country=FRA&from=2025-02&to=2025-03&measure=share")
    from_store = View.from_store(cube, from_link.to_store())
    from_cli = View.from_cli(cube, occupation="2221.1", country="FRA", start="2025-02", end="2025-03", measure="share")
    assert from_link == from_store == from_cli


def test_check_period_names_its_flags():
    assert check_period(" 2025-01", None) == ("2025-01", None)
    with pytest.raises(UsageError, match="--since 2025-03 is after --until 2025-01"):
        check_period("2025-03", "2025-01", flags=("--since", "--until"))
