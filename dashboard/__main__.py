"""``python -m dashboard build|query|export``: see :mod:`dashboard.cli`."""
import sys

from dashboard.cli import main

sys.exit(main())
