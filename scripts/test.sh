#!/usr/bin/env bash
# Installs what the test suite needs when it is missing, then runs the whole suite.
# This is THE test command: README.md shows it and .ci/run runs it (one recipe).
# What gets installed is listed in scripts/setup.sh (--test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
