"""Thin callbacks: parse inputs, call ``dashboard``, return outputs.

Importing a module here registers its callbacks with the global ``dash.callback``, so no
module needs the app object; ``register()`` imports them all.
"""
from __future__ import annotations

import importlib
import pkgutil


def register() -> None:
    """Import every callbacks module so its ``@dash.callback`` decorators run."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
