#!/usr/bin/env bash
# Installs the Debian 12 packages that only the benchmark needs (make bench),
# if any is missing: hyperfine (one-program latency), GNU time and prlimit
# (peak RSS and a memory cap per run), jq (the jq peer), valgrind (the
# profile). make test needs none of them beyond scripts/install-deps.sh.
# With --smoke, only what make bench-smoke needs (GNU time, prlimit, jq).
set -euo pipefail

packages=(hyperfine time util-linux jq python3 valgrind)
if [ "${1:-}" = "--smoke" ]; then packages=(time util-linux jq python3); fi

exec bash "$(dirname "$0")/../../scripts/install-deps.sh" "${packages[@]}"
