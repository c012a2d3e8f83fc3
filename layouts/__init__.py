"""Functions that return Dash component trees. Every component id lives in ``layouts.ids``."""
