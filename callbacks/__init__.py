"""Thin callbacks: parse inputs, call ``dashboard``, return outputs.

Each module declares its callbacks with ``callbacks.registry`` (no module needs the app
object); ``register(app)`` imports them all and attaches them through Dash's public
``app.callback`` / ``app.clientside_callback``.
"""
from __future__ import annotations

import importlib
import pkgutil

import dash

from callbacks import registry


def register(app: dash.Dash) -> None:
    """Import every callbacks module (declaring its callbacks) and attach all of them to ``app``."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    registry.attach(app)
