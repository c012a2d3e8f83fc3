"""The breakdown's skill lists (layouts/breakdown.py): two components a skill, text stays text."""
from __future__ import annotations

import json

import pytest
from dash import html

from layouts.breakdown import NO_DESCRIPTION, skill_details, skill_group_list


def _tree(component) -> dict:
    return json.loads(json.dumps(component.to_plotly_json(), default=lambda c: c.to_plotly_json()))


def _components(node) -> list[dict]:
    if isinstance(node, dict) and "type" in node and "props" in node:
        return [node, *_components(node["props"].get("children"))]
    if isinstance(node, list):
        return [c for child in node for c in _components(child)]
    return []


@pytest.mark.parametrize(
    ("label", "description", "shown"),
    [
        ("install wiring", "Fit cables in buildings.", "Fit cables in buildings."),
        ("lead a team", "", NO_DESCRIPTION),
        ("<b>bold?</b>", "<script>alert(1)</script>", "<script>alert(1)</script>"),  # text, never markup
    ],
)
def test_a_skill_expands_to_its_description(label, description, shown):
    details = skill_details(label, description)
    assert isinstance(details, html.Details)
    summary, text = details.children
    assert isinstance(summary, html.Summary) and summary.children == label
    assert text == shown  # a plain string child: rendered as a text node
    assert getattr(details, "title", None) is None  # the description is sent once


@pytest.mark.parametrize("count", [0, 1, 170])
def test_a_group_lists_each_skill_as_two_components(count):
    skills = [{"label": f"skill {i}", "description": f"what skill {i} is"} for i in range(count)]
    tree = _tree(skill_group_list("Essential knowledge", skills, colour="#123456"))
    kinds = [c["type"] for c in _components(tree)]
    assert kinds.count("Details") == kinds.count("Summary") == count
    # Heading, swatch, outer and list containers: the rest of the group costs four components.
    assert len(kinds) == 2 * count + 4
    text = json.dumps(tree)
    assert f"Essential knowledge ({count})" in text
    assert ("None listed" in text) == (count == 0)
    assert "skill-list" in text  # assets/dashboard.css styles the summaries through this class


def test_with_tick_boxes_a_skill_is_still_two_components():
    skills = [{"label": f"skill {i}", "description": f"what skill {i} is", "key": f"k{i}"} for i in range(170)]
    tree = _tree(skill_group_list("Essential knowledge", skills, colour="#123456", group="essential_knowledge",
                                  ticked=["k3"]))
    checklist = next(c for c in _components(tree) if c["type"] == "Checklist")
    labels = [c for o in checklist["props"]["options"] for c in _components(o["label"])]
    kinds = [c["type"] for c in labels]
    assert kinds.count("Details") == kinds.count("Summary") == 170 and len(kinds) == 340
    assert checklist["props"]["value"] == ["k3"]
    assert [o["value"] for o in checklist["props"]["options"]][:2] == ["k0", "k1"]
    assert "Select all" in json.dumps(tree) and "Clear" in json.dumps(tree)
