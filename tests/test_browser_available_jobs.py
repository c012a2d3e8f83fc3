"""Available jobs in headless Chromium (issue 18): the ads behind the view, 20 at a time, with the
link rules (only http/https become links, opened with rel="noopener noreferrer"), posting text shown
as text, advertised pay in the country panel, and the counts-only message."""
from __future__ import annotations

from pathlib import Path

from selenium.webdriver.common.by import By

from app import create_app
from dashboard.settings import load_settings
from helpers import screenshot_of
from layouts import ids
from test_available_jobs import counts_cube_dir, jobs_cube_dir  # noqa: F401 - fixtures, built once per module
from test_browser_dashboard import TIMEOUT, _wait, no_console_errors


def open_view(dash_duo, data_dir: Path, query: str) -> None:
    dash_duo.start_server(create_app(load_settings({"data_dir": data_dir}, environ={})))
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_element(f"#{ids.Map.GRAPH} .js-plotly-plot", timeout=TIMEOUT)


def items(dash_duo) -> list:
    return dash_duo.driver.find_elements(By.CSS_SELECTOR, f"#{ids.AvailableJobs.LIST} li")


def click(dash_duo, component_id: str) -> None:
    """Scroll a button to the middle of the window (the list is below the first screen) and click it."""
    element = dash_duo.find_element(f"#{component_id}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()


def screenshot(dash_duo, name: str) -> None:
    """Saved only when JOB_ATLAS_SCREENSHOT names a folder (to look at the list by eye)."""
    screenshot_of(dash_duo, ids.AvailableJobs.CARD, f"available-jobs-{name}.png")


def test_the_list_shows_the_ads_newest_first_and_pages_by_twenty(dash_duo, jobs_cube_dir):
    open_view(dash_duo, jobs_cube_dir, "?occupation=software%20developer&country=DEU")
    range_ = f"#{ids.AvailableJobs.RANGE}"
    dash_duo.wait_for_text_to_equal(range_, "1–20 of 36 jobs", timeout=TIMEOUT)
    shown = items(dash_duo)
    assert len(shown) == 20
    assert shown[0].text.startswith("Lead Python Developer\nTest Employer 36 GmbH · Berlin · 5 Apr 2024")
    assert "EUR 60,000–80,000 a year" in shown[0].text
    assert shown[19].text.startswith("Developer 17\n")
    assert "Available software developer jobs in Germany" in dash_duo.find_element(f"#{ids.AvailableJobs.TITLE}").text
    assert not dash_duo.find_element(f"#{ids.AvailableJobs.PREVIOUS}").is_enabled()
    # Pay in the country panel: medians per currency and period, never converted.
    pay = dash_duo.find_element(f"#{ids.CountryPanel.PAY}").text
    assert "EUR 60,000–80,000 a year (median stated min–max, 1 posting)" in pay
    assert "EUR 4,000–5,000 a month (median stated min–max, 1 posting)" in pay
    screenshot(dash_duo, "page-1")

    click(dash_duo, ids.AvailableJobs.NEXT)
    dash_duo.wait_for_text_to_equal(range_, "21–36 of 36 jobs", timeout=TIMEOUT)
    shown = items(dash_duo)
    assert len(shown) == 16
    assert shown[0].text.startswith("Developer 16\n") and shown[-1].text.startswith("Developer 01\n")
    assert not dash_duo.find_element(f"#{ids.AvailableJobs.NEXT}").is_enabled()

    click(dash_duo, ids.AvailableJobs.PREVIOUS)
    dash_duo.wait_for_text_to_equal(range_, "1–20 of 36 jobs", timeout=TIMEOUT)
    # All countries: the French ads join the list, and paging starts again at the first page.
    click(dash_duo, ids.CountryPanel.CLEAR)
    dash_duo.wait_for_text_to_equal(range_, "1–20 of 40 jobs", timeout=TIMEOUT)
    no_console_errors(dash_duo)


def test_only_http_links_open_and_posting_text_stays_text(dash_duo, jobs_cube_dir):
    open_view(dash_duo, jobs_cube_dir, "?occupation=software%20developer&country=DEU")
    dash_duo.wait_for_text_to_equal(f"#{ids.AvailableJobs.RANGE}", "1–20 of 36 jobs", timeout=TIMEOUT)
    first, scripted, archive, bold = items(dash_duo)[:4]

    (link,) = first.find_elements(By.TAG_NAME, "a")
    assert link.get_attribute("href") == "https://jobs.example.invalid/j36"
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener noreferrer"
    (http_link,) = bold.find_elements(By.TAG_NAME, "a")
    assert http_link.get_attribute("href") == "http://jobs.example.invalid/j33"
    assert http_link.get_attribute("rel") == "noopener noreferrer"

    for item, url in ((scripted, "javascript:alert(1)"), (archive, "ftp://files.example.invalid/j34")):
        assert item.find_elements(By.TAG_NAME, "a") == []
        assert f"Ad address (not a web link): {url}" in item.text

    # Markup in a title is shown as typed, never rendered.
    assert http_link.text == "<b>Bold</b> **Developer**"
    assert bold.find_elements(By.TAG_NAME, "b") == [] and bold.find_elements(By.TAG_NAME, "strong") == []
    screenshot(dash_duo, "links")
    no_console_errors(dash_duo)


def test_counts_only_data_says_it_holds_no_ads(dash_duo, counts_cube_dir):
    open_view(dash_duo, counts_cube_dir, "?occupation=software%20developer&country=DEU")
    listing = f"#{ids.AvailableJobs.LIST}"
    dash_duo.wait_for_text_to_equal(listing, "This data holds job counts, not individual ads.", timeout=TIMEOUT)
    assert items(dash_duo) == []
    _wait(dash_duo, lambda d: not d.find_element(By.ID, ids.AvailableJobs.PAGER).is_displayed())
    assert "not in this data (it holds job counts, not individual ads)" in dash_duo.find_element(f"#{ids.CountryPanel.PAY}").text
    screenshot(dash_duo, "counts-only")
    no_console_errors(dash_duo)


def test_export_menu_downloads_every_listed_job_not_just_the_page(dash_duo, jobs_cube_dir, tmp_path):
    import csv

    from test_browser_export import click_export, wait_for_file

    open_view(dash_duo, jobs_cube_dir, "?occupation=software%20developer&country=DEU")
    dash_duo.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    dash_duo.wait_for_text_to_equal(f"#{ids.AvailableJobs.RANGE}", "1–20 of 36 jobs", timeout=TIMEOUT)
    dash_duo.driver.execute_script("window.scrollTo({top: 0, behavior: 'instant'})")
    click_export(dash_duo, "jobs", "csv")
    path = wait_for_file(tmp_path, "available-jobs_software-developer_deu_2024-03_2024-04.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 36 and rows[0]["title"] == "Lead Python Developer" and rows[-1]["id"] == "j01"
    no_console_errors(dash_duo)
