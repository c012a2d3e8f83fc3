"""The occupation picker filters in the browser (issue 6): assets/picker.js must list the same
options, in the same order, with the same hint as the Python reference ``picker_options``, and
typing must send no callback request.

The fixture taxonomy is written here in code: the tiny taxonomy plus occupations chosen for
ties (exact / prefix / substring), alternative labels written in capitals, accents, ß, a Greek
final sigma, a ligature, codes, and more than 50 matches for one word across two ISCO groups.
"""
from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from app import create_app
from bench.browser import DROPDOWN_OPTIONS_JS, dropdown_option, open_dropdown
from dashboard.reading.cube import Cube
from dashboard.settings import load_settings
from helpers import TINY_TAXONOMY
from layouts import ids
from layouts.page import occupation_index_url

TIMEOUT = 30

#: (slug, ISCO group, code, preferred label, alternative labels)
EXTRA_OCCUPATIONS = [
    ("podiatrist", "2221", "2221.7", "podiatrist", ["Fußpfleger", "chiropodist", "foot care specialist"]),
    ("tree-surgeon", "7411", "7411.9", "Élagueur", ["tree surgeon", "arborist", "ÉLAGUEUSE"]),
    ("accountant", "2513", "2513.8", "accountant", ["ΛΟΓΙΣΤΗΣ", "bookkeeper"]),
    ("office-clerk", "2513", "2513.9", "oﬃce clerk", ["office assistant", "ICT Help Desk Agent"]),
    ("ward-sister", "2221", "2221.8", "ward manager", ["ward sister", "head nurse"]),
    # Table order (ward-sister, a-matron, charge-nurse) is neither URI order nor its reverse.
    ("a-matron", "2221", "2221.5", "matron", ["ward sister"]),
    ("charge-nurse", "2221", "2221.9", "charge nurse", ["ward sister", "nurse in charge"]),
    ("nursery-teacher", "2513", "2513.5", "nursery teacher", ["kindergarten teacher"]),
    ("nurse-practitioner", "2221", "2221.6", "nurse practitioner", ["advanced practice nurse"]),
    ("strasse-cleaner", "7411", "7411.8", "street cleaner", ["Straßenreiniger"]),
] + [
    # 60 occupations matching "assistant" (more than the 50 options shown), in two groups.
    (f"assistant-{n:02d}", "2221" if n % 2 else "7411", f"{'2221' if n % 2 else '7411'}.{100 + n}",
     f"assistant grade {n:02d}", [f"helper grade {n:02d}"])
    for n in range(60)
]


@pytest.fixture(scope="session")
def picker_cube_dir(tmp_path_factory) -> Path:
    """A cube of the tiny taxonomy plus :data:`EXTRA_OCCUPATIONS`, with a few postings."""
    from dashboard.building.build import build

    root = tmp_path_factory.mktemp("picker_cube")
    taxonomy = root / "taxonomy"
    taxonomy.mkdir()
    for name in ("ISCOGroups_en.csv", "skills_en.csv", "occupationSkillRelations.csv"):
        (taxonomy / name).write_bytes((TINY_TAXONOMY / name).read_bytes())
    with open(TINY_TAXONOMY / "occupations_en.csv", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    for slug, group, code, label, alts in EXTRA_OCCUPATIONS:
        rows.append({**{f: "" for f in fields}, "conceptType": "Occupation",
                     "conceptUri": f"https://fixture.invalid/occupation/{slug}", "iscoGroup": group,
                     "preferredLabel": label, "altLabels": "\n".join(alts), "status": "released",
                     "description": f"What a {label} does. " * 30, "code": code})
    with open(taxonomy / "occupations_en.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    postings = root / "postings.csv"
    # Software developers have the most jobs: the page opens on them.
    postings.write_text("id,occupation,country,date\n1,software developer,DE,2025-01-10\n"
                        "2,software developer,FR,2025-02-01\n3,podiatrist,IT,2025-02-03\n", encoding="utf-8")
    build(esco=[taxonomy], postings=[postings], data_dir=root / "cube", progress=False)
    return root / "cube"


FIXTURE = "https://fixture.invalid/occupation/"
#: (query, ISCO group, selected occupation)
FIXTURE_CASES = [
    ("", None, None),  # browse: the first 50 alphabetically
    ("", "2221", None),  # browse one group (more than 50? no: 31 occupations)
    ("", "7411", FIXTURE + "software-developer"),  # the selection is kept outside the group
    ("nurse", None, None),  # exact label, then prefixes (nurse practitioner, nursery), then substrings
    ("ward sister", None, None),  # an alternative label two occupations share: table order
    ("programmer", None, None),
    ("software developer", None, None),  # a preferred label that is another's alternative label
    ("soft", None, None),
    ("2512.4", None, None),  # exact code
    ("2221", None, None),  # code prefix
    (".10", None, None),  # code substring
    ("assistant", None, None),  # more than 50 matches
    ("assistant", "2221", None),  # more than 50 overall, 30 in the group
    ("assistant", "7411", FIXTURE + "podiatrist"),
    ("assist", "25", None),  # no match in the group
    ("grade 07", None, None),
    ("helper grade 1", None, None),
    ("FUSSPFLEGER", None, None),  # ß folds to ss
    ("fußpfleger", None, None),
    ("Fusspfleger", "2221", None),
    ("straße", None, None),
    ("elagueur", None, None),  # no accent folding: no match
    ("élagueur", None, None),
    ("ÉLAGUEUSE", None, None),
    ("λογιστης", None, None),  # final sigma: ς and σ compare equal after casefold
    ("λογιστής", None, None),
    ("office clerk", None, None),  # the ligature in the label is NFKC-normalised
    ("ﬃce", None, None),
    ("ict help", None, None),  # matched text keeps its capitals
    ("  charge \u3000 NURSE ", None, None),  # ideographic space, padding
    ("\x1ccharge nurse\x1f", None, None),  # Python whitespace that JavaScript's \s lacks
    ("\ufeffnurse", None, None),  # and the reverse: U+FEFF is not whitespace to Python
    ("ＮＵＲＳＥ", None, None),  # full-width letters
    ("zzz", None, FIXTURE + "nurse-practitioner"),  # no match, selection kept
    ("https://fixture.invalid/occupation/podiatrist", None, None),  # a URI
    ("nurse " + "x" * 300, None, None),  # cut at 200 characters
    (None, "2", None),
    ("e", None, FIXTURE + "assistant-59"),  # the selection is not among the first 50
    # Issue 15: ISCO groups (codes, labels) and skills before/after the occupations; a subject kept selected.
    ("25", None, None),
    ("2", None, None),
    ("softw", None, None),
    ("developers", "25", None),
    ("all", None, None),
    ("a", None, None),  # one letter: no subjects
    ("zzz", None, "isco:2512"),
    ("", "7411", None),
    ("", None, "all:"),
]

COMPARE_JS = """
const [url, cases, done] = arguments;
window.jobAtlasPicker.load(url).then(index => {
  if (!index) { done({error: 'index did not load'}); return; }
  done({results: cases.map(c => window.jobAtlasPicker.pickerOptions(index, c[0], c[1], c[2]))});
}).catch(error => done({error: String(error)}));
"""


def start(dash_duo, data_dir: Path) -> None:
    dash_duo.start_server(create_app(load_settings({"data_dir": data_dir}, environ={})))
    dash_duo.wait_for_element(f"#{ids.OccupationPicker.DROPDOWN}", timeout=TIMEOUT)
    dash_duo.driver.set_script_timeout(TIMEOUT)


def with_keys(data_dir: Path, cases: list[tuple]) -> list[tuple]:
    """Cases whose selected occupation (a URI in the tables) is given as the dropdown holds it: its key."""
    index = Cube.open(data_dir).occupation_index
    # A subject's value (issue 15: "isco:2512", "all:") is the dropdown's value as it is.
    return [(q, g, index.option_key(s) if s and "://" in s else s) for q, g, s in cases]


def browser_options(dash_duo, data_dir: Path, cases: list[tuple]) -> list:
    answer = dash_duo.driver.execute_async_script(COMPARE_JS, occupation_index_url(Cube.open(data_dir)),
                                                  [list(c) for c in with_keys(data_dir, cases)])
    assert "error" not in answer, answer
    return answer["results"]


def python_options(data_dir: Path, cases: list[tuple]) -> list:
    from callbacks.occupation_picker import picker_options

    cube = Cube.open(data_dir)
    return [list(picker_options(cube, query=q, group=g, selected=s)) for q, g, s in with_keys(data_dir, cases)]


def assert_same(cases, browser, python) -> None:
    for case, got, expected in zip(cases, browser, python, strict=True):
        assert got[1] == expected[1], case
        assert [o["value"] for o in got[0]] == [o["value"] for o in expected[0]], case
        assert got[0] == expected[0], case


def test_the_browser_ranks_like_picker_options(dash_duo, picker_cube_dir):
    start(dash_duo, picker_cube_dir)
    python = python_options(picker_cube_dir, FIXTURE_CASES)
    uri_of = Cube.open(picker_cube_dir).occupation_index.uri_of_option_key
    # The table covers what it says: ties, >50 matches, an alternative label shown, no match.
    by_case = dict(zip(((q, g) for q, g, _ in FIXTURE_CASES), python))
    assert [uri_of(o["value"]) for o in by_case[("ward sister", None)][0]][:3] == [
        FIXTURE + "ward-sister", FIXTURE + "a-matron", FIXTURE + "charge-nurse"]
    assert by_case[("assistant", None)][1].startswith("Showing the first 50")
    assert by_case[("assistant", "2221")][1] == "30 matching occupations."
    assert by_case[("FUSSPFLEGER", None)][0][0]["label"] == "podiatrist (2221.7) — also “Fußpfleger”"
    assert uri_of(by_case[("λογιστης", None)][0][0]["value"]) == FIXTURE + "accountant"
    assert by_case[("zzz", None)] == [[by_case[("zzz", None)][0][0]], "No occupation matches “zzz”."]
    assert uri_of(by_case[("e", None)][0][0]["value"]) == FIXTURE + "assistant-59"
    assert uri_of(by_case[(FIXTURE + "podiatrist", None)][0][0]["value"]) == FIXTURE + "podiatrist"  # a typed URI
    assert_same(FIXTURE_CASES, browser_options(dash_duo, picker_cube_dir, FIXTURE_CASES), python)
    assert dash_duo.get_logs() == []


def esco_cases(cube: Cube) -> list[tuple]:
    """Words, prefixes, codes and alternative labels of the real taxonomy, some in a group."""
    import random

    rng = random.Random(6)
    rows = cube.occupations.sample(40, random_state=6)
    cases: list[tuple] = [("", None, None), ("", "2", None), ("manager", None, None), ("techn", "7", None),
                          # More matches than the 2,000 ranked before the group filter.
                          ("e", "2", None), ("a", None, None), ("er", "93", None)]
    for row in rows.itertuples(index=False):
        words = str(row.label).split()
        alts = [a for a in str(row.alt_labels).split("\n") if a.strip()]
        cases += [(words[0], None, None), (words[-1][:4].upper(), None, row.occupation_uri),
                  (str(row.code), None, None), (str(row.code)[:3], str(row.isco_group)[:1], None)]
        if alts:
            cases.append((rng.choice(alts), None, None))
    return cases


def test_the_browser_ranks_like_picker_options_on_the_real_taxonomy(dash_duo, esco_cube_dir):
    start(dash_duo, esco_cube_dir)
    cases = esco_cases(Cube.open(esco_cube_dir))
    assert_same(cases, browser_options(dash_duo, esco_cube_dir, cases), python_options(esco_cube_dir, cases))


CALLBACK_REQUESTS = """
return performance.getEntriesByType('resource').filter(e => e.name.includes('_dash-update-component')).length;
"""
#: The options the open picker lists (Dash 4: in the popover next to the picker's button).
SHOWN = DROPDOWN_OPTIONS_JS.replace("arguments[0]", repr(ids.OccupationPicker.DROPDOWN))


def _wait(dash_duo, condition):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(dash_duo.driver, TIMEOUT).until(condition)


@pytest.mark.parametrize("typed, first", [
    ("FUSSPFLEGER", "podiatrist (2221.7) — also “Fußpfleger”"),
    ("ward sister", "ward manager (2221.8) — also “ward sister”"),
    ("2512.4", "software developer (2512.4)"),
])
def test_typing_lists_matches_without_a_callback_request(dash_duo, picker_cube_dir, typed, first):
    start(dash_duo, picker_cube_dir)
    # The page's own callbacks (view, country panel ...) settle first.
    _wait(dash_duo, lambda d: d.execute_script("return document.readyState") == "complete")
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    url = occupation_index_url(Cube.open(picker_cube_dir))
    fetched = "return performance.getEntriesByType('resource').filter(e => e.name.endsWith(arguments[0])).length"
    assert dash_duo.driver.execute_script(fetched, url) == 0  # not part of the first page view
    field = open_dropdown(dash_duo.driver, ids.OccupationPicker.DROPDOWN)
    # Opening the picker fetches the index (once), before anything is typed.
    _wait(dash_duo, lambda d: d.execute_script(fetched, url) == 1)
    before = dash_duo.driver.execute_script(CALLBACK_REQUESTS)
    field.send_keys(typed)
    shown = _wait(dash_duo, lambda d: (lambda s: s if s and s[0] == first else False)(d.execute_script(SHOWN)))
    assert shown[0] == first
    assert dash_duo.driver.execute_script(CALLBACK_REQUESTS) == before
    # Picking the option is a real choice: the view callback runs.
    dropdown_option(dash_duo.driver, ids.OccupationPicker.DROPDOWN, first).click()
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", first.split(" (")[0], timeout=TIMEOUT)
    assert dash_duo.get_logs() == []


SLOW_INDEX = """
const fetchNow = window.fetch;
window.fetch = (url, ...rest) => String(url).includes(arguments[0])
  ? new Promise(resolve => setTimeout(resolve, 3000)).then(() => fetchNow(url, ...rest))
  : fetchNow(url, ...rest);
"""


def test_typing_before_the_index_arrived_lists_the_matches_once_it_does(dash_duo, picker_cube_dir):
    from layouts.page import OCCUPATION_INDEX_ROUTE

    start(dash_duo, picker_cube_dir)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    dash_duo.driver.execute_script(SLOW_INDEX, OCCUPATION_INDEX_ROUTE)
    before = dash_duo.driver.execute_script(CALLBACK_REQUESTS)
    open_dropdown(dash_duo.driver, ids.OccupationPicker.DROPDOWN).send_keys("chiropodist")
    # Meanwhile the list says why it is empty, rather than "No results found" ...
    _wait(dash_duo, lambda d: d.execute_script(SHOWN) == ["Loading occupations…"])
    # ... and then shows what was typed while waiting, with no callback request.
    _wait(dash_duo, lambda d: d.execute_script(SHOWN) == ["podiatrist (2221.7) — also “chiropodist”"])
    assert dash_duo.driver.execute_script(CALLBACK_REQUESTS) == before
    assert dash_duo.get_logs() == []


#: Index requests fail while ``window.indexDown`` is true.
FAILING_INDEX = """
const fetchNow = window.fetch;
window.indexDown = true;
window.fetch = (url, ...rest) => String(url).includes(arguments[0]) && window.indexDown
  ? Promise.resolve(new Response('', {status: 503}))
  : fetchNow(url, ...rest);
"""


def test_an_index_that_failed_to_load_says_so_and_typing_again_retries(dash_duo, picker_cube_dir):
    from layouts.page import OCCUPATION_INDEX_ROUTE

    start(dash_duo, picker_cube_dir)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    dash_duo.driver.execute_script(FAILING_INDEX, OCCUPATION_INDEX_ROUTE)
    field = open_dropdown(dash_duo.driver, ids.OccupationPicker.DROPDOWN)
    field.send_keys("chiro")
    _wait(dash_duo, lambda d: d.execute_script(SHOWN) == [
        "Could not load the list of occupations (HTTP 503): reload the page."])
    dash_duo.driver.execute_script("window.indexDown = false;")
    field.send_keys("podist")
    _wait(dash_duo, lambda d: d.execute_script(SHOWN) == ["podiatrist (2221.7) — also “chiropodist”"])


# -- the index over HTTP ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(picker_cube_dir):
    return create_app(load_settings({"data_dir": picker_cube_dir}, environ={})).server.test_client()


def test_the_index_is_served_compressed_and_cacheable_for_good(client, picker_cube_dir):
    url = occupation_index_url(Cube.open(picker_cube_dir))
    answer = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "immutable" in answer.headers["Cache-Control"]
    payload = json.loads(gzip.decompress(answer.data))
    assert payload["version"] == Cube.open(picker_cube_dir).version
    assert len(payload["uri"]) == len(Cube.open(picker_cube_dir).occupations)


def test_an_index_of_another_build_is_not_found(client):
    assert client.get("/occupation-index/20000101T000000Z-old-v1.json").status_code == 404


def test_the_page_links_the_index_of_its_cube(client, picker_cube_dir):
    layout = json.dumps(client.get("/_dash-layout").get_json())
    assert json.dumps({"url": occupation_index_url(Cube.open(picker_cube_dir)), "id": ids.OccupationPicker.INDEX}) in layout


def test_the_index_carries_pythons_normalisation():
    from dashboard.reading.resolve import browser_normalisation
    from dashboard.text import normalize_label

    tables = browser_normalisation()
    assert tables["fold"]["ß"] == "ss" and tables["fold"]["ς"] == "σ" and "a" not in tables["fold"]
    assert "\x1c" in tables["spaces"] and "\u3000" in tables["spaces"] and "\ufeff" not in tables["spaces"]
    # What the browser does with them equals normalize_label (str.lower stands in for toLowerCase).
    for text in ("Fußpfleger", "ΛΟΓΙΣΤΗΣ", "oﬃce\x1cclerk", "Ꭰ ǰ İ"):
        folded = "".join(tables["fold"].get(c, c.lower()) for c in __import__("unicodedata").normalize("NFKC", text))
        assert " ".join("".join(" " if c in tables["spaces"] else c for c in folded).split()) == normalize_label(text)


def test_search_table_lists_what_search_ranks(picker_cube_dir):
    index = Cube.open(picker_cube_dir).occupation_index
    table = index.search_table()
    assert sum(table["blocks"]) == len(table["entries"])
    labels_block = table["entries"][:table["blocks"][0]]
    assert [norm for _, norm, _ in labels_block] == sorted(norm for _, norm, _ in labels_block)
    position = {uri: i for i, uri in enumerate(table["uris"])}
    first = index.search("helper grade", limit=1)[0]
    assert (position[first["uri"]], "helper grade 00", "helper grade 00") in table["entries"]


# -- option values are short keys (issue 6: the dropdown indexes every substring of every value) --

def test_option_values_are_short_keys_that_name_their_occupation(picker_cube_dir):
    from callbacks.occupation_picker import occupation_index_payload, picker_options
    from callbacks.subject_picker import subject_of_value

    cube = Cube.open(picker_cube_dir)
    index = cube.occupation_index
    for query in ("", "assistant", "ward sister", FIXTURE + "podiatrist"):
        options, _ = picker_options(cube, query=query, group=None, selected=None)
        assert options
        for option in options:
            subject = subject_of_value(cube, option["value"])
            if subject is not None:  # issue 15: an ISCO group, a skill or all occupations, labelled as such
                assert option["label"].startswith({"isco": f"ISCO {subject.key} · ", "skill": "Skill · ",
                                                   "all": "All occupations"}[subject.kind])
                continue
            assert len(option["value"]) <= 16 and "/" not in option["value"]
            uri = index.uri_of_option_key(option["value"])
            assert option["label"].startswith(index.label(uri))
            # No URI in what the dropdown tokenises, unless one was typed.
            assert "://" not in option["search"].replace(query, "")
    payload = occupation_index_payload(cube)
    uris = [payload["uri_prefix"] + suffix for suffix in payload["uri"]]
    assert [index.uri_of_option_key(key) for key in payload["option_key"]] == uris
    assert len(set(payload["option_key"])) == len(uris) == len(cube.occupations)


def test_option_keys_depend_on_the_uri_alone():
    from dashboard.reading.resolve import option_keys

    uris = [f"{FIXTURE}{slug}" for slug, *_ in EXTRA_OCCUPATIONS]
    keys = option_keys(uris)
    assert keys == option_keys(list(reversed(uris)))
    # A cube with other occupations keeps the same key for the same URI.
    assert option_keys(uris[:3] + ["https://fixture.invalid/occupation/new"])[uris[0]] == keys[uris[0]]
    assert {len(k) for k in keys.values()} == {10}
    assert all(set(k) <= set("0123456789abcdef") for k in keys.values())


def test_colliding_option_keys_grow_until_they_differ():
    from dashboard.reading.resolve import option_keys

    uris = [f"{FIXTURE}{slug}" for slug, *_ in EXTRA_OCCUPATIONS]
    # One hex digit cannot tell 70 occupations apart: every key grows, the same way each time.
    keys = option_keys(uris, chars=1)
    assert len(set(keys.values())) == len(uris)
    assert len({len(k) for k in keys.values()}) == 1 and len(next(iter(keys.values()))) > 1
    assert keys == option_keys(list(reversed(uris)), chars=1)
    full = option_keys(uris, chars=32)
    assert all(full[uri].startswith(keys[uri]) for uri in uris)


def test_uris_sharing_a_whole_digest_fail_loudly(monkeypatch):
    from dashboard.reading import resolve
    from dashboard.errors import TaxonomyError

    monkeypatch.setattr(resolve, "_option_key_digest", lambda uri: "0" * 32)
    with pytest.raises(TaxonomyError, match="share the picker key"):
        resolve.option_keys([FIXTURE + "a", FIXTURE + "b"])
    assert resolve.option_keys([FIXTURE + "a", FIXTURE + "a"]) == {FIXTURE + "a": "0" * 10}


def test_an_index_of_the_previous_format_is_not_found(client, picker_cube_dir):
    url = occupation_index_url(Cube.open(picker_cube_dir))
    assert url.endswith("-v3.json")  # 3: ISCO groups and skills (issue 15)
    assert client.get(url.replace("-v3.json", "-v2.json")).status_code == 404


def test_clicking_the_picker_and_typing_searches(dash_duo, picker_cube_dir):
    # Dash 4 opens the list with the focus on the selected option; assets/picker.js sends the
    # typed letters to the search box, so "click, then type" works as it did (issue 12).
    from selenium.webdriver.common.action_chains import ActionChains

    start(dash_duo, picker_cube_dir)
    dash_duo.wait_for_text_to_equal(f"#{ids.Headline.OCCUPATION}", "software developer", timeout=TIMEOUT)
    dash_duo.find_element(f"#{ids.OccupationPicker.DROPDOWN}").click()
    _wait(dash_duo, lambda d: d.execute_script(SHOWN))
    ActionChains(dash_duo.driver).send_keys("ward sister").perform()
    shown = _wait(dash_duo, lambda d: (lambda s: s if s and s[0].startswith("ward manager") else False)(
        d.execute_script(SHOWN)))
    assert shown[0] == "ward manager (2221.8) — also “ward sister”"
    assert dash_duo.driver.switch_to.active_element.get_attribute("value") == "ward sister"
