"""The Pay map measure and the table's pay in headless Chromium (dash[testing]) on the demo cube
(issue 18): open computer vision engineer, choose Pay, read the colour bar's currency and period
and the line under the map, then a country's pay in the Table tab; a clean console."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from dashboard import geo
from dashboard.reading import advertised_pay
from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import Scope
from dashboard.settings import load_settings
from layouts import ids
from test_browser_map_table import open_table_tab, table_state

TIMEOUT = 20
COMPUTER_VISION = "2511.4.1"  # the demo taxonomy's computer vision engineer

COLOUR_BAR = """
const gd = document.querySelector('#%s .js-plotly-plot');
return gd && gd.data && gd.data[1].colorbar ? gd.data[1].colorbar.title.text : null;
""" % ids.Map.GRAPH


@pytest.fixture()
def demo_pay(demo_cube_dir) -> dict:
    """What the demo's postings state for computer vision engineer: the plurality pair over the
    map, and per country its most-stated pay (the table's cells), from the reading layer."""
    cube = Cube.open(demo_cube_dir)
    uri = cube.occupation_index.resolve_or_raise(COMPUTER_VISION)
    rows = advertised_pay.pay_by_country(cube, Scope((uri,), None, cube.months[0], cube.months[-1]))
    if not rows:
        pytest.skip("the demo cube states no pay")
    return {"chosen": advertised_pay.plurality(rows), "cells": advertised_pay.table_pay(rows)}


def test_the_pay_measure_names_its_pair_and_the_table_shows_a_countrys_pay(dash_duo, demo_cube_dir, demo_pay):
    dash_duo.start_server(create_app(load_settings({"data_dir": demo_cube_dir}, environ={})))
    dash_duo.driver.get(dash_duo.server_url + f"/?occupation={COMPUTER_VISION}")
    dash_duo.wait_for_element(f"#{ids.Map.GRAPH} .js-plotly-plot", timeout=TIMEOUT)
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: d.find_element(By.ID, ids.Headline.JOBS).text not in ("", "…"))
    assert dash_duo.find_element(f"#{ids.Map.PAY_NOTE}").text == ""  # jobs: no pay line

    pay = dash_duo.driver.find_element(By.CSS_SELECTOR, f"#{ids.Controls.MEASURE_RADIO} input[value='pay']")
    dash_duo.driver.find_element(By.CSS_SELECTOR, f"label[for='{pay.get_attribute('id')}']").click()
    WebDriverWait(dash_duo.driver, TIMEOUT).until(lambda d: "measure=pay" in d.current_url)
    chosen = demo_pay["chosen"]
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: chosen.label in (d.execute_script(COLOUR_BAR) or ""))
    assert "Median stated max pay" in dash_duo.driver.execute_script(COLOUR_BAR)
    note = dash_duo.find_element(f"#{ids.Map.PAY_NOTE}").text
    assert f"{chosen.label} — {chosen.share:.0%} of the {chosen.stating:,} postings stating pay" in note
    assert "not converted" in note

    open_table_tab(dash_duo)
    iso3, cell = max(demo_pay["cells"].items(), key=lambda item: item[1]["stating"])
    name = geo.country_name(iso3, default=iso3)
    state = table_state(dash_duo, until=lambda s: "Postings stating pay" in [h["text"] for h in s["headers"]])
    row = next(r for r in state["rows"] if r[0] == name)
    assert row[-2:] == [cell["text"], f"{cell['postings']:,}"]
    assert dash_duo.get_logs() == []
