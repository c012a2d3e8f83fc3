"""Turn what people type or what postings carry into taxonomy URIs and ISO country codes.

Every comparison goes through :func:`dashboard.text.normalize_label` (NFKC, casefold,
trimmed, single spaces), so "  Software   Developer" and "software developer" are equal.
"""
from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

import pandas as pd
import pycountry

from dashboard.errors import OccupationNotFound, TaxonomyError, UsageError
from dashboard.text import normalize_label

MAX_CANDIDATES = 5
# Words too common to say anything about which occupation was meant.
_STOPWORDS = frozenset({"and", "the", "for", "with", "from", "other", "all"})


def key_index(uris: list[str], keys_per_uri: list[list[str]]) -> dict[str, list[str]]:
    """Normalised key -> the URIs it names, in first-seen order (several URIs: ambiguous)."""
    index: dict[str, list[str]] = {}
    for uri, keys in zip(uris, keys_per_uri):
        for key in keys:
            norm = normalize_label(key)
            if norm:
                hits = index.setdefault(norm, [])
                if uri not in hits:
                    hits.append(uri)
    return index


#: Hex characters of an occupation's option key when no two occupations' keys collide.
OPTION_KEY_CHARS = 10
#: blake2b digest bytes: the longest an option key may grow (in hex, twice this).
_OPTION_KEY_DIGEST_BYTES = 16


def _option_key_digest(uri: str) -> str:
    return hashlib.blake2b(uri.encode("utf-8"), digest_size=_OPTION_KEY_DIGEST_BYTES).hexdigest()


def option_keys(uris: list[str], *, chars: int = OPTION_KEY_CHARS) -> dict[str, str]:
    """A short key per occupation URI, for the picker's option values.

    The occupation dropdown indexes every substring of every option value each time its
    options change, so a ~75-character URI value cost 60-110 ms per keystroke against ~10 ms
    for a short one (issue 6). A key is the first ``chars`` hex digits of the URI's blake2b
    digest: it depends on the URI alone, so a page left open while the cube is rebuilt cannot
    map a key to another occupation. Should two URIs share a key, every key grows by two
    digits (the same URIs always give the same keys).

    Raises
    ------
    TaxonomyError
        When two different URIs share the whole digest (never seen; keys would be ambiguous).
    """
    digests = {uri: _option_key_digest(uri) for uri in dict.fromkeys(uris)}
    width = min(max(1, chars), 2 * _OPTION_KEY_DIGEST_BYTES)
    while True:
        keys = {uri: digest[:width] for uri, digest in digests.items()}
        if len(set(keys.values())) == len(keys):
            return keys
        if width >= 2 * _OPTION_KEY_DIGEST_BYTES:
            seen: dict[str, str] = {}
            for uri, key in keys.items():
                if key in seen:
                    raise TaxonomyError(f"occupations {seen[key]!r} and {uri!r} share the picker key {key!r}: "
                                        "their URIs hash alike, so the picker could not tell them apart")
                seen[key] = uri
        width = min(width + 2, 2 * _OPTION_KEY_DIGEST_BYTES)


@dataclass(frozen=True)
class Resolution:
    """Outcome of resolving one text.

    Attributes
    ----------
    status : str
        "ok" (``uri`` set), "unknown" or "ambiguous".
    uri : str or None
    candidates : tuple of (uri, label)
        Closest matches, best first, at most five. For "ambiguous": the occupations the
        text names; for "unknown": the nearest labels.
    """

    status: str
    uri: str | None
    candidates: tuple[tuple[str, str], ...] = ()


def _split_lines(value: str) -> list[str]:
    return [line for line in str(value).split("\n") if line.strip()]


class _LabelIndex:
    """Exact lookup (two tiers) plus a newline-joined haystack for fast substring search."""

    def __init__(self, uris: list[str], labels: list[str], tier1: list[list[str]],
                 tier2: list[list[str]], searchable: list[list[str]]):
        self.labels = dict(zip(uris, labels))
        self.tier1 = key_index(uris, tier1)
        self.tier2 = key_index(uris, tier2)

        # Search entries in display priority: preferred labels, then codes, then alt labels,
        # each block alphabetical. One string + str.find keeps a search within a few ms
        # for ~35,000 entries (a Python loop over them would not).
        self.entry_uri: list[str] = []
        self.entry_text: list[str] = []
        # (normalised text, uri) -> the text as written, to show what an exact match matched.
        self.original: dict[tuple[str, str], str] = {}
        norms: list[str] = []
        #: Entries per block (preferred labels, codes, alternative labels), in entry order.
        self.block_sizes: list[int] = []
        for block_index in range(len(searchable[0]) if searchable else 0):
            block = []
            for uri, per_uri in zip(uris, searchable):
                for text in per_uri[block_index]:
                    norm = normalize_label(text)
                    if norm:
                        block.append((norm, uri, text.strip()))
            block.sort(key=lambda item: (item[0], item[1]))
            self.block_sizes.append(len(block))
            for norm, uri, text in block:
                self.original.setdefault((norm, uri), text)
                norms.append(norm)
                self.entry_uri.append(uri)
                self.entry_text.append(text)
        self.starts: list[int] = []
        offset = 1
        for norm in norms:
            self.starts.append(offset)
            offset += len(norm) + 1
        self.haystack = "\n" + "\n".join(norms) + "\n"

    def entry_norm(self, position: int) -> str:
        """The normalised text of one entry (a slice of the haystack)."""
        start = self.starts[position]
        return self.haystack[start:self.haystack.index("\n", start)]

    def exact(self, norm: str) -> tuple[str, list[str]] | None:
        for name, tier in (("exact", self.tier1), ("alt", self.tier2)):
            hits = tier.get(norm)
            if hits:
                return name, hits
        return None

    def entries_containing(self, needle: str, *, prefix: bool):
        """Yield entry positions whose text starts with (or contains) ``needle``."""
        pattern = "\n" + needle if prefix else needle
        shift = 1 if prefix else 0
        find = self.haystack.find
        pos = find(pattern)
        while pos != -1:
            yield bisect.bisect_right(self.starts, pos + shift) - 1
            pos = find(pattern, pos + 1)


class OccupationIndex:
    """Find occupations by URI, ESCO code, preferred or alternative label.

    Parameters
    ----------
    occupations : DataFrame
        ``Taxonomy.occupations`` (occupation_uri, code, label, alt_labels).
    """

    def __init__(self, occupations: pd.DataFrame):
        uris = occupations["occupation_uri"].astype(str).tolist()
        labels = occupations["label"].astype(str).tolist()
        codes = occupations["code"].astype(str).tolist() if "code" in occupations else [""] * len(uris)
        alts = ([_split_lines(v) for v in occupations["alt_labels"]]
                if "alt_labels" in occupations else [[] for _ in uris])
        self._codes = dict(zip(uris, codes))
        self._pref_norm = {uri: normalize_label(label) for uri, label in zip(uris, labels)}
        self._index = _LabelIndex(
            uris, labels,
            tier1=[[uri, code, label] for uri, code, label in zip(uris, codes, labels)],
            tier2=alts,
            searchable=[[[label], [code], alt] for label, code, alt in zip(labels, codes, alts)],
        )
        self._pref_norms = list(dict.fromkeys(self._pref_norm.values()))
        self._option_key = option_keys(uris)
        self._uri_of_key = {key: uri for uri, key in self._option_key.items()}
        self._alt_by_start: dict[str, list[str]] = {}
        for norm in self._index.tier2:
            self._alt_by_start.setdefault(norm[:3], []).append(norm)

    def __len__(self) -> int:
        return len(self._index.labels)

    def __contains__(self, uri: object) -> bool:
        return uri in self._index.labels

    def label(self, uri: str) -> str:
        """Preferred label of ``uri`` (KeyError if unknown)."""
        return self._index.labels[uri]

    def code(self, uri: str) -> str:
        """ESCO code of ``uri`` (KeyError if unknown)."""
        return self._codes[uri]

    def option_key(self, uri: str) -> str:
        """The picker's short value for ``uri`` (:func:`option_keys`; KeyError if unknown)."""
        return self._option_key[uri]

    def uri_of_option_key(self, key: object) -> str | None:
        """The occupation a picker value names, or None (anything the browser sends is accepted)."""
        return self._uri_of_key.get(key) if isinstance(key, str) else None

    def resolve(self, text: str, *, with_candidates: bool = True) -> Resolution:
        """Resolve ``text`` to one occupation.

        URI, ESCO code and preferred label are tried first; an alternative label only
        if none of those match. A text naming two occupations at the same tier is
        "ambiguous". Unknown text gets the closest labels as candidates.

        Parameters
        ----------
        text : str
        with_candidates : bool
            Compute closest matches for unknown text (tens of ms). Bulk callers that
            only need the status can switch it off.
        """
        norm = normalize_label(text)
        if not norm:
            return Resolution("unknown", None, ())
        hit = self._index.exact(norm)
        if hit:
            _, uris = hit
            if len(uris) == 1:
                return Resolution("ok", uris[0], ())
            ranked = sorted(uris, key=lambda u: self._index.labels[u])
            return Resolution("ambiguous", None,
                              tuple((u, self._index.labels[u]) for u in ranked[:MAX_CANDIDATES]))
        if not with_candidates:
            return Resolution("unknown", None, ())
        return Resolution("unknown", None, self._closest(norm))

    def resolve_or_raise(self, text: str) -> str:
        """URI of the occupation ``text`` names, or raise :class:`OccupationNotFound`."""
        result = self.resolve(text)
        if result.status == "ok":
            return result.uri
        raise OccupationNotFound(text, list(result.candidates), ambiguous=result.status == "ambiguous")

    def search(self, text: str, *, limit: int = 50) -> list[dict]:
        """Occupations for a type-ahead dropdown.

        Exact matches first, then labels or codes starting with the text, then those
        containing it, over preferred labels, ESCO codes and alternative labels. Each
        occupation appears once.

        Returns
        -------
        list of dict
            ``{"uri", "label", "code", "matched"}``; ``matched`` is the label or code
            that matched (the preferred label when that matched).
        """
        norm = normalize_label(text)
        index = self._index
        found: dict[str, dict] = {}

        def add(uri: str, matched: str) -> bool:
            if uri not in found:
                found[uri] = {"uri": uri, "label": index.labels[uri], "code": self._codes[uri],
                              "matched": matched}
            return len(found) >= limit

        if limit <= 0:
            return []
        if not norm:
            for position in range(len(index.entry_uri)):
                if add(index.entry_uri[position], index.entry_text[position]):
                    break
            return list(found.values())
        hit = index.exact(norm)
        if hit:
            for uri in hit[1]:
                if add(uri, index.original.get((norm, uri), index.labels[uri])):
                    return list(found.values())
        for prefix in (True, False):
            for position in index.entries_containing(norm, prefix=prefix):
                if add(index.entry_uri[position], index.entry_text[position]):
                    return list(found.values())
        return list(found.values())

    def search_table(self) -> dict:
        """What :meth:`search` ranks over, as plain lists, for a client that ranks the same way.

        The occupation picker filters in the browser (issue 6): ``assets/picker.js`` repeats
        :meth:`search` over this table, so the two must stay in step.

        Returns
        -------
        dict
            ``uris``: occupation URIs in table order (a position below is an index into it);
            ``uri_keys``: ``normalize_label`` of each URI (exact matches, like codes and labels);
            ``option_keys``: each occupation's picker value (:meth:`option_key`);
            ``entries``: ``(position, norm, text)`` in search order — preferred labels, then
            codes, then alternative labels, each block sorted by (norm, URI); ``text`` is the
            entry as written, what ``matched`` reports; ``blocks``: entries per block. Exact
            matches come from blocks 0-1 and URIs first, then block 2 (alternative labels),
            each in table order.
        """
        index = self._index
        uris = list(index.labels)
        position = {uri: i for i, uri in enumerate(uris)}
        entries = [(position[uri], index.entry_norm(i), text)
                   for i, (uri, text) in enumerate(zip(index.entry_uri, index.entry_text))]
        return {"uris": uris, "uri_keys": [normalize_label(uri) for uri in uris],
                "option_keys": [self._option_key[uri] for uri in uris], "entries": entries,
                "blocks": list(index.block_sizes)}

    def _closest(self, norm: str) -> tuple[tuple[str, str], ...]:
        """Nearest occupations: shared words first, then spelling similarity."""
        index = self._index
        words = [w for w in re.findall(r"\w+", norm) if len(w) >= 3 and w not in _STOPWORDS]
        shared: Counter = Counter()
        for word in dict.fromkeys(words):
            for uri in {index.entry_uri[p] for p in index.entries_containing(word, prefix=False)}:
                shared[uri] += 1
        # Bound the similarity work when a common word ("manager") matches hundreds.
        pool = [uri for uri, _ in shared.most_common(300)]
        matcher = difflib.SequenceMatcher(b=norm, autojunk=False)

        def similarity(uri: str) -> float:
            matcher.set_seq1(self._pref_norm[uri])
            return matcher.ratio()

        ranked = sorted(pool, key=lambda uri: (-shared[uri], -similarity(uri), index.labels[uri]))
        best = ranked[:MAX_CANDIDATES]
        if len(best) < MAX_CANDIDATES or (best and similarity(best[0]) < 0.6):
            # Typos share no whole word ("electrican", "programer"): fall back to spelling
            # similarity over preferred labels, plus the alternative labels that start like
            # the text (all ~30,000 alt labels would cost a quarter of a second).
            labels = self._pref_norms + self._alt_by_start.get(norm[:3], [])
            close = difflib.get_close_matches(norm, labels, n=3 * MAX_CANDIDATES, cutoff=0.6)
            typo, typo_score = [], 0.0
            for label in close:
                matcher.set_seq1(label)
                typo_score = max(typo_score, matcher.ratio())
                for uri in index.tier1.get(label, []) + index.tier2.get(label, []):
                    if uri not in typo:
                        typo.append(uri)
            if typo and (not best or typo_score > similarity(best[0])):
                best = typo + [u for u in best if u not in typo]
            else:
                best = best + [u for u in typo if u not in best]
        return tuple((uri, index.labels[uri]) for uri in best[:MAX_CANDIDATES])


@functools.lru_cache(maxsize=1)
def browser_normalisation() -> dict:
    """What a browser needs besides ``normalize('NFKC')`` and ``toLowerCase()`` to compute
    :func:`normalize_label` exactly as this Python does.

    Returns
    -------
    dict
        ``fold``: character -> ``casefold()`` for the characters whose case folding differs
        from their lowercase (ß -> ss, ς -> σ, Cherokee, Greek iota subscripts, ...);
        ``spaces``: every character ``str.split()`` and ``str.strip()`` treat as whitespace
        (JavaScript's ``\\s`` differs: it has U+FEFF and lacks U+001C-U+001F and U+0085).
    """
    fold, spaces = {}, []
    for point in range(0x110000):
        char = chr(point)
        if char.isspace():
            spaces.append(char)
        if 0xD800 <= point < 0xE000:
            continue  # lone surrogates cannot be sent as JSON text
        folded = char.casefold()
        if folded != char.lower():
            fold[char] = folded
    return {"fold": fold, "spaces": "".join(spaces)}


class SkillIndex:
    """Resolve posting skills given as URI, preferred label or alternative label.

    An alternative label shared by several skills resolves to nothing (counted as
    unresolved by the build) rather than to an arbitrary one of them.
    """

    def __init__(self, skills: pd.DataFrame):
        uris = skills["skill_uri"].astype(str).tolist()
        labels = skills["label"].astype(str).tolist()
        alts = ([_split_lines(v) for v in skills["alt_labels"]]
                if "alt_labels" in skills else [[] for _ in uris])
        self._tier1 = key_index(uris, [[u, lab] for u, lab in zip(uris, labels)])
        self._tier2 = key_index(uris, alts)
        self._labels = dict(zip(uris, labels))
        self._cache: dict[str, str | None] = {}

    def __len__(self) -> int:
        return len(self._labels)

    def lookup(self, text: str) -> Resolution:
        """Like :meth:`OccupationIndex.resolve` for skills (no closest matches)."""
        norm = normalize_label(text)
        for tier in (self._tier1, self._tier2):
            hits = tier.get(norm) if norm else None
            if hits:
                if len(hits) == 1:
                    return Resolution("ok", hits[0], ())
                return Resolution("ambiguous", None,
                                  tuple((u, self._labels[u]) for u in hits[:MAX_CANDIDATES]))
        return Resolution("unknown", None, ())

    def resolve(self, text: str) -> str | None:
        """URI of the skill ``text`` names, or None if unknown or ambiguous."""
        try:
            return self._cache[text]
        except KeyError:
            uri = self.lookup(text).uri
            self._cache[text] = uri
            return uri


# ----------------------------------------------------------------------------- countries

#: Codes and names outside ISO 3166 that European labour-market data uses.
_COUNTRY_EXTRAS = {
    "EL": "GRC",       # Eurostat's code for Greece
    "UK": "GBR",       # Eurostat's code for the United Kingdom
    "XK": "XKX",       # Kosovo (user-assigned code, used by the EU and Eurostat)
    "XKX": "XKX",
    "Kosovo": "XKX",
    "Republic of Kosovo": "XKX",
    # English short names people write that differ from ISO's.
    "Russia": "RUS",
    "Turkey": "TUR",
    "Czech Republic": "CZE",
    "Great Britain": "GBR",
    "Britain": "GBR",
    "USA": "USA",
    "United States of America": "USA",
    "South Korea": "KOR",
    "North Korea": "PRK",
    "Vatican": "VAT",
    "Vatican City": "VAT",
    "Ivory Coast": "CIV",
    "Cape Verde": "CPV",
    "Swaziland": "SWZ",
    "Macedonia": "MKD",
    "The Netherlands": "NLD",
    "Holland": "NLD",
}


@functools.lru_cache(maxsize=1)
def _country_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        iso3 = country.alpha_3
        keys = [country.alpha_2, country.alpha_3, country.name,
                getattr(country, "official_name", None), getattr(country, "common_name", None)]
        numeric = getattr(country, "numeric", None)
        if numeric:
            keys += [numeric, str(int(numeric))]  # "040" and "40"
        for key in keys:
            if key:
                table.setdefault(normalize_label(key), iso3)
    for key, iso3 in _COUNTRY_EXTRAS.items():
        table[normalize_label(key)] = iso3
    return table


@functools.lru_cache(maxsize=65536)
def resolve_country(text: str) -> str | None:
    """ISO 3166 alpha-3 code for a country code or English name, or None.

    Understands alpha-2, alpha-3, numeric ("040" and "40"), official and common
    English names, Eurostat's EL and UK, and Kosovo (XK, XKX, "Kosovo" -> "XKX").
    Case-insensitive and trimmed; no fuzzy matching.
    """
    if text is None:
        return None
    norm = normalize_label(text)
    if not norm:
        return None
    table = _country_table()
    hit = table.get(norm)
    if hit is None and norm.isdigit():
        hit = table.get(str(int(norm)))
    return hit


def resolve_country_or_raise(text: str) -> str:
    """:func:`resolve_country`, or a :class:`UsageError` naming the closest country names."""
    iso3 = resolve_country(text)
    if iso3 is not None:
        return iso3
    close = closest_countries(text)
    hint = f" Closest matches: {', '.join(close)}." if close else ""
    raise UsageError(f"unknown country {text!r}: give an ISO code (DE, DEU, 276) or an English name.{hint}")


def closest_countries(text: str, *, limit: int = MAX_CANDIDATES) -> list[str]:
    """English names (with the alpha-3 code) of the countries spelled most like ``text``."""
    norm = normalize_label(text or "")
    if not norm:
        return []
    names = {normalize_label(c.name): f"{c.name} ({c.alpha_3})" for c in pycountry.countries}
    for country in pycountry.countries:
        common = getattr(country, "common_name", None)
        if common:
            names.setdefault(normalize_label(common), f"{common} ({country.alpha_3})")
    hits = difflib.get_close_matches(norm, list(names), n=limit, cutoff=0.6)
    starting = [n for n in sorted(names) if n.startswith(norm) and n not in hits]
    return list(dict.fromkeys(names[n] for n in hits + starting))[:limit]
