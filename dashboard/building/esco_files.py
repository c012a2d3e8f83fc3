"""The CSV files of an ESCO bundle (a folder or a zip): one file's place, and reading it as text.

Shared by the taxonomy and its hierarchy readers, so neither imports the other (issue 13)."""
from __future__ import annotations

import contextlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.errors import TaxonomyError


@dataclass(frozen=True)
class _Source:
    """One CSV inside a folder or a zip."""

    kind: str
    lang: str | None
    name: str          # file name, e.g. "occupations_en.csv" (used in issues)
    location: str      # full location for error messages, e.g. "bundle.zip!occupations_en.csv"
    path: Path         # the file, or the zip holding it
    member: str | None  # member name inside the zip



def _read_csv(source: _Source) -> pd.DataFrame:
    try:
        with contextlib.ExitStack() as stack:
            if source.member is None:
                handle = stack.enter_context(open(source.path, "rb"))
            else:
                zf = stack.enter_context(zipfile.ZipFile(source.path))
                handle = stack.enter_context(io.BufferedReader(zf.open(source.member)))
            # dtype=str + no NA parsing: codes keep leading zeros and "NA"/"" stay text.
            frame = pd.read_csv(handle, dtype=str, keep_default_na=False, na_filter=False,
                                encoding="utf-8-sig")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, OSError,
            zipfile.BadZipFile) as exc:
        raise TaxonomyError(f"{source.location}: cannot be read as a UTF-8 CSV ({exc})") from exc
    # Stray spaces around header names would make a present column look missing.
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame
