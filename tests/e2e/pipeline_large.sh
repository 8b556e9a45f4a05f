#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python in single quotes is literal.
# A large input takes other roads than a small one: worker threads
# (--threads); one pass written as it goes to a regular file or -o; and, to
# a pipe from files over 1 MiB, two passes (check everything, then stream)
# instead of holding the output back. Every road gives the same bytes, and a
# bad program late in a large file still means exit 2 and nothing on stdout.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

n=3000
"$PYTHON" tests/bench/generate.py "$n" "$TMP/big.jsonl" --document "$TMP/big.json" --seed 7
size=$(wc -c <"$TMP/big.jsonl" | tr -d ' ')
if [ "$size" -gt 1048576 ]; then pass; else fail "the input must pass 1 MiB to take two passes: $size bytes"; fi

# same FILE_A FILE_B WHAT: byte-identical outputs.
same() {
  if cmp -s "$1" "$2"; then pass; else fail "$3: outputs differ ($(cmp "$1" "$2" 2>&1 | head -1))"; fi
}

for format in jsonl json csv table; do
  # One thread, one pass (output to a file): the reference.
  run report -f "$format" --rollup --threads 1 -o "$TMP/ref.$format" "$TMP/big.jsonl"
  expect_rc 0 "-f $format, one thread, -o"
  # One pass to stdout, a regular file, with the default threads and with four.
  run report -f "$format" --rollup "$TMP/big.jsonl"
  expect_rc 0 "-f $format, to a regular file"
  same "$TMP/ref.$format" "$OUT" "-f $format: a regular file against -o"
  run report -f "$format" --rollup --threads 4 "$TMP/big.jsonl"
  same "$TMP/ref.$format" "$OUT" "-f $format: four threads against one"
  # Two passes to a pipe, and from standard input redirected from a file
  # (it can be read again).
  "$ACOCALC" report -f "$format" --rollup "$TMP/big.jsonl" | cat >"$TMP/two.$format"
  same "$TMP/ref.$format" "$TMP/two.$format" "-f $format: two passes to a pipe against one thread"
  "$ACOCALC" report -f "$format" --rollup --threads 4 <"$TMP/big.jsonl" | cat >"$TMP/two.$format"
  same "$TMP/ref.$format" "$TMP/two.$format" "-f $format: two passes from standard input"
  run_stdin "$TMP/big.jsonl" report -f "$format" --rollup
  same "$TMP/ref.$format" "$OUT" "-f $format: standard input against a file"
  # Through a pipe: one pass, the output held back.
  cat "$TMP/big.jsonl" | "$ACOCALC" report -f "$format" --rollup >"$TMP/piped.$format"
  same "$TMP/ref.$format" "$TMP/piped.$format" "-f $format: a pipe against a file"
done
expect_eq "$((n + 1))" "$(wc -l <"$TMP/ref.jsonl" | tr -d ' ')" "-f jsonl: a line per program and the roll-up"

# The document form gives the same programs as JSON Lines.
run report -f jsonl "$TMP/big.json"
expect_rc 0 "the document form"
head -n "$n" "$TMP/ref.jsonl" >"$TMP/ref-programs.jsonl"
same "$TMP/ref-programs.jsonl" "$OUT" "the document form against JSON Lines"
"$ACOCALC" report -f jsonl "$TMP/big.json" | cat >"$TMP/two-doc.jsonl"
same "$TMP/ref-programs.jsonl" "$TMP/two-doc.jsonl" "the document form in two passes"

# A large document is read a program at a time (in each pass of two);
# whatever is wrong with it, it gives the messages and output it gives when
# read whole (from a pipe), found when streaming it or on a second reading,
# on every road: -o, a regular file, two passes to a pipe.
doc_case() {  # NAME PYTHON-EDIT: edits the document text in `t`
  "$PYTHON" - "$TMP/big.json" "$TMP/$1.json" "$2" <<'PY'
import sys
t = open(sys.argv[1]).read()
exec(sys.argv[3])
open(sys.argv[2], "w").write(t)
PY
  # Read whole: through a pipe (no limit on the value's size here).
  set +e
  ACOCALC_MAX_VALUE_MIB=1024 "$ACOCALC" report -f jsonl --keep-going <"$TMP/$1.json" \
    2>"$TMP/$1.whole-err" | cat >"$TMP/$1.whole"
  local whole_rc=${PIPESTATUS[0]}
  set -e
  sed -i 's/^acocalc: <stdin>/acocalc: FILE/' "$TMP/$1.whole-err"
  local road
  for road in -o file pipe; do
    set +e
    case $road in
      -o) rm -f "$TMP/$1.road"
          "$ACOCALC" report -f jsonl --keep-going -o "$TMP/$1.road" "$TMP/$1.json" 2>"$TMP/$1.err" ;;
      file) "$ACOCALC" report -f jsonl --keep-going "$TMP/$1.json" >"$TMP/$1.road" 2>"$TMP/$1.err" ;;
      pipe) "$ACOCALC" report -f jsonl --keep-going "$TMP/$1.json" 2>"$TMP/$1.err" | cat >"$TMP/$1.road" ;;
    esac
    RC=${PIPESTATUS[0]}
    set -e
    expect_eq "$whole_rc" "$RC" "document $1, $road: exit code as when read whole"
    sed -i "s|^acocalc: $TMP/$1.json|acocalc: FILE|" "$TMP/$1.err"
    if cmp -s "$TMP/$1.whole-err" "$TMP/$1.err"; then pass; else
      fail "document $1, $road: messages differ from the whole document's: $(diff "$TMP/$1.whole-err" "$TMP/$1.err" | head -5)"
    fi
    if [ "$road" != -o ] || [ "$whole_rc" != 2 ]; then
      same "$TMP/$1.whole" "$TMP/$1.road" "document $1, $road: output as when read whole"
    elif [ -e "$TMP/$1.road" ]; then
      fail "document $1, -o: OUT written by a failed run"
    fi
  done
}
last='t.rindex("{\"id\"")'
doc_case semantic "i = $last; t = t[:i] + t[i:].replace('\"member_months\":', '\"member_months\":-', 1)"
doc_case syntax "i = $last; t = t[:i] + t[i:].replace(',', ',,', 1)"
doc_case duplicate_key "i = $last; t = t[:i] + t[i:].replace('{', '{\"id\":\"x\",', 1)"
doc_case extra_field "t = t.rstrip()[:-1] + ', \"extra\": 1}\n'"
doc_case version "t = t.replace('\"acocalc\":1', '\"acocalc\":2', 1)"
doc_case cut_short "t = t[:len(t) // 2]"
doc_case second_value "t = t + '{\"id\": \"late\"}\n'"
doc_case programs_first "t = '{\"programs\":' + t[t.index('['):].rstrip()[:-1] + ',\"acocalc\":1}\n'"
doc_case escaped_key "t = t.replace('\"programs\"', '\"progr\\\\u0061ms\"', 1)"

# Standard input that is not an input is left where it stands (its offset
# is the shell's): a two-pass run over a file moves nothing else.
{ head -n 1 >/dev/null; "$ACOCALC" report -f jsonl "$TMP/big.jsonl" >/dev/null; cat; } \
  <"$TMP/big.jsonl" >"$TMP/after.jsonl"
expect_eq "$((n - 1))" "$(wc -l <"$TMP/after.jsonl" | tr -d ' ')" \
  "standard input untouched by a run over a file"

# A file that changes while a two-pass report reads it: it is touched once
# the second pass has begun to write (its first block reaches the pipe),
# and that pass has many blocks to go. With the programs held back, the
# second pass does not read the file: the report of the file as it was,
# exit 0. With nothing held back (TMPDIR a missing folder), the file is
# read again: exit 2, with the reason.
"$PYTHON" tests/bench/generate.py 20000 "$TMP/changing.jsonl" --seed 9
"$ACOCALC" report -f jsonl "$TMP/changing.jsonl" >"$TMP/changing.expected"
for tmpdir in "$TMP" "$TMP/missing"; do
  "$PYTHON" - "$ACOCALC" "$TMP/changing.jsonl" "$TMP/changing.err" "$tmpdir" \
    "$TMP/changing.expected" <<'PY'
import os, subprocess, sys
acocalc, path, err, tmpdir, expected = sys.argv[1:]
with open(err, "wb") as stderr:
    run = subprocess.Popen([acocalc, "report", "-f", "jsonl", "--threads", "1", path],
                           stdout=subprocess.PIPE, stderr=stderr,
                           env=dict(os.environ, TMPDIR=tmpdir))
    out = run.stdout.read(1)  # the second pass has started
    os.utime(path, ns=(0, 0))
    out += run.stdout.read()
    code = run.wait()
if os.path.isdir(tmpdir):
    if code != 0 or out != open(expected, "rb").read() or os.path.getsize(err):
        sys.exit(f"held back: exit {code}, expected 0, nothing on stderr and the whole report")
elif code != 2:
    sys.exit(f"read again: exit {code}, expected 2")
PY
done
expect_grep '^acocalc: .*/changing\.jsonl: changed while acocalc was reading it; the output is incomplete' \
  "$TMP/changing.err" "a file changed between the passes, read again"

# A bad program near the end, and a repeated id: exit 2 and nothing on
# stdout, whatever the road; with --keep-going, exit 3 and the others.
"$PYTHON" - "$TMP/big.jsonl" "$TMP/bad.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
bad = json.loads(lines[-3])
bad["performance"]["member_months"] = -1
lines[-3] = json.dumps(bad)
dup = json.loads(lines[-2])
dup["id"] = json.loads(lines[10])["id"]
lines[-2] = json.dumps(dup)
open(sys.argv[2], "w").write("\n".join(lines) + "\n")
PY
for threads in 1 2; do
  run report -f jsonl --threads "$threads" "$TMP/bad.jsonl"
  expect_rc 2 "a bad program late in a large file (--threads $threads)"
  expect_empty "$OUT" "a bad program late in a large file: nothing on stdout"
  expect_grep "bad.jsonl:$((n - 2)): /performance/member_months: must be a number > 0, got -1" "$ERR" \
    "the bad program's error names its line"
  expect_grep "bad.jsonl:$((n - 1)): /id: duplicate program id" "$ERR" "the repeated id is named"
done
run report -f jsonl --keep-going "$TMP/bad.jsonl"
expect_rc 3 "--keep-going over a large file"
expect_eq "$((n - 2))" "$(wc -l <"$OUT" | tr -d ' ')" "--keep-going: every valid program reported"
cp "$OUT" "$TMP/kept.jsonl"
set +e
cat "$TMP/bad.jsonl" | "$ACOCALC" report -f jsonl --keep-going >"$TMP/piped-kept.jsonl" 2>/dev/null
set -e
same "$TMP/kept.jsonl" "$TMP/piped-kept.jsonl" "--keep-going: two passes against one through a pipe"
# Standard input read twice starts where it stood: after a first line taken
# off by the shell, the rest.
{ head -n 1 >/dev/null; "$ACOCALC" report -f jsonl; } <"$TMP/big.jsonl" >"$TMP/rest.jsonl"
expect_eq "$((n - 1))" "$(wc -l <"$TMP/rest.jsonl" | tr -d ' ')" "standard input read twice from where it stood"

# A roll-up beyond 2^53 is found in the first pass: nothing on stdout.
"$PYTHON" - "$TMP/big.jsonl" "$TMP/huge.jsonl" <<'PY'
import json, sys
out = open(sys.argv[2], "w")
for line in open(sys.argv[1]):
    p = json.loads(line)
    for period in ("baseline", "performance"):
        p[period]["member_months"] = 2 ** 43  # 3,000 of them pass 2^53
        p[period].pop("expenditure", None)
        p[period]["pmpm"] = 1
    out.write(json.dumps(p) + "\n")
PY
run report -f jsonl "$TMP/huge.jsonl"
expect_rc 0 "each program alone is within 2^53"
run report -f jsonl --rollup "$TMP/huge.jsonl"
expect_rc 2 "a roll-up total beyond 2^53 in a large run"
expect_empty "$OUT" "a roll-up total beyond 2^53: nothing on stdout"
expect_grep "^acocalc: --rollup: the roll-up's .* exceeds 2\^53" "$ERR" "the roll-up error is the only one"

finish
