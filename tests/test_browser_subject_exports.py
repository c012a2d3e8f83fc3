"""Exports of an ISCO group in headless Chromium (issue 15): pick the group in the picker, the
Export menu greys out what it cannot export and says why, and the files downloaded are the
group's — the numbers of the reading functions the map and the country panel show."""
from __future__ import annotations

import pandas as pd
from selenium.webdriver.common.by import By

from dashboard.exports.subjects import MENU_NOTES
from dashboard.reading import subject_view
from dashboard.reading.cube import Cube
from dashboard.reading.subject_view import Subject
from layouts import ids
from test_browser_dashboard import TIMEOUT, _wait, no_console_errors, start
from test_browser_export import click_export, dom_id, wait_for_file
from test_browser_subjects import demo_case, pick


def menu_item(dash_duo, chart: str, fmt: str):
    return dash_duo.driver.find_element(By.XPATH, f"//*[@id='{dom_id(ids.Export.item(chart, fmt))}']")


def greyed(element) -> bool:
    return "disabled" in (element.get_attribute("class") or "") or element.get_attribute("aria-disabled") == "true"


def test_picking_an_isco_group_exports_the_groups_files(dash_duo, demo_cube_dir, tmp_path):
    cube = Cube.open(demo_cube_dir)
    start(dash_duo, demo_case(demo_cube_dir), "?occupation=pharmacist&country=DEU")
    dash_duo.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "pharmacist", timeout=TIMEOUT)
    assert not greyed(menu_item(dash_duo, "breakdown", "csv")) and greyed(menu_item(dash_duo, "panel", "csv"))

    pick(dash_duo, "systems anal", f"ISCO 2511 · {cube.isco_labels['2511']}")
    dash_duo.wait_for_contains_text(f"#{ids.Headline.OCCUPATION}", "ISCO 2511 ", timeout=TIMEOUT)
    _wait(dash_duo, lambda d: "isco=2511" in d.current_url and "country=DEU" in d.current_url)
    # The menu follows the subject: the occupation's own entries greyed out, the reason said.
    _wait(dash_duo, lambda d: greyed(menu_item(dash_duo, "breakdown", "csv")))
    assert greyed(menu_item(dash_duo, "skills", "png")) and greyed(menu_item(dash_duo, "related", "xlsx"))
    assert not greyed(menu_item(dash_duo, "panel", "csv")) and not greyed(menu_item(dash_duo, "map", "csv"))
    dash_duo.find_element(f"#{ids.Export.MENU} .dropdown-toggle").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.Export.SUBJECT_NOTE}", MENU_NOTES["isco"], timeout=TIMEOUT)
    dash_duo.find_element(f"#{ids.Export.MENU} .dropdown-toggle").click()  # closed again

    group = Subject("isco", "2511")
    click_export(dash_duo, "map", "csv")
    frame = pd.read_csv(wait_for_file(tmp_path, "jobs-map_isco-2511-systems-analysts_*.csv"), encoding="utf-8-sig")
    screen = subject_view.by_country(cube, group, start=cube.months[0], end=cube.months[-1])
    screen = screen[screen["has_data"].astype(bool)]
    assert dict(zip(frame["iso3"], frame["jobs"])) == dict(zip(screen["iso3"], screen["jobs"].astype(int)))

    click_export(dash_duo, "panel", "csv")
    panel_file = wait_for_file(tmp_path, "country-panel_isco-2511-systems-analysts_deu_*.csv")
    panel = subject_view.panel(cube, group, iso3="DEU", start=cube.months[0], end=cube.months[-1])
    rows = pd.read_csv(panel_file, encoding="utf-8-sig")
    assert rows["label"].tolist() == [o["label"] for o in panel["occupations"]]
    assert rows["jobs"].tolist() == [o["jobs"] for o in panel["occupations"]]
    no_console_errors(dash_duo)
