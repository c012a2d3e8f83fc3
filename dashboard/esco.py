"""ESCO's terms that building and reading a cube share."""
from __future__ import annotations

#: The four groups of an occupation's skill breakdown, in display order (as the ESCO portal
#: shows it: essential / optional × knowledge / skill and competence).
BREAKDOWN_GROUPS = ("essential_knowledge", "essential_skill", "optional_knowledge", "optional_skill")
