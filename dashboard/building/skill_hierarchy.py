"""ESCO's skills hierarchy and skill collections, loaded from the same bundle as the taxonomy.

===================  ====================================================================
skill groups         ``skillGroups_<lang>.csv`` (conceptUri, preferredLabel; code, description)
broader relations    ``broaderRelationsSkillPillar.csv`` (v1.1; ``_<lang>`` in v1.2):
                     conceptUri, broaderUri (conceptType, broaderType) -- a skill's broader
                     skill or skill group, a group's broader group
collections          ``<name>SkillsCollection_<lang>.csv`` (conceptUri): ``digital``,
                     ``green``, ``transversal``, ``language``, ``research``, ``digComp``
===================  ====================================================================

Every file is optional: a bundle without them (an older download, a hand-made taxonomy)
loads with no hierarchy and says so in ``issues``. Every row is loaded or rejected with a
reason: ``files`` holds, per file, rows_read = rows_loaded + rows_rejected and the reasons.

What the cube holds, and what a skill's groups and a group's level mean:
:mod:`dashboard.reading.skill_hierarchy`.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from dashboard.building.esco_files import _read_csv, _Source
from dashboard.errors import TaxonomyError
from dashboard.reading.skill_hierarchy import COLLECTIONS, SkillHierarchy, empty_hierarchy

_STEM_TO_COLLECTION = {stem.lower(): name for name, stem in COLLECTIONS.items()}

_GROUPS = re.compile(r"^skillGroups_([A-Za-z-]+)\.csv$", re.I)
_BROADER = re.compile(r"^broaderRelationsSkillPillar(?:_([A-Za-z-]+))?\.csv$", re.I)
_COLLECTION = re.compile(r"^([A-Za-z]+SkillsCollection)_([A-Za-z-]+)\.csv$", re.I)

_MAX_EXAMPLES = 5


# --------------------------------------------------------------------------- discovery

def _kind_of(name: str) -> tuple[str, str | None] | None:
    """("groups"|"broader"|collection id, language) for a file of the hierarchy, else None."""
    base = name.rsplit("/", 1)[-1]
    if m := _GROUPS.match(base):
        return "groups", m.group(1).lower()
    if m := _BROADER.match(base):
        return "broader", m.group(1).lower() if m.group(1) else None
    if (m := _COLLECTION.match(base)) and m.group(1).lower() in _STEM_TO_COLLECTION:
        return _STEM_TO_COLLECTION[m.group(1).lower()], m.group(2).lower()
    return None


def _sources(paths: Sequence[Path | str], kind_of=None) -> list[_Source]:
    """The hierarchy files in ``paths``; ``kind_of(name)`` -> (kind, language) or None names
    them (default: this module's files; dashboard.building.occupation_hierarchy passes its own)."""
    kind_of = kind_of or _kind_of
    found: list[_Source] = []

    def add_zip(path: Path) -> None:
        try:
            with zipfile.ZipFile(path) as zf:
                names = sorted(i.filename for i in zf.infolist() if not i.is_dir())
        except (zipfile.BadZipFile, OSError) as exc:
            raise TaxonomyError(f"{path}: cannot open as a zip ({exc}); expected an ESCO CSV bundle") from exc
        for name in names:
            if hit := kind_of(name):
                found.append(_Source(hit[0], hit[1], name.rsplit("/", 1)[-1], f"{path.name}!{name}", path, name))

    for raw in [paths] if isinstance(paths, (str, Path)) else paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and child.suffix.lower() == ".zip":
                    add_zip(child)
                elif child.is_file() and (hit := kind_of(child.name)):
                    found.append(_Source(hit[0], hit[1], child.name, str(child), child, None))
        elif path.is_file() and zipfile.is_zipfile(path):
            add_zip(path)
        elif path.is_file() and (hit := kind_of(path.name)):
            found.append(_Source(hit[0], hit[1], path.name, str(path), path, None))
    return found


def _pick(sources: list[_Source], kind: str, lang: str) -> list[_Source]:
    of_kind = [s for s in sources if s.kind == kind]
    if kind == "broader":
        return [s for s in of_kind if s.lang is None] or [s for s in of_kind if s.lang == lang] or of_kind[:1]
    return [s for s in of_kind if s.lang == lang]


# --------------------------------------------------------------------------- reading

class _Tally:
    """rows_read = rows_loaded + rows_rejected for one file, with the reasons."""

    def __init__(self, name: str, rows: int):
        self.name, self.rows = name, rows
        self.rejected: dict[str, list[int]] = {}

    def reject(self, mask: pd.Series, reason: str) -> pd.Series:
        """Record the rows of ``mask`` as rejected for ``reason``; returns ``~mask``."""
        if mask.any():
            self.rejected.setdefault(reason, []).extend(int(i) + 1 for i in mask.index[mask])
        return ~mask

    def report(self, issues: list[str]) -> dict:
        for reason, records in self.rejected.items():
            more = ", ..." if len(records) > _MAX_EXAMPLES else ""
            issues.append(f"{self.name}: {len(records)} rows skipped, {reason} "
                          f"(records {', '.join(map(str, records[:_MAX_EXAMPLES]))}{more})")
        rejected = sum(len(v) for v in self.rejected.values())
        return {"name": self.name, "rows_read": self.rows, "rows_loaded": self.rows - rejected,
                "rows_rejected": rejected, "rejected_by_reason": {r: len(v) for r, v in self.rejected.items()}}


def _read(sources: list[_Source], required: tuple[str, ...], optional: tuple[str, ...]) -> pd.DataFrame:
    frames = []
    for source in sources:
        frame = _read_csv(source)
        missing = [c for c in required if c not in frame.columns]
        if missing:
            raise TaxonomyError(f"{source.location}: missing column {', '.join(repr(c) for c in missing)} "
                                f"(expected {', '.join(required)}; found {', '.join(frame.columns) or 'no columns'})")
        for column in optional:
            if column not in frame.columns:
                frame[column] = ""
        frames.append(frame[list(required + optional)].apply(lambda s: s.str.strip()))
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def load_skill_hierarchy(paths: Sequence[Path | str], *, skills: pd.DataFrame | None = None,
                         language: str = "en") -> SkillHierarchy:
    """Load the skills hierarchy and collections from an ESCO bundle (zips, folders or CSVs).

    Parameters
    ----------
    paths
        As for :func:`dashboard.building.taxonomy.load_taxonomy`.
    skills
        The taxonomy's skills (``skill_uri``): relations and collection entries naming a skill
        or group that is in neither file are rejected ("unknown concept"). None: not checked.
    language
        Language suffix of the label files to read (the taxonomy's).

    Raises
    ------
    TaxonomyError
        A file is present but cannot be read or lacks a required column.
    """
    sources = _sources(paths)
    issues: list[str] = []
    files: list[dict] = []
    known_skills = set(skills["skill_uri"]) if skills is not None else None
    groups = _skill_groups(sources, language, issues, files)
    known = None if known_skills is None else known_skills | set(groups["group_uri"])
    broader = _broader_relations(sources, language, known, issues, files)
    collections = _collections(sources, language, known_skills, issues, files)
    groups = groups.assign(level=_levels(groups, broader))
    unplaced = int((groups["level"] < 0).sum())
    if unplaced:
        issues.append(f"{unplaced} skill groups with no path up to a top concept of the pillar (level -1)")
    return SkillHierarchy(groups=groups, broader=broader, collections=collections.astype(object),
                          issues=issues, files=files)


def _read_tallied(chosen: list[_Source], required: tuple[str, ...],
                  optional: tuple[str, ...]) -> tuple[pd.DataFrame, _Tally]:
    """Read the chosen files of one kind as one frame, with a tally named after them."""
    raw = _read(chosen, required, optional)
    return raw, _Tally(" + ".join(s.name for s in chosen), len(raw))


def _skill_groups(sources: list[_Source], language: str, issues: list[str], files: list[dict]) -> pd.DataFrame:
    """Read the skill groups (group_uri, label, code, description): one row a group, first kept."""
    chosen = _pick(sources, "groups", language)
    if not chosen:
        issues.append(f"no skillGroups_{language}.csv in the bundle: skill groups unavailable")
        return empty_hierarchy().groups.drop(columns="level")
    raw, tally = _read_tallied(chosen, ("conceptUri", "preferredLabel"), ("code", "description"))
    keep = tally.reject(raw["conceptUri"] == "", "no conceptUri")
    keep &= tally.reject(keep & raw.duplicated("conceptUri"), "a conceptUri seen before (first kept)")
    raw = raw[keep]
    groups = pd.DataFrame({"group_uri": raw["conceptUri"],
                           "label": raw["preferredLabel"].where(raw["preferredLabel"] != "", raw["conceptUri"]),
                           "code": raw["code"], "description": raw["description"]}).reset_index(drop=True)
    files.append(tally.report(issues))
    return groups


def _broader_relations(sources: list[_Source], language: str, known: set[str] | None,
                       issues: list[str], files: list[dict]) -> pd.DataFrame:
    """Check the broader relations (uri, broader_uri) between skills and skill groups in ``known``."""
    chosen = _pick(sources, "broader", language)
    if not chosen:
        issues.append("no broaderRelationsSkillPillar.csv in the bundle: skills have no broader groups")
        return empty_hierarchy().broader
    raw, tally = _read_tallied(chosen, ("conceptUri", "broaderUri"), ())
    keep = tally.reject((raw["conceptUri"] == "") | (raw["broaderUri"] == ""), "no conceptUri or broaderUri")
    keep &= tally.reject(keep & (raw["conceptUri"] == raw["broaderUri"]), "a concept broader than itself")
    if known is not None:
        keep &= tally.reject(keep & ~(raw["conceptUri"].isin(known) & raw["broaderUri"].isin(known)),
                             "unknown concept (in neither the skills nor the skill groups file)")
    keep &= tally.reject(keep & raw[keep].duplicated(["conceptUri", "broaderUri"]).reindex(raw.index, fill_value=False),
                         "a relation seen before")
    raw = raw[keep]
    broader = pd.DataFrame({"uri": raw["conceptUri"], "broader_uri": raw["broaderUri"]}).reset_index(drop=True)
    files.append(tally.report(issues))
    return broader


def _collections(sources: list[_Source], language: str, known_skills: set[str] | None,
                 issues: list[str], files: list[dict]) -> pd.DataFrame:
    """Read the skill collections (skill_uri, collection), in the order of ``COLLECTIONS``."""
    parts = []
    for name, stem in COLLECTIONS.items():
        chosen = _pick(sources, name, language)
        if not chosen:
            issues.append(f"no {stem}_{language}.csv in the bundle: the {name} collection is empty")
            continue
        raw, tally = _read_tallied(chosen, ("conceptUri",), ())
        keep = tally.reject(raw["conceptUri"] == "", "no conceptUri")
        if known_skills is not None:
            keep &= tally.reject(keep & ~raw["conceptUri"].isin(known_skills), "not a skill of the skills file")
        keep &= tally.reject(keep & raw["conceptUri"].duplicated(), "a skill seen before")
        parts.append(pd.DataFrame({"skill_uri": raw.loc[keep, "conceptUri"], "collection": name}))
        files.append(tally.report(issues))
    return pd.concat(parts, ignore_index=True) if parts else empty_hierarchy().collections


def _levels(groups: pd.DataFrame, broader: pd.DataFrame) -> list[int]:
    """Per group, its distance from a group with no broader group (a top concept), else -1."""
    group_set = set(groups["group_uri"])
    parents: dict[str, list[str]] = {}
    for uri, up in zip(broader["uri"], broader["broader_uri"]):
        if uri in group_set and up in group_set:
            parents.setdefault(uri, []).append(up)
    level: dict[str, int] = {g: 0 for g in group_set if g not in parents}
    children: dict[str, list[str]] = {}
    for uri, ups in parents.items():
        for up in ups:
            children.setdefault(up, []).append(uri)
    frontier = sorted(level)
    while frontier:  # breadth first from the top concepts: the shortest path wins
        following = []
        for uri in frontier:
            for child in children.get(uri, []):
                if child not in level:
                    level[child] = level[uri] + 1
                    following.append(child)
        frontier = following
    return [level.get(g, -1) for g in groups["group_uri"]]
