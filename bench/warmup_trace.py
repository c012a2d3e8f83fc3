"""Occupation changes over HTTP in order, from the page load on: how long the warm-up shows.

Not one of the five benchmarks: it explains the latency benchmark's p95. ``python app.py``
used to warm the cube in a background thread at start, so the first ~10 interactions after a
start took the cold paths (35-96 ms at 10M); it now warms before it listens. This prints the
first interactions one by one, then median/p95 over all of them, next to a near-empty
callback (opening and closing the ISCO browser: the picker's search runs in the browser
now) as the floor of one request through the same server.

Run: ``python -m bench.warmup_trace [--postings 10000000] [--n 80] [--pause 0]``
(``--pause 15`` starts after the warm-up has finished: the steady state).
"""
from __future__ import annotations

import argparse
import json
import sys
import time

from bench import util
from bench.dash_client import DashClient
from bench.latency import find_components, occupation_sample

def trace(postings: int, *, n: int = 80, pause: float = 0.0) -> dict:
    """Time ``n`` occupation changes (and a near-empty callback after each) from the page load on."""
    from layouts import ids

    data_dir = util.ensure_cube(postings)
    sample = occupation_sample(data_dir, n)
    occupation_ms, floor_ms = [], []
    with util.serve("app", data_dir, name="warmup-trace-app") as server:
        client = DashClient(server.url)
        picker, _ = find_components(client)
        client.page_load()
        time.sleep(pause)
        for i, row in enumerate(sample.itertuples(index=False)):
            occupation_ms.append(client.set_props({(picker, "value"): row.option}).ms)
            floor_ms.append(client.set_props({(ids.OccupationPicker.ISCO_TOGGLE, "n_clicks"): i + 1}).ms)
    return {"cube_postings": postings, "pause_s": pause, "first_20_ms": [round(x) for x in occupation_ms[:20]],
            "occupation_change_ms": util.summarise(occupation_ms), "near_empty_callback_ms": util.summarise(floor_ms),
            "loadavg_1m": util.machine_info()["loadavg_1m"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.warmup_trace")
    parser.add_argument("--postings", type=int, default=10_000_000, help="size of the served cube (cached in bench/out/)")
    parser.add_argument("--n", type=int, default=80)
    parser.add_argument("--pause", type=float, default=0.0, help="seconds to wait after the page load")
    args = parser.parse_args(argv)
    print(json.dumps(trace(args.postings, n=args.n, pause=args.pause), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
