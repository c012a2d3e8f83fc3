"""The map, the rows of its table alternative and the headline figures for a view.

Rendered by the view callback (``callbacks/view.py``) when the occupation, period or
measure changes. The map's geometry is sent once, with the page; every later update is a
``dash.Patch`` of the data trace (locations, z, customdata, colour bar) and the empty-state
annotation, so an occupation change moves a few kilobytes and the user's zoom stays
(uirevision). A country click patches only the outlines (:func:`show_selection`). The table's
rows go to a store; ``callbacks/map_table.py`` builds the table only while its tab is open.
"""
from __future__ import annotations

import math

from dash import Patch, no_update

from callbacks.context import current_cube
from dashboard import figures
from dashboard.reading import queries
from dashboard.view import View, occupation_label, period_text
from layouts import ids
from layouts.page import chart_filenames, map_graph_config


def _number(value) -> float | int | None:
    """JSON-safe table cell: NaN becomes empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def map_patch(by_country, *, measure: str, selected: str | None, message: str | None) -> Patch:
    """The update of the map for a new view: data trace and annotations, never the geojson."""
    patch = Patch()
    update = figures.map_data_trace_update(by_country, measure=measure, selected=selected)
    for key, value in update.items():
        patch["data"][figures.MAP_DATA_TRACE][key] = value
    patch["layout"]["annotations"] = figures.map_annotations(message=message)
    return patch


def table_rows(by_country) -> list[dict]:
    """The map's numbers for the sortable table: countries with postings data, most jobs first."""
    keep = by_country["has_data"].to_numpy(dtype=bool)
    columns = [by_country[c].to_numpy()[keep].tolist()
               for c in ("iso3", "name", "jobs", "per_million", "share", "rank", "location_quotient")]
    rows = sorted(zip(*columns), key=lambda r: (-r[2], r[1]))
    return [
        {"iso3": iso3, "name": name, "jobs": int(jobs), "per_million": _number(float(per_million)),
         "share": _number(float(share)), "rank": None if math.isnan(rank) else int(rank),
         "location_quotient": _number(float(quotient))}
        for iso3, name, jobs, per_million, share, rank, quotient in rows
    ]


def occupation_detail(cube, uri: str) -> str:
    facts = cube.occupation_facts.get(uri)
    if facts is None:
        return ""
    parts = [f"ESCO code {facts.code}" if facts.code else None]
    if facts.isco_group:
        group = cube.isco_labels.get(facts.isco_group)
        parts.append(f"ISCO group {facts.isco_group}" + (f" {group}" if group else ""))
    return " · ".join(p for p in parts if p)


#: The outputs :func:`show_map` fills, in order (the view callback lists them).
OUTPUTS = (
    (ids.Map.GRAPH, "figure"),
    (ids.Map.GRAPH, "config"),
    (ids.Table.ROWS, "data"),
    (ids.Headline.OCCUPATION, "children"),
    (ids.Headline.DETAIL, "children"),
    (ids.Headline.JOBS, "children"),
    (ids.Headline.COUNTRIES, "children"),
    (ids.Headline.PERIOD, "children"),
    (ids.Controls.PERIOD_LABEL, "children"),
)


def show_selection(view: View | None) -> tuple:
    """A country click: only the map's outlines change (the rest of :data:`OUTPUTS` stays)."""
    cube = current_cube()
    if view is None:
        return (no_update,) * len(OUTPUTS)
    by_country = queries.jobs_by_country(cube, view.occupation, start=view.start, end=view.end)
    update = figures.map_data_trace_update(by_country, measure=view.measure, selected=view.country)
    patch = Patch()
    patch["data"][figures.MAP_DATA_TRACE]["marker"] = update["marker"]
    return (patch,) + (no_update,) * (len(OUTPUTS) - 1)


def show_map(view: View | None) -> tuple:
    """The values of :data:`OUTPUTS` for a view (``no_update`` for a view naming no occupation)."""
    cube = current_cube()
    if view is None:
        return (no_update,) * len(OUTPUTS)
    uri, start, end = view.occupation, view.start, view.end
    label = occupation_label(cube, uri)
    by_country = queries.jobs_by_country(cube, uri, start=start, end=end)
    summary = queries.occupation_summary(cube, uri, start=start, end=end)
    period = period_text(start, end)
    message = None
    if summary["jobs_total"] == 0:
        message = f"No postings for {label} in {period}"
    filename = chart_filenames(occupation=label, start=start, end=end, country=None)["map"]
    return (
        map_patch(by_country, measure=view.measure, selected=view.country, message=message),
        map_graph_config(filename=filename),
        table_rows(by_country),
        label,
        occupation_detail(cube, uri),
        f"{summary['jobs_total']:,}",
        f"{summary['countries_with_jobs']:,}",
        period,
        period,
    )
