#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python in single quotes is literal.
# Memory stays bounded on every road, whatever the input: endless or random
# bytes, one over-long line, a million lines of garbage, a large
# {"acocalc": 1, "programs": [...]} document through report -o, validate,
# check and whatif. A value beyond the limit (ACOCALC_MAX_VALUE_MIB, set low here so
# that nothing large is written) is a one-line error, exit 2; errors past
# the first 100 of a file are counted; running out of memory is a one-line
# error too, never an abort.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

# Sanitizer builds need more: set ACOCALC_E2E_MAX_RSS_MB and
# ACOCALC_E2E_TIME_LIMIT_S (each run's timeout).
limit_kb=$((${ACOCALC_E2E_MAX_RSS_MB:-64} * 1024))
limit_s=$((${ACOCALC_E2E_TIME_LIMIT_S:-10} > 30 ? ${ACOCALC_E2E_TIME_LIMIT_S:-10} : 30))
export ACOCALC_MAX_VALUE_MIB=2

# bounded WHAT INPUT ARGS...: runs acocalc with INPUT on stdin (a file, or
# a shell command whose output is piped in when it starts with "|"), stdout
# to $OUT and stderr to $ERR, under a timeout ($limit_s); sets $RC and fails WHAT
# when the peak resident memory passes the bound.
bounded() {
  local what=$1 input=$2
  shift 2
  OUT="$TMP/stdout"
  ERR="$TMP/stderr"
  local rss
  rss=$("$PYTHON" - "$limit_s" "$input" "$OUT" "$ERR" "$ACOCALC" "$@" <<'PY'
import resource, subprocess, sys
seconds, src, out, err, *cmd = sys.argv[1:]
with open(out, "wb") as stdout, open(err, "wb") as stderr:
    if src.startswith("|"):
        feed = subprocess.Popen(["bash", "-c", src[1:]], stdout=subprocess.PIPE)
        rc = subprocess.run(["timeout", seconds] + cmd, stdin=feed.stdout, stdout=stdout,
                            stderr=stderr).returncode
        feed.stdout.close()
        feed.wait()
    else:
        with open(src, "rb") as stdin:
            rc = subprocess.run(["timeout", seconds] + cmd, stdin=stdin, stdout=stdout,
                                stderr=stderr).returncode
print(rc, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
)
  RC=${rss% *}
  rss=${rss#* }
  if [ "$rss" -lt "$limit_kb" ]; then
    pass
  else
    fail "$what: peak memory $((rss / 1024)) MiB, over $((limit_kb / 1024)) MiB"
  fi
}

# one_error WHAT PATTERN: exit 2, nothing on stdout, one line on stderr.
one_error() {
  expect_rc 2 "$1"
  expect_empty "$OUT" "$1: nothing on stdout"
  expect_eq 1 "$(wc -l <"$ERR" | tr -d ' ')" "$1: one line on stderr"
  expect_grep "$2" "$ERR" "$1: the message"
}

# Endless zeros, from a pipe and from the device itself: one value that
# never ends.
bounded "/dev/zero through a pipe" "|head -c 50000000 /dev/zero" report
one_error "/dev/zero through a pipe" \
  '^acocalc: <stdin>:1:1: a value longer than 2 MiB starts here, beyond the limit \(ACOCALC_MAX_VALUE_MIB sets it\); the rest of the file is not read$'
for command in report validate check; do
  bounded "$command /dev/zero" /dev/null "$command" /dev/zero
  one_error "$command /dev/zero" '^acocalc: /dev/zero:1:1: a value longer than 2 MiB starts here'
done
bounded "import mssp-puf /dev/zero" /dev/null import mssp-puf --year 2018 /dev/zero
one_error "import mssp-puf /dev/zero" \
  '^acocalc: /dev/zero: longer than 2 MiB, beyond the limit \(ACOCALC_MAX_VALUE_MIB sets it\)$'
bounded "report -o /dev/zero" /dev/null report -o "$TMP/zero.out" /dev/zero
one_error "report -o /dev/zero" '^acocalc: /dev/zero:1:1: a value longer than 2 MiB'
if [ ! -e "$TMP/zero.out" ]; then pass; else fail "report -o /dev/zero: OUT was written"; fi

# Random bytes: at most 100 errors and a count of the rest, whatever the
# reading ends on.
bounded "/dev/urandom through a pipe" "|head -c 30000000 /dev/urandom" report --keep-going
expect_rc 3 "/dev/urandom with --keep-going"
expect_empty "$OUT" "/dev/urandom: no program, nothing on stdout"
lines=$(wc -l <"$ERR" | tr -d ' ')
if [ "$lines" -le 102 ]; then pass; else fail "/dev/urandom: $lines lines of errors, expected at most 102"; fi
# Random brackets may open a value that runs past the limit before the
# hundredth error: either ends the list.
expect_grep '^acocalc: <stdin>(: and [0-9,]+ more errors in this file \(the first 100 of a file are shown\)|:[0-9]+:[0-9]+: a value longer than 2 MiB starts here)' \
  "$ERR" "/dev/urandom: the errors past 100 are counted, or a value too long ends them"

# One over-long JSON Lines line between two good ones: its place is named,
# the file is read no further; with --keep-going the program before it is
# reported.
"$PYTHON" - "$FIXTURES/small.jsonl" "$TMP/long.jsonl" <<'PY'
import json, sys
good = json.loads(open(sys.argv[1]).readline())
with open(sys.argv[2], "w") as out:
    out.write(json.dumps(good) + "\n")
    good["id"] = "x" * (3 << 20)
    out.write(json.dumps(good) + "\n")
    good["id"] = "after"
    out.write(json.dumps(good) + "\n")
PY
bounded "an over-long line" /dev/null report -f jsonl "$TMP/long.jsonl"
one_error "an over-long line" "^acocalc: $TMP/long.jsonl:2:1: a line longer than 2 MiB starts here"
bounded "an over-long line, --keep-going" /dev/null report -f jsonl --keep-going "$TMP/long.jsonl"
expect_rc 3 "an over-long line, --keep-going"
expect_eq 1 "$(wc -l <"$OUT" | tr -d ' ')" "an over-long line, --keep-going: the program before it"

# A million lines of garbage: 100 errors and one that counts the rest, in
# bounded memory, on every road.
for command in "report --keep-going" "validate" "check --keep-going"; do
  # shellcheck disable=SC2086  # the command's words
  bounded "$command: a million garbage lines" "|yes garbage | head -n 1000000" $command
  expect_eq 101 "$(wc -l <"$ERR" | tr -d ' ')" "$command: a million garbage lines: 101 lines"
  expect_grep '^acocalc: <stdin>:100:1: invalid JSON' "$ERR" "$command: the 100th error is shown"
  expect_grep '^acocalc: <stdin>: and 999,900 more errors in this file' "$ERR" \
    "$command: the others are counted"
done

# One program with 10,000 errors: the loader keeps the first thousand of a
# value, the run prints 100, and the count covers them all.
"$PYTHON" - "$TMP/bad-metrics.json" <<'PY'
import json, sys
bad = {f"m{i}": -1 for i in range(5000)}
period = {"member_months": 1200, "utilization": bad}
json.dump({"id": "bad", "baseline": period, "performance": period}, open(sys.argv[1], "w"))
PY
bounded "one program with 10,000 errors" /dev/null validate "$TMP/bad-metrics.json"
expect_rc 2 "one program with 10,000 errors"
expect_eq 101 "$(wc -l <"$ERR" | tr -d ' ')" "one program with 10,000 errors: 101 lines"
expect_grep '^acocalc: .*bad-metrics.json: /baseline/utilization/m0: must be' "$ERR" \
  "one program with 10,000 errors: the first in document order"
expect_grep '^acocalc: .*bad-metrics.json: and 9,900 more errors in this file' "$ERR" \
  "one program with 10,000 errors: all counted"

# A large document (14 MB, 10,000 programs) is read a program at a time on
# every road: read whole it would pass the 2 MiB limit (and the memory
# bound).
n=10000
"$PYTHON" tests/bench/generate.py "$n" "$TMP/big.jsonl" --document "$TMP/big.json" --seed 11
rm "$TMP/big.jsonl"
bounded "report -o of a large document" /dev/null report -f jsonl -o "$TMP/big.out" "$TMP/big.json"
expect_rc 0 "report -o of a large document"
expect_eq "$n" "$(wc -l <"$TMP/big.out" | tr -d ' ')" "report -o of a large document: every program"
bounded "report -o of a large document, stdin from it" "$TMP/big.json" report -f jsonl -o "$TMP/big2.out"
expect_rc 0 "report -o, standard input from a large document"
if cmp -s "$TMP/big.out" "$TMP/big2.out"; then pass; else fail "report -o: stdin and file differ"; fi
rm "$TMP/big2.out"
bounded "report to stdout of a large document" /dev/null report -f jsonl "$TMP/big.json"
if cmp -s "$TMP/big.out" "$OUT"; then pass; else fail "report: -o and stdout differ"; fi
rm "$TMP/big.out"
bounded "validate a large document" /dev/null validate "$TMP/big.json"
expect_rc 0 "validate a large document"
expect_eq "$n programs valid" "$(cat "$OUT")" "validate a large document: the count"
for format in table json; do
  bounded "check -f $format a large document" /dev/null check -f "$format" "$TMP/big.json"
  expect_rc 0 "check -f $format a large document"
done
py '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["programs"]) == int(sys.argv[2]), len(d["programs"])
assert d["summary"]["programs"] == int(sys.argv[2]), d["summary"]
' "$OUT" "$n"
bounded "whatif of a large document" /dev/null whatif -f json --program bench-0000000 "$TMP/big.json"
expect_rc 0 "whatif of a large document"
expect_grep '"id": "bench-0000000"' "$OUT" "whatif of a large document: the program"
# A scenario that applies to no program: 100 of them named, the rest counted.
bounded "whatif that applies to nothing" /dev/null whatif --utilization nosuch=-5% "$TMP/big.json"
expect_rc 2 "whatif that applies to nothing"
expect_eq 101 "$(wc -l <"$ERR" | tr -d ' ')" "whatif that applies to nothing: 101 lines"
expect_grep '^acocalc: whatif: and 9,900 more programs the scenario does not apply to$' "$ERR" \
  "whatif that applies to nothing: the rest counted"
# The document cut short: found on the way, the message of a whole reading
# (which the limit refuses here: the value is too long to read whole).
head -c 7000000 "$TMP/big.json" >"$TMP/cut.json"
for command in validate check; do
  bounded "$command: a large document cut short" /dev/null "$command" "$TMP/cut.json"
  one_error "$command: a large document cut short" "^acocalc: $TMP/cut.json:1:1: a value longer than 2 MiB"
done

# The limit itself: a bad setting is refused before anything is read.
ACOCALC_MAX_VALUE_MIB=0 run validate "$FIXTURES/small.jsonl"
expect_rc 2 "ACOCALC_MAX_VALUE_MIB=0"
expect_grep '^acocalc: ACOCALC_MAX_VALUE_MIB: expected a whole number of MiB from 1 to 1024, got "0"$' \
  "$ERR" "ACOCALC_MAX_VALUE_MIB=0: the message"

# Out of memory (a value within the limit whose parse passes a ulimit): one
# line, exit 2, nothing on stdout. Skipped where ulimit -v stops the binary
# from starting at all (sanitizer builds reserve terabytes of address space).
if (ulimit -v 400000 && "$ACOCALC" --version >/dev/null 2>&1); then
  set +e
  (
    ulimit -v 400000
    { printf '['; yes '0,' | tr -d '\n' | head -c 60000000; printf '0]'; } |
      ACOCALC_MAX_VALUE_MIB=100 "$ACOCALC" report >"$TMP/oom.out" 2>"$TMP/oom.err"
  )
  RC=$?
  set -e
  OUT="$TMP/oom.out"
  ERR="$TMP/oom.err"
  one_error "out of memory" '^acocalc: out of memory: the run stopped'
fi

finish
