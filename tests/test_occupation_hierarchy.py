"""ESCO's occupation hierarchy (issue 14, point 1): broaderRelationsOccPillar loaded row by row,
stored by every build and kept by ``build --append``, shown as broader/narrower occupations.

The hand-written rows are in tests/fixtures/taxonomy_tiny/broaderRelationsOccPillar.csv (its
README lists each oddity); the real v1.1.1 bundle is checked against its raw rows."""
from __future__ import annotations

import csv
import shutil
import zipfile

import pytest

from dashboard.errors import TaxonomyError
from dashboard.reading.occupation_about import occupation_about_in
from dashboard.building.occupation_hierarchy import isco_code_of, load_occupation_hierarchy
from dashboard.reading.occupation_hierarchy import OccupationRef, hierarchy_refs
from dashboard.building.taxonomy import load_taxonomy
from helpers import TINY_TAXONOMY as TINY

O = "https://fixture.invalid/occupation/"
I = "https://fixture.invalid/isco/"


@pytest.fixture(scope="module")
def tiny():
    return load_taxonomy([TINY])


def test_every_row_is_loaded_or_rejected_with_a_reason(tiny):
    (file,) = tiny.occupation_hierarchy.files
    assert (file["name"], file["rows_read"], file["rows_loaded"], file["rows_rejected"]) == (
        "broaderRelationsOccPillar.csv", 15, 6, 9)
    assert file["rejected_by_reason"] == {
        "no conceptUri or broaderUri": 1,
        "bad type (conceptType and broaderType must be Occupation or ISCOGroup)": 1,
        "a concept broader than itself": 1,
        "unknown concept (in neither the occupations nor the ISCO groups file)": 1,
        "the type does not match the concept (an occupation named as an ISCO group, or back)": 1,
        "an ISCO group under an occupation": 1,
        "the ISCO group is not the occupation's iscoGroup in the occupations file": 1,
        "the broader ISCO group is not the group's parent": 1,
        "a relation seen before": 1,
    }
    assert len(tiny.occupation_hierarchy.relations) == 6


def test_issues_name_the_file_and_the_record(tiny):
    issues = "\n".join(tiny.occupation_hierarchy.issues)
    assert "broaderRelationsOccPillar.csv: 1 rows skipped, unknown concept" in issues
    assert "(records 8)" in issues  # the ghost occupation is the 8th data row
    assert "the ISCO group is not the occupation's iscoGroup in the occupations file (records 6)" in issues


@pytest.mark.parametrize("uri, broader, narrower", [
    (O + "software-developer", (), (O + "web-developer", O + "army-officer")),  # under its ISCO group only
    (O + "web-developer", (O + "software-developer",), ()),
    (O + "general-nurse", (), ()),  # its only row names the wrong ISCO group: rejected
    (O + "no-such-occupation", (), ()),
])
def test_broader_and_narrower_occupations(tiny, uri, broader, narrower):
    assert tiny.occupation_hierarchy.broader_of(uri) == broader
    assert tiny.occupation_hierarchy.narrower_of(uri) == narrower


@pytest.mark.parametrize("uri, code", [
    ("http://data.europa.eu/esco/isco/C2511", "2511"), (I + "C0", "0"), (I + "C0110", "0110"),
    (O + "software-developer", None), ("http://data.europa.eu/esco/isco/C25111", None),
])
def test_isco_code_of_a_group_uri(uri, code):
    assert isco_code_of(uri) == code


def test_a_bundle_without_the_file_has_no_hierarchy(tmp_path, tiny):
    bundle = tmp_path / "bundle"
    shutil.copytree(TINY, bundle)
    (bundle / "broaderRelationsOccPillar.csv").unlink()
    hierarchy = load_occupation_hierarchy([bundle], occupations=tiny.occupations, isco_groups=tiny.isco_groups)
    assert not hierarchy.available and hierarchy.files == [] and hierarchy.relations.empty
    assert hierarchy.issues == ["no broaderRelationsOccPillar.csv in the bundle: broader and narrower "
                                "occupations unavailable"]


def test_types_are_taken_from_the_taxonomy_when_the_file_has_no_type_columns(tmp_path, tiny):
    path = tmp_path / "broaderRelationsOccPillar_en.csv"
    path.write_text(f"conceptUri,broaderUri\n{O}web-developer,{O}software-developer\n"
                    f"{O}electrician,{I}C7411\n{O}electrician,{I}C2512\n", encoding="utf-8")
    hierarchy = load_occupation_hierarchy([path], occupations=tiny.occupations, isco_groups=tiny.isco_groups)
    assert hierarchy.files[0]["rows_loaded"] == 2 and hierarchy.files[0]["rows_rejected"] == 1
    assert hierarchy.relations["broader_type"].tolist() == ["Occupation", "ISCOGroup"]
    assert hierarchy.narrower_of(O + "software-developer") == (O + "web-developer",)


def test_a_file_in_a_zip_without_broader_uri_is_a_clear_error(tmp_path, tiny):
    bundle = tmp_path / "esco.zip"
    with zipfile.ZipFile(bundle, "w") as zf:
        zf.writestr("broaderRelationsOccPillar.csv", "conceptType,conceptUri\nOccupation,x\n")
    with pytest.raises(TaxonomyError, match=r"esco\.zip!broaderRelationsOccPillar\.csv: missing column 'broaderUri'"):
        load_occupation_hierarchy([bundle], occupations=tiny.occupations, isco_groups=tiny.isco_groups)


def test_refs_are_ordered_by_label_and_skip_unknown_uris(tiny):
    class Facts:
        def __init__(self, label, code):
            self.label, self.code = label, code

    facts = {"a": Facts("Web developer", "2513.1"), "b": Facts("army officer", "0110.1")}
    assert hierarchy_refs(["a", "zzz", "b", "a"], facts) == (OccupationRef("b", "army officer", "0110.1"),
                                                             OccupationRef("a", "Web developer", "2513.1"))


# -- stored by every build, kept by --append, read by the cube --------------------------------

@pytest.fixture(scope="module")
def tiny_hierarchy_cube(tmp_path_factory):
    from dashboard.building.build import build

    root = tmp_path_factory.mktemp("occupation_hierarchy")
    postings = root / "postings.csv"
    postings.write_text("id,occupation,country,date\n1,software developer,DE,2025-01-10\n"
                        "2,web developer,FR,2025-02-01\n", encoding="utf-8")
    build(esco=[TINY], postings=[postings], data_dir=root / "cube", progress=False)
    return root / "cube"


def test_the_build_stores_the_hierarchy_and_reports_its_rows(tiny_hierarchy_cube):
    from dashboard.reading.cube import Cube

    report = Cube.open(tiny_hierarchy_cube).report
    stored = report["dataset"]["occupation_hierarchy"]
    assert stored["files"][0]["rows_read"] == 15 and stored["files"][0]["rows_rejected"] == 9
    assert report["tables"]["occupation_broader"] == 6
    cube = Cube.open(tiny_hierarchy_cube)
    assert cube.occupation_hierarchy.available
    assert cube.occupation_hierarchy.narrower_of(O + "software-developer") == (O + "web-developer", O + "army-officer")


def test_the_about_panel_lists_broader_and_narrower_by_label(tiny_hierarchy_cube):
    from dashboard.reading.cube import Cube

    cube = Cube.open(tiny_hierarchy_cube)
    about = occupation_about_in(cube, O + "software-developer")
    assert about.hierarchy_known and about.broader == ()
    assert [r.label for r in about.narrower] == ["army officer", "web developer"]
    web = occupation_about_in(cube, O + "web-developer")
    assert [(r.uri, r.label) for r in web.broader] == [(O + "software-developer", "software developer")]


def test_append_keeps_the_hierarchy(tiny_hierarchy_cube, tmp_path):
    from dashboard.building.append import append
    from dashboard.reading.cube import Cube

    data_dir = tmp_path / "cube"
    shutil.copytree(tiny_hierarchy_cube, data_dir, symlinks=True)
    more = tmp_path / "more.csv"
    more.write_text("id,occupation,country,date\n3,electrician,DE,2025-03-01\n", encoding="utf-8")
    append(postings=[more], data_dir=data_dir, progress=False)
    cube = Cube.open(data_dir)
    assert cube.report["tables"]["occupation_broader"] == 6
    assert cube.report["dataset"]["occupation_hierarchy"]["files"][0]["rows_loaded"] == 6
    assert cube.occupation_hierarchy.broader_of(O + "web-developer") == (O + "software-developer",)


def test_a_cube_built_without_the_file_says_nothing(tmp_path):
    """A bundle without broaderRelationsOccPillar.csv still builds; the About panel then knows no
    hierarchy (and says so) instead of showing an occupation as having no broader one."""
    from dashboard.building.build import build
    from dashboard.reading.cube import Cube

    bundle = tmp_path / "bundle"
    shutil.copytree(TINY, bundle)
    (bundle / "broaderRelationsOccPillar.csv").unlink()
    postings = tmp_path / "postings.csv"
    postings.write_text("id,occupation,country,date\n1,web developer,FR,2025-02-01\n", encoding="utf-8")
    build(esco=[bundle], postings=[postings], data_dir=tmp_path / "cube", progress=False)
    cube = Cube.open(tmp_path / "cube")
    assert not cube.occupation_hierarchy.available
    about = occupation_about_in(cube, O + "web-developer")
    assert not about.hierarchy_known and about.broader == () and about.narrower == ()


# -- the real ESCO v1.1.1 bundle --------------------------------------------------------------

def test_real_esco_every_row_counted(esco_taxonomy, esco_dir):
    with zipfile.ZipFile(next(p for p in esco_dir.glob("*.zip")
                              if "broaderRelationsOccPillar.csv" in zipfile.ZipFile(p).namelist())) as zf:
        rows = list(csv.DictReader(zf.read("broaderRelationsOccPillar.csv").decode("utf-8-sig").splitlines()))
    (file,) = esco_taxonomy.occupation_hierarchy.files
    assert file["rows_read"] == len(rows) == 3617
    assert file["rows_loaded"] + file["rows_rejected"] == file["rows_read"]
    known = set(esco_taxonomy.occupations["occupation_uri"])
    between = [r for r in rows if r["conceptType"] == r["broaderType"] == "Occupation"
               and r["conceptUri"] in known and r["broaderUri"] in known]
    hierarchy = esco_taxonomy.occupation_hierarchy
    assert sum(len(hierarchy.broader_of(u)) for u in known) == len(between)
    assert sum(len(hierarchy.narrower_of(u)) for u in known) == len(between)
