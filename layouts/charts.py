"""What every chart on the page shares: its toolbar config and its download names."""
from __future__ import annotations

from dashboard.exports.names import export_basename


def graph_config(*, filename: str, topojson_url: str | None = None, scroll_zoom: bool = False) -> dict:
    """dcc.Graph config: PNG download named after the chart, occupation and period; no plotly logo.

    ``topojson_url`` points the map's base topology at our own server (offline, DESIGN.md).
    """
    config = {
        "displaylogo": False,
        # plotly.js 4 shows a "Share chart..." button that posts the figure to plotly's cloud
        # (plotlyServerURL): nothing may leave the machine (DESIGN.md, Offline).
        "showSendToCloud": False,
        "plotlyServerURL": "",
        "scrollZoom": scroll_zoom,
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
    }
    if topojson_url:
        config["topojsonURL"] = topojson_url
    return config


def chart_filenames(*, occupation: str, start: str | None, end: str | None, country: str | None) -> dict[str, str]:
    """Toolbar download names of the four charts (chart -> basename)."""
    return {
        "map": export_basename("map", occupation, start, end),
        "skills": export_basename("skills", occupation, start, end, country=country),
        "breakdown": export_basename("breakdown", occupation, None, None),
        "trend": export_basename("trend", occupation, start, end, country=country),
    }
