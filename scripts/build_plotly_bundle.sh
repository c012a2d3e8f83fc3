#!/usr/bin/env bash
# Rebuild assets/plotly-custom.min.js: plotly.js with only the trace types Job Atlas draws.
#
# Why (issue 6, first load): Dash's default plotly.min.js carries every trace type (4.7 MB,
# ~1.4 MB compressed, 60 % of the first page view). dcc.Graph uses window.Plotly when a page
# script already defined it, so this bundle in assets/ replaces that download entirely.
#
# Inputs are pinned: scripts/plotly_bundle/{package.json,package-lock.json,entry.js}. The
# plotly.js version must equal the one the installed Python plotly package bundles (the one
# Dash would serve); tests/test_first_load.py checks it. To upgrade: change "plotly.js" in
# package.json, run `npm install --package-lock-only` there, then this script.
#
# Needs node + npm and the npm registry (build time only; the app never fetches anything).
# Usage: scripts/build_plotly_bundle.sh            (writes assets/plotly-custom.min.js)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
spec="$repo/scripts/plotly_bundle"
out="$repo/assets/plotly-custom.min.js"

wanted="$(node -p "require('$spec/package.json').dependencies['plotly.js']")"
python_plotlyjs="$(cd "$repo" && python -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')"
if [[ "$wanted" != "$python_plotlyjs" ]]; then
    echo "error: scripts/plotly_bundle/package.json pins plotly.js $wanted but the installed Python" \
         "plotly bundles plotly.js $python_plotlyjs; pin $python_plotlyjs and refresh the lockfile" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$spec/package.json" "$spec/package-lock.json" "$spec/entry.js" "$work/"
cd "$work"
# --ignore-scripts: no install hooks run; esbuild's binary comes from its pinned optional package.
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

banner="/*! plotly.js v$wanted (MIT, Copyright 2012-2026 Plotly, Inc.) partial bundle for Job Atlas:"
banner+=" core + scatter, bar, choropleth. Built by scripts/build_plotly_bundle.sh; see assets/PROVENANCE.md */"

# Options follow plotly.js's own esbuild-config.js (iife, global Plotly, global=window, no AMD,
# es2016), minified. maplibre-gl's CSS is imported only by the "map" subplot, which is not in
# this bundle: an empty loader keeps it out instead of emitting a stray .css file.
./node_modules/.bin/esbuild entry.js \
    --bundle --minify --format=iife --global-name=Plotly --target=es2016 \
    --define:global=window --define:define.amd=false \
    --alias:stream=stream-browserify \
    --loader:.css=empty --legal-comments=none --charset=utf8 \
    "--banner:js=$banner" \
    --log-level=warning \
    --outfile="$out"

python - "$out" <<'PY'
import gzip, hashlib, pathlib, sys
data = pathlib.Path(sys.argv[1]).read_bytes()
print(f"{sys.argv[1]}: {len(data):,} bytes, gzip -6 {len(gzip.compress(data, 6)):,} bytes, "
      f"sha256 {hashlib.sha256(data).hexdigest()}")
PY
