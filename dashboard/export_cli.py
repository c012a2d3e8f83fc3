"""``python -m dashboard export``: the screen's exports, without a browser session (scheduled reports).

DESIGN.md "Command-line contract"::

    python -m dashboard export --occupation TEXT [--country CODE] --format png|svg|pdf|csv|xlsx
                               --chart map|skills|breakdown|trend --out FILE [--data-dir DIR]

Issue 15: ``--isco CODE``, ``--skill TEXT``, ``--all`` (or ``--occupation all``, or ``--country``
alone) export an ISCO group, a skill or all occupations instead; ``--chart panel`` (csv/xlsx) the
country panel's lists of those subjects, ``--chart jobs`` (csv/xlsx) the available jobs. A chart
that does not apply to the subject (the skill breakdown of an ISCO group, a skill's trend) exits
2 with a sentence saying why.

Additions that keep the contract: ``--chart report`` (with ``--format pdf``) writes the
one-click PDF report; ``--chart advertised-pay`` (csv/xlsx, issue 18) the pay per country,
currency and period; ``--chart related`` (csv/xlsx, issue 14) the related occupations, the rows of
``python -m dashboard related --format csv`` for that occupation (every one listed, no ``--limit``),
jobs in ``--country`` and the period, skills had the ``--skills`` LIST when given, else the
occupation's essential skills; ``--from``/``--to`` limit the period and ``--measure`` colours the map.
Exit codes: 0 written; 2 bad usage (unknown occupation, with the closest matches; unknown
country; bad month); 1 when Chromium is missing or fails (image and PDF formats only).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from dashboard.errors import UsageError
from dashboard.exports.names import ADVERTISED_PAY, CHARTS, FORMATS, JOBS_LIST, PANEL, RELATED


def add_export_parser(subparsers) -> None:
    """Register ``export`` on the ``python -m dashboard`` parser (dashboard/cli.py adds it)."""
    from dashboard.cli_arguments import add_data_dir_argument
    from dashboard.figures import DEFAULT_MEASURE, MEASURES

    parser = subparsers.add_parser(
        "export", help="write a chart (png/svg/pdf), its data (csv/xlsx) or the PDF report",
        description="Write one chart of an occupation as PNG, SVG or PDF, the data behind it as CSV or "
                    "XLSX, or the whole report as PDF (--chart report). Images need Chromium "
                    "(apt-get install chromium); nothing is fetched from the network.")
    subject = parser.add_mutually_exclusive_group()
    subject.add_argument("--occupation", metavar="TEXT",
                         help="URI, ESCO code, preferred or alternative label ('all': all occupations)")
    subject.add_argument("--isco", metavar="CODE",
                         help="an ISCO-08 group, 1 to 4 digits (2, 25, 251, 2511) or its label: its ESCO "
                              "occupations added up")
    subject.add_argument("--skill", metavar="TEXT",
                         help="skill URI, preferred or alternative label: the postings asking for it")
    subject.add_argument("--all", dest="all_occupations", action="store_true",
                         help="all occupations (also: --country alone, as for query)")
    parser.add_argument("--country", metavar="CODE",
                        help="ISO code or English name: scope of the skill-demand, trend, jobs and country-panel "
                             "exports; alone (no subject), all occupations in that country")
    parser.add_argument("--format", required=True, choices=FORMATS, help="file format")
    parser.add_argument("--chart", required=True, choices=(*CHARTS, "report", ADVERTISED_PAY, RELATED, JOBS_LIST,
                                                           PANEL),
                        help="which chart ('report': the PDF report with every chart; "
                             f"'{ADVERTISED_PAY}': pay per country, currency and period, csv or xlsx; "
                             f"'{RELATED}': the related occupations, csv or xlsx; '{JOBS_LIST}': the available "
                             f"jobs, csv or xlsx; '{PANEL}': the country panel's lists of an ISCO group, a skill or "
                             "all occupations, csv or xlsx). One that does not apply to the subject exits 2 "
                             "saying why")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE",
                        help="file to write (an existing folder: the standard file name inside it)")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM", help="first month (default: the cube's first)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM", help="last month (default: the cube's last)")
    parser.add_argument("--measure", choices=tuple(MEASURES), default=DEFAULT_MEASURE,
                        help=f"what colours the map (default {DEFAULT_MEASURE})")
    parser.add_argument("--skills", metavar="LIST",
                        help="the skills a person has, |-separated URIs, labels or short keys: what "
                             f"--chart {RELATED} counts as had (default: the occupation's essential skills)")
    add_data_dir_argument(parser)
    parser.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from dashboard.cli_arguments import data_dir_from
    from dashboard.reading.cube import Cube
    from dashboard.exports.browser import ExportUnavailable
    from dashboard.exports.files import export
    from dashboard.related_cli import parse_selection
    from dashboard.view import View, check_period

    check_period(args.start, args.end)  # a bad month is named before the cube is opened
    if args.chart == "report" and args.format != "pdf":
        raise UsageError(f"--chart report is a PDF: use --format pdf (not {args.format})")
    for data_only in (ADVERTISED_PAY, RELATED, JOBS_LIST, PANEL):
        if args.chart == data_only and args.format not in ("csv", "xlsx"):
            raise UsageError(f"--chart {data_only} is data: use --format csv or xlsx (not {args.format})")
    named = any(v is not None for v in (args.occupation, args.isco, args.skill)) or args.all_occupations
    if not named and args.country is None:
        raise UsageError("export needs a subject: --occupation TEXT, --isco CODE, --skill TEXT, --all "
                         "or --country CODE alone (all occupations there)")
    cube = Cube.open(data_dir_from(args))
    skills, unknown = parse_selection(cube, args.skills)
    view = View.from_cli(cube, occupation=args.occupation, country=args.country, start=args.start, end=args.end,
                         measure=args.measure, skills=skills, isco=args.isco, skill=args.skill,
                         # "query --country POL" alone is about every occupation there; so is export.
                         all_occupations=args.all_occupations or not named)
    if unknown:
        print(f"note: skills not in the taxonomy (ignored): {', '.join(unknown)}", file=sys.stderr)
    try:
        name, content = export(cube, view, chart=args.chart, fmt=args.format)
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
