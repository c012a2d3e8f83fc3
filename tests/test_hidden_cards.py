"""The occupation's cards hidden in an ISCO group's, a skill's or all occupations' view (issue 15)
are not drawn there (the available jobs' queries and the related list cost most of a view change
at 10M postings), and are drawn anew, for the view's country, when it is one occupation's again."""
from __future__ import annotations

import json

import plotly
import pytest
from dash import no_update

import app as app_module
from callbacks import available_jobs, related
from callbacks.view import next_view
from dashboard.reading.cube import Cube
from dashboard.settings import load_settings
from dashboard.view import View
from layouts import ids


def as_json(outputs: dict) -> str:
    return json.dumps(outputs, cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


@pytest.fixture(scope="module")
def served(demo_cube_dir):
    server = app_module.create_app(load_settings({"data_dir": str(demo_cube_dir)}, environ={})).server
    with server.app_context():
        yield Cube.open(demo_cube_dir)


@pytest.mark.parametrize("feature", [available_jobs, related], ids=["available_jobs", "related"])
def test_a_subject_view_leaves_the_hidden_card_alone_and_the_occupation_gets_it_back(served, feature):
    cube = served
    occupation, _ = View.from_query(cube, "")
    shown = feature.render(None, occupation)
    assert any(value is not no_update for value in shown.values())

    group = next_view(cube, occupation, trigger=ids.OccupationPicker.DROPDOWN, value="isco:2")
    group = View.from_store(cube, {**group.to_store(), "country": "DEU"})
    assert group.country == "DEU" and not group.about_one_occupation
    assert all(value is no_update for value in feature.render(occupation, group).values())

    # Back to the same occupation, now in Germany: the card follows the country.
    back = next_view(cube, group, trigger=ids.OccupationPicker.DROPDOWN,
                     value=cube.occupation_index.option_key(occupation.occupation))
    assert back.occupation == occupation.occupation and back.about_one_occupation and back.country == "DEU"
    assert as_json(feature.render(group, back)) == as_json(feature.render(None, back))
    assert as_json(feature.render(group, back)) != as_json(shown)
