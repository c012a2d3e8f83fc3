"""What the screen shows, as plain data: the view the URL and the ``view`` store carry.

A view is ``{"occupation": uri, "country": iso3 | None, "start": "YYYY-MM" | None,
"end": "YYYY-MM" | None, "measure": "jobs" | "per_million" | "share"}``, plus ``"skills"``: the
URIs of the skills the person ticked (issue 14; the key is present only when some are, so a
view without a selection reads as before). The server keeps no
per-user state: the view lives in the page (URL + ``dcc.Store``), so any gunicorn worker
can answer any request. Deep links (issue 4) are parsed here; an invalid parameter falls
back to its default and says so in a notice.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode

import pandas as pd

from dashboard.reading.cube import Cube
from dashboard.figures import DEFAULT_MEASURE, MEASURES
from dashboard.reading.skill_selection import (clean_selection, parse_skills, skill_keys_of, skill_resolver_of, skills_param,
                                       unknown_notice)
from dashboard.reading.subject_view import Subject
from layouts.subject_state import clean_subject, names_all, read_subject, subject_query_params, with_subject

#: URL query parameters, in the order a link shows them (issue 15: isco, skill name other subjects).
PARAMS = ("occupation", "isco", "skill", "country", "from", "to", "measure", "skills")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def default_occupation(cube: Cube) -> str | None:
    """The occupation the screen opens on: the one with the most jobs (then by label).

    Computed once per cube (:attr:`Cube.default_occupation`): it groups every job row.
    """
    return cube.default_occupation


def default_view(cube: Cube) -> dict:
    """The view of a link without parameters: top occupation, all countries, every month, jobs."""
    months = cube.months
    return {
        "occupation": default_occupation(cube),
        "country": None,
        "start": months[0] if months else None,
        "end": months[-1] if months else None,
        "measure": DEFAULT_MEASURE,
    }


def occupation_label(cube: Cube, uri: str | None) -> str:
    """Preferred label of an occupation ("" when none is chosen)."""
    if not uri:
        return ""
    facts = cube.occupation_facts.get(uri)
    return facts.label if facts is not None else uri


def occupation_link_key(cube: Cube, uri: str) -> str:
    """How a link names an occupation: its ESCO code when that names it alone, else its URI."""
    facts = cube.occupation_facts.get(uri)
    code = facts.code.strip() if facts is not None else ""
    if code and cube.occupation_index.resolve(code, with_candidates=False).uri == uri:
        return code
    return uri


def view_to_query(cube: Cube, view: dict) -> str:
    """The URL query string (with its "?") that restores ``view``."""
    subject = subject_query_params(cube, view)  # issue 15: an ISCO group, a skill, all occupations
    params = {
        "occupation": occupation_link_key(cube, view["occupation"]) if view.get("occupation") else None,
        **(subject if "subject" in view else {}),
        "country": view.get("country"),
        "from": view.get("start"),
        "to": view.get("end"),
        "measure": view.get("measure"),
        "skills": skills_param(view["skills"], keys=skill_keys_of(cube)) if view.get("skills") else None,
    }
    # Commas stay literal: "skills=python,java" reads better than "python%2Cjava".
    query = urlencode({k: v for k, v in params.items() if v}, safe=",")
    return f"?{query}" if query else ""


def _quoted(text: str, *, limit: int = 60) -> str:
    """A link parameter as a notice shows it: quoted, and cut (a link may carry anything)."""
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0].strip() if values else None


def view_from_query(cube: Cube, search: str | None) -> tuple[dict, list[str]]:
    """Parse a deep link's query string into a view.

    Parameters
    ----------
    cube
        The loaded cube (for occupations, countries and months).
    search
        ``location.search``, with or without the leading "?".

    Returns
    -------
    view, notices
        Every invalid parameter takes its default and adds one notice sentence saying
        what was ignored and why.
    """
    view = default_view(cube)
    notices: list[str] = []
    params = parse_qs((search or "").lstrip("?"), keep_blank_values=True)

    occupation = _first(params, "occupation")
    occupation_given = bool(occupation)
    if occupation and names_all(occupation):
        view, occupation = with_subject(view, Subject("all", None)), None
    if occupation:
        result = cube.occupation_index.resolve(occupation, with_candidates=False)
        if result.status == "ok":
            view["occupation"] = result.uri
        else:
            why = "names several occupations" if result.status == "ambiguous" else "is not an occupation in this data"
            notices.append(f"Occupation {_quoted(occupation)} {why}: showing {occupation_label(cube, view['occupation'])}.")

    country = _first(params, "country")
    if country:
        from dashboard.reading.resolve import resolve_country

        iso3 = resolve_country(country)
        if iso3 is not None and iso3 in cube.country_set:
            view["country"] = iso3
        else:
            notices.append(f"Country {_quoted(country)} is not a country on the map: showing all countries.")

    months = cube.months
    period = {}
    for name, key in (("from", "start"), ("to", "end")):
        text = _first(params, name)
        if not text:
            continue
        if not _MONTH.match(text):
            notices.append(f"{_quoted(f'{name}={text}')} is not a month (YYYY-MM): using {view[key] or 'the full period'}.")
        elif not months:
            notices.append(f"{_quoted(f'{name}={text}')} ignored: this data has no months.")
        elif text < months[0] or text > months[-1]:
            clipped = months[0] if text < months[0] else months[-1]
            notices.append(f"“{name}={text}” is outside the data ({months[0]} to {months[-1]}): using {clipped}.")
            period[key] = clipped
        else:
            period[key] = text
    start, end = period.get("start", view["start"]), period.get("end", view["end"])
    if start and end and start > end:
        notices.append(f"The period starts ({start}) after it ends ({end}): showing every month.")
    else:
        view["start"], view["end"] = start, end

    measure = _first(params, "measure")
    if measure:
        if measure in MEASURES:
            view["measure"] = measure
        else:
            notices.append(f"Colour mode {_quoted(measure)} is unknown (use {', '.join(MEASURES)}): showing jobs.")

    texts = [v for v in params.get("skills", []) if v.strip()]
    if texts:
        parsed = parse_skills(texts, keys=skill_keys_of(cube), resolve=skill_resolver_of(cube))
        if parsed.uris:
            view["skills"] = parsed.uris
        notice = unknown_notice(parsed.unknown, kept=len(parsed.uris), dropped=parsed.dropped,
                                quote=lambda t: _quoted(t, limit=40))
        if notice:
            notices.append(notice)
    view, subject_notices = read_subject(cube, view, params, occupation_given=occupation_given,
                                         fallback=occupation_label(cube, view["occupation"]))
    return view, notices + subject_notices


def clean_view(cube: Cube, data: object) -> dict | None:
    """A view store's data checked against the cube, or None when it names no occupation.

    The store comes back from the browser, so it may be anything (issue 8): a bad field
    takes its default, an unknown occupation makes the whole view unusable.
    """
    if not isinstance(data, dict):
        return None
    occupation = data.get("occupation")
    if not isinstance(occupation, str) or occupation not in cube.occupation_index:
        return None
    # Not default_view(): this runs on every callback and needs no default occupation.
    months_list = cube.months
    view = {"occupation": occupation, "country": None, "start": months_list[0] if months_list else None,
            "end": months_list[-1] if months_list else None, "measure": DEFAULT_MEASURE}
    country = data.get("country")
    if isinstance(country, str) and country in cube.country_set:
        view["country"] = country
    months = cube.month_set
    start, end = data.get("start"), data.get("end")
    if isinstance(start, str) and isinstance(end, str) and start in months and end in months and start <= end:
        view["start"], view["end"] = start, end
    if isinstance(data.get("measure"), str) and data["measure"] in MEASURES:
        view["measure"] = data["measure"]
    if data.get("skills"):
        skills = clean_selection(data["skills"], keys=skill_keys_of(cube))
        if skills:
            view["skills"] = skills
    view.update(clean_subject(cube, data))  # issue 15: an ISCO group, a skill, all occupations
    return view


def month_label(month: str | None) -> str:
    """ "2025-03" -> "Mar 2025"."""
    if not month:
        return ""
    return pd.Period(month, freq="M").strftime("%b %Y")


def period_label(start: str | None, end: str | None) -> str:
    if not start or not end:
        return "undated (the data carries no period)"
    return month_label(start) if start == end else f"{month_label(start)} – {month_label(end)}"
