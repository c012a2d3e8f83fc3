"""``python -m dashboard related``: where to go next from one or more occupations (issue 14, point 5).

Contract (DESIGN.md "Additions"): a JSON list, one object per ``--occupation`` in the order
given, ``{"occupation": {"uri", "label", "code"}, "known_skills": "occupation" | "selected",
"related": [{"uri", "label", "code", "isco_group", "score", "essential_have", "essential_of",
"optional_have", "optional_of", "to_learn": [{"uri", "label"}], "jobs"}]}``; added: ``"unknown"``
(the ``--skills`` texts that name no skill), ``"country"``, ``"period"`` and, per related
occupation, ``"rank"`` and ``"relation"``. ``--format csv``: one row per (origin, related).

The numbers are :func:`dashboard.reading.related.related_in`'s. The cube is opened once and
every occupation is resolved before anything is printed, so twenty occupations cost one load
and an unknown one (exit 2, with the closest matches) prints nothing else.
"""
from __future__ import annotations

import argparse
import json
import sys

from dashboard.errors import UsageError

#: Related occupations per occupation by default (the page shows as many before "show more").
DEFAULT_LIMIT = 10


def add_related_parser(subparsers) -> None:
    """Register ``related`` on the ``python -m dashboard`` parser (dashboard/cli.py adds it)."""
    from dashboard.cli_arguments import add_data_dir_argument
    from dashboard.reading.skill_selection import MAX_SELECTED

    parser = subparsers.add_parser(
        "related", help="related occupations of one or more occupations: score, skills had and to learn, jobs",
        description="Where to go next: for each --occupation, its related occupations ranked by skill "
                    "similarity, how many of their skills a person already has (the --skills when given, "
                    "else the occupation's essential skills), the essential skills to learn, and their jobs "
                    "in --country and the period.")
    parser.add_argument("--occupation", action="append", required=True, metavar="TEXT",
                        help="URI, ESCO code, preferred or alternative label (repeatable: answered in the order given)")
    parser.add_argument("--skills", metavar="LIST",
                        help=f"the skills a person has, |-separated URIs, labels or short keys (at most {MAX_SELECTED}); "
                             "without it, each occupation's essential skills count as had")
    parser.add_argument("--country", metavar="CODE", help="ISO code or English name: jobs in this country (default: every country)")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM", help="first month of the jobs (default: the cube's first)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM", help="last month of the jobs (default: the cube's last)")
    parser.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                        help=f"related occupations per occupation (default {DEFAULT_LIMIT})")
    add_data_dir_argument(parser)
    parser.add_argument("--format", choices=("json", "csv"), default="json", help="output format (default json)")
    parser.set_defaults(func=run_related)


def parse_selection(cube, text: str | None) -> tuple[list[str], list[str]]:
    """(skill URIs, texts that name no skill) of a ``--skills`` LIST, bounded as the app bounds a
    selection (:data:`~dashboard.reading.skill_selection.MAX_SELECTED`; the rest noted on stderr)."""
    if text is None:
        return [], []
    from dashboard.reading.skill_selection import MAX_SELECTED, parse_skills, skill_keys_of, skill_resolver_of

    parsed = parse_skills([text], keys=skill_keys_of(cube), resolve=skill_resolver_of(cube))
    if parsed.dropped:
        print(f"note: a selection holds at most {MAX_SELECTED} skills: {parsed.dropped} left out", file=sys.stderr)
    return parsed.uris, parsed.unknown


def run_related(args: argparse.Namespace) -> int:
    from dashboard.cli_arguments import data_dir_from
    from dashboard.reading.cube import Cube
    from dashboard.reading.related import related_answer, related_in, related_rows
    from dashboard.view import View, check_period

    if args.limit < 1:
        raise UsageError(f"--limit {args.limit}: expected a whole number of at least 1")
    check_period(args.start, args.end)  # a bad month is named before the cube is opened
    cube = Cube.open(data_dir_from(args))
    selection, unknown = parse_selection(cube, args.skills)
    # One View per occupation, read as query/jobs/export read the flags; all resolved before any output.
    views = [View.from_cli(cube, occupation=text, country=args.country, start=args.start, end=args.end,
                           skills=selection) for text in args.occupation]
    if cube.related_index is None:
        print("note: this cube was built before related occupations existed: rebuild it to list them", file=sys.stderr)
    if unknown:
        print(f"note: skills not in the taxonomy (ignored): {', '.join(unknown)}", file=sys.stderr)
    results = [related_in(cube, v.occupation, selection=v.skills, iso3=v.country, start=v.start, end=v.end)
               for v in views]
    if args.format == "csv":
        import pandas as pd

        from dashboard.exports.tables import to_csv_bytes

        frames = [related_rows(cube, r, selection=v.skills, limit=args.limit) for r, v in zip(results, views)]
        text = to_csv_bytes(pd.concat(frames, ignore_index=True)).decode("utf-8-sig")
        sys.stdout.write(text)
        return 0
    answers = [{**related_answer(cube, r, selection=v.skills, limit=args.limit), "unknown": unknown,
                "country": v.country, "period": {"from": v.start, "to": v.end}} for r, v in zip(results, views)]
    print(json.dumps(answers, ensure_ascii=False, allow_nan=False))
    return 0
