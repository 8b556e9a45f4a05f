#!/usr/bin/env bash
# shellcheck disable=SC2016  # Python and regexes in single quotes are literal.
# Output formats for pipelines: JSON Lines (one program per line), CSV (RFC
# 4180, one row per program and metric), Markdown; same input, same bytes.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

portfolio="$FIXTURES/rollup-portfolio.json"
quoting="$FIXTURES/csv-quoting.json"

# --- JSON Lines: one program report per line, each a complete JSON object
run report -f jsonl data/*.json
expect_rc 0 "jsonl over data/"
expect_eq "$(programs_in data/*.json)" "$(wc -l <"$OUT" | tr -d ' ')" "jsonl: one line per program of data/"
py '
import json, sys
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    assert line.endswith("\n"), f"jsonl line {n} has no newline"
    doc = json.loads(line)
    assert isinstance(doc, dict) and "id" in doc, f"jsonl line {n} is not a program report"
' "$OUT"

# With --rollup, one more line: {"rollup": {...}}, last.
run report -f jsonl --rollup "$portfolio"
expect_rc 0 "jsonl --rollup"
py '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert len(lines) == 5, f"4 programs and a roll-up: {len(lines)} lines"
assert [l.get("id") for l in lines[:4]] == ["alpha", "beta", "gamma", "delta"], "program lines"
assert list(lines[4]) == ["rollup"], f"last line keys {list(lines[4])}"
assert lines[4]["rollup"]["programs"] == 4, "roll-up line counts 4 programs"
' "$OUT"

# jsonl and json carry the same program reports.
run report -f json "$portfolio" data/anthem-hcp-2013h1.json
cp "$OUT" "$TMP/report.json"
run report -f jsonl "$portfolio" data/anthem-hcp-2013h1.json
py '
import json, sys
programs = json.load(open(sys.argv[1]))["programs"]
lines = [json.loads(l) for l in open(sys.argv[2])]
assert programs == lines, "jsonl lines differ from json programs"
' "$TMP/report.json" "$OUT"

# --- CSV: RFC 4180, parsed by Python's csv module
run report -f csv "$quoting" "$portfolio"
expect_rc 0 "csv"
cp "$OUT" "$TMP/report.csv"
py '
import csv, json, sys
raw = open(sys.argv[1], "rb").read()
# RFC 4180: records end in CRLF; a bare LF appears only inside a quoted field.
assert raw.endswith(b"\r\n"), "the last record does not end in CRLF"
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8"), strict=True))
header = rows[0]
expected_header = ["program_id", "program_name", "section", "name", "direction", "baseline",
                   "performance", "change", "pct_change", "rate_ratio", "ci_low", "ci_high",
                   "significant", "improved", "eligible", "gross_savings", "savings_rate",
                   "shared_savings", "shared_losses", "net_payment"]
for key in ["program_id", "program_name", "section", "name", "baseline", "performance"]:
    assert key in header, f"CSV header lacks {key}: {header}"
bad = [i for i, r in enumerate(rows) if len(r) != len(header)]
assert not bad, f"rows {bad} do not have {len(header)} fields"
records = [dict(zip(header, r)) for r in rows[1:]]

# Rows per program: one per utilization metric and quality measure of the
# input (or one for a program with neither), counted from the input files.
expected = []
for path in sys.argv[2:]:
    doc = json.load(open(path))
    for p in doc["programs"] if "programs" in doc else [doc]:
        perf = p["performance"]
        names = [("utilization", n) for n in perf.get("utilization", {})]
        names += [("quality", n) for n in perf.get("quality", {})]
        for section, name in names or [("program", "")]:
            expected.append((p["id"], p.get("name", p["id"]), section, name))
got = [(r["program_id"], r["program_name"], r["section"], r["name"]) for r in records]
assert got == expected, f"CSV rows {got}\n expected {expected}"

# The name with a comma, a quote and a newline survives the round trip.
name = "Acme, \"Quoted\" ACO\nsecond line"
assert records[0]["program_name"] == name, repr(records[0]["program_name"])
assert records[1]["name"] == "care, \"transitions\"", repr(records[1]["name"])
# And it was quoted with doubled quotes, as RFC 4180 says.
assert b"\"Acme, \"\"Quoted\"\" ACO\nsecond line\"" in raw, "program name not RFC 4180 quoted"

# Figures checked by hand (fixture csv-quoting.json): inpatient days
# 300 x 12000 / 12000 = 300 per 1,000, then 270: change -30, -10%.
r = records[0]
assert (r["section"], r["name"]) == ("utilization", "inpatient_days")
assert float(r["baseline"]) == 300 and float(r["performance"]) == 270, r
assert float(r["change"]) == -30 and abs(float(r["pct_change"]) + 0.1) < 1e-12, r
# Settlement: benchmark 6000 x 1000 member-years = 6,000,000, expenditure
# 5,700,000: gross savings 300,000, rate 5% >= 2%, shared 50% = 150,000.
assert float(r["gross_savings"]) == 300000 and float(r["savings_rate"]) == 0.05, r
assert r["eligible"] == "true" and float(r["shared_savings"]) == 150000, r
# A program without a contract leaves the settlement columns empty.
g = [x for x in records if x["program_id"] == "gamma"][0]
assert g["eligible"] == "" and g["gross_savings"] == "", g
' "$TMP/report.csv" "$quoting" "$portfolio"
expect_no_grep $'\033' "$TMP/report.csv" "csv has no escape codes"

# --- Markdown: a heading and pipe tables, no escape codes even with --color always
run report -f markdown --color always "$portfolio"
expect_rc 0 "markdown"
expect_grep '^#' "$OUT" "markdown has a heading"
expect_grep '^\|.*\|$' "$OUT" "markdown has table rows"
expect_grep '^\|[ :|-]+\|$' "$OUT" "markdown has a table delimiter row"
expect_no_grep $'\033' "$OUT" "markdown has no escape codes"
# Every table row of one table has the same number of cells.
py '
import sys
tables, current = [], []
for line in open(sys.argv[1]):
    if line.startswith("|"):
        current.append(line.rstrip("\n"))
    elif current:
        tables.append(current); current = []
if current: tables.append(current)
assert tables, "no Markdown tables"
for t in tables:
    cells = {row.replace("\\|", "").count("|") for row in t}
    assert len(cells) == 1, f"ragged Markdown table: {t[:3]}"
' "$OUT"

# --- deterministic: same input, same bytes, whatever the locale
for format in table json jsonl csv markdown; do
  LC_ALL=C "$ACOCALC" report -f "$format" --rollup "$portfolio" data/*.json >"$TMP/a" 2>/dev/null || true
  LC_ALL=C.UTF-8 LANG=de_DE.UTF-8 "$ACOCALC" report -f "$format" --rollup "$portfolio" data/*.json \
    >"$TMP/b" 2>/dev/null || true
  if cmp -s "$TMP/a" "$TMP/b" && [ -s "$TMP/a" ]; then pass; else fail "-f $format: two runs differ"; fi
done

finish
