"""Posting details in, kept in the cube (issue 18): title, employer, location, url and pay."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from dashboard import cli
from dashboard.building.build import build
from dashboard.reading.cube import VERSIONS_DIR, current_version
from dashboard.errors import UsageError
from dashboard.building.ingest import ColumnMap
from dashboard.building.posting_details import check_defaults, currency_code, parse_salary, salary_period
from helpers import POSTINGS_FIXTURES, TINY_TAXONOMY

DETAILS = POSTINGS_FIXTURES / "details.csv"


def _postings(data_dir) -> pd.DataFrame:
    frame = pd.read_parquet(data_dir / VERSIONS_DIR / current_version(data_dir) / "postings.parquet")
    return frame.set_index("id")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("details")
    report = build(esco=[TINY_TAXONOMY], postings=[DETAILS], data_dir=data_dir, progress=False)
    return report, _postings(data_dir)


@pytest.mark.parametrize("text, expected", [
    ("45000", (45000.0, "ok")), (" 18.5 ", (18.5, "ok")), ("4.5e4", (45000.0, "ok")), ("0", (0.0, "ok")),
    ("abc", (None, "not a number")), ("45,000", (None, "not a number")), ("nan", (None, "not a number")),
    ("inf", (None, "not a number")), ("1_000", (None, "not a number")), ("-5", (None, "negative")),
])
def test_salary_figures(text, expected):
    assert parse_salary(text) == expected


@pytest.mark.parametrize("text, expected", [("EUR", "EUR"), ("eur", "EUR"), (" pln ", "PLN"), ("978", "EUR"),
                                            ("XYZ", None), ("euro", None), ("", None)])
def test_currency_codes_are_iso_4217(text, expected):
    assert currency_code(text) == expected


@pytest.mark.parametrize("text, expected", [("year", "year"), ("Annual", "year"), ("monthly", "month"),
                                            ("per hour", "hour"), ("daily", "day"), ("fortnight", None)])
def test_salary_periods(text, expected):
    assert salary_period(text) == expected


def test_every_posting_loads_and_its_details_are_kept(built):
    report, postings = built
    assert report["rows_loaded"] == 10 and report["rows_rejected"] == 0
    assert report["tables"]["postings"] == 10
    d1 = postings.loc["d1"]
    assert (d1.title, d1.employer, d1.location, d1.url) == ("Senior Python Developer", "Acme Test GmbH", "Berlin",
                                                            "https://jobs.example.invalid/d1")
    assert (d1.salary_min, d1.salary_max, d1.currency, d1.salary_period) == (60000, 80000, "EUR", "year")
    assert d1.date == "2024-03-02"
    assert d1.skills.split("|") == sorted(d1.skills.split("|")) and len(d1.skills.split("|")) == 2
    assert (postings.loc["d2"].currency, postings.loc["d2"].salary_period) == ("EUR", "month")  # "eur", "monthly"
    # Only a minimum stated: kept as such.
    assert postings.loc["d10"].salary_min == 18.5 and pd.isna(postings.loc["d10"].salary_max)


def test_bad_salaries_are_dropped_with_a_counted_reason(built):
    report, postings = built
    assert report["salary_dropped_by_reason"] == {
        "salary not a number": 1, "negative salary": 1, "salary min above max": 1, "unknown currency": 1,
        "unknown salary period": 1, "missing currency": 1}
    for posting in ("d3", "d4", "d5", "d6", "d7", "d8"):  # the posting stays, its salary goes
        row = postings.loc[posting]
        assert pd.isna(row.salary_min) and pd.isna(row.salary_max) and pd.isna(row.currency), posting
    # No salary stated is not a dropped salary.
    assert pd.isna(postings.loc["d9"].salary_min) and pd.isna(postings.loc["d9"].currency)


def test_file_wide_currency_and_period_fill_empty_cells(tmp_path):
    report = build(esco=[TINY_TAXONOMY], postings=[DETAILS], data_dir=tmp_path, progress=False,
                   columns=ColumnMap(default_currency="GBP", default_salary_period="year"))
    row = _postings(tmp_path).loc["d3"]
    assert (row.salary_min, row.currency, row.salary_period) == (70000, "GBP", "year")
    assert "missing currency" not in report["salary_dropped_by_reason"]
    assert _postings(tmp_path).loc["d1"].currency == "EUR"  # a stated currency wins over the default


def test_detail_columns_map_by_flag(tmp_path):
    source = pd.read_csv(DETAILS, dtype=str, keep_default_na=False)
    renamed = source.rename(columns={"title": "Job title", "employer": "Company", "location": "Place", "url": "Link",
                                     "salary_min": "From", "salary_max": "To", "currency": "Cur",
                                     "salary_period": "Per"})
    path = tmp_path / "renamed.csv"
    renamed.to_csv(path, index=False)
    code = cli.main(["build", "--esco", str(TINY_TAXONOMY), "--postings", str(path), "--data-dir", str(tmp_path / "c"),
                     "--title-col", "Job title", "--employer-col", "Company", "--location-col", "Place",
                     "--url-col", "Link", "--salary-min-col", "From", "--salary-max-col", "To",
                     "--currency-col", "Cur", "--salary-period-col", "Per", "--currency", "chf",
                     "--salary-period", "year"])
    assert code == 0
    postings = _postings(tmp_path / "c")
    assert postings.loc["d1"].employer == "Acme Test GmbH" and postings.loc["d1"].salary_max == 80000
    assert postings.loc["d3"].currency == "CHF"


@pytest.mark.parametrize("flag, value, message", [("--currency", "XYZ", "ISO 4217"),
                                                  ("--salary-period", "fortnight", "year, month, day, hour")])
def test_a_bad_default_is_a_usage_error(tmp_path, capsys, flag, value, message):
    code = cli.main(["build", "--esco", str(TINY_TAXONOMY), "--postings", str(DETAILS), "--data-dir", str(tmp_path),
                     flag, value])
    assert code == 2 and message in capsys.readouterr().err
    with pytest.raises(UsageError):
        check_defaults(**{"currency" if flag == "--currency" else "period": value,
                          "period" if flag == "--currency" else "currency": None})


def test_postings_without_details_still_build_a_postings_table(tmp_path):
    report = build(esco=[TINY_TAXONOMY], postings=[POSTINGS_FIXTURES / "renamed_columns.csv"], data_dir=tmp_path,
                   progress=False, columns=ColumnMap(id="ref", occupation="job", country="nation", date="posted",
                                                     skills="tags"))
    postings = _postings(tmp_path)
    assert len(postings) == report["rows_loaded"] > 0
    assert postings["title"].isna().all() and postings["salary_min"].isna().all()
    assert report["salary_dropped_by_reason"] == {}


@pytest.mark.parametrize("text, code", [
    ("eur", "EUR"), ("978", "EUR"), ("BGN", "BGN"), ("975", "BGN"), ("hrk", "HRK"), ("532", "XCG"), ("XXQ", None),
])
def test_recently_withdrawn_currencies_stay_known(text, code):
    # pycountry 26 dropped BGN (Bulgaria joined the euro on 2026-01-01) and HRK; postings from
    # before still state pay in them, and must not lose it as "unknown currency" (issue 12).
    from dashboard.building.posting_details import currency_code

    assert currency_code(text) == code
