"""Baseline app for benchmark 4: the smallest Dash app with the same parts, no Job Atlas code.

One ``dcc.Graph`` and one ``dcc.Dropdown`` holding every occupation label as a client-side
option list (what a naive picker does). Its start-up time is the floor for ``python app.py``
(importing dash, plotly and pandas), and its picker is the client-side-filtering reference.

Run: ``python -m bench.baseline_app --port P [--occupations DIR/occupations.parquet]``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import dash
import pandas as pd
from dash import dcc, html

PICKER_ID = "baseline-picker"


def create_app(occupations: Path | None) -> dash.Dash:
    app = dash.Dash(__name__, serve_locally=True, compress=True)
    options = []
    if occupations is not None:
        frame = pd.read_parquet(occupations, columns=["occupation_uri", "label"])
        options = [{"label": label, "value": uri} for uri, label in zip(frame["occupation_uri"], frame["label"])]
    app.layout = html.Div([
        dcc.Dropdown(id=PICKER_ID, options=options, placeholder="Occupation"),
        dcc.Graph(id="baseline-map", figure={"data": [], "layout": {}}),
    ])
    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline_app")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--occupations", type=Path)
    args = parser.parse_args(argv)
    create_app(args.occupations).run(host="127.0.0.1", port=args.port, debug=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
