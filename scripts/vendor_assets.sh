#!/usr/bin/env bash
# Fetch the browser assets the app serves itself (no CDN at run time) with npm, at install time:
# Bootstrap's CSS and the plotly.js "basic" partial bundle matching the installed plotly.py
# (scatter, bar, pie: all our charts and maps need; 1.2 MB instead of the 4.8 MB full bundle,
# and quicker to execute than the 1.5 MB "cartesian" one, whose heatmap we do without).
# Files land in assets/ as 00-*.min.* (git-ignored) so they load before our own CSS; Dash serves everything under assets/.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BOOTSTRAP_VERSION=5.3.8
PLOTLY_JS_VERSION=$("$PY" -c "import plotly.offline; print(plotly.offline.get_plotlyjs_version())")
out=assets
want="bootstrap ${BOOTSTRAP_VERSION}, plotly.js-basic ${PLOTLY_JS_VERSION}"
if [ -f "$out/.vendor-versions" ] && [ "$(cat "$out/.vendor-versions")" = "$want" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed once to fetch Bootstrap and plotly.js; installing Debian's npm" >&2
  apt-get install -y -qq npm >/dev/null || { echo "Install npm, then run make install again." >&2; exit 1; }
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@${BOOTSTRAP_VERSION}" "plotly.js-basic-dist-min@${PLOTLY_JS_VERSION}" >/dev/null 2>&1)
mkdir -p "$out"
tar -xzf "$tmp"/bootstrap-*.tgz -C "$tmp" package/dist/css/bootstrap.min.css
mv "$tmp/package/dist/css/bootstrap.min.css" "$out/00-bootstrap.min.css"
rm -rf "$tmp/package"
tar -xzf "$tmp"/plotly.js-basic-dist-min-*.tgz -C "$tmp" package/plotly-basic.min.js
# Served in place of Dash's own request for plotly.js (dashboard/__init__.py), so pages never get the full bundle.
mv "$tmp/package/plotly-basic.min.js" "$out/00-plotly-basic.min.js"
rm -f "$out/00-plotly-cartesian.min.js"  # the bundle vendored before
echo "$want" > "$out/.vendor-versions"
echo "Vendored $want into $out/"
