"""The view: what a person is looking at, as one immutable value (issue 13).

A :class:`View` names its subject (one occupation, an ISCO-08 group, a skill or all occupations),
the occupation the occupation panels show, a country (None: all), a period (first and last month,
"YYYY-MM", None for undated data), the map measure, the skills the person ticked (issue 14) and
the first row of the list of available jobs. Everything that shows or exports "the current
view" takes one: the page's callbacks, the Export menu, the PDF report and ``python -m
dashboard export``.

It is built in one of three ways that differ only in how they report a problem:

- :meth:`View.from_query` (a deep link, issue 4): a bad parameter takes its default and adds a
  notice sentence saying what was ignored and why;
- :meth:`View.from_store` (the browser's ``view`` store, which may hold anything, issue 8): a bad
  field silently takes its default; ``strict=True`` (an export) raises a :class:`UsageError`
  naming the field instead;
- :meth:`View.from_cli` (command-line flags): a :class:`UsageError` with the CLI's messages
  (exit 2).

:meth:`View.to_query` writes the link that restores a view, :meth:`View.to_store` the store's
JSON. Months are checked (:func:`is_month`), clipped (:func:`clip_month`,
:func:`covered_period`) and written out (:func:`period_text`) here and nowhere else.

The server keeps no per-user state: the view lives in the page (URL + ``dcc.Store``), so any
gunicorn worker can answer any request.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Sequence
from urllib.parse import parse_qs, urlencode

from dashboard.reading.cube import Cube
from dashboard.errors import UsageError
from dashboard.figures import DEFAULT_MEASURE, MEASURES
from dashboard.reading.skill_selection import (clean_selection, parse_skills, skill_keys_of, skill_resolver_of, skills_param,
                                       unknown_notice)
from dashboard.reading.subject_view import ALL_WORDS, Subject, is_valid, link_params, resolve_isco_link, resolve_skill_link
from dashboard.text import normalize_label

#: URL query parameters, in the order a link shows them (issue 15: isco, skill name other subjects).
PARAMS = ("occupation", "isco", "skill", "country", "from", "to", "measure", "skills")
#: URL parameters naming a subject, in the order a link shows them (before the country).
SUBJECT_PARAMS = ("isco", "skill")

#: A month as links, the store, file names and the CLI write it. Months end up in file names and
#: Content-Disposition headers: only this passes.
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
#: What the screen says for data without dates; exports say :data:`UNDATED_EXPORT`.
UNDATED_SCREEN = "undated (the data carries no period)"
UNDATED_EXPORT = "no period: the data carries no dates"


# -- months and periods ------------------------------------------------------------------------

def is_month(value: object) -> bool:
    """Whether ``value`` is a month written "YYYY-MM" (01 to 12)."""
    return isinstance(value, str) and MONTH.match(value) is not None


def clip_month(months: Sequence[str], month: str) -> str:
    """``month`` moved inside the data's ``months`` (to the first or last when outside)."""
    return min(max(month, months[0]), months[-1])


def covered_period(months: Sequence[str], start: str | None, end: str | None) -> tuple[str | None, str | None]:
    """The first and last of the data's ``months`` inside [start, end] (None: open-ended): what a
    chart of that period really covers. The bounds as given when no month falls inside."""
    inside = [m for m in months if (start is None or m >= start) and (end is None or m <= end)]
    return (inside[0], inside[-1]) if inside else (start, end)


def month_label(month: str | None) -> str:
    """ "2025-03" -> "Mar 2025" ("" for none; anything else as it is)."""
    if not month:
        return ""
    try:
        return dt.datetime.strptime(month, "%Y-%m").strftime("%b %Y")
    except ValueError:
        return month


def period_text(start: str | None, end: str | None, *, undated: str = UNDATED_SCREEN) -> str:
    """ "Jan 2024 – Mar 2024", one month, "from Jan 2024" / "until Mar 2024" when one bound is
    open, and ``undated`` without months (issue 16)."""
    if start and end:
        return month_label(start) if start == end else f"{month_label(start)} – {month_label(end)}"
    if start:
        return f"from {month_label(start)}"
    if end:
        return f"until {month_label(end)}"
    return undated


def check_period(start: str | None, end: str | None, *, flags: tuple[str, str] = ("--from", "--to")
                 ) -> tuple[str | None, str | None]:
    """Command-line months (trimmed), or a :class:`UsageError` naming the flag and the problem."""
    months = []
    for flag, value in zip(flags, (start, end)):
        if value is not None:
            value = value.strip()
            if not is_month(value):
                raise UsageError(f"{flag} {value!r}: expected a month as YYYY-MM, e.g. 2024-03")
        months.append(value)
    if months[0] and months[1] and months[0] > months[1]:
        raise UsageError(f"{flags[0]} {months[0]} is after {flags[1]} {months[1]}")
    return months[0], months[1]


# -- names -------------------------------------------------------------------------------------

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


def names_all(text: str | None) -> bool:
    """Whether a link's ``occupation=`` means all occupations."""
    return bool(text) and normalize_label(text) in ALL_WORDS


def _quoted(text: str, *, limit: int = 60) -> str:
    """A link parameter as a notice shows it: quoted, and cut (a link may carry anything)."""
    text = " ".join(text.split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0].strip() if values else None


# -- the view ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """What the screen (or an export) shows. Build one with a ``from_*`` constructor; change it
    with :meth:`with_subject` or :func:`dataclasses.replace` (fields already valid)."""

    #: The occupation the occupation panels show (also while the subject is another kind).
    occupation: str | None
    #: ISO 3166 alpha-3 of the selected country, None for all countries.
    country: str | None = None
    #: First and last month "YYYY-MM" (None: the data carries no period).
    start: str | None = None
    end: str | None = None
    #: What colours the map (:data:`dashboard.figures.MEASURES`).
    measure: str = DEFAULT_MEASURE
    #: URIs of the skills the person ticked (issue 14), in the order they were ticked.
    skills: tuple[str, ...] = ()
    #: What the map and the country panel are about (issue 15); an occupation subject is
    #: always ``Subject("occupation", self.occupation)``.
    subject: Subject = Subject("occupation", None)
    #: First row of the page of available jobs shown (issue 18); not part of links or the store.
    jobs_offset: int = 0

    def __post_init__(self) -> None:
        if self.subject.kind == "occupation" and self.subject.key != self.occupation:
            object.__setattr__(self, "subject", Subject("occupation", self.occupation))
        if not isinstance(self.skills, tuple):
            object.__setattr__(self, "skills", tuple(self.skills))

    # -- changing it ---------------------------------------------------------------------

    def with_subject(self, subject: Subject) -> View:
        """This view about ``subject`` (an occupation subject also becomes the occupation shown)."""
        if subject.kind == "occupation":
            return dataclasses.replace(self, occupation=subject.key or self.occupation, subject=subject)
        return dataclasses.replace(self, subject=subject)

    @property
    def about_one_occupation(self) -> bool:
        return self.subject.kind == "occupation"

    @property
    def other_subject(self) -> Subject | None:
        """The subject when it is not one occupation (an ISCO group, a skill, all occupations)."""
        return None if self.about_one_occupation else self.subject

    # -- constructors ----------------------------------------------------------------------

    @classmethod
    def default(cls, cube: Cube) -> View:
        """The view of a link without parameters: top occupation, all countries, every month, jobs."""
        months = cube.months
        return cls(cube.default_occupation, None, months[0] if months else None, months[-1] if months else None)

    @classmethod
    def from_query(cls, cube: Cube, search: str | None) -> tuple[View, list[str]]:
        """Parse a deep link's query string (``location.search``, with or without its "?").

        Returns
        -------
        view, notices
            Every invalid parameter takes its default and adds one notice sentence saying
            what was ignored and why.
        """
        params = parse_qs((search or "").lstrip("?"), keep_blank_values=True)
        view, notices = cls.default(cube), []
        occupation = _first(params, "occupation")
        occupation_given = bool(occupation)
        if occupation and names_all(occupation):
            view, occupation = view.with_subject(Subject("all", None)), None
        if occupation:
            result = cube.occupation_index.resolve(occupation, with_candidates=False)
            if result.status == "ok":
                view = dataclasses.replace(view, occupation=result.uri)
            else:
                why = "names several occupations" if result.status == "ambiguous" else "is not an occupation in this data"
                notices.append(f"Occupation {_quoted(occupation)} {why}: "
                               f"showing {occupation_label(cube, view.occupation)}.")
        country = _first(params, "country")
        if country:
            from dashboard.reading.resolve import resolve_country

            iso3 = resolve_country(country)
            if iso3 is not None and iso3 in cube.country_set:
                view = dataclasses.replace(view, country=iso3)
            else:
                notices.append(f"Country {_quoted(country)} is not a country on the map: showing all countries.")
        view = view._period_from_query(cube, params, notices)
        measure = _first(params, "measure")
        if measure:
            if measure in MEASURES:
                view = dataclasses.replace(view, measure=measure)
            else:
                notices.append(f"Colour mode {_quoted(measure)} is unknown (use {', '.join(MEASURES)}): showing jobs.")
        texts = [v for v in params.get("skills", []) if v.strip()]
        if texts:
            parsed = parse_skills(texts, keys=skill_keys_of(cube), resolve=skill_resolver_of(cube))
            view = dataclasses.replace(view, skills=tuple(parsed.uris))
            notice = unknown_notice(parsed.unknown, kept=len(parsed.uris), dropped=parsed.dropped,
                                    quote=lambda t: _quoted(t, limit=40))
            if notice:
                notices.append(notice)
        return view._subject_from_query(cube, params, notices, occupation_given=occupation_given)

    def _period_from_query(self, cube: Cube, params: dict[str, list[str]], notices: list[str]) -> View:
        months, period = cube.months, {}
        for name, key in (("from", "start"), ("to", "end")):
            text = _first(params, name)
            if not text:
                continue
            if not is_month(text):
                notices.append(f"{_quoted(f'{name}={text}')} is not a month (YYYY-MM): "
                               f"using {getattr(self, key) or 'the full period'}.")
            elif not months:
                notices.append(f"{_quoted(f'{name}={text}')} ignored: this data has no months.")
            elif clip_month(months, text) != text:
                period[key] = clip_month(months, text)
                notices.append(f"“{name}={text}” is outside the data ({months[0]} to {months[-1]}): "
                               f"using {period[key]}.")
            else:
                period[key] = text
        start, end = period.get("start", self.start), period.get("end", self.end)
        if start and end and start > end:
            notices.append(f"The period starts ({start}) after it ends ({end}): showing every month.")
            return self
        return dataclasses.replace(self, start=start, end=end)

    def _subject_from_query(self, cube: Cube, params: dict[str, list[str]], notices: list[str], *,
                            occupation_given: bool) -> tuple[View, list[str]]:
        """The subject a link's ``isco=``/``skill=`` (or a lone ``country=``) names; notices for
        values that name nothing (closest matches listed) or a second subject. A link that named
        an occupation (or all occupations) already keeps it."""
        view = self
        given = [(name, value) for name in SUBJECT_PARAMS if (value := (_first(params, name) or ""))]
        for position, (name, value) in enumerate(given):
            if occupation_given or position > 0:
                notices.append(f"One subject at a time: {_quoted(f'{name}={value}')} ignored.")
                continue
            try:
                key = resolve_isco_link(cube, value) if name == "isco" else resolve_skill_link(cube, value)
            except UsageError as error:
                notices.append(f"{_sentence(str(error)[:600])} Showing {occupation_label(cube, view.occupation)}.")
                return view, notices
            view = view.with_subject(Subject(name, key))
        if not occupation_given and not given and view.country and _first(params, "country"):
            # "?country=POL" alone: what employers there look for, every occupation.
            view = view.with_subject(Subject("all", None))
        return view, notices

    @classmethod
    def from_store(cls, cube: Cube, data: object, *, strict: bool = False) -> View | None:
        """The ``view`` store's data checked against the cube; None when it names no occupation.

        The store comes back from the browser, so it may be anything (issue 8). A bad field takes
        its default; with ``strict`` (an export, which must never show something else than asked)
        it raises a :class:`UsageError` naming the field instead, and months outside the data are
        clipped to what it covers (:func:`covered_period`).
        """
        data = data if isinstance(data, dict) else {}
        occupation = data.get("occupation")
        if not isinstance(occupation, str) or occupation not in cube.occupation_index:
            if strict and occupation:
                raise UsageError(f"occupation {occupation!r} is not in this cube")
            return None
        months = cube.months
        view = cls(occupation, None, months[0] if months else None, months[-1] if months else None)
        changes = {}
        country = data.get("country")
        if isinstance(country, str) and country in cube.country_set:
            changes["country"] = country
        elif strict and country:
            changes["country"] = _map_country(country)
        start, end = data.get("start"), data.get("end")
        if strict:
            start, end = start or None, end or None
            for flag, month in (("start", start), ("end", end)):
                if month is not None and not is_month(month):
                    raise UsageError(f"{flag} month {month!r}: expected YYYY-MM, e.g. 2024-03")
            changes["start"], changes["end"] = covered_period(months, start, end)
        elif isinstance(start, str) and isinstance(end, str) and start in cube.month_set \
                and end in cube.month_set and start <= end:
            changes["start"], changes["end"] = start, end
        measure = (data.get("measure") or DEFAULT_MEASURE) if strict else data.get("measure")
        if isinstance(measure, str) and measure in MEASURES:
            changes["measure"] = measure
        elif strict:
            raise UsageError(f"map measure {measure!r}: expected one of {', '.join(MEASURES)}")
        if data.get("skills"):
            changes["skills"] = tuple(clean_selection(data["skills"], keys=skill_keys_of(cube)))
        subject = _store_subject(cube, data, strict=strict)
        view = dataclasses.replace(view, **changes)
        return view.with_subject(subject) if subject is not None else view

    @classmethod
    def from_cli(cls, cube: Cube, *, occupation: str | None, country: str | None = None, start: str | None = None,
                 end: str | None = None, measure: str = DEFAULT_MEASURE, skills: Sequence[str] = (),
                 jobs_offset: int = 0, isco: str | None = None, skill: str | None = None,
                 all_occupations: bool = False) -> View:
        """The view command-line flags name: ``occupation`` and ``country`` as a person types them,
        ``start``/``end`` as ``--from``/``--to``. Months are clipped to what the data covers.

        Issue 15: instead of an occupation, ``isco`` (an ISCO-08 code or label, as ``query
        --isco``), ``skill`` (as ``query --skill``) or ``all_occupations`` (also
        ``occupation="all"``) names the subject; the occupation panels then keep the cube's
        default occupation, as the page does.

        Raises
        ------
        UsageError
            Naming the flag and the problem (unknown occupation, ISCO group, skill or country with
            the closest matches, a month that is not YYYY-MM, --from after --to, an unknown
            measure, no subject or more than one).
        """
        start, end = check_period(start, end)
        given = [flag for flag, value in (("--occupation", occupation), ("--isco", isco), ("--skill", skill),
                                          ("--all", all_occupations or None)) if value is not None]
        if len(given) > 1:
            raise UsageError(f"one subject at a time: {' and '.join(given)} given")
        if not given:
            raise UsageError("give a subject: --occupation TEXT, --isco CODE, --skill TEXT or --all")
        subject = None
        if occupation is not None and names_all(occupation.strip()):
            occupation, all_occupations = None, True
        if isco is not None:
            subject = Subject("isco", resolve_isco_link(cube, isco))
        elif skill is not None:
            subject = Subject("skill", resolve_skill_link(cube, skill))
        elif all_occupations:
            subject = Subject("all", None)
        uri = cube.occupation_index.resolve_or_raise(occupation) if subject is None else cube.default_occupation
        iso3 = None
        if country is not None:
            from dashboard.reading.resolve import resolve_country_or_raise

            # Unknown text: the message names the closest country names (query, jobs and export alike).
            iso3 = _map_country(resolve_country_or_raise(country))
        if measure not in MEASURES:
            raise UsageError(f"--measure {measure!r}: expected one of {', '.join(MEASURES)}")
        first, last = covered_period(cube.months, start, end)
        view = cls(uri, iso3, first, last, measure, tuple(skills), jobs_offset=jobs_offset)
        return view.with_subject(subject) if subject is not None else view

    # -- writing it out --------------------------------------------------------------------

    def to_store(self) -> dict:
        """The ``view`` store's JSON: ``{"occupation", "country", "start", "end", "measure"}``,
        ``"skills"`` only when some are ticked, and ``"subject"`` (with ``"isco"`` or ``"skill"``)
        only for another subject than one occupation, so older stores and links read the same."""
        data = {"occupation": self.occupation, "country": self.country, "start": self.start, "end": self.end,
                "measure": self.measure}
        if self.skills:
            data["skills"] = list(self.skills)
        if self.subject.kind != "occupation":
            data["subject"] = self.subject.kind
            if self.subject.kind in ("isco", "skill"):
                data[self.subject.kind] = self.subject.key
        return data

    def to_query(self, cube: Cube) -> str:
        """The URL query string (with its "?") that restores this view ("" for none)."""
        kind = self.subject.kind
        subject = {} if kind in ("occupation", "all") else link_params(cube, self.subject)
        params = {
            "occupation": ("all" if kind == "all" and not self.country else None) if kind != "occupation"
            else occupation_link_key(cube, self.occupation) if self.occupation else None,
            **subject,
            "country": self.country,
            "from": self.start,
            "to": self.end,
            "measure": self.measure,
            "skills": skills_param(self.skills, keys=skill_keys_of(cube)) if self.skills else None,
        }
        # Commas stay literal: "skills=python,java" reads better than "python%2Cjava".
        query = urlencode({k: v for k, v in params.items() if v}, safe=",")
        return f"?{query}" if query else ""

    def period_text(self, *, undated: str = UNDATED_SCREEN) -> str:
        """The period as people read it ("Jan 2024 – Mar 2024")."""
        return period_text(self.start, self.end, undated=undated)


def _map_country(value: object) -> str:
    """An ISO 3166 alpha-3 code of a country on the map, or a :class:`UsageError` saying so."""
    from dashboard import geo

    if not isinstance(value, str):
        raise UsageError(f"country {value!r}: expected an ISO 3166 alpha-3 code")
    iso3 = value.strip().upper()
    if geo.country_name(iso3, default=None) is None:
        raise UsageError(f"country {iso3!r} is not an ISO 3166 alpha-3 code of a country on the map")
    return iso3


def _store_subject(cube: Cube, data: dict, *, strict: bool) -> Subject | None:
    """The subject a store's ``data`` names in this cube (None: its occupation). One that names
    nothing falls back to the occupation, or raises with ``strict``."""
    kind = data.get("subject")
    if kind not in ("isco", "skill", "all"):
        return None
    key = data.get(kind) if kind in ("isco", "skill") else None
    subject = Subject(kind, key if isinstance(key, str) else None)
    if is_valid(cube, subject):
        return subject
    if strict:
        raise UsageError(f"{kind} {key!r} is not in this cube")
    return None
