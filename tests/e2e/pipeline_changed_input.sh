#!/usr/bin/env bash
# A two-pass report (to stdout, from a regular file over 1 MiB) whose input
# changes while the second pass streams: appended to, truncated, replaced,
# edited in place at the same size with its times restored (touch -r). The
# change is made while acocalc waits on a full pipe, after its first output
# and before it reads the end of the file (README "Commands"):
# - the second pass renders the programs the first held back: the change
#   comes too late to matter, and the whole report of the file as it was
#   comes out, exit 0;
# - where nothing can be held back (no temporary file: TMPDIR a missing
#   folder), the second pass reads the file again, and each change is
#   caught: the report's beginning, then one line naming the file, exit 2.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

# 12,000 programs, 2.4 MB; the last one's id is "last", its baseline
# member_months 1200.
"$PYTHON" - "$FIXTURES/small.jsonl" >"$TMP/original.jsonl" <<'PYEOF'
import json, sys
base = json.loads(open(sys.argv[1]).readline())
for i in range(12000):
    base["id"] = "last" if i == 11999 else f"p{i}"
    print(json.dumps(base))
PYEOF
input="$TMP/input.jsonl"
cp "$TMP/original.jsonl" "$input"
run report -f jsonl --threads 2 "$input"
expect_rc 0 "the unchanged input"
cp "$OUT" "$TMP/expected"
expect_eq 12000 "$(wc -l <"$TMP/expected" | tr -d ' ')" "the unchanged input: 12,000 programs"

# change HOW: changes $input.
change() {
  case $1 in
    append)
      sed -n '$p' "$TMP/original.jsonl" | sed 's/"last"/"appended"/' >>"$input" ;;
    truncate)
      truncate -s 1800000 "$input" ;;
    replace)  # another file, the same bytes but the last program's id
      sed 's/"last"/"other"/' "$TMP/original.jsonl" >"$TMP/new.jsonl"
      mv "$TMP/new.jsonl" "$input" ;;
    same-size)  # 1200 -> 1300 in the last program; the times put back
      cp -p "$input" "$TMP/times"
      "$PYTHON" - "$input" <<'PYEOF'
import sys
with open(sys.argv[1], "r+b") as f:
    data = f.read()
    at = data.rindex(b'"member_months": 1200')
    f.seek(at)
    f.write(b'"member_months": 1300')
PYEOF
      touch -r "$TMP/times" "$input" ;;
  esac
}

for how in append truncate replace same-size; do
  cp "$TMP/original.jsonl" "$input"
  set +e
  "$ACOCALC" report -f jsonl --threads 2 "$input" 2>"$TMP/stderr" |
    { head -c 1 >/dev/null; change "$how"; cat >"$TMP/stdout"; }
  RC=${PIPESTATUS[0]}
  set -e
  OUT="$TMP/stdout" ERR="$TMP/stderr"
  expect_rc 0 "$how during the second pass, the programs held back"
  expect_eq "" "$(cat "$ERR")" "$how, held back: nothing on stderr"
  { head -c 1 "$TMP/expected"; cat "$OUT"; } >"$TMP/seen"
  if cmp -s "$TMP/seen" "$TMP/expected"; then pass; else fail "$how, held back: not the report of the file as it was"; fi
done

for how in append truncate replace same-size; do
  cp "$TMP/original.jsonl" "$input"
  before=$(stat -c %s.%Y "$input")
  set +e
  TMPDIR="$TMP/missing" "$ACOCALC" report -f jsonl --threads 2 "$input" 2>"$TMP/stderr" |
    { head -c 1 >/dev/null; change "$how"; cat >"$TMP/stdout"; }
  RC=${PIPESTATUS[0]}
  set -e
  OUT="$TMP/stdout" ERR="$TMP/stderr"
  if [ "$how" = same-size ]; then
    expect_eq "$before" "$(stat -c %s.%Y "$input")" "same-size: size and mtime as they were"
  fi
  expect_rc 2 "$how during the second pass"
  expect_eq "acocalc: $input: changed while acocalc was reading it; the output is incomplete, run again" \
    "$(cat "$ERR")" "$how: one line naming the file"
  # What came out is the unchanged report's beginning, in whole programs
  # (the first byte, read by head, is not in $OUT).
  { head -c 1 "$TMP/expected"; cat "$OUT"; } >"$TMP/seen"
  if cmp -s -n "$(wc -c <"$TMP/seen")" "$TMP/seen" "$TMP/expected"; then pass; else fail "$how: the output is not the report's beginning"; fi
  if [ "$(tail -c 1 "$TMP/seen" | od -An -c | tr -d ' ')" = '\n' ]; then pass; else fail "$how: the output ends inside a program"; fi
  expect_no_grep '"(appended|other|last)"' "$TMP/seen" "$how: no program from past the change"
done

finish
