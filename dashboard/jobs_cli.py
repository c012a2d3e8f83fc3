"""``python -m dashboard jobs``: the postings behind a count, like the panel's list (issue 18).

Contract (DESIGN.md "Additions"): ``{"total": int, "jobs": [{"id", "title", "employer",
"location", "country", "date", "url", "skills_matched", "salary": {...} | null}]}``.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys

from dashboard.errors import UsageError

#: What a cube built from counts only says instead of a list (text, and on stderr otherwise).
COUNTS_ONLY = "This data holds counts, not individual job ads: there are no postings to list."

#: CSV columns of ``jobs --format csv`` (the salary object flattened).
CSV_COLUMNS = ("id", "title", "employer", "location", "country", "date", "url", "skills_matched",
               "salary_min", "salary_max", "currency", "salary_period")


def add_jobs_parser(subparsers) -> None:
    from dashboard.cli_arguments import add_data_dir_argument
    from dashboard.reading.job_listings import PAGE_SIZE

    parser = subparsers.add_parser(
        "jobs", help="list the postings of one occupation (newest first, or best skill match first)",
        description="The individual postings behind the counts: newest first; with --skills, those asking "
                    "for more of the given skills first, then newest.")
    parser.add_argument("--occupation", required=True, metavar="TEXT",
                        help="URI, ESCO code, preferred or alternative label")
    parser.add_argument("--country", metavar="CODE", help="ISO code or English name (default: every country)")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM", help="first month (inclusive)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM", help="last month (inclusive)")
    parser.add_argument("--skills", metavar="LIST",
                        help="'|'-separated skill URIs or labels: postings asking for more of them first")
    parser.add_argument("--limit", type=int, default=PAGE_SIZE, metavar="N",
                        help=f"postings to print (default {PAGE_SIZE})")
    parser.add_argument("--offset", type=int, default=0, metavar="K", help="postings to skip first (paging)")
    add_data_dir_argument(parser)
    parser.add_argument("--format", choices=("text", "json", "csv"), default="text",
                        help="output format (default text)")
    parser.set_defaults(func=run_jobs)


def resolve_skills(cube, text: str | None) -> tuple[list[str], list[str]]:
    """(skill URIs, texts that did not resolve) of a ``|``-separated LIST."""
    if not text:
        return [], []
    from dashboard.reading.resolve import SkillIndex

    index = SkillIndex(cube.skills)
    uris, unknown = [], []
    for token in (t.strip() for t in text.split("|")):
        if token:
            uri = index.resolve(token)
            (uris.append(uri) if uri else unknown.append(token))
    return uris, unknown


def run_jobs(args: argparse.Namespace) -> int:
    from dashboard.cli_arguments import data_dir_from
    from dashboard.reading.cube import Cube
    from dashboard.reading.job_listings import Scope, holds_postings, list_jobs
    from dashboard.view import View

    cube = Cube.open(data_dir_from(args))
    skills, unknown = resolve_skills(cube, args.skills)
    # The one View of the flags (issue 13): occupation, country and months read as query/export read them.
    view = View.from_cli(cube, occupation=args.occupation, country=args.country, start=args.start, end=args.end,
                         skills=skills)
    if unknown:
        print(f"note: skills not in the taxonomy (ignored): {', '.join(unknown)}", file=sys.stderr)
    result = list_jobs(cube, Scope((view.occupation,), view.country, view.start, view.end), skills=list(view.skills),
                       limit=args.limit, offset=args.offset)
    kept = holds_postings(cube)
    if not kept:
        print(f"note: {COUNTS_ONLY}", file=sys.stderr)
    if args.format == "json":
        print(json.dumps({**result, "holds_postings": kept}, ensure_ascii=False, allow_nan=False))
    elif args.format == "csv":
        from dashboard.exports.tables import neutralise

        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_COLUMNS)
        for job in result["jobs"]:
            pay = job["salary"] or {}
            row = [job[c] for c in CSV_COLUMNS[:8]] + [pay.get("min"), pay.get("max"), pay.get("currency"),
                                                       pay.get("period")]
            writer.writerow(["" if v is None else neutralise(v) for v in row])
    else:
        if not kept:
            print(COUNTS_ONLY)
            return 0
        print(format_jobs_text(result, offset=args.offset))
    return 0


def format_jobs_text(result: dict, *, offset: int = 0) -> str:
    jobs = result["jobs"]
    if not jobs:
        return f"No postings to show ({result['total']:,} in scope)."
    lines = [f"Postings {offset + 1:,}-{offset + len(jobs):,} of {result['total']:,}:"]
    for job in jobs:
        pay = job["salary"]
        money = ""
        if pay:
            span = "-".join(f"{v:,.0f}" for v in (pay["min"], pay["max"]) if v is not None)
            money = f"  {span} {pay['currency']} per {pay['period']}"
        lines.append(f"  {job['date']}  {job['title'] or '(no title)'} — {job['employer'] or '(employer not given)'}, "
                     f"{job['location'] or job['country']}  [{job['skills_matched']} skills matched]{money}")
        if job["url"]:
            lines.append(f"      {job['url']}")
    return "\n".join(lines)
