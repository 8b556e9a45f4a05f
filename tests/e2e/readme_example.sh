#!/usr/bin/env bash
# The README's input example loads, and its expectations hold (inpatient days
# 2,500 / 120,000 mm = 250 -> 2,300 / 122,400 mm = 225.49 per 1,000: -9.80%).
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "${ACOCALC_ROOT:?}/README.md" "$tmp/example.json" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
block = re.search(r"```json\n(.*?)```", text, re.S)
assert block, "no json block in README.md"
open(sys.argv[2], "w").write(block.group(1))
PY
"${ACOCALC:?}" check "$tmp/example.json"

# The README's output excerpt: every line it shows (all but the "..." ones)
# is a line of the report it names.
"${ACOCALC:?}" report "${ACOCALC_ROOT:?}/data/anthem-hcp-2013h1.json" >"$tmp/report.txt"
python3 - "${ACOCALC_ROOT:?}/README.md" "$tmp/report.txt" <<'PY'
import sys
text = open(sys.argv[1]).read()
marker = "`acocalc report data/anthem-hcp-2013h1.json` (an excerpt):\n\n```\n"
assert marker in text, "no report excerpt in README.md"
excerpt = text.split(marker, 1)[1].split("```", 1)[0].splitlines()
report = set(open(sys.argv[2]).read().splitlines())
shown = [line for line in excerpt if not line.rstrip().endswith("...")]
missing = [line for line in shown if line not in report]
assert len(shown) > 20, f"only {len(shown)} lines in the excerpt"
assert not missing, "README excerpt lines not in the report:\n" + "\n".join(missing)
PY
