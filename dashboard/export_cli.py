"""``python -m dashboard export``: the screen's exports, without a browser session (scheduled reports).

DESIGN.md "Command-line contract"::

    python -m dashboard export --occupation TEXT [--country CODE] --format png|svg|pdf|csv|xlsx
                               --chart map|skills|breakdown|trend --out FILE [--data-dir DIR]

Additions that keep the contract: ``--chart report`` (with ``--format pdf``) writes the
one-click PDF report; ``--from``/``--to`` limit the period and ``--measure`` colours the map.
Exit codes: 0 written; 2 bad usage (unknown occupation, with the closest matches; unknown
country; bad month); 1 when Chromium is missing or fails (image and PDF formats only).
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

from dashboard.errors import UsageError
from dashboard.export_names import CHARTS

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def add_export_parser(subparsers) -> None:
    """Register ``export`` on the ``python -m dashboard`` parser (dashboard/cli.py adds it)."""
    from dashboard.cli_arguments import add_data_dir_argument
    from dashboard.exports import FORMATS
    from dashboard.figures import DEFAULT_MEASURE, MEASURES

    parser = subparsers.add_parser(
        "export", help="write a chart (png/svg/pdf), its data (csv/xlsx) or the PDF report",
        description="Write one chart of an occupation as PNG, SVG or PDF, the data behind it as CSV or "
                    "XLSX, or the whole report as PDF (--chart report). Images need Chromium "
                    "(apt-get install chromium); nothing is fetched from the network.")
    parser.add_argument("--occupation", required=True, metavar="TEXT",
                        help="URI, ESCO code, preferred or alternative label")
    parser.add_argument("--country", metavar="CODE",
                        help="ISO code or English name: scope of the skill-demand and trend charts")
    parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
    parser.add_argument("--chart", required=True, choices=(*CHARTS, "report"),
                        help="which chart ('report': the PDF report with every chart)")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="file to write (an existing folder: the standard file name inside it)")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM", help="first month (default: the cube's first)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM", help="last month (default: the cube's last)")
    parser.add_argument("--measure", choices=tuple(MEASURES), default=DEFAULT_MEASURE,
                        help=f"what colours the map (default {DEFAULT_MEASURE})")
    add_data_dir_argument(parser)
    parser.set_defaults(func=run_export)


def _month(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not MONTH.match(value):
        raise UsageError(f"{flag} {value!r}: expected a month as YYYY-MM, e.g. 2024-03")
    return value


def run_export(args: argparse.Namespace) -> int:
    from dashboard.cli_arguments import data_dir_from
    from dashboard.reading.cube import Cube
    from dashboard.exports import ExportUnavailable, export_file

    start, end = _month(args.start, "--from"), _month(args.end, "--to")
    if start and end and start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    if args.chart == "report" and args.format != "pdf":
        raise UsageError(f"--chart report is a PDF: use --format pdf (not {args.format})")
    cube = Cube.open(data_dir_from(args))
    uri = cube.occupation_index.resolve_or_raise(args.occupation)
    iso3 = None
    if args.country is not None:
        from dashboard.reading.resolve import resolve_country

        iso3 = resolve_country(args.country)
        if iso3 is None:
            raise UsageError(f"unknown country {args.country!r}: give an ISO code (DE, DEU, 276) or an English name")
    try:
        if args.chart == "report":
            from dashboard.report import build_report_pdf, report_filename

            name = report_filename(cube, uri, iso3=iso3, start=start, end=end)
            content = build_report_pdf(cube, uri, iso3=iso3, start=start, end=end, measure=args.measure)
        else:
            name, content = export_file(cube, args.chart, args.format, uri, iso3=iso3, start=start, end=end,
                                        measure=args.measure)
    except ExportUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    out = args.out / name if args.out.is_dir() else args.out
    write_atomically(out, content)
    print(out)
    return 0


def write_atomically(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file: never a half-written export."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError(f"--out {path}: folder {path.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
