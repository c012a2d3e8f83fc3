"""Broader and narrower occupations in headless Chromium (issue 14, point 1): a click on a
narrower occupation in the About card opens it and keeps the chosen country and period.

The cube is the demo taxonomy with a hand-written broaderRelationsOccPillar.csv (web developer
and data scientist under software developer), so the test does not depend on the demo's own."""
from __future__ import annotations

import shutil

import pytest
from selenium.webdriver.common.by import By

from layouts import ids
from test_browser_dashboard import TIMEOUT, Case, _wait, no_console_errors, start
from test_browser_occupation_about import clicked, screenshot

D = "https://job-atlas.invalid/demo/occupation/"
POSTINGS = """id,occupation,country,date
1,software developer,DE,2025-01-10
2,software developer,DE,2025-02-11
3,web developer,DE,2025-03-12
4,web developer,FR,2025-02-01
5,data scientist,FR,2025-03-05
"""


@pytest.fixture(scope="module")
def hierarchy_cube_dir(tmp_path_factory):
    from dashboard.building.build import build
    from dashboard.paths import DEMO_TAXONOMY_DIR

    root = tmp_path_factory.mktemp("hierarchy_cube")
    taxonomy = root / "taxonomy"
    shutil.copytree(DEMO_TAXONOMY_DIR, taxonomy)
    (taxonomy / "broaderRelationsOccPillar.csv").write_text(
        "conceptType,conceptUri,broaderType,broaderUri\n"
        f"Occupation,{D}web-developer,Occupation,{D}software-developer\n"
        f"Occupation,{D}data-scientist,Occupation,{D}software-developer\n", encoding="utf-8")
    postings = root / "postings.csv"
    postings.write_text(POSTINGS, encoding="utf-8")
    build(esco=[taxonomy], postings=[postings], data_dir=root / "cube", progress=False)
    return root / "cube"


def test_a_click_on_a_narrower_occupation_opens_it_with_the_country_and_period(dash_duo, hierarchy_cube_dir):
    case = Case(hierarchy_cube_dir, alt_label="", label="software developer", code="2512.4", other_label="",
                country="DEU", country_name="Germany")
    start(dash_duo, case, "?occupation=2512.4&country=DEU&from=2025-02&to=2025-03")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    narrower = f"#{ids.OccupationAbout.NARROWER}"
    _wait(dash_duo, lambda d: d.find_element(By.CSS_SELECTOR, narrower).text == "data scientist · web developer")
    assert "none in ESCO" in dash_duo.find_element(f"#{ids.OccupationAbout.BROADER}").text
    screenshot(dash_duo, "hierarchy")

    button = next(b for b in dash_duo.driver.find_elements(By.CSS_SELECTOR, f"{narrower} button")
                  if b.text == "web developer")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", button)
    _wait(dash_duo, lambda d: clicked(button))
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "web developer", timeout=TIMEOUT)
    _wait(dash_duo, lambda d: "occupation=2513.2" in d.current_url)
    url = dash_duo.driver.current_url
    assert "country=DEU" in url and "from=2025-02" in url and "to=2025-03" in url
    # The card now shows web developer, under software developer; that one leads back.
    broader = f"#{ids.OccupationAbout.BROADER}"
    _wait(dash_duo, lambda d: d.find_element(By.CSS_SELECTOR, broader).text == "software developer")
    assert "none in ESCO" in dash_duo.find_element(f"#{ids.OccupationAbout.NARROWER}").text
    back = dash_duo.find_element(f"{broader} button")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", back)
    _wait(dash_duo, lambda d: clicked(back))
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    assert "country=DEU" in dash_duo.driver.current_url
    no_console_errors(dash_duo)
