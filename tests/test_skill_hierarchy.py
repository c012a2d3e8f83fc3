"""ESCO's skills hierarchy and collections (issue 15): the hand-written tiny bundle, whose
every oddity is listed in tests/fixtures/taxonomy_tiny/README.md, and the real v1.1.1 bundle."""
from __future__ import annotations

import pytest

from dashboard.errors import TaxonomyError
from dashboard.building.skill_hierarchy import COLLECTIONS, load_skill_hierarchy
from dashboard.building.taxonomy import load_taxonomy
from helpers import TINY_TAXONOMY as TINY

G = "https://fixture.invalid/skill-group/"
S = "https://fixture.invalid/skill/"


@pytest.fixture(scope="module")
def hierarchy():
    return load_skill_hierarchy([TINY], skills=load_taxonomy([TINY]).skills)


def test_every_row_is_loaded_or_rejected_with_a_reason(hierarchy):
    files = {f["name"]: f for f in hierarchy.files}
    assert {n: (f["rows_read"], f["rows_loaded"], f["rows_rejected"]) for n, f in files.items()} == {
        "skillGroups_en.csv": (11, 9, 2),
        "broaderRelationsSkillPillar.csv": (18, 14, 4),
        "digitalSkillsCollection_en.csv": (5, 3, 2),
        "greenSkillsCollection_en.csv": (1, 1, 0),
        "transversalSkillsCollection_en.csv": (2, 2, 0),
    }
    assert files["broaderRelationsSkillPillar.csv"]["rejected_by_reason"] == {
        "no conceptUri or broaderUri": 1, "a concept broader than itself": 1,
        "unknown concept (in neither the skills nor the skill groups file)": 1, "a relation seen before": 1}
    assert files["skillGroups_en.csv"]["rejected_by_reason"] == {"no conceptUri": 1,
                                                                 "a conceptUri seen before (first kept)": 1}
    assert len(hierarchy.groups) == 9 and len(hierarchy.broader) == 14 and len(hierarchy.collections) == 6


def test_issues_name_file_records_and_missing_collections(hierarchy):
    issues = "\n".join(hierarchy.issues)
    assert "broaderRelationsSkillPillar.csv: 1 rows skipped, a concept broader than itself (records 15)" in issues
    assert "digitalSkillsCollection_en.csv: 1 rows skipped, not a skill of the skills file (records 4)" in issues
    for stem in ("languageSkillsCollection_en.csv", "researchSkillsCollection_en.csv", "digCompSkillsCollection_en.csv"):
        assert f"no {stem} in the bundle" in issues
    assert "2 skill groups with no path up to a top concept" in issues


def test_groups_keep_the_first_of_a_repeated_uri_and_their_levels(hierarchy):
    groups = hierarchy.groups.set_index("group_uri")
    assert groups.loc[G + "S5", "label"] == "working with computers"
    assert groups.loc[G + "S5.1", "description"] == "Writing code\nfor computers."
    assert groups["level"].to_dict() == {G + "S": 0, G + "S5": 1, G + "S5.1": 2, G + "S3": 1, G + "K": 0,
                                         G + "K06": 1, G + "T": 0, G + "orphan": -1, G + "orphan2": -1}


@pytest.mark.parametrize("uri, broader, groups", [
    (S + "python", (S + "write-code", G + "K06"), (G + "K06", G + "S5.1")),  # its own group and write code's
    (S + "write-code", (G + "S5.1",), (G + "S5.1",)),
    (S + "wiring", (S + "install-wiring",), ()),  # a cycle of skills reaches no group, and ends
    (S + "anatomy", (), ()),
    (G + "S5.1", (G + "S5",), (G + "S5",)),
])
def test_broader_concepts_and_nearest_groups(hierarchy, uri, broader, groups):
    assert hierarchy.broader_of(uri) == broader
    assert hierarchy.groups_of(uri) == groups


@pytest.mark.parametrize("uri, collections", [
    (S + "python", ("digital",)), (S + "lead-team", ("transversal",)), (S + "install-wiring", ("green",)),
    (S + "anatomy", ()),
])
def test_collections_of_a_skill(hierarchy, uri, collections):
    assert hierarchy.collections_of(uri) == collections


def test_without_the_skills_nothing_is_checked_against_them():
    loose = load_skill_hierarchy([TINY])
    assert {f["name"]: f["rows_loaded"] for f in loose.files}["broaderRelationsSkillPillar.csv"] == 15
    assert loose.collections_of(S + "no-such-skill") == ("digital",)


def test_a_bundle_without_the_files_loads_an_empty_hierarchy(tmp_path):
    (tmp_path / "skills_en.csv").write_text("conceptUri,preferredLabel\nx,y\n", encoding="utf-8")
    empty = load_skill_hierarchy([tmp_path])
    assert empty.is_empty and empty.files == [] and empty.groups_of("x") == ()
    assert any("skill groups unavailable" in issue for issue in empty.issues)


def test_a_file_without_its_key_column_is_an_error_naming_it(tmp_path):
    (tmp_path / "skillGroups_en.csv").write_text("uri,preferredLabel\nx,y\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"skillGroups_en.csv: missing column 'conceptUri'"):
        load_skill_hierarchy([tmp_path])


def test_the_real_bundle(esco_dir, esco_taxonomy):
    """Counts checked against the files read with the csv module (helpers.raw_esco_rows)."""
    from helpers import raw_esco_rows

    hierarchy = load_skill_hierarchy([esco_dir], skills=esco_taxonomy.skills)
    files = {f["name"]: f for f in hierarchy.files}
    for name in ("skillGroups_en.csv", "broaderRelationsSkillPillar.csv",
                 *(f"{stem}_en.csv" for stem in COLLECTIONS.values())):
        assert files[name]["rows_read"] == len(raw_esco_rows(esco_dir, name)), name
        assert files[name]["rows_read"] == files[name]["rows_loaded"] + files[name]["rows_rejected"]
    assert hierarchy.groups["level"].value_counts().sort_index().to_dict() == {0: 4, 1: 28, 2: 156, 3: 452}
    assert set(hierarchy.collections["collection"]) == set(COLLECTIONS)
    labels = esco_taxonomy.skills.set_index("label")["skill_uri"]
    haskell = labels["Haskell"]
    assert "digital" in hierarchy.collections_of(haskell)
    assert "software and applications development and analysis" in {
        hierarchy.group_labels[g] for g in hierarchy.groups_of(haskell)}
    # Every skill of the pillar reaches at least one group.
    assert all(hierarchy.groups_of(uri) for uri in esco_taxonomy.skills["skill_uri"])
