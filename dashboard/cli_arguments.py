"""The arguments every ``python -m dashboard`` subcommand shares: the data folder and a period.

Kept apart from :mod:`dashboard.cli` so the subcommands in their own modules (``jobs_cli``,
``export_cli``) use them without importing the parser that imports them.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

from dashboard.errors import UsageError


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """``--data-dir`` as every subcommand takes it (default data/cube, or JOB_ATLAS_DATA_DIR)."""
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="cube folder (default data/cube; the JOB_ATLAS_DATA_DIR environment variable is honoured)")


def data_dir_from(args: argparse.Namespace) -> Path:
    """The data directory: the flag, else JOB_ATLAS_DATA_DIR, else the default (via settings)."""
    from dashboard.settings import load_settings

    return load_settings({"data_dir": args.data_dir}).data_dir


MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_period(start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """``--from``/``--to`` as months (trimmed), or a :class:`UsageError` saying what is wrong."""
    months = []
    for flag, value in (("--from", start), ("--to", end)):
        if value is not None:
            value = value.strip()
            if not MONTH.match(value):
                raise UsageError(f"{flag} {value!r}: expected a month as YYYY-MM, e.g. 2024-03")
        months.append(value)
    if months[0] and months[1] and months[0] > months[1]:
        raise UsageError(f"--from {months[0]} is after --to {months[1]}")
    return months[0], months[1]
