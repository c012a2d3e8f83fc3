"""Country boundaries and attributes from the committed ``data/geo/countries.geojson``.

The file is built by ``data/geo/build_countries.py`` (Natural Earth, see
``data/geo/PROVENANCE.md``): one feature per country, keyed by ISO 3166 alpha-3
(Kosovo ``XKX``) in ``feature["id"]`` and ``properties.iso3``, so a choropleth uses
``geojson=load_geojson(), featureidkey="properties.iso3"`` (or the default ``"id"``).
Nothing is read at import time.
"""
from __future__ import annotations

import functools
import json

import pandas as pd

from dashboard import paths
from dashboard.errors import JobAtlasError

#: Columns of :func:`load_countries`, in order.
COUNTRY_COLUMNS = ("iso3", "iso2", "name", "population")

_MISSING = object()


@functools.lru_cache(maxsize=1)
def load_geojson() -> dict:
    """The country FeatureCollection (cached; callers must not mutate it).

    Returns
    -------
    dict
        GeoJSON FeatureCollection; each feature has ``id`` = iso3 and properties
        ``iso3``, ``iso2``, ``name``, ``population``, ``id``.
    """
    path = paths.COUNTRIES_GEOJSON
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise JobAtlasError(f"{path}: country boundaries missing; rebuild with "
                            f"python data/geo/build_countries.py") from None
    except json.JSONDecodeError as exc:
        raise JobAtlasError(f"{path}: not valid JSON ({exc})") from None
    if collection.get("type") != "FeatureCollection" or not collection.get("features"):
        raise JobAtlasError(f"{path}: expected a GeoJSON FeatureCollection with features")
    return collection


@functools.lru_cache(maxsize=1)
def _country_table() -> pd.DataFrame:
    path = paths.COUNTRIES_GEOJSON
    rows = []
    for index, feature in enumerate(load_geojson()["features"]):
        properties = feature.get("properties") or {}
        missing = [c for c in COUNTRY_COLUMNS if properties.get(c) in (None, "")]
        if missing:
            raise JobAtlasError(f"{path}: feature {index} lacks properties {missing}")
        rows.append({c: properties[c] for c in COUNTRY_COLUMNS})
    table = pd.DataFrame(rows, columns=list(COUNTRY_COLUMNS))
    table["population"] = table["population"].astype("int64")
    duplicated = table.loc[table["iso3"].duplicated(), "iso3"].tolist()
    if duplicated:
        raise JobAtlasError(f"{path}: iso3 codes repeated: {duplicated}")
    return table.sort_values("iso3", ignore_index=True)


def load_countries() -> pd.DataFrame:
    """One row per country on the map.

    Returns
    -------
    pandas.DataFrame
        Columns ``iso3``, ``iso2``, ``name``, ``population`` (int64, Natural Earth
        estimate), sorted by iso3. A fresh copy each call (the parsed table is cached),
        so callers may modify it.
    """
    return _country_table().copy()


@functools.lru_cache(maxsize=1)
def _names_by_iso3() -> dict[str, str]:
    table = _country_table()
    return dict(zip(table["iso3"], table["name"]))


def country_name(iso3: str, *, default: str | object = _MISSING) -> str:
    """English short name of a country given its ISO 3166 alpha-3 code.

    Parameters
    ----------
    iso3
        Alpha-3 code, any case (``"FRA"``, ``"xkx"``).
    default
        Returned for a code not on the map; without it an unknown code raises KeyError.
    """
    name = _names_by_iso3().get(str(iso3).strip().upper())
    if name is not None:
        return name
    if default is not _MISSING:
        return default  # type: ignore[return-value]
    raise KeyError(f"{iso3!r} is not an ISO 3166 alpha-3 code of a country on the map "
                   f"({paths.COUNTRIES_GEOJSON.name})")



@functools.lru_cache(maxsize=1)
def country_anchors() -> dict[str, tuple[float, float]]:
    """Per ISO3, a point (lon, lat) inside the country's largest polygon (cached).

    Where a country "is" for framing the map (issue 16): France's anchor is in Europe even
    though French Guiana is not; Russia's is in Siberia, so a map with Russian postings shows
    the world. Read from the committed ``data/geo/country_anchors.json``: computing them from
    the boundaries (:func:`compute_country_anchors`) takes ~0.7 s, which a page view should
    not pay.
    """
    path = paths.COUNTRY_ANCHORS
    try:
        anchors = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise JobAtlasError(f"{path}: country anchors missing; rebuild with python data/geo/build_countries.py") from None
    return {iso3: (float(lon), float(lat)) for iso3, (lon, lat) in anchors.items()}


def compute_country_anchors(collection: dict) -> dict[str, tuple[float, float]]:
    """The anchors of :func:`country_anchors`, from a FeatureCollection like :func:`load_geojson`'s
    (representative point of each country's largest polygon, rounded to 3 decimals as the shapes)."""
    from shapely.geometry import shape

    anchors = {}
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda g: g.area)
        point = largest.representative_point()
        anchors[feature["properties"]["iso3"]] = (round(float(point.x), 3), round(float(point.y), 3))
    return anchors
