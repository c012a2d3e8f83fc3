""""Copy link" gives the URL that restores the view the user is looking at."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from callbacks.share_link import MAX_HREF, view_link
from dashboard.reading.cube import Cube
from dashboard.view import View


@pytest.fixture(scope="module")
def cube(tiny_cube_dir) -> Cube:
    return Cube.open(tiny_cube_dir)


def a_view(cube: Cube) -> dict:
    uri = cube.occupation_index.resolve("software developer").uri
    return {"occupation": uri, "country": "DEU", "start": cube.months[0], "end": cube.months[-1],
            "measure": "per_million"}


def test_the_link_reopens_the_same_view(cube):
    view = a_view(cube)
    link = view_link("http://127.0.0.1:8050/?occupation=old&measure=jobs", view, cube=cube)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "127.0.0.1:8050", "/")
    assert parse_qs(parts.query)["measure"] == ["per_million"]  # the view's, not the stale address bar's
    restored, notices = View.from_query(cube, "?" + parts.query)
    assert notices == []
    assert restored.to_store() == view


def test_the_link_keeps_the_path_the_app_is_served_under(cube):
    link = view_link("https://jobs.example.org/atlas/?x=1", a_view(cube), cube=cube)
    assert link.startswith("https://jobs.example.org/atlas/?occupation=")


@pytest.mark.parametrize("href", [None, 12, "", "javascript:alert(1)", "file:///etc/passwd",
                                  "http://" + "a" * MAX_HREF])
def test_a_forged_address_gives_no_link(cube, href):
    assert view_link(href, a_view(cube), cube=cube) is None


@pytest.mark.parametrize("view", [None, {}, {"occupation": "https://nowhere.invalid/x"}, "text"])
def test_a_forged_view_gives_no_link(cube, view):
    assert view_link("http://127.0.0.1:8050/", view, cube=cube) is None
