"""Pure figure builders: DataFrame in, ``go.Figure`` out. No I/O, no globals, no dash."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

#: Colour-blind-safe sequential scale (viridis is perceptually uniform and CVD-safe).
SEQUENTIAL_SCALE = "Viridis"
NO_DATA_COLOUR = "#d9d9d9"

#: Constant uirevision: plotly keeps the user's zoom and pan across every update.
MAP_UIREVISION = "jobs-map"


def empty_figure(message: str) -> go.Figure:
    """The one empty state every chart shares: no axes, a centred message."""
    figure = go.Figure()
    figure.update_layout(
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[{"text": message, "showarrow": False, "font": {"size": 15, "color": "#555"},
                      "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}],
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
    )
    return figure


def jobs_map_figure(by_country: pd.DataFrame, *, geojson: dict, value_column: str, value_label: str) -> go.Figure:
    """Choropleth of one value per country.

    Parameters
    ----------
    by_country
        One row per country: ``iso3``, ``name`` and ``value_column``.
    geojson
        Country polygons whose features carry ``properties.iso3``.
    value_column, value_label
        Which column colours the map, and how the legend and hover name it.
    """
    figure = go.Figure(
        go.Choropleth(
            geojson=geojson,
            featureidkey="properties.iso3",
            locations=by_country["iso3"],
            z=by_country[value_column],
            text=by_country["name"],
            colorscale=SEQUENTIAL_SCALE,
            marker={"line": {"color": "white", "width": 0.4}},
            colorbar={"title": {"text": value_label}, "thickness": 12},
            hovertemplate="<b>%{text}</b><br>" + value_label + ": %{z:,}<extra></extra>",
        )
    )
    figure.update_geos(
        projection_type="natural earth",
        showframe=False,
        showcoastlines=False,
        showcountries=False,
        showland=True,
        landcolor=NO_DATA_COLOUR,
        showocean=True,
        oceancolor="#eef4f8",
        lataxis_range=[-58, 85],
    )
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        uirevision=MAP_UIREVISION,
        dragmode="pan",
    )
    return figure
