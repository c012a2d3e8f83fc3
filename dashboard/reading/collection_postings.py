"""Postings asking for ESCO's skill collections (issue 15): the map's green, digital, ... measures.

The build writes ``collection_postings.parquet``: per occupation x country x month, the loaded
postings (individual ads; counts files carry no skills) and how many of them ask for at least
one skill of each collection (``dashboard.building.cube_definition.COLLECTIONS``). A posting
counts once per collection, however many of its skills are in it, so the share of postings
asking for a green skill is ``green / postings`` — what Cedefop and Europass report for the
twin transition. This module holds the table as integer arrays grouped by occupation (as the
cube holds jobs) and adds them up per country for one occupation, several (an ISCO group) or
all, in a period.

A cube built before the table existed has none: :meth:`CollectionPostings.load` returns None
and the page says to rebuild.
"""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple, Sequence

import numpy as np

from dashboard.reading.skill_demand import dictionary_codes

TABLE_FILE = "collection_postings.parquet"
#: The collections, in display order, with the words the page uses for them.
COLLECTION_WORDS: dict[str, str] = {
    "digital": "digital", "green": "green", "transversal": "transversal", "language": "language",
    "research": "research", "digcomp": "DigComp",
}
COLLECTIONS: tuple[str, ...] = tuple(COLLECTION_WORDS)


class CountryShares(NamedTuple):
    """Per country of the cube's map (in its order): postings, and those asking for each collection."""

    postings: np.ndarray
    #: collection -> postings asking for at least one of its skills
    asking: dict[str, np.ndarray]

    def share(self, collection: str) -> np.ndarray:
        """``asking / postings`` per country; NaN where the country has no postings."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.postings > 0, self.asking[collection] / np.maximum(self.postings, 1), np.nan)


class CollectionPostings:
    """``collection_postings.parquet`` as arrays; rows of one occupation are contiguous."""

    def __init__(self, occupations: list[str], offsets: np.ndarray, country: np.ndarray, month: np.ndarray,
                 postings: np.ndarray, asking: np.ndarray):
        self._position = {uri: i for i, uri in enumerate(occupations)}
        self._offsets = offsets
        self._country, self._month = country, month
        self._postings = postings
        #: shape (len(COLLECTIONS), rows)
        self._asking = asking

    @classmethod
    def load(cls, cube_path: Path, *, countries: Sequence[str], months: Sequence[str]) -> "CollectionPostings | None":
        """Read the table of the cube in ``cube_path``; ``countries`` are the map's ISO3 codes
        (positions returned by :meth:`by_country`), ``months`` the cube's sorted months."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        path = Path(cube_path) / TABLE_FILE
        if not path.is_file():
            return None
        table = pq.read_table(path, read_dictionary=["occupation_uri", "iso3", "month"])
        occupation, occupations = dictionary_codes(table, "occupation_uri")
        iso3, iso3_values = dictionary_codes(table, "iso3")
        month, month_values = dictionary_codes(table, "month")
        # The build writes them sorted by occupation; another writer may not (as Cube._read_jobs).
        order = (slice(None) if bool(np.all(occupation[1:] >= occupation[:-1]))
                 else np.argsort(occupation, kind="stable"))
        on_map = {code: i for i, code in enumerate(countries)}
        country_of = np.asarray([on_map.get(code, -1) for code in iso3_values] + [-1], dtype="int32")
        month_at = {m: i for i, m in enumerate(months)}
        month_of = np.asarray([month_at.get(m, -1) for m in month_values] + [-1], dtype="int32")

        def column(name: str) -> np.ndarray:
            return pc.fill_null(table.column(name), 0).to_numpy().astype("int64")[order]

        occupation = occupation[order]
        return cls(occupations, np.searchsorted(occupation, np.arange(len(occupations) + 1)).astype("int64"),
                   country_of[iso3[order]], month_of[month[order]], column("postings"),
                   np.stack([column(name) for name in COLLECTIONS]) if len(table) else
                   np.zeros((len(COLLECTIONS), 0), dtype="int64"))

    def _rows(self, occupation_uris: Sequence[str] | None) -> np.ndarray | slice:
        if occupation_uris is None:
            return slice(None)
        parts = []
        for uri in occupation_uris:
            pos = self._position.get(uri)
            if pos is not None and self._offsets[pos + 1] > self._offsets[pos]:
                parts.append(np.arange(self._offsets[pos], self._offsets[pos + 1], dtype="int64"))
        return np.concatenate(parts) if parts else np.zeros(0, dtype="int64")

    def by_country(self, occupation_uris: Sequence[str] | None, *, first: int, last: int,
                   countries: int) -> CountryShares:
        """Postings and those asking for each collection, per map country (``countries`` of them),
        of ``occupation_uris`` (None: every occupation) in months ``[first, last)``."""
        rows = self._rows(occupation_uris)
        country, month = self._country[rows], self._month[rows]
        keep = (country >= 0) & (month >= first) & (month < last)
        where = country[keep]

        def add(values: np.ndarray) -> np.ndarray:
            return np.bincount(where, weights=values[rows][keep], minlength=countries).astype("int64")

        return CountryShares(add(self._postings),
                             {name: add(self._asking[i]) for i, name in enumerate(COLLECTIONS)})


#: "About the data": what the Green skills and Digital skills measures count.
METHOD_NOTE = ("Green skills / Digital skills = the share of the subject's postings (individual ads; counts files "
               "carry no skills) asking for at least one skill of ESCO's green (digital) skills collection, by "
               "country and for the whole view; a posting counts once however many such skills it names. The map "
               "data export and query --format json give all six collections (digital, green, transversal, "
               "language, research, DigComp).")
NOT_FOR_SKILL = ("The share of postings asking for a skill collection is shown for an occupation, an ISCO group "
                 "or all occupations, not for a skill.")
NOT_BUILT = "This cube was built before skill collections were counted: rebuild it to see these shares."
NO_POSTINGS = "No individual postings in this view (counts carry no skills), so no collection shares."


def asking_text(asking: int, postings: int) -> str:
    """A country's share as a hover line: "41% (1,234 of 3,010 postings)"."""
    return f"{asking / postings:.0%} ({asking:,} of {postings:,} posting{'' if postings == 1 else 's'})"


def shares_of(cube, occupation_uris: Sequence[str] | None, *, start: str | None, end: str | None) -> CountryShares | None:
    """Per map country, postings and those asking for each collection (None: the cube has no table)."""
    table = cube.collection_postings
    if table is None:
        return None
    first, last = cube.month_range(start, end)
    return table.by_country(occupation_uris, first=first, last=last, countries=len(cube.country_codes))


def map_shares(cube, by_country, occupation_uris: Sequence[str] | None, *, collection: str, start: str | None,
               end: str | None):
    """``by_country`` with the measure's columns and the line under the map.

    Columns: ``collection`` (the share, NaN where the country has no postings) and
    ``measure_text`` (the hover line). Returns (frame, note, message): ``message`` is set when no
    country has a value (said on the map), ``note`` always (said under it)."""
    return map_shares_from(cube, by_country, shares_of(cube, occupation_uris, start=start, end=end),
                           collection=collection)


def positions_of(cube, iso3s) -> np.ndarray:
    """Each ISO3's position in the cube's map countries (:attr:`CountryShares.postings`), -1 when not on it."""
    position = {code: i for i, code in enumerate(cube.country_codes)}
    return np.asarray([position.get(code, -1) for code in iso3s], dtype="int64")


def map_shares_from(cube, by_country, shares: CountryShares | None, *, collection: str):
    """:func:`map_shares` for shares already added up (:func:`shares_of`)."""
    nan = np.full(len(by_country), np.nan)
    if shares is None:
        return by_country.assign(**{collection: nan, "measure_text": ""}), NOT_BUILT, NOT_BUILT
    at = positions_of(cube, by_country["iso3"].tolist())
    postings = np.where(at >= 0, shares.postings[np.maximum(at, 0)], 0)
    asking = np.where(at >= 0, shares.asking[collection][np.maximum(at, 0)], 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(postings > 0, asking / np.maximum(postings, 1), np.nan)
    texts = [asking_text(int(a), int(p)) if p else "no individual postings" for a, p in zip(asking, postings)]
    frame = by_country.assign(**{collection: share, "measure_text": texts})
    total, total_asking = int(shares.postings.sum()), int(shares.asking[collection].sum())
    if total == 0:
        return frame, NO_POSTINGS, NO_POSTINGS
    word = COLLECTION_WORDS[collection]
    note = (f"Share of postings asking for at least one skill of ESCO's {word} skills collection; in this view "
            f"{asking_text(total_asking, total)}. Grey: no postings data or no individual postings.")
    return frame, note, None


def short_note(shares: CountryShares | None, *, collection: str) -> str:
    """The view's share (:func:`shares_of`) in one short line (an exported map's subtitle):
    "2% (12 of 624 postings) ask for a green skill; grey: no postings data"."""
    if shares is None:
        return NOT_BUILT
    total = int(shares.postings.sum())
    if total == 0:
        return NO_POSTINGS
    return (f"{asking_text(int(shares.asking[collection].sum()), total)} ask for a "
            f"{COLLECTION_WORDS[collection]} skill; grey: no postings data")


def collections_json(cube, occupation_uris: Sequence[str] | None, *, iso3: str | None, start: str | None,
                     end: str | None) -> dict | None:
    """``query --format json``'s ``"skill_collections"`` (issue 15): the postings of the view (in
    ``iso3``, or everywhere) and, per collection, how many ask for one of its skills and their share
    (null when there are no postings); None for a cube built before them."""
    shares = shares_of(cube, occupation_uris, start=start, end=end)
    if shares is None:
        return None
    if iso3 is None:
        postings, asking = int(shares.postings.sum()), {n: int(v.sum()) for n, v in shares.asking.items()}
    elif iso3 in cube.country_codes:
        at = cube.country_codes.index(iso3)
        postings, asking = int(shares.postings[at]), {n: int(v[at]) for n, v in shares.asking.items()}
    else:
        postings, asking = 0, {n: 0 for n in COLLECTIONS}
    return {"postings": postings,
            **{n: {"postings": asking[n], "share": round(asking[n] / postings, 6) if postings else None}
               for n in COLLECTIONS}}
