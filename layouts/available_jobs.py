"""The "Available jobs" card: the postings behind the current view, 20 at a time (issue 18).

What a page holds comes from :mod:`dashboard.reading.job_listings` (pure, unit-tested); this module only
turns it into components. Every text from a posting is a plain string child (React renders it as
text, never as HTML or markdown); only an http/https URL becomes a link
(:func:`dashboard.reading.job_listings.ad_link`), opened in a new tab with ``rel="noopener noreferrer"``.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import geo
from dashboard.reading.job_listings import ad_link, has_details, job_pay_text, posted_text
from layouts import ids


def _country(job: dict) -> str:
    iso3 = job.get("country")
    return geo.country_name(iso3, default=iso3) if isinstance(iso3, str) else ""


def job_item(job: dict, *, skills_selected: int = 0) -> html.Li:
    """One posting: its title (a link to the ad when the URL may be one), then employer, location,
    date, stated pay and, with selected skills, how many of them it asks for."""
    if not has_details(job):
        return bare_job_item(job, skills_selected=skills_selected)
    title = job.get("title") or "(no title given)"
    link = ad_link(job.get("url"))
    heading = (html.A(title, href=link, target="_blank", rel="noopener noreferrer", className="fw-semibold job-ad-link")
               if link else html.Span(title, className="fw-semibold"))
    facts = [job.get("employer") or "employer not given", job.get("location") or _country(job),
             posted_text(job.get("date"))]
    pay = job_pay_text(job.get("salary"))
    if pay:
        facts.append(pay)
    if skills_selected:
        n = int(job.get("skills_matched") or 0)
        facts.append(f"asks for {n} of your skills")
    lines = [heading, html.Div(" · ".join(f for f in facts if f), className="text-muted")]
    url = job.get("url")
    if url and not link:
        # Shown, so nothing the file holds is hidden, but as text: not a web address to follow.
        lines.append(html.Div(["Ad address (not a web link): ", html.Code(str(url), className="job-url-text")],
                              className="text-muted"))
    return html.Li(lines, className="list-group-item px-2 py-1")


def bare_job_item(job: dict, *, skills_selected: int = 0) -> html.Li:
    """A posting the data gives no title, employer or address: its id, country and date, on one line."""
    facts = [f"Posting {job.get('id')}", job.get("location") or _country(job), posted_text(job.get("date"))]
    if skills_selected:
        facts.append(f"asks for {int(job.get('skills_matched') or 0)} of your skills")
    return html.Li(" · ".join(f for f in facts if f), className="list-group-item px-2 py-1")


#: Said above a page whose postings carry none of the details an ad has.
NO_DETAILS = ("The data gives these postings no title, employer or link to the ad (build with --title-col, "
              "--employer-col and --url-col to show them): each is listed by its id, country and date.")


def jobs_list(jobs: list[dict], *, message: str | None = None, skills_selected: int = 0) -> list:
    """The card's list: the page's postings, or one line saying why there are none."""
    if message:
        return [html.P(message, className="small text-muted mb-0")]
    note = [] if any(has_details(job) for job in jobs) else [html.P(NO_DETAILS, className="small text-muted mb-1")]
    return [*note, html.Ol([job_item(job, skills_selected=skills_selected) for job in jobs],
                    className="list-group list-group-flush small mb-0")]


def available_jobs_card() -> dbc.Card:
    """The empty card in the page; the view callback fills it, the pager moves it a page on."""
    # The hidden attribute sits on a plain wrapper: Bootstrap's d-flex would override it.
    pager = html.Div(html.Div(
        [dbc.Button("Previous", id=ids.AvailableJobs.PREVIOUS, color="secondary", outline=True, size="sm",
                    n_clicks=0, disabled=True),
         html.Span(id=ids.AvailableJobs.RANGE, className="small mx-2", role="status", **{"aria-live": "polite"}),
         dbc.Button("Next", id=ids.AvailableJobs.NEXT, color="secondary", outline=True, size="sm",
                    n_clicks=0, disabled=True)],
        className="d-flex align-items-center"), id=ids.AvailableJobs.PAGER, className="ms-auto")
    return dbc.Card(
        dbc.CardBody([
            html.Div([html.H2("Available jobs", id=ids.AvailableJobs.TITLE, className="h5 mb-0"), pager],
                     className="d-flex align-items-center flex-wrap gap-2 mb-2"),
            html.Div(id=ids.AvailableJobs.LIST),
            dcc.Store(id=ids.AvailableJobs.PAGE, data={"offset": 0}, storage_type="memory"),
        ], class_name="py-2"),
        id=ids.AvailableJobs.CARD, class_name="mb-3",
    )
