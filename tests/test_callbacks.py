"""Callbacks called as plain functions (Dash 3 returns the decorated function itself).

The cube is the demo taxonomy with the hand-written postings of ``conftest.TINY_POSTINGS``:
software developers in DEU (5), FRA (1), MLT (1); nurses in FRA (2) and ITA (1); one
accountant in POL; months 2025-01 .. 2025-03.
"""
from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest
from dash import Patch, no_update

import app as app_module
from dashboard.reading.cube import Cube
from dashboard.errors import CubeNotFound
from dashboard.settings import load_settings
from helpers import dash_outputs
from layouts import ids
from dashboard.reading.subject_view import Subject
from dashboard.view import View

DEMO = "https://job-atlas.invalid/demo/occupation/"
SOFTWARE = DEMO + "software-developer"
DEMO_SKILL = "https://job-atlas.invalid/demo/skill/"
NURSE = DEMO + "nurse-responsible-for-general-care"


@pytest.fixture(scope="module")
def app(tiny_cube_dir):
    return app_module.create_app(load_settings({"data_dir": tiny_cube_dir}, environ={}))


@pytest.fixture()
def cube(app, tiny_cube_dir):
    # Callbacks find the cube through the app serving the request.
    with app.server.app_context():
        yield Cube.open(tiny_cube_dir)


def picker_key(cube: Cube, uri: str) -> str:
    """What the occupation dropdown holds for ``uri``: a short option key, not the URI (issue 6)."""
    return cube.occupation_index.option_key(uri)


class Key(str):
    """A parametrize value meaning "the option key of this URI" (the cube is a fixture)."""


def view(**changes) -> dict:
    """A view as the store holds it (:meth:`View.to_store`)."""
    base = {"occupation": SOFTWARE, "country": None, "start": "2025-01", "end": "2025-03", "measure": "jobs"}
    return {**base, **changes}


def as_view(data: dict | None) -> View | None:
    """The :class:`View` of a store dict written by hand (no cube needed: the fields are valid)."""
    if data is None:
        return None
    kind = data.get("subject")
    subject = Subject(kind, data.get(kind)) if kind in ("isco", "skill", "all") else Subject("occupation", None)
    return View(data["occupation"], data.get("country"), data.get("start"), data.get("end"),
                data.get("measure", "jobs"), tuple(data.get("skills", ())), subject)


def read_link(cube: Cube, query: str) -> tuple[dict, list[str]]:
    """A link's view as the store holds it, and its notices."""
    restored, notices = View.from_query(cube, query)
    return restored.to_store(), notices


def link_of(cube: Cube, data: dict) -> str:
    return View.from_store(cube, data).to_query(cube)


def patch_operations(patch: Patch) -> list[dict]:
    return patch.to_plotly_json()["operations"]


# -- the map sends only what changed -------------------------------------------------


def test_an_occupation_change_patches_the_map_without_geometry(cube):
    from callbacks.jobs_map import show_map

    figure = show_map(as_view(view(occupation=NURSE)))["figure"]
    assert isinstance(figure, Patch)
    text = json.dumps(figure.to_plotly_json())
    assert "geojson" not in text
    touched = {tuple(op["location"]) for op in patch_operations(figure)}
    for key in ("locations", "z", "customdata", "colorbar"):
        assert ("data", 1, key) in touched
    values = {tuple(op["location"]): op["params"]["value"] for op in patch_operations(figure)}
    jobs = dict(zip(values[("data", 1, "locations")], values[("data", 1, "z")]))
    assert jobs["FRA"] == 2 and jobs["ITA"] == 1 and jobs["DEU"] == 0


@pytest.mark.parametrize("measure, title", [("jobs", "Jobs"), ("per_million", "Jobs per million inhabitants"),
                                            ("share", "Share of the country's postings")])
def test_the_measure_recolours_the_map(cube, measure, title):
    from callbacks.jobs_map import show_map

    values = {tuple(op["location"]): op["params"]["value"] for op in patch_operations(show_map(as_view(view(measure=measure)))["figure"])}
    assert values[("data", 1, "colorbar")]["title"]["text"].startswith(title)


def test_headline_and_table_follow_occupation_and_period(cube):
    from callbacks.jobs_map import show_map

    out = show_map(as_view(view(start="2025-01", end="2025-01")))
    config, table, label, detail = out["config"], out["table_rows"], out["title"], out["detail"]
    jobs, countries, period = out["jobs"], out["countries"], out["period"]
    assert out["period_label"] == period
    assert (label, jobs, countries) == ("software developer", "4", "2")
    assert period == "Jan 2025"
    assert "2512.4" in detail
    assert config["toImageButtonOptions"]["filename"] == "jobs-map_software-developer_2025-01_2025-01"
    assert config["topojsonURL"] == "/topojson/"
    # Countries with postings data in January only, most jobs first.
    assert [row["iso3"] for row in table] == ["DEU", "FRA"]


def test_the_headline_names_what_it_counts(cube):
    """An occupation's map counts jobs ("1 job" for one); a skill's counts the postings asking for it."""
    from callbacks.jobs_map import show_map
    from dashboard.reading import subject_view

    out = show_map(as_view(view()))
    assert (out["jobs_label"], out["countries_label"]) == ("jobs", "countries with jobs")
    python = Subject("skill", DEMO_SKILL + "python")
    totals = subject_view.totals(cube, python, start="2025-01", end="2025-03")
    skill = show_map(as_view(view(subject="skill", skill=python.key)))
    assert skill["jobs"] == f"{totals['jobs_total']:,}" and totals["jobs_total"] > 1
    assert skill["jobs_label"] == "postings asking for it"
    assert skill["countries_label"] == ("country with such postings" if totals["countries_with_jobs"] == 1
                                        else "countries with such postings")
    text = " ".join(s if isinstance(s, str) else str(s.children)
                    for s in panel(view(subject="skill", skill=python.key, country="DEU"))[ids.CountryPanel.STATS, "children"])
    deu = subject_view.by_country(cube, python, start="2025-01", end="2025-03").set_index("iso3").loc["DEU", "jobs"]
    assert f"{int(deu):,} postings asking for it" in text and " jobs" not in text



@pytest.mark.parametrize("measure, title", [("jobs", "Postings asking for it"),
                                            ("per_million", "Postings asking for it per million inhabitants"),
                                            ("share", "Share of the country's postings")])
def test_a_skill_map_names_its_counts_in_the_colour_bar_and_hover(cube, measure, title):
    """A skill's map counts postings asking for it, not jobs: the colour bar and the hover say so."""
    from callbacks.jobs_map import show_map

    python = Subject("skill", DEMO_SKILL + "python")
    figure = show_map(as_view(view(subject="skill", skill=python.key, measure=measure)))["figure"]
    values = {tuple(op["location"]): op["params"]["value"] for op in patch_operations(figure)}
    assert values[("data", 1, "colorbar")]["title"]["text"].startswith(title)
    hover = values[("data", 1, "hovertemplate")]
    assert "Postings asking for it: %{customdata[1]}" in hover and "Jobs" not in hover
    occupation = {tuple(op["location"]): op["params"]["value"]
                  for op in patch_operations(show_map(as_view(view(measure=measure)))["figure"])}
    assert "Jobs: %{customdata[1]}" in occupation[("data", 1, "hovertemplate")]


@pytest.mark.parametrize("n, kind, text, noun, countries", [
    (1, None, "1 job", "job", "country with jobs"), (1234, None, "1,234 jobs", "jobs", "countries with jobs"),
    (1, "skill", "1 posting asking for it", "posting asking for it", "country with such postings"),
    (2, "isco", "2 jobs", "jobs", "countries with jobs"),
])
def test_counts_are_worded_for_their_number_and_subject(n, kind, text, noun, countries):
    from dashboard.reading import subject_view

    assert subject_view.counted(n, kind) == text
    assert subject_view.count_noun(n, kind) == noun
    assert subject_view.countries_noun(n, kind) == countries


def test_an_occupation_without_postings_says_so_on_the_map(cube):
    from callbacks.jobs_map import show_map

    figure = show_map(as_view(view(occupation=DEMO + "bricklayer")))["figure"]
    values = {tuple(op["location"]): op["params"]["value"] for op in patch_operations(figure)}
    assert "No postings for bricklayer" in values[("layout", "annotations")][0]["text"]


# -- the country panel ----------------------------------------------------------------


def panel(view_: dict) -> dict:
    """The country panel's outputs by (component id, property)."""
    from callbacks.country_panel import OUTPUTS, show_country

    return {OUTPUTS[name]: value for name, value in show_country(as_view(view_)).items()}


def test_a_country_shows_its_jobs_rank_trend_and_skills(cube):
    part = panel(view(country="DEU"))
    title, stats = part[ids.CountryPanel.TITLE, "children"], part[ids.CountryPanel.STATS, "children"]
    skills, skills_config = part[ids.Skills.GRAPH, "figure"], part[ids.Skills.GRAPH, "config"]
    trend = part[ids.CountryPanel.TREND_GRAPH, "figure"]
    assert part[ids.Skills.GRAPH_BOX, "hidden"] is False and part[ids.Skills.PROFILE, "children"] == []
    # Plain figure dicts travel to the browser; go.Figure validates them here.
    assert isinstance(skills, dict) and isinstance(trend, dict)
    skills, trend = go.Figure(skills), go.Figure(trend)
    assert title == "Germany"
    text = " ".join(s if isinstance(s, str) else s.children for s in stats)
    assert "5 jobs" in text and "1st of 3 countries with jobs" in text
    assert skills.layout.title.text == "Skills asked for in Germany"
    labels = list(skills.layout.yaxis.ticktext)
    assert labels[0] == "Python"  # 3 of Germany's 5 postings ask for it
    assert skills_config["toImageButtonOptions"]["filename"].startswith("skill-demand_software-developer_deu")
    assert [int(y) for y in trend.data[0].y] == [3, 2, 0]


@pytest.mark.parametrize(
    "country, expected",
    [
        (None, "7 jobs"),
        ("ITA", "No software developer jobs here"),  # postings data, but none for this occupation
        ("ESP", "No postings data"),  # no postings at all
    ],
)
def test_country_panel_states(cube, country, expected):
    stats = panel(view(country=country))[ids.CountryPanel.STATS, "children"]
    text = " ".join(s if isinstance(s, str) else str(s.children) for s in stats)
    assert expected in text


def test_skills_for_all_countries_when_none_is_selected(cube):
    part = panel(view())
    title, skills = part[ids.CountryPanel.TITLE, "children"], go.Figure(part[ids.Skills.GRAPH, "figure"])
    assert title == "All countries"
    assert skills.layout.title.text == "Skills asked for in all countries"


def test_without_skill_mentions_the_panel_says_so_and_shows_the_profile_not_an_empty_chart(cube):
    # Issue 16: nurses' postings in the tiny cube name no skills.
    part = panel(view(occupation=NURSE, country="FRA"))
    assert part[ids.Skills.GRAPH_BOX, "hidden"] is True
    line, listed, *_ = part[ids.Skills.PROFILE, "children"]
    assert line.children.startswith("No skills recorded in") and "ESCO profile" in line.children
    profile = [item.children[0] for item in listed.children]
    relations = [item.children[1].children for item in listed.children]
    assert profile and all("essential" in r for r in relations[:1])
    ranks = [0 if "essential" in r else 1 for r in relations]
    assert ranks == sorted(ranks)  # essential first


# -- the view: URL, controls, map clicks -----------------------------------------------


@pytest.mark.parametrize(
    "trigger, value, start, expected",
    [
        (ids.Map.GRAPH, {"points": [{"location": "FRA"}]}, None, "FRA"),
        (ids.Map.GRAPH, {"points": [{"location": "FRA"}]}, "FRA", None),  # clicking it again clears
        (ids.Map.GRAPH, {"points": [{"location": "FRA"}]}, "DEU", "FRA"),
        (ids.Map.GRAPH, {"points": [{}]}, "DEU", "DEU"),
        (ids.CountryPanel.DROPDOWN, "MLT", None, "MLT"),
        (ids.CountryPanel.DROPDOWN, None, "MLT", None),
        (ids.CountryPanel.DROPDOWN, "NOPE", "MLT", None),
        (ids.CountryPanel.CLEAR, 1, "DEU", None),
    ],
)
def test_country_selection(cube, trigger, value, start, expected):
    from callbacks.view import next_view

    assert next_view(cube, as_view(view(country=start)), trigger=trigger, value=value).country == expected


@pytest.mark.parametrize(
    "trigger, value, key, expected",
    [
        (ids.Controls.PERIOD_SLIDER, [1, 2], ("start", "end"), ("2025-02", "2025-03")),
        (ids.Controls.PERIOD_SLIDER, [2, 0], ("start", "end"), ("2025-01", "2025-03")),
        (ids.Controls.MEASURE_RADIO, "share", ("measure",), ("share",)),
        (ids.Controls.MEASURE_RADIO, "density", ("measure",), ("jobs",)),
        (ids.OccupationPicker.DROPDOWN, Key(NURSE), ("occupation",), (NURSE,)),
        # A page loaded before option keys still holds URIs.
        (ids.OccupationPicker.DROPDOWN, NURSE, ("occupation",), (NURSE,)),
        (ids.OccupationPicker.DROPDOWN, None, ("occupation",), (SOFTWARE,)),
        (ids.OccupationPicker.DROPDOWN, DEMO + "astronaut", ("occupation",), (SOFTWARE,)),
        (ids.OccupationPicker.DROPDOWN, "0123456789", ("occupation",), (SOFTWARE,)),  # unknown key
        (ids.OccupationPicker.DROPDOWN, ["4aa1a68a2d"], ("occupation",), (SOFTWARE,)),
    ],
)
def test_controls_change_the_view(cube, trigger, value, key, expected):
    from callbacks.view import next_view

    value = picker_key(cube, value) if isinstance(value, Key) else value
    new = next_view(cube, as_view(view()), trigger=trigger, value=value)
    assert tuple(getattr(new, k) for k in key) == expected


def test_a_deep_link_restores_the_view_and_round_trips(cube):
    link = "?occupation=2221.1&country=FRA&from=2025-02&to=2025-03&measure=per_million"
    restored, notices = read_link(cube, link)
    assert restored == {"occupation": NURSE, "country": "FRA", "start": "2025-02", "end": "2025-03",
                        "measure": "per_million"}
    assert notices == []
    assert link_of(cube, restored) == link


@pytest.mark.parametrize(
    "query, field, notice",
    [
        ("?occupation=astronaut", "occupation", "“astronaut” is not an occupation"),
        ("?country=Atlantis", "country", "“Atlantis” is not a country"),
        ("?from=2025-13", "start", "not a month"),
        ("?from=2025-03&to=2025-01", "start", "starts (2025-03) after it ends (2025-01)"),
        ("?measure=density", "measure", "“density” is unknown"),
    ],
)
def test_invalid_link_parameters_fall_back_with_a_notice(cube, query, field, notice):
    restored, notices = read_link(cube, query)
    assert restored[field] == View.default(cube).to_store()[field]
    assert len(notices) == 1 and notice in notices[0]


@pytest.mark.parametrize(
    "query, field, expected",
    [
        # Every expected value differs from the default view, so an ignored parameter fails.
        ("?occupation=registered%20nurse", "occupation", NURSE),
        ("?occupation=" + NURSE, "occupation", NURSE),
        ("?occupation=2221.1", "occupation", NURSE),
        ("?country=de", "country", "DEU"),
        ("?to=2024-06", "end", "2025-01"),  # before the data: clipped to its first month
        ("?from=2026-06", "start", "2025-03"),  # after the data: clipped to its last month
    ],
)
def test_links_accept_labels_uris_codes_and_clip_months(cube, query, field, expected):
    assert View.default(cube).to_store()[field] != expected
    restored, _ = read_link(cube, query)
    assert restored[field] == expected


def test_a_link_without_parameters_opens_the_occupation_with_most_jobs(cube):
    assert View.default(cube).to_store() == view()


def test_opening_a_link_sets_every_control_and_the_picker_options(cube):
    from callbacks.view import sync_view

    out = sync_view(cube, ids.Page.URL, search="?occupation=nurse&country=FR&measure=share",
                    occupation=picker_key(cube, SOFTWARE), country=None, click_data=None, clear_clicks=0,
                    period=[0, 2], measure="jobs", current=view()).outputs
    store, search, occupation, options = out["store"], out["search"], out["picker_value"], out["picker_options"]
    country, period, measure, notice, notice_open = (out[k] for k in ("country", "period", "measure", "notice",
                                                                      "notice_open"))
    assert store == view(occupation=NURSE, country="FRA", measure="share")
    assert search == "?occupation=2221.1&country=FRA&from=2025-01&to=2025-03&measure=share"
    # The dropdown gets the nurse's key (the store and the URL keep the URI) and an option for it.
    assert occupation == picker_key(cube, NURSE) and occupation in [o["value"] for o in options]
    assert (country, period, measure) == ("FRA", no_update, "share")
    assert (notice, notice_open) == ("", False)


def test_sync_view_hands_on_the_views_the_answer_renders_from(cube):
    """answer() renders from the two Views sync_view decided, without reading the store again
    (issue 13): they are the Views the old and the new store describe."""
    from callbacks.view import sync_view
    from dashboard.view import View

    synced = sync_view(cube, ids.Map.GRAPH, search=link_of(cube, view()), occupation=picker_key(cube, SOFTWARE),
                       country=None, click_data={"points": [{"location": "MLT"}]}, clear_clicks=0, period=[0, 2],
                       measure="jobs", current=view())
    assert synced.previous == View.from_store(cube, view()) and synced.previous.country is None
    assert synced.view == View.from_store(cube, synced.outputs["store"]) and synced.view.country == "MLT"


def test_a_bad_link_shows_a_notice_and_keeps_it_on_the_urls_echo(cube):
    from callbacks.view import sync_view

    kwargs = dict(occupation=picker_key(cube, SOFTWARE), country=None, click_data=None, clear_clicks=0,
                  period=[0, 2], measure="jobs")
    first = sync_view(cube, ids.Page.URL, search="?country=Atlantis", current=None, **kwargs).outputs
    assert first["notice_open"] is True and "Atlantis" in first["notice"]
    echo = sync_view(cube, ids.Page.URL, search=first["search"], current=first["store"], **kwargs).outputs
    assert echo["notice_open"] is no_update and echo["store"] is no_update


def test_a_map_click_updates_store_url_and_country_dropdown(cube):
    from callbacks.view import sync_view

    out = sync_view(cube, ids.Map.GRAPH, search=link_of(cube, view()), occupation=picker_key(cube, SOFTWARE),
                    country=None,
                    click_data={"points": [{"location": "MLT"}]}, clear_clicks=0, period=[0, 2], measure="jobs",
                    current=view()).outputs
    assert out["store"]["country"] == "MLT" and "country=MLT" in out["search"] and out["country"] == "MLT"
    assert out["picker_value"] is no_update and out["picker_options"] is no_update  # the occupation did not change


# -- one request per interaction renders only what changed -------------------------------


def rendered_parts(answer: dict) -> dict[str, list]:
    """Each feature's outputs, by the short names the cases below use."""
    names = {"map": "map", "country": "country_panel", "breakdown": "breakdown", "about": "occupation_about",
             "selection": "skill_selection", "subject": "subject", "jobs": "available_jobs",
             "related": "related"}
    assert set(answer) == set(names.values())
    return {short: list(answer[feature].values()) for short, feature in names.items()}


@pytest.mark.parametrize(
    "previous, change, expected",
    [
        # first render of the page
        (None, {}, {"map": "all", "country": "all", "breakdown": "all", "about": "all", "selection": "all",
                    "subject": "all", "jobs": "all", "related": "all"}),
        (view(), {"occupation": NURSE},
         {"map": "all", "country": "all", "breakdown": "all", "about": "all", "selection": "all", "subject": "none", "jobs": "all", "related": "all"}),
        (view(), {"country": "DEU"},  # skills to learn next follow the country
         {"map": "outline", "country": "all", "breakdown": "none", "about": "none", "selection": "all", "subject": "none", "jobs": "all", "related": "all"}),
        (view(), {"measure": "share"},
         {"map": "all", "country": "none", "breakdown": "none", "about": "none", "selection": "none", "subject": "none", "jobs": "none", "related": "none"}),
        (view(), {"start": "2025-02"},
         {"map": "all", "country": "all", "breakdown": "none", "about": "none", "selection": "all", "subject": "none", "jobs": "all", "related": "all"}),
        (view(), {}, {"map": "none", "country": "none", "breakdown": "none", "about": "none", "selection": "none", "subject": "none", "jobs": "none", "related": "none"}),
        # A tick changes the summary and the order of the jobs; a link changing the selection redraws the tick boxes too.
        (view(), {"skills": [DEMO_SKILL + "python"], "ticked": True},
         {"map": "none", "country": "none", "breakdown": "none", "about": "none", "selection": "all", "subject": "none", "jobs": "all", "related": "all"}),
        (view(), {"skills": [DEMO_SKILL + "python"]},
         {"map": "none", "country": "none", "breakdown": "all", "about": "none", "selection": "all", "subject": "none", "jobs": "all", "related": "all"}),
        # Issue 15: another subject re-renders the map and the panel and hides the occupation's cards.
        (view(), {"subject": "isco", "isco": "2512"}, {"map": "all", "country": "some", "breakdown": "none",
                                                        "about": "none", "selection": "none", "subject": "all",
                                                        "jobs": "none", "related": "none"}),
        (view(subject="all"), {"subject": "all", "country": "DEU"}, {"map": "outline", "country": "some",
                                                                     "breakdown": "none", "about": "none",
                                                                     "selection": "all", "subject": "none",
                                                                     # hidden in this view: not drawn (issue 15)
                                                                     "jobs": "none", "related": "none"}),
    ],
)
def test_a_view_change_renders_only_the_parts_it_affects(cube, previous, change, expected):
    from callbacks.view import render_changes

    change = dict(change)
    ticked = change.pop("ticked", False)
    parts = rendered_parts(render_changes(as_view(previous), as_view(view(**change)), ticked=ticked))
    for name, values in parts.items():
        sent = [v is not no_update for v in values]
        if expected[name] == "all":
            assert all(sent), name
        elif expected[name] == "none":
            assert not any(sent), name
        elif expected[name] == "some":  # a subject's panel keeps the occupation's skill chart as it was
            assert any(sent), name
        else:  # a country click: the map patch touches only the data trace's outlines
            assert sent == [True] + [False] * (len(values) - 1)
            (operation,) = patch_operations(values[0])
            assert operation["location"] == ["data", 1, "marker"]


def test_an_occupation_change_is_one_request_with_every_part(app, tiny_cube_dir):
    from callbacks import available_jobs, breakdown, country_panel, jobs_map, occupation_about, skill_selection

    client = app.server.test_client()
    spec = next(d for d in client.get("/_dash-dependencies").get_json()
                if d["output"].startswith(f"..{ids.ViewStore.STORE}.data..."))
    outputs = dash_outputs(spec["output"])
    values = {ids.Page.URL: "", ids.OccupationPicker.DROPDOWN: Cube.open(tiny_cube_dir).occupation_index.option_key(NURSE),
              ids.CountryPanel.DROPDOWN: None, ids.Map.GRAPH: None,
              ids.CountryPanel.CLEAR: 0, ids.Controls.PERIOD_SLIDER: [0, 2], ids.Controls.MEASURE_RADIO: "jobs"}
    # The tick boxes are a pattern-matching input: none on the page yet (an empty list).
    inputs = [{"id": i["id"], "property": i["property"], "value": values[i["id"]]} if i["id"] in values else []
              for i in spec["inputs"]]
    body = {"output": spec["output"], "outputs": outputs, "inputs": inputs,
            "state": [{"id": ids.ViewStore.STORE, "property": "data", "value": view()}],
            "changedPropIds": [f"{ids.OccupationPicker.DROPDOWN}.value"]}
    answer = client.post("/_dash-update-component", json=body)
    assert answer.status_code == 200
    response = answer.get_json()["response"]
    assert response[ids.ViewStore.STORE]["data"]["occupation"] == NURSE
    for feature in (jobs_map, country_panel, breakdown, occupation_about, skill_selection, available_jobs):
        for name, (component, prop) in feature.OUTPUTS.items():
            assert prop in response.get(component, {}), (feature.__name__, name)
    assert response[ids.Skills.GRAPH]["figure"]["layout"]["title"]["text"] == "Skills asked for in all countries"


# -- the occupation picker -------------------------------------------------------------


# What the picker lists for what is typed is one table, tests/picker_cases.py, checked in Python
# and in the browser by tests/test_picker_client.py; here only the ISCO browser's callbacks.


@pytest.mark.parametrize("levels, group", [((None, None, None, None), None), (("2", None, None, None), "2"),
                                           (("2", "25", "251", None), "251"), (("2", "25", "251", "2512"), "2512")])
def test_isco_prefix(levels, group):
    from callbacks.occupation_picker import isco_prefix

    assert isco_prefix(*levels) == group


def test_isco_cascade_lists_children_and_clears_the_lower_choice(cube):
    from callbacks.occupation_picker import _narrow

    options, value = _narrow(1)("2")
    assert value is None
    assert all(o["value"].startswith("2") and len(o["value"]) == 2 for o in options) and options
    assert _narrow(2)(None) == ([], None)


# -- the skill breakdown ---------------------------------------------------------------


def test_the_breakdown_lists_skills_under_the_four_groups(cube):
    from callbacks.breakdown import show_breakdown

    figure, config, lists = show_breakdown(SOFTWARE).values()
    figure = go.Figure(figure)
    assert list(figure.data[0].x) == [2, 3, 4, 2]
    text = json.dumps(lists.to_plotly_json(), default=lambda c: c.to_plotly_json())
    for heading in ("Essential knowledge (2)", "Essential skill/competence (3)", "Optional knowledge (4)",
                    "Optional skill/competence (2)"):
        assert heading in text
    assert "Details" in text and "Summary" in text  # descriptions on expand
    assert config["toImageButtonOptions"]["filename"] == "skill-breakdown_software-developer"


def test_callback_answers_are_serialised_by_the_json_engine(monkeypatch):
    """Dash encodes answers with plotly's to_json_plotly; its orjson engine cannot encode Dash
    components and re-encodes after a slow cleaning pass (issue 6), so the app uses json."""
    import plotly.io as pio

    monkeypatch.setattr(pio.json.config, "default_engine", "auto")
    app_module.create_app(load_settings({}))
    assert pio.json.config.default_engine == "json"


# -- the page and start-up --------------------------------------------------------------


def test_the_page_carries_the_geometry_once_by_url_and_the_demo_banner(app, tiny_cube_dir):
    with app.server.test_request_context():
        page = json.dumps(app.layout().to_plotly_json(), default=lambda c: c.to_plotly_json())
    assert "Demo data \\u2014 generated, not real postings" in page or "Demo data — generated, not real postings" in page
    assert page.count("/geo/countries.geojson") == 3  # base, data and pay-grey trace reference one file
    assert '"type": "FeatureCollection"' not in page


def test_the_page_opens_with_the_picker_holding_the_occupations_key(app, tiny_cube_dir):
    """The dropdown holds a short key (issue 6); the deep link and the store hold the URI."""
    with app.server.test_request_context("/"):
        page = app.layout().to_plotly_json()
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == ids.OccupationPicker.DROPDOWN:
                found.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)
        elif hasattr(node, "to_plotly_json"):
            walk(node.to_plotly_json())

    walk(page)
    (props,) = found
    cube = Cube.open(tiny_cube_dir)
    key = cube.occupation_index.option_key(cube.default_occupation)
    assert props["value"] == key and [o["value"] for o in props["options"]] == [key]
    assert len(key) <= 16 and cube.occupation_index.uri_of_option_key(key) == cube.default_occupation


def test_the_geometry_and_topology_are_served_locally(app):
    client = app.server.test_client()
    assert client.get("/geo/countries.geojson").json["type"] == "FeatureCollection"
    assert client.get("/topojson/world_110m.json").status_code == 200


def test_a_missing_cube_in_another_folder_is_an_error(tmp_path):
    with pytest.raises(CubeNotFound, match="python -m dashboard build"):
        app_module.ensure_cube(load_settings({"data_dir": tmp_path / "empty"}, environ={}))


def test_a_fresh_clone_builds_the_demo_into_the_default_folder(tmp_path, monkeypatch):
    from dashboard.building import build
    from dashboard import paths

    built = []

    def fake_build(*, data_dir, progress):
        built.append(data_dir)
        (data_dir / "CURRENT").write_text("v1\n")

    default = tmp_path / "cube"
    default.mkdir()
    monkeypatch.setattr(paths, "DEFAULT_DATA_DIR", default)
    monkeypatch.setattr(build, "build", fake_build)
    app_module.ensure_cube(load_settings({"data_dir": default}, environ={}))
    assert built == [default.resolve()]


# -- skills selected (issue 14, point 2) ---------------------------------------------------

def _ticks(*keys_per_group) -> list[list[str]]:
    return [list(group) for group in keys_per_group]


def test_ticking_skills_puts_them_in_the_view_and_the_url(cube):
    from callbacks.view import sync_view

    kwargs = dict(occupation=picker_key(cube, SOFTWARE), country=None, click_data=None, clear_clicks=0,
                  period=[0, 2], measure="jobs")
    out = sync_view(cube, ids.SkillSelection.TICKS, search=link_of(cube, view()), current=view(),
                    ticks=_ticks(["java"], [], ["python"], []), **kwargs).outputs
    store, search = out["store"], out["search"]
    assert store["skills"] == [DEMO_SKILL + "java", DEMO_SKILL + "python"]
    assert search.endswith("&skills=java,python")
    # Unticking one keeps the other; unticking both leaves no selection in the view or the link.
    out = sync_view(cube, ids.SkillSelection.TICKS, search=search, current=store, ticks=_ticks([], [], ["python"], []), **kwargs).outputs
    assert out["store"]["skills"] == [DEMO_SKILL + "python"]
    out = sync_view(cube, ids.SkillSelection.TICKS, search=out["search"], current=out["store"], ticks=_ticks([], [], [], []),
                    **kwargs).outputs
    assert "skills" not in out["store"] and "skills=" not in out["search"]


def test_the_selection_survives_an_occupation_change_and_keeps_other_skills(cube):
    from callbacks.skill_selection import selection_after_ticks
    from callbacks.view import next_view

    chosen = view(skills=[DEMO_SKILL + "python", DEMO_SKILL + "administer-medication"])
    nurse = next_view(cube, as_view(chosen), trigger=ids.OccupationPicker.DROPDOWN, value=picker_key(cube, NURSE))
    assert nurse.occupation == NURSE and list(nurse.skills) == chosen["skills"]
    # Ticks on the software developer's boxes leave the nurse's skill alone.
    assert selection_after_ticks(cube, as_view(chosen), _ticks(["java"], [], [], [])) == [
        DEMO_SKILL + "administer-medication", DEMO_SKILL + "java"]


def test_the_summary_counts_the_occupations_skills_and_each_group(cube):
    from callbacks.skill_selection import show_selection

    body = show_selection(as_view(view(skills=[DEMO_SKILL + "java", DEMO_SKILL + "python", DEMO_SKILL + "accounting"])))["summary"]
    text = json.dumps([c.to_plotly_json() for c in body], default=lambda c: c.to_plotly_json(), ensure_ascii=False)
    assert "11 skills are associated with this occupation · 2 selected" in text
    assert ("1 of 2 essential knowledge · 0 of 3 essential skills/competences · 1 of 4 optional knowledge"
            " · 0 of 2 optional skills/competences") in text
    assert "1 more selected skill of other occupations" in text


def test_the_breakdown_ticks_the_selected_skills(cube):
    from callbacks.breakdown import show_breakdown

    lists = show_breakdown(SOFTWARE, [DEMO_SKILL + "java", DEMO_SKILL + "sql"])["lists"]
    tree = json.loads(json.dumps(lists.to_plotly_json(), default=lambda c: c.to_plotly_json()))
    checklists = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Checklist":
                checklists.append(node["props"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(tree)
    values = {c["id"]["group"]: c["value"] for c in checklists}
    assert values == {"essential_knowledge": ["java"], "essential_skill": [], "optional_knowledge": ["sql"],
                      "optional_skill": []}
    options = {c["id"]["group"]: [o["value"] for o in c["options"]] for c in checklists}
    assert options["essential_knowledge"] == ["computer-programming", "java"]


@pytest.mark.parametrize("query, skills, notice", [
    ("?skills=java,python", ["java", "python"], None),
    ("?skills=Java|work%20in%20a%20team", ["java", "work-in-a-team"], None),  # labels, as typed
    ("?skills=" + DEMO_SKILL + "sql", ["sql"], None),  # a URI
    ("?skills=java,astrology", ["java"], "“astrology” is not a skill in this data: 1 selected skill kept."),
    ("?skills=astrology", None, "“astrology” is not a skill in this data: 0 selected skills kept."),
])
def test_a_link_restores_the_selection_and_names_unknown_skills(cube, query, skills, notice):
    restored, notices = read_link(cube, query)
    assert restored.get("skills") == (None if skills is None else [DEMO_SKILL + s for s in skills])
    assert notices == ([notice] if notice else [])


def test_a_selection_is_bounded(cube, monkeypatch):
    from dashboard.reading import skill_selection

    monkeypatch.setattr(skill_selection, "MAX_SELECTED", 2)
    restored, notices = read_link(cube, "?skills=java,python,sql")
    assert restored["skills"] == [DEMO_SKILL + "java", DEMO_SKILL + "python"]
    assert notices == ["A selection holds at most 2 skills: 1 left out."]


def test_copy_link_carries_the_selection(cube):
    from callbacks.share_link import view_link

    link = view_link("http://localhost:8050/?occupation=x", view(skills=[DEMO_SKILL + "sql"]), cube=cube)
    assert link.endswith("&skills=sql")
    restored, _ = read_link(cube, link.split("?", 1)[1])
    assert restored["skills"] == [DEMO_SKILL + "sql"]


def test_skills_to_learn_next_are_the_most_asked_for_not_selected(cube):
    from callbacks.skill_selection import show_selection

    # conftest.TINY_POSTINGS: software developers in Germany ask for python (3 of 5), java (2 of 5) and
    # "work in a team" (1 of 5).
    body = show_selection(as_view(view(country="DEU", skills=[DEMO_SKILL + "python"])))["summary"]
    text = json.dumps([c.to_plotly_json() for c in body], default=lambda c: c.to_plotly_json(), ensure_ascii=False)
    assert "Skills to learn next (Germany, Jan 2025 – Mar 2025): " in text
    assert "Java (40%) · work in a team (20%)" in text and "Python" not in text
    body = show_selection(as_view(view(country="MLT", skills=[DEMO_SKILL + "python"])))["summary"]  # Malta's one ad asks for python only
    text = json.dumps([c.to_plotly_json() for c in body], default=lambda c: c.to_plotly_json(), ensure_ascii=False)
    assert "you have selected every skill its postings ask for" in text


@pytest.mark.parametrize("function, expected", [
    ("callbacks.view:update_view", {"search": ids.Page.URL, "occupation": ids.OccupationPicker.DROPDOWN,
                                    "country": ids.CountryPanel.DROPDOWN, "click_data": ids.Map.GRAPH,
                                    "clear_clicks": ids.CountryPanel.CLEAR, "period": ids.Controls.PERIOD_SLIDER,
                                    "measure": ids.Controls.MEASURE_RADIO, "current": ids.ViewStore.STORE}),
    ("callbacks.available_jobs:turn_page", {"previous_clicks": ids.AvailableJobs.PREVIOUS,
                                            "next_clicks": ids.AvailableJobs.NEXT, "page": ids.AvailableJobs.PAGE,
                                            "view": ids.ViewStore.STORE}),
])
def test_the_main_callbacks_take_their_inputs_by_name(function, expected):
    """Issue 13: each input is declared under its parameter's name, so Dash calls with keywords and
    reordering the declaration cannot feed one control's value to another's parameter."""
    import importlib
    import inspect

    from callbacks import registry

    module, name = function.split(":")
    target = getattr(importlib.import_module(module), name)
    (kwargs,) = [kw for kind, fn, _, kw in registry._DECLARED if fn is target]
    inputs = kwargs["inputs"]
    assert list(inputs) == list(inspect.signature(target).parameters)
    for parameter, component in expected.items():
        assert inputs[parameter].component_id == component, parameter
