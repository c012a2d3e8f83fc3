"""``build --append``: new files added to the published cube answer exactly as a rebuild (issue 17).

Two loads over the tiny taxonomy: generated postings (Parquet, then CSV), ids repeated
within and across loads, bad rows, dated and undated counts (whose keys overlap between
the loads, so the merge must sum, not just union). The appended cube is compared with a
full rebuild from all the inputs, table by table and row by row.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard import cli
from dashboard.building.append import append
from dashboard.building.build import BuildFailed, build
from dashboard.reading.cube import POSTING_IDS_DIR, REJECTS_FILE, TABLES, VERSIONS_DIR, Cube, current_version
from dashboard.errors import UsageError
from dashboard.reading.queries import query_result
from helpers import BAD_INPUTS_DIR as BAD_INPUTS
from helpers import POSTINGS_FIXTURES, REPO_ROOT, load_script
from helpers import TINY_TAXONOMY as TINY

TODAY = dt.date(2026, 11, 15)
#: Report entries an appended cube and a rebuild must agree on.
TOTALS = ("rows_read", "rows_loaded", "rows_rejected", "rejected_by_reason", "skills_unresolved", "months",
          "tables", "undated_jobs")


def _write_undated(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["occupation", "country", "count"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def loads(tmp_path_factory) -> list[dict]:
    """The inputs of two loads (postings and counts of each)."""
    from dashboard.building.taxonomy import load_taxonomy

    out = tmp_path_factory.mktemp("append_inputs")
    generator = load_script(REPO_ROOT / "data" / "jobs" / "generate_postings.py")
    table = pq.read_table(generator.write_postings(out / "all.parquet", load_taxonomy([TINY]), count=3000, seed=5))
    first = out / "month1.parquet"
    pq.write_table(table.slice(0, 1500), first)
    second = out / "month2.csv"
    rows = table.slice(1500).to_pylist() + table.slice(0, 7).to_pylist()  # 7 ids the cube already has
    with open(second, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "occupation", "country", "date", "region", "skills"])
        for row in rows:
            writer.writerow([row["id"], row["occupation"], row["country"], row["date"], row["region"] or "",
                             "|".join(row["skills"] or [])])
    undated1 = _write_undated(out / "snapshot1.csv", [("electrician", "DE", "5"), ("web developer", "FR", "2")])
    undated2 = _write_undated(out / "snapshot2.csv", [("electrician", "DE", "4"), ("nobody", "FR", "1")])
    return [
        {"postings": [first, BAD_INPUTS / "duplicate_ids_first.csv"],
         "counts": [POSTINGS_FIXTURES / "counts.csv", undated1]},
        {"postings": [second, BAD_INPUTS / "duplicate_ids_second.csv", BAD_INPUTS / "ragged_rows.csv"],
         "counts": [BAD_INPUTS / "counts_bad.csv", undated2]},
    ]


def _live(data_dir: Path) -> Path:
    return data_dir / VERSIONS_DIR / current_version(data_dir)


def _ids(folder: Path) -> list[str]:
    return sorted(pd.read_parquet(folder / POSTING_IDS_DIR)["id"])


def _rejects(folder: Path) -> list[tuple]:
    frame = pd.read_csv(folder / REJECTS_FILE, dtype=str, keep_default_na=False)
    return sorted(map(tuple, frame[["file", "line", "reason", "record"]].values))


def assert_same_cube(appended: Path, rebuilt: Path) -> None:
    """Every table of two cube versions equal, in the order written; ids and rejects as sets."""
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(appended / f"{name}.parquet"),
                                      pd.read_parquet(rebuilt / f"{name}.parquet"), obj=f"table {name}")
    assert _ids(appended) == _ids(rebuilt)
    assert _rejects(appended) == _rejects(rebuilt)
    a, r = (json.loads((d / "build_report.json").read_text(encoding="utf-8")) for d in (appended, rebuilt))
    assert {k: a[k] for k in TOTALS} == {k: r[k] for k in TOTALS}
    # The skill-demand arrays (what the dashboard answers from) agree too.
    for name in sorted((rebuilt / "skill_demand_arrays").iterdir()):
        assert (appended / "skill_demand_arrays" / name.name).read_bytes() == name.read_bytes(), name.name


def _two_cubes(loads: list[dict], root: Path, engine: str = "duckdb") -> tuple[Path, Path, dict]:
    appended_dir, rebuilt_dir = root / "appended", root / "rebuilt"
    build(esco=[TINY], **loads[0], data_dir=appended_dir, progress=False, today=TODAY)
    report = append(**loads[1], data_dir=appended_dir, engine=engine, progress=False, today=TODAY)
    everything = {kind: loads[0][kind] + loads[1][kind] for kind in ("postings", "counts")}
    build(esco=[TINY], **everything, data_dir=rebuilt_dir, progress=False, today=TODAY)
    return _live(appended_dir), _live(rebuilt_dir), report


def test_an_appended_cube_equals_a_rebuild_from_all_inputs(loads, tmp_path):
    appended, rebuilt, report = _two_cubes(loads, tmp_path)
    assert_same_cube(appended, rebuilt)
    # The inputs exercised what an append must get right (not an empty comparison).
    assert report["rejected_by_reason"]["duplicate id"] == 8  # 7 ids of the cube + a1 of the first load
    assert report["undated_jobs"] == 5 + 2 + 4
    assert report["tables"]["skill_demand"] > 0
    jobs = pd.read_parquet(appended / "jobs.parquet")
    assert int(jobs[jobs["month"].isna() & (jobs["iso3"] == "DEU")]["jobs"].sum()) == 9  # 5 + 4 summed


def test_a_later_month_is_only_sorted_in_and_still_equals_a_rebuild(tmp_path, monkeypatch):
    """The monthly case: every new month follows the cube's, so no key is in both and the merge
    sorts the union without grouping it; the cube is still a rebuild's."""
    from dashboard.building import append as append_module
    from dashboard.building.taxonomy import load_taxonomy

    generator = load_script(REPO_ROOT / "data" / "jobs" / "generate_postings.py")
    table = pq.read_table(generator.write_postings(tmp_path / "all.parquet", load_taxonomy([TINY]),
                                                   count=2500, seed=11, start="2025-01", months=4))
    months = pd.to_datetime(table.column("date").to_pandas()).dt.strftime("%Y-%m")
    earlier, later = tmp_path / "earlier.parquet", tmp_path / "later.parquet"
    pq.write_table(table.filter(pa.array((months < "2025-04").to_numpy())), earlier)
    pq.write_table(table.filter(pa.array((months >= "2025-04").to_numpy())), later)
    checked = {}
    real = append_module.months_follow
    monkeypatch.setattr(append_module, "months_follow",
                        lambda con, old, new: checked.setdefault(old.name, real(con, old, new)))
    build(esco=[TINY], postings=[earlier], data_dir=tmp_path / "appended", progress=False, today=TODAY)
    append(postings=[later], data_dir=tmp_path / "appended", progress=False, today=TODAY)
    build(esco=[TINY], postings=[earlier, later], data_dir=tmp_path / "rebuilt", progress=False, today=TODAY)

    assert checked == {"jobs.parquet": True, "skill_demand.parquet": True, "country_totals.parquet": True,
                       "collection_postings.parquet": True}
    assert_same_cube(_live(tmp_path / "appended"), _live(tmp_path / "rebuilt"))
    assert pd.read_parquet(_live(tmp_path / "appended") / "jobs.parquet")["month"].nunique() == 4


@pytest.mark.parametrize(("old_months", "new_months", "follow"), [
    (["2024-01", "2024-02"], ["2024-03"], True),
    ([None, "2024-01"], ["2024-02"], True),      # the cube's undated rows keep their own key
    (["2024-01", "2024-03"], ["2024-03"], False),  # a month in both: rows of one key must be summed
    (["2024-02"], ["2024-01"], False),
    (["2024-01"], [None, "2024-02"], False),      # undated new rows may share the cube's undated keys
])
def test_months_follow_only_when_no_key_can_be_in_both(tmp_path, old_months, new_months, follow):
    import duckdb

    from dashboard.building.append import months_follow

    for name, months in (("old", old_months), ("new", new_months)):
        pq.write_table(pa.table({"month": pa.array(months, pa.string()), "jobs": [1] * len(months)}),
                       tmp_path / f"{name}.parquet")
    with duckdb.connect() as con:
        assert months_follow(con, tmp_path / "old.parquet", tmp_path / "new.parquet") is follow


def test_the_report_accumulates_totals_and_one_entry_per_load(loads, tmp_path):
    appended, _, report = _two_cubes(loads, tmp_path)
    assert len(report["loads"]) == 2
    first, second = report["loads"]
    assert first["inputs"]["postings"] == [str(p) for p in loads[0]["postings"]]
    assert second["inputs"] == {kind: [str(p) for p in loads[1][kind]] for kind in ("postings", "counts")}
    for entry in (report, first, second):
        assert entry["rows_read"] == entry["rows_loaded"] + entry["rows_rejected"]
    for key in ("rows_read", "rows_loaded", "rows_rejected"):
        assert report[key] == first[key] + second[key]
    assert second["rejected_by_reason"]["duplicate id"] == 8 and second["seconds"] > 0
    assert report["inputs"]["postings"] == [str(p) for p in loads[0]["postings"] + loads[1]["postings"]]
    # Rejected rows of both loads stay listed, and the published report is the returned one.
    files = {row[0] for row in _rejects(appended)}
    assert str(POSTINGS_FIXTURES / "counts.csv") in files and str(BAD_INPUTS / "counts_bad.csv") in files
    assert len(_rejects(appended)) == report["rows_rejected"]
    assert json.loads((tmp_path / "appended" / "build_report.json").read_text(encoding="utf-8")) == report


def test_a_second_append_and_the_dashboard_answers(loads, tmp_path):
    """Three loads (build + two appends) answer as one build; the query reads the appended cube."""
    data_dir, rebuilt_dir = tmp_path / "appended", tmp_path / "rebuilt"
    third = {"postings": [BAD_INPUTS / "country_forms.csv"], "counts": []}
    build(esco=[TINY], **loads[0], data_dir=data_dir, progress=False, today=TODAY)
    append(**loads[1], data_dir=data_dir, progress=False, today=TODAY)
    report = append(**third, data_dir=data_dir, progress=False, today=TODAY)
    assert len(report["loads"]) == 3
    everything = {kind: loads[0][kind] + loads[1][kind] + third[kind] for kind in ("postings", "counts")}
    build(esco=[TINY], **everything, data_dir=rebuilt_dir, progress=False, today=TODAY)
    assert_same_cube(_live(data_dir), _live(rebuilt_dir))
    assert query_result(Cube.open(data_dir), "electrician") == query_result(Cube.open(rebuilt_dir), "electrician")


def test_an_append_with_nothing_loadable_keeps_the_cube(loads, tmp_path):
    data_dir = tmp_path / "cube"
    build(esco=[TINY], **loads[0], data_dir=data_dir, progress=False, today=TODAY)
    before = current_version(data_dir)
    with pytest.raises(BuildFailed, match="nothing loadable"):
        append(postings=[BAD_INPUTS / "duplicate_ids_first.csv"], data_dir=data_dir, progress=False, today=TODAY)
    assert current_version(data_dir) == before
    assert not list(data_dir.glob(".staging-*"))


def test_append_refuses_esco_with_a_clear_message(tmp_path, capsys):
    code = cli.main(["build", "--append", "--esco", str(TINY), "--postings", str(BAD_INPUTS / "bom.csv"),
                     "--data-dir", str(tmp_path)])
    assert code == 2
    err = capsys.readouterr().err
    assert "--esco cannot be used with --append" in err and "Traceback" not in err


def test_append_needs_a_published_cube_and_new_files(tmp_path, capsys):
    code = cli.main(["build", "--append", "--postings", str(BAD_INPUTS / "bom.csv"), "--data-dir", str(tmp_path)])
    assert code == 2
    assert "build one first" in capsys.readouterr().err
    with pytest.raises(UsageError, match="needs --postings or --counts"):
        append(data_dir=tmp_path)


def test_append_through_the_cli_prints_the_load(loads, tmp_path, capsys):
    data_dir = tmp_path / "cube"
    build(esco=[TINY], **loads[0], data_dir=data_dir, progress=False)
    code = cli.main(["build", "--append", "--postings", str(BAD_INPUTS / "country_forms.csv"),
                     "--data-dir", str(data_dir)])
    assert code == 0
    out = capsys.readouterr().out
    assert "appended 8 rows" in out and "load 2 of the cube" in out
