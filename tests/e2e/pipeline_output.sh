#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# -o OUT writes atomically: a temporary file in OUT's directory, renamed over
# OUT on success; on any failure OUT is untouched and no temporary file is
# left behind.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

small="$FIXTURES/small.jsonl"
invalid="$FIXTURES/invalid-third.jsonl"  # v1, v2 valid; line 3 invalid; v4 valid

# listing DIR: the directory's entries, hidden ones included, one a line.
listing() {
  ls -A "$1"
}

# --- success: OUT holds exactly what stdout would have
for format in table json jsonl csv markdown; do
  dir="$TMP/ok-$format"
  mkdir "$dir"
  run report -f "$format" "$small"
  cp "$OUT" "$TMP/expected"
  run report -f "$format" "$small" -o "$dir/out"
  expect_rc 0 "-f $format -o out"
  expect_empty "$OUT" "-f $format -o out: stdout"
  if cmp -s "$TMP/expected" "$dir/out"; then pass; else fail "-f $format -o out differs from stdout output"; fi
  expect_eq "out" "$(listing "$dir")" "-f $format -o out: only OUT in its directory"
done

# -o replaces an existing OUT.
mkdir "$TMP/replace"
echo "old contents" >"$TMP/replace/out.jsonl"
run report -f jsonl "$small" -o "$TMP/replace/out.jsonl"
expect_rc 0 "-o over an existing file"
expect_eq 3 "$(wc -l <"$TMP/replace/out.jsonl" | tr -d ' ')" "-o replaced the old contents with 3 programs"

# --- failure in the middle: an invalid program after valid ones
for format in json jsonl csv table; do
  dir="$TMP/fail-$format"
  mkdir "$dir"
  run report -f "$format" "$invalid" -o "$dir/out.$format"
  expect_rc 2 "-f $format: invalid third program, -o"
  expect_empty "$OUT" "-f $format: invalid program, -o: stdout"
  expect_eq "" "$(listing "$dir")" "-f $format: no OUT and no temporary file after the failure"
done

# The invalid document is a later file: the first file's programs were
# already rendered when the error was found.
dir="$TMP/fail-later-file"
mkdir "$dir"
run report -f json "$small" data/anthem-hcp-2013h1.json "$invalid" -o "$dir/out.json"
expect_rc 2 "invalid later file, -o"
expect_eq "" "$(listing "$dir")" "invalid later file: no OUT, no temporary file"

# A large run (more than the 8 MiB kept in memory before spilling) that
# fails at its very end leaves nothing either.
"$PYTHON" - "$small" "$invalid" >"$TMP/big-then-bad.jsonl" <<'EOF'
import json, sys
base = json.loads(open(sys.argv[1]).readline())
for i in range(12000):
    base["id"] = f"p{i}"
    print(json.dumps(base))
print(open(sys.argv[2]).read().splitlines()[2])  # the invalid program
EOF
dir="$TMP/fail-big"
mkdir "$dir"
run report -f json "$TMP/big-then-bad.jsonl" -o "$dir/out.json"
expect_rc 2 "12,000 valid programs then an invalid one, -o"
expect_eq "" "$(listing "$dir")" "large failed run: no OUT, no temporary file"
run report -f json "$TMP/big-then-bad.jsonl"
expect_rc 2 "12,000 valid programs then an invalid one, stdout"
expect_empty "$OUT" "large failed run: nothing on stdout"

# --- a pre-existing OUT survives a failed run byte for byte
dir="$TMP/keep"
mkdir "$dir"
printf 'precious\nbytes\r\n\000end' >"$dir/out.json"
cp "$dir/out.json" "$TMP/precious.copy"
chmod 640 "$dir/out.json"
inode_before=$(stat -c %i "$dir/out.json")
mtime_before=$(stat -c %Y.%y "$dir/out.json")
run report -f json "$invalid" -o "$dir/out.json"
expect_rc 2 "failed run over an existing OUT"
if cmp -s "$TMP/precious.copy" "$dir/out.json"; then pass; else fail "existing OUT changed by a failed run"; fi
expect_eq "$inode_before" "$(stat -c %i "$dir/out.json")" "existing OUT is the same file (inode)"
expect_eq "$mtime_before" "$(stat -c %Y.%y "$dir/out.json")" "existing OUT not modified (mtime)"
expect_eq "640" "$(stat -c %a "$dir/out.json")" "existing OUT keeps its mode"
expect_eq "out.json" "$(listing "$dir")" "failed run over OUT: no temporary file"

# Unreadable input fails the same way.
run report -f json "$TMP/does-not-exist.json" -o "$dir/out.json"
expect_rc 2 "missing input file, -o"
if cmp -s "$TMP/precious.copy" "$dir/out.json"; then pass; else fail "missing input changed OUT"; fi
expect_grep 'does-not-exist\.json: cannot open' "$ERR" "missing input: the error names the file"

# --- --keep-going with -o: the valid programs are written, exit 3
dir="$TMP/partial"
mkdir "$dir"
run report -f json --keep-going "$invalid" -o "$dir/out.json"
expect_rc 3 "--keep-going -o"
expect_eq "out.json" "$(listing "$dir")" "--keep-going -o: OUT written, no temporary file"
py '
import json, sys
d = json.load(open(sys.argv[1]))
ids = [p["id"] for p in d["programs"]]
assert ids == ["v1", "v2", "v4"], f"programs {ids}"
errors = d["errors"]
assert len(errors) == 1 and errors[0]["line"] == 3, f"errors {errors}"
' "$dir/out.json"

# --- OUT where no temporary file can be made: exit 2, a message, nothing made
run report -f json "$small" -o "$TMP/no/such/dir/out.json"
expect_rc 2 "-o into a missing directory"
expect_grep '^acocalc: .*no/such/dir/out\.json: ' "$ERR" "-o into a missing directory: the error names OUT"
expect_empty "$OUT" "-o into a missing directory: stdout"
if [ ! -e "$TMP/no" ]; then pass; else fail "-o into a missing directory created something"; fi

# --- OUT that is not a regular file is written to, never replaced
run report -f jsonl "$small"
cp "$OUT" "$TMP/expected"
# A FIFO stays a FIFO, and its reader gets what stdout would have.
mkfifo "$TMP/fifo"
timeout 20 cat "$TMP/fifo" >"$TMP/fifo.out" &
reader=$!
run report -f jsonl "$small" -o "$TMP/fifo"
wait "$reader" || true
expect_rc 0 "-o FIFO"
if [ -p "$TMP/fifo" ]; then pass; else fail "-o FIFO replaced the FIFO"; fi
if cmp -s "$TMP/expected" "$TMP/fifo.out"; then pass; else fail "-o FIFO: the reader got other bytes than stdout"; fi
# A failed run sends the FIFO nothing.
timeout 20 cat "$TMP/fifo" >"$TMP/fifo.out" &
reader=$!
run report -f jsonl "$invalid" -o "$TMP/fifo"
wait "$reader" || true
expect_rc 2 "-o FIFO, invalid program"
expect_empty "$TMP/fifo.out" "-o FIFO, invalid program: the reader got"
# /dev/stdout to a pipe, and to a file (through its symbolic links: the file
# is replaced, the links stay).
set +e
"$ACOCALC" report -f jsonl "$small" -o /dev/stdout | cat >"$TMP/piped"
set -e
if cmp -s "$TMP/expected" "$TMP/piped"; then pass; else fail "-o /dev/stdout into a pipe differs from stdout"; fi
set +e
"$ACOCALC" report -f jsonl "$small" -o /dev/stdout >"$TMP/redirected"
RC=$?
set -e
expect_rc 0 "-o /dev/stdout > FILE"
if cmp -s "$TMP/expected" "$TMP/redirected"; then pass; else fail "-o /dev/stdout > FILE differs from stdout"; fi
if [ -L /dev/stdout ]; then pass; else fail "-o /dev/stdout replaced /dev/stdout"; fi
if [ -c /dev/null ]; then pass; else fail "/dev/null is no longer a device"; fi
mkdir "$TMP/linked"
echo old >"$TMP/linked/real.jsonl"
ln -s real.jsonl "$TMP/linked/link.jsonl"
run report -f jsonl "$small" -o "$TMP/linked/link.jsonl"
expect_rc 0 "-o LINK"
if [ -L "$TMP/linked/link.jsonl" ]; then pass; else fail "-o LINK replaced the link"; fi
if cmp -s "$TMP/expected" "$TMP/linked/real.jsonl"; then pass; else fail "-o LINK: the file it names does not hold the output"; fi
expect_eq "link.jsonl real.jsonl" "$(listing "$TMP/linked" | tr '\n' ' ' | sed 's/ $//')" "-o LINK: no temporary file left"

# A directory is no output: exit 2, a message naming it, nothing made in it.
mkdir "$TMP/outdir"
run report -f json "$small" -o "$TMP/outdir"
expect_rc 2 "-o DIRECTORY"
expect_grep '^acocalc: .*outdir: cannot open: Is a directory$' "$ERR" "-o DIRECTORY: the error names OUT"
expect_empty "$OUT" "-o DIRECTORY: stdout"
expect_eq "" "$(listing "$TMP/outdir")" "-o DIRECTORY: nothing made in it"

# --- stdout that cannot be written (a full disk) is an error, not silence
if [ -w /dev/full ]; then
  set +e
  "$ACOCALC" report -f jsonl "$small" >/dev/full 2>"$TMP/full.err"
  rc=$?
  set -e
  expect_eq 2 "$rc" "report >/dev/full exit code"
  expect_grep '^acocalc: .*write error' "$TMP/full.err" "report >/dev/full: a write error on stderr"
fi

finish
