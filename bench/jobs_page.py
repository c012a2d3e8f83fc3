"""Benchmark: a page of available jobs (issue 18), in process, on the served cube.

``dashboard.reading.job_listings.list_jobs`` answers the list in the country panel and ``jobs``: one
count of the scope and one sorted page of 20 from ``postings.parquet`` (sorted by occupation,
country and month, 100k-row groups, so DuckDB's row-group statistics skip the rest). Timed over
occupations sampled across the whole distribution (as the latency benchmark samples them), for:
their top country, all countries, their top country with 5 selected skills (the list
intersection per posting in scope), and a deep page (offset 1,000 or the last page).

Baseline, interleaved in the same run: the same page from the same rows held in memory by
pandas (filter, sort, slice) — what a page costs without the sorted file and the engine.
Also reported: how much ``postings.parquet`` adds to the cube (the issue asks to say by how much).
"""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from bench import util
from bench.latency import occupation_sample
from bench.util import Sizes

CASES = ("top country", "all countries", "top country, 5 selected skills", "deep page")


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run(sizes: Sizes, *, log=print) -> dict:
    from dashboard.reading.cube import Cube
    from dashboard.reading.job_listings import PAGE_SIZE, Scope, count_jobs, holds_postings, list_jobs, postings_file

    data_dir = util.ensure_cube(sizes.serve_postings, log=log)
    cube = Cube.open(data_dir)
    if not holds_postings(cube):
        raise util.Skip("the served cube keeps no postings.parquet (built before issue 18): rebuild it")
    sample = occupation_sample(data_dir, sizes.latency_interactions)
    log(f"  {len(sample)} occupations, {sizes.serve_postings:,} postings")
    frame = pd.read_parquet(postings_file(cube), columns=["occupation_uri", "iso3", "month", "id", "date", "title",
                                                           "employer", "location", "url", "skills"])
    frame["posted"] = frame["date"].fillna(frame["month"])

    def skills_of(uri: str) -> list[str]:
        # Five skills the occupation's postings ask for most: the selection a person would tick.
        from dashboard.reading import queries

        top = queries.top_skills(cube, uri, limit=5)
        return top["skill_uri"].astype(str).tolist()

    def baseline(scope: Scope, offset: int) -> None:
        rows = frame[frame["occupation_uri"] == scope.occupations[0]]
        if scope.iso3:
            rows = rows[rows["iso3"] == scope.iso3]
        _ = len(rows), rows.sort_values(["posted", "id"], ascending=[False, True]).iloc[offset:offset + PAGE_SIZE]

    timings = {case: [] for case in CASES}
    base_ms, scopes = [], []
    for i, row in enumerate(sample.itertuples(index=False)):
        iso3 = row.countries[0] if row.countries else None
        country = Scope((row.uri,), iso3, None, None)
        total = count_jobs(cube, country)
        deep = min(1000, max(0, (total - 1) // PAGE_SIZE * PAGE_SIZE))
        plan = {"top country": (country, (), 0), "all countries": (Scope((row.uri,), None, None, None), (), 0),
                "top country, 5 selected skills": (country, skills_of(row.uri), 0), "deep page": (country, (), deep)}
        for case, (scope, skills, offset) in plan.items():
            t0 = time.perf_counter()
            page = list_jobs(cube, scope, skills=skills, offset=offset)
            ms = (time.perf_counter() - t0) * 1000
            if i >= 3:  # warm-up: the first reads open the file and fill the OS cache
                timings[case].append(ms)
            assert len(page["jobs"]) == min(PAGE_SIZE, max(0, page["total"] - offset))
        t0 = time.perf_counter()
        baseline(country, 0)
        if i >= 3:
            base_ms.append((time.perf_counter() - t0) * 1000)
        scopes.append(total)
    summaries = {case: util.summarise(values) for case, values in timings.items()}
    every = [v for values in timings.values() for v in values]
    overall = util.summarise(every)
    baseline_summary = util.summarise(base_ms)
    version = data_dir / "versions" / (data_dir / "CURRENT").read_text().strip()
    postings_bytes, cube_bytes = postings_file(cube).stat().st_size, _folder_bytes(version)
    for case, summary in summaries.items():
        log(f"    {case}: {summary}")
    log(f"    pandas in memory: {baseline_summary}; postings.parquet {postings_bytes / 1e6:.1f} MB of "
        f"{cube_bytes / 1e6:.1f} MB")
    worst_p95 = max(s["p95"] for s in summaries.values() if s["p95"] is not None)
    return {
        "cube_postings": sizes.serve_postings,
        "occupations": len(sample) - 3,
        "scope_postings": util.summarise(scopes, digits=0),
        "page_ms": summaries,
        "all_pages_ms": overall,
        "baseline_pandas_in_memory_ms": baseline_summary,
        "ratio_median_baseline_over_page": util.ratio(baseline_summary["median"], summaries["top country"]["median"]),
        "postings_parquet_mb": round(postings_bytes / 1e6, 1),
        "cube_mb": round(cube_bytes / 1e6, 1),
        "postings_share_of_cube": round(postings_bytes / cube_bytes, 3),
        "targets": [util.target("a page of jobs, worst case's p95" + ("" if sizes.mode == "full" else
                                " (target is for 10M postings)"),
                                measured=round(worst_p95, 2), limit=25, unit="ms", full_size=sizes.mode == "full")],
    }
