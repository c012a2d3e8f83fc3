"""Available jobs and advertised pay on the screen, and the listed jobs' export (issue 18): the pure
builders behind the panel (links, paging, pay lines, dates, the skills hook), the card's components,
the page a view shows, and the CSV/XLSX of the whole list."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dashboard.building.build import build
from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.reading.job_listings import (COUNTS_ONLY_MESSAGE, Scope, ad_link, all_jobs, clamp_offset, count_jobs,
                                    job_pay_text, list_jobs, page_range, pay_text, posted_text)
from helpers import TINY_TAXONOMY

HEADER = "id,occupation,country,date,skills,title,employer,location,url,salary_min,salary_max,currency,salary_period\n"
#: Hand-written special rows (the rest are plain): newest first, j36 is the first ad in the list.
SPECIAL = {
    36: ("Lead Python Developer", "https://jobs.example.invalid/j36", "60000", "80000", "EUR", "year"),
    35: ("Scripted Developer", "javascript:alert(1)", "", "", "", ""),
    34: ("Archive Developer", "ftp://files.example.invalid/j34", "", "", "", ""),
    33: ("<b>Bold</b> **Developer**", "http://jobs.example.invalid/j33", "4000", "5000", "EUR", "month"),
}


#: Selected-skills ordering: j05 asks for two of the fixture skills, j10 and j07 for one each.
SKILLED = {5: "Python (computer programming)|HTML", 10: "Python (computer programming)", 7: "HTML"}


def jobs_csv() -> str:
    """36 software developer ads in Germany, one a day from 1 March 2024, and 4 in France."""
    rows = []
    for n in range(1, 37):
        title, url, low, high, currency, period = SPECIAL.get(
            n, (f"Developer {n:02d}", f"https://jobs.example.invalid/j{n:02d}", "", "", "", ""))
        day = f"2024-03-{n:02d}" if n <= 31 else f"2024-04-{n - 31:02d}"
        skills = SKILLED.get(n, "")
        rows.append(f"j{n:02d},software developer,DE,{day},{skills},{title},Test Employer {n:02d} GmbH,Berlin,{url},"
                    f"{low},{high},{currency},{period}")
    for n in range(1, 5):
        rows.append(f"f{n},software developer,FR,2024-03-1{n},,Développeur {n},Test SA {n},Lyon,,,,,")
    return HEADER + "\n".join(rows) + "\n"



SOFTWARE = "https://fixture.invalid/occupation/software-developer"


@pytest.fixture(scope="module")
def jobs_cube_dir(tmp_path_factory) -> Path:
    """A cube of :func:`jobs_csv`'s postings (the browser tests serve it too)."""
    root = tmp_path_factory.mktemp("jobs-panel")
    (root / "jobs.csv").write_text(jobs_csv(), encoding="utf-8")
    build(esco=[TINY_TAXONOMY], postings=[root / "jobs.csv"], data_dir=root / "cube", progress=False)
    return root / "cube"


@pytest.fixture(scope="module")
def counts_cube_dir(tmp_path_factory) -> Path:
    """A cube built from a counts file only: job counts, no individual ads."""
    root = tmp_path_factory.mktemp("jobs-panel-counts")
    (root / "counts.csv").write_text("occupation,country,period,count\nsoftware developer,DE,2024-03,36\n",
                                     encoding="utf-8")
    build(esco=[TINY_TAXONOMY], counts=[root / "counts.csv"], data_dir=root / "cube", progress=False)
    return root / "cube"


@pytest.fixture(scope="module")
def jobs_cube(jobs_cube_dir) -> Cube:
    return Cube.open(jobs_cube_dir)


@pytest.fixture(scope="module")
def counts_cube(counts_cube_dir) -> Cube:
    return Cube.open(counts_cube_dir)


def skill_uri(cube: Cube, label: str) -> str:
    from dashboard.reading.resolve import SkillIndex

    return SkillIndex(cube.skills).resolve(label)


# -- pure builders --------------------------------------------------------------------------------


@pytest.mark.parametrize("url, link", [
    ("https://jobs.example.invalid/1", "https://jobs.example.invalid/1"),
    ("http://jobs.example.invalid/1?a=b", "http://jobs.example.invalid/1?a=b"),
    ("  HTTPS://Jobs.Example.invalid/x  ", "HTTPS://Jobs.Example.invalid/x"),
    ("javascript:alert(1)", None),
    ("JavaScript:alert(1)", None),
    ("ftp://files.example.invalid/x", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("//jobs.example.invalid/1", None),       # no scheme: the browser would pick one
    ("https:///nohost", None),
    ("jobs.example.invalid/1", None),
    ("https://jobs.example.invalid/a b", None),  # a space: not one address
    ("https://jobs.example.invalid/\nx", None),
    ("", None), (None, None), (42, None),
])
def test_only_http_and_https_urls_with_a_host_become_links(url, link):
    assert ad_link(url) == link


@pytest.mark.parametrize("offset, total, expected", [
    (0, 36, 0), (20, 36, 20), (25, 36, 20), (40, 36, 20), (1000, 36, 20), (20, 20, 0), (-20, 36, 0),
    (0, 0, 0), (20, 0, 0), ("20", 36, 0), (True, 36, 0), (20.0, 36, 0), (None, 36, 0),
])
def test_a_page_starts_on_a_multiple_of_twenty_inside_the_list(offset, total, expected):
    assert clamp_offset(offset, total) == expected


@pytest.mark.parametrize("offset, shown, total, text", [
    (0, 20, 36, "1–20 of 36 jobs"), (20, 16, 36, "21–36 of 36 jobs"), (0, 7, 7, "7 jobs"), (0, 1, 1, "1 job"),
    (0, 0, 0, "No jobs"), (1000, 20, 12345, "1,001–1,020 of 12,345 jobs"),
])
def test_the_range_says_which_jobs_of_how_many(offset, shown, total, text):
    assert page_range(offset, shown, total) == text


@pytest.mark.parametrize("entry, text", [
    ({"currency": "EUR", "period": "year", "postings": 12, "median_min": 52000.0, "median_max": 64500.0},
     "EUR 52,000–64,500 a year (median stated min–max, 12 postings)"),
    ({"currency": "EUR", "period": "hour", "postings": 1, "median_min": 18.5, "median_max": None},
     "EUR from 18.5 an hour (median stated minimum, 1 posting)"),
    ({"currency": "PLN", "period": "month", "postings": 3, "median_min": None, "median_max": 12000.0},
     "PLN up to 12,000 a month (median stated maximum, 3 postings)"),
    ({"currency": "GBP", "period": "day", "postings": 2, "median_min": 250.0, "median_max": 300.0},
     "GBP 250–300 a day (median stated min–max, 2 postings)"),
])
def test_a_pay_line_keeps_its_currency_and_period(entry, text):
    assert pay_text(entry) == text


@pytest.mark.parametrize("salary, text", [
    ({"min": 4000.0, "max": 5000.0, "currency": "EUR", "period": "month"}, "EUR 4,000–5,000 a month"),
    ({"min": 60000.0, "max": 60000.0, "currency": "EUR", "period": "year"}, "EUR 60,000 a year"),
    ({"min": 18.5, "max": None, "currency": "EUR", "period": "hour"}, "EUR from 18.5 an hour"),
    ({"min": None, "max": 9.99, "currency": "USD", "period": "hour"}, "USD up to 9.99 an hour"),
    (None, ""),
])
def test_one_postings_pay_as_it_states_it(salary, text):
    assert job_pay_text(salary) == text


@pytest.mark.parametrize("date, text", [("2024-04-05", "5 Apr 2024"), ("2024-04", "Apr 2024"), ("soon", "soon"),
                                        (None, "")])
def test_posting_dates_read_as_days_or_months(date, text):
    assert posted_text(date) == text


# -- the whole list and its counts ----------------------------------------------------------------


def test_the_whole_list_is_every_page_in_order(jobs_cube):
    scope = Scope((SOFTWARE,), "DEU", None, None)
    assert count_jobs(jobs_cube, scope) == 36
    every = all_jobs(jobs_cube, scope)
    pages = [job for offset in (0, 20) for job in list_jobs(jobs_cube, scope, offset=offset)["jobs"]]
    assert [j["id"] for j in every] == [j["id"] for j in pages]
    assert [j["id"] for j in every[:3]] == ["j36", "j35", "j34"] and every[-1]["id"] == "j01"
    assert count_jobs(jobs_cube, Scope((SOFTWARE,), None, None, None)) == 40


def test_selected_skills_put_the_best_matches_first(jobs_cube):
    python, html_ = skill_uri(jobs_cube, "Python (computer programming)"), skill_uri(jobs_cube, "HTML")
    every = all_jobs(jobs_cube, Scope((SOFTWARE,), "DEU", None, None), skills=[python, html_])
    assert [(j["id"], j["skills_matched"]) for j in every[:4]] == [("j05", 2), ("j10", 1), ("j07", 1), ("j36", 0)]


def test_a_counts_only_cube_has_no_list(counts_cube):
    scope = Scope((SOFTWARE,), "DEU", None, None)
    assert count_jobs(counts_cube, scope) == 0 and all_jobs(counts_cube, scope) == []


# -- the card's components ------------------------------------------------------------------------


def texts(component) -> list[str]:
    """Every string child in a component tree, in order (what the browser shows as text)."""
    if isinstance(component, str):
        return [component]
    if isinstance(component, (list, tuple)):
        return [t for c in component for t in texts(c)]
    children = getattr(component, "children", None)
    return texts(children) if children is not None else []


def anchors(component) -> list:
    from dash import html

    found = [component] if isinstance(component, html.A) else []
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        found += [a for c in children for a in anchors(c)]
    elif children is not None and not isinstance(children, str):
        found += anchors(children)
    return found


JOB = {"id": "x", "title": "Dev", "employer": "Test GmbH", "location": "Berlin", "country": "DEU", "date": "2024-04-05",
       "url": "https://jobs.example.invalid/x", "skills_matched": 2,
       "salary": {"min": 4000.0, "max": 5000.0, "currency": "EUR", "period": "month"}}


def test_a_job_with_an_http_url_links_to_the_ad_in_a_new_tab():
    from layouts.available_jobs import job_item

    item = job_item(JOB)
    (link,) = anchors(item)
    assert (link.href, link.target, link.rel) == ("https://jobs.example.invalid/x", "_blank", "noopener noreferrer")
    assert texts(item) == ["Dev", "Test GmbH · Berlin · 5 Apr 2024 · EUR 4,000–5,000 a month"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://files.example.invalid/x", "data:text/html,hi"])
def test_any_other_url_is_shown_as_text_not_a_link(url):
    from layouts.available_jobs import job_item

    item = job_item({**JOB, "url": url})
    assert anchors(item) == []
    assert texts(item)[-2:] == ["Ad address (not a web link): ", url]


def test_markup_in_posting_text_stays_a_plain_string():
    from layouts.available_jobs import job_item

    item = job_item({**JOB, "title": "<b>Lead</b> **Dev**", "employer": "<img src=x onerror=alert(1)>", "url": None,
                     "salary": None})
    assert texts(item) == ["<b>Lead</b> **Dev**", "<img src=x onerror=alert(1)> · Berlin · 5 Apr 2024"]


def test_with_selected_skills_each_job_says_how_many_it_asks_for():
    from layouts.available_jobs import job_item

    assert texts(job_item(JOB, skills_selected=3))[-1].endswith("· asks for 2 of your skills")
    assert "asks for" not in " ".join(texts(job_item(JOB)))


def test_missing_details_are_said_not_left_blank():
    from layouts.available_jobs import job_item

    item = job_item({**JOB, "title": None, "employer": "", "location": None, "salary": None, "url": "ftp://x.invalid"})
    assert texts(item) == ["(no title given)", "employer not given · Germany · 5 Apr 2024",
                           "Ad address (not a web link): ", "ftp://x.invalid"]


# -- the page a view shows, and the pay in the country panel -----------------------------------------


def view(**changes) -> dict:
    return {"occupation": SOFTWARE, "country": "DEU", "start": "2024-03", "end": "2024-04", "measure": "jobs",
            **changes}


def page_outputs(cube: Cube, view_: dict, *, offset=0, skills=()) -> dict:
    from callbacks.available_jobs import OUTPUTS, jobs_page
    from dashboard.view import View

    values = jobs_page(cube, View.from_store(cube, view_), skills=list(skills), offset=offset)
    return {OUTPUTS[name][0]: value for name, value in values.items()}


@pytest.mark.parametrize("offset, first_shown, range_text, previous_off, next_off", [
    (0, "Lead Python Developer", "1–20 of 36 jobs", True, False),
    (20, "Developer 16", "21–36 of 36 jobs", False, True),
    (999, "Developer 16", "21–36 of 36 jobs", False, True),  # past the end: the last page
    ("x", "Lead Python Developer", "1–20 of 36 jobs", True, False),
])
def test_a_page_of_the_view_with_its_range_and_buttons(jobs_cube, offset, first_shown, range_text, previous_off,
                                                      next_off):
    from layouts import ids

    out = page_outputs(jobs_cube, view(), offset=offset)
    assert texts(out[ids.AvailableJobs.LIST])[0] == first_shown
    assert out[ids.AvailableJobs.RANGE] == range_text
    assert (out[ids.AvailableJobs.PREVIOUS], out[ids.AvailableJobs.NEXT]) == (previous_off, next_off)
    assert out[ids.AvailableJobs.PAGER] is False
    assert out[ids.AvailableJobs.PAGE] == {"offset": 20 if first_shown == "Developer 16" else 0}
    assert out[ids.AvailableJobs.TITLE] == "Available software developer jobs in Germany, Mar 2024 – Apr 2024"


def test_a_short_list_hides_the_pager_and_an_empty_one_says_so(jobs_cube):
    from layouts import ids

    france = page_outputs(jobs_cube, view(country="FRA"))
    assert france[ids.AvailableJobs.RANGE] == "4 jobs" and france[ids.AvailableJobs.PAGER] is True
    empty = page_outputs(jobs_cube, view(country="ITA"))
    assert texts(empty[ids.AvailableJobs.LIST]) == ["No software developer job ads in Italy in this period."]
    assert empty[ids.AvailableJobs.RANGE] == "No jobs"


def test_the_selected_skills_order_the_page(jobs_cube):
    from layouts import ids

    python = skill_uri(jobs_cube, "Python (computer programming)")
    out = page_outputs(jobs_cube, view(), skills=[python])
    shown = texts(out[ids.AvailableJobs.LIST])
    assert shown[:2] == ["Developer 10", "Test Employer 10 GmbH · Berlin · 10 Mar 2024 · asks for 1 of your skills"]


def test_counts_only_data_says_it_holds_counts_not_ads(counts_cube):
    from layouts import ids

    out = page_outputs(counts_cube, view(start="2024-03", end="2024-03"))
    assert texts(out[ids.AvailableJobs.LIST]) == [COUNTS_ONLY_MESSAGE]
    assert out[ids.AvailableJobs.PAGER] is True and out[ids.AvailableJobs.RANGE] == ""


def test_the_country_panel_states_pay_per_currency_and_period(jobs_cube, counts_cube):
    from callbacks.country_panel import advertised_pay

    germany = " ".join(texts(advertised_pay(jobs_cube, Scope((SOFTWARE,), "DEU", None, None), where="Germany")))
    assert "EUR 4,000–5,000 a month (median stated min–max, 1 posting)" in germany
    assert "EUR 60,000–80,000 a year (median stated min–max, 1 posting)" in germany
    assert "never converted" in germany
    france = " ".join(texts(advertised_pay(jobs_cube, Scope((SOFTWARE,), "FRA", None, None), where="France")))
    assert france == "Advertised pay:  no posting in France states pay in this period."
    counts = " ".join(texts(advertised_pay(counts_cube, Scope((SOFTWARE,), "DEU", None, None), where="Germany")))
    assert "not in this data (it holds job counts, not individual ads)" in counts


def test_many_currencies_show_the_three_most_stated_and_fold_the_rest(demo_cube_dir):
    """All countries of the demo: a pay line per currency and period; the panel shows the three
    most stated and folds the others into one "N more" line, losing none."""
    from dash import html

    from callbacks.country_panel import PAY_LINES, advertised_pay
    from dashboard.reading.job_listings import pay_text, salary_summary

    cube = Cube.open(demo_cube_dir)
    uri = cube.occupations["occupation_uri"].iloc[0]
    scope = Scope((uri,), None, None, None)
    summary = salary_summary(cube, scope)
    assert len(summary) > PAY_LINES + 1  # the demo states pay in many currencies
    shown = advertised_pay(cube, scope, where="all countries")
    first, folded = shown[2], shown[3]
    assert [li.children for li in first.children] == [pay_text(e) for e in summary[:PAY_LINES]]
    assert isinstance(folded, html.Details)
    assert folded.children[0].children == f"{len(summary) - PAY_LINES} more currencies and periods"
    assert [li.children for li in folded.children[1].children] == [pay_text(e) for e in summary[PAY_LINES:]]


def test_an_isco_group_states_its_occupations_pay_and_a_skill_says_it_has_none(demo_cube_dir):
    from callbacks.country_panel import subject_pay
    from dashboard.reading import subjects
    from dashboard.reading.job_listings import pay_text, salary_summary
    from dashboard.reading.subject_view import Subject

    cube = Cube.open(demo_cube_dir)
    members = tuple(subjects.isco_members(cube, "25"))
    expected = salary_summary(cube, Scope(members, "DEU", None, None))
    shown = subject_pay(cube, Subject("isco", "25"), iso3="DEU", start=None, end=None, where="Germany")
    assert expected and [li.children for li in shown[2].children] == [pay_text(e) for e in expected[:3]]
    skill = " ".join(texts(subject_pay(cube, Subject("skill", cube.skills["skill_uri"].iloc[0]), iso3="DEU",
                                       start=None, end=None, where="Germany")))
    assert "not for a skill" in skill


# -- export of the listed jobs ------------------------------------------------------------------------


def test_the_csv_export_holds_the_whole_list_not_just_the_page(jobs_cube):
    from dashboard.exports.files import export_jobs_file
    from helpers import export_view

    name, content = export_jobs_file(jobs_cube, "csv", export_view(jobs_cube, SOFTWARE, iso3="DEU", start="2024-03", end="2024-04"))
    assert name == "available-jobs_software-developer_deu_2024-03_2024-04.csv"
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 36
    assert [r["id"] for r in rows[:2]] == ["j36", "j35"]
    assert rows[0] == {"title": "Lead Python Developer", "employer": "Test Employer 36 GmbH", "location": "Berlin",
                       "country": "DEU", "date": "2024-04-05", "url": "https://jobs.example.invalid/j36",
                       "skills_matched": "0", "salary_min": "60000.0", "salary_max": "80000.0", "currency": "EUR",
                       "salary_period": "year", "id": "j36"}


def test_the_xlsx_export_follows_the_selected_skills_and_says_what_it_is(jobs_cube):
    from openpyxl import load_workbook

    from dashboard.exports.files import export_jobs_file
    from helpers import export_view

    python = skill_uri(jobs_cube, "Python (computer programming)")
    name, content = export_jobs_file(jobs_cube, "xlsx", export_view(jobs_cube, SOFTWARE, skills=[python]))
    assert name == "available-jobs_software-developer_2024-03_2024-04.xlsx"  # the months the data covers
    book = load_workbook(io.BytesIO(content))
    rows = list(book["Available jobs"].iter_rows(values_only=True))
    assert rows[0][:3] == ("title", "employer", "location") and len(rows) == 41  # header + 40 (all countries)
    assert rows[1][0] == "Developer 10" and rows[1][6] == 1
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["Country"] == "all countries" and "never converted" in about["Pay"]
    assert "most of the selected skills first" in about["List"]


def test_export_cells_that_look_like_formulas_are_neutralised(tmp_path):
    from dashboard.exports.files import export_jobs_file
    from helpers import export_view

    (tmp_path / "p.csv").write_text(
        "id,occupation,country,date,title,employer,url\n"
        "e1,software developer,DE,2024-03-01,=HYPERLINK(\"http://evil.invalid\"),@Test,javascript:alert(1)\n",
        encoding="utf-8")
    build(esco=[TINY_TAXONOMY], postings=[tmp_path / "p.csv"], data_dir=tmp_path / "cube", progress=False)
    cube = Cube.open(tmp_path / "cube")
    _, content = export_jobs_file(cube, "csv", export_view(cube, SOFTWARE))
    (row,) = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert row["title"] == "'=HYPERLINK(\"http://evil.invalid\")" and row["employer"] == "'@Test"


def test_a_counts_only_cube_or_a_huge_list_explains_why_there_is_no_export(jobs_cube, counts_cube, monkeypatch):
    from dashboard.exports import files, tables
    from helpers import export_view

    with pytest.raises(UsageError, match="holds job counts, not individual ads"):
        files.export_jobs_file(counts_cube, "csv", export_view(counts_cube, SOFTWARE))
    monkeypatch.setattr(tables, "MAX_EXPORT_JOBS", 30)
    with pytest.raises(UsageError, match="36 jobs are listed: more than one export holds"):
        files.export_jobs_file(jobs_cube, "csv", export_view(jobs_cube, SOFTWARE, iso3="DEU"))
    with pytest.raises(UsageError, match="exports as csv or xlsx"):
        files.export_jobs_file(jobs_cube, "png", export_view(jobs_cube, SOFTWARE))


def test_the_export_menu_offers_the_listed_jobs_and_exports_the_view(jobs_cube):
    from callbacks.export import render_export
    from layouts import ids
    from layouts.export_menu import export_menu

    menu = str(export_menu(unavailable=None))
    for fmt in ("csv", "xlsx"):
        assert str(ids.Export.item("jobs", fmt)) in menu
    name, content = render_export(jobs_cube, view(country="FRA"), chart="jobs", fmt="csv")
    assert name == "available-jobs_software-developer_fra_2024-03_2024-04.csv"
    assert len(list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))) == 4


def test_postings_without_any_details_are_listed_by_id_and_said_to_have_none():
    from layouts.available_jobs import NO_DETAILS, jobs_list

    bare = {"id": "p7", "title": None, "employer": None, "location": None, "country": "DEU", "date": "2026-10-30",
            "url": None, "skills_matched": 1, "salary": None}
    assert texts(jobs_list([bare, {**bare, "id": "p8"}])) == [NO_DETAILS, "Posting p7 · Germany · 30 Oct 2026",
                                                             "Posting p8 · Germany · 30 Oct 2026"]
    assert texts(jobs_list([bare], skills_selected=2))[-1].endswith("· asks for 1 of your skills")
    # One posting with details on the page: no page-wide note, each listed as it is.
    mixed = texts(jobs_list([bare, JOB]))
    assert NO_DETAILS not in mixed and mixed[0] == "Posting p7 · Germany · 30 Oct 2026"
