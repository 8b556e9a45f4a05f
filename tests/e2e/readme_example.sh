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
