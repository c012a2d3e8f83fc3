"""Enter from any side (issue 15) in headless Chromium, on the demo cube: deep links to an ISCO
group, a skill and a country alone, an unknown value's notice, the picker finding groups and
skills, and the location quotient as a map measure. The numbers on the page are the CLI's
(``dashboard.reading.subjects``)."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from bench.browser import dropdown_css, open_dropdown
from dashboard.reading.cube import Cube
from dashboard.reading import subjects
from layouts import ids
from layouts.subject_panel import PANEL_GROUPS
from test_browser_dashboard import TIMEOUT, Case, _click_radio, _wait, map_state, no_console_errors, start

PANEL_LINKS = f"#{ids.CountryPanel.PANEL} a.subject-link"


def demo_case(demo_cube_dir) -> Case:
    return Case(demo_cube_dir, alt_label="programmer", label="software developer", code="2512.4",
                other_label="pharmacist", country="POL", country_name="Poland")


def text_of(dash_duo, component_id: str) -> str:
    return dash_duo.find_element(f"#{component_id}").text


def occupation_section_hidden(dash_duo) -> bool:
    return dash_duo.driver.execute_script("return document.getElementById(arguments[0]).hidden",
                                          ids.Subject.OCCUPATION_SECTION)


def panel_links(dash_duo) -> list[str]:
    return [a.text for a in dash_duo.driver.find_elements(By.CSS_SELECTOR, PANEL_LINKS)]


def click_panel_link(dash_duo, text: str) -> None:
    link = next(a for a in dash_duo.driver.find_elements(By.CSS_SELECTOR, PANEL_LINKS) if a.text == text)
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link)
    link.click()


def wait_for_panel(dash_duo, first: str) -> list[str]:
    _wait(dash_duo, lambda d: panel_links(dash_duo)[:1] == [first])
    return panel_links(dash_duo)


def test_an_isco_link_maps_the_groups_jobs_and_lists_its_occupations(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    expected = subjects.isco_group_result(cube, "25")
    start(dash_duo, demo_case(demo_cube_dir), "?isco=25")
    title = f"ISCO 25 {cube.isco_labels['25']} — {expected['occupations']} occupations"
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", title, timeout=TIMEOUT)
    assert text_of(dash_duo, ids.Headline.JOBS) == f"{expected['jobs_total']:,}"
    assert text_of(dash_duo, ids.Headline.COUNTRIES) == f"{expected['countries_with_jobs']:,}"
    state = map_state(dash_duo)
    by_map = dict(zip(state["locations"], state["z"]))
    assert {c["iso3"]: c["jobs"] for c in expected["countries"]} == {k: v for k, v in by_map.items() if v > 0}
    # Beside the map: every occupation of the group, most jobs first, as `query --isco` lists them.
    links = wait_for_panel(dash_duo, expected["occupation_jobs"][0]["label"])
    assert links == [o["label"] for o in expected["occupation_jobs"]]
    assert occupation_section_hidden(dash_duo)  # the occupation's own cards do not belong here
    # An occupation of the group opens it, in the same place.
    first = expected["occupation_jobs"][0]
    click_panel_link(dash_duo, first["label"])
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", first["label"], timeout=TIMEOUT)
    _wait(dash_duo, lambda d: f"occupation={first['code']}" in d.current_url and "isco=" not in d.current_url)
    _wait(dash_duo, lambda d: not occupation_section_hidden(dash_duo))
    no_console_errors(dash_duo)


def test_a_skill_link_maps_the_postings_asking_for_it(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    expected = subjects.skill_result(cube, "python", country="DEU")
    everywhere = subjects.skill_result(cube, "python")
    start(dash_duo, demo_case(demo_cube_dir), "?skill=python&country=DEU")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "Skill · Python", timeout=TIMEOUT)
    detail = text_of(dash_duo, ids.Headline.DETAIL)
    need = expected["occupations_requiring"]
    assert f"{need['essential']} essential, {need['optional']} optional" in detail
    assert text_of(dash_duo, ids.Headline.JOBS) == f"{everywhere['postings_total']:,}"
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", "Germany", timeout=TIMEOUT)
    links = wait_for_panel(dash_duo, expected["top_occupations"][0]["label"])
    assert links == [o["label"] for o in expected["top_occupations"]]
    state = map_state(dash_duo)
    germany = next(c for c in everywhere["countries"] if c["iso3"] == "DEU")
    assert dict(zip(state["locations"], state["z"]))["DEU"] == germany["postings"]
    # The cube keeps no monthly skill demand: no trend chart pretends otherwise.
    assert not dash_duo.find_element(f"#{ids.CountryPanel.TREND_GRAPH}").is_displayed()
    no_console_errors(dash_duo)


def test_a_country_alone_shows_all_occupations_there(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    expected = subjects.country_result(cube, "POL")
    start(dash_duo, demo_case(demo_cube_dir), "?country=POL")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "All occupations", timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", "Poland", timeout=TIMEOUT)
    assert f"{expected['jobs_total']:,} jobs" in text_of(dash_duo, ids.CountryPanel.STATS)
    links = wait_for_panel(dash_duo, expected["top_occupations"][0]["label"])
    top = [o["label"] for o in expected["top_occupations"]]
    assert links[:len(top)] == top
    # Its ISCO major groups and top skills are links too.
    for group in expected["top_isco_groups"][:PANEL_GROUPS]:
        assert f"{group['code']} {group['label']}" in links
    assert expected["top_skills"][0]["label"] in links
    assert "occupation=" not in dash_duo.driver.current_url and "country=POL" in dash_duo.driver.current_url
    # A skill asked for in Poland opens that skill, still in Poland.
    skill = expected["top_skills"][0]["label"]
    click_panel_link(dash_duo, skill)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", f"Skill · {skill}", timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", "Poland", timeout=TIMEOUT)
    no_console_errors(dash_duo)


def test_unknown_values_keep_a_valid_view_and_name_the_closest_matches(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    case = demo_case(demo_cube_dir)
    default = cube.occupation_facts[cube.default_occupation].label
    start(dash_duo, case, "?isco=2599")
    dash_duo.wait_for_contains_text(f"#{ids.Page.URL_NOTICE}", "Closest matches: 2513", timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", default, timeout=TIMEOUT)
    assert "isco=" not in dash_duo.driver.current_url
    dash_duo.driver.get(dash_duo.server_url + "/?skill=pyton")
    dash_duo.wait_for_contains_text(f"#{ids.Page.URL_NOTICE}", "Closest matches: Python", timeout=TIMEOUT)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", default, timeout=TIMEOUT)
    no_console_errors(dash_duo)


def pick(dash_duo, typed: str, option_text: str) -> None:
    open_dropdown(dash_duo.driver, ids.OccupationPicker.DROPDOWN).send_keys(typed)

    def option(driver):
        for element in driver.find_elements(By.CSS_SELECTOR, dropdown_css(ids.OccupationPicker.DROPDOWN, ".dash-dropdown-option")):
            if element.text == option_text:
                return element
        return False

    _wait(dash_duo, option)
    option(dash_duo.driver).click()


def test_the_picker_finds_isco_groups_and_skills(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    start(dash_duo, demo_case(demo_cube_dir), "?occupation=pharmacist&country=DEU")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "pharmacist", timeout=TIMEOUT)
    pick(dash_duo, "systems anal", f"ISCO 2511 · {cube.isco_labels['2511']}")
    members = subjects.isco_group_result(cube, "2511")["occupations"]
    assert members > 1  # the demo's systems analysts, data scientist and computer vision engineer
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}",
                                    f"ISCO 2511 {cube.isco_labels['2511']} — {members} occupations", timeout=TIMEOUT)
    _wait(dash_duo, lambda d: "isco=2511" in d.current_url and "country=DEU" in d.current_url)
    pick(dash_duo, "pyth", "Skill · Python")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "Skill · Python", timeout=TIMEOUT)
    _wait(dash_duo, lambda d: "skill=Python" in d.current_url and "isco=" not in d.current_url)
    assert dash_duo.find_element(f"#{ids.OccupationPicker.DROPDOWN} .dash-dropdown-value").text == "Skill · Python"
    no_console_errors(dash_duo)


def test_the_map_and_table_show_the_location_quotient(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    expected = {c["iso3"]: c["location_quotient"] for c in subjects.isco_group_result(cube, "2")["countries"]}
    start(dash_duo, demo_case(demo_cube_dir), "?isco=2")
    dash_duo.wait_for_contains_text(f"#{ids.Headline.OCCUPATION}", "ISCO 2 ", timeout=TIMEOUT)
    _click_radio(dash_duo, "location_quotient")
    state = map_state(dash_duo, until=lambda s: s["title"].startswith("Location quotient"))
    shown = dict(zip(state["locations"], state["z"]))
    for iso3, quotient in expected.items():
        assert abs(shown[iso3] - quotient) < 1e-9, iso3
    _wait(dash_duo, lambda d: "measure=location_quotient" in d.current_url and "isco=2" in d.current_url)
    next(a for a in dash_duo.find_elements(f"#{ids.Map.TABS} .nav-link") if a.text == "Table").click()
    dash_duo.wait_for_contains_text(f"#{ids.Table.BODY}", "Location quotient", timeout=TIMEOUT)
    no_console_errors(dash_duo)
