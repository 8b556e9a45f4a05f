#!/usr/bin/env bash
# Installs the Debian 12 packages acocalc needs to build and test, if any is
# missing. Uses sudo when not root. Safe to run again: it installs nothing
# when everything is present. Packages given as arguments replace the list
# (tests/bench/install-tools.sh passes the benchmark's own).
set -euo pipefail

packages=(
  g++ make cmake            # toolchain
  libcli11-dev libfmt-dev nlohmann-json3-dev catch2   # libraries
  python3 python3-jsonschema jq util-linux    # test tools (jsonschema, jq, script)
  clang-14 libclang-rt-14-dev                 # the fuzzer (libFuzzer, ASan, UBSan)
  clang-format clang-tidy                     # .ci/run: formatting and lint
  help2man man-db dpkg-dev                    # the man page, reading it, the .deb
  chromium                                    # the -f html page, checked in a real browser
)
if [ $# -gt 0 ]; then packages=("$@"); fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "acocalc: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
