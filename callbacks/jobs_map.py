"""The map, the rows of its table alternative and the headline figures for a view.

Rendered by the view callback (``callbacks/view.py``, :func:`render`) when the subject, period
or measure changes, for an occupation or (issue 15) an ISCO group, a skill or all occupations.
The map's geometry is sent once, with the page; every later update is a ``dash.Patch`` of the
data trace (locations, z, customdata, colour bar) and the empty-state annotation, so an occupation change moves a few kilobytes and the user's zoom stays
(uirevision). A country click patches only the outlines (:func:`show_selection`). The table's
rows go to a store; ``callbacks/map_table.py`` builds the table only while its tab is open.
"""
from __future__ import annotations

import math

from dash import Patch

from callbacks.context import current_cube
from callbacks.outputs import changed, unchanged
from callbacks.subject import is_subject_view
from dashboard import figures
from dashboard.reading import advertised_pay, collection_postings, queries, subject_view
from dashboard.reading.job_listings import COUNTS_ONLY_MESSAGE, holds_postings
from layouts import ids
from layouts.charts import chart_filenames
from layouts.jobs_map import map_graph_config
from dashboard.view import View, occupation_label, period_text


def _number(value) -> float | int | None:
    """JSON-safe table cell: NaN becomes empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def map_patch(by_country, *, measure: str, selected: str | None, message: str | None,
              pay_pair: str | None = None, counts: str = "Jobs") -> Patch:
    """The update of the map for a new view: data trace, the Pay measure's grey countries and
    annotations, never the geojson."""
    patch = Patch()
    update = figures.map_data_trace_update(by_country, measure=measure, selected=selected, pay_pair=pay_pair,
                                           counts=counts)
    for key, value in update.items():
        patch["data"][figures.MAP_DATA_TRACE][key] = value
    for key, value in figures.map_pay_grey_update(by_country, measure=measure).items():
        patch["data"][figures.MAP_PAY_GREY_TRACE][key] = value
    patch["layout"]["annotations"] = figures.map_annotations(message=message)
    return patch


#: Why the Pay measure shows nothing for a skill or for counts (the country panel says the same).
PAY_NOT_FOR_SKILL = "Advertised pay is shown for an occupation, an ISCO group or all occupations, not for a skill."
PAY_NOT_IN_COUNTS = COUNTS_ONLY_MESSAGE + " No advertised pay to map."


class MapMeasure:
    """The Pay or a collection measure for a view: the frame with its columns, the currency pair
    shown (Pay only), and the line under the map (or why there is nothing to show)."""

    def __init__(self, by_country, chosen=None, *, note: str = "", message: str | None = None):
        self.by_country, self.chosen, self.note, self.message = by_country, chosen, note, message

    @property
    def pair(self) -> str | None:
        return self.chosen.label if self.chosen is not None else None


def map_pay_of(cube, view: View, by_country) -> MapMeasure:
    """The Pay measure's numbers: one query of the view's postings for every country
    (``advertised_pay.pay_by_country``), only while the map is coloured by pay."""
    scope = advertised_pay.scope_of(cube, view.subject, start=view.start, end=view.end)
    if scope is None:
        return MapMeasure(by_country, note=PAY_NOT_FOR_SKILL, message=PAY_NOT_FOR_SKILL)
    if not holds_postings(cube):
        return MapMeasure(by_country, note=PAY_NOT_IN_COUNTS, message=PAY_NOT_IN_COUNTS)
    frame, chosen = advertised_pay.map_pay(by_country, advertised_pay.pay_by_country(cube, scope))
    return MapMeasure(frame, chosen, note=advertised_pay.plurality_note(chosen),
                  message="No posting in this view states pay" if chosen is None else None)


def map_collection_of(cube, view: View, by_country) -> MapMeasure:
    """A collection measure's numbers (issue 15: the share of postings asking for a green or
    digital skill), only while the map is coloured by it."""
    scope = advertised_pay.scope_of(cube, view.subject, start=view.start, end=view.end)
    if scope is None:
        return MapMeasure(by_country, note=collection_postings.NOT_FOR_SKILL, message=collection_postings.NOT_FOR_SKILL)
    frame, note, message = collection_postings.map_shares(cube, by_country, scope.occupations,
                                                          collection=view.measure, start=view.start, end=view.end)
    return MapMeasure(frame, note=note, message=message)


def measure_of(cube, view: View, by_country) -> MapMeasure | None:
    """The extra numbers of the Pay and collection measures (None for the others)."""
    if view.measure == "pay":
        return map_pay_of(cube, view, by_country)
    if view.measure in figures.COLLECTION_MEASURES:
        return map_collection_of(cube, view, by_country)
    return None


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


#: The outputs :func:`render` fills, by name.
OUTPUTS = {
    "figure": (ids.Map.GRAPH, "figure"),
    "config": (ids.Map.GRAPH, "config"),
    "table_rows": (ids.Table.ROWS, "data"),
    "title": (ids.Headline.OCCUPATION, "children"),
    "detail": (ids.Headline.DETAIL, "children"),
    "jobs": (ids.Headline.JOBS, "children"),
    "jobs_label": (ids.Headline.JOBS_LABEL, "children"),
    "countries": (ids.Headline.COUNTRIES, "children"),
    "countries_label": (ids.Headline.COUNTRIES_LABEL, "children"),
    "period": (ids.Headline.PERIOD, "children"),
    "period_label": (ids.Controls.PERIOD_LABEL, "children"),
    "pay_note": (ids.Map.PAY_NOTE, "children"),
}
#: What the map depends on; a change of country only redraws the outlines.
KEYS = ("occupation", "start", "end", "measure", "other_subject")


def render(previous: View | None, view: View, *, ticked: bool = False) -> dict:
    """The map's outputs after the view changed from ``previous`` to ``view``."""
    if changed(previous, view, KEYS):
        return show_map(view)
    if changed(previous, view, ("country",)):
        return show_selection(view)
    return unchanged(OUTPUTS)


def by_country_of(cube, view: View):
    """The map's numbers per country for a view: its occupation's or its subject's."""
    if is_subject_view(view):
        return subject_view.by_country(cube, view.subject, start=view.start, end=view.end)
    return queries.jobs_by_country(cube, view.occupation, start=view.start, end=view.end)


def show_selection(view) -> dict:
    """A country click: only the map's outlines change (the other outputs stay)."""
    cube = current_cube()
    if view is None:
        return unchanged(OUTPUTS)
    by_country = by_country_of(cube, view)
    extra = measure_of(cube, view, by_country)
    if extra is not None:  # the outlines follow the Pay or collection measure's countries
        by_country = extra.by_country
    update = figures.map_data_trace_update(by_country, measure=view.measure, selected=view.country)
    patch = Patch()
    patch["data"][figures.MAP_DATA_TRACE]["marker"] = update["marker"]
    return {**unchanged(OUTPUTS), "figure": patch}


def show_map(view) -> dict:
    """The values of :data:`OUTPUTS` for a view (``no_update`` for a view naming no occupation)."""
    cube = current_cube()
    if view is None:
        return unchanged(OUTPUTS)
    if is_subject_view(view):
        return subject_map(cube, view)
    uri, start, end = view.occupation, view.start, view.end
    label = occupation_label(cube, uri)
    summary = queries.occupation_summary(cube, uri, start=start, end=end)
    return map_outputs(cube, view, by_country_of(cube, view), totals=summary, label=label, title=label,
                       detail=occupation_detail(cube, uri))


def subject_map(cube, view: View) -> dict:
    """:data:`OUTPUTS` for an ISCO group, a skill or all occupations (issue 15)."""
    subject = view.subject
    start, end = view.start, view.end
    totals = subject_view.totals(cube, subject, start=start, end=end)
    heading = subject_view.heading(cube, subject)
    return map_outputs(cube, view, by_country_of(cube, view), totals=totals,
                       label=subject_view.subject_label(cube, subject), title=heading["title"],
                       detail=heading["detail"])


def map_outputs(cube, view: View, by_country, *, totals: dict, label: str, title: str, detail: str) -> dict:
    start, end = view.start, view.end
    kind = view.subject.kind if is_subject_view(view) else None
    period = period_text(start, end)
    message = f"No postings for {label} in {period}" if totals["jobs_total"] == 0 else None
    filename = chart_filenames(occupation=label, start=start, end=end, country=None)["map"]
    extra = measure_of(cube, view, by_country)
    if extra is not None and message is None:
        message = extra.message
    return {
        "figure": map_patch(extra.by_country if extra else by_country, measure=view.measure, selected=view.country,
                            message=message, pay_pair=extra.pair if extra else None,
                            counts=subject_view.map_counts(kind)),
        "config": map_graph_config(filename=filename),
        "table_rows": table_rows(by_country),
        "title": title,
        "detail": detail,
        "jobs": f"{totals['jobs_total']:,}",
        "jobs_label": subject_view.count_noun(totals["jobs_total"], kind),
        "countries": f"{totals['countries_with_jobs']:,}",
        "countries_label": subject_view.countries_noun(totals["countries_with_jobs"], kind),
        "period": period,
        "period_label": period,
        "pay_note": extra.note if extra else "",
    }
