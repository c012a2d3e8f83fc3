"""Thin callbacks: parse inputs, call ``dashboard``, return outputs.

Importing a module here registers its callbacks with the global ``dash.callback``, so no
module needs the app object; ``register(app)`` imports them all and hands them to the app.
"""
from __future__ import annotations

import importlib
import pkgutil

import dash
from dash import _callback

# dash.callback files every callback in module-level lists that Dash gives to the FIRST app
# serving a request and then empties. Tests (and gunicorn's import of app.py) build more
# than one app per process, so the definitions are kept here and each app gets all of them.
_callback_map: dict = {}
_callback_list: list = []
_inline_scripts: list = []


def register(app: dash.Dash | None = None) -> None:
    """Import every callbacks module so its ``@dash.callback`` decorators run, and attach
    all of them to ``app``."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    _callback_map.update(_callback.GLOBAL_CALLBACK_MAP)
    _callback.GLOBAL_CALLBACK_MAP.clear()
    _callback_list.extend(_callback.GLOBAL_CALLBACK_LIST)
    _callback.GLOBAL_CALLBACK_LIST.clear()
    _inline_scripts.extend(_callback.GLOBAL_INLINE_SCRIPTS)
    _callback.GLOBAL_INLINE_SCRIPTS.clear()
    if app is None:
        return
    for key, spec in _callback_map.items():
        app.callback_map.setdefault(key, spec)
    app._callback_list.extend(c for c in _callback_list if c not in app._callback_list)
    app._inline_scripts.extend(s for s in _inline_scripts if s not in app._inline_scripts)
