"""Exports of every subject (issue 15): an ISCO group, a skill or all occupations export their
own numbers — the same as the map, headline and country panel of that view — with names and
about sheets that say which subject, country and period; entries that cannot apply are refused
naming the subject and why, in the menu, on the server and on the command line."""
from __future__ import annotations

import dataclasses
import io

import openpyxl
import pandas as pd
import pytest

from dashboard.errors import JobAtlasError, UsageError
from dashboard.exports import files, names, subjects as subject_exports
from dashboard.reading import advertised_pay, collection_postings, subject_view, subjects
from dashboard.reading.cube import Cube
from dashboard.reading.job_listings import count_jobs
from dashboard.reading.subject_view import Subject
from dashboard.view import View
from helpers import run_cli

DEMO = "https://job-atlas.invalid/demo/"
PYTHON = DEMO + "skill/python"
ACCOUNTING = DEMO + "skill/accounting"
SUBJECTS = {"isco": Subject("isco", "25"), "skill": Subject("skill", ACCOUNTING), "all": Subject("all", None)}


@pytest.fixture(scope="module")
def cube(demo_cube_dir) -> Cube:
    return Cube.open(demo_cube_dir)


def view_of(cube: Cube, kind: str, *, iso3: str | None = None, measure: str = "jobs",
            start: str | None = None, end: str | None = None) -> View:
    """The view the Export menu reads from the store for a subject (strict, as an export)."""
    months = cube.months
    base = View(cube.default_occupation, iso3, start or months[0], end or months[-1], measure)
    return View.from_store(cube, base.with_subject(SUBJECTS[kind]).to_store(), strict=True)


def csv_of(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), encoding="utf-8-sig", keep_default_na=True)


def about_of(content: bytes) -> dict[str, str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["about"]
    return {row[0].value: row[1].value for row in sheet.iter_rows()}


# -- the map's data: the numbers of the screen's map -------------------------------------------

@pytest.mark.parametrize("kind", ["isco", "skill", "all"])
@pytest.mark.parametrize("iso3", [None, "DEU"])
def test_map_data_is_the_subjects_map(cube, kind, iso3):
    view = view_of(cube, kind, iso3=iso3, start="2025-03", end="2026-02")
    name, content = files.export(cube, view, chart="map", fmt="csv")
    frame = csv_of(content).set_index("iso3")
    screen = subject_view.by_country(cube, view.subject, start=view.start, end=view.end)
    screen = screen[screen["has_data"].astype(bool)].set_index("iso3")
    assert set(frame.index) == set(screen.index)
    assert frame["jobs"].to_dict() == screen["jobs"].astype(int).to_dict()
    assert frame["location_quotient"].round(4).to_dict() == screen["location_quotient"].round(4).to_dict()
    # Never the numbers of the occupation the panels showed before.
    own = View.from_store(cube, {**view.to_store(), "subject": None}, strict=True)
    assert own.about_one_occupation
    assert frame["jobs"].sum() != csv_of(files.export(cube, own, chart="map", fmt="csv")[1])["jobs"].sum()
    slug = {"isco": "jobs-map_isco-25-information-and-communications", "skill": "jobs-map_skill-accounting_",
            "all": "jobs-map_all-occupations_"}[kind]
    assert name.startswith(slug) and name.endswith("_2025-03_2026-02.csv")


@pytest.mark.parametrize("kind, lines", [
    ("isco", {"Subject": "ISCO-08 group",
              "ISCO group": "ISCO 25 Information and communications technology professionals"}),
    ("skill", {"Subject": "skill", "Skill": "accounting", "Skill URI": ACCOUNTING}),
    ("all", {"Subject": "all occupations"}),
])
def test_about_sheet_names_the_subject_country_and_period(cube, kind, lines):
    view = view_of(cube, kind, iso3="POL", start="2025-01", end="2025-06")
    for chart in ("map", "trend") if kind != "skill" else ("map",):
        about = about_of(files.export(cube, view, chart=chart, fmt="xlsx")[1])
        assert {k: about.get(k) for k in lines} == lines
        assert about["Country"] == "Poland" and about["Period"] == "Jan 2025 – Jun 2025"
        assert "Occupation" not in about and "Occupation URI" not in about  # not the panels' occupation
    if kind == "isco":
        members = subjects.isco_members(cube, "25")
        assert about["Occupations"] == f"the {len(members)} ESCO occupations of the group, added up"


def test_isco_group_map_data_carries_its_pay_and_collections(cube):
    view = view_of(cube, "isco")
    frame = csv_of(files.export(cube, view, chart="map", fmt="csv")[1]).set_index("iso3")
    scope = advertised_pay.scope_of(cube, view.subject, start=view.start, end=view.end)
    best = advertised_pay.most_stated(advertised_pay.pay_by_country(cube, scope))
    assert best, "the demo's ICT postings state pay"
    for iso3, cell in best.items():
        assert frame.loc[iso3, "postings_stating_pay"] == cell["postings"]
        assert frame.loc[iso3, "pay_currency"] == cell["currency"]
    shares = collection_postings.shares_of(cube, scope.occupations, start=view.start, end=view.end)
    at = dict(zip(frame.index, collection_postings.positions_of(cube, list(frame.index))))
    for iso3 in frame.index:
        assert frame.loc[iso3, "postings_asking_digital"] == shares.asking["digital"][at[iso3]]
        assert frame.loc[iso3, "postings"] == shares.postings[at[iso3]]


def test_skill_map_data_has_no_pay_or_collections(cube):
    frame = csv_of(files.export(cube, view_of(cube, "skill"), chart="map", fmt="csv")[1])
    assert frame["postings_stating_pay"].isna().all() and frame["postings_asking_green"].isna().all()
    assert frame["jobs"].sum() == subject_view.totals(cube, SUBJECTS["skill"], start=None, end=None)["jobs_total"]


# -- trend, pay, jobs, the country panel --------------------------------------------------------

@pytest.mark.parametrize("kind", ["isco", "all"])
def test_trend_is_the_panels_trend_in_the_country(cube, kind):
    view = view_of(cube, kind, iso3="FRA")
    name, content = files.export(cube, view, chart="trend", fmt="csv")
    frame = csv_of(content)
    screen = subject_view.trend(cube, view.subject, iso3="FRA", start=view.start, end=view.end)
    assert frame["month"].tolist() == screen["month"].tolist()
    assert frame["jobs"].tolist() == screen["jobs"].astype(int).tolist()
    assert "_fra_" in name


@pytest.mark.parametrize("kind", ["isco", "all"])
def test_advertised_pay_is_the_subjects(cube, kind):
    view = view_of(cube, kind)
    name, content = files.export(cube, view, chart="advertised-pay", fmt="csv")
    frame = csv_of(content)
    scope = advertised_pay.scope_of(cube, view.subject, start=view.start, end=view.end)
    rows = advertised_pay.pay_by_country(cube, scope)
    assert len(frame) == len(rows) > 0
    assert frame["postings_stating_pay"].sum() == sum(r["postings"] for r in rows)
    assert name.startswith("advertised-pay_" + ("isco-25-" if kind == "isco" else "all-occupations_"))


def test_jobs_list_of_a_group_holds_its_jobs_in_the_country(cube):
    view = view_of(cube, "isco", iso3="AUT")
    name, content = files.export(cube, view, chart="jobs", fmt="csv")
    frame = csv_of(content)
    screen = subject_view.by_country(cube, view.subject, start=view.start, end=view.end)
    shown = int(screen.loc[screen["iso3"] == "AUT", "jobs"].iloc[0])
    assert len(frame) == shown > 0  # every posting of the group in Austria, as the map counts them
    assert set(frame["country"]) == {"AUT"}
    assert count_jobs(cube, advertised_pay.scope_of(cube, view.subject, iso3="AUT")) == shown
    assert name.startswith("available-jobs_isco-25-") and "_aut_" in name


@pytest.mark.parametrize("kind", ["isco", "skill", "all"])
def test_country_panel_export_is_the_panels_lists(cube, kind):
    view = view_of(cube, kind, iso3="DEU")
    name, content = files.export(cube, view, chart="panel", fmt="csv")
    frame = csv_of(content)
    panel = subject_view.panel(cube, view.subject, iso3="DEU", start=view.start, end=view.end)
    occupations = frame[frame["list"] == "occupations"]
    assert occupations["uri"].tolist() == [o["uri"] for o in panel["occupations"]]
    counts = occupations["postings_asking_for_skill" if kind == "skill" else "jobs"].astype(int).tolist()
    assert counts == [int(o["jobs"]) for o in panel["occupations"]]
    if kind == "all":
        skills = frame[frame["list"] == "skills"]
        assert skills["label"].tolist() == [s["label"] for s in panel["skills"]]
        assert skills["postings_asking_for_skill"].astype(int).tolist() == [s["postings"] for s in panel["skills"]]
        assert frame[frame["list"] == "isco_major_groups"]["jobs"].sum() > 0
    assert name.startswith("country-panel_") and "_deu_" in name


# -- what does not apply is refused, saying why ------------------------------------------------

@pytest.mark.parametrize("kind, chart, reason", [
    ("isco", "skills", "one occupation's"),
    ("isco", "breakdown", "one ESCO occupation's own profile"),
    ("isco", "related", "related occupations are those of one occupation"),
    ("skill", "trend", "kept per period, not per month"),
    ("skill", "jobs", "kept by occupation, not by skill"),
    ("skill", "advertised-pay", "not for a skill"),
    ("skill", "breakdown", "one ESCO occupation's own profile"),
    ("all", "skills", "'Country panel' export"),
    ("all", "related", "one occupation"),
])
def test_entries_that_cannot_apply_are_refused_naming_subject_and_reason(cube, kind, chart, reason):
    from callbacks.export import render_export

    view = view_of(cube, kind)
    subject = subject_view.subject_label(cube, view.subject)
    for fmt in ("csv", "xlsx"):
        with pytest.raises(UsageError) as error:
            files.export(cube, view, chart=chart, fmt=fmt)
        assert f"for {subject}:" in str(error.value) and reason in str(error.value)
    with pytest.raises(JobAtlasError, match=reason.replace("(", r"\(").replace("'", "'")):
        render_export(cube, view.to_store(), chart=chart, fmt="csv")


def test_an_occupation_has_no_country_panel_export_but_keeps_every_other(cube):
    view = View.default(cube)
    with pytest.raises(UsageError, match="'Skill demand' and 'Trend' exports"):
        files.export(cube, view, chart="panel", fmt="csv")
    for chart in ("map", "skills", "breakdown", "trend", "jobs", "advertised-pay", "related"):
        assert subject_exports.refusal(cube, view, chart) is None


def test_menu_table_matches_the_refusals(cube):
    """What the menu greys out (assets/export_menu.js reads APPLIES_TO) is what the server refuses."""
    from layouts.export_menu import export_menu

    menu = repr(export_menu(unavailable=None))
    assert "export-applies" in menu and "Country panel" in menu
    for kind in ("occupation", "isco", "skill", "all"):
        view = View.default(cube) if kind == "occupation" else view_of(cube, kind)
        for chart, kinds in subject_exports.APPLIES_TO.items():
            assert (subject_exports.refusal(cube, view, chart) is None) == (kind in kinds), (kind, chart)


# -- the report ------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, pages", [("isco", ("map", "trend")), ("skill", ("map",)), ("all", ("map", "trend"))])
def test_report_holds_the_pages_of_the_subject(cube, kind, pages):
    from dashboard.exports import report

    view = view_of(cube, kind, iso3="DEU")
    assert report.report_charts(cube, view) == pages
    cover = " ".join(a.text for a in report.cover_figure(cube, view).layout.annotations)
    totals = subject_view.totals(cube, view.subject, start=view.start, end=view.end)
    assert f"{totals['jobs_total']:,} {subject_view.count_noun(totals['jobs_total'], kind)}" in cover
    assert subject_exports.subject_title(cube, view) in cover and "Country: Germany" in cover
    has_pay = report.pay_page_figure(cube, view) is not None
    assert has_pay == (kind != "skill")
    # The last page lists the country panel, as the Country panel export does.
    panel = report.panel_page_figure(cube, view)
    frame = subject_exports.panel_frame(cube, view)
    names_on_page = list(panel.data[0].cells.values[2])
    occupations = frame[frame["list"] == "occupations"]["label"].tolist()
    assert names_on_page[:min(10, len(occupations))] == occupations[:10]
    assert f"{len(pages) + 2 + has_pay}. Country panel" in cover
    assert report.panel_page_figure(cube, View.default(cube)) is None
    assert report.report_filename(cube, view).startswith("report_" + names.slugify(
        subject_exports.subject_name(cube, view))[:20])


# -- the command line ------------------------------------------------------------------------

def test_view_from_cli_names_each_subject(cube):
    assert View.from_cli(cube, occupation=None, isco="251").subject == Subject("isco", "251")
    assert View.from_cli(cube, occupation=None, skill="python").subject == Subject("skill", PYTHON)
    assert View.from_cli(cube, occupation="all").subject == Subject("all", None)
    assert View.from_cli(cube, occupation=None, all_occupations=True, country="PL").country == "POL"
    with pytest.raises(UsageError, match="one subject at a time"):
        View.from_cli(cube, occupation="nurse", isco="25")
    with pytest.raises(UsageError, match="Closest matches: 2513"):
        View.from_cli(cube, occupation=None, isco="2599")


def test_cli_export_of_an_isco_group_is_the_menus_file(cube, demo_cube_dir, tmp_path):
    done = run_cli("export", "--isco", "25", "--country", "DE", "--chart", "panel", "--format", "csv",
                   "--out", str(tmp_path), "--data-dir", str(demo_cube_dir))
    assert done.returncode == 0, done.stderr
    written = tmp_path / done.stdout.strip().rsplit("/", 1)[-1]
    name, content = files.export(cube, view_of(cube, "isco", iso3="DEU"), chart="panel", fmt="csv")
    assert written.name == name and written.read_bytes() == content


def test_cli_country_alone_exports_all_occupations_there(cube, demo_cube_dir, tmp_path):
    done = run_cli("export", "--country", "POL", "--chart", "map", "--format", "csv", "--out", str(tmp_path),
                   "--data-dir", str(demo_cube_dir))
    assert done.returncode == 0, done.stderr
    frame = csv_of((tmp_path / done.stdout.strip().rsplit("/", 1)[-1]).read_bytes())
    assert frame["jobs"].sum() == subject_view.by_country(cube, Subject("all", None), start=None,
                                                          end=None)["jobs"].sum()
    assert done.stdout.strip().endswith(f"jobs-map_all-occupations_{cube.months[0]}_{cube.months[-1]}.csv")


@pytest.mark.parametrize("args, message", [
    (("--isco", "25", "--chart", "breakdown", "--format", "csv"), "No skill breakdown export for ISCO 25"),
    (("--skill", "accounting", "--chart", "trend", "--format", "csv"), "no monthly trend"),
    (("--isco", "2599", "--chart", "map", "--format", "csv"), "Closest matches: 2513"),
    (("--skill", "pythn", "--chart", "map", "--format", "csv"), "pythn"),
    (("--chart", "map", "--format", "csv"), "export needs a subject"),
    (("--isco", "25", "--skill", "python", "--chart", "map", "--format", "csv"), "not allowed with"),
    (("--all", "--chart", "panel", "--format", "png"), "--chart panel is data"),
])
def test_cli_refusals_exit_2_with_one_message(demo_cube_dir, tmp_path, args, message):
    done = run_cli("export", *args, "--out", str(tmp_path), "--data-dir", str(demo_cube_dir))
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr
    assert not list(tmp_path.iterdir())


# -- images and the PDF, through Chromium -------------------------------------------------------

def test_a_skills_map_image_and_report_pdf_render(cube, chromium):
    from pypdf import PdfReader

    view = view_of(cube, "skill", measure="pay")
    name, png = files.export(cube, view, chart="map", fmt="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and name.startswith("jobs-map_skill-accounting_")
    name, pdf = files.export(cube, view_of(cube, "isco", iso3="DEU"), chart="report", fmt="pdf")
    reader = PdfReader(io.BytesIO(pdf))
    assert name.startswith("report_isco-25-") and "_deu_" in name
    assert len(reader.pages) == 5  # cover, map, trend, advertised pay, country panel
    assert reader.metadata["/Title"] == ("Job Atlas report: ISCO 25 Information and communications technology "
                                         "professionals")
    assert "country panel, Germany" in reader.pages[-1].extract_text()
