#!/usr/bin/env bash
# Opens a report.html in headless Chromium (Debian's `chromium` package): lists every picture as
# "ok WIDTHxHEIGHT file" or "broken", exits 1 if any is broken, and saves a full-page screenshot
# to look at. Usage: scripts/check-report.sh REPORT.html [SCREENSHOT.png]
# The same check runs in CI as ReportsInBrowserTest; this script is for reports made by hand.
set -euo pipefail
html="$(realpath "$1")"
shot="$(realpath -m "${2:-${html%.html}.png}")"
command -v chromium >/dev/null || { echo "chromium is not installed: apt-get install -y chromium" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
check='<script>window.addEventListener("load",function(){var l=Array.from(document.images).map(function(i){return (i.complete&&i.naturalWidth>0?"ok ":"broken ")+i.naturalWidth+"x"+i.naturalHeight+" "+i.getAttribute("data-file")});var p=document.createElement("pre");p.id="image-check";p.textContent=l.join("\n");document.body.appendChild(p);});</script>'
# a script after </html> still runs: HTML parsers put it at the end of the body
{ cat "$html"; printf '%s\n' "$check"; } > "$work/page.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync)

timeout 90 chromium "${flags[@]}" --user-data-dir="$work/profile1" --dump-dom "file://$work/page.html" \
  2>/dev/null > "$work/dom.html"
states="$(sed -n '/<pre id="image-check">/,/<\/pre>/p' "$work/dom.html" | sed 's#<pre id="image-check">##; s#</pre>.*##')"
echo "$states"

# a page as tall as the report, so that the screenshot holds all of it
height="$(grep -o 'height="[0-9]*"' "$html" | grep -o '[0-9]*' | awk '{s+=$1+60} END {print s+2500}')"
timeout 90 chromium "${flags[@]}" --user-data-dir="$work/profile2" --hide-scrollbars \
  --window-size=1100,"$height" --screenshot="$shot" "file://$html" 2>/dev/null >/dev/null
echo "screenshot: $shot" >&2
[[ -n "$states" ]] && ! grep -q '^broken' <<<"$states"
