"""The app behind gunicorn: two workers on loopback serve the page, its assets and callbacks (issue 7).

Starts the documented command (``gunicorn app:server -c gunicorn.conf.py -w 2``, through
``python -m gunicorn`` so it is this interpreter's gunicorn) against a small cube built in
the test, talks to it over HTTP like a browser does, and stops it with SIGTERM.
"""
from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from dashboard.building.build import build
from helpers import POSTINGS_FIXTURES, REPO_ROOT, clean_environ, dash_outputs, free_port, wait_until_serving
from helpers import TINY_TAXONOMY as TINY
from layouts import ids

POSTINGS = POSTINGS_FIXTURES / "multiline_ragged.csv"
#: Generous: two workers import the app on a busy 2-core machine. Not a timing assert.
START_TIMEOUT_S = 90


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running gunicorn (2 workers) on a free loopback port; yields (base URL, log path)."""
    tmp = tmp_path_factory.mktemp("gunicorn")
    data_dir = tmp / "cube"
    build(esco=[TINY], postings=[POSTINGS], data_dir=data_dir, progress=False)
    port = free_port()
    env = clean_environ(JOB_ATLAS_DATA_DIR=str(data_dir))
    log_path = tmp / "gunicorn.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "app:server", "-c", "gunicorn.conf.py", "-w", "2",
             "-b", f"127.0.0.1:{port}"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_ready(base, process, log_path)
        yield {"base": base, "log": log_path, "process": process}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(base: str, process: subprocess.Popen, log_path: Path) -> None:
    if not wait_until_serving(base + "/", process=process, timeout=START_TIMEOUT_S):
        why = f"exited with {process.returncode}" if process.poll() is not None else f"not ready after {START_TIMEOUT_S}s"
        pytest.fail(f"gunicorn {why}:\n{log_path.read_text(errors='replace')[-3000:]}")


# -- helpers that speak Dash's protocol ------------------------------------------------------

def layout_props(node, found: dict | None = None) -> dict[str, dict]:
    """Every component with a string id in a /_dash-layout tree: id -> props."""
    found = {} if found is None else found
    if isinstance(node, dict):
        props = node.get("props")
        if "type" in node and isinstance(props, dict):
            if isinstance(props.get("id"), str):
                found[props["id"]] = props
            for value in props.values():
                layout_props(value, found)
        else:
            for value in node.values():
                layout_props(value, found)
    elif isinstance(node, list):
        for value in node:
            layout_props(value, found)
    return found


def update_payload(callback: dict, props: dict[str, dict], *, overrides: dict | None = None) -> dict:
    """The body the browser posts to /_dash-update-component for ``callback``, values from the layout."""
    overrides = overrides or {}

    def fill(items):
        # An ALL wildcard input (the breakdown's tick boxes, issue 14) matches nothing on a fresh
        # page: the browser sends an empty list for it.
        return [[] if _all_wildcard(i["id"]) else
                {"id": i["id"], "property": i["property"],
                 "value": overrides.get((i["id"], i["property"]), props.get(i["id"], {}).get(i["property"]))}
                for i in items]

    outputs = dash_outputs(callback["output"])
    changed = [f"{i['id']}.{i['property']}" for i in callback["inputs"] if (i["id"], i["property"]) in overrides]
    return {
        "output": callback["output"],
        "outputs": outputs if callback["output"].startswith("..") else outputs[0],
        "inputs": fill(callback["inputs"]),
        "state": fill(callback["state"]),
        "changedPropIds": changed or [f"{callback['inputs'][0]['id']}.{callback['inputs'][0]['property']}"],
    }


def _all_wildcard(component_id: object) -> bool:
    return isinstance(component_id, str) and component_id.startswith("{") and '["ALL"]' in component_id


def plain_callbacks(dependencies: list[dict]) -> list[dict]:
    """Server-side callbacks whose ids are plain strings or ALL wildcards (MATCH ones need a page)."""
    def plain(items):
        return all(not str(i["id"]).startswith("{") or _all_wildcard(i["id"]) for i in items)

    return [c for c in dependencies if not c.get("clientside_function") and plain(c["inputs"]) and plain(c["state"])
            and not any(isinstance(part["id"], dict) for part in dash_outputs(c["output"]))]


# -- tests ---------------------------------------------------------------------------------------

def test_two_workers_boot_on_loopback(server):
    log = server["log"].read_text(errors="replace")
    assert len(re.findall(r"Booting worker with pid", log)) == 2, log
    assert re.search(r"Listening at: http://127\.0\.0\.1:\d+", log), log


def test_the_page_is_served_with_the_dash_config(server):
    response = requests.get(server["base"] + "/", timeout=30)
    assert response.status_code == 200
    assert 'id="_dash-config"' in response.text
    config = json.loads(re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>',
                                  response.text, re.S).group(1))
    assert config["requests_pathname_prefix"] == "/"


def test_a_component_bundle_is_served_locally(server):
    page = requests.get(server["base"] + "/", timeout=30).text
    assets = re.findall(r'src="(/_dash-component-suites/[^"]+\.js)"', page)
    assert assets, "no component bundle linked from the page"
    response = requests.get(server["base"] + assets[0], timeout=30)
    assert response.status_code == 200
    assert "javascript" in response.headers["Content-Type"]
    assert len(response.content) > 1000


def test_the_map_click_callback_answers_through_gunicorn(server):
    base = server["base"]
    dependencies = requests.get(base + "/_dash-dependencies", timeout=30).json()
    props = layout_props(requests.get(base + "/_dash-layout", timeout=30).json())
    clicked = [c for c in plain_callbacks(dependencies)
               if any(i["id"] == ids.Map.GRAPH and i["property"] == "clickData" for i in c["inputs"])]
    assert clicked, "no callback listens to clicks on the map"
    click = {"points": [{"location": "DEU", "curveNumber": 0, "pointNumber": 0}]}
    body = update_payload(clicked[0], props, overrides={(ids.Map.GRAPH, "clickData"): click})
    response = requests.post(base + "/_dash-update-component", json=body, timeout=60)
    assert response.status_code == 200, response.text[:500]
    answer = response.json()["response"]
    assert {o["id"] for o in dash_outputs(clicked[0]["output"])} & set(answer)


def test_every_plain_callback_answers_from_either_worker(server):
    # Workers share nothing but the cube: whichever answers, each callback works from the
    # page's initial values (204 = the callback chose not to update).
    base = server["base"]
    dependencies = requests.get(base + "/_dash-dependencies", timeout=30).json()
    props = layout_props(requests.get(base + "/_dash-layout", timeout=30).json())
    callbacks = plain_callbacks(dependencies)
    assert callbacks
    statuses = {}
    for callback in callbacks:
        response = requests.post(base + "/_dash-update-component", json=update_payload(callback, props), timeout=60)
        statuses[callback["output"]] = response.status_code
    assert set(statuses.values()) <= {200, 204}, statuses
    assert 200 in statuses.values()


def test_sigterm_stops_master_and_workers(server):
    process = server["process"]
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0
    log = server["log"].read_text(errors="replace")
    assert "Shutting down: Master" in log
    assert len(re.findall(r"Worker exiting \(pid: \d+\)", log)) == 2, log
