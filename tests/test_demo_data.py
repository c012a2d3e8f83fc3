"""Demo taxonomy (committed CSVs) and the demo postings generator."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from dashboard.paths import DEMO_TAXONOMY_DIR, JOBS_DIR
from dashboard.taxonomy import (BREAKDOWN_GROUPS, DEMO_OCCUPATION_NAMESPACE, DEMO_SKILL_NAMESPACE, DEMO_SOURCE,
                                load_demo_taxonomy, load_taxonomy)


def _load_script(name: str):
    """Import a script from data/jobs/ (not a package) by path."""
    spec = importlib.util.spec_from_file_location(name, JOBS_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo():
    return load_demo_taxonomy()


def test_demo_taxonomy_loads_cleanly_and_says_it_is_demo(demo):
    assert demo.is_demo and demo.source == DEMO_SOURCE
    assert demo.issues == []


def test_demo_has_enough_occupations_across_all_ten_major_groups(demo):
    assert len(demo.occupations) >= 40
    assert set(demo.occupations["isco_group"].str[0]) == set("0123456789")


def test_every_demo_occupation_has_all_four_kinds_of_skill(demo):
    for uri in demo.occupations["occupation_uri"]:
        counts = demo.skill_breakdown(uri)
        assert all(counts[group] > 0 for group in BREAKDOWN_GROUPS), (uri, counts)
        assert 8 <= sum(counts.values()) <= 15, (uri, counts)


def test_demo_occupations_have_alt_labels_codes_and_descriptions(demo):
    occ = demo.occupations
    assert (occ["alt_labels"].str.count("\n") >= 1).all()
    assert occ["code"].str.fullmatch(r"\d{4}\.\d+").all()
    assert (occ["code"].str[:4] == occ["isco_group"]).all()
    assert (occ["description"].str.len() > 20).all()


def test_demo_uris_are_in_our_namespace_not_escos(demo):
    assert demo.occupations["occupation_uri"].str.startswith(DEMO_OCCUPATION_NAMESPACE).all()
    assert demo.skills["skill_uri"].str.startswith(DEMO_SKILL_NAMESPACE).all()
    for path in DEMO_TAXONOMY_DIR.glob("*.csv"):
        assert "data.europa.eu/esco" not in path.read_text(encoding="utf-8"), path


def test_demo_isco_hierarchy_is_complete(demo):
    groups = demo.isco_groups.set_index("code")
    for code in demo.occupations["isco_group"]:
        chain = [code[:n] for n in range(1, 5)]
        assert all(c in groups.index for c in chain), code
    assert set(groups["level"]) == {1, 2, 3, 4}


def test_committed_csvs_are_the_scripts_output(tmp_path):
    script = _load_script("make_demo_taxonomy")
    for path in script.write_demo_taxonomy(tmp_path):
        assert path.read_bytes() == (DEMO_TAXONOMY_DIR / path.name).read_bytes(), path.name
    assert load_taxonomy([tmp_path]).is_demo
