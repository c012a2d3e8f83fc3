"""Where a callback's server time goes: each query, figure builder and callback, timed in-process.

Complements the HTTP latency benchmark (which sees only whole requests): the same sample of
occupations goes through every ``dashboard.reading.queries`` function, the figure builders and the
callbacks themselves (inside a Flask app context, no HTTP), medians per step; with
``--pyinstrument`` the whole loop is profiled too and the hottest frames are printed.

Run: ``python -m bench.query_profile --data-dir bench/out/cube-1000000 [--n 30] [--pyinstrument]``.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from bench import util


def profile_queries(data_dir: Path, *, n: int = 30, use_pyinstrument: bool = False, cold: bool = False) -> dict:
    """Median ms per query, figure builder and callback over ``n`` sampled occupations.

    The cube is warmed first, as every server does before serving (``cold``: not, to time
    the DuckDB paths the CLI and exports use).
    """
    import flask

    from bench.latency import occupation_sample
    from dashboard import figures, geo
    from dashboard.reading import queries
    from dashboard.reading.cube import Cube
    from dashboard.settings import Settings

    cube = Cube.open(data_dir)
    warm_s = None
    if not cold:
        start = time.perf_counter()
        cube.warm()
        warm_s = round(time.perf_counter() - start, 2)
    geo.load_geojson()
    sample = occupation_sample(data_dir, n)
    months = cube.months
    times: dict[str, list[float]] = defaultdict(list)

    def timed(name: str, fn, *args, **kwargs):
        start = time.perf_counter()
        value = fn(*args, **kwargs)
        times[name].append((time.perf_counter() - start) * 1000)
        return value

    callbacks_to_time = []
    try:
        import callbacks.breakdown as breakdown
        import callbacks.country_panel as country_panel
        import callbacks.map_view as map_view

        callbacks_to_time = [("callback show_map", getattr(map_view.show_map, "__wrapped__", map_view.show_map), "view"),
                             ("callback show_country", getattr(country_panel.show_country, "__wrapped__", country_panel.show_country), "view"),
                             ("callback show_breakdown", getattr(breakdown.show_breakdown, "__wrapped__", breakdown.show_breakdown), "uri")]
    except (ImportError, AttributeError):
        pass
    server = flask.Flask("bench-query-profile")
    server.config["JOB_ATLAS_SETTINGS"] = Settings(data_dir=data_dir)
    profiler = None
    if use_pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
        profiler.start()
    with server.app_context():
        for row in sample.itertuples(index=False):
            uri, iso3 = row.uri, row.countries[0]
            by_country = timed("queries.jobs_by_country", queries.jobs_by_country, cube, uri)
            timed("queries.occupation_summary", queries.occupation_summary, cube, uri)
            trend = timed("queries.country_trend", queries.country_trend, cube, uri, iso3=iso3)
            skills = timed("queries.top_skills (all countries)", queries.top_skills, cube, uri, limit=15)
            timed("queries.top_skills (one country)", queries.top_skills, cube, uri, iso3=iso3, limit=15)
            timed("cube.skill_demand_of (all countries)", cube.skill_demand_of, uri)
            breakdown_df = timed("queries.skill_breakdown", queries.skill_breakdown, cube, uri)
            timed("figures.map_data_trace_update", figures.map_data_trace_update, by_country, measure="jobs")
            timed("figures.skill_demand_figure", figures.skill_demand_figure, skills, title="t")
            timed("figures.jobs_trend_figure", figures.jobs_trend_figure, trend, title="t")
            timed("figures.skill_breakdown_figure", figures.skill_breakdown_figure, queries.breakdown_counts(breakdown_df))
            view = {"occupation": uri, "country": iso3, "start": months[0] if months else None,
                    "end": months[-1] if months else None, "measure": "jobs"}
            for name, fn, arg in callbacks_to_time:
                timed(name, fn, view if arg == "view" else uri)
    result = {"cube": str(data_dir), "warm_s": warm_s, "occupations": len(sample),
              "median_ms": {k: util.summarise(v)["median"] for k, v in times.items()},
              "p95_ms": {k: util.summarise(v)["p95"] for k, v in times.items()}}
    if profiler is not None:
        profiler.stop()
        out = util.OUT_DIR / "profile-queries.txt"
        out.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
        result["pyinstrument"] = str(out.relative_to(util.REPO_ROOT))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.query_profile")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--cold", action="store_true", help="do not warm the cube (the CLI/export paths)")
    args = parser.parse_args(argv)
    print(json.dumps(profile_queries(args.data_dir.resolve(), n=args.n, use_pyinstrument=args.pyinstrument,
                                     cold=args.cold), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
