"""Benchmark 5: 50 simulated users against gunicorn with 2 workers on loopback.

A bounded thread script (no extra dependency): each user opens the page (``/``, layout,
dependencies, the page-load callbacks), then repeats an interaction — change occupation
(70 %) or click one of its top countries (30 %) — with a think time drawn uniformly from
1–5 s (locust's ``between(1, 5)``), for the duration. Every request's loopback time and
status is recorded; an error is any status other than 200/204 or a failed request.
Baseline in the same run: one user, same script, 0.2 s think time (unloaded latency).
"""
from __future__ import annotations

import random
import threading
import time

import requests

from bench import util
from bench.dash_client import DashClient
from bench.latency import _click, find_components, occupation_sample
from bench.util import Sizes

THINK_S = (1.0, 5.0)
BASELINE_THINK_S = (0.2, 0.2)


class _Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.request_ms: list[float] = []
        self.interaction_ms: list[float] = []
        self.errors: list[str] = []
        self.interactions = 0

    def add(self, interaction) -> None:
        with self.lock:
            self.interactions += 1
            self.interaction_ms.append(interaction.ms)
            self.request_ms += [r.ms for r in interaction.requests]
            self.errors += [f"{r.output}: HTTP {r.status}" for r in interaction.errors]

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def _user(url: str, sample, deadline: float, think: tuple[float, float], rec: _Recorder, seed: int) -> None:
    rng = random.Random(seed)
    try:
        client = DashClient(url, session=requests.Session(), fetch_page=True)
        picker, map_id = find_components(client)
        rec.add(client.page_load())
        row = None
        while time.perf_counter() < deadline:
            time.sleep(rng.uniform(*think))
            if time.perf_counter() >= deadline:
                break
            if row is None or rng.random() < 0.7:
                row = sample[rng.randrange(len(sample))]
                rec.add(client.set_props({(picker, "value"): row.option}))
            else:
                rec.add(client.set_props({(map_id, "clickData"): _click(rng.choice(row.countries))}))
    except Exception as error:  # noqa: BLE001 - a failed request is an error to count, not a crash
        rec.error(f"{type(error).__name__}: {str(error)[:200]}")


def _load(url: str, sample, *, users: int, seconds: float, think: tuple[float, float]) -> dict:
    rec = _Recorder()
    start = time.perf_counter()
    deadline = start + seconds
    threads = [threading.Thread(target=_user, args=(url, sample, deadline, think, rec, n), daemon=True)
               for n in range(users)]
    for n, thread in enumerate(threads):
        thread.start()
        time.sleep(min(0.05, seconds / 100))  # ramp up over a short moment, not all in one instant
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - start
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "think_time_s": list(think),
        "interactions": rec.interactions,
        "requests": len(rec.request_ms),
        "requests_per_s": round(len(rec.request_ms) / elapsed, 1),
        "request_ms": util.summarise(rec.request_ms),
        "interaction_ms": util.summarise(rec.interaction_ms),
        "errors": len(rec.errors),
        "error_examples": sorted(set(rec.errors))[:10],
    }


def run(sizes: Sizes, *, log=print, profile: bool = False) -> dict:
    data_dir = util.ensure_cube(sizes.serve_postings, log=log)
    sample = list(occupation_sample(data_dir, 200).itertuples(index=False))
    profile_summary = None
    with util.serve("gunicorn", data_dir, workers=2, name="concurrency-gunicorn") as server:
        find_components(DashClient(server.url))  # Skip early when the screen is not there yet
        baseline = _load(server.url, sample, users=1, seconds=sizes.load_baseline_seconds, think=BASELINE_THINK_S)
        log(f"    1 user: p95 {baseline['request_ms']['p95']} ms over {baseline['requests']} requests")
        profiler = None
        if profile:
            from bench import profiling

            profiler = profiling.PySpy(server.proc.pid, name="concurrency-gunicorn")
        loaded = _load(server.url, sample, users=sizes.load_users, seconds=sizes.load_seconds, think=THINK_S)
        if profiler is not None:
            profile_summary = profiler.stop()
        log(f"    {sizes.load_users} users: p95 {loaded['request_ms']['p95']} ms over {loaded['requests']} requests, "
            f"{loaded['errors']} errors")
    result = {
        "cube_postings": sizes.serve_postings,
        "server": "gunicorn -w 2" + (" -c gunicorn.conf.py" if (util.REPO_ROOT / "gunicorn.conf.py").is_file() else ""),
        "load": loaded,
        "baseline_one_user": baseline,
        "ratio_p95_one_user_over_loaded": util.ratio(baseline["request_ms"]["p95"], loaded["request_ms"]["p95"], digits=2),
        "targets": [
            util.target(f"{sizes.load_users} users, request p95 over {sizes.load_seconds:g} s"
                        + ("" if sizes.load_seconds >= 60 else " (target is for 60 s)"),
                        measured=loaded["request_ms"]["p95"], limit=250, unit="ms",
                        full_size=sizes.load_seconds >= 60 and sizes.serve_postings >= 10_000_000),
            util.target("errors under load", measured=loaded["errors"], limit=0, unit="errors"),
        ],
    }
    if profile_summary:
        result["profile"] = profile_summary
    return result
