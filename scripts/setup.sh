#!/usr/bin/env bash
# Installs what Job Atlas needs when it is missing (README set-up; scripts/test.sh calls it too).
#   bash scripts/setup.sh          the app: Debian chromium (image/PDF exports), ./.venv with requirements.txt
#   bash scripts/setup.sh --test   the tests too: chromium-driver (browser tests), openjdk-17-jre-headless
#                                  (Spark), requirements-test.txt + requirements-spark.txt
set -euo pipefail
cd "$(dirname "$0")/.."

for_tests=false
[ "${1:-}" = "--test" ] && for_tests=true

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if $for_tests; then
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  java -version >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
fi
if ((${#missing[@]})); then
  echo "installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
pip_install() { .venv/bin/python -m pip install -q --disable-pip-version-check -r "$1"; }
if $for_tests; then
  pip_install requirements-test.txt
  pip_install requirements-spark.txt
else
  pip_install requirements.txt
fi
