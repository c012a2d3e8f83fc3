"""Forged callback requests (issue 8): every server callback, read from /_dash-dependencies, gets
hostile inputs (unknown occupation URIs, huge strings, wrong types, out-of-range periods, bad
measures, broken view stores and deep links) through a Flask test client — no browser.
The answer is a 200 (a clean empty state or the last good view), a 204 or a 400: never a 500,
never a traceback, and no hostile input echoed back unbounded."""
from __future__ import annotations

import json
import math
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BAD_INPUTS_DIR, dash_outputs
from helpers import TINY_TAXONOMY as TAXONOMY_DIR
from layouts import ids

POSTINGS = [BAD_INPUTS_DIR / "country_forms.csv", BAD_INPUTS_DIR / "occupation_forms.csv"]
#: A 100,000-character value: no response may carry it back whole (length caps, issue 8).
HUGE = "x" * 100_000
ECHO_LIMIT = "x" * 2_000
UPDATE = "/_dash-update-component"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from app import create_app
    from dashboard.building.build import build
    from dashboard.settings import Settings

    data_dir = tmp_path_factory.mktemp("fuzz") / "cube"
    build(esco=[TAXONOMY_DIR], postings=POSTINGS, data_dir=data_dir, progress=False)
    return create_app(Settings(data_dir=data_dir))


@pytest.fixture(scope="module")
def client(app):
    client = app.server.test_client()
    # The first request makes Dash finish its set-up (callbacks attached to the app).
    assert client.get("/_dash-dependencies").status_code == 200
    return client


@pytest.fixture(scope="module")
def server_callbacks(client) -> list[dict]:
    """Every callback that runs on the server, as the page would call it."""
    deps = client.get("/_dash-dependencies").get_json()
    callbacks = []
    for dep in deps:
        if dep.get("clientside_function") or "[\"ALL\"]" in dep["output"] or "MATCH" in dep["output"]:
            continue
        outputs = dash_outputs(dep["output"])
        callbacks.append({
            "output": dep["output"],
            "outputs": outputs if dep["output"].startswith("..") else outputs[0],
            "inputs": dep["inputs"],
            "state": dep["state"],
        })
    assert len(callbacks) >= 5, "expected the screen's callbacks"
    return callbacks


# --- hostile values ------------------------------------------------------------------------------

HOSTILE_TEXT = st.sampled_from([
    "", " ", HUGE, "<script>window.__pwned=1</script>", "<img src=x onerror=window.__pwned=1>",
    "https://fixture.invalid/occupation/no-such-thing", "https://evil.example/occupation/x", "../../etc/passwd",
    "\x00", "%00", "' OR 1=1 --", "NaN", "-1", "2025-13", "9999-99", "0000-00", "☃" * 50, "DEU", "XK", "ZZZ",
    "jobs", "per_million", "share", "population", "__proto__",
])
LEAF = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), HOSTILE_TEXT,
)
ANY_JSON = st.recursive(
    LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def occupation_values(draw):
    return draw(st.one_of(
        st.sampled_from([
            "https://fixture.invalid/occupation/software-developer",
            "https://fixture.invalid/occupation/electrician",
            "https://fixture.invalid/occupation/retired-occupation",
        ]),
        HOSTILE_TEXT, LEAF,
    ))


@st.composite
def picker_values(draw):
    """What the occupation dropdown may send: option keys (real, unknown, mangled) or anything."""
    from dashboard.reading.resolve import option_keys

    keys = list(option_keys(["https://fixture.invalid/occupation/software-developer",
                             "https://fixture.invalid/occupation/electrician"]).values())
    return draw(st.one_of(
        st.sampled_from(keys + [k.upper() for k in keys] + [k[:-1] for k in keys] + [k + "0" for k in keys]
                        + ["0000000000", "ffffffffffffffff", "job-atlas:index-loading"]),
        st.text(alphabet="0123456789abcdef", min_size=1, max_size=16),
        occupation_values(),
    ))


def period_values():
    return st.one_of(
        st.lists(st.one_of(st.integers(min_value=-(2**66), max_value=2**66), st.floats(), HOSTILE_TEXT, st.none()),
                 max_size=4),
        LEAF, ANY_JSON,
    )


@st.composite
def deep_links(draw):
    params = draw(st.dictionaries(
        st.sampled_from(["occupation", "country", "from", "to", "measure", "other", ""]),
        st.one_of(HOSTILE_TEXT, st.text(max_size=20), st.sampled_from(["2025-01", "1900-01", "2025-12", "2512.4"])),
        max_size=6,
    ))
    query = urlencode(params)
    return draw(st.sampled_from(["?", "", "?&&&", "?occupation"])) + query if draw(st.booleans()) else "?" + query


@st.composite
def view_stores(draw):
    keys = ["occupation", "country", "start", "end", "measure"]
    view = {k: draw(st.one_of(occupation_values(), HOSTILE_TEXT, LEAF)) for k in keys if draw(st.booleans())}
    return draw(st.one_of(st.just(view), ANY_JSON))


@st.composite
def click_data(draw):
    location = draw(st.one_of(st.sampled_from(["DEU", "FRA", "ATA", "XKX"]), HOSTILE_TEXT, LEAF))
    return draw(st.one_of(st.just({"points": [{"location": location}]}), st.just({"points": []}), ANY_JSON))


def value_strategy(component_id, prop: str):
    """Values a forged request might carry for one input, biased by what the input is."""
    if prop == "search":
        return st.one_of(deep_links(), LEAF)
    if prop == "clickData":
        return click_data()
    if component_id == ids.ViewStore.STORE:
        return view_stores()
    if component_id == ids.Controls.PERIOD_SLIDER:
        return period_values()
    if component_id == ids.OccupationPicker.DROPDOWN and prop == "value":
        return picker_values()
    return st.one_of(HOSTILE_TEXT, LEAF, ANY_JSON)


def _concrete_ids(draw, pattern: dict) -> list[dict]:
    """Ids matching a pattern-matching (ALL) dependency, as the page would send them."""
    count = draw(st.integers(min_value=0, max_value=3))
    return [{k: (draw(st.one_of(st.text(max_size=8), HOSTILE_TEXT, st.integers())) if v == ["ALL"] else v)
             for k, v in pattern.items()} for _ in range(count)]


def forged_body(draw, callback: dict) -> dict:
    def fill_one(item):
        component = item["id"]
        if isinstance(component, str) and component.startswith("{"):
            matches = [{"id": cid, "property": item["property"], "value": draw(value_strategy(cid, item["property"]))}
                       for cid in _concrete_ids(draw, json.loads(component))]
            # Wrong shapes too (issue 16): one entry where the page sends a list, or a bare value.
            return draw(st.one_of(st.just(matches), st.sampled_from(matches) if matches else st.just(None),
                                  LEAF, st.just([7])))
        entry = {**item, "value": draw(value_strategy(component, item["property"]))}
        return draw(st.one_of(st.just(entry), st.just([entry]), LEAF)) if draw(st.integers(0, 9)) == 0 else entry

    def fill(items):
        return [fill_one(item) for item in items]

    inputs, state = fill(callback["inputs"]), fill(callback["state"])
    flat = [i for item in inputs for i in (item if isinstance(item, list) else [item])
            if isinstance(i, dict) and "id" in i and "property" in i]
    trigger = draw(st.sampled_from(flat)) if flat else {"id": "none", "property": "none"}
    trigger_id = json.dumps(trigger["id"], sort_keys=True, separators=(",", ":")) if isinstance(trigger["id"], dict) \
        else trigger["id"]
    return {
        "output": callback["output"],
        "outputs": callback["outputs"],
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{trigger_id}.{trigger['property']}"],
    }


def check_answer(response, body: dict) -> None:
    text = response.get_data(as_text=True)
    summary = json.dumps(body, default=str)[:600]
    assert response.status_code in (200, 204, 400), f"{response.status_code} for {summary}"
    assert "Traceback" not in text
    if response.status_code == 200:
        json.loads(text)
        assert ECHO_LIMIT not in text, f"a 100,000-character input came back whole for {summary}"


def post(client, body: dict):
    # allow_nan: a forged body may carry NaN/Infinity, which Python's JSON parser accepts.
    data = json.dumps(body, allow_nan=True)
    return client.post(UPDATE, data=data, content_type="application/json")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_every_callback_survives_forged_inputs(client, server_callbacks, data):
    for callback in server_callbacks:
        body = forged_body(data.draw, callback)
        check_answer(post(client, body), body)


@pytest.mark.parametrize("value", [None, 0, -1, 10**30, 1e308, math.inf, math.nan, "abc", [], {}, [1], [0, "x"],
                                   [None, None], [5, 2], [-(10**30), 10**30], ["1", "2"], [math.nan, 1]])
def test_out_of_range_and_wrong_type_periods(client, server_callbacks, value):
    exercised = 0
    for callback in server_callbacks:
        if not any(i["id"] == ids.Controls.PERIOD_SLIDER for i in callback["inputs"]):
            continue
        inputs = [{**i, "value": value if i["id"] == ids.Controls.PERIOD_SLIDER else None} for i in callback["inputs"]]
        state = [{**s, "value": {"occupation": "https://fixture.invalid/occupation/electrician", "country": None,
                                 "start": "2025-03", "end": "2025-03", "measure": "jobs"}} for s in callback["state"]]
        body = {"output": callback["output"], "outputs": callback["outputs"], "inputs": inputs, "state": state,
                "changedPropIds": [f"{ids.Controls.PERIOD_SLIDER}.value"]}
        check_answer(post(client, body), body)
        exercised += 1
    assert exercised, "no callback reads the period slider: this test would check nothing"


@pytest.mark.parametrize(
    "store",
    [
        {"occupation": "https://fixture.invalid/occupation/no-such-thing"},
        {"occupation": HUGE, "country": HUGE, "start": HUGE, "end": HUGE, "measure": HUGE},
        {"occupation": ["list"], "country": {"a": 1}, "start": 5, "end": None, "measure": 1},
        {"occupation": "https://fixture.invalid/occupation/electrician", "start": "2030-01", "end": "1990-01",
         "measure": "population", "country": "ATA"},
        {},
        [],
        "text",
        12,
    ],
)
def test_views_with_unknown_or_broken_values_render_an_empty_state(client, server_callbacks, store):
    # The view store reaches callbacks as an Input or as a State (the view callback reads the
    # previous view as State): forge it wherever it appears.
    exercised = 0
    for callback in server_callbacks:
        places = [key for key in ("inputs", "state") if any(i["id"] == ids.ViewStore.STORE for i in callback[key])]
        if not places:
            continue
        forged = {key: [{**i, "value": store if i["id"] == ids.ViewStore.STORE else None} for i in callback[key]]
                  for key in ("inputs", "state")}
        trigger = callback["inputs"][0]
        body = {"output": callback["output"], "outputs": callback["outputs"], **forged,
                "changedPropIds": [f"{trigger['id']}.{trigger['property']}"]}
        check_answer(post(client, body), body)
        exercised += 1
    assert exercised, "no callback reads the view store: this test would check nothing"


def _view_callback(server_callbacks) -> dict:
    return next(c for c in server_callbacks if any(i["property"] == "search" for i in c["inputs"]))


def _view_request(server_callbacks, *, changed: tuple[str, str], value, state=None) -> dict:
    """A well-formed request to the view callback: one input changed to ``value``, every
    other input None, every state ``state``."""
    callback = _view_callback(server_callbacks)
    component, prop = changed
    inputs = [{**i, "value": value if (i["id"], i["property"]) == changed else None} for i in callback["inputs"]]
    return {"output": callback["output"], "outputs": callback["outputs"], "inputs": inputs,
            "state": [{**s, "value": state} for s in callback["state"]], "changedPropIds": [f"{component}.{prop}"]}


@pytest.mark.parametrize(
    "search",
    [
        "?occupation=" + quote(HUGE),
        "?occupation=electrician&country=" + quote(HUGE) + "&from=" + quote(HUGE) + "&measure=" + quote(HUGE),
        "?" + "&".join(f"occupation=o{i}" for i in range(5_000)),
        "?occupation=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
        "?from=2025-12&to=2025-01&measure=population&country=Atlantis",
    ],
    ids=["huge occupation", "huge everything", "5000 params", "script", "invalid values"],
)
def test_forged_long_deep_link_is_bounded(client, server_callbacks, search):
    """A forged URL gets the default view with a short notice, not an echo of the URL."""
    body = _view_request(server_callbacks, changed=(ids.Page.URL, "search"), value=search)
    response = post(client, body)
    check_answer(response, body)
    # A well-formed request with a forged URL is answered (default view + notice), not refused.
    assert response.status_code == 200
    notice = json.dumps(response.get_json()["response"].get(ids.Page.URL_NOTICE, {}))
    assert len(notice) < 2_000, f"notice of {len(notice)} characters"
    # The page itself loads for the forged URL too.
    page = client.get("/" + search[:20_000])
    assert page.status_code in (200, 400, 414)
    assert "Traceback" not in page.get_data(as_text=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=ANY_JSON)
def test_arbitrary_bodies_never_500(client, body):
    response = post(client, body)
    assert response.status_code in (200, 204, 400)


@pytest.mark.parametrize("value", ["0000000000", "ffffffffffffffff", "", "job-atlas:index-loading", HUGE, 7, None,
                                   ["a"], "https://fixture.invalid/occupation/no-such-thing"])
def test_an_unknown_picker_key_keeps_the_view_and_resets_the_picker(app, client, server_callbacks, value):
    """The picker sends option keys (issue 6); one naming no occupation changes nothing and puts
    the current occupation's key back in the dropdown."""
    from dashboard.reading.cube import Cube

    electrician = "https://fixture.invalid/occupation/electrician"
    key = Cube.open(app.server.config["JOB_ATLAS_SETTINGS"].data_dir).occupation_index.option_key(electrician)
    store = {"occupation": electrician, "country": None, "start": "2025-03", "end": "2025-03", "measure": "jobs"}
    body = _view_request(server_callbacks, changed=(ids.OccupationPicker.DROPDOWN, "value"), value=value, state=store)
    response = post(client, body)
    check_answer(response, body)
    assert response.status_code == 200
    answer = response.get_json()["response"]
    assert ids.ViewStore.STORE not in answer or answer[ids.ViewStore.STORE]["data"]["occupation"] == electrician
    picked = answer[ids.OccupationPicker.DROPDOWN]["value"]
    assert picked == key and len(key) <= 16


@pytest.mark.parametrize("shape", ["one entry", "number", "string", "null", "list of numbers", "entry with a list value"])
def test_export_menu_given_wrong_shapes_never_500(client, server_callbacks, shape):
    # Issue 16: the export callback's pattern-matching input given a number answered 500.
    export = next(c for c in server_callbacks if "export-item" in json.dumps(c["inputs"]))
    item = {"id": {"chart": "map", "format": "png", "type": "export-item"}, "property": "n_clicks", "value": 1}
    value = {"one entry": item, "number": 5, "string": "x", "null": None, "list of numbers": [1, 2],
             "entry with a list value": [{**item, "value": [1]}]}[shape]
    body = {"output": export["output"], "outputs": export["outputs"], "inputs": [value],
            "state": [{"id": ids.ViewStore.STORE, "property": "data", "value": None}],
            "changedPropIds": ['{"chart":"map","format":"png","type":"export-item"}.n_clicks']}
    check_answer(post(client, body), body)
