"""Clicking a country on the map shows it in the country panel."""
from __future__ import annotations

from dash import Input, Output, callback

from dashboard import geo
from layouts import ids


@callback(Output(ids.COUNTRY_PANEL_TITLE, "children"), Input(ids.JOBS_MAP, "clickData"), prevent_initial_call=True)
def show_clicked_country(click_data: dict | None) -> str:
    points = (click_data or {}).get("points") or [{}]
    iso3 = points[0].get("location")
    if not isinstance(iso3, str):
        return "Click a country"
    return geo.country_name(iso3) or "Click a country"
