"""Demo taxonomy (committed CSVs) and the demo postings generator."""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.paths import DEMO_TAXONOMY_DIR, JOBS_DIR
from dashboard.resolve import OccupationIndex, SkillIndex, resolve_country
from dashboard.taxonomy import (BREAKDOWN_GROUPS, DEMO_OCCUPATION_NAMESPACE, DEMO_SKILL_NAMESPACE, DEMO_SOURCE,
                                load_demo_taxonomy, load_taxonomy)
from helpers import load_script


def _load_script(name: str):
    """Import a script from data/jobs/ (not a package) by path."""
    return load_script(JOBS_DIR / f"{name}.py")


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
    assert len(demo.occupations) > 0
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
    committed = sorted(DEMO_TAXONOMY_DIR.glob("*.csv"))
    assert len(committed) == 4, committed  # occupations, skills, ISCO groups, relations
    for path in committed:
        assert "data.europa.eu/esco" not in path.read_text(encoding="utf-8"), path


def test_demo_isco_hierarchy_is_complete(demo):
    groups = demo.isco_groups.set_index("code")
    for code in demo.occupations["isco_group"]:
        chain = [code[:n] for n in range(1, 5)]
        assert all(c in groups.index for c in chain), code
    assert set(groups["level"]) == {1, 2, 3, 4}


def test_committed_csvs_are_the_scripts_output(tmp_path):
    script = _load_script("make_demo_taxonomy")
    written = list(script.write_demo_taxonomy(tmp_path))
    assert sorted(p.name for p in written) == sorted(p.name for p in DEMO_TAXONOMY_DIR.glob("*.csv"))
    for path in written:
        assert path.read_bytes() == (DEMO_TAXONOMY_DIR / path.name).read_bytes(), path.name
    assert load_taxonomy([tmp_path]).is_demo


# ----------------------------------------------------------------------------- postings generator



@pytest.fixture(scope="module")
def gen():
    return _load_script("generate_postings")


@pytest.fixture(scope="module")
def postings(gen, demo):
    """40,000 demo postings as a DataFrame (enough for the distribution checks below)."""
    table = pa.Table.from_batches(list(gen.generate_postings(demo, count=40_000, seed=7)))
    return table.to_pandas()


def test_same_seed_same_postings_other_seed_other_postings(gen, demo):
    def run(seed):
        return pa.Table.from_batches(list(gen.generate_postings(demo, count=3_000, seed=seed)))

    assert run(7).equals(run(7))
    assert not run(7).equals(run(8))


def test_batches_stream_with_unique_ids(gen, demo):
    batches = list(gen.generate_postings(demo, count=2_500, seed=1, batch_size=1_000))
    assert [b.num_rows for b in batches] == [1_000, 1_000, 500]
    ids = pa.concat_arrays([b.column("id") for b in batches]).to_pylist()
    assert ids[0] == "demo-000000001" and ids[-1] == "demo-000002500" and len(set(ids)) == 2_500


def test_column_contract(gen, demo, postings):
    batch = next(gen.generate_postings(demo, count=10, seed=7))
    assert batch.schema.names == ["id", "occupation", "country", "date", "region", "skills"]
    assert batch.schema.field("skills").type == pa.list_(pa.string())
    assert postings["id"].is_unique and postings["id"].str.fullmatch(r"demo-\d{9}").all()
    assert postings["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert postings["date"].min() >= "2024-11-01" and postings["date"].max() <= "2026-10-31"
    assert postings["region"].isna().any() and postings["region"].notna().any()
    assert postings["skills"].map(len).min() >= 1


def test_every_value_resolves_and_all_forms_are_used(demo, postings):
    occupations = OccupationIndex(demo.occupations)
    skills = SkillIndex(demo.skills)
    distinct_occ = postings["occupation"].unique()
    assert all(occupations.resolve(v, with_candidates=False).status == "ok" for v in distinct_occ)
    distinct_countries = postings["country"].unique()
    assert all(resolve_country(v) for v in distinct_countries)
    distinct_skills = set(np.concatenate(postings["skills"].to_numpy()))
    assert all(skills.resolve(v) for v in distinct_skills)

    occ = postings["occupation"]
    uri_share = occ.str.startswith("https://job-atlas.invalid/demo/occupation/").mean()
    assert 0.6 < uri_share < 0.85
    codes = set(demo.occupations["code"])
    labels = set(demo.occupations["label"])
    assert occ.isin(codes).any() and occ.isin(labels).any()
    assert (~occ.isin(codes | labels) & ~occ.str.startswith("https://")).any()  # alternative labels
    assert {"DE", "DEU", "Germany", "276", "EL", "UK", "XK"} <= set(distinct_countries)


def test_country_volumes_follow_population(gen, postings):
    iso3 = postings["country"].map(resolve_country)
    counts = iso3.value_counts()
    population = pd.Series({c[0]: c[5] for c in gen.COUNTRIES})
    both = pd.concat([counts.rename("jobs"), population.rename("population")], axis=1).fillna(0)
    assert both["jobs"].rank().corr(both["population"].rank()) > 0.8  # Spearman
    assert counts["DEU"] > 20 * counts.get("LUX", 0)
    assert set(counts.index) == set(population.index)


def test_occupation_mix_is_skewed_towards_big_groups(demo, postings):
    occupations = OccupationIndex(demo.occupations)
    uri = postings["occupation"].map(lambda v: occupations.resolve(v, with_candidates=False).uri)
    counts = uri.value_counts()
    assert counts.iloc[0] > 3 * counts.median()
    group = uri.map(demo.occupations.set_index("occupation_uri")["isco_group"]).str[0].value_counts()
    assert group["2"] > group["0"] * 10 and group["5"] > group["6"] * 3


def test_seasonality_spring_peak_december_dip_quiet_weekends(postings):
    day = pd.to_datetime(postings["date"])
    per_month = day.dt.to_period("M").value_counts()
    for april, december in (("2025-04", "2024-12"), ("2026-04", "2025-12")):
        assert per_month[pd.Period(april)] > 1.3 * per_month[pd.Period(december)]
    assert per_month[pd.Period("2025-08")] < per_month[pd.Period("2025-09")]
    weekday = day.dt.day_of_week
    assert (weekday < 5).mean() > 0.85


def test_skills_about_eight_mostly_essential(demo, postings):
    sizes = postings["skills"].map(len)
    assert 6 <= sizes.mean() <= 10
    occupations, skills = OccupationIndex(demo.occupations), SkillIndex(demo.skills)
    relation = demo.relations.set_index(["occupation_uri", "skill_uri"])["relation"].to_dict()
    kinds = pd.Series([relation.get((occupations.resolve(o).uri, skills.resolve(s)), "other")
                       for o, row in zip(postings["occupation"].head(3_000), postings["skills"].head(3_000))
                       for s in row]).value_counts(normalize=True)
    assert kinds["essential"] > kinds["optional"] > kinds["other"] > 0


@pytest.mark.parametrize("name", ["postings.parquet", "postings.csv", "postings.csv.gz", "postings.jsonl",
                                  "postings.jsonl.gz"])
def test_write_postings_formats_round_trip(gen, demo, tmp_path, name):
    path = gen.write_postings(tmp_path / name, demo, count=1_500, seed=3)
    expected = pa.Table.from_batches(list(gen.generate_postings(demo, count=1_500, seed=3))).to_pandas()
    if name.endswith(".parquet"):
        got = pq.read_table(path).to_pandas()
        skills = got["skills"].map(list)
    elif ".csv" in name:
        got = pd.read_csv(path, dtype=str, keep_default_na=False)
        skills = got["skills"].str.split("|")
        got["region"] = got["region"].replace("", None)
    else:
        got = pd.read_json(path, lines=True, dtype=False)
        skills = got["skills"]
    assert list(got.columns) == ["id", "occupation", "country", "date", "region", "skills"]
    assert got["id"].tolist() == expected["id"].tolist()
    assert got["country"].astype(str).tolist() == expected["country"].tolist()  # "040" keeps its zero
    assert got["region"].isna().tolist() == expected["region"].isna().tolist()
    assert skills.map(list).tolist() == expected["skills"].map(list).tolist()
    assert not list(tmp_path.glob("*.partial"))


def test_cli_writes_file_and_rejects_unknown_extension(tmp_path):
    script = JOBS_DIR / "generate_postings.py"
    out = tmp_path / "demo.csv"
    done = subprocess.run([sys.executable, str(script), "--postings-count", "500", "--out", str(out), "--seed", "5"],
                          capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "500 postings" in done.stdout and len(pd.read_csv(out)) == 500
    bad = subprocess.run([sys.executable, str(script), "--postings-count", "5", "--out", str(tmp_path / "x.txt")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert bad.returncode == 2 and "x.txt" in bad.stderr


def test_generator_over_the_real_bundle(gen, esco_taxonomy):
    taxonomy = esco_taxonomy
    frame = pa.Table.from_batches(list(gen.generate_postings(taxonomy, count=5_000, seed=7))).to_pandas()
    occupations, skills = OccupationIndex(taxonomy.occupations), SkillIndex(taxonomy.skills)
    assert all(occupations.resolve(v, with_candidates=False).status == "ok" for v in frame["occupation"].unique())
    assert all(skills.resolve(v) for v in set(np.concatenate(frame["skills"].to_numpy())))
    assert 7 <= frame["skills"].map(len).mean() <= 9
