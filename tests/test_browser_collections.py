"""The green and digital skill measures in headless Chromium (issue 15) on the demo cube: open an
ISCO group, colour the map by "Green skills", read the colour bar, a country's share and the
view's share under the map (numbers from the reading layer); a skill says why there is none."""
from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from dashboard.reading import collection_postings, subjects
from dashboard.reading.cube import Cube
from dashboard.settings import load_settings
from layouts import ids
from test_browser_pay import COLOUR_BAR, TIMEOUT

#: The hover line of each country of the map's data trace, by ISO3.
HOVER_LINES = """
const gd = document.querySelector('#%s .js-plotly-plot');
if (!gd || !gd.data[1].customdata) return null;
const out = {};
gd.data[1].locations.forEach(function (iso3, i) { out[iso3] = gd.data[1].customdata[i][6]; });
return out;
""" % ids.Map.GRAPH


def _choose(dash_duo, measure: str) -> None:
    radio = dash_duo.driver.find_element(By.CSS_SELECTOR, f"#{ids.Controls.MEASURE_RADIO} input[value='{measure}']")
    dash_duo.driver.find_element(By.CSS_SELECTOR, f"label[for='{radio.get_attribute('id')}']").click()
    WebDriverWait(dash_duo.driver, TIMEOUT).until(lambda d: f"measure={measure}" in d.current_url)


def test_colour_an_isco_group_by_green_skills_then_a_skill_says_why_not(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    members = tuple(subjects.isco_members(cube, "2"))
    shares = collection_postings.shares_of(cube, members, start=None, end=None)
    total, green = int(shares.postings.sum()), int(shares.asking["green"].sum())
    assert 0 < green < total  # a share worth drawing
    busiest = cube.country_codes[int(shares.postings.argmax())]
    at = cube.country_codes.index(busiest)

    dash_duo.start_server(create_app(load_settings({"data_dir": demo_cube_dir}, environ={})))
    dash_duo.driver.get(dash_duo.server_url + "/?isco=2")
    dash_duo.wait_for_element(f"#{ids.Map.GRAPH} path.choroplethlocation", timeout=TIMEOUT)
    WebDriverWait(dash_duo.driver, TIMEOUT).until(lambda d: "ISCO 2" in d.find_element(By.ID, ids.Headline.OCCUPATION).text)

    _choose(dash_duo, "green")
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: "asking for a green skill" in (d.execute_script(COLOUR_BAR) or ""))
    expected = collection_postings.asking_text(green, total)
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: f"in this view {expected}" in d.find_element(By.ID, ids.Map.PAY_NOTE).text)
    hover = dash_duo.driver.execute_script(HOVER_LINES)
    assert hover[busiest] == collection_postings.asking_text(int(shares.asking["green"][at]), int(shares.postings[at]))

    # A skill's map counts postings asking for it: no share of them is kept, and the page says so.
    dash_duo.driver.get(dash_duo.server_url + "/?skill=python&measure=green")
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: d.find_element(By.ID, ids.Map.PAY_NOTE).text == collection_postings.NOT_FOR_SKILL)
    assert dash_duo.get_logs() == []
