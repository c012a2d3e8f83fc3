"""Baseline for benchmark 3: the cube build written the straightforward way in plain pandas.

Not product code. It reads the whole Parquet file into a DataFrame, resolves the distinct
raw values with the same product resolvers the real build uses (so both do the same
work), then drops duplicates, explodes the skill lists and aggregates with ``groupby``.
Only the Parquet postings path is covered (what the benchmark feeds it).

Run: ``python -m bench.pandas_baseline --esco ../shared/esco --postings F --out DIR``;
prints a JSON summary (rows read/loaded/rejected, table sizes) on stdout.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd


def occupation_map(values, index) -> pd.DataFrame:
    """raw, occupation_uri, status for each distinct occupation text (product resolver)."""
    rows = []
    for raw in values:
        resolution = index.resolve(raw)
        rows.append((raw, resolution.uri if resolution.status == "ok" else None, resolution.status))
    return pd.DataFrame(rows, columns=["raw", "occupation_uri", "status"], dtype=object)


def country_map(values, resolve_country) -> pd.DataFrame:
    rows = [(raw, iso3) for raw in values if (iso3 := resolve_country(raw))]
    return pd.DataFrame(rows, columns=["raw", "iso3"], dtype=object)


def month_map(values, *, latest: str) -> pd.DataFrame:
    from dashboard.building.ingest import parse_month

    rows = [(raw, *parse_month(raw, latest=latest)) for raw in values]
    return pd.DataFrame(rows, columns=["raw", "month", "status"], dtype=object)


def skill_map(values, index) -> pd.DataFrame:
    rows = [(raw, uri) for raw in values if (uri := index.resolve(raw))]
    return pd.DataFrame(rows, columns=["raw", "skill_uri"], dtype=object)


def build_with_pandas(*, esco: list[Path], postings: Path, out_dir: Path) -> dict:
    """Aggregate ``postings`` into the cube's fact tables with pandas; a summary dict."""
    from dashboard.building import ingest
    from dashboard.reading.resolve import OccupationIndex, SkillIndex, resolve_country
    from dashboard.building.taxonomy import load_taxonomy

    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 2)
        clock = now

    taxonomy = load_taxonomy(esco)
    lap("taxonomy")
    frame = pd.read_parquet(postings, columns=["id", "occupation", "country", "date", "skills"])
    frame["_line"] = range(1, len(frame) + 1)
    lap("read")

    # Same resolution as the product (its resolvers): each distinct raw value once, then a per-row map.
    def strip(series: pd.Series) -> pd.Series:
        return series.astype("string").str.strip().replace("", pd.NA)

    for column in ("id", "occupation", "country", "date"):
        frame[column] = strip(frame[column])
    latest = ingest.this_month()
    occupations = occupation_map(frame["occupation"].dropna().unique(), OccupationIndex(taxonomy.occupations))
    countries = country_map(frame["country"].dropna().unique(), resolve_country)
    months = month_map(frame["date"].dropna().unique(), latest=latest)
    frame["occupation_uri"] = frame["occupation"].map(occupations.set_index("raw")["occupation_uri"])
    frame["occupation_status"] = frame["occupation"].map(occupations.set_index("raw")["status"])
    frame["iso3"] = frame["country"].map(countries.set_index("raw")["iso3"])
    frame["month"] = frame["date"].map(months.set_index("raw")["month"])
    frame["month_status"] = frame["date"].map(months.set_index("raw")["status"])
    lap("resolve")

    reason = pd.Series(pd.NA, index=frame.index, dtype="object")
    checks = [
        (frame["id"].isna(), "missing id"),
        (frame["id"].notna() & frame["id"].duplicated(keep="first"), "duplicate id"),
        (frame["occupation_status"] == "ambiguous", "ambiguous occupation"),
        (frame["occupation_uri"].isna(), "unknown occupation"),
        (frame["iso3"].isna(), "unknown country"),
        (frame["month_status"] == "date out of range", "date out of range"),
        (frame["month"].isna(), "bad date"),
    ]
    for mask, why in checks:  # first failing check wins, as in the product
        reason = reason.mask(reason.isna() & mask.fillna(False).astype(bool), why)
    frame["reason"] = reason
    rejects = frame[frame["reason"].notna()]
    loaded = frame[frame["reason"].isna()]
    lap("check")

    jobs = (loaded.groupby(["occupation_uri", "iso3", "month"]).size().rename("jobs").reset_index()
            .sort_values(["occupation_uri", "iso3", "month"]))
    country_totals = jobs.groupby(["iso3", "month"])["jobs"].sum().reset_index()
    lap("jobs")

    mentions = loaded[["_line", "occupation_uri", "iso3", "month", "skills"]].explode("skills")
    mentions = mentions[mentions["skills"].notna()]
    skills = skill_map(mentions["skills"].unique(), SkillIndex(taxonomy.skills))
    mentions["skill_uri"] = mentions["skills"].map(skills.set_index("raw")["skill_uri"])
    unresolved = int(mentions["skill_uri"].isna().sum())
    mentions = mentions[mentions["skill_uri"].notna()].drop_duplicates(["_line", "skill_uri"])
    skill_demand = (mentions.groupby(["occupation_uri", "iso3", "month", "skill_uri"]).size().rename("postings")
                    .reset_index().sort_values("occupation_uri"))
    lap("skills")

    out_dir.mkdir(parents=True, exist_ok=True)
    jobs.to_parquet(out_dir / "jobs.parquet", index=False)
    skill_demand.to_parquet(out_dir / "skill_demand.parquet", index=False)
    country_totals.to_parquet(out_dir / "country_totals.parquet", index=False)
    rejects[["_line", "reason"]].to_csv(out_dir / "rejects.csv", index=False)
    lap("write")
    return {
        "rows_read": int(len(frame)),
        "rows_loaded": int(len(loaded)),
        "rows_rejected": int(len(rejects)),
        "skills_unresolved": unresolved,
        "tables": {"jobs": len(jobs), "skill_demand": len(skill_demand), "country_totals": len(country_totals)},
        "jobs_total": int(jobs["jobs"].sum()),
        "skill_postings_total": int(skill_demand["postings"].sum()),
        "timings_s": timings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pandas_baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, action="append", required=True)
    parser.add_argument("--postings", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    summary = build_with_pandas(esco=args.esco, postings=args.postings, out_dir=args.out)
    json.dump(summary, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
