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
from dashboard.reading.resolve import OccupationIndex, SkillIndex, resolve_country
from dashboard.building.taxonomy import (BREAKDOWN_GROUPS, DEMO_OCCUPATION_NAMESPACE, DEMO_SKILL_NAMESPACE, DEMO_SOURCE,
                                load_demo_taxonomy, load_taxonomy)
from helpers import load_script


DETAILS = ["title", "employer", "location", "url", "salary_min", "salary_max", "currency", "salary_period"]


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
    assert occ["code"].str.fullmatch(r"\d{4}(\.\d+)+").all()  # 2512.4, or 2512.4.1 for a narrower one
    assert (occ["code"].str[:4] == occ["isco_group"]).all()
    assert (occ["description"].str.len() > 20).all()


def test_demo_uris_are_in_our_namespace_not_escos(demo):
    assert demo.occupations["occupation_uri"].str.startswith(DEMO_OCCUPATION_NAMESPACE).all()
    assert demo.skills["skill_uri"].str.startswith(DEMO_SKILL_NAMESPACE).all()
    committed = sorted(DEMO_TAXONOMY_DIR.glob("*.csv"))
    # occupations, skills, ISCO groups, relations; the two hierarchies, skill groups, six collections
    assert len(committed) == 13, committed
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
    assert batch.schema.names == ["id", "occupation", "country", "date", "region", "skills", *DETAILS]
    bare = next(gen.generate_postings(demo, count=10, seed=7, details=False))
    assert bare.schema.names == ["id", "occupation", "country", "date", "region", "skills"]
    assert bare.equals(batch.select(bare.schema.names))  # details come from a stream of their own
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
    assert list(got.columns) == ["id", "occupation", "country", "date", "region", "skills", *DETAILS]
    assert got["title"].tolist() == expected["title"].tolist()
    assert got["url"].tolist() == expected["url"].tolist()
    has_pay = expected["salary_min"].notna()
    got_min = pd.to_numeric(got["salary_min"].replace("", None))
    assert got_min.notna().tolist() == has_pay.tolist()
    assert np.allclose(got_min[has_pay].astype(float), expected.loc[has_pay, "salary_min"])
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


# ----------------------------------------------------------------------------- hierarchies (issue 18, point 5)

def _demo_csv(name: str) -> pd.DataFrame:
    return pd.read_csv(DEMO_TAXONOMY_DIR / name, dtype=str, keep_default_na=False)


def test_occupation_hierarchy_links_every_occupation_up_to_isco(demo):
    broader = _demo_csv("broaderRelationsOccPillar.csv")
    assert list(broader.columns) == ["conceptType", "conceptUri", "broaderType", "broaderUri"]  # ESCO v1.1.1
    occ = demo.occupations.set_index("occupation_uri")
    isco_uris = {f"https://job-atlas.invalid/demo/isco/C{code}": code for code in demo.isco_groups["code"]}
    of_occupations = broader[broader["conceptType"] == "Occupation"]
    # every occupation exactly once, broader than it either an occupation or its own ISCO unit group
    assert sorted(of_occupations["conceptUri"]) == sorted(occ.index)
    narrower = 0
    for row in of_occupations.itertuples(index=False):
        if row.broaderType == "Occupation":
            narrower += 1
            assert occ.loc[row.conceptUri, "code"].startswith(occ.loc[row.broaderUri, "code"] + ".")
        else:
            assert row.broaderType == "ISCOGroup"
            assert isco_uris[row.broaderUri] == occ.loc[row.conceptUri, "isco_group"]
    assert narrower >= 3
    # ISCO groups chain up one digit at a time, to the ten major groups
    of_groups = broader[broader["conceptType"] == "ISCOGroup"]
    assert (of_groups["broaderType"] == "ISCOGroup").all()
    pairs = {isco_uris[c]: isco_uris[b] for c, b in zip(of_groups["conceptUri"], of_groups["broaderUri"])}
    assert all(b == c[:-1] for c, b in pairs.items())
    assert set(pairs) == {code for code in isco_uris.values() if len(code) > 1}


def test_skill_hierarchy_loads_with_no_rejects_and_places_every_skill(demo):
    from dashboard.building.skill_hierarchy import COLLECTIONS, load_skill_hierarchy

    hierarchy = load_skill_hierarchy([DEMO_TAXONOMY_DIR], skills=demo.skills)
    assert hierarchy.issues == []
    assert len(hierarchy.files) == 2 + len(COLLECTIONS)
    for file in hierarchy.files:
        assert file["rows_read"] > 0 and file["rows_rejected"] == 0, file
    # the same hierarchy reaches the taxonomy (and so the cube) through load_demo_taxonomy
    assert demo.skill_hierarchy is not None and demo.skill_hierarchy.files == hierarchy.files
    groups = hierarchy.groups.set_index("group_uri")
    tops = groups[groups["level"] == 0]
    assert sorted(tops["code"]) == ["K", "L", "S", "T"]
    assert (groups["level"] >= 0).all() and groups["level"].max() == 3
    for uri in demo.skills["skill_uri"]:
        placed = hierarchy.groups_of(uri)
        assert 1 <= len(placed) <= 2, uri
        assert all(groups.loc[g, "level"] >= 2 for g in placed), uri
    for name in COLLECTIONS:
        assert not hierarchy.collections[hierarchy.collections["collection"] == name].empty, name
    labels = dict(zip(demo.skills["skill_uri"], demo.skills["label"]))
    language = {labels[u] for u in hierarchy.collections.query("collection == 'language'")["skill_uri"]}
    assert {"English", "German", "French"} <= language
    green = {labels[u] for u in hierarchy.collections.query("collection == 'green'")["skill_uri"]}
    assert "install solar panels" in green


def test_collection_and_group_files_have_escos_headers():
    first = "conceptType,conceptUri,preferredLabel,status,skillType,reuseLevel,altLabels,description," \
            "broaderConceptUri,broaderConceptPT"
    skill_type_first = "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description," \
                       "broaderConceptUri,broaderConceptPT"
    expected = {"digitalSkillsCollection_en.csv": first, "greenSkillsCollection_en.csv": first,
                "researchSkillsCollection_en.csv": first, "digCompSkillsCollection_en.csv": first,
                "transversalSkillsCollection_en.csv": skill_type_first,
                "languageSkillsCollection_en.csv": skill_type_first,
                "skillGroups_en.csv": "conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,"
                                      "modifiedDate,scopeNote,inScheme,description,code",
                "broaderRelationsSkillPillar.csv": "conceptType,conceptUri,broaderType,broaderUri"}
    for name, header in expected.items():
        assert (DEMO_TAXONOMY_DIR / name).read_text(encoding="utf-8").splitlines()[0] == header, name


def _skill_sets(demo) -> dict[str, set[str]]:
    return {uri: set(group["skill_uri"]) for uri, group in demo.relations.groupby("occupation_uri")}


def test_neighbouring_occupations_share_skills(demo):
    """Narrower/broader pairs and occupations of one ISCO unit group share enough skills that the
    most similar occupation (by shared skills) of a narrower one is a neighbour of it."""
    skills = _skill_sets(demo)
    broader = _demo_csv("broaderRelationsOccPillar.csv").query("broaderType == 'Occupation'")
    unit = dict(zip(demo.occupations["occupation_uri"], demo.occupations["isco_group"]))

    def jaccard(a, b):
        return len(skills[a] & skills[b]) / len(skills[a] | skills[b])

    for child, parent in zip(broader["conceptUri"], broader["broaderUri"]):
        assert len(skills[child] & skills[parent]) >= 5 and jaccard(child, parent) >= 0.3, (child, parent)
        nearest = max((o for o in skills if o != child), key=lambda o: jaccard(child, o))
        assert nearest == parent or unit[nearest] == unit[child], (child, nearest)
    for code, members in demo.occupations.groupby("isco_group")["occupation_uri"]:
        members = list(members)
        for uri in members if len(members) > 1 else []:
            assert max(len(skills[uri] & skills[o]) for o in members if o != uri) >= 4, (code, uri)
    assert sum(n > 1 for n in demo.occupations.groupby("isco_group").size()) >= 5


# ----------------------------------------------------------------------------- posting details (issue 18, point 5)

def test_postings_have_titles_fictional_employers_cities_and_demo_links(gen, demo, postings):
    labels = dict(zip(demo.occupations["occupation_uri"], demo.occupations["label"]))
    index = OccupationIndex(demo.occupations)
    uri = postings["occupation"].map(lambda v: index.resolve(v, with_candidates=False).uri)
    label = uri.map(labels)
    title = postings["title"]
    # a variant of the occupation's label ("Senior software developer") or one of its alternative labels
    of_label = pd.Series([t.lower().removeprefix("senior ").removeprefix("junior ").removeprefix("lead ")
                          .removeprefix("trainee ").removesuffix(" (part-time)") == l.lower()
                          for t, l in zip(title, label)])
    alt = demo.occupations.set_index("occupation_uri")["alt_labels"].str.lower().str.split("\n")
    of_alt = pd.Series([t.lower() in alt[u] for t, u in zip(title, uri)])
    assert (of_label | of_alt).all()
    assert 0.3 < of_label.mean() < 0.95 and title.str.startswith("Senior ").any() and of_alt.any()
    assert title.str[0].str.isupper().all()
    assert postings["employer"].str.match(r"^(Demo Fictional|Example Imaginary|Placeholder Invented) ").all()
    assert postings["employer"].nunique() > 100
    assert (postings["url"] == "https://job-atlas.invalid/demo/jobs/" + postings["id"]).all()
    # a city of the posting's country, and of its region when it names one
    iso3 = postings["country"].map(lambda v: resolve_country(v))
    assert all(city in gen.CITIES[c] for city, c in zip(postings["location"], iso3))
    berlin = postings["region"] == "Berlin"
    assert berlin.any() and (postings.loc[berlin, "location"] == "Berlin").all()
    for c, (iso3_, *_) in enumerate(gen.COUNTRIES):
        assert len(gen.CITIES[iso3_]) >= max(1, len(gen.REGIONS.get(iso3_, [])))


def test_postings_state_pay_in_the_countrys_currency_mostly_per_year(gen, postings):
    from dashboard.building.posting_details import currency_code

    iso3 = postings["country"].map(lambda v: resolve_country(v))
    paid = postings["salary_min"].notna()
    assert 0.75 < paid.mean() < 0.95  # most state pay, some do not
    assert postings.loc[~paid, ["salary_max", "currency", "salary_period"]].isna().all().all()
    with_pay = postings[paid]
    assert (with_pay["salary_min"] > 0).all() and (with_pay["salary_min"] <= with_pay["salary_max"]).all()
    # ISO 4217 as the build knows it (BGN: Bulgarian postings before the euro; issue 12).
    assert all(currency_code(code) == code for code in with_pay["currency"].unique())
    currency = with_pay["currency"]
    assert (currency[iso3[paid] == "DEU"] == "EUR").all() and (currency[iso3[paid] == "POL"] == "PLN").all()
    assert (currency[iso3[paid] == "GBR"] == "GBP").all() and (currency[iso3[paid] == "CHE"] == "CHF").all()
    bulgaria = iso3[paid] == "BGR"
    assert set(currency[bulgaria & (with_pay["date"] < "2026-01-01")]) == {"BGN"}
    assert set(currency[bulgaria & (with_pay["date"] >= "2026-01-01")]) == {"EUR"}
    period = with_pay["salary_period"].value_counts(normalize=True)
    assert set(period.index) == {"year", "month", "hour"} and period["year"] > 0.6 and period["hour"] < 0.15
    # plausible levels: yearly euro pay in Germany above Bulgaria's, hourly pay well below monthly
    yearly = with_pay[with_pay["salary_period"] == "year"]
    mid = (yearly["salary_min"] + yearly["salary_max"]) / 2
    de, bg = mid[(iso3[yearly.index] == "DEU")], mid[(iso3[yearly.index] == "BGR") & (yearly["currency"] == "EUR")]
    assert 25_000 < de.median() < 90_000 and de.median() > 2 * bg.median()
    hourly = with_pay.loc[(with_pay["salary_period"] == "hour") & (with_pay["currency"] == "EUR"), "salary_max"]
    assert 3 < hourly.median() < 80


def test_demo_build_holds_postings_with_titles_and_salaries(tmp_path):
    """The first README command's cube (no inputs: the demo) lists ads with titles and pay."""
    import json

    data_dir = tmp_path / "cube"
    done = subprocess.run([sys.executable, "-m", "dashboard", "build", "--data-dir", str(data_dir)],
                          capture_output=True, text=True, cwd=JOBS_DIR.parents[1], timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(next(data_dir.glob("versions/*/build_report.json")).read_text())
    assert report["rows_rejected"] == 0 and report["salary_dropped_by_reason"] == {}
    assert all(f["rows_rejected"] == 0 for f in report["dataset"]["skill_hierarchy"]["files"])
    listed = subprocess.run([sys.executable, "-m", "dashboard", "jobs", "--occupation", "computer vision engineer",
                             "--country", "DE", "--data-dir", str(data_dir), "--format", "json"],
                            capture_output=True, text=True, cwd=JOBS_DIR.parents[1], timeout=300)
    assert listed.returncode == 0, listed.stderr
    jobs = json.loads(listed.stdout)
    assert jobs["total"] > 20 and len(jobs["jobs"]) == 20
    assert all(j["title"] and j["employer"].startswith(("Demo Fictional", "Example Imaginary", "Placeholder"))
               and j["url"].startswith("https://job-atlas.invalid/demo/jobs/") for j in jobs["jobs"])
    paid = [j["salary"] for j in jobs["jobs"] if j["salary"]]
    assert paid and all(s["currency"] == "EUR" and s["min"] <= s["max"] for s in paid)
