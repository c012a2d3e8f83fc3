"""Advertised pay by country and the plurality currency/period of a view (issue 18 points 2-4)."""
from __future__ import annotations

import pytest

from dashboard.building.build import build
from dashboard.reading.advertised_pay import in_pair, map_pay, pay_by_country, plurality, plurality_note, table_pay
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


def test_plurality_is_the_pair_most_postings_state_pay_in_with_its_share(cube):
    rows = pay_by_country(cube, _scope(cube))
    chosen = plurality(rows)
    assert (chosen.currency, chosen.period, chosen.postings, chosen.stating, chosen.left_out) == (
        "EUR", "year", 8, 9, 1)
    assert chosen.share == pytest.approx(8 / 9) and chosen.label == "EUR a year"
    assert set(in_pair(rows, chosen)) == {"DEU", "FRA"}


def test_plurality_needs_no_majority_and_is_none_without_pay():
    # 3 pairs, none above half: the biggest still colours the map, and says it is 40 %.
    rows = [{"iso3": "DEU", "currency": "EUR", "period": "year", "postings": 4, "median_min": 1.0, "median_max": 2.0},
            {"iso3": "POL", "currency": "PLN", "period": "month", "postings": 3, "median_min": 1.0, "median_max": 2.0},
            {"iso3": "GBR", "currency": "GBP", "period": "year", "postings": 3, "median_min": 1.0, "median_max": 2.0}]
    chosen = plurality(rows)
    assert (chosen.currency, chosen.period, chosen.share) == ("EUR", "year", 0.4)
    assert plurality([]) is None
    # A tie goes to the first pair alphabetically, whatever the rows' order.
    assert plurality(rows[1:]).currency == plurality(rows[:0:-1]).currency == "GBP"


def test_map_pay_colours_the_plurality_pair_and_says_why_others_are_grey(cube):
    import pandas as pd

    rows = pay_by_country(cube, _scope(cube))
    frame = pd.DataFrame({"iso3": ["DEU", "FRA", "ITA"], "name": ["Germany", "France", "Italy"]})
    shown, chosen = map_pay(frame, rows)
    by_iso = shown.set_index("iso3")
    assert by_iso.loc["DEU", "pay"] == 70000.0 and by_iso.loc["FRA", "pay"] == 43000.0
    assert by_iso.loc["DEU", "pay_text"] == "EUR 55,000–70,000 a year (median stated min–max, 4 postings)"
    assert by_iso.loc["DEU", "pay_note"] == "1 more posting states pay in other currencies or periods"
    assert pd.isna(by_iso.loc["ITA", "pay"]) and by_iso.loc["ITA", "pay_note"] == "no pay stated"
    assert plurality_note(chosen).startswith("Pay: median stated maximum in EUR a year — 89% of the 9 postings")
    # Only Polish pay in Germany: grey, naming what it states, never converted.
    polish = [r for r in rows if r["currency"] == "PLN"]
    germany = map_pay(frame, polish + [r for r in rows if r["iso3"] == "FRA"])[0].set_index("iso3")
    assert pd.isna(germany.loc["DEU", "pay"])
    assert germany.loc["DEU", "pay_note"] == "states pay in PLN a month (1 posting); not comparable"


def test_table_pay_is_each_countrys_own_most_stated_pair(cube):
    cells = table_pay(pay_by_country(cube, _scope(cube)))
    assert cells["DEU"]["text"] == "EUR 55,000–70,000 a year"
    assert (cells["DEU"]["postings"], cells["DEU"]["stating"]) == (4, 5)
    assert cells["FRA"]["text"] == "EUR 33,000–43,000 a year"
    assert "ITA" not in cells
