"""Named errors. Each message says which file, row and column, and what was expected."""
from __future__ import annotations


class JobAtlasError(Exception):
    """Base class: an error with a message fit to show a user (no traceback needed)."""


class UsageError(JobAtlasError):
    """Bad command-line usage or settings (exit code 2)."""


class TaxonomyError(JobAtlasError):
    """The taxonomy bundle is missing a required file or column, or cannot be read."""


class PostingsError(JobAtlasError):
    """A postings or counts input cannot be read at all (individual bad rows are rejected, not raised)."""


class CubeNotFound(JobAtlasError):
    """No published cube in the data directory."""


class OccupationNotFound(JobAtlasError):
    """Occupation text matched nothing, or more than one occupation.

    ``candidates`` lists the closest matches as (uri, label) pairs, best first.
    """

    def __init__(self, text: str, candidates: list[tuple[str, str]], *, ambiguous: bool = False):
        self.text = text
        self.candidates = candidates
        self.ambiguous = ambiguous
        kind = "is ambiguous" if ambiguous else "matches no occupation"
        lines = [f"occupation {text!r} {kind}."]
        if candidates:
            lines.append("Closest matches:")
            lines += [f"  {label}  ({uri})" for uri, label in candidates]
        super().__init__("\n".join(lines))
