"""Advertised pay by country and the dominant currency/period (issue 18 point 3)."""
from __future__ import annotations

import pytest

from dashboard.building.build import build
from dashboard.reading.advertised_pay import dominant, dominant_by_country, pay_by_country
from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import Scope
from helpers import TINY_TAXONOMY

#: Hand-written: Germany states pay in EUR a year (4) and PLN a month (1); France EUR a year (4);
#: one posting without pay.
PAY_CSV = """id,occupation,country,date,skills,salary_min,salary_max,currency,salary_period
d1,software developer,DE,2024-01-10,,40000,60000,EUR,year
d2,software developer,DE,2024-01-11,,50000,70000,EUR,year
d3,software developer,DE,2024-01-12,,60000,,EUR,year
d4,software developer,DE,2024-01-13,,70000,90000,EUR,year
d5,software developer,DE,2024-01-14,,9000,12000,PLN,month
f1,software developer,FR,2024-01-10,,30000,40000,EUR,year
f2,software developer,FR,2024-01-11,,32000,42000,EUR,year
f3,software developer,FR,2024-01-12,,34000,44000,EUR,year
f4,software developer,FR,2024-01-13,,36000,46000,EUR,year
f5,software developer,FR,2024-01-14,,,,,
"""


@pytest.fixture(scope="module")
def cube(tmp_path_factory) -> Cube:
    path = tmp_path_factory.mktemp("pay-input") / "pay.csv"
    path.write_text(PAY_CSV, encoding="utf-8")
    data_dir = tmp_path_factory.mktemp("pay") / "cube"
    build(esco=[TINY_TAXONOMY], data_dir=data_dir, progress=False, postings=[path])
    return Cube.open(data_dir)


def _scope(cube: Cube, **kw) -> Scope:
    return Scope((cube.occupation_index.resolve_or_raise("software developer"),), **kw)


def test_pay_by_country_per_currency_and_period_never_mixed(cube):
    rows = pay_by_country(cube, _scope(cube))
    by_key = {(r["iso3"], r["currency"], r["period"]): r for r in rows}
    assert set(by_key) == {("DEU", "EUR", "year"), ("DEU", "PLN", "month"), ("FRA", "EUR", "year")}
    de = by_key[("DEU", "EUR", "year")]
    assert (de["postings"], de["median_min"], de["median_max"]) == (4, 55000.0, 70000.0)
    fr = by_key[("FRA", "EUR", "year")]
    assert (fr["postings"], fr["median_min"], fr["median_max"]) == (4, 33000.0, 43000.0)
    assert by_key[("DEU", "PLN", "month")]["median_max"] == 12000.0


def test_dominant_holds_80_percent_and_says_what_it_leaves_out(cube):
    rows = pay_by_country(cube, _scope(cube))
    chosen = dominant(rows)
    assert (chosen.currency, chosen.period, chosen.postings, chosen.stating, chosen.left_out) == (
        "EUR", "year", 8, 9, 1)
    assert set(dominant_by_country(rows, chosen)) == {"DEU", "FRA"}


def test_no_dominant_below_80_percent_or_without_pay(cube):
    germany = pay_by_country(cube, _scope(cube, iso3="DEU"))  # 4 EUR/year of 5: exactly 80 %
    assert dominant(germany).left_out == 1
    assert dominant(germany, share=0.81) is None
    assert dominant([]) is None
