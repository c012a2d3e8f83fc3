"""The Export menu in a real browser: click Export, receive the file (issue 5)."""
from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pandas as pd
import pytest
from selenium.webdriver.common.by import By

from callbacks.export import render_export
from dashboard.exports import browser, names
from dashboard.reading.cube import Cube
from dashboard.errors import JobAtlasError
from layouts import ids
from layouts.export_menu import export_menu
from test_exports import INJECTED_LABEL, SOFTWARE_DEVELOPER, build_small_cube


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return build_small_cube(tmp_path_factory.mktemp("browser-export"))


@pytest.fixture(scope="module")
def app(data_dir):
    from app import create_app
    from dashboard.settings import Settings

    return create_app(Settings(data_dir=data_dir))


def dom_id(component_id: dict) -> str:
    """How Dash writes a pattern-matching id into the page."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from walk(child)


def wait_for_file(folder: Path, pattern: str, *, timeout: float = 90) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(pattern) if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {pattern} downloaded into {folder}: {sorted(p.name for p in folder.iterdir())}")


# -- without a browser ---------------------------------------------------------------------


def test_menu_offers_report_and_every_chart_in_every_format():
    found = {c.id["chart"] + "/" + c.id["format"] for c in walk(export_menu(unavailable=None))
             if isinstance(getattr(c, "id", None), dict)}
    expected = {f"{chart}/{fmt}" for chart in ("map", "skills", "breakdown", "trend") for fmt in names.FORMATS}
    pay = {"advertised-pay/csv", "advertised-pay/xlsx",  # advertised pay as data (issue 18)
           "related/csv", "related/xlsx",  # and the related occupations (issue 14)
           "panel/csv", "panel/xlsx"}  # and the country panel of an ISCO group, a skill or all (issue 15)
    assert pay <= found
    found -= pay
    assert found == expected | {"report/pdf", "jobs/csv", "jobs/xlsx"}  # and the listed jobs (issue 18)


def test_menu_without_chromium_says_why_and_keeps_data_exports():
    menu = export_menu(unavailable="Image and PDF exports need Chromium: install it")
    notes = [c for c in walk(menu) if getattr(c, "id", None) == ids.Export.UNAVAILABLE]
    assert len(notes) == 1 and "install it" in notes[0].children
    items = {(c.id["chart"], c.id["format"]): c for c in walk(menu) if isinstance(getattr(c, "id", None), dict)}
    assert items[("report", "pdf")].disabled and items[("map", "png")].disabled
    assert not items[("map", "csv")].disabled and not items[("trend", "xlsx")].disabled


def test_each_page_load_checks_chromium_and_the_menu_says_why(data_dir, monkeypatch):
    # The app's wiring looks for Chromium on every page load (installing it needs no restart);
    # the layout itself never runs a browser (issue 13).
    import app as app_module
    from dashboard.settings import load_settings

    served = app_module.create_app(load_settings({"data_dir": data_dir}, environ={}))
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    texts = [c.children for c in walk(served.layout()) if getattr(c, "id", None) == ids.Export.UNAVAILABLE]
    assert texts and "apt-get install -y chromium" in texts[0]
    monkeypatch.setattr(app_module, "chromium_available", lambda: None)
    assert not [c for c in walk(served.layout()) if getattr(c, "id", None) == ids.Export.UNAVAILABLE]


def test_the_export_menu_layout_never_looks_for_a_browser():
    import layouts.export_menu as menu_module

    import ast

    tree = ast.parse(Path(menu_module.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    called = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert "dashboard.exports.browser" not in imported and "chromium_available" not in called


@pytest.mark.parametrize(
    "view, message",
    [
        (None, "Pick an occupation first"),
        ({"occupation": None}, "Pick an occupation first"),
        ([None], "Pick an occupation first"),
        ({"occupation": SOFTWARE_DEVELOPER, "measure": ["jobs"]}, "measure"),
        ({"occupation": SOFTWARE_DEVELOPER, "country": "ZZZ"}, "not an ISO 3166"),
        ({"occupation": SOFTWARE_DEVELOPER, "start": "2024-01'; drop"}, "YYYY-MM"),
    ],
)
def test_render_export_refuses_a_bad_view_with_a_message(data_dir, view, message):
    with pytest.raises(JobAtlasError, match=message):
        render_export(Cube.open(data_dir), view, chart="map", fmt="csv")


def test_render_export_follows_the_view(data_dir):
    view = {"occupation": SOFTWARE_DEVELOPER, "country": "DEU", "start": "2024-02", "end": "2024-03",
            "measure": "share"}
    name, data = render_export(Cube.open(data_dir), view, chart="trend", fmt="csv")
    assert name == "jobs-trend_software-developer_deu_2024-02_2024-03.csv"
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["jobs"].tolist() == [1, 1]


# -- in the browser ------------------------------------------------------------------------


def click_export(dash_duo, chart: str, fmt: str) -> None:
    dash_duo.find_element(f"#{ids.Export.MENU} .dropdown-toggle").click()
    # The id holds double quotes: look it up by XPath (a CSS id selector would need escaping).
    item = dash_duo.driver.find_element(By.XPATH, f"//*[@id='{dom_id(ids.Export.item(chart, fmt))}']")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'nearest'});", item)
    item.click()


@pytest.fixture()
def export_browser_closed_first():
    """Close the server's export browser before dash_duo's teardown kills the server's threads
    (it ends every thread started during the test, the renderer's event loop included)."""
    yield
    browser.stop_renderer()


def test_clicking_export_downloads_the_file(dash_duo, app, tmp_path, export_browser_closed_first):
    dash_duo.start_server(app)
    # Downloads land in a folder of this test (headless Chromium asks no question).
    dash_duo.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    dash_duo.wait_for_element(f"#{ids.Export.MENU} .dropdown-toggle", timeout=30)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=30)

    click_export(dash_duo, "skills", "csv")
    csv_file = wait_for_file(tmp_path, "skill-demand_software-developer_*.csv")
    frame = pd.read_csv(csv_file, encoding="utf-8-sig")
    assert "'" + INJECTED_LABEL in frame["skill"].tolist()

    if browser.chromium_available():
        pytest.skip(browser.chromium_available())
    click_export(dash_duo, "map", "png")
    png = wait_for_file(tmp_path, "jobs-map_software-developer_*.png")
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert dash_duo.get_logs() == []
