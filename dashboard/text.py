"""Text normalisation shared by every label and code match."""
from __future__ import annotations

import unicodedata


def normalize_label(text: str) -> str:
    """Return the form used to compare labels, codes and URIs.

    Unicode NFKC (so full-width letters and ligatures compare equal to plain ones),
    casefold, strip, and collapse internal whitespace (tabs, newlines, runs of
    spaces) to one space.

    Parameters
    ----------
    text : str
        Any label as typed or read from a file. ``None`` gives ``""``.

    Returns
    -------
    str
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())
