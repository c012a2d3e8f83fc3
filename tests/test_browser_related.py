"""Where to go next, in headless Chromium (issue 14, point 3): the related occupations of the
occupation on screen follow the skills a person ticks, the switch keeps those with jobs in the
country, and a click moves to one with the country and the selection kept.

The expected lists come from :func:`dashboard.reading.related.related_in` on the same cube
(unit-tested in tests/test_related.py), so this test checks what the page shows against it."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from dashboard.reading.cube import Cube
from dashboard.reading.related import SHOWN, related_in
from layouts import ids
from test_browser_dashboard import TIMEOUT, no_console_errors, start
from test_browser_occupation_about import clicked
from test_browser_skill_selection import _wait, demo_case, tick

VISIBLE_ITEMS = (f"#{ids.Related.ALL}:not([hidden]) > ol > li.related-item, "
                 f"#{ids.Related.WITH_JOBS}:not([hidden]) > ol > li.related-item")


def shown(driver) -> list[tuple[str, str, str]]:
    """(label, "k of n", jobs text) of each related occupation listed before "show more"."""
    rows = []
    for item in driver.find_elements(By.CSS_SELECTOR, VISIBLE_ITEMS):
        rows.append((item.find_element(By.CSS_SELECTOR, ".related-link").text,
                     item.find_element(By.CSS_SELECTOR, ".related-have").text,
                     item.find_element(By.CSS_SELECTOR, ".related-jobs").text))
    return rows


def expected(items, where: str) -> list[tuple[str, str, str]]:
    return [(i.label, f"{i.have} of {i.essential}", f"{i.jobs:,} job{'' if i.jobs == 1 else 's'} in {where}")
            for i in items[:SHOWN]]


def basis_has(dash_duo, text: str) -> None:
    _wait(dash_duo, lambda d: text in d.find_element(By.CSS_SELECTOR, f"#{ids.Related.BASIS}").text)


def lists(dash_duo, rows) -> None:
    _wait(dash_duo, lambda d: shown(d) == rows)


def test_where_to_go_next_follows_the_ticks_the_switch_and_a_click_keeps_them(dash_duo, demo_cube_dir):
    cube = Cube.open(demo_cube_dir)
    developer = next(u for u, f in cube.occupation_facts.items() if f.code == "2512.4")
    java = next(u for u, f in cube.skill_facts.items() if f[0] == "Java")
    before = related_in(cube, developer, iso3="DEU")
    ticked = related_in(cube, developer, selection=[java], iso3="DEU")
    assert before.items and [i.have for i in before.items] != [i.have for i in ticked.items]  # the tick must show

    start(dash_duo, demo_case(demo_cube_dir), "?occupation=2512.4&country=DEU")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    basis_has(dash_duo, "No skills selected")
    lists(dash_duo, expected(before.items, "Germany"))

    tick(dash_duo, "Java")
    basis_has(dash_duo, "counts the 1 skill you selected")
    lists(dash_duo, expected(ticked.items, "Germany"))

    # The switch keeps the occupations with jobs in Germany, in the browser.
    switch = dash_duo.find_element(f"#{ids.Related.ONLY_WITH_JOBS}")
    assert "Only those with jobs in Germany" in dash_duo.find_element(f"label[for={ids.Related.ONLY_WITH_JOBS}]").text
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", switch)
    _wait(dash_duo, lambda d: clicked(switch))
    with_jobs = [i for i in ticked.items if i.jobs > 0]
    lists(dash_duo, expected(with_jobs, "Germany"))

    # A click moves there: the country and the selection stay.
    target = with_jobs[0]
    link = dash_duo.driver.find_elements(By.CSS_SELECTOR, VISIBLE_ITEMS)[0].find_element(By.CSS_SELECTOR, ".related-link")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", link)
    _wait(dash_duo, lambda d: clicked(link))
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", target.label, timeout=TIMEOUT)
    url = dash_duo.driver.current_url
    assert f"occupation={target.code}" in url and "country=DEU" in url and "skills=java" in url
    onward = related_in(cube, target.uri, selection=[java], iso3="DEU")
    basis_has(dash_duo, "counts the 1 skill you selected")
    lists(dash_duo, expected([i for i in onward.items if i.jobs > 0], "Germany"))
    no_console_errors(dash_duo)
