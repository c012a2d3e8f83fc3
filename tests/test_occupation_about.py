"""The "About the occupation" panel's content (issue 14, point 1): dashboard.reading.occupation_about."""
from __future__ import annotations

from dashboard.reading.cube import Cube
from dashboard.reading.occupation_about import FOLD_CHARS, NO_DESCRIPTION, alt_labels_of, occupation_about, occupation_about_in, \
    split_description

URI = "http://data.europa.eu/esco/occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"


def about(**changes):
    facts = dict(label="software developer", code="2512.4", isco_code="2512", isco_label="Software developers",
                 description="Software developers implement or program all kinds of software systems.",
                 alt_labels="programmer\nsoftware engineer\nprogrammer\n\n  coder  ")
    facts.update(changes)
    return occupation_about(changes.pop("uri", URI), **{k: v for k, v in facts.items() if k != "uri"})


def test_a_short_description_is_shown_whole_and_nothing_folds():
    result = about()
    assert result.has_description
    assert result.lead == "Software developers implement or program all kinds of software systems."
    assert result.rest == ""


def test_a_long_description_folds_at_a_word_and_loses_no_word():
    words = [f"word{i}" for i in range(200)]
    text = " ".join(words)
    lead, rest = split_description(text, 100)
    assert len(lead) <= 100 and rest
    assert lead.split() + rest.split() == words  # nothing lost, nothing split mid-word
    folded = about(description=text)  # the panel's own fold
    assert 0 < len(folded.lead) <= FOLD_CHARS and folded.rest
    assert folded.lead.split() + folded.rest.split() == words


def test_a_single_word_longer_than_the_fold_is_cut_not_dropped():
    lead, rest = split_description("x" * 50, 20)
    assert (lead, rest) == ("x" * 20, "x" * 30)


def test_no_description_is_said_plainly():
    for missing in ("", "   "):
        result = about(description=missing)
        assert not result.has_description
        assert result.lead == NO_DESCRIPTION and result.rest == ""


def test_alternative_labels_each_once_in_order_without_blanks_or_the_preferred_label():
    assert about().alt_labels == ("programmer", "software engineer", "coder")
    assert alt_labels_of("software developer\ndev", label="software developer") == ("dev",)
    assert alt_labels_of(None) == () and alt_labels_of(float("nan")) == ()


def test_codes_and_the_esco_link():
    result = about()
    assert (result.code, result.isco_code, result.isco_label) == ("2512.4", "2512", "Software developers")
    assert result.link == URI
    # A URI outside ESCO (the demo's job-atlas.invalid) gives no link to a page that does not exist.
    assert occupation_about("https://job-atlas.invalid/demo/occupation/1", label="x", code="", isco_code="", isco_label="", description="",
                            alt_labels="").link == ""


def test_from_the_demo_cube(demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    uri = next(u for u, f in cube.occupation_facts.items() if f.label == "software developer")
    result = occupation_about_in(cube, uri)
    facts = cube.occupation_facts[uri]
    assert result.code == facts.code == "2512.4"
    assert result.isco_code == "2512" and result.isco_label == cube.isco_labels["2512"] != ""
    assert result.has_description and (result.lead + " " + result.rest).strip() == " ".join(facts.description.split())
    assert "programmer" in result.alt_labels
    assert result.link == ""  # demo concepts have no ESCO page
    assert occupation_about_in(cube, "http://example.org/not-an-occupation") is None
