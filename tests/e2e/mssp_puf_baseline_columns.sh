#!/usr/bin/env bash
# A baseline PUF laid out otherwise than the performance year's (its
# columns in another order, more of them): a baseline cell that gives no
# figure is named by the baseline file's own header, never by the column
# of the same number in the performance file (which may not exist).
source "$(dirname "$0")/lib.sh"

"$PYTHON" - "$ACOCALC_ROOT/tests/e2e/fixtures/mssp-rules/PY2023.csv" "$TMP" <<'PY'
import csv, sys
source, tmp = sys.argv[1:3]
rows = list(csv.reader(open(source, encoding="utf-8-sig")))
header = rows[0]
years = header.index("N_AB_Year_PY")
order = [i for i in range(len(header)) if i != years] + [years]  # person-years moved last
extra = [f"Extra_{k}" for k in range(40)]
with open(f"{tmp}/PY2022.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(extra + [header[i] for i in order])
    for r in rows[1:]:
        r = list(r)
        r[years] = "*"
        w.writerow(["0"] * len(extra) + [r[i] for i in order])
with open(f"{tmp}/PY2023.csv", "w", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(rows)
PY

run import mssp-puf "$TMP/PY2023.csv" --baseline "$TMP/PY2022.csv"
expect_rc 0 "import with a baseline of another layout"
expect_grep "baseline N_AB_Year_PY is suppressed \\(\\*\\): no baseline or utilization" "$OUT" \
  "the suppressed baseline cell named by the baseline's header"
expect_no_grep "baseline (Extra_|ACO_ID|Current_Track)" "$OUT" "no other file's column named"
finish
