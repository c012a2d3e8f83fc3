"""The argument every ``python -m dashboard`` subcommand shares: the data folder (``--from``/``--to``
are checked by :func:`dashboard.view.check_period`, with the other month rules).

Kept apart from :mod:`dashboard.cli` so the subcommands in their own modules (``jobs_cli``,
``export_cli``) use them without importing the parser that imports them.
"""
from __future__ import annotations

import argparse
from pathlib import Path


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """``--data-dir`` as every subcommand takes it (default data/cube, or JOB_ATLAS_DATA_DIR)."""
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="cube folder (default data/cube; the JOB_ATLAS_DATA_DIR environment variable is honoured)")


def data_dir_from(args: argparse.Namespace) -> Path:
    """The data directory: the flag, else JOB_ATLAS_DATA_DIR, else the default (via settings)."""
    from dashboard.settings import load_settings

    return load_settings({"data_dir": args.data_dir}).data_dir
