"""Skills selected in headless Chromium (issue 14, point 2): tick skills in the breakdown, see the
count and coverage follow, keep the selection across occupations and in the link, and open a
link that carries one (an unknown skill named in a notice)."""
from __future__ import annotations

from selenium.webdriver.common.by import By

from helpers import screenshot_of
from layouts import ids
from test_browser_dashboard import TIMEOUT, Case, no_console_errors, pick_occupation, start
from test_browser_occupation_about import clicked

SUMMARY = f"#{ids.SkillSelection.SUMMARY}"


def _wait(dash_duo, condition):
    """Wait for ``condition``; the lists are redrawn on an occupation change, so an element found
    a moment ago may be gone: that is "not yet", not a failure."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(dash_duo.driver, TIMEOUT, ignored_exceptions=[StaleElementReferenceException]).until(condition)


def demo_case(demo_cube_dir) -> Case:
    return Case(demo_cube_dir, alt_label="programmer", label="software developer", code="2512.4",
                other_label="web developer", country="DEU", country_name="Germany")


def skill_label(dash_duo, name: str):
    """The tick box row (``<label>``) of the skill called ``name`` in the breakdown."""
    hit = []

    def found(driver):
        for label in driver.find_elements(By.CSS_SELECTOR, f"#{ids.Breakdown.LISTS} .skill-ticks label"):
            if label.find_element(By.TAG_NAME, "summary").text == name:
                hit[:] = [label]
                return True
        return False

    _wait(dash_duo, found)
    return hit[0]


def box(dash_duo, name: str):
    return skill_label(dash_duo, name).find_element(By.CSS_SELECTOR, "input[type=checkbox]")


def tick(dash_duo, name: str) -> None:
    """Click the skill's box, finding it again on every try (the lists may be redrawn meanwhile)."""
    before = box(dash_duo, name).is_selected()

    def attempt(driver) -> bool:
        element = box(dash_duo, name)
        if element.is_selected() != before:
            return True  # an earlier try got through
        driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
        return clicked(element) and box(dash_duo, name).is_selected() != before

    _wait(dash_duo, attempt)


def summary_has(dash_duo, *texts: str) -> None:
    _wait(dash_duo, lambda d: all(t in d.find_element(By.CSS_SELECTOR, SUMMARY).text for t in texts))


def test_tick_two_skills_keep_them_across_occupations_and_in_the_link(dash_duo, demo_cube_dir):
    start(dash_duo, demo_case(demo_cube_dir), "?occupation=2512.4&country=DEU")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    summary_has(dash_duo, "11 skills are associated with this occupation · 0 selected", "0 of 2 essential knowledge")

    tick(dash_duo, "Java")
    summary_has(dash_duo, "· 1 selected", "1 of 2 essential knowledge")
    tick(dash_duo, "Python")
    summary_has(dash_duo, "· 2 selected", "1 of 2 essential knowledge", "1 of 4 optional knowledge")
    _wait(dash_duo, lambda d: "skills=java,python" in d.current_url)
    assert box(dash_duo, "Java").is_selected() and box(dash_duo, "Python").is_selected()
    screenshot(dash_duo, "ticked")

    # A click on a skill's name opens its description and ticks nothing.
    name = skill_label(dash_duo, "SQL").find_element(By.TAG_NAME, "summary")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", name)
    _wait(dash_duo, lambda d: clicked(name))
    _wait(dash_duo, lambda d: skill_label(dash_duo, "SQL").find_element(By.TAG_NAME, "details").get_attribute("open"))
    assert not box(dash_duo, "SQL").is_selected()
    summary_has(dash_duo, "· 2 selected")

    # Another occupation: the selection is the person's, it stays.
    pick_occupation(dash_duo, "web developer", "web developer")
    _wait(dash_duo, lambda d: "occupation=2513.2" in d.current_url and "skills=java,python" in d.current_url)
    summary_has(dash_duo, "skills are associated with this occupation")
    pick_occupation(dash_duo, "programmer", "software developer")
    summary_has(dash_duo, "11 skills are associated with this occupation · 2 selected")
    _wait(dash_duo, lambda d: box(dash_duo, "Java").is_selected() and box(dash_duo, "Python").is_selected()
          and not box(dash_duo, "SQL").is_selected())
    assert "country=DEU" in dash_duo.driver.current_url
    no_console_errors(dash_duo)


def test_a_link_with_skills_restores_the_ticks_and_names_the_unknown_one(dash_duo, demo_cube_dir):
    start(dash_duo, demo_case(demo_cube_dir), "?occupation=2512.4&skills=java,astrology,SQL")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    _wait(dash_duo, lambda d: "“astrology” is not a skill in this data: 2 selected skills kept."
          in d.find_element(By.CSS_SELECTOR, f"#{ids.Page.URL_NOTICE}").text)
    summary_has(dash_duo, "· 2 selected", "1 of 2 essential knowledge", "1 of 4 optional knowledge")
    _wait(dash_duo, lambda d: box(dash_duo, "Java").is_selected() and box(dash_duo, "SQL").is_selected()
          and not box(dash_duo, "Python").is_selected())
    _wait(dash_duo, lambda d: "skills=java,sql" in d.current_url)  # written back compact, the unknown one dropped


def test_select_all_and_clear_one_group(dash_duo, demo_cube_dir):
    start(dash_duo, demo_case(demo_cube_dir), "?occupation=2512.4&skills=java")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    summary_has(dash_duo, "· 1 selected")
    select_all = dash_duo.find_element(f"#{_css_id(ids.SkillSelection.select_all('optional_knowledge'))}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", select_all)
    _wait(dash_duo, lambda d: clicked(select_all))
    summary_has(dash_duo, "· 5 selected", "4 of 4 optional knowledge", "1 of 2 essential knowledge")
    clear = dash_duo.find_element(f"#{_css_id(ids.SkillSelection.clear('optional_knowledge'))}")
    _wait(dash_duo, lambda d: clicked(clear))
    summary_has(dash_duo, "· 1 selected", "0 of 4 optional knowledge", "1 of 2 essential knowledge")
    _wait(dash_duo, lambda d: d.current_url.endswith("skills=java"))
    no_console_errors(dash_duo)


def screenshot(dash_duo, name: str) -> None:
    """Saved only when JOB_ATLAS_SCREENSHOT names a folder (to look at the breakdown by eye)."""
    screenshot_of(dash_duo, ids.SkillSelection.SUMMARY, f"skill-selection-{name}.png")


def _css_id(pattern: dict) -> str:
    """The CSS selector form of a pattern-matching id (Dash writes the id as sorted JSON)."""
    import json

    text = json.dumps(pattern, sort_keys=True, separators=(",", ":"))
    return "".join(c if c.isalnum() or c in "-_" else "\\" + c for c in text)
