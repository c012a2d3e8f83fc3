"""``python -m dashboard related`` and ``export --chart related`` (issue 14, point 5) on the demo cube.

Every expected number comes from :func:`dashboard.reading.related.related_in` for the same inputs
or is recounted here from the cube's own occupation-skill table, never copied from the output.
"""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from dashboard.cli import main
from dashboard.reading.cube import Cube
from dashboard.reading.related import related_in
from helpers import run_cli

SOFTWARE = "software developer"
NURSE = "nurse responsible for general care"
#: The contract's keys (DESIGN.md "Additions"), in order; new keys may follow.
OBJECT_KEYS = ["occupation", "known_skills", "related"]
RELATED_KEYS = ["uri", "label", "code", "isco_group", "score", "essential_have", "essential_of",
                "optional_have", "optional_of", "to_learn", "jobs"]


@pytest.fixture(scope="module")
def cube(demo_cube_dir):
    return Cube.open(demo_cube_dir)


@pytest.fixture
def related(demo_cube_dir, capsys):
    """``related ARGS`` in this process: (exit code, stdout, stderr)."""
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["related", "--data-dir", str(demo_cube_dir), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return run


def _json(related, *args):
    code, out, err = related(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def _uri(cube, label):
    return cube.occupation_index.resolve_or_raise(label)


def _skills_of(cube, uri, relation):
    table = cube.occupation_skills
    return set(table.loc[(table["occupation_uri"] == uri) & (table["relation"] == relation), "skill_uri"])


def test_one_object_per_occupation_in_the_order_given_with_the_contract_keys(related, cube):
    data = _json(related, "--occupation", NURSE, "--occupation", "2512.4", "--occupation", NURSE)
    assert [d["occupation"]["uri"] for d in data] == [_uri(cube, NURSE), _uri(cube, SOFTWARE), _uri(cube, NURSE)]
    first = data[1]
    assert list(first)[:3] == OBJECT_KEYS and "unknown" in first
    assert first["occupation"] == {"uri": _uri(cube, SOFTWARE), "label": SOFTWARE, "code": "2512.4"}
    assert first["known_skills"] == "occupation"
    assert len(first["related"]) == len(related_in(cube, _uri(cube, SOFTWARE)).items)  # all 6 (fewer than ten)
    for item in first["related"]:
        assert list(item)[:len(RELATED_KEYS)] == RELATED_KEYS
        assert 0 <= item["score"] <= 1
        assert all(list(skill) == ["uri", "label"] for skill in item["to_learn"])
    scores = [r["score"] for r in first["related"]]
    assert scores == sorted(scores, reverse=True)


def test_limit_defaults_to_ten(related, cube):
    listed = len(related_in(cube, _uri(cube, "bricklayer")).items)
    assert listed > 10
    assert [len(d["related"]) for d in _json(related, "--occupation", "bricklayer")] == [10]
    assert [len(d["related"]) for d in _json(related, "--occupation", "bricklayer", "--limit", "50")] == [listed]


def test_the_numbers_are_related_ins_for_the_same_inputs(related, cube):
    me = _uri(cube, SOFTWARE)
    (data,) = _json(related, "--occupation", SOFTWARE, "--country", "DE", "--from", "2025-01", "--to", "2025-06",
                    "--limit", "5")
    expected = related_in(cube, me, iso3="DEU", start="2025-01", end="2025-06").items[:5]
    assert len(data["related"]) == 5
    assert [(r["uri"], r["label"], r["code"], r["score"], r["essential_have"], r["essential_of"], r["jobs"],
             [s["uri"] for s in r["to_learn"]]) for r in data["related"]] == \
        [(i.uri, i.label, i.code, i.score, i.have, i.essential, i.jobs, [s.uri for s in i.to_learn]) for i in expected]
    # Jobs depend on the country and the period: everywhere there are more.
    (everywhere,) = _json(related, "--occupation", SOFTWARE, "--limit", "5")
    assert sum(r["jobs"] for r in everywhere["related"]) > sum(r["jobs"] for r in data["related"])
    # Counted as had without --skills: my own essential skills; optional ones recounted from the taxonomy.
    mine = _skills_of(cube, me, "essential")
    for item in data["related"]:
        essential = _skills_of(cube, item["uri"], "essential")
        optional = _skills_of(cube, item["uri"], "optional")
        assert (item["essential_have"], item["essential_of"]) == (len(essential & mine), len(essential))
        assert (item["optional_have"], item["optional_of"]) == (len(optional & mine), len(optional))
        assert item["isco_group"] == cube.occupation_facts[item["uri"]].isco_group


def test_skills_make_the_selection_what_is_known_and_an_unknown_one_is_listed(related, cube):
    me = _uri(cube, SOFTWARE)
    (plain,) = _json(related, "--occupation", SOFTWARE)
    target = plain["related"][0]["uri"]
    essential, optional = sorted(_skills_of(cube, target, "essential")), sorted(_skills_of(cube, target, "optional"))
    ticked = [essential[0], optional[0]]
    label = cube.skill_facts[essential[1]][0]  # a skill typed by its label resolves too
    (data,) = _json(related, "--occupation", SOFTWARE, "--skills", f"{ticked[0]}|{ticked[1]}|{label}|no such skill xyz")
    assert data["known_skills"] == "selected"
    assert data["unknown"] == ["no such skill xyz"]
    item = next(r for r in data["related"] if r["uri"] == target)
    assert (item["essential_have"], item["optional_have"]) == (2, 1)
    assert {s["uri"] for s in item["to_learn"]} == set(essential) - {essential[0], essential[1]}
    expected = related_in(cube, me, selection=[ticked[0], ticked[1], essential[1]]).items[:10]
    assert [(r["uri"], r["essential_have"], r["jobs"]) for r in data["related"]] == \
        [(i.uri, i.have, i.jobs) for i in expected]
    assert plain["unknown"] == []


def test_an_unknown_occupation_exits_2_naming_the_closest_matches(demo_cube_dir):
    done = run_cli("related", "--data-dir", str(demo_cube_dir), "--occupation", SOFTWARE,
                   "--occupation", "sofware develloper")
    assert done.returncode == 2 and done.stdout == ""
    assert "sofware develloper" in done.stderr and SOFTWARE in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("args, message", [
    (("--limit", "0"), "--limit 0"),
    (("--from", "2025-13"), "2025-13"),
    (("--country", "Atlantis"), "Atlantis"),
])
def test_bad_flags_are_named(related, args, message):
    code, out, err = related("--occupation", SOFTWARE, *args)
    assert code == 2 and out == "" and message in err


def test_csv_has_one_row_per_origin_and_related_occupation(related, cube):
    code, out, _ = related("--occupation", SOFTWARE, "--occupation", NURSE, "--limit", "3", "--country", "FR",
                           "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    data = _json(related, "--occupation", SOFTWARE, "--occupation", NURSE, "--limit", "3", "--country", "FR")
    expected = [(d["occupation"]["label"], r["label"], r["code"], r["score"], r["essential_have"], r["essential_of"],
                 r["optional_have"], r["optional_of"], r["jobs"], "; ".join(s["label"] for s in r["to_learn"]))
                for d in data for r in d["related"]]
    assert len(rows) == 6
    assert [(r["origin"], r["occupation"], r["code"], float(r["score"]), int(r["essential_skills_had"]),
             int(r["essential_skills"]), int(r["optional_skills_had"]), int(r["optional_skills"]), int(r["jobs"]),
             r["skills_to_learn"]) for r in rows] == expected
    assert {r["known_skills"] for r in rows} == {"occupation"}


def test_twenty_occupations_open_the_cube_once(related, cube, monkeypatch):
    opened = []
    original = Cube.open.__func__

    def counting(cls, *args, **kwargs):
        opened.append(args)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Cube, "open", classmethod(counting))
    labels = sorted(f.label for f in cube.occupation_facts.values())[:20]
    data = _json(related, *[a for label in labels for a in ("--occupation", label)])
    assert len(opened) == 1
    assert [d["occupation"]["label"] for d in data] == labels


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_holds_the_rows_of_related_csv(demo_cube_dir, related, tmp_path, fmt):
    args = ("--occupation", SOFTWARE, "--country", "DE", "--skills", "java|no such skill xyz")
    done = run_cli("export", "--data-dir", str(demo_cube_dir), *args, "--chart", "related", "--format", fmt,
                   "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert "no such skill xyz" in done.stderr
    written = tmp_path / done.stdout.strip().rsplit("/", 1)[-1]
    assert written.name.startswith("related-occupations_software-developer_deu_") and written.suffix == f".{fmt}"
    _, out, _ = related(*args, "--limit", "50", "--format", "csv")
    expected = list(csv.reader(io.StringIO(out)))
    if fmt == "csv":
        got = list(csv.reader(io.StringIO(written.read_text(encoding="utf-8-sig"))))
    else:
        book = openpyxl.load_workbook(written)
        got = [["" if v is None else str(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        assert "related occupations" in dict(book["about"].iter_rows(values_only=True))["Listed"]
    assert len(got) > 1 and got == expected
    assert {row[expected[0].index("known_skills")] for row in got[1:]} == {"selected"}


def test_export_refuses_an_image_of_related_occupations(demo_cube_dir, tmp_path):
    done = run_cli("export", "--data-dir", str(demo_cube_dir), "--occupation", SOFTWARE, "--chart", "related",
                   "--format", "png", "--out", str(tmp_path))
    assert done.returncode == 2 and "use --format csv or xlsx" in done.stderr


def test_the_menus_related_export_counts_the_ticked_skills_of_the_view(cube):
    """Export > Related occupations (the page's menu) writes the view's list: the skills ticked
    on the page are what "have" counts, as related_in says for the same selection."""
    from callbacks.export import render_export

    uri = cube.occupation_index.resolve_or_raise(SOFTWARE)
    java = next(u for u, f in cube.skill_facts.items() if f[0] == "Java")
    store = {"occupation": uri, "country": "DEU", "start": cube.months[0], "end": cube.months[-1],
             "measure": "jobs", "skills": [java]}
    name, content = render_export(cube, store, chart="related", fmt="csv")
    assert name.startswith("related-occupations_software-developer_deu_") and name.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    expected = related_in(cube, uri, selection=[java], iso3="DEU", start=cube.months[0], end=cube.months[-1]).items
    assert {r["known_skills"] for r in rows} == {"selected"}
    assert [(r["occupation"], int(r["essential_skills_had"]), int(r["jobs"])) for r in rows] == \
        [(i.label, i.have, i.jobs) for i in expected]
