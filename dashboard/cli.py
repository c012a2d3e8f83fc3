"""Command line: ``python -m dashboard build|query|export`` (DESIGN.md "Command-line contract").

Every error a user can cause is a :class:`JobAtlasError`: one message on stderr (the closest
matches for an unknown occupation), exit code 2, never a traceback.

Subcommands register themselves as ``add_<name>_parser(subparsers)`` functions that set
``func`` (args -> exit code): ``build`` and ``query`` here, ``jobs`` in ``dashboard/jobs_cli.py``,
``related`` in ``dashboard/related_cli.py``, ``export`` in ``dashboard/export_cli.py``; the arguments they share are in ``dashboard/cli_arguments.py``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from dashboard.building.ingest import ColumnMap
from dashboard.cli_arguments import add_data_dir_argument, data_dir_from
from dashboard.errors import JobAtlasError, UsageError
from dashboard.export_cli import add_export_parser
from dashboard.jobs_cli import add_jobs_parser
from dashboard.related_cli import add_related_parser

#: Column flags of ``build``: flag -> ColumnMap field.
COLUMN_FLAGS = {
    "--id-col": "id",
    "--occupation-col": "occupation",
    "--country-col": "country",
    "--date-col": "date",
    "--skills-col": "skills",
    "--count-col": "count",
    "--period-col": "period",
    # Posting details (issue 18), all optional.
    "--title-col": "title",
    "--employer-col": "employer",
    "--location-col": "location",
    "--url-col": "url",
    "--salary-min-col": "salary_min",
    "--salary-max-col": "salary_max",
    "--currency-col": "currency",
    "--salary-period-col": "salary_period",
}


# -- build ---------------------------------------------------------------------------------

def add_build_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "build", help="build and publish the cube (no inputs: the demo)",
        description="Build the cube from an ESCO bundle and postings/counts, and publish it atomically. "
                    "No inputs builds the demo; --esco alone builds the taxonomy with every count zero.")
    parser.add_argument("--append", action="store_true",
                        help="add the --postings/--counts files to the published cube without reading its "
                             "earlier inputs again (the cube's own taxonomy; no --esco)")
    parser.add_argument("--esco", action="append", type=Path, default=[], metavar="PATH",
                        help="ESCO CSV bundle: a zip, a folder of CSVs or a folder of zips (repeatable)")
    # Kept as typed (not Path): an s3:// or hdfs:// URI goes to Spark as it is.
    parser.add_argument("--postings", action="append", default=[], metavar="PATH",
                        help="postings file: .csv, .csv.gz, .parquet, .jsonl, .xlsx (repeatable)")
    parser.add_argument("--counts", action="append", default=[], metavar="PATH",
                        help="aggregated counts file: .csv, .parquet or .xlsx (repeatable)")
    parser.add_argument("--period", metavar="YYYY-MM",
                        help="the month of counts files that have no period column (default: they stay undated)")
    parser.add_argument("--sheet", metavar="NAME",
                        help="worksheet to read from .xlsx inputs (default: the first sheet)")
    defaults = ColumnMap()
    for flag, field in COLUMN_FLAGS.items():
        parser.add_argument(flag, dest=f"{field}_col", metavar="C", default=getattr(defaults, field),
                            help=f"name of the {field} column (default {getattr(defaults, field)!r})")
    parser.add_argument("--currency", metavar="CODE",
                        help="ISO 4217 currency of postings whose currency cell is missing or empty (e.g. EUR)")
    parser.add_argument("--salary-period", metavar="PERIOD",
                        help="pay period (year, month, day, hour) of postings whose salary_period cell is missing or empty")
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb",
                        help="aggregation engine (default duckdb; spark needs requirements-spark.txt)")
    parser.add_argument("--spark-master", metavar="URL",
                        help="Spark master for --engine spark (default local[*]; e.g. yarn, spark://host:7077, k8s://...)")
    parser.add_argument("--spark-conf", action="append", default=[], metavar="KEY=VALUE",
                        help="Spark setting for --engine spark, passed through (repeatable)")
    add_data_dir_argument(parser)
    parser.add_argument("--strict", action="store_true", help="fail the build (exit 2) if any row is rejected")
    parser.set_defaults(func=run_build)


def run_build(args: argparse.Namespace) -> int:
    from dashboard.building.build import build

    from dashboard.building.posting_details import check_defaults

    currency, salary_period = check_defaults(currency=args.currency, period=args.salary_period)
    columns = ColumnMap(**{field: getattr(args, f"{field}_col") for field in COLUMN_FLAGS.values()},
                        default_currency=currency, default_salary_period=salary_period)
    if args.spark_master or args.spark_conf:
        if args.engine != "spark":
            raise UsageError("--spark-master and --spark-conf need --engine spark")
        from dashboard.building.engines.spark import configure, parse_spark_conf

        configure(master=args.spark_master, conf=parse_spark_conf(args.spark_conf))
    if args.append:
        from dashboard.building.append import append

        if args.esco:
            raise UsageError("--esco cannot be used with --append: an append keeps the cube's own taxonomy "
                             "(to change the taxonomy, rebuild from all inputs without --append)")
        report = append(postings=args.postings, counts=args.counts, columns=columns, data_dir=data_dir_from(args),
                        engine=args.engine, strict=args.strict, period=args.period, sheet=args.sheet)
        load = report["loads"][-1]
        print(f"appended {load['rows_loaded']:,} rows (read {load['rows_read']:,}, rejected "
              f"{load['rows_rejected']:,}) in {load['seconds']:.1f} s: load {len(report['loads'])} of the cube")
    else:
        report = build(esco=args.esco, postings=args.postings, counts=args.counts, columns=columns,
                       data_dir=data_dir_from(args), engine=args.engine, strict=args.strict, period=args.period,
                       sheet=args.sheet)
    reasons = ", ".join(f"{n:,} {r}" for r, n in report["rejected_by_reason"].items())
    print(f"published {report['dataset']['name']} ({report['version']}) in {data_dir_from(args)}")
    print(f"rows read {report['rows_read']:,}, loaded {report['rows_loaded']:,}, "
          f"rejected {report['rows_rejected']:,}" + (f" ({reasons})" if reasons else ""))
    if report["rows_rejected"]:
        print(f"rejected rows: {report['rejects_file']}")
    if report["skills_unresolved"]:
        print(f"skill mentions not in the taxonomy (dropped): {report['skills_unresolved']:,}")
    if report["dataset"]["taxonomy_issues"]:
        print(f"taxonomy notes: {len(report['dataset']['taxonomy_issues'])} (see build_report.json)")
    return 0


# -- query ---------------------------------------------------------------------------------

def add_query_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "query", help="jobs and skills of an occupation, an ISCO group, a skill or a country",
        description="Jobs by country and skill demand of one occupation (--occupation), an ISCO-08 group "
                    "(--isco), postings asking for a skill (--skill), or what employers in one country look for "
                    "(--country alone).")
    subject = parser.add_mutually_exclusive_group()
    subject.add_argument("--occupation", metavar="TEXT", help="URI, ESCO code, preferred or alternative label")
    subject.add_argument("--isco", metavar="CODE",
                         help="ISCO-08 group, 1 to 4 digits (2, 25, 251, 2511) or its label: adds up its ESCO occupations")
    subject.add_argument("--skill", metavar="TEXT",
                         help="skill URI, preferred or alternative label: postings asking for it by country, "
                              "and the occupations asking for it most")
    parser.add_argument("--country", metavar="CODE",
                        help="ISO code or English name: top skills in this country; alone, the country's top "
                             "occupations, ISCO groups and skills")
    parser.add_argument("--isco-level", type=int, choices=(1, 2, 3, 4), default=1, metavar="1..4",
                        help="with --country alone: digits of the ISCO groups ranked (default 1)")
    parser.add_argument("--skills", metavar="LIST",
                        help="with --occupation: the skills a person has, |-separated URIs, labels or short keys; "
                             "adds how many of each group they cover and the skills to learn next")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM", help="first month (default: the cube's first)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM", help="last month (default: the cube's last)")
    add_data_dir_argument(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.set_defaults(func=run_query)


def run_query(args: argparse.Namespace) -> int:
    from dashboard.reading.cube import Cube
    from dashboard.view import check_period

    start, end = check_period(args.start, args.end)
    if args.occupation is None and args.isco is None and args.skill is None and args.country is None:
        raise UsageError("query needs a subject: --occupation TEXT, --isco CODE, --skill TEXT or --country CODE")
    if args.isco_level != 1 and (args.occupation is not None or args.isco is not None or args.skill is not None):
        raise UsageError("--isco-level goes with --country alone (the ISCO groups of a country's jobs)")
    if getattr(args, "skills", None) is not None and args.occupation is None:
        raise UsageError("--skills goes with --occupation (the skills a person has, against that occupation's)")
    cube = Cube.open(data_dir_from(args))
    if args.occupation is not None:
        from dashboard.reading.queries import query_result

        result = query_result(cube, args.occupation, country=args.country, start=start, end=end,
                              skills=getattr(args, "skills", None))
        text = lambda: format_query_text(result, country=args.country, is_demo=cube.is_demo)  # noqa: E731
    else:
        from dashboard.reading import subjects

        if args.skill is not None:
            result = subjects.skill_result(cube, args.skill, country=args.country, start=start, end=end)
            text = lambda: subjects.format_skill_text(result, is_demo=cube.is_demo)  # noqa: E731
        elif args.isco is not None:
            result = subjects.isco_group_result(cube, args.isco, country=args.country, start=start, end=end)
            text = lambda: subjects.format_isco_text(result, is_demo=cube.is_demo)  # noqa: E731
        else:
            result = subjects.country_result(cube, args.country, start=start, end=end, isco_level=args.isco_level)
            text = lambda: subjects.format_country_text(result, is_demo=cube.is_demo)  # noqa: E731
    print(json.dumps(result, ensure_ascii=False, allow_nan=False) if args.format == "json" else text())
    return 0


def format_query_text(result: dict, *, country: str | None = None, is_demo: bool = False, top: int = 10) -> str:
    """A readable summary of a :func:`dashboard.reading.queries.query_result` object."""
    occ = result["occupation"]
    lines = [f"{occ['label']} (ESCO {occ['code']}, ISCO {occ['isco_group']})", occ["uri"]]
    if is_demo:
        lines.append("Demo data: generated, not real postings.")
    period = result.get("period") or {}
    when = (f", {period['from']} to {period['to']}" if period.get("from")
            else ", undated (the data carries no period)")
    lines.append(f"Jobs: {result['jobs_total']:,} in {result['countries_with_jobs']:,} countries{when}")
    for row in result["countries"][:top]:
        per_million = "" if row["per_million"] is None else f"  {row['per_million']:,.1f} per million"
        share = "" if row["share"] is None else f"  {row['share']:.1%} of postings"
        quotient = row.get("location_quotient")
        quotient = "" if quotient is None else f"  LQ {quotient:.2f}"
        lines.append(f"  {row['name']} ({row['iso3']})  {row['jobs']:,}{per_million}{share}{quotient}")
    if len(result["countries"]) > top:
        lines.append(f"  ... and {len(result['countries']) - top} more")
    breakdown = result["skill_breakdown"]
    lines.append("Skills in the taxonomy: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in breakdown.items()))
    where = f" in {country}" if country else ""
    if result["top_skills"]:
        lines.append(f"Skills most asked for{where}:")
        for skill in result["top_skills"][:top]:
            share = "" if skill["share"] is None else f" ({skill['share']:.0%})"
            lines.append(f"  {skill['label']}  {skill['postings']:,} postings{share}")
    else:
        lines.append(f"No skill mentions in postings{where}.")
    selected = result.get("selected_skills")
    if selected is not None:
        from dashboard.reading.skill_selection import GROUP_WORDS

        have = sum(selected[g]["have"] for g in GROUP_WORDS)
        lines.append(f"Skills selected: {len(selected['skills'])}, of which {have} of this occupation's "
                     f"{sum(selected[g]['of'] for g in GROUP_WORDS)} ("
                     + " · ".join(f"{selected[g]['have']} of {selected[g]['of']} {w}" for g, w in GROUP_WORDS.items())
                     + ")")
        if selected["unknown"]:
            lines.append("Not skills in this data: " + ", ".join(selected["unknown"]))
        if selected.get("to_learn"):
            lines.append(f"Skills to learn next (most asked for{where}, not selected): "
                         + ", ".join(s["label"] for s in selected["to_learn"]))
    return "\n".join(lines)


# -- the parser ----------------------------------------------------------------------------

def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description="Job Atlas: build and query the jobs cube.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="{build,query,jobs,related,export}")
    for add in (add_build_parser, add_query_parser, add_jobs_parser, add_related_parser, add_export_parser):
        add(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except JobAtlasError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
