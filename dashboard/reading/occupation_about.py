"""What the occupation is (issue 14, point 1): the content of the page's "About the occupation" panel.

A pure builder: from the taxonomy's facts about one occupation (kept in the cube) to the texts
the panel shows. Nothing is fetched; the ESCO page is a link to the concept URI.
"""
from __future__ import annotations

from typing import NamedTuple

from dashboard.reading.occupation_hierarchy import OccupationRef, hierarchy_refs

#: Characters of a description shown before it folds ("more" unfolds the rest): about three
#: lines of the panel at 1280 px.
FOLD_CHARS = 320
#: Where ESCO's concept URIs live; each resolves to the concept's page in the ESCO portal.
ESCO_URI_PREFIX = "http://data.europa.eu/esco/"
#: What the panel says when the taxonomy has no description for the occupation.
NO_DESCRIPTION = "The taxonomy gives no description for this occupation."


class OccupationAbout(NamedTuple):
    """The panel's content; strings are "" when the taxonomy lacks them."""

    label: str
    code: str  # ESCO code, e.g. "2511.2"
    isco_code: str  # ISCO-08 unit group, e.g. "2511"
    isco_label: str
    alt_labels: tuple[str, ...]
    #: The description up to the fold (the whole of it when short), or :data:`NO_DESCRIPTION`.
    lead: str
    #: The rest of the description, shown on "more" ("" when nothing is folded).
    rest: str
    has_description: bool
    #: The concept's ESCO page (its URI) for an ESCO concept, else "" (the demo's URIs name no page).
    link: str
    #: ESCO occupations directly broader and narrower (broaderRelationsOccPillar), by label.
    broader: tuple[OccupationRef, ...] = ()
    narrower: tuple[OccupationRef, ...] = ()
    #: False when the taxonomy had no broaderRelationsOccPillar file: the panel says nothing then.
    hierarchy_known: bool = False


def split_description(text: str, fold_chars: int = FOLD_CHARS) -> tuple[str, str]:
    """(lead, rest): the text cut at the last space before ``fold_chars`` (at ``fold_chars``
    when a word is longer than that), so no word is split; rest is "" when the text is short."""
    text = " ".join(text.split())
    if len(text) <= fold_chars:
        return text, ""
    cut = text.rfind(" ", 0, fold_chars + 1)
    if cut <= 0:
        cut = fold_chars
    return text[:cut].rstrip(), text[cut:].lstrip()


def alt_labels_of(value: object, *, label: str = "") -> tuple[str, ...]:
    """The alternative labels in the cube's "\\n"-joined form, each once, in the taxonomy's order,
    without the preferred label."""
    if not isinstance(value, str):
        return ()
    seen: dict[str, None] = {}
    for line in value.splitlines():
        line = line.strip()
        if line and line != label:
            seen.setdefault(line, None)
    return tuple(seen)


def occupation_about(uri: str, *, label: str, code: str, isco_code: str, isco_label: str, description: str,
                     alt_labels: object, fold_chars: int = FOLD_CHARS, broader: tuple[OccupationRef, ...] = (),
                     narrower: tuple[OccupationRef, ...] = (), hierarchy_known: bool = False) -> OccupationAbout:
    """The panel's content for one occupation from its taxonomy facts."""
    lead, rest = split_description(description or "", fold_chars)
    has_description = bool(lead)
    link = uri if uri.startswith(ESCO_URI_PREFIX) else ""
    return OccupationAbout(label=label, code=code, isco_code=isco_code, isco_label=isco_label,
                           alt_labels=alt_labels_of(alt_labels, label=label),
                           lead=lead if has_description else NO_DESCRIPTION, rest=rest,
                           has_description=has_description, link=link, broader=tuple(broader),
                           narrower=tuple(narrower), hierarchy_known=hierarchy_known)


def occupation_about_in(cube, uri: str, *, fold_chars: int = FOLD_CHARS) -> OccupationAbout | None:
    """:func:`occupation_about` for an occupation of the cube (None when the cube has no such one)."""
    facts = cube.occupation_facts.get(uri)
    if facts is None:
        return None
    hierarchy = cube.occupation_hierarchy
    all_facts = cube.occupation_facts
    return occupation_about(uri, label=facts.label, code=facts.code, isco_code=facts.isco_group,
                            isco_label=cube.isco_labels.get(facts.isco_group, ""), description=facts.description,
                            alt_labels=cube.occupation_alt_labels.get(uri, ""), fold_chars=fold_chars,
                            broader=hierarchy_refs(hierarchy.broader_of(uri), all_facts),
                            narrower=hierarchy_refs(hierarchy.narrower_of(uri), all_facts),
                            hierarchy_known=hierarchy.available)


def occupation_details_json(cube, uri: str) -> dict:
    """What ``query``'s "occupation" object gains (DESIGN.md, issue 14): the full description,
    the alternative labels, and the broader and narrower ESCO occupations ([] when the taxonomy
    had no broaderRelationsOccPillar file)."""
    facts = cube.occupation_facts[uri]
    hierarchy = cube.occupation_hierarchy
    all_facts = cube.occupation_facts

    def refs(uris) -> list[dict]:
        return [{"uri": r.uri, "label": r.label, "code": r.code} for r in hierarchy_refs(uris, all_facts)]

    return {"description": " ".join((facts.description or "").split()),
            "alt_labels": list(alt_labels_of(cube.occupation_alt_labels.get(uri, ""), label=facts.label)),
            "broader": refs(hierarchy.broader_of(uri)), "narrower": refs(hierarchy.narrower_of(uri))}
