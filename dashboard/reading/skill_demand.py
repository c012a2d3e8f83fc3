"""Skill demand as compact integer arrays grouped by occupation (issue 6).

skill_demand.parquet holds one row per (occupation, country, month, skill): tens of millions
at scale. The dashboard asks for one occupation at a time, so the rows are kept as integer
arrays sorted by occupation, with ``offsets`` giving each occupation's slice; a query is a
slice and a ``bincount``. The build writes them beside the Parquet tables
(``skill_demand_arrays/``: ``offsets/iso3/month/skill/postings.npy`` and ``meta.json`` with
the sorted vocabularies, a format number and the row count, written last) and
:class:`dashboard.reading.cube.Cube` memory-maps them; a folder that is missing, of another format or
inconsistent is "not there", and the Parquet table is read instead.
"""
from __future__ import annotations

import bisect
import json
import logging
from pathlib import Path

import numpy as np

SKILL_DEMAND_ARRAYS_DIR = "skill_demand_arrays"
#: Bumped when the files below change meaning; another value means "not there" (Parquet is read).
SKILL_DEMAND_ARRAYS_FORMAT = 1
_ARRAY_NAMES = ("offsets", "iso3", "month", "skill", "postings")
_META_FILE = "meta.json"


def dictionary_codes(table, name: str, *, drop_unused: bool = True) -> tuple[np.ndarray, list[str]]:
    """Per row of column ``name``, its position in the column's sorted distinct values (-1 for
    NULL), and those values. Reads the Parquet dictionary, so no string is decoded per row.
    ``drop_unused=False`` may keep values no row holds (cheaper on tens of millions of rows)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    column = table.column(name)
    if not pa.types.is_dictionary(column.type):  # an empty file or another writer: plain strings
        column = pc.dictionary_encode(column.cast(pa.string()))
    column = pa.table({name: column}).unify_dictionaries().column(name)
    chunks = column.chunks
    dictionary = [str(v) for v in chunks[0].dictionary.to_pylist()] if chunks else []
    order = sorted(range(len(dictionary)), key=dictionary.__getitem__)
    vocabulary = [dictionary[i] for i in order]
    nulls = column.null_count > 0
    parts = [(pc.fill_null(c.indices, -1) if nulls else c.indices).to_numpy(zero_copy_only=False) for c in chunks]
    indices = np.concatenate(parts) if parts else np.zeros(0, dtype="int32")
    if order == list(range(len(order))):
        codes = indices.astype("int32", copy=False)  # the dictionary is sorted already
    else:
        # rank[i] = sorted position of dictionary entry i; the extra last entry keeps NULL (-1) at -1.
        rank = np.full(len(dictionary) + 1, -1, dtype="int32")
        rank[order] = np.arange(len(dictionary), dtype="int32")
        codes = np.take(rank, indices)
    if drop_unused:
        used = np.bincount(codes[codes >= 0] if nulls else codes, minlength=len(vocabulary)) > 0
        if not used.all():  # a dictionary may hold values of no row (filtered out, or another writer)
            new_pos = np.append(np.cumsum(used) - 1, -1).astype("int32")
            codes = np.take(new_pos, codes)
            vocabulary = [v for v, keep in zip(vocabulary, used) if keep]
    return codes, vocabulary


def _smallest_int(values: np.ndarray, *, limit: int) -> np.ndarray:
    """``values`` as int16 or int32 when every value (and ``limit``) fits, else int64."""
    top = max(int(values.max()) if values.size else 0, limit)
    low = int(values.min()) if values.size else 0
    for dtype in ("int16", "int32"):
        info = np.iinfo(dtype)
        if info.min <= low and top <= info.max:
            return values.astype(dtype, copy=False)
    return values.astype("int64", copy=False)


class SkillDemandArrays:
    """skill_demand.parquet held as integer arrays, rows grouped by occupation.

    Per row: country, month and skill as positions in their sorted vocabularies, and the
    postings. ``offsets[i]:offsets[i + 1]`` are the rows of the i-th occupation URI (sorted),
    so one occupation's demand is a slice; 8-10 bytes a row. Built from the Parquet file
    (:meth:`from_parquet`) or memory-mapped from the files a build wrote (:meth:`load`).
    """

    def __init__(self, *, vocabularies: dict[str, list[str]], offsets: np.ndarray, iso3: np.ndarray,
                 month: np.ndarray, skill: np.ndarray, postings: np.ndarray):
        self.vocabularies = vocabularies
        self.occupations = vocabularies["occupation_uri"]
        self._occupation_pos = {uri: i for i, uri in enumerate(self.occupations)}
        self._iso3_pos = {c: i for i, c in enumerate(vocabularies["iso3"])}
        self.offsets, self.iso3, self.month, self.skill, self.postings = offsets, iso3, month, skill, postings

    @classmethod
    def from_parquet(cls, path: Path) -> "SkillDemandArrays":
        """Decode skill_demand.parquet (a file or a folder of parts); rows with a NULL are left
        out, as a NULL key never matches a query (as in SQL)."""
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        keys = ["occupation_uri", "iso3", "month", "skill_uri"]
        table = pq.read_table(path, columns=[*keys, "postings"], read_dictionary=keys)
        valid = None
        for name in [*keys, "postings"]:
            if table.column(name).null_count:
                mask = pc.is_valid(table.column(name))
                valid = mask if valid is None else pc.and_(valid, mask)
        if valid is not None:
            table = table.filter(valid)
        codes: dict[str, np.ndarray] = {}
        vocabularies: dict[str, list[str]] = {}
        for name in keys:
            codes[name], vocabularies[name] = dictionary_codes(table, name, drop_unused=False)
        postings = table.column("postings").to_numpy().astype("int64")
        occupation = codes.pop("occupation_uri")
        if len(occupation) and not bool(np.all(occupation[1:] >= occupation[:-1])):
            order = np.argsort(occupation, kind="stable")
            occupation = occupation[order]
            codes = {k: v[order] for k, v in codes.items()}
            postings = postings[order]
        offsets = np.searchsorted(occupation, np.arange(len(vocabularies["occupation_uri"]) + 1)).astype("int64")
        return cls(vocabularies=vocabularies, offsets=offsets,
                   iso3=_smallest_int(codes["iso3"], limit=len(vocabularies["iso3"])),
                   month=_smallest_int(codes["month"], limit=len(vocabularies["month"])),
                   skill=_smallest_int(codes["skill_uri"], limit=len(vocabularies["skill_uri"])),
                   postings=_smallest_int(postings, limit=0))

    def save(self, directory: Path) -> None:
        """Write the arrays (``<name>.npy``) and ``meta.json`` (vocabularies, format, row count)
        into ``directory``; meta.json last, so a half-written folder is never read."""
        directory.mkdir(parents=True, exist_ok=True)
        for name in _ARRAY_NAMES:
            np.save(directory / f"{name}.npy", np.ascontiguousarray(getattr(self, name)), allow_pickle=False)
        meta = {"format": SKILL_DEMAND_ARRAYS_FORMAT, "rows": int(len(self.skill)), "vocabularies": self.vocabularies}
        (directory / _META_FILE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> "SkillDemandArrays | None":
        """The arrays a build wrote into ``directory``, memory-mapped (read-only, shared by every
        process reading the cube); None when they are missing, of another format or inconsistent."""
        try:
            meta = json.loads((directory / _META_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            logging.getLogger(__name__).warning("unreadable %s: reading skill_demand.parquet", directory / _META_FILE)
            return None
        if not isinstance(meta, dict) or meta.get("format") != SKILL_DEMAND_ARRAYS_FORMAT:
            return None
        try:
            arrays = {name: np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)
                      for name in _ARRAY_NAMES}
            vocabularies = {k: list(meta["vocabularies"][k]) for k in ("occupation_uri", "iso3", "month", "skill_uri")}
            rows = int(meta["rows"])
        except (OSError, ValueError, KeyError, TypeError):
            logging.getLogger(__name__).warning("unreadable arrays in %s: reading skill_demand.parquet", directory)
            return None
        consistent = (all(arrays[n].ndim == 1 and arrays[n].dtype.kind == "i" for n in _ARRAY_NAMES)
                      and all(len(arrays[n]) == rows for n in ("iso3", "month", "skill", "postings"))
                      and len(arrays["offsets"]) == len(vocabularies["occupation_uri"]) + 1
                      and (rows == 0 or int(arrays["offsets"][-1]) == rows))
        if not consistent:
            logging.getLogger(__name__).warning("inconsistent arrays in %s: reading skill_demand.parquet", directory)
            return None
        return cls(vocabularies=vocabularies, **arrays)

    @property
    def nbytes(self) -> int:
        return int(self.iso3.nbytes + self.month.nbytes + self.skill.nbytes + self.postings.nbytes + self.offsets.nbytes)

    def demand(self, occupation_uri: str | None, *, iso3: str | None, start: str | None,
               end: str | None) -> tuple[list[str], np.ndarray]:
        """Skills (URI order) and their postings for one occupation (None: every occupation) and scope."""
        if occupation_uri is None:
            lo, hi = 0, len(self.skill)
        else:
            pos = self._occupation_pos.get(occupation_uri)
            if pos is None:
                return [], np.zeros(0, dtype="int64")
            lo, hi = int(self.offsets[pos]), int(self.offsets[pos + 1])
        mask = None
        if iso3 is not None:
            code = self._iso3_pos.get(iso3)
            if code is None:
                return [], np.zeros(0, dtype="int64")
            mask = self.iso3[lo:hi] == code
        months = self.vocabularies["month"]
        first = bisect.bisect_left(months, start) if start is not None else 0
        last = bisect.bisect_right(months, end) if end is not None else len(months)
        if first > 0 or last < len(months):
            month = self.month[lo:hi]
            in_period = (month >= first) & (month < last)
            mask = in_period if mask is None else mask & in_period
        skill, postings = self.skill[lo:hi], self.postings[lo:hi]
        if mask is not None:
            skill, postings = skill[mask], postings[mask]
        if skill.size == 0:
            return [], np.zeros(0, dtype="int64")
        vocabulary = self.vocabularies["skill_uri"]
        if occupation_uri is None:
            # Every occupation: millions of rows, where sorting them (np.unique) cost 0.13 s at
            # 10M postings; one count per skill of the vocabulary costs a few ms.
            totals = np.bincount(skill, weights=postings, minlength=len(vocabulary)).astype("int64")
            present = np.flatnonzero(np.bincount(skill, minlength=len(vocabulary)))
            return [vocabulary[i] for i in present], totals[present]
        present, inverse = np.unique(skill, return_inverse=True)
        totals = np.bincount(inverse, weights=postings, minlength=len(present)).astype("int64")
        return [vocabulary[i] for i in present], totals


    def by_skill(self, skill_uri: str, *, start: str | None, end: str | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rows asking for one skill in the period: occupation position (in the occupation
        vocabulary), country position (in the iso3 vocabulary), postings. Scans every row."""
        vocabulary = self.vocabularies["skill_uri"]
        code = bisect.bisect_left(vocabulary, skill_uri)
        if code >= len(vocabulary) or vocabulary[code] != skill_uri:
            empty = np.zeros(0, dtype="int64")
            return empty, empty, empty
        rows = np.flatnonzero(self.skill == code)
        months = self.vocabularies["month"]
        first = bisect.bisect_left(months, start) if start is not None else 0
        last = bisect.bisect_right(months, end) if end is not None else len(months)
        if first > 0 or last < len(months):
            month = self.month[rows]
            rows = rows[(month >= first) & (month < last)]
        occupation = np.searchsorted(self.offsets, rows, side="right") - 1
        return occupation, np.asarray(self.iso3[rows]), np.asarray(self.postings[rows], dtype="int64")


def write_skill_demand_arrays(cube_dir: Path) -> Path:
    """Write ``cube_dir/skill_demand.parquet`` as the arrays :class:`Cube` memory-maps
    (``cube_dir/skill_demand_arrays/``); the build calls it before publishing. Returns the folder."""
    target = Path(cube_dir) / SKILL_DEMAND_ARRAYS_DIR
    SkillDemandArrays.from_parquet(Path(cube_dir) / "skill_demand.parquet").save(target)
    return target
