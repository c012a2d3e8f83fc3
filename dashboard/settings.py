"""Settings: one declared list of (name, default, type, help).

Each setting can come from a command-line flag or from the environment
(``JOB_ATLAS_<NAME>``; ``PORT`` is also honoured, as platforms set it). Unknown keys and
wrong types are rejected at start-up with a message that says how to fix them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from dashboard import paths
from dashboard.errors import UsageError

ENV_PREFIX = "JOB_ATLAS_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    type: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("host", "127.0.0.1", str, "Interface to listen on."),
    Setting("port", 8050, int, "TCP port to listen on (the PORT environment variable is honoured too)."),
    Setting("data_dir", paths.DEFAULT_DATA_DIR, Path, "Folder holding the built cube (built from the demo if empty)."),
    Setting("debug", False, bool, "Dash debug mode and dev tools; never on a public server."),
)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def parse_bool(text: str, *, name: str) -> bool:
    """Parse a boolean explicitly: ``bool("False")`` would be True."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise UsageError(f"setting {name}: expected one of {sorted(_TRUE | _FALSE - {''})}, got {text!r}")


def _convert(setting: Setting, raw: Any) -> Any:
    if isinstance(raw, setting.type):
        return raw
    text = str(raw)
    if setting.type is bool:
        return parse_bool(text, name=setting.name)
    if setting.type is int:
        try:
            return int(text)
        except ValueError:
            raise UsageError(f"setting {setting.name}: expected a whole number, got {text!r}") from None
    if setting.type is Path:
        return Path(text).expanduser()
    return setting.type(text)


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8050
    data_dir: Path = field(default=paths.DEFAULT_DATA_DIR)
    debug: bool = False


def load_settings(overrides: Mapping[str, Any] | None = None, *, environ: Mapping[str, str] | None = None) -> Settings:
    """Merge defaults, environment and explicit overrides (flags), in that order of precedence.

    Raises
    ------
    UsageError
        For an unknown setting name or a value of the wrong type.
    """
    environ = os.environ if environ is None else environ
    known = {s.name: s for s in SETTINGS}
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX):].lower()
        if name not in known:
            raise UsageError(
                f"unknown setting {key}; known: {', '.join(ENV_PREFIX + n.upper() for n in known)}"
            )
        values[name] = _convert(known[name], raw)
    if "PORT" in environ and f"{ENV_PREFIX}PORT" not in environ:
        values["port"] = _convert(known["port"], environ["PORT"])
    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in known:
            raise UsageError(f"unknown setting {name!r}; known: {', '.join(known)}")
        values[name] = _convert(known[name], raw)
    assert {f.name for f in fields(Settings)} == set(known), "Settings and SETTINGS disagree"
    return Settings(**values)
