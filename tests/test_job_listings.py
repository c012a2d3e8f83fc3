"""The postings behind a count, and what they pay (issue 18): `jobs` and `query`'s "salary"."""
from __future__ import annotations

import csv
import io
import json

import pytest

from dashboard import cli
from dashboard.building.build import build
from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.reading.job_listings import Scope, holds_postings, list_jobs, salary_summary
from helpers import POSTINGS_FIXTURES, TINY_TAXONOMY

DETAILS = POSTINGS_FIXTURES / "details.csv"
SOFTWARE = "software developer"
PYTHON = "Python (computer programming)"

#: Hand-written: pay in two currencies and two periods in Germany, one formula-looking title,
#: one posting in another month, one electrician.
PAY_CSV = """id,occupation,country,date,skills,title,employer,location,url,salary_min,salary_max,currency,salary_period
p1,software developer,DE,2024-01-10,HTML,Dev A,Test One GmbH,Berlin,https://jobs.example.invalid/p1,40000,60000,EUR,year
p2,software developer,DE,2024-01-11,HTML,Dev B,Test Two GmbH,Bonn,,50000,70000,EUR,year
p3,software developer,DE,2024-01-12,,Dev C,Test Three GmbH,Köln,,90000,,EUR,year
p4,software developer,DE,2024-01-13,,Dev D,Test Four GmbH,Ulm,,3000,4000,EUR,month
p5,software developer,DE,2024-01-14,,Dev E,Test Five sp. z o.o.,Görlitz,,9000,12000,PLN,month
p6,software developer,DE,2024-01-15,,=HYPERLINK("http://evil.invalid"),@Test Six,+Kiel,,,,,
p7,software developer,DE,2024-02-01,,Dev G,Test Seven GmbH,Jena,,100000,120000,EUR,year
p8,electrician,DE,2024-01-20,,Elektriker,Test Eight GmbH,Trier,,20,25,EUR,hour
"""

COUNTS_CSV = """occupation,country,period,count
software developer,DE,2024-01,36
"""


def _cube(tmp_path_factory, name: str, **inputs) -> Cube:
    data_dir = tmp_path_factory.mktemp(name) / "cube"
    build(esco=[TINY_TAXONOMY], data_dir=data_dir, progress=False, **inputs)
    return Cube.open(data_dir)


@pytest.fixture(scope="module")
def details(tmp_path_factory) -> Cube:
    return _cube(tmp_path_factory, "details", postings=[DETAILS])


@pytest.fixture(scope="module")
def pay(tmp_path_factory) -> Cube:
    path = tmp_path_factory.mktemp("pay-input") / "pay.csv"
    path.write_text(PAY_CSV, encoding="utf-8")
    return _cube(tmp_path_factory, "pay", postings=[path])


@pytest.fixture(scope="module")
def counts_only(tmp_path_factory) -> Cube:
    path = tmp_path_factory.mktemp("counts-input") / "counts.csv"
    path.write_text(COUNTS_CSV, encoding="utf-8")
    return _cube(tmp_path_factory, "counts", counts=[path])


def _uri(cube: Cube, text: str) -> str:
    return cube.occupation_index.resolve_or_raise(text)


def _skill(cube: Cube, label: str) -> str:
    from dashboard.reading.resolve import SkillIndex

    return SkillIndex(cube.skills).resolve(label)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- list_jobs ---------------------------------------------------------------------------------------

def test_newest_first_then_id(details):
    page = list_jobs(details, Scope((_uri(details, SOFTWARE),)))
    assert page["total"] == 8
    # d3 and d4 share 2024-04-01: the id breaks the tie, so pages never overlap.
    assert [j["id"] for j in page["jobs"]] == ["d2", "d8", "d7", "d6", "d5", "d3", "d4", "d1"]


def test_selected_skills_first_then_newest(details):
    python = _skill(details, PYTHON)
    page = list_jobs(details, Scope((_uri(details, SOFTWARE),), "DEU"), skills=[python])
    assert [(j["id"], j["skills_matched"]) for j in page["jobs"]] == [("d3", 1), ("d1", 1), ("d2", 0)]
    both = list_jobs(details, Scope((_uri(details, SOFTWARE),), "DEU"), skills=[python, _skill(details, "HTML")])
    assert [(j["id"], j["skills_matched"]) for j in both["jobs"]] == [("d1", 2), ("d2", 1), ("d3", 1)]


def test_a_job_carries_its_details_and_pay_or_null(details):
    jobs = {j["id"]: j for j in list_jobs(details, Scope((_uri(details, SOFTWARE),), "DEU"))["jobs"]}
    assert jobs["d1"] == {"id": "d1", "title": "Senior Python Developer", "employer": "Acme Test GmbH",
                          "location": "Berlin", "country": "DEU", "date": "2024-03-02",
                          "url": "https://jobs.example.invalid/d1", "skills_matched": 0,
                          "salary": {"min": 60000.0, "max": 80000.0, "currency": "EUR", "period": "year"}}
    assert jobs["d3"]["salary"] is None  # dropped at build (no currency)
    assert jobs["d3"]["url"] == "javascript:alert(1)"  # kept as text; only the UI decides what is a link


def test_paging_totals_and_pages_partition_the_scope(details):
    scope = Scope((_uri(details, SOFTWARE),))
    everything = [j["id"] for j in list_jobs(details, scope, limit=100)["jobs"]]
    pages = [list_jobs(details, scope, limit=3, offset=k) for k in (0, 3, 6, 9)]
    assert [p["total"] for p in pages] == [8, 8, 8, 8]
    assert [len(p["jobs"]) for p in pages] == [3, 3, 2, 0]
    assert [j["id"] for p in pages for j in p["jobs"]] == everything


def test_scope_by_country_and_months(details, pay):
    software = _uri(details, SOFTWARE)
    assert list_jobs(details, Scope((software,), "FRA"))["total"] == 5
    april = list_jobs(details, Scope((software,), None, "2024-04", "2024-04"))
    assert sorted(j["id"] for j in april["jobs"]) == ["d3", "d4", "d5", "d6", "d7", "d8"]
    assert list_jobs(pay, Scope((_uri(pay, SOFTWARE),), "DEU", "2024-02", None))["total"] == 1


@pytest.mark.parametrize("limit, offset, message", [(0, 0, "--limit 0"), (1001, 0, "--limit 1001"),
                                                    (20, -1, "--offset -1")])
def test_bad_page_is_a_usage_error(details, limit, offset, message):
    with pytest.raises(UsageError, match=message):
        list_jobs(details, Scope(), limit=limit, offset=offset)


# --- salary_summary ----------------------------------------------------------------------------------

def test_salary_medians_per_currency_and_period_never_mixed(pay):
    summary = salary_summary(pay, Scope((_uri(pay, SOFTWARE),), "DEU", "2024-01", "2024-01"))
    assert summary == [
        # p1, p2, p3: minimum median of 40k/50k/90k; p3 states no maximum, so 60k/70k.
        {"currency": "EUR", "period": "year", "postings": 3, "median_min": 50000.0, "median_max": 65000.0},
        {"currency": "EUR", "period": "month", "postings": 1, "median_min": 3000.0, "median_max": 4000.0},
        {"currency": "PLN", "period": "month", "postings": 1, "median_min": 9000.0, "median_max": 12000.0},
    ]
    # p7 (February) joins when the period is open; p6 states no pay and is never counted.
    year = salary_summary(pay, Scope((_uri(pay, SOFTWARE),), "DEU"))[0]
    assert (year["postings"], year["median_min"], year["median_max"]) == (4, 70000.0, 70000.0)  # mins 40k, 50k, 90k, 100k; maxes 60k, 70k, 120k


def test_query_json_gains_salary_in_scope(capsys, pay):
    code, out, _ = _run(capsys, "query", "--occupation", "electrician", "--country", "DE", "--format", "json",
                        "--data-dir", str(pay.path.parent.parent))
    assert code == 0
    assert json.loads(out)["salary"] == [{"currency": "EUR", "period": "hour", "postings": 1,
                                          "median_min": 20.0, "median_max": 25.0}]
    code, out, _ = _run(capsys, "query", "--occupation", SOFTWARE, "--from", "2024-02", "--format", "json",
                        "--data-dir", str(pay.path.parent.parent))
    assert json.loads(out)["salary"] == [{"currency": "EUR", "period": "year", "postings": 1,
                                          "median_min": 100000.0, "median_max": 120000.0}]


# --- counts only -------------------------------------------------------------------------------------

def test_counts_only_cube_lists_no_postings_and_says_so(capsys, counts_only):
    assert not holds_postings(counts_only)
    software = _uri(counts_only, SOFTWARE)
    assert list_jobs(counts_only, Scope((software,))) == {"total": 0, "jobs": []}
    assert salary_summary(counts_only, Scope((software,))) == []
    data_dir = str(counts_only.path.parent.parent)
    code, out, _ = _run(capsys, "jobs", "--occupation", SOFTWARE, "--data-dir", data_dir)
    assert code == 0 and "holds counts, not individual job ads" in out
    code, out, err = _run(capsys, "jobs", "--occupation", SOFTWARE, "--data-dir", data_dir, "--format", "json")
    assert json.loads(out) == {"total": 0, "jobs": [], "holds_postings": False}
    assert "holds counts, not individual job ads" in err


# --- the jobs command --------------------------------------------------------------------------------

def test_jobs_json_matches_the_contract(capsys, details):
    code, out, _ = _run(capsys, "jobs", "--occupation", "2512.4", "--country", "Germany", "--skills", PYTHON,
                        "--limit", "2", "--format", "json", "--data-dir", str(details.path.parent.parent))
    assert code == 0
    result = json.loads(out)
    assert result["total"] == 3 and result["holds_postings"] is True
    assert [j["id"] for j in result["jobs"]] == ["d3", "d1"]
    assert set(result["jobs"][0]) == {"id", "title", "employer", "location", "country", "date", "url",
                                      "skills_matched", "salary"}


def test_jobs_csv_is_flat_and_formula_neutralised(capsys, pay):
    code, out, _ = _run(capsys, "jobs", "--occupation", SOFTWARE, "--to", "2024-01", "--format", "csv",
                        "--data-dir", str(pay.path.parent.parent))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows] == ["p6", "p5", "p4", "p3", "p2", "p1"]
    p6 = rows[0]
    assert (p6["title"], p6["employer"], p6["location"]) == ("'=HYPERLINK(\"http://evil.invalid\")", "'@Test Six",
                                                             "'+Kiel")
    assert (p6["salary_min"], p6["currency"]) == ("", "")
    p3 = rows[3]
    assert (p3["salary_min"], p3["salary_max"], p3["currency"], p3["salary_period"]) == ("90000.0", "", "EUR", "year")


def test_jobs_text_names_the_page(capsys, details):
    code, out, _ = _run(capsys, "jobs", "--occupation", SOFTWARE, "--limit", "3", "--offset", "3",
                        "--data-dir", str(details.path.parent.parent))
    assert code == 0
    assert out.startswith("Postings 4-6 of 8:")
    assert "Développeur Java — Zeta Test SAS, Nantes" in out


def test_unknown_skills_are_named_and_ignored(capsys, details):
    code, out, err = _run(capsys, "jobs", "--occupation", SOFTWARE, "--skills", f"{PYTHON}|basket weaving",
                          "--format", "json", "--data-dir", str(details.path.parent.parent))
    assert code == 0 and "basket weaving" in err
    assert json.loads(out)["jobs"][0]["skills_matched"] == 1


@pytest.mark.parametrize("args, message", [
    (["--limit", "0"], "--limit 0: expected 1 to 1000"),
    (["--offset", "-3"], "--offset -3: expected 0 or more"),
    (["--from", "2024-13"], "--from '2024-13': expected a month as YYYY-MM"),
    (["--from", "2024-05", "--to", "2024-04"], "--from 2024-05 is after --to 2024-04"),
    (["--country", "Atlantis"], "unknown country"),
    (["--country", "Germny"], "Closest matches: Germany (DEU)"),
])
def test_bad_flags_exit_2_with_a_clear_message(capsys, details, args, message):
    code, out, err = _run(capsys, "jobs", "--occupation", SOFTWARE, *args, "--data-dir",
                          str(details.path.parent.parent))
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


@pytest.mark.parametrize("args", [["--limit", "ten"], ["--format", "xml"], []])
def test_malformed_flags_exit_2(capsys, args):
    with pytest.raises(SystemExit) as stop:
        cli.main(["jobs", *args] if args else ["jobs"])
    assert stop.value.code == 2
    assert "usage:" in capsys.readouterr().err
