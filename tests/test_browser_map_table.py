"""The map's Table tab in headless Chromium (dash[testing]) on the demo cube: the countries most
jobs first, sorting by a header click and by the keyboard, numbers right-aligned, no table
request while the map is showing, and a clean console.
"""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from dashboard.reading import queries
from dashboard.reading.cube import Cube
from dashboard.settings import load_settings
from dashboard.view import View
from layouts import ids

TIMEOUT = 20

#: The table as the browser shows it: headers (text, aria-sort), rows of cell texts, and the
#: alignment of the first row's cells.
TABLE_STATE = """
const table = document.querySelector('#%s table');
if (!table) { return null; }
const headers = Array.from(table.querySelectorAll('thead th')).map(function (th) {
  return {text: th.querySelector('button').childNodes[0].textContent, sort: th.getAttribute('aria-sort'),
          arrow: th.querySelector('.map-table-arrow').textContent};
});
const rows = Array.from(table.querySelectorAll('tbody tr')).map(function (tr) {
  return Array.from(tr.children).map(function (cell) { return cell.textContent; });
});
const first = table.querySelector('tbody tr');
const align = first ? Array.from(first.children).map(function (c) { return getComputedStyle(c).textAlign; }) : [];
const head = table.querySelector('thead th');
return {headers: headers, rows: rows, align: align, caption: table.querySelector('caption').textContent,
        sticky: getComputedStyle(head).position};
""" % ids.Table.BODY

#: Records the output of every callback request the page sends (window.fetch wrapped).
RECORD_REQUESTS = """
window.__requests = [];
const original = window.fetch;
window.fetch = function (url, options) {
  if (String(url).indexOf('_dash-update-component') !== -1 && options && options.body) {
    try { window.__requests.push(JSON.parse(options.body).output); } catch (e) { window.__requests.push('?'); }
  }
  return original.apply(this, arguments);
};
"""


@pytest.fixture()
def expected(demo_cube_dir) -> list[str]:
    """Names of the demo's default occupation's countries with postings data, most jobs first."""
    cube = Cube.open(demo_cube_dir)
    view = View.default(cube)
    by_country = queries.jobs_by_country(cube, view.occupation, start=view.start, end=view.end)
    by_country = by_country[by_country["has_data"]].sort_values(["jobs", "name"], ascending=[False, True])
    return by_country["name"].tolist()


def start(dash_duo, data_dir) -> None:
    dash_duo.start_server(create_app(load_settings({"data_dir": data_dir}, environ={})))
    dash_duo.wait_for_element(f"#{ids.Map.GRAPH} .js-plotly-plot", timeout=TIMEOUT)
    # The first view has arrived when the headline shows its jobs ("…" until then).
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: d.find_element(By.ID, ids.Headline.JOBS).text not in ("", "…"))


def open_table_tab(dash_duo) -> None:
    tab = next(a for a in dash_duo.find_elements(f"#{ids.Map.TABS} .nav-link") if a.text == "Table")
    tab.click()


def table_state(dash_duo, *, until=lambda state: True) -> dict:
    found = {}

    def ready(driver):
        state = driver.execute_script(TABLE_STATE)
        if state and state["rows"] and until(state):
            found.update(state)
            return True
        return False

    WebDriverWait(dash_duo.driver, TIMEOUT).until(ready)
    return found


def sorted_by(state: dict) -> tuple[str, str] | None:
    marked = [(h["text"], h["sort"]) for h in state["headers"] if h["sort"]]
    return marked[0] if len(marked) == 1 else None


def number(text: str) -> float:
    return float(text.replace(",", "").rstrip("%")) if text else float("-inf")


def test_table_tab_lists_countries_and_sorts_by_click_and_keyboard(dash_duo, demo_cube_dir, expected):
    start(dash_duo, demo_cube_dir)
    open_table_tab(dash_duo)
    state = table_state(dash_duo)
    assert [h["text"] for h in state["headers"]] == [
        "Country", "Jobs", "Jobs per million inhabitants", "Share of the country's postings", "Rank by jobs",
        "Location quotient", "Pay (median stated min–max)", "Postings stating pay"]  # the demo states pay
    assert [r[0] for r in state["rows"]] == expected  # the top-jobs country first
    assert sorted_by(state) == ("Jobs", "descending") and state["headers"][1]["arrow"] == "▼"
    assert state["rows"][0][4] == "1"
    assert state["align"] == ["left", "right", "right", "right", "right", "right", "right", "right"]
    assert state["sticky"] == "sticky"
    ranks = {r[0]: r[4] for r in state["rows"]}

    # A click on "Jobs per million inhabitants" orders by that column, highest first.
    button = dash_duo.find_element(f"#{ids.Table.BODY} thead th:nth-child(3) button")
    button.click()
    state = table_state(dash_duo, until=lambda s: sorted_by(s) == ("Jobs per million inhabitants", "descending"))
    per_million = [number(r[2]) for r in state["rows"]]
    assert per_million == sorted(per_million, reverse=True)
    assert [r[0] for r in state["rows"]] != expected
    assert {r[0]: r[4] for r in state["rows"]} == ranks  # the rank stays the rank by jobs
    # Clicking it again reverses (empty values stay last). (Dash 4 renders the header anew: find it again.)
    dash_duo.find_element(f"#{ids.Table.BODY} thead th:nth-child(3) button").click()
    state = table_state(dash_duo, until=lambda s: sorted_by(s) == ("Jobs per million inhabitants", "ascending"))
    filled = [number(r[2]) for r in state["rows"] if r[2]]
    assert filled == sorted(filled) and state["headers"][2]["arrow"] == "▲"

    # Keyboard only: focus the Country header's button and press Enter.
    country = dash_duo.find_element(f"#{ids.Table.BODY} thead th:nth-child(1) button")
    dash_duo.driver.execute_script("arguments[0].focus()", country)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    state = table_state(dash_duo, until=lambda s: sorted_by(s) == ("Country", "ascending"))
    assert [r[0] for r in state["rows"]] == sorted(expected, key=lambda n: (n.casefold(), n))
    assert "sorted by country, A to Z" in state["caption"]
    # The button pressed keeps the focus across the new rendering, so Enter again reverses.
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ENTER)
    state = table_state(dash_duo, until=lambda s: sorted_by(s) == ("Country", "descending"))
    assert state["rows"][0][0] == max(expected, key=lambda n: (n.casefold(), n))
    assert dash_duo.get_logs() == []


def test_no_table_request_while_the_map_is_showing(dash_duo, demo_cube_dir, expected):
    start(dash_duo, demo_cube_dir)
    assert dash_duo.find_element(f"#{ids.Table.BODY}").get_attribute("textContent") == "Loading the table…"
    assert dash_duo.driver.execute_script(
        "return window.dash_clientside.jobAtlasMapTable.shown([{name: 'x'}], 'map')"
        " === window.dash_clientside.no_update")
    dash_duo.driver.execute_script(RECORD_REQUESTS)
    # A new view with the map showing (the measure is one of the view's keys the map renders).
    per_million = dash_duo.driver.find_element(By.CSS_SELECTOR, f"#{ids.Controls.MEASURE_RADIO} input[value='per_million']")
    dash_duo.driver.find_element(By.CSS_SELECTOR, f"label[for='{per_million.get_attribute('id')}']").click()
    WebDriverWait(dash_duo.driver, TIMEOUT).until(lambda d: "measure=per_million" in d.current_url)
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: any(ids.Table.ROWS in o for o in d.execute_script("return window.__requests")))
    before_tab = dash_duo.driver.execute_script("return window.__requests.slice()")
    assert not [o for o in before_tab if f"{ids.Table.BODY}.children" in o], before_tab
    open_table_tab(dash_duo)
    state = table_state(dash_duo)
    assert [r[0] for r in state["rows"]] == expected
    # One request renders it: the header buttons that come with the table trigger nothing.
    dash_duo.find_element(f"#{ids.Table.BODY} thead th:nth-child(2) button").click()
    table_state(dash_duo, until=lambda s: sorted_by(s) == ("Jobs", "ascending"))
    after_tab = dash_duo.driver.execute_script("return window.__requests.slice()")[len(before_tab):]
    assert [o for o in after_tab if f"{ids.Table.BODY}.children" in o] == [after_tab[0]] * 2, after_tab
    assert dash_duo.get_logs() == []
