"""Issue 2: the page works with no network at all, and everything it loads comes from the app.

conftest.py starts Chromium with every host but this machine unresolvable, so a request that
left the machine would fail and show up in the console; these tests also check the list of
resources the browser fetched, and that the map really drew its countries and base topology.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from app import create_app
from dashboard.settings import load_settings
from layouts import ids

TIMEOUT = 30

DRAWN = """
const paths = document.querySelectorAll('#%s path.choroplethlocation');
const land = document.querySelectorAll('#%s path.land, #%s .layer.bg path');
return {countries: paths.length, land: land.length};
""" % (ids.Map.GRAPH, ids.Map.GRAPH, ids.Map.GRAPH)

RESOURCES = "return performance.getEntriesByType('resource').map(e => e.name)"


def start_and_wait_for_the_map(dash_duo, data_dir) -> dict:
    dash_duo.start_server(create_app(load_settings({"data_dir": data_dir}, environ={})))
    dash_duo.wait_for_element(f"#{ids.Map.GRAPH} path.choroplethlocation", timeout=TIMEOUT)
    from selenium.webdriver.support.ui import WebDriverWait

    drawn = {}
    # The grey "no data" base and the data trace together draw well over 100 countries.
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: drawn.update(d.execute_script(DRAWN)) or drawn["countries"] > 100)
    return drawn


def test_every_resource_comes_from_the_apps_own_origin(dash_duo, demo_cube_dir):
    start_and_wait_for_the_map(dash_duo, demo_cube_dir)
    own = urlsplit(dash_duo.server_url)
    resources = dash_duo.driver.execute_script(RESOURCES)
    assert resources, "the browser reported no resources at all"
    foreign = [url for url in resources
               if not url.startswith("data:") and urlsplit(url)[:2] != own[:2]]
    assert foreign == []
    # plotly.js asked for its base topology, and got it from us rather than cdn.plot.ly.
    assert any("/topojson/world_110m.json" in url for url in resources)
    assert dash_duo.get_logs() == []


def test_the_served_page_names_no_external_host(dash_duo, demo_cube_dir):
    """Nothing the page loads or links to by itself is elsewhere. The one exception is the data's
    own: each listed job links to its ad (issue 18), a page the person opens by clicking, in a new
    tab, never fetched by the dashboard."""
    start_and_wait_for_the_map(dash_duo, demo_cube_dir)
    dash_duo.wait_for_element(f"#{ids.AvailableJobs.LIST} a", timeout=TIMEOUT)
    html = dash_duo.driver.execute_script(
        "const page = document.documentElement.cloneNode(true);"
        "page.querySelector('#' + arguments[0]).remove(); return page.outerHTML", ids.AvailableJobs.LIST)
    hosts = {m.group(1) for m in re.finditer(r"""(?:src|href)=["']https?://([^/"']+)""", html)}
    assert hosts <= {urlsplit(dash_duo.server_url).netloc}, hosts
    ads = dash_duo.driver.execute_script(
        "return [...document.querySelectorAll('#' + arguments[0] + ' [src], #' + arguments[0] + ' [href]')]"
        ".map(e => [e.tagName, e.getAttribute('href'), e.target, e.rel])", ids.AvailableJobs.LIST)
    assert ads and all(tag == "A" and target == "_blank" and rel == "noopener noreferrer"
                       for tag, _, target, rel in ads), ads


def test_click_a_country_and_see_its_name_in_the_panel(dash_duo, demo_cube_dir):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    start_and_wait_for_the_map(dash_duo, demo_cube_dir)
    # Mark a large, convex-enough country drawn by the data trace, and click its middle.
    name = dash_duo.driver.execute_script(
        """
        const gd = document.querySelector('#%s .js-plotly-plot');
        const wanted = gd.data[1].locations.includes('FRA') ? 'FRA' : gd.data[1].locations[0];
        for (const path of document.querySelectorAll('#%s path.choroplethlocation')) {
            if (path.__data__ && path.__data__.loc === wanted && path.__data__.trace
                && path.__data__.trace.index === 1) { path.id = 'clicked-country'; return wanted; }
        }
        for (const path of document.querySelectorAll('#%s path.choroplethlocation')) {
            if (path.__data__ && path.__data__.loc === wanted) { path.id = 'clicked-country'; return wanted; }
        }
        return null;
        """ % (ids.Map.GRAPH, ids.Map.GRAPH, ids.Map.GRAPH))
    assert name, "no country path to click"
    from dashboard.geo import country_name

    ActionChains(dash_duo.driver).move_to_element(dash_duo.driver.find_element(By.ID, "clicked-country")).click().perform()
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", country_name(name), timeout=TIMEOUT)
    assert dash_duo.get_logs() == []


def test_copy_link_puts_the_current_view_on_the_clipboard(dash_duo, demo_cube_dir):
    from selenium.webdriver.support.ui import WebDriverWait

    start_and_wait_for_the_map(dash_duo, demo_cube_dir)
    dash_duo.driver.get(dash_duo.server_url + "/?occupation=2512.4&country=DEU&measure=share")
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", "Germany", timeout=TIMEOUT)
    # Grant the page clipboard access (headless Chromium asks no one), then click Copy link.
    dash_duo.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": dash_duo.server_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    dash_duo.find_element(f"#{ids.ShareLink.BUTTON}").click()
    copied = {}

    def clipboard_has_link(driver):
        text = driver.execute_async_script(
            "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(''));")
        copied["text"] = text
        return text.startswith(dash_duo.server_url)

    WebDriverWait(dash_duo.driver, TIMEOUT).until(clipboard_has_link)
    assert "country=DEU" in copied["text"] and "measure=share" in copied["text"]
    # The link restores the view in a fresh page.
    dash_duo.driver.get(copied["text"])
    dash_duo.wait_for_text_to_equal(f"#{ids.CountryPanel.TITLE}", "Germany", timeout=TIMEOUT)
    assert dash_duo.get_logs() == []
