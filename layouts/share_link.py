""""Copy link" in the header: the URL that restores the current view (callbacks/share_link.py)."""
from __future__ import annotations

from dash import dcc, html

from layouts import ids


def share_link() -> html.Div:
    """"Copy link": the URL that restores this exact view, for an e-mail or a report."""
    return html.Div(
        [dcc.Clipboard(id=ids.ShareLink.BUTTON, title="Copy a link to this view", className="d-inline-block me-1"),
         html.Span("Copy link", className="small")],
        className="btn btn-outline-secondary btn-sm d-inline-flex align-items-center",
    )
