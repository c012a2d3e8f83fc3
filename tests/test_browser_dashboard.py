"""The screen in headless Chromium (dash[testing]), on the demo cube and on a cube of the real
ESCO taxonomy with 20,000 generated postings (skipped without ../shared/esco).

Each test ends with an empty browser console: no JavaScript error, no failed request, no
Content-Security-Policy violation.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from app import create_app
from bench.browser import dropdown_option, dropdown_options, open_dropdown
from dashboard import figures
from dashboard.reading.cube import Cube
from dashboard.settings import load_settings
from dashboard.view import period_text
from layouts import ids

TIMEOUT = 20

MAP_STATE = """
const gd = document.querySelector('#%s .js-plotly-plot');
if (!gd || !gd.data || gd.data.length < 2 || !gd._fullLayout || !gd._fullLayout.geo) { return null; }
return {locations: gd.data[1].locations, z: gd.data[1].z, title: gd.data[1].colorbar.title.text,
        scale: gd._fullLayout.geo.projection.scale};
""" % ids.Map.GRAPH


@dataclass(frozen=True)
class Case:
    """One cube, and what to type and expect on it."""

    data_dir: Path
    alt_label: str  # an alternative label of the occupation below, not its preferred label
    label: str
    code: str
    other_label: str  # a second occupation to switch to
    country: str
    country_name: str


@pytest.fixture(params=["demo", "esco"])
def case(request) -> Case:
    if request.param == "demo":
        return Case(request.getfixturevalue("demo_cube_dir"), alt_label="programmer", label="software developer",
                    code="2512.4", other_label="pharmacist", country="DEU", country_name="Germany")
    return busy_case(request.getfixturevalue("esco_cube_dir"))


def busy_case(data_dir: Path) -> Case:
    """On generated postings over 3,007 occupations most have a handful of jobs: use the
    busiest ones, and one of their alternative labels that the picker finds first."""
    from dashboard import geo
    from dashboard.reading import queries

    cube = Cube.open(data_dir)
    ranked = cube.jobs.groupby("occupation_uri")["jobs"].sum().sort_values(ascending=False).index
    rows = cube.occupations.set_index("occupation_uri")
    for rank, uri in enumerate(ranked):
        label = rows.loc[uri, "label"]
        alternatives = [a for a in str(rows.loc[uri, "alt_labels"]).split("\n") if a.strip() and a != label]
        found = [a for a in alternatives if label not in a
                 and cube.occupation_index.search(a, limit=1)[0]["uri"] == uri]
        if found:
            break
    else:
        pytest.skip("no occupation with a distinctive alternative label in this cube")
    by_country = queries.jobs_by_country(cube, uri).sort_values("jobs", ascending=False)
    country = str(by_country.iloc[0]["iso3"])
    return Case(data_dir, alt_label=found[0], label=label, code=str(rows.loc[uri, "code"]),
                other_label=rows.loc[ranked[rank + 1], "label"], country=country,
                country_name=geo.country_name(country))


def start(dash_duo, case: Case, query: str = "") -> None:
    app = create_app(load_settings({"data_dir": case.data_dir}, environ={}))
    dash_duo.start_server(app)
    if query:
        dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_element(f"#{ids.Map.GRAPH} .js-plotly-plot", timeout=TIMEOUT)
    map_state(dash_duo)  # the first data


def map_state(dash_duo, *, until=lambda state: True) -> dict:
    """The map's data trace and zoom as plotly.js holds them, once ``until`` is true."""
    found = {}

    def ready(driver):
        state = driver.execute_script(MAP_STATE)
        if state and state["locations"] is not None and until(state):
            found.update(state)
            return True
        return False

    _wait(dash_duo, ready)
    return found


def _wait(dash_duo, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(dash_duo.driver, TIMEOUT).until(condition)


def pick_occupation(dash_duo, text: str, expected_label: str) -> None:
    """Type into the occupation picker and choose the option naming ``expected_label``."""
    open_dropdown(dash_duo.driver, ids.OccupationPicker.DROPDOWN).send_keys(text)

    def option(driver):
        return dropdown_option(driver, ids.OccupationPicker.DROPDOWN, f"{expected_label} (") or False

    _wait(dash_duo, option)
    option(dash_duo.driver).click()
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", expected_label, timeout=TIMEOUT)


def no_console_errors(dash_duo) -> None:
    assert dash_duo.get_logs() == []


def test_pick_an_occupation_by_alternative_label_and_the_map_recolours(dash_duo, case):
    start(dash_duo, case, f"?occupation={case.other_label}")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", case.other_label, timeout=TIMEOUT)
    before = map_state(dash_duo)
    pick_occupation(dash_duo, case.alt_label, case.label)
    after = map_state(dash_duo, until=lambda s: (s["locations"], s["z"]) != (before["locations"], before["z"]))
    assert sum(after["z"]) > 0
    _wait(dash_duo, lambda d: f"occupation={case.code}" in d.current_url)
    no_console_errors(dash_duo)


def test_zoom_survives_a_new_measure_and_a_new_occupation(dash_duo, case):
    start(dash_duo, case, f"?occupation={case.code}")
    map_state(dash_duo)
    dash_duo.driver.execute_script(
        "Plotly.relayout(document.querySelector('#%s .js-plotly-plot'), {'geo.projection.scale': 7.5})" % ids.Map.GRAPH)
    map_state(dash_duo, until=lambda s: abs(s["scale"] - 7.5) < 1e-6)

    _click_radio(dash_duo, "per_million")
    state = map_state(dash_duo, until=lambda s: s["title"].startswith("Jobs per million"))
    assert abs(state["scale"] - 7.5) < 1e-6

    pick_occupation(dash_duo, case.other_label, case.other_label)
    state = map_state(dash_duo)
    assert abs(state["scale"] - 7.5) < 1e-6
    assert "measure=per_million" in dash_duo.driver.current_url
    no_console_errors(dash_duo)


def _click_radio(dash_duo, value: str) -> None:
    for label in dash_duo.find_elements(f"#{ids.Controls.MEASURE_RADIO} label"):
        target = dash_duo.driver.find_element(By.ID, label.get_attribute("for"))
        if target.get_attribute("value") == value:
            label.click()
            return
    raise AssertionError(f"no measure radio {value!r}")


def _country_path(dash_duo, iso3: str):
    """The SVG path plotly drew for one country of the data trace."""
    found = dash_duo.driver.execute_script(
        """
        const traces = document.querySelectorAll('#%s .choroplethlayer .trace');
        for (const path of traces[%d].querySelectorAll('path')) {
            if (path.__data__ && path.__data__.loc === arguments[0]) { path.id = 'test-country-path'; return true; }
        }
        return false;
        """ % (ids.Map.GRAPH, figures.MAP_DATA_TRACE), iso3)
    assert found, f"{iso3} not drawn on the map"
    return dash_duo.driver.find_element(By.ID, "test-country-path")


def test_click_a_country_to_see_its_skills_and_again_to_clear(dash_duo, case):
    start(dash_duo, case, f"?occupation={case.code}")
    map_state(dash_duo, until=lambda s: case.country in s["locations"])
    ActionChains(dash_duo.driver).move_to_element(_country_path(dash_duo, case.country)).click().perform()
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", case.country_name, timeout=TIMEOUT)
    skills = f"#{ids.Skills.GRAPH} .gtitle"
    dash_duo.wait_for_text_to_equal(skills, f"Skills asked for in {case.country_name}", timeout=TIMEOUT)
    bars = dash_duo.driver.execute_script(
        "return document.querySelector('#%s .js-plotly-plot').data.length" % ids.Skills.GRAPH)
    assert bars >= 1
    assert f"country={case.country}" in dash_duo.driver.current_url

    ActionChains(dash_duo.driver).move_to_element(_country_path(dash_duo, case.country)).click().perform()
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", "All countries", timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(skills, "Skills asked for in all countries", timeout=TIMEOUT)
    no_console_errors(dash_duo)


def test_a_deep_link_opens_the_same_view(dash_duo, case):
    months = Cube.open(case.data_dir).months
    first, last = months[1], months[-2]
    start(dash_duo, case, f"?occupation={case.code}&country={case.country}&from={first}&to={last}&measure=share")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", case.label, timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", case.country_name, timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(f"#{ids.Controls.PERIOD_LABEL}", period_text(first, last), timeout=TIMEOUT)
    map_state(dash_duo, until=lambda s: s["title"].startswith("Share of the country's postings"))
    checked = dash_duo.driver.execute_script(
        "return document.querySelector('#%s input:checked').value" % ids.Controls.MEASURE_RADIO)
    assert checked == "share"
    notices = dash_duo.driver.find_elements(By.ID, ids.Page.URL_NOTICE)
    assert not notices or not notices[0].is_displayed()  # a valid link: no notice
    no_console_errors(dash_duo)


def test_an_invalid_link_falls_back_with_a_visible_notice(dash_duo, case):
    start(dash_duo, case, f"?occupation={case.code}&country=Atlantis&measure=density")
    dash_duo.wait_for_contains_text(f"#{ids.Page.URL_NOTICE}", "Atlantis", timeout=TIMEOUT)
    dash_duo.wait_for_contains_text(f"#{ids.Page.URL_NOTICE}", "density", timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", case.label, timeout=TIMEOUT)
    assert "Atlantis" not in dash_duo.driver.current_url and "measure=jobs" in dash_duo.driver.current_url
    no_console_errors(dash_duo)


def test_keyboard_only_country_selection(dash_duo, case):
    start(dash_duo, case, f"?occupation={case.code}")
    # Tab to the country dropdown (its focus target hands the focus to the dropdown's button),
    # open it with the down arrow (the focus goes to its search box), type the name, press Enter.
    # (Typing straight onto the closed dropdown also opens it, but Dash 4 takes a space there
    # as a click that closes it again: names of two words need the arrow first.)
    dash_duo.driver.execute_script(
        "document.getElementById(arguments[0]).closest('.dash-dropdown-wrapper')"
        ".querySelector('.dash-dropdown-focus-target').focus()", ids.CountryPanel.DROPDOWN)
    _wait(dash_duo, lambda d: d.switch_to.active_element.get_attribute("id") == ids.CountryPanel.DROPDOWN)
    ActionChains(dash_duo.driver).send_keys(Keys.ARROW_DOWN).perform()
    _wait(dash_duo, lambda d: "dash-dropdown-search" in (d.switch_to.active_element.get_attribute("class") or ""))
    ActionChains(dash_duo.driver).send_keys(case.country_name).perform()
    _wait(dash_duo, lambda d: (dropdown_options(d, ids.CountryPanel.DROPDOWN) or [""])[0] == case.country_name)
    ActionChains(dash_duo.driver).send_keys(Keys.ENTER).perform()
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", case.country_name, timeout=TIMEOUT)
    dash_duo.wait_for_contains_text(f"#{ids.CountryPanel.STATS}", "jobs", timeout=TIMEOUT)
    # Tab on to the "All countries" button and press it.
    dash_duo.driver.switch_to.active_element.send_keys(Keys.TAB)
    focused = dash_duo.driver.switch_to.active_element
    assert focused.get_attribute("id") == ids.CountryPanel.CLEAR
    focused.send_keys(Keys.ENTER)
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", "All countries", timeout=TIMEOUT)
    no_console_errors(dash_duo)
