"""Loader tests: the hand-written tiny fixture in every packaging, and the real ESCO bundle."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from dashboard.errors import TaxonomyError
from dashboard.building.taxonomy import BREAKDOWN_GROUPS, Taxonomy, load_taxonomy
from dashboard.text import normalize_label
from helpers import TINY_TAXONOMY as TINY
from helpers import raw_skill_breakdown
from helpers import write_zip as _zip

CLASSIFICATION = ("occupations_en.csv", "skills_en.csv", "ISCOGroups_en.csv")
RELATIONS = "occupationSkillRelations.csv"
FIX = "https://fixture.invalid/"


def _copy_tiny(dest: Path, *, rename: dict[str, str] | None = None, skip: str | None = None) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for src in TINY.glob("*.csv"):
        if src.name == skip:
            continue
        shutil.copy(src, dest / (rename or {}).get(src.name, src.name))
    return dest


def _rewrite_csv(path: Path, transform) -> None:
    """Rewrite a CSV through ``transform(header, rows) -> (header, rows)``."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = transform(rows[0], rows[1:])
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, *body])


def _assert_tiny(tx: Taxonomy) -> None:
    assert len(tx.occupations) == 5
    assert len(tx.skills) == 9
    assert len(tx.isco_groups) == 16
    assert len(tx.relations) == 15  # 16 in the file, one points at an unknown occupation
    assert not tx.is_demo


# ----------------------------------------------------------------------------- packagings

def test_folder_of_csvs_loads_all_four_frames():
    tx = load_taxonomy([TINY])
    _assert_tiny(tx)
    assert list(tx.occupations.columns) == ["occupation_uri", "code", "label", "alt_labels", "isco_group",
                                            "description"]
    assert list(tx.isco_groups.columns) == ["code", "label", "parent_code", "level"]
    assert list(tx.skills.columns) == ["skill_uri", "label", "alt_labels", "skill_type", "reuse_level",
                                       "description"]
    assert list(tx.relations.columns) == ["occupation_uri", "skill_uri", "relation", "skill_type"]
    assert tx.source == "ESCO (en)" and tx.language == "en"


def test_single_zip_with_members_in_a_subfolder(tmp_path):
    members = {f"ESCO dataset/{p.name}": p.read_bytes() for p in TINY.glob("*.csv")}
    bundle = _zip(tmp_path / "ESCO dataset - v1.2.0 - classification - en - csv.zip", members)
    tx = load_taxonomy([bundle])
    _assert_tiny(tx)
    assert tx.source == "ESCO v1.2.0 (en)"


def test_folder_holding_two_zips_like_the_v11_download(tmp_path):
    # v1.1 ships classification (labels) and relations as two zips in one download folder.
    _zip(tmp_path / "ESCO dataset - v1.1.1 - classification - en - csv.zip",
         {name: (TINY / name).read_bytes() for name in CLASSIFICATION})
    _zip(tmp_path / "ESCO dataset - v1.1.1 - classification -  - csv.zip",
         {RELATIONS: (TINY / RELATIONS).read_bytes()})
    tx = load_taxonomy([tmp_path])
    _assert_tiny(tx)
    assert tx.source == "ESCO v1.1.1 (en)"


def test_several_paths_are_merged(tmp_path):
    labels = _copy_tiny(tmp_path / "labels", skip=RELATIONS)
    relations = _zip(tmp_path / "relations.zip", {RELATIONS: (TINY / RELATIONS).read_bytes()})
    _assert_tiny(load_taxonomy([labels, relations]))


def test_v12_naming_with_other_language_and_extra_label_columns(tmp_path):
    folder = _copy_tiny(tmp_path, rename={
        "occupations_en.csv": "occupations_de.csv", "skills_en.csv": "skills_de.csv",
        "ISCOGroups_en.csv": "ISCOGroups_de.csv", RELATIONS: "occupationSkillRelations_de.csv"})

    def add_labels(header, rows):
        # v1.2 relations carry occupationLabel and skillLabel between the key columns.
        return (["occupationUri", "occupationLabel", "relationType", "skillType", "skillUri", "skillLabel"],
                [[r[0], "Bezeichnung, mit Komma", r[1], r[2], r[3], "Fähigkeit"] for r in rows])

    _rewrite_csv(folder / "occupationSkillRelations_de.csv", add_labels)
    tx = load_taxonomy([folder])
    _assert_tiny(tx)
    assert tx.language == "de" and tx.source == "ESCO (de)"


def test_header_with_bom_and_stray_spaces_is_understood(tmp_path):
    folder = _copy_tiny(tmp_path)
    text = (folder / "skills_en.csv").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    header = ",".join(f" {name} " for name in header.split(","))
    (folder / "skills_en.csv").write_bytes("\ufeff".encode() + f"{header}\n{rest}".encode())
    assert len(load_taxonomy([folder]).skills) == 9


# ----------------------------------------------------------------------------- errors

@pytest.mark.parametrize("missing, expected_in_message", [
    ("occupations_en.csv", "occupations_<lang>.csv"),
    ("skills_en.csv", "skills_<lang>.csv"),
    ("ISCOGroups_en.csv", "ISCOGroups_<lang>.csv"),
    (RELATIONS, "occupationSkillRelations.csv"),
])
def test_missing_file_names_it(tmp_path, missing, expected_in_message):
    folder = _copy_tiny(tmp_path, skip=missing)
    with pytest.raises(TaxonomyError, match="missing") as err:
        load_taxonomy([folder])
    assert expected_in_message in str(err.value)


@pytest.mark.parametrize("file, column", [
    ("occupations_en.csv", "conceptUri"),
    ("occupations_en.csv", "iscoGroup"),
    ("skills_en.csv", "preferredLabel"),
    ("ISCOGroups_en.csv", "code"),
    (RELATIONS, "skillUri"),
])
def test_missing_column_names_file_and_column(tmp_path, file, column):
    folder = _copy_tiny(tmp_path)
    _rewrite_csv(folder / file, lambda h, rows: ([("renamed" if c == column else c) for c in h], rows))
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy([folder])
    message = str(err.value)
    assert file in message and repr(column) in message and "renamed" in message


def test_zip_that_is_not_esco_lists_expected_files(tmp_path):
    other = _zip(tmp_path / "holiday-photos.zip", {"readme.txt": b"hello", "occupations.csv": b"a,b\n"})
    with pytest.raises(TaxonomyError) as err:
        load_taxonomy([other])
    message = str(err.value)
    assert "holiday-photos.zip" in message
    for expected in ("occupations_<lang>.csv", "skills_<lang>.csv", "ISCOGroups_<lang>.csv",
                     "occupationSkillRelations.csv"):
        assert expected in message


@pytest.mark.parametrize("make_path", [
    lambda tmp: tmp / "does-not-exist",
    lambda tmp: (tmp / "notes.txt", (tmp / "notes.txt").write_text("x"))[0],
    lambda tmp: (tmp / "empty", (tmp / "empty").mkdir())[0],
])
def test_unusable_paths_raise(tmp_path, make_path):
    path = make_path(tmp_path)
    with pytest.raises(TaxonomyError, match=str(path.name)):
        load_taxonomy([path])


def test_no_paths_raise():
    with pytest.raises(TaxonomyError):
        load_taxonomy([])


# ----------------------------------------------------------------------------- content

def test_leading_zero_isco_codes_and_hierarchy():
    tx = load_taxonomy([TINY])
    groups = tx.isco_groups.set_index("code")
    assert groups.loc["0110", "parent_code"] == "011"
    assert groups.loc["011", "parent_code"] == "01"
    assert groups.loc["01", "parent_code"] == "0"
    assert pd.isna(groups.loc["0", "parent_code"])  # missing text is NaN in pandas 3 str columns
    assert groups["level"].to_dict() == {code: len(code) for code in groups.index}
    army = tx.occupations.set_index("label").loc["army officer"]
    assert army["isco_group"] == "0110" and army["code"] == "0110.1"


def test_multiline_quoted_fields_survive():
    tx = load_taxonomy([TINY])
    dev = tx.occupations.set_index("label").loc["software developer"]
    assert dev["description"].count("\n") == 1 and "specifications, with tests" in dev["description"]
    assert dev["alt_labels"].split("\n") == ["software developer", "programmer", "software  engineer",
                                             "application developer"]
    army = tx.occupations.set_index("label").loc["army officer"]
    assert '"readiness"' in army["description"]
    # Group "0" has a two-line quoted description: every group after it still parses.
    assert len(tx.isco_groups) == 16 and tx.isco_groups["code"].iloc[-1] == "7411"


def test_relation_to_unknown_occupation_is_excluded_and_reported():
    tx = load_taxonomy([TINY])
    assert f"{FIX}occupation/retired-occupation" not in set(tx.relations["occupation_uri"])
    assert ("occupationSkillRelations.csv: 1 relations point at occupations not in occupations_en.csv "
            "(kept out of the cube)") in tx.issues


def test_empty_relation_skill_type_is_filled_from_the_skill_or_counted():
    tx = load_taxonomy([TINY])
    rel = tx.relations.set_index(["occupation_uri", "skill_uri"])["skill_type"]
    assert rel[(f"{FIX}occupation/web-developer", f"{FIX}skill/python")] == "knowledge"
    assert rel[(f"{FIX}occupation/army-officer", f"{FIX}skill/teamwork")] == ""
    assert any("2 relations with empty skillType: 1 filled" in issue and "1 left unknown" in issue
               for issue in tx.issues)


@pytest.mark.parametrize("file, key_column, expected", [
    ("occupations_en.csv", "conceptUri", "occupations_en.csv: 1 occupations repeat a conceptUri"),
    ("skills_en.csv", "conceptUri", "skills_en.csv: 1 skills repeat a conceptUri"),
    ("ISCOGroups_en.csv", "code", "ISCOGroups_en.csv: 1 ISCO groups repeat a code"),
])
def test_duplicate_keys_keep_first_and_are_reported(tmp_path, file, key_column, expected):
    folder = _copy_tiny(tmp_path)
    _rewrite_csv(folder / file, lambda h, rows: (h, [*rows, rows[-1]]))
    tx = load_taxonomy([folder])
    assert any(issue.startswith(expected) for issue in tx.issues), tx.issues
    _assert_tiny(tx)


@pytest.mark.parametrize("file, frame, uri_column, what", [
    ("occupations_en.csv", "occupations", "occupation_uri", "occupations"),
    ("skills_en.csv", "skills", "skill_uri", "skills"),
])
def test_a_concept_without_label_is_kept_under_its_uri_and_reported(tmp_path, file, frame, uri_column, what):
    folder = _copy_tiny(tmp_path)

    def blank_first_label(header, rows):
        rows[0][header.index("preferredLabel")] = ""
        return header, rows

    _rewrite_csv(folder / file, blank_first_label)
    tx = load_taxonomy([folder])
    _assert_tiny(tx)  # nothing dropped
    table = getattr(tx, frame)
    unlabelled = table[table["label"] == table[uri_column]]
    assert len(unlabelled) == 1
    assert any(f"{file}: 1 {what} without preferredLabel (URI used as label)" in i for i in tx.issues), tx.issues


def test_bad_relation_type_and_unknown_skill_are_reported(tmp_path):
    folder = _copy_tiny(tmp_path)
    extra = [[f"{FIX}occupation/electrician", "preferred", "knowledge", f"{FIX}skill/python"],
             [f"{FIX}occupation/electrician", "optional", "knowledge", f"{FIX}skill/astrology"]]
    _rewrite_csv(folder / RELATIONS, lambda h, rows: (h, [*rows, *extra]))
    tx = load_taxonomy([folder])
    assert len(tx.relations) == 15
    assert any("1 relations with a relationType other than essential/optional" in i for i in tx.issues)
    assert any("1 relations point at skills not in skills_en.csv" in i for i in tx.issues)


def test_skill_breakdown_counts_four_groups():
    tx = load_taxonomy([TINY])
    assert tx.skill_breakdown(f"{FIX}occupation/software-developer") == {
        "essential_knowledge": 1, "essential_skill": 1, "optional_knowledge": 1, "optional_skill": 1}
    # The unfillable empty skill type is in none of the four groups.
    assert sum(tx.skill_breakdown(f"{FIX}occupation/army-officer").values()) == 1


# ----------------------------------------------------------------------------- real bundle

@pytest.fixture(scope="module")
def real(esco_taxonomy, esco_raw):
    return esco_taxonomy, esco_raw


def test_real_bundle_counts_match_the_raw_csv(real):
    tx, raw = real
    occupations, skills, groups, relations = (raw[n] for n in (*CLASSIFICATION, RELATIONS))
    occ_uris = {r["conceptUri"] for r in occupations}
    skill_uris = {r["conceptUri"] for r in skills}
    missing_occ = sum(r["occupationUri"] not in occ_uris for r in relations)
    missing_skill = sum(r["skillUri"] not in skill_uris for r in relations)
    empty_type = sum(r["skillType"] == "" for r in relations)

    assert len(tx.occupations) == len(occ_uris) == len(occupations)
    assert len(tx.skills) == len(skill_uris) == len(skills)
    assert len(tx.isco_groups) == len(groups)
    assert len(tx.relations) == len(relations) - missing_occ - missing_skill
    assert missing_occ > 0 and empty_type > 0  # the bundle's known oddities are exercised
    assert (f"occupationSkillRelations.csv: {missing_occ} relations point at occupations not in "
            "occupations_en.csv (kept out of the cube)") in tx.issues
    assert any(issue.startswith(f"occupationSkillRelations.csv: {empty_type} relations with empty skillType")
               for issue in tx.issues)
    assert tx.source == "ESCO v1.1.1 (en)" and not tx.is_demo
    # Leading zeros kept: the armed forces groups.
    assert {"0", "01", "011", "0110"} <= set(tx.isco_groups["code"])


def test_real_bundle_one_occupations_skill_breakdown(real):
    tx, raw = real
    by_label = {normalize_label(r["preferredLabel"]): r["conceptUri"] for r in raw["occupations_en.csv"]}
    uri = by_label["software developer"]
    got = tx.skill_breakdown(uri)
    assert got == raw_skill_breakdown(raw, uri)
    assert all(got[g] > 0 for g in BREAKDOWN_GROUPS)
