#!/usr/bin/env bash
# Installs what the test suite needs when it is missing, then runs the whole suite.
# This is THE test command: README.md shows it and .ci/run runs it (one recipe).
#   - Debian packages: chromium + chromium-driver (browser tests, image export),
#     openjdk-17-jre-headless (Spark equivalence test)
#   - Python packages: requirements-test.txt (+ requirements-spark.txt) in ./.venv
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
java -version >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-test.txt
if [ -f requirements-spark.txt ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-spark.txt
fi

set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "test.sh: pytest collected no tests: failing on purpose" >&2
  exit 1
fi
exit "$status"
