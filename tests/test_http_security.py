"""Serving hardening (issue 8): security headers, a CSP the app satisfies, no internals on errors,
forged callback bodies refused with a 400 before Dash turns them into a 500."""
from __future__ import annotations

import base64
import hashlib
import re

import pytest

from dashboard import http_security

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


def inline_script_hashes(html: str) -> list[str]:
    """CSP hashes of the executable inline scripts of a page (JSON data blocks do not run)."""
    hashes = []
    for attrs, text in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S):
        if "src=" in attrs or "application/json" in attrs:
            continue
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        hashes.append(f"'sha256-{digest}'")
    return hashes
