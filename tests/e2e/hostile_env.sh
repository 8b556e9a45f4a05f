#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python in single quotes is literal.
# acocalc in a hostile environment: closed standard descriptors, signals
# while -o is being written, bounded virtual memory (ulimit -v), a file-size
# limit (ulimit -f), a full disk (/dev/full, and a 64 KiB tmpfs when this
# machine lets us mount one). Whatever happens: exit 0 with the output, or a
# one-line error and exit 2 (or the signal's status for a signal), never a
# crash, never a temporary file left behind.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

small="$FIXTURES/small.jsonl"
invalid="$FIXTURES/invalid-third.jsonl"
MNT="$TMP/mnt"
trap 'umount "$MNT" 2>/dev/null || true; rm -rf "$TMP"' EXIT

run report -f jsonl "$small"
cp "$OUT" "$TMP/expected"

# big.jsonl: 6,000 programs, 1.2 MB (over 1 MiB: a report of it to a pipe
# takes two passes; to a regular file, one written as it goes).
"$PYTHON" - "$small" >"$TMP/big.jsonl" <<'PYEOF'
import json, sys
base = json.loads(open(sys.argv[1]).readline())
for i in range(6000):
    base["id"] = f"p{i}"
    print(json.dumps(base))
PYEOF
run report -f json "$TMP/big.jsonl"
expect_rc 0 "the large input reports"
cp "$OUT" "$TMP/big.expected"

# one_line_error WHAT: the last run failed with exit 2, exactly one line on
# stderr starting "acocalc: ", nothing on stdout.
one_line_error() {
  expect_rc 2 "$1"
  expect_eq 1 "$(wc -l <"$ERR" | tr -d ' ')" "$1: one line on stderr ($(head -c 300 "$ERR"))"
  expect_grep '^acocalc: ' "$ERR" "$1: the line"
  expect_empty "$OUT" "$1: stdout"
}

# --- closed descriptors
# stdin closed: read as empty, not as whatever file takes descriptor 0.
set +e
"$ACOCALC" report >"$TMP/stdout" 2>"$TMP/stderr" 0<&-
RC=$?
set -e
OUT="$TMP/stdout" ERR="$TMP/stderr"
one_line_error "report 0<&-"
expect_grep '^acocalc: <stdin>:1:1: invalid JSON: .*the input is empty$' "$ERR" "report 0<&-: the message"
set +e
"$ACOCALC" report -f jsonl "$small" >"$TMP/stdout" 2>"$TMP/stderr" 0<&-
RC=$?
set -e
expect_rc 0 "report FILE 0<&-"
if cmp -s "$TMP/expected" "$TMP/stdout"; then pass; else fail "report FILE 0<&-: output differs"; fi

# stdout closed: the output cannot be written, so the run fails, saying so.
for input in "$small" "$TMP/big.jsonl"; do
  set +e
  "$ACOCALC" report -f json "$input" 2>"$TMP/stderr" 1>&-
  RC=$?
  set -e
  expect_rc 2 "report $(basename "$input") 1>&-"
  expect_eq "acocalc: <stdout>: write error: Bad file descriptor" "$(cat "$TMP/stderr")" \
    "report $(basename "$input") 1>&-: the message"
done
# ... but -o OUT does not need it.
dir="$TMP/closed-stdout"
mkdir "$dir"
set +e
"$ACOCALC" report -f jsonl "$small" -o "$dir/out.jsonl" 2>"$TMP/stderr" 1>&-
RC=$?
set -e
expect_rc 0 "report -o OUT 1>&-"
if cmp -s "$TMP/expected" "$dir/out.jsonl"; then pass; else fail "report -o OUT 1>&-: OUT differs"; fi
expect_eq "out.jsonl" "$(ls -A "$dir")" "report -o OUT 1>&-: no temporary file"

# stderr closed: the exit code still tells; nothing reaches stdout or OUT.
set +e
"$ACOCALC" report -f jsonl "$invalid" >"$TMP/stdout" 2>&-
RC=$?
set -e
expect_rc 2 "report INVALID 2>&-"
expect_empty "$TMP/stdout" "report INVALID 2>&-: stdout"
dir="$TMP/closed-stderr"
mkdir "$dir"
set +e
"$ACOCALC" report -f jsonl --keep-going "$invalid" -o "$dir/out.jsonl" >"$TMP/stdout" 2>&-
RC=$?
set -e
expect_rc 3 "report --keep-going -o OUT 2>&-"
expect_eq 3 "$(grep -c '^{"id"' "$dir/out.jsonl")" "--keep-going -o OUT 2>&-: OUT holds the 3 valid programs"
expect_no_grep 'acocalc' "$dir/out.jsonl" "--keep-going -o OUT 2>&-: no diagnostic in OUT"
# All three closed.
set +e
"$ACOCALC" validate "$small" 0<&- 1>&- 2>&-
RC=$?
set -e
expect_rc 2 "validate 0<&- 1>&- 2>&-"

# --- signals while -o, or stdout that is a regular file, is being written:
# no temporary file, stdout cut back to the line written before the run,
# the signal's status. The input comes through a FIFO whose writer stays
# open, so that acocalc is surely still at work when the signal comes; job
# control gives the background job the default SIGINT a terminal's Ctrl-C
# would meet.
set -m
for sig in INT TERM HUP PIPE; do
  for form in -o stdout; do
    dir="$TMP/signal-$sig$form"
    mkdir "$dir"
    mkfifo "$dir.jsonl"
    (cat "$TMP/big.jsonl" && exec sleep 30) >"$dir.jsonl" &
    writer=$!
    if [ "$form" = -o ]; then
      "$ACOCALC" report -f json "$dir.jsonl" -o "$dir/out.json" 2>"$TMP/signal.err" &
    else
      { printf 'before\n'; exec "$ACOCALC" report -f json "$dir.jsonl"; } >"$dir.out" 2>"$TMP/signal.err" &
    fi
    pid=$!
    # Until the temporary file, or stdout, holds output (10 s at most).
    for _ in $(seq 200); do
      if [ "$form" = -o ]; then
        written=$(find "$dir" -name '.out.json.tmp.*' -size +0 | head -1)
      else
        written=$(find "$dir.out" -size +1k)
      fi
      [ -n "$written" ] && break
      sleep 0.05
    done
    if [ -n "$written" ]; then pass; else fail "$sig $form: no output appeared"; fi
    kill "-$sig" "$pid"
    set +e
    wait "$pid"
    RC=$?
    set -e
    kill "$writer" 2>/dev/null || true
    wait "$writer" 2>/dev/null || true
    expect_eq "$((128 + $(kill -l "$sig")))" "$RC" "SIG$sig during $form: the signal's exit status"
    expect_eq "" "$(ls -A "$dir")" "SIG$sig during $form: no temporary file, no OUT"
    if [ "$form" = stdout ]; then
      expect_eq "before" "$(cat "$dir.out")" "SIG$sig during stdout: cut back to where it stood"
    fi
  done
done
set +m

# A signal the caller ignores (nohup) stays ignored: the run completes.
dir="$TMP/signal-ignored"
mkdir "$dir"
set +e
(trap '' HUP && "$ACOCALC" report -f json "$TMP/big.jsonl" -o "$dir/out.json" 2>"$TMP/stderr" &
 pid=$! && sleep 0.05 && kill -HUP "$pid" 2>/dev/null; wait "$pid")
RC=$?
set -e
expect_rc 0 "SIGHUP ignored by the caller"
if cmp -s "$TMP/big.expected" "$dir/out.json"; then pass; else fail "SIGHUP ignored: OUT differs"; fi

# --- bounded virtual memory: success or a one-line error, never a signal.
# Sanitizer builds reserve terabytes of shadow memory: not under ulimit -v.
if [ -n "${ASAN_OPTIONS:-}${ACOCALC_E2E_MAX_RSS_MB:-}" ]; then
  echo "$TEST_NAME: ulimit -v skipped (sanitizer build)"
else
  dir="$TMP/ulimit-v"
  mkdir "$dir"
  loaded=0
  for kb in 6000 8000 10000 12000 16000 24000 32000 48000 64000 96000; do
    # A limit too low for the dynamic loader is not acocalc's to handle.
    if ! (ulimit -v "$kb" && "$ACOCALC" --version) >/dev/null 2>&1; then continue; fi
    loaded=$((loaded + 1))
    for form in stdout-file stdin-file stdout-two-pass stdin-pipe -o validate check; do
      case $form in
        stdout-file | stdout-two-pass) args=(report -f json "$TMP/big.jsonl") ;;
        stdin-file) args=(report -f json --threads 2 -) ;;
        stdin-pipe) args=(report -f json) ;;
        -o) args=(report -f json "$TMP/big.jsonl" -o "$dir/out.json") ;;
        validate) args=(validate "$TMP/big.jsonl") ;;
        check) args=(check "$TMP/big.jsonl") ;;
      esac
      set +e
      if [ "$form" = stdin-pipe ]; then  # read once, the output held back
        cat "$TMP/big.jsonl" | (ulimit -v "$kb" && exec "$ACOCALC" "${args[@]}") >"$TMP/stdout" 2>"$TMP/stderr"
        RC=$?
      elif [ "$form" = stdout-two-pass ]; then  # to a pipe: two passes
        (ulimit -v "$kb" && exec "$ACOCALC" "${args[@]}") 2>"$TMP/stderr" | cat >"$TMP/stdout"
        RC=${PIPESTATUS[0]}
      else  # to a regular file: one pass, cut back on failure
        (ulimit -v "$kb" && exec "$ACOCALC" "${args[@]}") <"$TMP/big.jsonl" >"$TMP/stdout" 2>"$TMP/stderr"
        RC=$?
      fi
      set -e
      OUT="$TMP/stdout" ERR="$TMP/stderr"
      what="ulimit -v $kb, $form"
      if [ "$RC" = 0 ]; then
        pass
        case $form in
          stdout-* | stdin-*) if cmp -s "$TMP/big.expected" "$OUT"; then pass; else fail "$what: exit 0 with other output"; fi ;;
          -o) if cmp -s "$TMP/big.expected" "$dir/out.json"; then pass; else fail "$what: exit 0 with another OUT"; fi ;;
        esac
      elif [ "$form" = stdout-two-pass ]; then
        # Memory refused after the second pass began to stream: what was
        # written stays, a true beginning of the report (README).
        expect_rc 2 "$what"
        expect_eq 1 "$(wc -l <"$ERR" | tr -d ' ')" "$what: one line on stderr ($(head -c 300 "$ERR"))"
        if cmp -s -n "$(wc -c <"$OUT")" "$OUT" "$TMP/big.expected"; then pass; else fail "$what: stdout is not a beginning of the report"; fi
      else
        one_line_error "$what"
      fi
      expect_no_grep '\.tmp\.' <(ls -A "$dir") "$what: no temporary file"
      rm -f "$dir/out.json"
    done
  done
  if [ "$loaded" -gt 0 ]; then pass; else fail "ulimit -v: no limit let acocalc start"; fi
fi

# --- a file-size limit: a write error, not SIGXFSZ
dir="$TMP/ulimit-f"
mkdir "$dir"
set +e
(ulimit -f 64 && exec "$ACOCALC" report -f json "$TMP/big.jsonl" -o "$dir/out.json") >"$TMP/stdout" 2>"$TMP/stderr"
RC=$?
set -e
OUT="$TMP/stdout" ERR="$TMP/stderr"
one_line_error "ulimit -f 64, -o OUT"
expect_grep 'write error: File too large$' "$ERR" "ulimit -f 64, -o OUT: the message"
expect_eq "" "$(ls -A "$dir")" "ulimit -f 64, -o OUT: no OUT, no temporary file"
# Standard output, a regular file, is cut back to where it stood.
set +e
{ printf 'before\n'; (ulimit -f 64 && exec "$ACOCALC" report -f json "$TMP/big.jsonl") 2>"$TMP/stderr"; } >"$TMP/stdout"
RC=$?
set -e
expect_rc 2 "ulimit -f 64, stdout a regular file"
expect_eq "acocalc: <stdout>: write error: File too large" "$(cat "$ERR")" "ulimit -f 64, stdout: the message"
expect_eq "before" "$(cat "$TMP/stdout")" "ulimit -f 64, stdout: cut back to where it stood"

# The programs a two-pass report holds back (a pipe out) meet the limit
# too: the second pass reads the input again, and the report is whole.
"$ACOCALC" report -f jsonl "$TMP/big.jsonl" -o "$TMP/big.expected"
mkdir "$TMP/held"
set +e
(ulimit -f 64 && TMPDIR="$TMP/held" exec "$ACOCALC" report -f jsonl "$TMP/big.jsonl") 2>"$TMP/stderr" |
  cat >"$TMP/stdout"
RC=${PIPESTATUS[0]}
set -e
expect_rc 0 "ulimit -f 64, programs held back to a pipe"
expect_eq "" "$(cat "$TMP/stderr")" "ulimit -f 64, held back: nothing on stderr"
if cmp -s "$TMP/big.expected" "$TMP/stdout"; then pass; else fail "ulimit -f 64, held back: the whole report"; fi
expect_eq "" "$(ls -A "$TMP/held")" "ulimit -f 64, held back: no temporary file left"
# And without a limit, nothing is left in TMPDIR either.
TMPDIR="$TMP/held" "$ACOCALC" report -f jsonl "$TMP/big.jsonl" | cat >"$TMP/stdout"
if cmp -s "$TMP/big.expected" "$TMP/stdout"; then pass; else fail "held back to a pipe: the whole report"; fi
expect_eq "" "$(ls -A "$TMP/held")" "held back to a pipe: no temporary file left"

# --- a full disk: /dev/full
run report -f jsonl "$small" -o /dev/full
one_line_error "-o /dev/full"
expect_eq "acocalc: /dev/full: write error: No space left on device" "$(cat "$ERR")" "-o /dev/full: the message"
if [ -c /dev/full ]; then pass; else fail "-o /dev/full replaced /dev/full"; fi
for input in "$small" "$TMP/big.jsonl"; do
  set +e
  "$ACOCALC" report -f json "$input" >/dev/full 2>"$TMP/stderr"
  RC=$?
  set -e
  ERR="$TMP/stderr" OUT=/dev/null
  one_line_error "report $(basename "$input") > /dev/full"
  expect_eq "acocalc: <stdout>: write error: No space left on device" "$(cat "$ERR")" \
    "report $(basename "$input") > /dev/full: the message"
done
for cmd in validate check; do
  set +e
  "$ACOCALC" "$cmd" "$small" >/dev/full 2>"$TMP/stderr"
  RC=$?
  set -e
  ERR="$TMP/stderr" OUT=/dev/null
  one_line_error "$cmd > /dev/full"
done

# --- a full file system: a 64 KiB tmpfs, when this machine lets us mount one
mkdir "$MNT"
if mount -t tmpfs -o size=64k tmpfs "$MNT" 2>/dev/null; then
  printf 'the old report\n' >"$MNT/out.json"
  cp "$MNT/out.json" "$TMP/old.copy"
  run report -f json "$TMP/big.jsonl" -o "$MNT/out.json"
  one_line_error "-o OUT on a full 64 KiB tmpfs"
  expect_grep 'out\.json: write error: No space left on device$' "$ERR" "-o OUT on a full tmpfs: the message"
  if cmp -s "$TMP/old.copy" "$MNT/out.json"; then pass; else fail "-o OUT on a full tmpfs: the old OUT changed"; fi
  expect_eq "out.json" "$(ls -A "$MNT")" "-o OUT on a full tmpfs: no temporary file"
  # Programs held back in a full TMPDIR: the input is read again.
  TMPDIR="$MNT" "$ACOCALC" report -f jsonl "$TMP/big.jsonl" 2>"$TMP/stderr" | cat >"$TMP/stdout"
  if cmp -s "$TMP/big.expected" "$TMP/stdout"; then pass; else fail "TMPDIR a full tmpfs: the whole report"; fi
  expect_eq "" "$(cat "$TMP/stderr")" "TMPDIR a full tmpfs: nothing on stderr"
  expect_eq "out.json" "$(ls -A "$MNT")" "TMPDIR a full tmpfs: no temporary file left"
  # A report that fits is written.
  run report -f jsonl "$small" -o "$MNT/out.json"
  expect_rc 0 "-o OUT that fits the tmpfs"
  if cmp -s "$TMP/expected" "$MNT/out.json"; then pass; else fail "-o OUT that fits the tmpfs: contents"; fi
  umount "$MNT"
else
  echo "$TEST_NAME: tmpfs skipped (mount -t tmpfs is not permitted here)"
fi

finish
