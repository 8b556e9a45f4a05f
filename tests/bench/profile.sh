#!/usr/bin/env bash
# Profiles `acocalc report -f jsonl` on bench programs and writes a Markdown
# summary (tests/bench/README.md). Where hardware counters work
# (`perf stat -e instructions true`), perf record on 100,000 programs;
# otherwise, as on VMs without a PMU, callgrind on 10,000 programs (exact
# instruction counts), plus a perf cpu-clock sample on 100,000 programs when
# perf can sample at all (wall-clock view, kernel time included).
#   usage: profile.sh BIN [OUT.md]   (BIN built with -g -fno-omit-frame-pointer
#   for readable call stacks: make bench-profile does that)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$(realpath "$1")"
out="${2:-$here/results/profile.md}"
work="$(dirname "$bin")/profile"
mkdir -p "$work"

gen() {  # gen N -> path of a cached input
  local file="$work/programs-$1.jsonl"
  [ -s "$file" ] || python3 "$here/generate.py" "$1" "$file"
  echo "$file"
}

{
  echo "# acocalc profile: report -f jsonl"
  echo
  echo "- binary: $bin ($("$bin" --version)), work tree at $(git -C "$here" rev-parse --short HEAD)"
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs"
  echo
  if perf stat -e instructions true 2>&1 | grep '[0-9] *instructions' >/dev/null; then
    input="$(gen 100000)"
    perf record -q -g -o "$work/perf.data" "$bin" report -f jsonl "$input" >/dev/null
    echo "## perf record (instructions), 100,000 programs"
    echo
    echo '```'
    perf report -i "$work/perf.data" --no-children --sort sym --stdio 2>/dev/null |
      grep -E '^ +[0-9.]+%' | sed -n 1,25p | sed -E 's/nlohmann::json_abi_v3_11_2:://g' | cut -c1-160
    echo '```'
  else
    input="$(gen 10000)"
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
      "$bin" report -f jsonl "$input" >/dev/null 2>"$work/callgrind.log"
    echo "## callgrind, 10,000 programs (perf has no hardware counters here)"
    echo
    python3 "$here/profile_summary.py" "$work/callgrind.out" --top 15
    echo
    if perf record -q -e cpu-clock -F 499 -g -o "$work/perf.data" true 2>/dev/null; then
      input="$(gen 100000)"
      perf record -q -e cpu-clock -F 499 -g -o "$work/perf.data" \
        "$bin" report -f jsonl "$input" >/dev/null 2>/dev/null
      echo "## perf cpu-clock samples, 100,000 programs (self time, wall clock)"
      echo
      echo "By object:"
      echo
      echo '```'
      perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null |
        grep -E '^ +[0-9.]+%' | sed -n 1,8p
      echo '```'
      echo
      echo "By function:"
      echo
      echo '```'
      perf report -i "$work/perf.data" --no-children --sort sym --stdio -g none 2>/dev/null |
        grep -E '^ +[0-9.]+%' | sed -n 1,20p |
        sed -E 's/nlohmann::json_abi_v3_11_2:://g; s/basic_json<ordered_map, std::vector.*> >/json/; s/std::__cxx11:://g' |
        cut -c1-150
      echo '```'
    fi
  fi
} > "$out"
cat "$out"
