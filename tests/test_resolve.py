"""Resolution of occupations, skills and countries: table-driven on the tiny fixture."""
from __future__ import annotations

import pytest

from dashboard.errors import OccupationNotFound
from dashboard.reading.resolve import OccupationIndex, Resolution, SkillIndex, resolve_country
from dashboard.building.taxonomy import load_taxonomy
from helpers import TINY_TAXONOMY as TINY

OCC = "https://fixture.invalid/occupation/"
SKILL = "https://fixture.invalid/skill/"


@pytest.fixture(scope="module")
def tiny():
    return load_taxonomy([TINY])


@pytest.fixture(scope="module")
def occupations(tiny):
    return OccupationIndex(tiny.occupations)


@pytest.mark.parametrize("text, uri", [
    (f"{OCC}software-developer", "software-developer"),                 # URI
    (f"  {OCC}electrician ", "electrician"),                            # URI, padded
    ("2512.4", "software-developer"),                                   # ESCO code
    ("0110.1", "army-officer"),                                         # code with leading zero
    ("software developer", "software-developer"),                       # preferred label
    ("  SOFTWARE   Developer\t", "software-developer"),                 # case + whitespace
    ("ｓｏｆｔｗａｒｅ developer", "software-developer"),                # full-width (NFKC)
    ("software engineer", "software-developer"),                        # alt label ("software  engineer" in file)
    ("Registered Nurse", "general-nurse"),                              # alt label, other case
    ("KRANKENSCHWESTER", "general-nurse"),                              # casefold
    ("website developer", "web-developer"),                             # alt label
])
def test_occupation_resolves(occupations, text, uri):
    assert occupations.resolve(text) == Resolution("ok", OCC + uri, ())
    assert occupations.resolve_or_raise(text) == OCC + uri


def test_preferred_label_beats_another_occupations_alt_label(occupations, tiny):
    # "software developer" is also an alt label of web developer: the preferred label wins.
    web_alts = tiny.occupations.set_index("label").loc["web developer", "alt_labels"].split("\n")
    assert "software developer" in web_alts
    assert occupations.resolve("software developer").uri == OCC + "software-developer"


def test_alt_label_shared_by_two_occupations_is_ambiguous(occupations):
    result = occupations.resolve("Programmer")
    assert result.status == "ambiguous" and result.uri is None
    assert result.candidates == ((OCC + "software-developer", "software developer"),
                                 (OCC + "web-developer", "web developer"))
    with pytest.raises(OccupationNotFound) as err:
        occupations.resolve_or_raise("programmer")
    assert err.value.ambiguous and "is ambiguous" in str(err.value)
    assert [uri for uri, _ in err.value.candidates] == [OCC + "software-developer", OCC + "web-developer"]


@pytest.mark.parametrize("text, best", [
    ("sofware developr", "software-developer"),   # typos: spelling similarity
    ("electrican", "electrician"),
    ("nurse on a ward", "general-nurse"),          # shares a word
    ("army", "army-officer"),
])
def test_unknown_occupation_lists_closest_matches(occupations, text, best):
    result = occupations.resolve(text)
    assert result.status == "unknown" and result.uri is None
    assert result.candidates[0][0] == OCC + best
    assert len(result.candidates) <= 5
    with pytest.raises(OccupationNotFound) as err:
        occupations.resolve_or_raise(text)
    assert not err.value.ambiguous and err.value.candidates[0][0] == OCC + best
    assert "matches no occupation" in str(err.value)


@pytest.mark.parametrize("text", ["", "   ", "qqqqqq"])
def test_empty_or_nonsense_is_unknown_without_candidates(occupations, text):
    assert occupations.resolve(text) == Resolution("unknown", None, ())


def test_unknown_without_candidates_when_asked(occupations):
    assert occupations.resolve("electrican", with_candidates=False) == Resolution("unknown", None, ())


@pytest.mark.parametrize("text, expected", [
    # (query, [(label, matched), ...] in order)
    ("electr", [("electrician", "electrician")]),
    ("el", [("electrician", "electrician"), ("software developer", "software developer"),
            ("web developer", "web developer")]),
    ("2512", [("software developer", "2512.4")]),
    ("krankenschwester", [("nurse responsible for general care", "Krankenschwester")]),
    ("programmer", [("software developer", "programmer"), ("web developer", "programmer")]),
    ("developer", [("software developer", "software developer"), ("web developer", "web developer")]),
    ("xyz", []),
])
def test_search_matches_labels_alt_labels_and_codes(occupations, text, expected):
    got = [(row["label"], row["matched"]) for row in occupations.search(text)]
    assert got == expected


def test_search_puts_prefix_matches_before_substring_matches(occupations):
    # Every label contains "e"; only electrician starts with it.
    rows = occupations.search("E")
    assert rows[0]["label"] == "electrician"
    assert len(rows) == 5 and len({row["uri"] for row in rows}) == 5
    assert set(rows[0]) == {"uri", "label", "code", "matched"} and rows[0]["code"] == "7411.1"


@pytest.mark.parametrize("limit, expected", [(2, 2), (0, 0), (50, 5)])
def test_search_respects_limit(occupations, limit, expected):
    assert len(occupations.search("", limit=limit)) == expected
    assert len(occupations.search("e", limit=limit)) == expected


@pytest.mark.parametrize("text, uri", [
    (f"{SKILL}python", f"{SKILL}python"),
    ("Python (computer programming)", f"{SKILL}python"),
    ("python", f"{SKILL}python"),                 # alt label
    ("  WRITE  code ", f"{SKILL}write-code"),     # alt label, case + spaces
    ("teamwork", f"{SKILL}teamwork"),
    ("team leadership", None),                    # alt label of two skills: ambiguous
    ("astrology", None),
    ("", None),
])
def test_skill_resolves(tiny, text, uri):
    assert SkillIndex(tiny.skills).resolve(text) == uri


def test_skill_ambiguity_is_visible_in_lookup(tiny):
    result = SkillIndex(tiny.skills).lookup("team leadership")
    assert result.status == "ambiguous"
    assert {uri for uri, _ in result.candidates} == {f"{SKILL}lead-team", f"{SKILL}teamwork"}


@pytest.mark.parametrize("text, iso3", [
    ("DE", "DEU"), ("DEU", "DEU"), (276, "DEU"), ("276", "DEU"), ("Germany", "DEU"), ("germany ", "DEU"),
    ("de", "DEU"), ("040", "AUT"), ("40", "AUT"), ("EL", "GRC"), ("GR", "GRC"), ("Greece", "GRC"),
    ("UK", "GBR"), ("GB", "GBR"), ("United Kingdom", "GBR"), ("XK", "XKX"), ("XKX", "XKX"),
    ("Kosovo", "XKX"), ("Czechia", "CZE"), ("Czech Republic", "CZE"), ("Moldova", "MDA"),
    ("Republic of Moldova", "MDA"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("Russia", "RUS"),
    ("Atlantis", None), ("", None), ("  ", None), (None, None), ("999", None),
])
def test_resolve_country(text, iso3):
    assert resolve_country(text) == iso3


@pytest.fixture(scope="module")
def real_taxonomy(esco_taxonomy):
    return esco_taxonomy


def test_every_real_occupation_resolves_by_uri_code_and_preferred_label(real_taxonomy):
    index = OccupationIndex(real_taxonomy.occupations)
    wrong = [(uri, key) for uri, code, label in real_taxonomy.occupations[["occupation_uri", "code", "label"]]
             .itertuples(index=False) for key in (uri, code, label) if index.resolve(key).uri != uri]
    assert wrong == []


def test_real_search_finds_software_developer_first(real_taxonomy):
    rows = OccupationIndex(real_taxonomy.occupations).search("software developer")
    assert rows[0]["label"] == "software developer"
    assert len(rows) > 1 and len({row["uri"] for row in rows}) == len(rows)
