"""Load an ESCO CSV bundle (or the demo taxonomy) into four tidy DataFrames.

A bundle is what people download from the ESCO portal: a zip, a folder of CSVs, or a
folder holding the zips (v1.1 ships two: classification + relations). Files are found
by name, any language suffix:

===============  ==================================================================
occupations      ``occupations_<lang>.csv``
skills           ``skills_<lang>.csv``
ISCO groups      ``ISCOGroups_<lang>.csv``
relations        ``occupationSkillRelations.csv`` (v1.1) or
                 ``occupationSkillRelations_<lang>.csv`` (v1.2, extra label columns)
===============  ==================================================================

Everything is read as text (``dtype=str``) so ISCO codes keep their leading zeros
("0110"). Odd rows are never dropped silently: each kind of oddity is counted and
described in ``Taxonomy.issues``.
"""
from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from dashboard.errors import TaxonomyError
from dashboard.esco import BREAKDOWN_GROUPS
from dashboard.building.esco_files import _read_csv, _Source

if TYPE_CHECKING:
    from dashboard.reading.occupation_hierarchy import OccupationHierarchy
    from dashboard.reading.skill_hierarchy import SkillHierarchy

#: Our own URI namespace for the generated demo taxonomy (.invalid is reserved, RFC 2606),
#: so demo rows can never be mistaken for ESCO concepts.
DEMO_NAMESPACE = "https://job-atlas.invalid/demo/"
DEMO_OCCUPATION_NAMESPACE = DEMO_NAMESPACE + "occupation/"
DEMO_SKILL_NAMESPACE = DEMO_NAMESPACE + "skill/"
DEMO_SOURCE = "Job Atlas demo taxonomy (generated)"
RELATIONS = ("essential", "optional")
SKILL_TYPES = ("knowledge", "skill/competence")

#: What the UI and README say wherever demo data is shown.
DEMO_NOTICE = "Demo data — generated, not real postings"


# Issues list at most this many example rows; the count is always complete.
_MAX_EXAMPLES = 5


@dataclass(frozen=True)
class _Kind:
    """One of the four files of a bundle: how to find it and which columns it needs."""

    key: str
    pattern: re.Pattern
    expected: str  # the name shown in messages
    required: tuple[str, ...]
    optional: tuple[str, ...]


_KINDS = (
    _Kind("occupations", re.compile(r"^occupations_([A-Za-z-]+)\.csv$", re.I), "occupations_<lang>.csv",
          ("conceptUri", "preferredLabel", "iscoGroup"), ("altLabels", "code", "description")),
    _Kind("skills", re.compile(r"^skills_([A-Za-z-]+)\.csv$", re.I), "skills_<lang>.csv",
          ("conceptUri", "preferredLabel"), ("altLabels", "skillType", "reuseLevel", "description")),
    _Kind("isco_groups", re.compile(r"^ISCOGroups_([A-Za-z-]+)\.csv$", re.I), "ISCOGroups_<lang>.csv",
          ("code", "preferredLabel"), ()),
    _Kind("relations", re.compile(r"^occupationSkillRelations(?:_([A-Za-z-]+))?\.csv$", re.I),
          "occupationSkillRelations.csv or occupationSkillRelations_<lang>.csv",
          ("occupationUri", "relationType", "skillUri"), ("skillType",)),
)
_EXPECTED_FILES = ", ".join(kind.expected for kind in _KINDS)


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """An occupation/skill taxonomy in the shape the cube and dashboard use.

    Attributes
    ----------
    occupations : DataFrame
        occupation_uri, code (ESCO code, e.g. "2511.2"), label, alt_labels ("\\n"-joined),
        isco_group (4-digit str), description.
    isco_groups : DataFrame
        code ("2", "25", "251", "2511"), label, parent_code (str or None), level (1-4).
    skills : DataFrame
        skill_uri, label, alt_labels, skill_type ("knowledge", "skill/competence" or ""),
        reuse_level, description.
    relations : DataFrame
        occupation_uri, skill_uri, relation ("essential"|"optional"), skill_type; only
        rows whose occupation and skill are both known.
    issues : list of str
        Everything odd found while loading, one readable sentence each.
    source : str
        "ESCO v1.1.1 (en)", "ESCO (de)" or "Job Atlas demo taxonomy (generated)".
    is_demo : bool
        True when the occupations live in the demo namespace.
    language : str
        Language suffix of the label files ("en").
    files : tuple of str
        Locations of the files read.
    skill_hierarchy : SkillHierarchy or None
        ESCO's skill groups, broader relations and collections
        (:mod:`dashboard.building.skill_hierarchy`; its own ``issues`` and per-file row counts), empty
        when the bundle has none of those files.
    occupation_hierarchy : OccupationHierarchy or None
        ESCO's broader relations between occupations and ISCO groups
        (:mod:`dashboard.building.occupation_hierarchy`, issue 14), empty when the bundle has no
        broaderRelationsOccPillar file.
    """

    occupations: pd.DataFrame
    isco_groups: pd.DataFrame
    skills: pd.DataFrame
    relations: pd.DataFrame
    issues: list[str]
    source: str
    is_demo: bool
    language: str = "en"
    files: tuple[str, ...] = field(default=())
    skill_hierarchy: "SkillHierarchy | None" = None
    occupation_hierarchy: "OccupationHierarchy | None" = None

    def skill_breakdown(self, occupation_uri: str) -> dict[str, int]:
        """Count an occupation's skills in the four groups of ``BREAKDOWN_GROUPS``.

        Relations whose skill type is unknown ("") are in none of the four groups.
        """
        rel = self.relations[self.relations["occupation_uri"] == occupation_uri]
        counts = dict.fromkeys(BREAKDOWN_GROUPS, 0)
        for (relation, skill_type), n in rel.groupby(["relation", "skill_type"]).size().items():
            group = f"{relation}_{'knowledge' if skill_type == 'knowledge' else 'skill'}"
            if skill_type and group in counts:
                counts[group] += int(n)
        return counts


# --------------------------------------------------------------------------- discovery

def _match(name: str) -> tuple[_Kind, str | None] | None:
    base = name.rsplit("/", 1)[-1]
    for kind in _KINDS:
        m = kind.pattern.match(base)
        if m:
            return kind, (m.group(1).lower() if m.group(1) else None)
    return None


def _sources_in_zip(path: Path) -> list[_Source]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [info.filename for info in zf.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise TaxonomyError(f"{path}: cannot open as a zip ({exc}); expected an ESCO CSV bundle") from exc
    found = []
    for name in sorted(names):
        hit = _match(name)
        if hit:
            kind, lang = hit
            base = name.rsplit("/", 1)[-1]
            found.append(_Source(kind.key, lang, base, f"{path.name}!{name}", path, name))
    return found


def _sources_in_csv(path: Path) -> list[_Source]:
    hit = _match(path.name)
    if not hit:
        return []
    kind, lang = hit
    return [_Source(kind.key, lang, path.name, str(path), path, None)]


def _discover(paths: Sequence[Path | str], issues: list[str]) -> list[_Source]:
    sources: list[_Source] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise TaxonomyError(f"ESCO path {path} does not exist (expected a zip, a folder of CSVs, "
                                "or a folder holding the ESCO zips)")
        if path.is_dir():
            found: list[_Source] = []
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() == ".zip":
                    in_zip = _sources_in_zip(child)
                    if not in_zip:
                        issues.append(f"{child}: zip holds none of the ESCO files ({_EXPECTED_FILES}); ignored")
                    found += in_zip
                elif child.is_file() and child.suffix.lower() == ".csv":
                    found += _sources_in_csv(child)
            if not found:
                raise TaxonomyError(f"{path}: folder holds none of the ESCO files; expected {_EXPECTED_FILES} "
                                    "(as CSVs or inside the downloaded zips)")
            sources += found
        elif zipfile.is_zipfile(path):
            found = _sources_in_zip(path)
            if not found:
                raise TaxonomyError(f"{path}: not an ESCO bundle; expected files {_EXPECTED_FILES}")
            sources += found
        elif path.suffix.lower() == ".csv":
            found = _sources_in_csv(path)
            if not found:
                raise TaxonomyError(f"{path}: not an ESCO file name; expected {_EXPECTED_FILES}")
            sources += found
        else:
            raise TaxonomyError(f"{path}: neither a zip, a CSV nor a folder; expected an ESCO CSV bundle "
                                f"({_EXPECTED_FILES})")
    return sources


def _choose_language(sources: list[_Source], issues: list[str]) -> str:
    langs = sorted({s.lang for s in sources if s.lang and s.kind != "relations"})
    if not langs:
        return "en"
    if len(langs) == 1:
        return langs[0]
    # Several languages side by side (e.g. en + de downloads in one folder): labels must
    # come from one language, so keep English if present, else the first alphabetically.
    chosen = "en" if "en" in langs else langs[0]
    issues.append(f"label files in several languages ({', '.join(langs)}): using {chosen!r}")
    return chosen


# --------------------------------------------------------------------------- reading

def _read_kind(kind: _Kind, sources: list[_Source], issues: list[str]) -> tuple[pd.DataFrame, str]:
    frames = []
    for source in sources:
        frame = _read_csv(source)
        missing = [c for c in kind.required if c not in frame.columns]
        if missing:
            raise TaxonomyError(
                f"{source.location}: missing column {', '.join(repr(c) for c in missing)} "
                f"(expected {', '.join(kind.required)}; found {', '.join(frame.columns) or 'no columns'})")
        absent = [c for c in kind.optional if c not in frame.columns]
        if absent:
            issues.append(f"{source.name}: no column {', '.join(absent)} (left empty)")
            for c in absent:
                frame[c] = ""
        frames.append(frame[list(kind.required + kind.optional)])
    name = " + ".join(dict.fromkeys(s.name for s in sources))
    if len(frames) == 1:
        return frames[0], name
    return pd.concat(frames, ignore_index=True), name


def _strip(series: pd.Series) -> pd.Series:
    return series.str.strip()


def _clean_lines(series: pd.Series) -> pd.Series:
    """Alt labels: one per line; trim each, drop blank lines and repeats."""
    return pd.Series(
        ["\n".join(dict.fromkeys(line.strip() for line in value.splitlines() if line.strip()))
         for value in series],
        index=series.index, dtype=object)


def _examples(records: pd.Index | list) -> str:
    items = [str(int(i) + 1) for i in list(records)[:_MAX_EXAMPLES]]
    more = ", ..." if len(records) > _MAX_EXAMPLES else ""
    return f"(records {', '.join(items)}{more})"


def _drop_blank(frame: pd.DataFrame, column: str, name: str, what: str, issues: list[str]) -> pd.DataFrame:
    blank = frame[column] == ""
    if blank.any():
        issues.append(f"{name}: {int(blank.sum())} {what} without {_column_label(column)} skipped "
                      f"{_examples(frame.index[blank])}")
        frame = frame[~blank]
    return frame


def _column_label(column: str) -> str:
    """The ESCO header name behind one of our column names (for messages)."""
    return {"occupation_uri": "conceptUri", "skill_uri": "conceptUri", "code": "code"}.get(column, column)


def _drop_duplicates(frame: pd.DataFrame, column: str, name: str, what: str, issues: list[str]) -> pd.DataFrame:
    dup = frame.duplicated(column, keep="first")
    if dup.any():
        issues.append(f"{name}: {int(dup.sum())} {what} repeat a {_column_label(column)} seen before "
                      f"(first kept) {_examples(frame.index[dup])}")
        frame = frame[~dup]
    return frame


def _isco_groups(raw: pd.DataFrame, name: str, issues: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({"code": _strip(raw["code"]), "label": _strip(raw["preferredLabel"])})
    bad = ~frame["code"].str.fullmatch(r"\d{1,4}")
    if bad.any():
        issues.append(f"{name}: {int(bad.sum())} ISCO groups with a code that is not 1-4 digits skipped "
                      f"{_examples(frame.index[bad])}")
        frame = frame[~bad]
    frame = _drop_duplicates(frame, "code", name, "ISCO groups", issues)
    frame = frame.assign(
        parent_code=[code[:-1] or None for code in frame["code"]],
        level=frame["code"].str.len().astype("int64"),
    )
    orphans = frame["parent_code"].notna() & ~frame["parent_code"].isin(set(frame["code"]))
    if orphans.any():
        issues.append(f"{name}: {int(orphans.sum())} ISCO groups whose parent group is not in the file "
                      f"(e.g. {', '.join(frame.loc[orphans, 'code'].head(_MAX_EXAMPLES))})")
    return frame.sort_values("code", kind="stable").reset_index(drop=True)


def _label_unlabelled(frame: pd.DataFrame, uri_column: str, name: str, what: str, issues: list[str]) -> None:
    """Rows without a preferredLabel are kept (relations and postings may point at them),
    labelled with their URI, and reported."""
    no_label = frame["label"] == ""
    if no_label.any():
        issues.append(f"{name}: {int(no_label.sum())} {what} without preferredLabel "
                      f"(URI used as label) {_examples(frame.index[no_label])}")
        frame.loc[no_label, "label"] = frame.loc[no_label, uri_column]

def _occupations(raw: pd.DataFrame, name: str, isco_codes: set[str], issues: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "occupation_uri": _strip(raw["conceptUri"]),
        "code": _strip(raw["code"]),
        "label": _strip(raw["preferredLabel"]),
        "alt_labels": _clean_lines(raw["altLabels"]),
        "isco_group": _strip(raw["iscoGroup"]),
        "description": _strip(raw["description"]),
    })
    frame = _drop_blank(frame, "occupation_uri", name, "occupations", issues)
    frame = _drop_duplicates(frame, "occupation_uri", name, "occupations", issues)
    _label_unlabelled(frame, "occupation_uri", name, "occupations", issues)
    no_code = frame["code"] == ""
    if no_code.any():
        issues.append(f"{name}: {int(no_code.sum())} occupations without an ESCO code "
                      f"{_examples(frame.index[no_code])}")
    dup_code = frame["code"].ne("") & frame.duplicated("code", keep=False)
    if dup_code.any():
        issues.append(f"{name}: {int(dup_code.sum())} occupations share an ESCO code with another "
                      f"(e.g. {', '.join(frame.loc[dup_code, 'code'].drop_duplicates().head(_MAX_EXAMPLES))}); "
                      "those codes resolve as ambiguous")
    unknown_group = ~frame["isco_group"].isin(isco_codes) | ~frame["isco_group"].str.fullmatch(r"\d{4}")
    if unknown_group.any():
        issues.append(f"{name}: {int(unknown_group.sum())} occupations whose iscoGroup is not a 4-digit "
                      f"group of the ISCOGroups file {_examples(frame.index[unknown_group])}")
    return frame.reset_index(drop=True)


def _skills(raw: pd.DataFrame, name: str, issues: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "skill_uri": _strip(raw["conceptUri"]),
        "label": _strip(raw["preferredLabel"]),
        "alt_labels": _clean_lines(raw["altLabels"]),
        "skill_type": _strip(raw["skillType"]).str.lower(),
        "reuse_level": _strip(raw["reuseLevel"]),
        "description": _strip(raw["description"]),
    })
    frame = _drop_blank(frame, "skill_uri", name, "skills", issues)
    frame = _drop_duplicates(frame, "skill_uri", name, "skills", issues)
    _label_unlabelled(frame, "skill_uri", name, "skills", issues)
    odd = ~frame["skill_type"].isin(SKILL_TYPES + ("",))
    if odd.any():
        issues.append(f"{name}: {int(odd.sum())} skills with a skillType other than "
                      f"{' / '.join(SKILL_TYPES)} (e.g. {frame.loc[odd, 'skill_type'].iloc[0]!r}; treated as unknown)")
        frame.loc[odd, "skill_type"] = ""
    empty = frame["skill_type"] == ""
    if empty.any():
        issues.append(f"{name}: {int(empty.sum())} skills without skillType "
                      "(in no knowledge / skill-competence group)")
    return frame.reset_index(drop=True)


def _relations(raw: pd.DataFrame, name: str, occupations: pd.DataFrame, occ_name: str,
               skills: pd.DataFrame, skill_name: str, issues: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({
        "occupation_uri": _strip(raw["occupationUri"]),
        "skill_uri": _strip(raw["skillUri"]),
        "relation": _strip(raw["relationType"]).str.lower(),
        "skill_type": _strip(raw["skillType"]).str.lower(),
    })
    unknown_occ = ~frame["occupation_uri"].isin(set(occupations["occupation_uri"]))
    if unknown_occ.any():
        issues.append(f"{name}: {int(unknown_occ.sum())} relations point at occupations not in "
                      f"{occ_name} (kept out of the cube)")
    unknown_skill = ~frame["skill_uri"].isin(set(skills["skill_uri"]))
    if unknown_skill.any():
        issues.append(f"{name}: {int(unknown_skill.sum())} relations point at skills not in "
                      f"{skill_name} (kept out of the cube)")
    bad_relation = ~frame["relation"].isin(RELATIONS)
    if bad_relation.any():
        issues.append(f"{name}: {int(bad_relation.sum())} relations with a relationType other than "
                      f"essential/optional (kept out of the cube) {_examples(frame.index[bad_relation])}")
    frame = frame[~(unknown_occ | unknown_skill | bad_relation)]

    dup = frame.duplicated(["occupation_uri", "skill_uri"], keep="first")
    if dup.any():
        issues.append(f"{name}: {int(dup.sum())} relations repeat an occupation-skill pair (first kept)")
        frame = frame[~dup]

    own_type = frame["skill_uri"].map(skills.set_index("skill_uri")["skill_type"])
    odd = ~frame["skill_type"].isin(SKILL_TYPES + ("",))
    if odd.any():
        issues.append(f"{name}: {int(odd.sum())} relations with a skillType other than "
                      f"{' / '.join(SKILL_TYPES)} (replaced by the skill's own type)")
        frame.loc[odd, "skill_type"] = ""
    empty = frame["skill_type"] == ""
    if empty.any():
        frame.loc[empty, "skill_type"] = own_type[empty]
        still = frame["skill_type"] == ""
        filled = int(empty.sum() - still.sum())
        issues.append(f"{name}: {int(empty.sum())} relations with empty skillType: {filled} filled from "
                      f"{skill_name}, {int(still.sum())} left unknown (in no knowledge / skill group)")
    differs = frame["skill_type"].ne("") & own_type.ne("") & frame["skill_type"].ne(own_type)
    if differs.any():
        issues.append(f"{name}: {int(differs.sum())} relations give a skillType different from the "
                      f"skill's own in {skill_name} (relation's value kept)")
    return frame.reset_index(drop=True)


def _version(sources: list[_Source]) -> str | None:
    for source in sources:
        for part in (source.path.name, *(p.name for p in source.path.parents)):
            m = re.search(r"v(\d+(?:\.\d+)+)", part, re.I)
            if m:
                return m.group(1)
    return None


def _choose_files(sources: list[_Source], lang: str, paths: Sequence[Path | str],
                  issues: list[str]) -> dict[str, list[_Source]]:
    """Choose the files of each required kind in language ``lang``; a missing kind raises."""
    chosen: dict[str, list[_Source]] = {}
    for kind in _KINDS:
        of_kind = [s for s in sources if s.kind == kind.key]
        if kind.key == "relations":
            # v1.1 relations carry no language; v1.2 ones do. Prefer language-neutral or
            # the chosen language, and never read the same relations twice.
            neutral = [s for s in of_kind if s.lang is None]
            in_lang = [s for s in of_kind if s.lang == lang]
            picked = neutral or in_lang or of_kind[:1]
            if neutral and in_lang:
                issues.append(f"both {neutral[0].name} and {in_lang[0].name} found: using {neutral[0].name}")
        else:
            picked = [s for s in of_kind if s.lang == lang]
        if not picked:
            found = ", ".join(sorted({s.name for s in sources})) or "nothing"
            raise TaxonomyError(f"ESCO bundle {', '.join(str(p) for p in paths)}: missing {kind.expected} "
                                f"({kind.key.replace('_', ' ')}); found {found}")
        chosen[kind.key] = picked
    return chosen


def _read_tables(chosen: dict[str, list[_Source]],
                 issues: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Read and clean the four tables: ISCO groups, occupations, skills, occupation-skill relations."""
    raw = {}
    names = {}
    for kind in _KINDS:
        raw[kind.key], names[kind.key] = _read_kind(kind, chosen[kind.key], issues)

    isco_groups = _isco_groups(raw["isco_groups"], names["isco_groups"], issues)
    occupations = _occupations(raw["occupations"], names["occupations"], set(isco_groups["code"]), issues)
    skills = _skills(raw["skills"], names["skills"], issues)
    relations = _relations(raw["relations"], names["relations"], occupations, names["occupations"],
                           skills, names["skills"], issues)
    return isco_groups, occupations, skills, relations


def _source_of(chosen: dict[str, list[_Source]], occupations: pd.DataFrame, lang: str) -> tuple[bool, str]:
    """(is_demo, source): the demo taxonomy by its URIs, else "ESCO v<version> (<lang>)"."""
    is_demo = bool(len(occupations)) and bool(
        occupations["occupation_uri"].str.startswith(DEMO_OCCUPATION_NAMESPACE).all())
    if is_demo:
        return is_demo, DEMO_SOURCE
    version = _version([s for group in chosen.values() for s in group])
    return is_demo, f"ESCO v{version} ({lang})" if version else f"ESCO ({lang})"


def load_taxonomy(paths: Sequence[Path | str]) -> Taxonomy:
    """Load an ESCO CSV bundle from one or more zips or folders.

    Parameters
    ----------
    paths : sequence of Path or str
        Each a zip, a folder of CSVs, a folder holding zips, or a single ESCO CSV.
        Files of the same kind found under several paths are concatenated (URIs seen
        twice: first kept, reported).

    Returns
    -------
    Taxonomy

    Raises
    ------
    TaxonomyError
        A path does not exist, holds no ESCO file, a required file or column is
        missing, or a file cannot be parsed.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not paths:
        raise TaxonomyError(f"no taxonomy path given; expected an ESCO bundle with {_EXPECTED_FILES}")
    issues: list[str] = []
    sources = _discover(paths, issues)
    lang = _choose_language(sources, issues)
    chosen = _choose_files(sources, lang, paths, issues)
    isco_groups, occupations, skills, relations = _read_tables(chosen, issues)
    is_demo, source = _source_of(chosen, occupations, lang)
    files = tuple(s.location for group in chosen.values() for s in group)
    from dashboard.building.skill_hierarchy import load_skill_hierarchy  # it reads files as this module does

    from dashboard.building.occupation_hierarchy import load_occupation_hierarchy

    hierarchy = load_skill_hierarchy(paths, skills=skills, language=lang)
    occupation_hierarchy = load_occupation_hierarchy(paths, occupations=occupations, isco_groups=isco_groups,
                                                     language=lang)
    return Taxonomy(occupations=occupations, isco_groups=isco_groups, skills=skills,
                    relations=relations, issues=issues, source=source, is_demo=is_demo,
                    language=lang, files=files, skill_hierarchy=hierarchy,
                    occupation_hierarchy=occupation_hierarchy)


def load_demo_taxonomy() -> Taxonomy:
    """Load the generated demo taxonomy shipped in ``data/jobs/demo_taxonomy/``."""
    from dashboard.paths import DEMO_TAXONOMY_DIR

    return load_taxonomy([DEMO_TAXONOMY_DIR])
