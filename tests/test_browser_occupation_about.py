"""The "About the occupation" panel in headless Chromium (issue 14, point 1): pick an occupation,
read what the job is, its other names and codes, and unfold a long description."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from dashboard.reading.cube import Cube
from dashboard.reading.occupation_about import occupation_about_in
from helpers import screenshot_of
from layouts import ids
from test_browser_dashboard import TIMEOUT, _wait, no_console_errors, pick_occupation, start
from test_browser_dashboard import Case


def test_pick_an_occupation_and_read_what_it_is(dash_duo, demo_cube_dir):
    case = Case(demo_cube_dir, alt_label="programmer", label="software developer", code="2512.4",
                other_label="pharmacist", country="DEU", country_name="Germany")
    cube = Cube.open(demo_cube_dir)
    uri = next(u for u, f in cube.occupation_facts.items() if f.label == case.label)
    expected = occupation_about_in(cube, uri)
    start(dash_duo, case, f"?occupation={case.other_label}")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", case.other_label, timeout=TIMEOUT)
    pick_occupation(dash_duo, case.alt_label, case.label)

    description = f"#{ids.OccupationAbout.DESCRIPTION}"
    _wait(dash_duo, lambda d: expected.lead in d.find_element(By.CSS_SELECTOR, description).text)
    codes = dash_duo.find_element(f"#{ids.OccupationAbout.CODES}").text
    assert "ESCO code\n2512.4" in codes
    assert f"ISCO-08 unit group\n2512 {cube.isco_labels['2512']}" in codes
    assert "programmer" in dash_duo.find_element(f"#{ids.OccupationAbout.ALT_LABELS}").text
    # Demo concepts (job-atlas.invalid) have no ESCO page, so no link to one.
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.OccupationAbout.ESCO_LINK}") == []
    assert not expected.rest  # the demo's descriptions are short: whole, no "more"
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.OccupationAbout.DESCRIPTION_MORE}") == []
    screenshot(dash_duo, "demo")
    no_console_errors(dash_duo)


def clicked(element) -> bool:
    """Click, or False while something (a map tooltip fading out) still covers the element."""
    from selenium.common.exceptions import ElementClickInterceptedException

    try:
        element.click()
    except ElementClickInterceptedException:
        return False
    return True


def screenshot(dash_duo, name: str) -> None:
    """Saved only when JOB_ATLAS_SCREENSHOT names a folder (to look at the panel by eye)."""
    screenshot_of(dash_duo, ids.OccupationAbout.CARD, f"occupation-about-{name}.png")


def test_a_long_esco_description_folds_and_more_unfolds_it(dash_duo, esco_cube_dir):
    cube = Cube.open(esco_cube_dir)
    uri = next(u for u in sorted(cube.occupation_facts)
               if occupation_about_in(cube, u).rest and cube.occupation_facts[u].code)
    expected = occupation_about_in(cube, uri)
    case = Case(esco_cube_dir, alt_label="", label=expected.label, code=expected.code, other_label="",
                country="", country_name="")
    start(dash_duo, case, f"?occupation={expected.code}")
    description = f"#{ids.OccupationAbout.DESCRIPTION}"
    _wait(dash_duo, lambda d: expected.lead in d.find_element(By.CSS_SELECTOR, description).text)
    assert expected.rest not in dash_duo.find_element(description).text  # folded
    assert f"ESCO code\n{expected.code}" in dash_duo.find_element(f"#{ids.OccupationAbout.CODES}").text
    more = dash_duo.find_element(f"#{ids.OccupationAbout.DESCRIPTION_MORE} summary")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", more)
    _wait(dash_duo, lambda d: clicked(more))
    _wait(dash_duo, lambda d: expected.rest in d.find_element(By.CSS_SELECTOR, description).text)
    link = dash_duo.find_element(f"#{ids.OccupationAbout.ESCO_LINK}")
    assert link.get_attribute("href") == uri and uri.startswith("http://data.europa.eu/esco/occupation/")
    screenshot(dash_duo, "esco")
    no_console_errors(dash_duo)
