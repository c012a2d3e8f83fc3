"""First page view (issue 6, target 2): the partial plotly.js bundle replaces Dash's full one,
static files travel compressed and cacheable, and every chart still draws with a clean console.

No timing asserts: `python -m bench --only first_load` measures bytes and time to first paint.
"""
from __future__ import annotations

import gzip
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import plotly.graph_objects as go
import pytest
from plotly.basedatatypes import BaseTraceType
from plotly.offline import get_plotlyjs_version

from app import create_app
from web import static_files
from dashboard.settings import load_settings
from helpers import REPO_ROOT
from layouts import ids

BUNDLE = REPO_ROOT / "assets" / "plotly-custom.min.js"
BUNDLE_ENTRY = REPO_ROOT / "scripts" / "plotly_bundle" / "entry.js"
#: Dash's own full plotly.js (what dcc.Graph fetches when window.Plotly is undefined).
DASH_PLOTLY_CHUNK = "package_data/plotly.min.js"
TIMEOUT = 20

try:
    import brotlicffi as brotli
except ImportError:
    import brotli
try:
    from compression import zstd
except ImportError:
    from backports import zstd

DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}


# -- the bundle ----------------------------------------------------------------


def test_bundle_is_the_plotly_js_version_python_plotly_expects():
    # Figures are serialised by the Python plotly package for its own plotly.js version.
    header = BUNDLE.read_text(encoding="utf-8")[:400]
    assert f"plotly.js v{get_plotlyjs_version()} " in header, (
        f"{BUNDLE.name} is not plotly.js {get_plotlyjs_version()}: pin it in scripts/plotly_bundle/package.json "
        "and run scripts/build_plotly_bundle.sh"
    )


def _bundled_trace_types() -> set[str]:
    # lib/core registers scatter itself; every other type is a lib/<type> in the entry file.
    return {"scatter"} | set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", BUNDLE_ENTRY.read_text(encoding="utf-8")))


def _all_trace_types() -> frozenset[str]:
    # Instantiating the deprecated *mapbox traces warns; the names are all this needs.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return frozenset(cls().type for cls in (getattr(go, name) for name in dir(go) if name[:1].isupper())
                         if isinstance(cls, type) and issubclass(cls, BaseTraceType))


#: Every trace type plotly knows ("bar", "choropleth", ...), from the Python package.
ALL_TRACE_TYPES = _all_trace_types()


def _trace_types_built_in(path: Path) -> set[str]:
    """Trace types a module builds: ``go.<Trace>(...)``, ``.add_<trace>(...)`` or a trace dict's
    ``"type": "<trace>"`` (figure specs sent as plain dicts)."""
    source = path.read_text(encoding="utf-8")
    names = {name.lower() for name in re.findall(r"\bgo\.([A-Z]\w*)\(", source)}
    names |= set(re.findall(r"\.add_([a-z]+)\(", source))
    names |= set(re.findall(r"[\"']type[\"']\s*:\s*[\"'](\w+)[\"']", source))
    names |= set(re.findall(r"\btype\s*=\s*[\"'](\w+)[\"']", source))
    return names & ALL_TRACE_TYPES


@pytest.mark.parametrize("module", ["dashboard/figures.py", "callbacks", "layouts"])
def test_every_trace_type_the_screen_draws_is_in_the_bundle(module):
    # Exports render with kaleido's own full plotly.js, so dashboard/exports.py is not checked.
    target = REPO_ROOT / module
    paths = sorted(target.rglob("*.py")) if target.is_dir() else [target]
    built = set().union(*(_trace_types_built_in(p) for p in paths))
    missing = built - _bundled_trace_types()
    assert not missing, (
        f"{module} builds {sorted(missing)} traces, which assets/{BUNDLE.name} lacks: add them to "
        f"{BUNDLE_ENTRY.relative_to(REPO_ROOT)} and run scripts/build_plotly_bundle.sh"
    )


def test_the_trace_scan_finds_what_the_figure_builders_draw():
    # Guards the scan above: it must see the map, the bar charts and the trend line.
    assert _trace_types_built_in(REPO_ROOT / "dashboard" / "figures.py") >= {"choropleth", "bar", "scatter"}


# -- compression helpers (pure) ------------------------------------------------


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        ("gzip, deflate, br, zstd", "zstd"),  # Chromium
        ("gzip, deflate, br", "br"),
        ("gzip, deflate", "gzip"),
        ("deflate", None),
        ("", None),
        ("identity", None),
        ("zstd;q=0, br;q=0.5, gzip", "br"),  # q=0 refuses; any q > 0 accepts
        ("*", "zstd"),
        ("gzip;q=0, *;q=0.1", "zstd"),
        ("zstd;q=0, br;q=0, gzip;q=0, *", None),
        ("GZIP", "gzip"),
        ("zstd;q=oops, gzip", "gzip"),  # a malformed weight is not an acceptance
    ],
)
def test_choose_encoding(accept_encoding, expected):
    assert static_files.choose_encoding(accept_encoding) == expected


@pytest.mark.parametrize("encoding", static_files.ENCODINGS)
def test_compress_round_trips(encoding):
    data = b'{"type": "FeatureCollection", "features": []}' * 200
    body = static_files.compress(data, encoding)
    assert len(body) < len(data) and DECODE[encoding](body) == data


def test_compress_names_the_encodings_it_supports():
    with pytest.raises(ValueError, match="zstd, br, gzip"):
        static_files.compress(b"x", "deflate")


def test_cache_compresses_each_body_once_and_keys_by_content():
    cache = static_files.CompressionCache()
    first = cache.compressed(b"a" * 5000, "gzip")
    assert cache.compressed(b"a" * 5000, "gzip") is first  # the kept bytes, not a new compression
    changed = cache.compressed(b"b" * 5000, "gzip")  # same URL, new content: never the stale body
    assert gzip.decompress(changed) == b"b" * 5000
    cache.compressed(b"a" * 5000, "zstd")
    assert len(cache) == 3


def test_cache_stops_keeping_bodies_when_full_but_still_compresses():
    cache = static_files.CompressionCache(max_bytes=0)
    assert gzip.decompress(cache.compressed(b"a" * 5000, "gzip")) == b"a" * 5000
    assert len(cache) == 0


# -- over HTTP (Flask test client) ---------------------------------------------


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.srcs: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.srcs.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.links.append(attrs["href"])


@pytest.fixture(scope="module")
def client(tiny_cube_dir):
    app = create_app(load_settings({"data_dir": tiny_cube_dir}, environ={}))
    return app.server.test_client()


@pytest.fixture(scope="module")
def page(client) -> _Scripts:
    parser = _Scripts()
    parser.feed(client.get("/").get_data(as_text=True))
    return parser


def test_page_loads_the_partial_bundle_and_not_dashs_plotly(page):
    bundle = [s for s in page.srcs if s.split("?")[0] == f"/assets/{BUNDLE.name}"]
    assert bundle and "?m=" in bundle[0]
    # The renderer script must come after it, so window.Plotly exists before any graph renders.
    renderer = next(i for i, s in enumerate(page.srcs) if "dash_renderer" in s)
    assert page.srcs.index(bundle[0]) < renderer
    assert not [s for s in page.srcs if DASH_PLOTLY_CHUNK in s]


#: Any file of the deprecated dash_table (Dash links its bundle on every page; the map's table
#: is plain HTML, layouts/map_table.py).
DASH_TABLE_FILES = "/dash_table/"


def test_the_page_links_no_dash_table_file(client, page):
    assert not [u for u in page.srcs + page.links if DASH_TABLE_FILES in u]
    # The layout holds no DataTable either, so the renderer never asks for async-table.js.
    assert '"dash_table"' not in client.get("/_dash-layout").get_data(as_text=True)


def _url(page: _Scripts, name: str) -> str:
    """A route as given, or the URL the page links for a file name (or a name's start)."""
    if name.startswith("/"):
        return name
    return next(u for u in page.srcs + page.links if name in u.split("?")[0].rsplit("/", 1)[-1])


#: The big static files of a first view: bundle, component bundles, geometry, styles.
BIG_STATIC = [
    BUNDLE.name,
    "dash_core_components.v",  # fingerprinted component suite (name continues with the version)
    "bootstrap.min.css",
    "/geo/countries.geojson",
    "/topojson/world_110m.json",
]


@pytest.mark.parametrize("encoding", static_files.ENCODINGS)
@pytest.mark.parametrize("name", BIG_STATIC)
def test_big_static_files_travel_compressed(client, page, name, encoding):
    url = _url(page, name)
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    response = client.get(url, headers={"Accept-Encoding": encoding})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in response.headers["Vary"]
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body) < len(plain.get_data()) // 2
    assert DECODE[encoding](body) == plain.get_data()


@pytest.mark.parametrize("name", [BUNDLE.name, "bootstrap.min.css", "/geo/countries.geojson",
                                  # not fingerprinted: ETag only
                                  "/_dash-component-suites/dash/dcc/async-dropdown.js"])
def test_a_revalidation_of_a_compressed_file_gets_a_304(client, page, name):
    url = _url(page, name)
    first = client.get(url, headers={"Accept-Encoding": "zstd"})
    etag = first.headers["ETag"]
    assert etag.endswith(':zstd"')  # one validator per encoding
    again = client.get(url, headers={"Accept-Encoding": "zstd", "If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_assets_linked_with_their_mtime_are_cached_for_a_year(client, page):
    url = _url(page, BUNDLE.name)
    assert client.get(url).headers["Cache-Control"] == static_files.IMMUTABLE_CACHE_CONTROL
    # Without ?m= the URL does not change with the file: revalidate instead.
    assert "immutable" not in client.get(url.split("?")[0]).headers.get("Cache-Control", "")


def test_callbacks_and_layout_are_left_to_flask_compress(client):
    # Dynamic responses are never cached by content here: flask-compress encodes them per request.
    response = client.get("/_dash-layout", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_security_headers_stay_on_compressed_static_files(client, page):
    response = client.get(_url(page, BUNDLE.name), headers={"Accept-Encoding": "zstd"})
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# -- in the browser (dash[testing], headless Chromium) ---------------------------------

RESOURCES = """
return performance.getEntriesByType('resource').map(function (r) {
  return {name: r.name, transferSize: r.transferSize, decodedBodySize: r.decodedBodySize};
});
"""

#: Every graph on the page: its traces' types, whether plotly.js knows each type (an unknown type
#: gets no module), the types of the traces it shows (a trace with no data, such as the map's
#: 'No comparable pay' layer outside the Pay measure, is hidden by plotly.js and is not counted),
#: and how many trace groups it drew.
GRAPHS = """
return Array.from(document.querySelectorAll('.js-plotly-plot')).map(function (gd) {
  var holder = gd.closest('[id]');
  var shown = (gd._fullData || []).filter(function (t) { return t.visible !== false; });
  return {id: holder ? holder.id : null,
          types: (gd._fullData || []).map(function (t) { return t.type; }),
          known: (gd._fullData || []).every(function (t) { return !!t._module; }),
          shown: shown.map(function (t) { return t.type; }),
          drawn: gd.querySelectorAll('g.trace').length,
          choropleth_paths: gd.querySelectorAll('path.choroplethlocation').length};
});
"""

CHARTS = {ids.Map.GRAPH: "choropleth", ids.Skills.GRAPH: "bar", ids.CountryPanel.TREND_GRAPH: "scatter", ids.Breakdown.GRAPH: "bar"}


def test_every_chart_draws_with_the_partial_bundle_only(dash_duo, demo_cube_dir):
    from selenium.webdriver.support.ui import WebDriverWait

    app = create_app(load_settings({"data_dir": demo_cube_dir}, environ={}))
    dash_duo.start_server(app)
    dash_duo.wait_for_element(f"#{ids.Map.GRAPH} path.choroplethlocation", timeout=TIMEOUT)

    def all_drawn(driver):
        graphs = {g["id"]: g for g in driver.execute_script(GRAPHS)}
        if all(CHARTS[i] in graphs.get(i, {}).get("shown", []) and graphs[i]["drawn"] for i in CHARTS):
            return graphs
        return False

    graphs = WebDriverWait(dash_duo.driver, TIMEOUT).until(all_drawn)
    for graph_id, trace_type in CHARTS.items():
        assert graphs[graph_id]["known"], f"{graph_id}: plotly.js does not know {graphs[graph_id]['types']}"
    assert graphs[ids.Map.GRAPH]["choropleth_paths"] > 20  # countries drawn from the local geometry

    assert dash_duo.driver.execute_script("return window.Plotly.version;") == get_plotlyjs_version()
    resources = dash_duo.driver.execute_script(RESOURCES)
    names = [r["name"] for r in resources]
    bundle = [r for r in resources if f"/assets/{BUNDLE.name}" in r["name"]]
    assert len(bundle) == 1, names
    assert not [n for n in names if DASH_PLOTLY_CHUNK in n], "dcc fetched Dash's full plotly.js"
    assert not [n for n in names if DASH_TABLE_FILES in n], "the first view fetched a dash_table file"
    # Compressed on the wire: far fewer bytes transferred than decoded.
    assert 0 < bundle[0]["transferSize"] < bundle[0]["decodedBodySize"] // 2
    # No JavaScript error, failed request or Content-Security-Policy violation.
    assert dash_duo.get_logs() == []
