"""Serving hardening (issue 8): security headers, a CSP the app satisfies, no internals on errors,
forged callback bodies refused with a 400 before Dash turns them into a 500."""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from web import http_security
from helpers import BAD_INPUTS_DIR, TINY_TAXONOMY

HASH = "'sha256-jZlsGVOhUAIcH+4PVs7QuGZkthRMgvT2n0ilH6/zTM0='"


def _directives(csp: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in csp.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


# --- pure header values -------------------------------------------------------------------------


def test_csp_allows_only_this_origin_and_the_given_script_hashes():
    directives = _directives(http_security.content_security_policy([HASH]))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'", HASH]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    sources = [s for values in directives.values() for s in values]
    # No external host, no wildcard, no scheme-wide source except data:/blob: for images.
    assert not [s for s in sources if "://" in s or "*" in s or s in ("http:", "https:")]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


@pytest.mark.parametrize(
    "bad_hash",
    ["'unsafe-inline'", "https://cdn.example.com", "*", "'sha256-abc' https://evil.example", "sha256-abc"],
)
def test_csp_refuses_anything_but_a_hash_source(bad_hash):
    with pytest.raises(ValueError, match="not a CSP hash"):
        http_security.content_security_policy([bad_hash])


@pytest.mark.parametrize(
    "header, expected",
    [
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        ("Content-Security-Policy", "default-src 'self'"),
    ],
)
def test_security_headers(header, expected):
    headers = http_security.security_headers("default-src 'self'")
    assert headers[header] == expected


# --- forged callback bodies ---------------------------------------------------------------------

CALLBACKS = {
    "country-panel-title.children": {
        "inputs": [{"id": "jobs-map", "property": "clickData"}],
        "state": [],
    },
    "..a.children...b.figure..": {
        "inputs": [{"id": "x", "property": "value"}, {"id": "y", "property": "value"}],
        "state": [{"id": "z", "property": "data"}],
    },
}
GOOD_SINGLE = {
    "output": "country-panel-title.children",
    "outputs": {"id": "country-panel-title", "property": "children"},
    "inputs": [{"id": "jobs-map", "property": "clickData", "value": None}],
    "changedPropIds": ["jobs-map.clickData"],
}
GOOD_MULTI = {
    "output": "..a.children...b.figure..",
    "outputs": [{"id": "a", "property": "children"}, {"id": "b", "property": "figure"}],
    "inputs": [{"id": "x", "property": "value", "value": 1}, {"id": "y", "property": "value", "value": "<b>"}],
    "state": [{"id": "z", "property": "data", "value": {"any": ["thing"]}}],
    "changedPropIds": [],
}


@pytest.mark.parametrize("body", [GOOD_SINGLE, GOOD_MULTI], ids=["single", "multi"])
def test_well_formed_bodies_pass(body):
    assert http_security.malformed_update_reason(body, CALLBACKS) is None


@pytest.mark.parametrize(
    "body, reason",
    [
        (None, "JSON object"),
        ([], "JSON object"),
        ("text", "JSON object"),
        ({}, "unknown callback output"),
        ({**GOOD_SINGLE, "output": "nope.children"}, "unknown callback output"),
        ({**GOOD_SINGLE, "output": ["list"]}, "unknown callback output"),
        ({**GOOD_SINGLE, "outputs": None}, "outputs"),
        ({**GOOD_SINGLE, "outputs": {"id": 3, "property": "children"}}, "outputs"),
        ({**GOOD_SINGLE, "outputs": {"id": "evil", "property": "children"}}, "do not match"),
        ({**GOOD_MULTI, "outputs": [{"id": "a", "property": "children"}]}, "do not match"),
        ({**GOOD_SINGLE, "inputs": None}, "inputs must be a list"),
        ({**GOOD_SINGLE, "inputs": "x"}, "inputs must be a list"),
        ({**GOOD_SINGLE, "inputs": [1]}, "inputs must be a list"),
        ({**GOOD_SINGLE, "inputs": []}, "expected 1 items, got 0"),
        ({**GOOD_MULTI, "state": []}, "state: expected 1"),
        ({**GOOD_MULTI, "state": {"id": "z"}}, "state must be a list"),
        ({**GOOD_SINGLE, "changedPropIds": "jobs-map.clickData"}, "changedPropIds"),
        ({**GOOD_SINGLE, "changedPropIds": [None]}, "changedPropIds"),
    ],
)
def test_forged_bodies_are_named(body, reason):
    assert reason in (http_security.malformed_update_reason(body, CALLBACKS) or "")


def test_pattern_matching_outputs_are_accepted():
    callbacks = {'{"index":["ALL"],"type":"row"}.children': {"inputs": [], "state": []}}
    body = {
        "output": '{"index":["ALL"],"type":"row"}.children',
        "outputs": [[{"id": {"type": "row", "index": 1}, "property": "children"}]],
        "inputs": [],
    }
    assert http_security.malformed_update_reason(body, callbacks) is None


# --- the app: every response hardened -------------------------------------------------------------

TAXONOMY_DIR = TINY_TAXONOMY
POSTINGS = BAD_INPUTS_DIR / "country_forms.csv"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from app import create_app
    from dashboard.building.build import build
    from dashboard.settings import Settings

    data_dir = tmp_path_factory.mktemp("http") / "cube"
    build(esco=[TAXONOMY_DIR], postings=[POSTINGS], data_dir=data_dir, progress=False)
    app = create_app(Settings(data_dir=data_dir))
    # A route that fails, added before the first request (Flask refuses new routes after it).
    app.server.add_url_rule("/__test_explode", "__test_explode", _explode)
    return app


def _explode():
    raise RuntimeError(f"secret detail at {Path(__file__)}")


@pytest.fixture()
def client(app):
    return app.server.test_client()


def executable_inline_scripts(html: str) -> list[str]:
    """Inline scripts a browser would run: not in comments, no src, not a JSON data block."""
    html = re.sub(r"<!--.*?-->", "", html, flags=re.S)
    return [text for attrs, text in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
            if "src=" not in attrs and "application/json" not in attrs]


def test_page_csp_covers_every_inline_script(client):
    response = client.get("/")
    assert response.status_code == 200
    csp = _directives(response.headers["Content-Security-Policy"])
    scripts = executable_inline_scripts(response.get_data(as_text=True))
    assert scripts, "the Dash page has at least the renderer start-up script"
    for text in scripts:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp["script-src"], text[:80]


@pytest.mark.parametrize(
    "path",
    ["/", "/_dash-layout", "/_dash-dependencies", "/assets/bootstrap.min.css", "/topojson/world_110m.json",
     "/assets/no-such-file.css", "/_favicon.ico"],
)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"):
        assert response.headers.get(name), f"{path}: no {name}"


def test_dev_tools_are_off_by_default(client):
    from app import parse_args
    from dashboard.settings import load_settings

    assert load_settings(parse_args([]), environ={}).debug is False
    config = re.search(r'<script id="_dash-config" type="application/json">(.*?)</script>',
                       client.get("/").get_data(as_text=True), flags=re.S).group(1)
    assert '"ui":false' in config and '"props_check":false' in config


@pytest.mark.parametrize(
    "path",
    ["/topojson/../../app.py", "/topojson/..%2f..%2fapp.py", "/topojson/%2e%2e/%2e%2e/app.py",
     "/assets/../app.py", "/_dash-component-suites/dash/../../../../etc/passwd"],
)
def test_no_file_outside_the_served_folders(client, path):
    response = client.get(path)
    body = response.get_data(as_text=True)
    assert "create_app" not in body and "root:" not in body
    assert response.status_code in (200, 400, 404)  # 200 only as the app's own index page
    if response.status_code == 200:
        assert "react-entry-point" in body


def test_a_server_error_shows_no_internals(client):
    response = client.get("/__test_explode")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    for leak in ("Traceback", "RuntimeError", "secret detail", str(Path(__file__).parent)):
        assert leak not in body
    assert response.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b'{"output": "nope.children"}', b'{"output": 1, "inputs": "x"}', b"null"],
)
def test_forged_callback_bodies_get_a_400(client, body):
    response = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert response.status_code == 400
    assert "Traceback" not in response.get_data(as_text=True)


def test_an_oversized_request_is_refused(client):
    payload = b'{"output": "' + b"x" * (http_security.MAX_REQUEST_BYTES + 10) + b'"}'
    response = client.post("/_dash-update-component", data=payload, content_type="application/json")
    assert response.status_code == 413


# --- the browser: the page runs under its own CSP -------------------------------------------------


def test_browser_page_runs_under_the_csp_without_violations(dash_duo, app):
    dash_duo.start_server(app)
    dash_duo.wait_for_element("#react-entry-point .js-plotly-plot", timeout=30)
    dash_duo.wait_for_no_elements("._dash-loading", timeout=10)
    assert dash_duo.get_logs() == [], "the app itself broke the CSP or logged errors"
    # The policy really is enforced, and a violation would show in the log we just checked.
    dash_duo.driver.execute_script(
        "var s = document.createElement('script'); s.textContent = 'window.__csp_bypassed = 1;';"
        "document.body.appendChild(s);"
    )
    assert dash_duo.driver.execute_script("return window.__csp_bypassed === undefined")
    messages = [entry["message"] for entry in dash_duo.get_logs() or []]
    assert len(messages) == 1 and "Content Security Policy" in messages[0], messages
