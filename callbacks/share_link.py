""""Copy link": the clipboard gets the URL that restores the current view."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from dash import Input, Output, State, no_update

from callbacks.registry import callback
from callbacks.context import current_cube
from dashboard.view import View
from layouts import ids

#: Longest page address accepted from the browser (a forged one may be anything).
MAX_HREF = 2000


def view_link(href: object, view: object, *, cube) -> str | None:
    """The page address with the query string of ``view``, or None for a forged input."""
    if not isinstance(href, str) or len(href) > MAX_HREF:
        return None
    parts = urlsplit(href)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    view = View.from_store(cube, view)
    if view is None:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", view.to_query(cube).lstrip("?"), ""))


@callback(
    Output(ids.ShareLink.BUTTON, "content"),
    Input(ids.ShareLink.BUTTON, "n_clicks"),
    State(ids.Page.URL, "href"),
    State(ids.ViewStore.STORE, "data"),
    prevent_initial_call=True,
)
def copy_view_link(_clicks, href, view):
    # Built from the view store, not the address bar: the link is the view the user sees.
    link = view_link(href, view, cube=current_cube())
    return no_update if link is None else link
