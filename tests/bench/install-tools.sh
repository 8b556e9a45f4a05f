#!/usr/bin/env bash
# Installs the Debian 12 packages that only the benchmark needs (make bench),
# if any is missing: hyperfine (one-program latency), GNU time and prlimit
# (peak RSS and a memory cap per run), jq (the jq peer), valgrind (the
# profile). make test needs none of them beyond scripts/install-deps.sh.
# With --smoke, only what make bench-smoke needs (GNU time, prlimit, jq).
set -euo pipefail

packages=(hyperfine time util-linux jq python3 valgrind)
if [ "${1:-}" = "--smoke" ]; then packages=(time util-linux jq python3); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "acocalc bench: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
