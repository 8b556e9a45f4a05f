# Shared helpers of the tests/e2e/*.sh scripts: source it, never run it.
#
#   source "$(dirname "$0")/lib.sh"
#
# ctest sets ACOCALC (the binary) and ACOCALC_ROOT (the repository root). Each
# script gets a fresh temporary directory, $TMP, removed on exit; the working
# directory is the repository root, so data/... paths work.

set -euo pipefail

ACOCALC=${ACOCALC:?ACOCALC must name the acocalc binary}
ACOCALC_ROOT=${ACOCALC_ROOT:?ACOCALC_ROOT must name the repository root}
FIXTURES="$ACOCALC_ROOT/tests/e2e/fixtures"
# Debian's python3 has python3-jsonschema; a pyenv python3 on PATH may not.
PYTHON=/usr/bin/python3
TEST_NAME=$(basename "$0" .sh)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/acocalc-e2e.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$ACOCALC_ROOT"

# Colors and the program's idea of a terminal must not leak in from the caller.
unset NO_COLOR
unset COLUMNS  # a terminal's width (tables fit it)

FAILURES=0
CHECKS=0

# fail MESSAGE: records a failure and goes on (the script fails at the end).
fail() {
  echo "FAIL [$TEST_NAME] $*" >&2
  FAILURES=$((FAILURES + 1))
}

pass() {
  CHECKS=$((CHECKS + 1))
}

# run ARGS...: runs acocalc with stdin from /dev/null unless redirected by
# the caller; sets $OUT, $ERR (file names) and $RC.
run() {
  OUT="$TMP/stdout"
  ERR="$TMP/stderr"
  set +e
  "$ACOCALC" "$@" >"$OUT" 2>"$ERR"
  RC=$?
  set -e
}

# run_stdin FILE ARGS...: like run, with FILE on standard input.
run_stdin() {
  local input=$1
  shift
  OUT="$TMP/stdout"
  ERR="$TMP/stderr"
  set +e
  "$ACOCALC" "$@" <"$input" >"$OUT" 2>"$ERR"
  RC=$?
  set -e
}

# expect_rc CODE WHAT: the last run exited with CODE.
expect_rc() {
  if [ "$RC" = "$1" ]; then
    pass
  else
    fail "$2: exit $RC, expected $1; stderr: $(head -c 600 "$ERR")"
  fi
}

# expect_eq EXPECTED ACTUAL WHAT
expect_eq() {
  if [ "$1" = "$2" ]; then
    pass
  else
    fail "$3: got '$2', expected '$1'"
  fi
}

# expect_empty FILE WHAT
expect_empty() {
  if [ ! -s "$1" ]; then
    pass
  else
    fail "$2: expected nothing, got $(wc -c <"$1") bytes: $(head -c 300 "$1")"
  fi
}

# expect_nonempty FILE WHAT
expect_nonempty() {
  if [ -s "$1" ]; then
    pass
  else
    fail "$2: expected output, got nothing"
  fi
}

# expect_grep PATTERN FILE WHAT: FILE matches the extended regex PATTERN.
expect_grep() {
  if grep -Eq -- "$1" "$2"; then
    pass
  else
    fail "$3: no line matches /$1/ in: $(head -c 600 "$2")"
  fi
}

# expect_no_grep PATTERN FILE WHAT
expect_no_grep() {
  if ! grep -Eq -- "$1" "$2"; then
    pass
  else
    fail "$3: unexpected match of /$1/: $(grep -Em3 -- "$1" "$2")"
  fi
}

# has_escape FILE: the file holds an ANSI escape character.
has_escape() {
  grep -q $'\033' "$1"
}

# py SCRIPT ARGS...: runs a Python check; its non-zero exit is a failure
# with the script's own message (which it prints on stderr).
py() {
  local code=$1
  shift
  if "$PYTHON" -c "$code" "$@" 2>"$TMP/py.err"; then
    pass
  else
    fail "$(cat "$TMP/py.err")"
  fi
}

# programs_in FILE...: how many programs the input documents hold, counted
# by Python from the documents (JSON or JSON Lines), not by acocalc.
programs_in() {
  "$PYTHON" - "$@" <<'EOF'
import json, sys
total = 0
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    try:
        docs = [json.loads(text)]
    except json.JSONDecodeError:
        docs = [json.loads(line) for line in text.splitlines() if line.strip()]
    for doc in docs:
        total += len(doc["programs"]) if "programs" in doc else 1
print(total)
EOF
}

# finish: the script's verdict.
finish() {
  if [ "$FAILURES" -gt 0 ]; then
    echo "$TEST_NAME: $FAILURES failed, $CHECKS passed" >&2
    exit 1
  fi
  echo "$TEST_NAME: $CHECKS checks passed"
}

# Run directly (ctest registers every tests/e2e/*.sh, this file too), it
# checks what the other scripts rely on: the binary runs, Debian's python3
# has jsonschema, util-linux script exists.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  if "$ACOCALC" --version >/dev/null 2>&1; then pass; else fail "$ACOCALC --version does not run"; fi
  if "$PYTHON" -c 'import jsonschema; jsonschema.Draft202012Validator' 2>/dev/null; then
    pass
  else
    fail "$PYTHON lacks jsonschema with Draft202012Validator (apt-get install python3-jsonschema)"
  fi
  if command -v script >/dev/null; then pass; else fail "util-linux script(1) is missing"; fi
  if [ -d "$FIXTURES" ]; then pass; else fail "no fixtures directory $FIXTURES"; fi
  finish
fi
