#!/usr/bin/env bash
# Runs bad-input cases (see README.md): each must exit 2, print nothing on
# stdout, and print exactly NAME.stderr on stderr.
#
#   run.sh ACOCALC NAME...                 check these cases
#   run.sh ACOCALC --all                   check every case
#   run.sh ACOCALC --regenerate NAME...    rewrite NAME.stderr from the binary
#   run.sh ACOCALC --regenerate --all      rewrite them all (review the diff!)
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
acocalc="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
shift
regenerate=false
if [ "${1:-}" = "--regenerate" ]; then
  regenerate=true
  shift
fi
cases=("$@")
if [ "${cases[0]:-}" = "--all" ]; then
  cases=()
  for f in "$here"/*.stderr; do cases+=("$(basename "$f" .stderr)"); done
fi
[ ${#cases[@]} -gt 0 ] || { echo "usage: run.sh ACOCALC [--regenerate] NAME...|--all" >&2; exit 2; }

# Colors and locale must not leak in from the caller.
export NO_COLOR=1 LC_ALL=C.UTF-8

failures=0
for name in "${cases[@]}"; do
  work="$(mktemp -d "${TMPDIR:-/tmp}/acocalc-bad-input.XXXXXX")"
  # A case runs in the corpus directory, unless its inputs are generated
  # (NAME.gen, run with the corpus directory as $1): then in a scratch one.
  dir="$here"
  if [ -f "$here/$name.gen" ]; then
    dir="$work/in"
    mkdir "$dir"
    (cd "$dir" && bash "$here/$name.gen" "$here") || { echo "FAIL $name: $name.gen failed" >&2; failures=$((failures + 1)); continue; }
  fi
  # The command line: NAME.cmd (arguments after "acocalc", shell words), or
  # "report" on the one input file NAME.*.
  if [ -f "$here/$name.cmd" ]; then
    args="$(cat "$here/$name.cmd")"
  else
    input=""
    for f in "$here/$name".*; do
      case "$f" in *.stderr | *.cmd | *.gen) continue ;; esac
      input="$(basename "$f")"
    done
    [ -n "$input" ] || { echo "FAIL $name: no input file $name.*" >&2; failures=$((failures + 1)); continue; }
    args="report $input"
  fi
  (cd "$dir" && eval "timeout 60 \"\$acocalc\" $args" </dev/null >"$work/stdout" 2>"$work/stderr")
  rc=$?
  if $regenerate; then
    cp "$work/stderr" "$here/$name.stderr"
    echo "$name: exit $rc, $(wc -l <"$work/stderr") lines on stderr"
  fi
  problems=()
  [ "$rc" -eq 2 ] || problems+=("exit $rc, expected 2")
  [ ! -s "$work/stdout" ] || problems+=("stdout is not empty: $(head -c 200 "$work/stdout")")
  if ! $regenerate && ! cmp -s "$work/stderr" "$here/$name.stderr"; then
    problems+=("stderr differs from $name.stderr:
$(diff "$here/$name.stderr" "$work/stderr" | head -40)")
  fi
  if [ ${#problems[@]} -gt 0 ]; then
    failures=$((failures + 1))
    for p in "${problems[@]}"; do echo "FAIL $name: $p" >&2; done
  fi
  rm -rf "$work"
done
[ "$failures" -eq 0 ]
