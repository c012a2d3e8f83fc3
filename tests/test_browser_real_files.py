"""Real files in headless Chromium (issue 16): an undated counts file shows no date, no period
slider and no trend; jobs outside Europe put the world on the map; counts without skill
mentions show one line and the occupation's ESCO profile instead of an empty chart.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from app import create_app
from dashboard.building.build import build
from dashboard.paths import DEMO_TAXONOMY_DIR
from dashboard.settings import load_settings
from layouts import ids

TIMEOUT = 20

#: Aggregated counts as a public file gives them: role, country name, count, no date; saved by
#: a spreadsheet in a European locale (`;`, Windows-1252).
COUNTS = ("esco_role;country_name;job_count\r\n"
          "software developer;Germany;7\r\nsoftware developer;Brazil;4\r\nsoftware developer;India;2\r\n"
          "software developer;United States;9\r\nsoftware developer;Côte d'Ivoire;1\r\n")


@pytest.fixture(scope="module")
def undated_cube(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("undated")
    counts = root / "offers.csv"
    counts.write_bytes(COUNTS.encode("cp1252"))
    from dashboard.building.ingest import ColumnMap

    build(esco=[DEMO_TAXONOMY_DIR], counts=[counts], data_dir=root / "cube", progress=False,
          columns=ColumnMap(occupation="esco_role", country="country_name", count="job_count"))
    return root / "cube"


def test_undated_counts_show_no_date_and_the_whole_world(dash_duo, undated_cube):
    dash_duo.start_server(create_app(load_settings({"data_dir": undated_cube}, environ={})))
    dash_duo.driver.get(dash_duo.server_url + "/?occupation=2512.4")
    WebDriverWait(dash_duo.driver, TIMEOUT).until(
        lambda d: d.find_element(By.ID, ids.Headline.JOBS).text == "23")
    assert dash_duo.find_element(f"#{ids.Headline.COUNTRIES}").text == "5"
    # Every date on the page but the build's own (About the data: "Built ...").
    page = dash_duo.find_element("body").text.replace(dash_duo.find_element(f"#{ids.AboutData.CARD}").text, "")
    assert "the data carries no period" in dash_duo.find_element(f"#{ids.Controls.PERIOD_LABEL}").text
    for made_up in ("2026", "2025", "Dec", "Nov"):
        assert made_up not in page, f"a made-up date {made_up!r} on an undated page"
    # No slider and no trend on screen.
    assert not dash_duo.find_element(f"#{ids.Controls.PERIOD_SLIDER}").is_displayed()
    assert not dash_duo.find_element(f"#{ids.CountryPanel.TREND_GRAPH}").is_displayed()
    # The world is framed: every country with jobs is drawn inside the visible map.
    drawn = dash_duo.driver.execute_script("""
        const geo = document.querySelector('#%s .js-plotly-plot')._fullLayout.geo;
        return {type: geo.projection.type, lon: geo.lonaxis.range, lat: geo.lataxis.range};
    """ % ids.Map.GRAPH)
    assert drawn["type"] == "natural earth" and drawn["lon"] == [-180, 180]
    # No empty skill box: one line, then the ESCO profile, essential first.
    profile = dash_duo.find_element(f"#{ids.Skills.PROFILE}").text
    assert profile.startswith("No skills recorded in software developer postings")
    assert "essential" in profile.splitlines()[1]
    assert not dash_duo.find_element(f"#{ids.Skills.GRAPH}").is_displayed()
    # About the data names how the file was read and that no month is made up.
    about = dash_duo.find_element(f"#{ids.AboutData.CARD}").text
    assert "Windows-1252" in about and "semicolon" in about and "no month is made up" in about
    assert dash_duo.get_logs() == []
