"""Benchmark 1: interaction latency over HTTP on loopback, and bytes per update.

The app runs as ``python app.py`` on the served cube. A :class:`DashClient` changes the
occupation and clicks a country exactly as the renderer would (every callback the change
triggers, chains included); an interaction's server time is the sum of its requests.
Baseline, interleaved with the product in the same run: the whole map figure with its
geometry, built with ``dashboard.figures`` and serialised with plotly's ``to_json`` — what
an update costs when it does not travel as a ``dash.Patch``.
"""
from __future__ import annotations

import gzip
import inspect
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from bench import util
from bench.dash_client import PATCH_MARK, DashClient, Interaction, output_value
from bench.util import Sizes

WARMUP = 3
#: Subjects other than one occupation (issue 15), each timed like an occupation change and
#: followed by a country click (for "all", the country-first click: a country's top
#: occupations, ISCO groups and skills).
SUBJECT_KINDS = ("isco4", "isco1", "skill", "all")


def occupation_sample(data_dir: Path, count: int, *, seed: int = 6) -> pd.DataFrame:
    """Occupations with jobs, sampled across the whole distribution; each with its picker option
    key and its top countries."""
    version = (data_dir / "CURRENT").read_text().strip()
    jobs = pd.read_parquet(data_dir / "versions" / version / "jobs.parquet", columns=["occupation_uri", "iso3", "jobs"])
    by_country = jobs.groupby(["occupation_uri", "iso3"])["jobs"].sum().reset_index()
    totals = by_country.groupby("occupation_uri")["jobs"].sum()
    rng = np.random.default_rng(seed)
    chosen = rng.choice(totals.index.to_numpy(), size=min(count + WARMUP, len(totals)), replace=False)
    top = (by_country.sort_values(["occupation_uri", "jobs"], ascending=[True, False])
           .groupby("occupation_uri")["iso3"].apply(lambda s: s.head(3).tolist()))
    # What the browser sends when a user picks the occupation: the picker's short option key.
    from dashboard.reading.resolve import option_keys

    all_uris = pd.read_parquet(data_dir / "versions" / version / "occupations.parquet", columns=["occupation_uri"])
    keys = option_keys(all_uris["occupation_uri"].astype(str).tolist())
    return pd.DataFrame({"uri": chosen, "option": [keys[uri] for uri in chosen], "jobs": totals.loc[chosen].to_numpy(),
                         "countries": top.loc[chosen].to_numpy()})


def subject_sample(data_dir: Path, count: int, *, seed: int = 6) -> dict[str, list[tuple[str, list[str]]]]:
    """Per subject kind, ``count`` picker values (``isco:CODE``, ``skill:URI``, ``all:``) with
    the countries to click after each: ISCO groups and skills that have postings, drawn across
    the distribution; "all" is one subject, so it is repeated with a different country each time
    (after the first, its "change" is no change: only its country-first click is a target)."""
    version = (data_dir / "CURRENT").read_text().strip()
    tables = data_dir / "versions" / version
    jobs = pd.read_parquet(tables / "jobs.parquet", columns=["occupation_uri", "iso3", "jobs"])
    occupations = pd.read_parquet(tables / "occupations.parquet", columns=["occupation_uri", "isco_group"])
    jobs = jobs.merge(occupations, on="occupation_uri")
    countries = jobs.groupby("iso3")["jobs"].sum().sort_values(ascending=False).index.tolist()
    rng = np.random.default_rng(seed)
    picks: dict[str, list[tuple[str, list[str]]]] = {}
    for kind, digits in (("isco4", 4), ("isco1", 1)):
        codes = jobs["isco_group"].astype(str).str[:digits]
        codes = sorted(c for c in codes.unique() if c.isdigit() and len(c) == digits)
        chosen = rng.choice(codes, size=min(count, len(codes)), replace=False) if codes else []
        picks[kind] = [(f"isco:{c}", countries[:3]) for c in chosen]
    demand = pd.read_parquet(tables / "skill_demand.parquet", columns=["skill_uri", "postings"])
    skills = demand.groupby("skill_uri")["postings"].sum().sort_values(ascending=False).index.to_numpy()
    chosen = rng.choice(skills, size=min(count, len(skills)), replace=False) if len(skills) else []
    picks["skill"] = [(f"skill:{uri}", countries[:3]) for uri in chosen]
    picks["all"] = [("all:", [countries[i % len(countries)]]) for i in range(min(count, len(countries)))]
    return picks


def subject_latency(client: DashClient, picker: str, map_id: str, picks: dict) -> dict:
    """p95 server time of a subject change and the country click after it, per kind."""
    result = {}
    for kind in SUBJECT_KINDS:
        change_ms, click_ms, errors = [], [], 0
        for n, (value, countries) in enumerate(picks.get(kind, ())):
            change = client.set_props({(picker, "value"): value})
            click = client.set_props({(map_id, "clickData"): _click(countries[0])})
            # Back to no country, so the next subject change is not also a country's view.
            client.set_props({(map_id, "clickData"): _click(countries[0])})
            errors += len(change.errors) + len(click.errors)
            if n >= 1:  # the first of each kind warms that kind's caches
                change_ms.append(change.ms)
                click_ms.append(click.ms)
        result[kind] = {"change_ms": util.summarise(change_ms), "country_click_ms": util.summarise(click_ms),
                        "errors": errors}
    return result


def find_components(client: DashClient) -> tuple[str, str]:
    """The occupation picker and the map, by their ids in ``layouts.ids``."""
    from layouts import ids

    # ids come in families (ids.Map.GRAPH) since issue 13; the flat names before that, so the
    # benchmark still runs against the commit before.
    family = getattr(ids, "Map", None)
    map_id = family.GRAPH if family is not None else ids.JOBS_MAP
    picker = getattr(ids, "OccupationPicker", None)
    candidates = ([picker.DROPDOWN] if picker is not None else
                  [getattr(ids, name) for name in dir(ids) if name.startswith("OCCUPATION") and isinstance(getattr(ids, name), str)])
    pickers = [c for c in candidates if client.types.get(c, "").endswith(".Dropdown")]
    if not pickers:
        pickers = client.find_ids(contains="occupation", type_name="Dropdown")
    pickers = [p for p in pickers if "isco" not in p and "group" not in p]
    if not pickers:
        raise util.Skip("no occupation picker (a Dropdown with an occupation id) in the layout yet")
    return pickers[0], map_id


class FullFigureBaseline:
    """The whole choropleth, geometry included, as one JSON document (no Patch)."""

    def __init__(self, data_dir: Path):
        from dashboard import figures, geo
        from dashboard.reading import queries
        from dashboard.reading.cube import Cube

        self.cube = Cube.open(data_dir)
        self.queries, self.figures = queries, figures
        self.geojson = geo.load_geojson()
        params = inspect.signature(figures.jobs_map_figure).parameters
        self.kwargs = {"measure": "jobs"} if "measure" in params else {"value_column": "jobs", "value_label": "Jobs"}

    def update(self, uri: str) -> tuple[float, int, int]:
        """Build and serialise the figure: ms, JSON bytes, gzip bytes."""
        start = time.perf_counter()
        by_country = self.queries.jobs_by_country(self.cube, uri)
        figure = self.figures.jobs_map_figure(by_country, geojson=self.geojson, **self.kwargs)
        body = figure.to_json().encode()
        ms = (time.perf_counter() - start) * 1000
        return ms, len(body), len(gzip.compress(body, 6))


def _click(iso3: str) -> dict:
    # What plotly.js puts in clickData for a choropleth point (curve 1: the coloured data trace).
    return {"points": [{"curveNumber": 1, "pointNumber": 0, "pointIndex": 0, "location": iso3}]}


def run(sizes: Sizes, *, log=print, profile: bool = False) -> dict:
    data_dir = util.ensure_cube(sizes.serve_postings, log=log)
    sample = occupation_sample(data_dir, sizes.latency_interactions)
    baseline = FullFigureBaseline(data_dir)
    occ_ms, occ_bytes, click_ms, click_bytes, map_bytes, base_ms, base_bytes, base_gz = ([] for _ in range(8))
    per_callback: dict[str, list[float]] = defaultdict(list)
    patches, errors, map_updates = 0, [], 0
    profile_summary = None
    with util.serve("app", data_dir, name="latency-app") as server:
        client = DashClient(server.url)
        picker, map_id = find_components(client)
        client.page_load()
        profiler = None
        if profile:
            from bench import profiling

            profiler = profiling.PySpy(server.proc.pid, name="latency-app")
        selected = None
        for n, row in enumerate(sample.itertuples(index=False)):
            change = client.set_props({(picker, "value"): row.option})
            country = next((c for c in row.countries if c != selected), row.countries[0])
            click = client.set_props({(map_id, "clickData"): _click(country)})
            selected = None if country == selected else country
            ms, size, gz = baseline.update(row.uri)
            for interaction in (change, click):
                errors += [f"{r.output}: HTTP {r.status}" for r in interaction.errors]
            if n < WARMUP:
                continue
            occ_ms.append(change.ms)
            occ_bytes.append(change.wire_bytes)
            click_ms.append(click.ms)
            click_bytes.append(click.wire_bytes)
            base_ms.append(ms)
            base_bytes.append(size)
            base_gz.append(gz)
            for request in change.requests + click.requests:
                per_callback[request.output].append(request.ms)
            figure = output_value(change, map_id, "figure")
            if figure is not None:
                map_updates += 1
                map_bytes.append(figure[1])
                patches += isinstance(figure[0], dict) and PATCH_MARK in figure[0]
        if profiler is not None:
            profile_summary = profiler.stop()
        requests_per_change = len(change.requests)
        subjects = subject_latency(client, picker, map_id,
                                   subject_sample(data_dir, max(2, sizes.latency_interactions // 4)))
    occupation = util.summarise(occ_ms)
    base = util.summarise(base_ms)
    map_kb = util.summarise([b / 1024 for b in map_bytes])
    full_scale = sizes.serve_postings >= 10_000_000
    note = "" if full_scale else " (target is for a 10M cube)"
    result = {
        "cube_postings": sizes.serve_postings,
        "interactions": len(occ_ms),
        "requests_per_occupation_change": requests_per_change,
        "occupation_change_ms": occupation,
        "country_click_ms": util.summarise(click_ms),
        "occupation_change_wire_kb": util.summarise([b / 1024 for b in occ_bytes]),
        "country_click_wire_kb": util.summarise([b / 1024 for b in click_bytes]),
        "map_update_json_kb": map_kb,
        "map_updates_as_patch": f"{patches}/{map_updates}",
        "per_callback_ms": {k: util.summarise(v) for k, v in sorted(per_callback.items())},
        "baseline_full_figure_ms": base,
        "baseline_full_figure_json_kb": util.summarise([b / 1024 for b in base_bytes]),
        "baseline_full_figure_gzip_kb": util.summarise([b / 1024 for b in base_gz]),
        "ratio_time_median": util.ratio(base["median"], occupation["median"]),
        "ratio_bytes_median": util.ratio(util.summarise(base_bytes)["median"], util.summarise(map_bytes)["median"]),
        "subjects": subjects,
        "errors": errors[:20],
        "error_count": len(errors),
        "targets": [
            util.target("occupation change p95 server time" + note, measured=occupation["p95"], limit=25, unit="ms",
                        full_size=full_scale),
            util.target("country click p95 server time" + note, measured=util.summarise(click_ms)["p95"], limit=25, unit="ms",
                        full_size=full_scale),
            util.target("map update size per occupation change (p95)", measured=map_kb["p95"], limit=10, unit="KB"),
            util.target("map updates sent as dash.Patch", measured=round(100 * patches / map_updates, 1) if map_updates else None,
                        limit=100, unit="%", higher_is_better=True),
            util.target("callback errors", measured=len(errors), limit=0, unit="errors"),
            *[util.target(f"{kind} {what} p95 server time" + note, measured=subjects[kind][key]["p95"], limit=25,
                          unit="ms", full_size=full_scale)
              for kind in SUBJECT_KINDS for what, key in (("change", "change_ms"), ("country click", "country_click_ms"))
              if (kind, key) != ("all", "change_ms")],
            util.target("subject callback errors", measured=sum(s["errors"] for s in subjects.values()), limit=0,
                        unit="errors"),
        ],
    }
    if profile_summary:
        result["profile"] = profile_summary
    return result
