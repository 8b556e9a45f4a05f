#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# Control characters from the input (an ESC in a program or metric name)
# never reach a terminal raw through the table or Markdown output: a
# document must not be able to recolor, retitle or clear the user's
# terminal. JSON escapes them (\u001b) by construction.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

cat >"$TMP/control.json" <<'JSON'
{
  "id": "control",
  "name": "Evil \u001b[31mred\u001b[0m \u001b]0;title\u0007 ACO",
  "location": "Back\bspace",
  "baseline": {"member_months": 1200, "utilization": {"odd\u001b[2Jmetric": 10}},
  "performance": {"member_months": 1200, "utilization": {"odd\u001b[2Jmetric": 9}}
}
JSON

for format in table markdown; do
  run report -f "$format" --color never "$TMP/control.json"
  expect_rc 0 "-f $format of names with control characters"
  # Any C0 control character other than tab and line feed.
  if LC_ALL=C grep -q $'[\001-\010\013-\037\177]' "$OUT"; then
    fail "-f $format: raw control characters from the input: $(LC_ALL=C grep -o $'.\{0,6\}[\001-\010\013-\037\177].\{0,6\}' "$OUT" | head -3 | od -c | head -4)"
  else
    pass
  fi
done

run report -f json "$TMP/control.json"
expect_rc 0 "-f json of names with control characters"
if has_escape "$OUT"; then fail "-f json: a raw ESC"; else pass; fi
py '
import json, sys
p = json.load(open(sys.argv[1]))["programs"][0]
assert p["name"] == "Evil \x1b[31mred\x1b[0m \x1b]0;title\x07 ACO", repr(p["name"])
' "$OUT"

finish
