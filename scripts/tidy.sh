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
# One log a source: clang-tidy's findings (its stdout), and a mark when it
# exits non-zero (a finding under WarningsAsErrors, or a source it cannot
# read). The gcc build's gcc-only warning flags (-Wno-restrict) are not
# clang's: clang is told not to mind them.
export tidy build logs
printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -I{} sh -c '
  log="$logs/$(echo "$1" | tr / _)"
  "$tidy" -p "$build" --quiet --extra-arg=-Wno-unknown-warning-option "$1" >"$log.log" 2>"$log.err" ||
    echo "$1" >"$log.failed"' _ {}
if compgen -G "$logs/*.failed" >/dev/null || grep -qE "(warning|error):" "$logs"/*.log; then
  cat "$logs"/*.log >&2
  for failed in "$logs"/*.failed; do
    [[ -e $failed ]] || continue
    echo "tidy: $(cat "$failed") failed:" >&2
    grep -vE "warnings? generated|^Suppressed|^Use -header-filter" "${failed%.failed}.err" >&2 || true
  done
  echo "tidy: findings above (.clang-tidy)" >&2
  exit 1
fi
echo "tidy: ${#files[@]} sources clean"
