#!/usr/bin/env bash
# The README's rules for -o OUT, one check at least each: the file standard
# output already writes to is appended to, never replaced; a closed stderr
# never lets diagnostics into OUT; a dangling symbolic link is refused; the
# new file takes only the permission bits of the one it replaces; a signal
# leaves no temporary file (tests/e2e/hostile_env.sh).
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

small="$FIXTURES/small.jsonl"
invalid="$FIXTURES/invalid-third.jsonl"  # v1, v2 valid; line 3 invalid; v4 valid

run report -f jsonl "$small"
cp "$OUT" "$TMP/expected"

# --- -o /dev/stdout while stdout appends to a log: the log keeps its lines
printf 'earlier line 1\nearlier line 2\n' >"$TMP/log"
set +e
"$ACOCALC" report -f jsonl "$small" -o /dev/stdout >>"$TMP/log" 2>"$TMP/err"
RC=$?
set -e
ERR="$TMP/err"
expect_rc 0 "-o /dev/stdout >> log"
{ printf 'earlier line 1\nearlier line 2\n'; cat "$TMP/expected"; } >"$TMP/log.expected"
if cmp -s "$TMP/log.expected" "$TMP/log"; then pass; else fail "-o /dev/stdout >> log: the log lost its lines or the report"; fi

# The same file under its own name, from a group whose stdout it is: the
# output goes where the group's stdout stands.
dir="$TMP/group"
mkdir "$dir"
set +e
{ echo before; "$ACOCALC" report -f jsonl "$small" -o "$dir/f"; echo after; } >"$dir/f" 2>"$TMP/err"
RC=$?
set -e
expect_rc 0 "{ ...; } > f with -o f"
{ echo before; cat "$TMP/expected"; echo after; } >"$TMP/group.expected"
if cmp -s "$TMP/group.expected" "$dir/f"; then pass; else fail "{ ...; } > f with -o f: f is not before, report, after: $(head -c 300 "$dir/f")"; fi
expect_eq "f" "$(ls -A "$dir")" "{ ...; } > f with -o f: no temporary file"

# A failed run appends nothing.
printf 'kept\n' >"$TMP/log2"
set +e
"$ACOCALC" report -f jsonl "$invalid" -o /dev/stdout >>"$TMP/log2" 2>"$TMP/err"
RC=$?
set -e
expect_rc 2 "-o /dev/stdout >> log, invalid input"
expect_eq "kept" "$(cat "$TMP/log2")" "-o /dev/stdout >> log, invalid input: the log as it was"

# -o /dev/stderr while stderr appends to a log: appended too.
printf 'errlog\n' >"$TMP/errlog"
set +e
"$ACOCALC" report -f jsonl "$small" -o /dev/stderr 2>>"$TMP/errlog" >"$TMP/out"
RC=$?
set -e
expect_rc 0 "-o /dev/stderr 2>> log"
{ echo errlog; cat "$TMP/expected"; } >"$TMP/errlog.expected"
if cmp -s "$TMP/errlog.expected" "$TMP/errlog"; then pass; else fail "-o /dev/stderr 2>> log: the log lost its lines"; fi

# --- stderr closed: --keep-going's diagnostics never land in OUT
dir="$TMP/closed-stderr"
mkdir "$dir"
set +e
"$ACOCALC" report -f json --keep-going "$invalid" -o "$dir/out.json" 2>&-
RC=$?
set -e
expect_rc 3 "--keep-going -o OUT 2>&-"
py '
import json, sys
d = json.load(open(sys.argv[1]))  # the whole file is the JSON report
assert [p["id"] for p in d["programs"]] == ["v1", "v2", "v4"], d["programs"]
assert len(d["errors"]) == 1, d["errors"]
' "$dir/out.json"
expect_no_grep '^acocalc:' "$dir/out.json" "2>&-: no diagnostic in OUT"

# --- a dangling symbolic link is refused, and stays as it was
dir="$TMP/dangling"
mkdir "$dir"
ln -s missing-target.json "$dir/link.json"
run report -f json "$small" -o "$dir/link.json"
expect_rc 2 "-o DANGLING-LINK"
expect_eq "acocalc: $dir/link.json: is a symbolic link to a missing file; refusing to create a file through it (create the file it names, or remove the link)" \
  "$(cat "$ERR")" "-o DANGLING-LINK: one line naming OUT"
expect_empty "$OUT" "-o DANGLING-LINK: stdout"
if [ -L "$dir/link.json" ] && [ "$(readlink "$dir/link.json")" = missing-target.json ]; then pass; else fail "-o DANGLING-LINK: the link was changed"; fi
expect_eq "link.json" "$(ls -A "$dir")" "-o DANGLING-LINK: nothing made beside it"

# A loop of links is refused too, and stays.
ln -s loop-b.json "$dir/loop-a.json"
ln -s loop-a.json "$dir/loop-b.json"
run report -f json "$small" -o "$dir/loop-a.json"
expect_rc 2 "-o LINK-LOOP"
expect_eq "acocalc: $dir/loop-a.json: cannot follow the symbolic link: Too many levels of symbolic links" \
  "$(cat "$ERR")" "-o LINK-LOOP: one line naming OUT"
if [ -L "$dir/loop-a.json" ]; then pass; else fail "-o LINK-LOOP: the link was replaced"; fi

# --- the new OUT takes the old one's permission bits, never setuid,
# setgid or sticky
dir="$TMP/modes"
mkdir "$dir"
for mode in 6755 4750 2640 1644 0600; do
  echo old >"$dir/out-$mode"
  chmod "$mode" "$dir/out-$mode"
  run report -f jsonl "$small" -o "$dir/out-$mode"
  expect_rc 0 "-o over a file of mode $mode"
  expect_eq "${mode:1}" "$(stat -c %a "$dir/out-$mode")" "-o over a file of mode $mode: the new mode"
  if cmp -s "$TMP/expected" "$dir/out-$mode"; then pass; else fail "-o over a file of mode $mode: contents"; fi
done
# A new OUT: 0666 less the umask.
(umask 027 && "$ACOCALC" report -f jsonl "$small" -o "$dir/new") 2>"$TMP/err"
expect_eq 640 "$(stat -c %a "$dir/new")" "-o NEW under umask 027"

# After the rename, the directory is fsynced too (strace, where installed).
if command -v strace >/dev/null && [ -z "${ASAN_OPTIONS:-}" ]; then
  strace -f -e trace=fsync,openat -o "$TMP/strace.txt" \
    "$ACOCALC" report data/anthem-hcp-2013h1.json -o "$TMP/synced.txt" >/dev/null 2>&1
  if grep -q "O_DIRECTORY" "$TMP/strace.txt" &&
    [ "$(grep -c '^[0-9]* *fsync(' "$TMP/strace.txt")" -ge 2 ]; then
    pass
  else
    fail "-o: no fsync of the file and of its directory: $(grep -E 'fsync|DIRECTORY' "$TMP/strace.txt" | head -5)"
  fi
fi
finish
