"""HTTP hardening values for the web app: security headers and checks on forged callback requests.

Pure functions for the values, and ``harden(app)``, which app.py calls to install them as
``after_request`` / ``before_request`` hooks. Issue 8: a dashboard ends up on the open internet, so every
response says what the browser may load, and a request Dash itself would choke on (a 500
with a traceback in the log) is refused with a 400 before it reaches Dash.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

import dash
from flask import request

#: Largest request body the app accepts (Flask ``MAX_CONTENT_LENGTH``; bigger gets a 413).
#: A real ``/_dash-update-component`` body is a few kilobytes; nothing in the app uploads files.
MAX_REQUEST_BYTES = 1_000_000

#: The path every Dash callback request is posted to (below the app's URL prefix).
UPDATE_COMPONENT_PATH = "_dash-update-component"


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The Content-Security-Policy header value: this origin only, no external host.

    Parameters
    ----------
    script_hashes
        CSP source expressions for the inline scripts the page carries, as returned by
        Dash's ``app.csp_hashes()`` (e.g. ``"'sha256-...'"``): the renderer start-up script
        and any clientside callbacks. No ``'unsafe-inline'`` or ``'unsafe-eval'`` for scripts.

    Notes
    -----
    ``style-src`` keeps ``'unsafe-inline'``: plotly.js and react-select inject ``<style>``
    elements at run time and have no nonce support; styles cannot run code. Images allow
    ``data:`` and ``blob:`` because plotly's modebar icons and "download as PNG" use them.
    """
    hashes = [h.strip() for h in script_hashes if h and h.strip()]
    for expression in hashes:
        # A hash must be a quoted source expression; anything else would widen the policy.
        if not (expression.startswith("'sha") and expression.endswith("'") and " " not in expression):
            raise ValueError(f"not a CSP hash source expression: {expression!r}")
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *hashes],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(csp: str) -> dict[str, str]:
    """Headers every response carries (set only where the response has none of its own).

    Parameters
    ----------
    csp
        The Content-Security-Policy value, from :func:`content_security_policy`.
    """
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        # frame-ancestors is the modern form; X-Frame-Options covers older browsers (clickjacking).
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


def _is_dependency(item: Any) -> bool:
    return isinstance(item, Mapping) and isinstance(item.get("property"), str) and isinstance(
        item.get("id"), (str, Mapping)
    )


def _dependencies_ok(items: Any) -> bool:
    """A list of {"id", "property", ...}, or of lists of them (pattern-matching ALL)."""
    if not isinstance(items, list):
        return False
    for item in items:
        if isinstance(item, list):
            if not all(_is_dependency(sub) for sub in item):
                return False
        elif not _is_dependency(item):
            return False
    return True


def _stringify_id(component_id: Any) -> str:
    # Same as dash._utils.stringify_id: dict ids are compact, key-sorted JSON.
    if isinstance(component_id, Mapping):
        return json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return str(component_id)


def _output_key(outputs: Any) -> str | None:
    """The callback-map key a request's ``outputs`` stand for (None for pattern-matching lists)."""
    if isinstance(outputs, Mapping):
        return f"{_stringify_id(outputs['id'])}.{outputs['property']}"
    parts = []
    for item in outputs:
        if isinstance(item, list):
            return None
        parts.append(f"{_stringify_id(item['id'])}.{item['property']}")
    return ".." + "...".join(parts) + ".."


def malformed_update_reason(body: Any, callbacks: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why a ``/_dash-update-component`` body is not one the page could have sent, or None.

    Dash indexes the body without checks, so a forged body (missing key, wrong type, an
    output no callback has, too few inputs) raises inside Dash and becomes a 500. Those get
    a 400 instead. Values are not checked here: each callback validates its own inputs.

    Parameters
    ----------
    body
        The parsed JSON body.
    callbacks
        Dash's ``app.callback_map``: output key -> {"inputs": [...], "state": [...], ...}.
    """
    if not isinstance(body, Mapping):
        return "body must be a JSON object"
    output = body.get("output")
    if not isinstance(output, str) or output not in callbacks:
        return "unknown callback output"
    spec = callbacks[output]
    outputs = body.get("outputs")
    if isinstance(outputs, Mapping):
        if not _is_dependency(outputs):
            return "outputs must name an id and a property"
    elif not _dependencies_ok(outputs) or not spec.get("no_output") and not outputs:
        return "outputs must be a list of {id, property}"
    for name in ("inputs", "state"):
        items = body.get(name, [])
        if not _dependencies_ok(items):
            return f"{name} must be a list of {{id, property, value}}"
        if len(items) != len(spec.get(name, [])):
            return f"{name}: expected {len(spec.get(name, []))} items, got {len(items)}"
    changed = body.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of strings"
    # Outputs that do not match the registered callback make Dash fail after the callback ran.
    wildcard = any(w in output for w in ('["ALL"]', '["MATCH"]', '["ALLSMALLER"]'))
    if not wildcard and not spec.get("no_output"):
        key = _output_key(outputs)
        if key is not None and key != output:
            return "outputs do not match the callback output"
    return None


def harden(app: dash.Dash) -> None:
    """Security headers on every response; forged callback bodies get a 400, not a 500 (issue 8)."""
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    # After callbacks.register(): the hashes cover the renderer script and clientside callbacks.
    headers = security_headers(content_security_policy(app.csp_hashes()))

    @app.server.before_request
    def refuse_forged_callback_requests():
        if request.method == "POST" and request.path.endswith(UPDATE_COMPONENT_PATH):
            reason = malformed_update_reason(request.get_json(silent=True), app.callback_map)
            if reason:
                return {"error": f"bad callback request: {reason}"}, 400
        return None

    # Dash raises (a 500 and a logged traceback) for a component-suite path it does not serve.
    @app.server.errorhandler(dash.exceptions.DependencyException)
    def unknown_component_file(_error):
        return {"error": "not found"}, 404

    @app.server.after_request
    def add_security_headers(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response
