#!/usr/bin/env bash
# -f html: one self-contained page. Nothing is fetched (no script, link,
# image, url() or import; the only address is the SVG namespace), tags
# balance, every chart has a title, a description and a table of its
# numbers, every program has its section and its link in the index, input
# text is escaped, the same input gives the same bytes, a PUF year's page
# stays a few MB, and a real browser renders it (when chromium is here).
source "$(dirname "$0")/lib.sh"

cat >"$TMP/check_page.py" <<'PY'
import re, sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source",
        "track", "wbr", "circle", "rect", "line", "path"}
class Check(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.svgs, self.titles, self.descs = [], [], 0, 0, 0
        self.ids, self.links = set(), set()
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "link", "img", "iframe", "object"):
            self.errors.append(f"<{tag}> in the page")
        if "src" in a:
            self.errors.append(f"src= on <{tag}>")
        if tag == "svg":
            self.svgs += 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.add(a["href"][1:])
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))
    def handle_startendtag(self, tag, attrs):
        if tag == "svg":
            self.errors.append("empty <svg/>")
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.errors.append(f"</{tag}> at {self.getpos()} closes {self.stack[-1] if self.stack else None}")
            return
        self.stack.pop()
        if tag == "title" and self.stack and self.stack[-1][0] == "svg":
            self.titles += 1
        if tag == "desc" and self.stack and self.stack[-1][0] == "svg":
            self.descs += 1
text = open(sys.argv[1], encoding="utf-8").read()
c = Check()
c.feed(text)
c.close()
if c.stack:
    c.errors.append(f"unclosed: {c.stack[:3]}")
addresses = set(re.findall(r"https?://[^\s\"')]+", text))
if addresses - {"http://www.w3.org/2000/svg"}:
    c.errors.append(f"addresses: {sorted(addresses)[:3]}")
if re.search(r"url\(|@import", text):
    c.errors.append("url() or @import in the page")
if c.svgs == 0 or c.titles != c.svgs or c.descs != c.svgs:
    c.errors.append(f"{c.svgs} charts, {c.titles} titles, {c.descs} descriptions")
if text.count('<div class="figure">') != text.count('<div class="numbers"><table>'):
    c.errors.append("a chart without its table")
if c.links - c.ids:
    c.errors.append(f"links to nothing: {sorted(c.links - c.ids)[:3]}")
for want in ["@media print", "prefers-color-scheme", "<!DOCTYPE html>"]:
    if want not in text:
        c.errors.append(f"no {want}")
expected = [int(n) for n in sys.argv[2:3]]
sections = text.count('<section class="program"')
if expected and sections != expected[0]:
    c.errors.append(f"{sections} program sections, expected {expected[0]}")
for e in c.errors:
    print(e, file=sys.stderr)
sys.exit(1 if c.errors else 0)
PY

programs=$(programs_in data/*.json)
run report data/*.json -f html --rollup
expect_rc 0 "report -f html"
cp "$OUT" "$TMP/page.html"
if "$PYTHON" "$TMP/check_page.py" "$TMP/page.html" "$programs" 2>"$TMP/page.err"; then
  pass
else
  fail "the page: $(cat "$TMP/page.err")"
fi
expect_grep '<section class="portfolio" id="portfolio">' "$TMP/page.html" "portfolio section"
for id in $(jq -r '.. | objects | select(has("performance") and has("id")) | .id' data/*.json); do
  expect_grep "<li><a href=\"#p-$id\">" "$TMP/page.html" "index links $id"
  expect_grep "<section class=\"program\" id=\"p-$id\">" "$TMP/page.html" "section of $id"
done
expect_grep "Effect against the comparison group" "$TMP/page.html" "a comparison section"
run report data/*.json -f html --rollup
if cmp -s "$OUT" "$TMP/page.html"; then pass; else fail "the same input gave other bytes"; fi

# Text from the input is escaped.
jq '.name = "<script>alert(1)</script> & \"q\""' data/anthem-hcp-2013h1.json >"$TMP/hostile.json"
run report "$TMP/hostile.json" -f html
expect_rc 0 "hostile name"
expect_no_grep "<script>" "$OUT" "a name with a script tag"
expect_grep "&lt;script&gt;alert\(1\)&lt;/script&gt; &amp; &quot;q&quot;" "$OUT" "the name escaped"

# what-if as a page.
run whatif data/anthem-hcp-2013h1.json --expenditure=-2% -f html
cp "$OUT" "$TMP/whatif.html"
expect_rc 0 "whatif -f html"
if "$PYTHON" "$TMP/check_page.py" "$TMP/whatif.html" 1 2>"$TMP/whatif.err"; then
  pass
else
  fail "the what-if page: $(cat "$TMP/whatif.err")"
fi

# A PUF year: about 550 programs on one page, a few MB.
"$ACOCALC" import mssp-puf tests/data/mssp-puf/PY2018.csv -o "$TMP/py2018.json"
run report "$TMP/py2018.json" -f html -o "$TMP/py2018.html"
expect_rc 0 "a PUF year as a page"
size=$(stat -c %s "$TMP/py2018.html")
if [ "$size" -lt 8000000 ]; then pass; else fail "the PUF page is $size bytes"; fi
if "$PYTHON" "$TMP/check_page.py" "$TMP/py2018.html" 548 2>"$TMP/puf.err"; then
  pass
else
  fail "the PUF page: $(cat "$TMP/puf.err")"
fi

# A real browser: every sample's page and the PUF year's, each with a probe
# script added to a copy: Chromium's DOM has every chart the file has, the
# page is no wider than a 1280-pixel window, and nothing is requested from
# the network (every request would go to a counting proxy on loopback).
if command -v chromium >/dev/null && [ -z "${ACOCALC_E2E_NO_BROWSER:-}" ]; then
  # The proxy logs each request's first line; Chromium's own background
  # traffic (updates, time, accounts: Google hosts) is told apart below.
  "$PYTHON" - "$TMP/proxy.port" "$TMP/proxy.log" <<'PY' &
import socket, sys
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(16)
open(sys.argv[2], "w").close()
open(sys.argv[1], "w").write(str(server.getsockname()[1]))
server.settimeout(300)
while True:
    try:
        connection, _ = server.accept()
    except OSError:
        break
    connection.settimeout(2)
    try:
        line = connection.recv(300).split(b"\r\n")[0].decode("latin-1")
    except OSError:
        line = ""
    # A connection closed, or left idle, without a request line is
    # Chromium's preconnect to its proxy: nothing was requested.
    if line:
        with open(sys.argv[2], "a") as log:
            log.write(line + "\n")
    connection.close()
PY
  proxy_pid=$!
  for _ in $(seq 50); do [ -s "$TMP/proxy.port" ] && break; sleep 0.1; done
  probe='<script>document.body.setAttribute("data-width",document.documentElement.scrollWidth);document.body.setAttribute("data-svgs",document.querySelectorAll("svg").length)</script></body>'
  pages=()
  for sample in data/*.json; do
    name=$(basename "$sample" .json)
    "$ACOCALC" report "$sample" -f html -o "$TMP/$name.html"
    pages+=("$TMP/$name.html")
  done
  pages+=("$TMP/py2018.html")
  for page in "${pages[@]}"; do
    sed "s|</body>|$probe|" "$page" >"$TMP/probe.html"
    timeout 120 chromium --headless=new --no-sandbox --disable-gpu --window-size=1280,900 \
      --proxy-server="http://127.0.0.1:$(cat "$TMP/proxy.port")" --proxy-bypass-list="<-loopback>" \
      --disable-background-networking --disable-component-update --no-first-run \
      --dump-dom "file://$TMP/probe.html" 2>/dev/null | grep -o '<body[^>]*>' >"$TMP/body.txt" || true
    width=$(sed -n 's/.*data-width="\([0-9]*\)".*/\1/p' "$TMP/body.txt")
    svgs=$(sed -n 's/.*data-svgs="\([0-9]*\)".*/\1/p' "$TMP/body.txt")
    in_file=$(grep -o '<svg ' "$page" | wc -l)
    sections=$(grep -o '<section class="program"' "$page" | wc -l)
    name=$(basename "$page")
    if [ -z "$width" ]; then fail "$name: chromium did not render it"; continue; fi
    if [ "$width" -le 1280 ]; then pass; else fail "$name: $width pixels wide in a 1280-pixel window"; fi
    expect_eq "$svgs" "$in_file" "$name: charts in Chromium's DOM"
    if [ "$in_file" -ge $((2 * sections)) ]; then pass; else fail "$name: $in_file charts for $sections programs"; fi
  done
  # It prints: a PDF of a sample page (A4; the print stylesheet hides the index).
  timeout 120 chromium --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$TMP/page.pdf" "file://$TMP/bcbsa-total-care.html" >/dev/null 2>&1 || true
  if [ -s "$TMP/page.pdf" ] && head -c 5 "$TMP/page.pdf" | grep -q '%PDF-'; then
    pass
  else
    fail "chromium printed no PDF of a sample page"
  fi
  grep -Ev '^(CONNECT |GET http://|POST http://)[a-z0-9.-]*(google\.com|googleapis\.com|gvt1\.com|gstatic\.com)[:/]' \
    "$TMP/proxy.log" >"$TMP/requests.txt" || true
  expect_empty "$TMP/requests.txt" "requests from the pages to the network"
  kill "$proxy_pid" 2>/dev/null || true
  wait "$proxy_pid" 2>/dev/null || true

  start=$(date +%s)
  timeout 120 chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
    --screenshot="$TMP/page.png" --window-size=1280,2000 "file://$TMP/py2018.html" \
    >/dev/null 2>&1 || true
  if [ -s "$TMP/page.png" ]; then pass; else fail "chromium made no screenshot of the PUF page"; fi
  elapsed=$(( $(date +%s) - start ))
  if [ "$elapsed" -le 90 ]; then pass; else fail "chromium took ${elapsed}s on the PUF page"; fi
fi
finish
