"""Country boundaries (data/geo/countries.geojson), the local plotly.js topologies, dashboard.geo."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pycountry
import pytest
import shapely
from shapely.geometry import shape

from dashboard import geo, paths
from dashboard.errors import JobAtlasError
from helpers import load_script
PROVENANCE = paths.GEO_DIR / "PROVENANCE.md"
#: Natural Earth estimates 0 inhabitants here; every other country must have people.
UNINHABITED = {"HMD"}
SMALL_COUNTRIES = ["MLT", "LUX", "LIE", "CYP", "ISL", "AND", "MCO", "SGP", "XKX", "VAT", "SMR"]
#: The layers plotly.js reads from a base topology (src/plots/geo/constants.js).
PLOTLY_LAYERS = {"countries", "land", "coastlines", "ocean", "lakes", "rivers", "subunits"}
SCOPES = ["world", "europe", "asia", "africa", "north-america", "south-america", "usa"]


def load_build_script():
    return load_script(paths.GEO_DIR / "build_countries.py")


@pytest.fixture(scope="module")
def features() -> list[dict]:
    return json.loads(paths.COUNTRIES_GEOJSON.read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def shapes(features) -> dict:
    return {f["properties"]["iso3"]: shape(f["geometry"]) for f in features}


@pytest.fixture
def fresh_caches():
    """Clear dashboard.geo's caches around a test that points it at another file."""
    caches = (geo.load_geojson, geo._country_table, geo._names_by_iso3)
    for cached in caches:
        cached.cache_clear()
    yield
    for cached in caches:
        cached.cache_clear()


def rings(feature: dict):
    geometry = feature["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        yield from enumerate(polygon)  # (0, exterior), (1.., holes)


# -- the committed file ------------------------------------------------------------------


@pytest.mark.parametrize("column", ["iso2", "iso3", "name"])
def test_codes_and_names_are_unique(features, column):
    values = pd.Series([f["properties"][column] for f in features])
    assert not values.duplicated().any(), values[values.duplicated()].tolist()


def test_every_code_is_iso_3166_and_the_two_codes_agree(features):
    wrong = []
    for f in features:
        iso3, iso2 = f["properties"]["iso3"], f["properties"]["iso2"]
        if iso3 == "XKX":
            continue  # Kosovo: no ISO code, XK/XKX by EU/Eurostat convention (checked below)
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None or country.alpha_2 != iso2:
            wrong.append((iso3, iso2))
    assert not wrong


def test_no_natural_earth_placeholder_codes_remain(features):
    placeholders = [f["properties"] for f in features if "-99" in (f["properties"]["iso2"], f["properties"]["iso3"])]
    assert not placeholders


@pytest.mark.parametrize(
    ("iso3", "iso2", "name"),
    [("FRA", "FR", "France"), ("NOR", "NO", "Norway"), ("XKX", "XK", "Kosovo"), ("NAM", "NA", "Namibia"),
     ("TWN", "TW", "Taiwan")],
)
def test_countries_with_placeholder_codes_in_natural_earth_are_present(features, iso3, iso2, name):
    props = {f["properties"]["iso3"]: f["properties"] for f in features}
    assert (props[iso3]["iso2"], props[iso3]["name"]) == (iso2, name)


def test_feature_id_is_iso3(features):
    assert all(f["id"] == f["properties"]["id"] == f["properties"]["iso3"] for f in features)


@pytest.mark.parametrize("iso3", SMALL_COUNTRIES)
def test_small_countries_keep_their_own_polygon(shapes, iso3):
    assert iso3 in shapes
    assert not shapes[iso3].is_empty and shapes[iso3].area > 0


@pytest.mark.parametrize("iso3", ["USA", "RUS", "DEU", "BRA", "CHN", "IND", "AUS"])
def test_large_countries_are_present(shapes, iso3):
    assert shapes[iso3].area > 5


def test_all_geometries_are_valid(shapes):
    invalid = {iso3: shapely.is_valid_reason(g) for iso3, g in shapes.items() if not g.is_valid}
    assert not invalid


def test_no_ring_streaks_across_the_date_line(features):
    # A planar ring that goes from +179 to -179 draws a line across the whole map.
    streaks = [
        f["id"]
        for f in features
        for _, ring in rings(f)
        if any(abs(b[0] - a[0]) > 180 for a, b in zip(ring, ring[1:]))
    ]
    assert not streaks


@pytest.mark.parametrize("iso3", ["RUS", "FJI", "USA", "NZL", "KIR"])
def test_countries_on_the_date_line_stay_within_plus_minus_180(shapes, iso3):
    minx, miny, maxx, maxy = shapes[iso3].bounds
    assert -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90


def test_exterior_rings_run_clockwise_as_plotly_needs(features):
    # d3-geo (plotly.js) reads an anticlockwise exterior as "the globe minus the country":
    # one such feature paints the whole map.
    anticlockwise = [
        f["id"] for f in features for i, ring in rings(f) if i == 0 and shapely.LinearRing(ring).is_ccw
    ]
    assert not anticlockwise


@pytest.mark.parametrize(("a", "b"), [("FRA", "ESP"), ("DEU", "POL"), ("ITA", "VAT"), ("ITA", "SMR"),
                                      ("SRB", "XKX"), ("USA", "CAN"), ("FRA", "MCO")])
def test_neighbours_share_their_border(shapes, a, b):
    # Topology-aware simplification: a shared border is the same line on both sides.
    shared = shapes[a].boundary.intersection(shapes[b].boundary)
    assert shared.length > 0
    assert shapes[a].intersection(shapes[b]).area < 1e-9


def test_no_country_overlaps_another(shapes):
    tree = shapely.STRtree(list(shapes.values()))
    codes = list(shapes)
    overlapping = [
        (codes[i], codes[j])
        for i, g in enumerate(shapes.values())
        for j in tree.query(g, predicate="intersects")
        if j > i and g.intersection(tree.geometries[j]).area > 1e-6
    ]
    assert not overlapping


def test_population_is_positive_except_uninhabited(features):
    populations = {f["id"]: f["properties"]["population"] for f in features}
    assert all(isinstance(p, int) for p in populations.values())
    assert {iso3 for iso3, p in populations.items() if p <= 0} <= UNINHABITED
    assert populations["DEU"] > 50_000_000


def test_coordinates_are_rounded_to_three_decimals():
    text = paths.COUNTRIES_GEOJSON.read_text(encoding="utf-8")
    assert not re.search(r"\d\.\d{4,}", text)


def test_file_fits_the_size_budget():
    assert paths.COUNTRIES_GEOJSON.stat().st_size <= 600_000


# -- plotly.js base topologies -------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_base_topology_for_each_scope_has_the_layers_plotly_reads(scope):
    topology = json.loads((paths.TOPOJSON_DIR / f"{scope}_110m.json").read_text(encoding="utf-8"))
    assert topology["type"] == "Topology"
    assert PLOTLY_LAYERS <= set(topology["objects"])
    assert topology["arcs"]


# -- provenance ----------------------------------------------------------------------------


def test_provenance_names_every_pinned_source_package():
    build = load_build_script()
    text = PROVENANCE.read_text(encoding="utf-8")
    assert build.SOURCE_FILES, "build_countries.py pins no source package"
    for _registry, name, version in build.SOURCE_FILES:
        assert f"`{name}`" in text and version in text, name
    assert "public domain" in text.lower() and "MIT" in text


@pytest.mark.parametrize("name", ["countries.geojson", "world_110m.json", "europe_110m.json"])
def test_provenance_states_current_file_sizes(name):
    path = paths.COUNTRIES_GEOJSON if name.endswith("geojson") else paths.TOPOJSON_DIR / name
    assert f"{path.stat().st_size:,}" in PROVENANCE.read_text(encoding="utf-8")


# -- dashboard.geo -------------------------------------------------------------------------


def test_load_countries_gives_one_row_per_feature(features):
    countries = geo.load_countries()
    assert list(countries.columns) == ["iso3", "iso2", "name", "population"]
    assert len(countries) == len(features)
    assert countries["iso3"].is_monotonic_increasing
    assert countries["population"].dtype == "int64"
    assert countries.set_index("iso3").loc["NAM", "iso2"] == "NA"  # not read as missing


def test_load_countries_returns_a_copy_callers_may_change():
    first = geo.load_countries()
    first.loc[0, "name"] = "changed"
    assert geo.load_countries().loc[0, "name"] != "changed"


def test_load_geojson_is_cached():
    assert geo.load_geojson() is geo.load_geojson()


@pytest.mark.parametrize(("code", "name"), [("FRA", "France"), ("xkx", "Kosovo"), (" deu ", "Germany"),
                                            ("CZE", "Czechia"), ("VAT", "Vatican City")])
def test_country_name(code, name):
    assert geo.country_name(code) == name


def test_country_name_of_an_unknown_code():
    with pytest.raises(KeyError, match="ZZZ"):
        geo.country_name("ZZZ")
    assert geo.country_name("ZZZ", default="") == ""


def write_collection(path: Path, properties: list[dict]) -> None:
    square = {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]}
    features = [{"type": "Feature", "properties": p, "geometry": square} for p in properties]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")


def test_reads_the_configured_file(tmp_path, monkeypatch, fresh_caches):
    path = tmp_path / "countries.geojson"
    write_collection(path, [{"iso3": "BBB", "iso2": "BB", "name": "Bee", "population": 2},
                            {"iso3": "AAA", "iso2": "AA", "name": "Ay", "population": 1}])
    monkeypatch.setattr(paths, "COUNTRIES_GEOJSON", path)
    assert geo.load_countries()["iso3"].tolist() == ["AAA", "BBB"]
    assert geo.country_name("BBB") == "Bee"


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        ([{"iso3": "AAA", "iso2": "AA", "name": "Ay"}], r"feature 0 lacks properties \['population'\]"),
        ([{"iso3": "AAA", "iso2": "AA", "name": "Ay", "population": 1}] * 2, r"iso3 codes repeated: \['AAA'\]"),
        ([], "expected a GeoJSON FeatureCollection"),
    ],
)
def test_a_broken_file_is_named_in_the_error(tmp_path, monkeypatch, fresh_caches, properties, message):
    path = tmp_path / "broken.geojson"
    write_collection(path, properties)
    monkeypatch.setattr(paths, "COUNTRIES_GEOJSON", path)
    with pytest.raises(JobAtlasError, match=message) as error:
        geo.load_countries()
    assert "broken.geojson" in str(error.value)


def test_a_missing_file_says_how_to_rebuild_it(tmp_path, monkeypatch, fresh_caches):
    monkeypatch.setattr(paths, "COUNTRIES_GEOJSON", tmp_path / "absent.geojson")
    with pytest.raises(JobAtlasError, match="build_countries.py"):
        geo.load_geojson()


def test_committed_country_anchors_are_derived_from_the_committed_boundaries():
    # data/geo/country_anchors.json is read when a page frames its map (issue 16); it must
    # never drift from countries.geojson (rebuild both with data/geo/build_countries.py).
    from dashboard import geo

    geo.country_anchors.cache_clear()
    assert geo.country_anchors() == geo.compute_country_anchors(geo.load_geojson())
    assert set(geo.country_anchors()) == {f["properties"]["iso3"] for f in geo.load_geojson()["features"]}
