#!/bin/sh
# The --html page in a real browser: headless Chromium lays out seeds/condition's deadlock,
# a script added to a copy of the page checks the layout (every step in its thread's lane, the
# steps top to bottom in order, the arrows and shaded intervals drawn), the DOM Chromium
# dumps must report it, and a screenshot is saved next to the page for people to look at.
# Usage: chromium_test.sh LOCKSTEP OUTDIR. Exit 77 (ctest: skipped) when Chromium is absent.
set -eu
lockstep=$1
out=$2
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
  echo "SKIPPED: no Chromium on this machine (Debian: apt-get install chromium); the --html page was not drawn"
  exit 77
fi
mkdir -p "$out"
rm -f "$out/condition.html" "$out/condition.png"
"$lockstep" run seeds/condition --quiet --html "$out/condition.html"

# The check runs after layout: it reads the boxes the browser computed.
check='<script>(() => {
const heads = [...document.querySelectorAll(".lane-head")];
const lane = {};
heads.forEach(h => lane[h.dataset.thread] = h.getBoundingClientRect());
const steps = [...document.querySelectorAll(".step")];
const bad = [];
let last = -1;
for (const s of steps) {
  const r = s.getBoundingClientRect();
  const l = lane[s.dataset.thread];
  if (!l || Math.abs(r.left - l.left) > 1 || Math.abs(r.width - l.width) > 1) bad.push("lane#" + s.dataset.step);
  if (r.top <= last) bad.push("order#" + s.dataset.step);
  last = r.top;
  if (!s.title.includes("models/seeds/condition.cpp:")) bad.push("title#" + s.dataset.step);
}
const arrows = [...document.querySelectorAll("path.wake")].filter(p => p.getTotalLength() > 50).length;
const shaded = [...document.querySelectorAll(".blocked")].filter(b => b.getBoundingClientRect().height > 0).length;
const bars = [...document.querySelectorAll(".own")].filter(b => b.getBoundingClientRect().height > 0).length;
document.body.setAttribute("data-check", bad.length ? "BAD " + bad.join(" ") :
  `OK lanes=${heads.length} steps=${steps.length} arrows=${arrows} shaded=${shaded} bars=${bars}`);
})();</script>'
sed "s#</body>#$(printf '%s' "$check" | tr '\n' ' ' | sed 's/[#&]/\\&/g')</body>#" "$out/condition.html" > "$out/condition-check.html"

flags="--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1440,900"
dom=$("$browser" $flags --dump-dom "file://$out/condition-check.html" 2>/dev/null)
result=$(printf '%s' "$dom" | grep -o 'data-check="[^"]*"' || true)
echo "Chromium: $result"
"$browser" $flags --screenshot="$out/condition.png" "file://$out/condition.html" >/dev/null 2>&1
[ -s "$out/condition.png" ] || { echo "no screenshot was saved"; exit 1; }
echo "screenshot: $out/condition.png"
# main, c1, c2, producer; 19 steps; the notify(2) wakes c1 and c2; shaded: main from its join on,
# c1 and c2 in their first waits, c1 in its second, c2 in the end row (it waits for an item);
# cond held by c1 twice, c2 twice, the producer once.
[ "$result" = 'data-check="OK lanes=4 steps=19 arrows=2 shaded=5 bars=5"' ]
