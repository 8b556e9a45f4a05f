#!/usr/bin/env bash
# clang-tidy with the project's .clang-tidy over the sources of src/, using
# BUILD's compile_commands.json (configure first: make build). With a git
# revision, only the sources changed since it: scripts/tidy.sh origin/main.
# Any warning fails (WarningsAsErrors in .clang-tidy).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
tidy=${CLANG_TIDY:-clang-tidy}
if [[ ! -f $build/compile_commands.json ]]; then
  echo "tidy: no $build/compile_commands.json (run make build first)" >&2
  exit 2
fi
if [[ $# -gt 0 ]]; then
  mapfile -t files < <(git diff --name-only --diff-filter=d "$1" -- 'src/*.cc')
else
  mapfile -t files < <(git ls-files 'src/*.cc')
fi
if ((${#files[@]} == 0)); then
  echo "tidy: no source changed"
  exit 0
fi
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
# One log a source; clang-tidy's summary lines ("N warnings generated") go
# to stderr and are dropped, its findings to stdout.
export tidy build logs
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} sh -c \
  '"$tidy" -p "$build" --quiet "$1" >"$logs/$(echo "$1" | tr / _).log" 2>/dev/null || true' _ {}
if grep -qE "(warning|error):" "$logs"/*.log; then
  cat "$logs"/*.log >&2
  echo "tidy: findings above (.clang-tidy)" >&2
  exit 1
fi
echo "tidy: ${#files[@]} sources clean"
