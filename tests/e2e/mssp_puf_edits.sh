#!/usr/bin/env bash
# The importer never writes what the loader refuses: every single-cell edit
# of a real PUF row (suppressed, empty, negative zero, huge, percent-looking,
# negative, text) either imports into a document `validate` accepts and
# `check` can run, or fails with one-line errors naming the file (exit 2,
# nothing on stdout). Also a header-only file.
source "$(dirname "$0")/lib.sh"

"$PYTHON" - "$ACOCALC" "$ACOCALC_ROOT/tests/data/mssp-puf/PY2018.csv" "$TMP" <<'PY'
import csv, io, subprocess, sys
acocalc, source, tmp = sys.argv[1:4]
rows = list(csv.reader(open(source, encoding="utf-8-sig")))
header, first, second = rows[0], rows[1], rows[2]
edits = ["*", "", "-0", "1e308", "150", "-1", "abc", "0"]
failures = []
runs = 0

def write(path, records):
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(records)

def attempt(label, records):
    global runs
    runs += 1
    path = f"{tmp}/PY2018.csv"
    write(path, records)
    imported = subprocess.run([acocalc, "import", "mssp-puf", path], capture_output=True)
    if imported.returncode == 2:
        lines = imported.stderr.decode().splitlines()
        if imported.stdout or not lines or not all(
                l.startswith("acocalc: ") and path in l for l in lines):
            failures.append(f"{label}: exit 2 without one-line errors naming the file: "
                            f"{imported.stderr[:300]!r} stdout {imported.stdout[:100]!r}")
        return
    if imported.returncode != 0:
        failures.append(f"{label}: import exit {imported.returncode}: {imported.stderr[:300]!r}")
        return
    doc = f"{tmp}/doc.json"
    open(doc, "wb").write(imported.stdout)
    validated = subprocess.run([acocalc, "validate", doc], capture_output=True)
    if validated.returncode != 0:
        failures.append(f"{label}: the imported document is refused: {validated.stderr[:300]!r}")
        return
    checked = subprocess.run([acocalc, "check", doc], capture_output=True)
    if checked.returncode not in (0, 1) or b"nan" in checked.stdout or b"inf" in checked.stdout:
        failures.append(f"{label}: check exit {checked.returncode}: {checked.stdout[-300:]!r}")

for column, name in enumerate(header):
    for value in edits:
        row = list(first)
        row[column] = value
        attempt(f"{name}={value!r}", [header, row, second])
attempt("header only", [header])
print(f"{runs} edited files, {len(failures)} broke a promise")
for failure in failures[:20]:
    print("  " + failure)
sys.exit(1 if failures else 0)
PY
pass
finish
