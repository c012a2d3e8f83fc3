"""Text from data is rendered as text (issue 8): a taxonomy whose labels and descriptions carry
``<script>`` and ``<img onerror>`` payloads, and a postings file whose name carries one, is built
into a cube and shown in the browser. Nothing executes and the labels read literally.

The page's CSP would block inline handlers anyway; the DOM checks below prove the text was
never turned into elements, so the CSP is a second wall, not the only one."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bench.browser import dropdown_css, open_dropdown
from helpers import TINY_TAXONOMY as TAXONOMY_DIR
from layouts import ids

ELECTRICIAN = "https://fixture.invalid/occupation/electrician"
INSTALL_WIRING = "https://fixture.invalid/skill/install-wiring"
WIRING = "https://fixture.invalid/skill/wiring"

SCRIPT_LABEL = "<script>window.__pwned='label'</script>electrician"
IMG_ALT = "<img src=x onerror=\"window.__pwned='alt'\">"
IMG_DESCRIPTION = "Installs wiring <img src=x onerror=\"window.__pwned='description'\"> <b>bold?</b>"
SKILL_LABEL = "<img src=x onerror=\"window.__pwned='skill'\">install wiring"
SKILL_DESCRIPTION = "<script>window.__pwned='skill description'</script>"
KNOWLEDGE_LABEL = "<svg onload=\"window.__pwned='svg'\">wiring diagrams"
ISCO_LABEL = "<iframe src=\"javascript:window.__pwned='isco'\"></iframe>Electricians"
#: A file name is data too: it becomes the dataset name in "About the data".
POSTINGS_NAME = "<img src=x onerror=window.__pwned=7>.csv"


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(TAXONOMY_DIR / name, dtype=str, keep_default_na=False)


def write_hostile_taxonomy(folder: Path) -> Path:
    """The tiny fixture with payloads in labels, alt labels and descriptions."""
    folder.mkdir(parents=True)
    occupations = _read("occupations_en.csv")
    row = occupations["conceptUri"] == ELECTRICIAN
    occupations.loc[row, "preferredLabel"] = SCRIPT_LABEL
    occupations.loc[row, "altLabels"] = f"{IMG_ALT}\nelectrical installer"
    occupations.loc[row, "description"] = IMG_DESCRIPTION
    occupations.to_csv(folder / "occupations_en.csv", index=False)

    skills = _read("skills_en.csv")
    skills.loc[skills["conceptUri"] == INSTALL_WIRING, ["preferredLabel", "description"]] = [SKILL_LABEL, SKILL_DESCRIPTION]
    skills.loc[skills["conceptUri"] == WIRING, "preferredLabel"] = KNOWLEDGE_LABEL
    skills.to_csv(folder / "skills_en.csv", index=False)

    isco = _read("ISCOGroups_en.csv")
    isco.loc[isco["code"] == "7411", "preferredLabel"] = ISCO_LABEL
    isco.to_csv(folder / "ISCOGroups_en.csv", index=False)

    (folder / "occupationSkillRelations.csv").write_bytes((TAXONOMY_DIR / "occupationSkillRelations.csv").read_bytes())
    return folder


def write_postings(path: Path) -> Path:
    countries = ["DE", "FR", "IT", "ES", "PL", "DE", "DE", "FR"]
    rows = [f"i{n},7411.1,{c},2025-0{1 + n % 6}-15,,{INSTALL_WIRING}|{WIRING}" for n, c in enumerate(countries)]
    path.write_text("id,occupation,country,date,region,skills\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    from app import create_app
    from dashboard.building.build import build
    from dashboard.settings import Settings

    root = tmp_path_factory.mktemp("injection")
    taxonomy = write_hostile_taxonomy(root / "taxonomy")
    postings = write_postings(root / POSTINGS_NAME)
    data_dir = root / "cube"
    report = build(esco=[taxonomy], postings=[postings], data_dir=data_dir, progress=False)
    assert report["rows_loaded"] == 8, report["rejected_by_reason"]
    return create_app(Settings(data_dir=data_dir))


#: JavaScript: did any payload run or become an element?
DOM_CHECK = """
const handlers = ['onerror', 'onload'];
const withHandler = [...document.querySelectorAll('*')].filter(e => handlers.some(h => e.hasAttribute(h)));
const scripts = [...document.querySelectorAll('script')].filter(s => s.textContent.includes('__pwned'));
return {
    pwned: window.__pwned === undefined ? null : String(window.__pwned),
    handlers: withHandler.map(e => e.outerHTML.slice(0, 120)),
    scripts: scripts.length,
    images: document.querySelectorAll('img[src="x"]').length,
    iframes: document.querySelectorAll('iframe').length,
    text: document.body.innerText,
};
"""


def test_payloads_in_labels_render_as_text_and_never_run(dash_duo, hostile_app):
    dash_duo.start_server(hostile_app)
    dash_duo.driver.get(dash_duo.server_url + "/?occupation=7411.1&country=DEU")
    dash_duo.wait_for_contains_text(f"#{ids.Headline.OCCUPATION}", "<script>", timeout=30)
    dash_duo.wait_for_contains_text(f"#{ids.Breakdown.LISTS}", "install wiring", timeout=30)
    dash_duo.wait_for_no_elements("._dash-loading", timeout=10)
    # Open every <details> so descriptions are in the DOM and visible, too.
    dash_duo.driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")

    state = dash_duo.driver.execute_script(DOM_CHECK)
    assert state["pwned"] is None
    assert state["handlers"] == []
    assert state["scripts"] == 0
    assert state["images"] == 0
    assert state["iframes"] == 0
    # Labels read literally where the page shows them as text.
    assert SCRIPT_LABEL in state["text"]
    assert SKILL_LABEL in state["text"]
    # No CSP violation either: nothing even tried to run.
    assert [e for e in dash_duo.get_logs() if "Content Security Policy" in e["message"]] == []


def test_picker_and_about_show_hostile_text_literally(dash_duo, hostile_app):
    dash_duo.start_server(hostile_app)
    dash_duo.wait_for_element(f"#{ids.OccupationPicker.DROPDOWN}", timeout=30)
    open_dropdown(dash_duo.driver, ids.OccupationPicker.DROPDOWN).send_keys("electrical installer")
    dash_duo.wait_for_contains_text(dropdown_css(ids.OccupationPicker.DROPDOWN, ".dash-dropdown-options"), "<script>",
                                    timeout=30)
    state = dash_duo.driver.execute_script(DOM_CHECK)
    assert state["pwned"] is None and state["handlers"] == [] and state["images"] == 0
    dash_duo.wait_for_contains_text(f"#{ids.AboutData.CARD}", POSTINGS_NAME, timeout=30)
    assert dash_duo.driver.execute_script(DOM_CHECK)["pwned"] is None
