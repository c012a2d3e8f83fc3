"""Callbacks declared at import, given to each app by ``register(app)`` through Dash's public API.

``dash.callback`` files callbacks in module-level lists that Dash hands to the FIRST app
serving a request and then empties, and tests (and gunicorn's import of app.py) build more
than one app per process. So the callbacks modules decorate with :func:`callback` and
:func:`clientside_callback` from here, which only record the declaration, and
``callbacks.register(app)`` replays every declaration on the app with ``app.callback`` and
``app.clientside_callback`` (issue 13: no private ``dash._callback`` lists).
"""
from __future__ import annotations

from typing import Any, Callable

import dash

#: (kind, function or None, args, kwargs) in declaration order.
_DECLARED: list[tuple[str, Callable | None, tuple, dict]] = []


def callback(*args: Any, **kwargs: Any) -> Callable[[Callable], Callable]:
    """Declare a server callback; same arguments as ``dash.Dash.callback``. The function is
    returned unchanged, so tests call it directly."""
    def declare(function: Callable) -> Callable:
        _DECLARED.append(("server", function, args, kwargs))
        return function

    return declare


def clientside_callback(clientside_function: Any, *args: Any, **kwargs: Any) -> None:
    """Declare a clientside callback; same arguments as ``dash.Dash.clientside_callback``."""
    _DECLARED.append(("clientside", clientside_function, args, kwargs))


def attach(app: dash.Dash) -> None:
    """Give ``app`` every callback declared so far."""
    for kind, function, args, kwargs in _DECLARED:
        if kind == "server":
            app.callback(*args, **kwargs)(function)
        else:
            app.clientside_callback(function, *args, **kwargs)
