"""Named outputs: what every feature's part of the view callback's answer is built from.

Each feature module (callbacks/jobs_map.py, country_panel.py, ...) declares ``OUTPUTS``, its
output names mapped to (component id, property), and ``render(previous, view)``, the values of
those outputs after the view changed from ``previous`` (None: nothing shown yet) to ``view``.
callbacks/view.py gathers them into one answer keyed by feature and output name (Dash's
flexible callback signatures), so one interaction is still one request (issue 6) and a test
reads ``answer["map"]["figure"]``, not a position (issue 13).
"""
from __future__ import annotations

from dash import Output, no_update

from dashboard.view import View

#: A feature's outputs: output name -> (component id, property).
Outputs = dict[str, tuple]


def unchanged(outputs: Outputs) -> dict:
    """Every output of a feature left as it is."""
    return dict.fromkeys(outputs, no_update)


def changed(previous: View | None, view: View, keys: tuple[str, ...]) -> bool:
    """Whether any of ``keys`` (View attributes) differs between the views (always, when nothing was shown yet)."""
    return previous is None or any(getattr(view, k) != getattr(previous, k) for k in keys)


def dash_outputs(outputs: Outputs, *, allow_duplicate: bool = False) -> dict[str, Output]:
    """The feature's outputs as Dash ``Output`` objects, under the same names."""
    return {name: Output(component, prop, allow_duplicate=allow_duplicate)
            for name, (component, prop) in outputs.items()}
