#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# Large runs stream: 100,000 programs (19 MB of JSON Lines in, about 85 MB
# of report out) go through in bounded memory, from standard input to
# standard output, every program reported.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

n=100000
"$PYTHON" - "$FIXTURES/small.jsonl" "$n" >"$TMP/many.jsonl" <<'PY'
import json, sys
base = json.loads(open(sys.argv[1]).readline())
for i in range(int(sys.argv[2])):
    base["id"] = f"p{i}"
    print(json.dumps(base))
PY

# max_rss_kb OUTFILE ARGS...: acocalc's peak resident memory in KiB, with
# many.jsonl on stdin and stdout to OUTFILE (measured by a small wrapper
# that holds no data of its own before it starts acocalc).
max_rss_kb() {
  local outfile=$1
  shift
  "$PYTHON" - "$TMP/many.jsonl" "$outfile" "$ACOCALC" "$@" <<'PY'
import resource, subprocess, sys
src, dst, *cmd = sys.argv[1:]
with open(src, "rb") as stdin, open(dst, "wb") as stdout:
    rc = subprocess.run(cmd, stdin=stdin, stdout=stdout).returncode
if rc != 0:
    sys.exit(f"acocalc {' '.join(cmd[1:])} exited {rc}")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
}

# Sanitizer builds need more: set ACOCALC_E2E_MAX_RSS_MB.
limit_kb=$((${ACOCALC_E2E_MAX_RSS_MB:-64} * 1024))
for format in jsonl json csv; do
  rss=$(max_rss_kb "$TMP/out.$format" report -f "$format")
  if [ "$rss" -lt "$limit_kb" ]; then
    pass
  else
    fail "-f $format of $n programs: peak memory $((rss / 1024)) MiB, over $((limit_kb / 1024)) MiB"
  fi
done
expect_eq "$n" "$(wc -l <"$TMP/out.jsonl" | tr -d ' ')" "-f jsonl: one line per program"
py '
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
count = len(d["programs"])
assert count == n, f"{count} programs in the report, expected {n}"
assert d["programs"][-1]["id"] == f"p{n - 1}", d["programs"][-1]["id"]
' "$TMP/out.json" "$n"

finish
