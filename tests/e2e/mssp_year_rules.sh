#!/usr/bin/env bash
# docs/mssp-methodology.md section 6a, end to end: small PUFs in each year's
# layout (tests/e2e/fixtures/mssp-rules/) whose EarnSaveLoss figures were
# worked out by hand from the rules (the figures are in the comments below),
# imported and checked; the roll-up equals the sum of EarnSaveLoss over the
# rows acocalc settles and names the rest.
source "$(dirname "$0")/lib.sh"
rules="$FIXTURES/mssp-rules"

# PY2024: A0001 BASIC C, alternative standard, score 0.8: $4M x 0.5 x 0.8 x
#   0.98 = $1,568,000. A0002 BASIC A, low revenue, 6,000 beneficiaries, 2% <
#   3.6% MSR, agreement from 2024: half of 40%, $1M x 0.2 x 0.98 = $196,000.
#   A0003 the same from 2022: $0. A0004 guardrail: $0. A0005 ENHANCED,
#   alternative standard, score 0.5, 5% loss: 1 - 0.375 = 62.5%, -$3,125,000.
#   A0006 neither standard: $0.
# PY2021: A1001 ENHANCED $4M shared loss, A1002 BASIC E revenue-limited loss:
#   both forgiven, $0. A1003 Track 1+ (valid in PY2021), full 50%: $2,450,000.
# PY2019: Track 1, 45%, no sequestration: $2,250,000.
# PY2016: A3001 Track 2, published MSR 2.30% = the table's 2.2978% (N
#   40,219): 3% x $100M x 0.54 x 0.98 = $1,587,600. A3002 Track 1 at 2.3%:
#   $2.3M x 0.45 x 0.98 = $1,014,300.
# PY2014: A4001 blank QualScore, FinalShareRate 50: paid for reporting,
#   $2,450,000. A4002 score 90: $2,205,000.
# PY2023: A5001 BASIC E revenue-limited loss: not settled. A5002 $1,960,000.
#   A5003 BASIC E, benchmark limit: 30% x $10M = -$3,000,000.
for year in 2014 2016 2019 2021 2023 2024; do
  run import mssp-puf "$rules/PY$year.csv" -o "$TMP/py$year.json"
  expect_rc 0 "import PY$year"
  run check "$TMP/py$year.json"
  expect_rc 0 "check PY$year"
  expect_grep "0 failed" "$OUT" "check PY$year"
done

field() {  # field YEAR ID JQ-PATH
  jq -c --arg id "$2" ".programs[] | select(.id == \$id) | $3" "$TMP/py$1.json"
}
expect_eq "$(field 2024 A0001 .contract.alternative_quality_standard)" true "A0001 alternative"
expect_eq "$(field 2024 A0001 .contract.quality_standard_met)" true "A0001 standard met"
expect_eq "$(field 2024 A0002 .contract.agreement_start)" '"2024-01-01"' "A0002 start"
expect_eq "$(field 2024 A0003 .contract.agreement_start)" '"2022-01-01"' "A0003 start"
expect_eq "$(field 2024 A0004 .contract.guardrail)" true "A0004 guardrail"
expect_eq "$(field 2024 A0005 .contract.msr)" 0.02 "A0005 elected MSR"
expect_eq "$(field 2024 A0006 .contract.quality_standard_met)" false "A0006 missed"
expect_eq "$(field 2021 A1001 .contract.euc_share)" 1 "A1001 forgiven"
expect_eq "$(field 2021 A1001 '.expect["settlement.earned"].value')" 0 "A1001 earned"
expect_eq "$(field 2021 A1002 '.expect["settlement.earned"].value')" 0 "A1002 earned checked"
# A forgiven loss is 0 whatever the rounding of the quality score: no widening.
expect_eq "$(field 2021 A1001 '.expect["settlement.earned"].tolerance')" 2 "A1001 tolerance"
expect_eq "$(field 2021 A1003 .contract.track)" '"TRACK_1_PLUS"' "A1003 track"
expect_eq "$(field 2016 A3001 .contract.msr)" '"variable"' "A3001 rounded MSR is the table's"
expect_eq "$(field 2014 A4001 .contract.pay_for_reporting)" true "A4001 P4R"
expect_eq "$(field 2023 A5001 '.expect | has("settlement.earned")')" false "A5001 not checked"

# Settled amounts, by the report, against the hand-worked figures above.
run report -f json "$TMP/py2024.json"
expect_rc 0 "report PY2024"
expect_eq "$(jq -c '[.programs[] | .settlement.earned]' "$OUT")" \
  '[1568000,196000,0,0,-3125000,0]' "PY2024 earned"
expect_eq "$(jq -c '.programs[3].settlement.savings_withheld' "$OUT")" true "guardrail withheld"

# The roll-up: CMS's EarnSaveLoss summed over the rows acocalc settles, and
# the others named.
cat >"$TMP/sum.py" <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
rollup = json.load(open(sys.argv[2]))["rollup"]
unsettled = set(rollup["unsettled"])
want = sum(float(r["EarnSaveLoss"]) for r in rows
           if (r.get("ACO_ID") or r.get("ACO_Num")) not in unsettled)
assert rollup["programs_unsettled"] == len(unsettled)
assert abs(rollup["net_payment"] - want) <= 2 * len(rows), (rollup["net_payment"], want)
PY
for year in 2014 2016 2019 2021 2023 2024; do
  run report --rollup -f json "$TMP/py$year.json"
  expect_rc 0 "roll-up PY$year"
  if "$PYTHON" "$TMP/sum.py" "$rules/PY$year.csv" "$OUT"; then pass; else fail "PY$year roll-up differs from the sum of EarnSaveLoss"; fi
done
run report --rollup -f json "$TMP/py2023.json"
expect_eq "$(jq -c '.rollup.unsettled' "$OUT")" '["A5001"]' "PY2023 unsettled"
expect_eq "$(jq -c '.rollup.net_payment' "$OUT")" '-1040000' "PY2023 settled total"
run report --rollup "$TMP/py2023.json"
expect_grep "Not settled \\(losses owed unknown; left out of shared losses and net payment\\): A5001" \
  "$OUT" "PY2023 table names the unsettled row"

# The rules themselves, printed.
run rules 2021 -f json
expect_rc 0 "rules 2021"
expect_eq "$(jq -c '.years[0] | [.performance_year, .euc_share, .sequestration, .quality_rule]' "$OUT")" \
  '[2021,1,0.02,"standard_full_rate"]' "rules 2021 row"
expect_eq "$(jq -c '[.years[0].tracks[].track]' "$OUT")" \
  '["TRACK_1","TRACK_1_PLUS","TRACK_2","TRACK_3","BASIC_A","BASIC_B","BASIC_C","BASIC_D","BASIC_E","ENHANCED"]' \
  "rules 2021 tracks"
run rules -f json
expect_eq "$(jq -c '[.years[].performance_year] | [first, last, length]' "$OUT")" '[2012,2026,15]' "rules every year"
run rules
expect_rc 0 "rules table"
expect_grep "^  2019  0%  " "$OUT" "rules table: PY2019 without sequestration"
run rules 2027
expect_rc 2 "rules outside the table"
expect_empty "$OUT" "rules 2027 stdout"
expect_grep "year: must be a performance year from 2012 to 2026, got \"2027\"" "$ERR" "rules 2027"

# A track outside its years, or a year outside the table, is an input error.
printf '%s' '{"id": "x", "performance": {"member_months": 12000, "assigned_beneficiaries": 1000, "expenditure": 1},
  "contract": {"model": "mssp", "track": "TRACK_1_PLUS", "performance_year": 2022, "benchmark": {"total": 2}}}' >"$TMP/t.json"
run validate "$TMP/t.json"
expect_rc 2 "Track 1+ in PY2022"
expect_grep "TRACK_1_PLUS is not a track of performance year 2022 \\(valid that year: BASIC_A" "$ERR" "track message"
sed 's/TRACK_1_PLUS/BASIC_A/; s/2022/2027/' "$TMP/t.json" >"$TMP/y.json"
run validate "$TMP/y.json"
expect_rc 2 "PY2027"
expect_grep "performance year from 2012 to 2026" "$ERR" "year message"
cp "$rules/PY2024.csv" "$TMP/PY2099.csv"
run import mssp-puf "$TMP/PY2099.csv"
expect_rc 2 "a PY2099 file"
expect_grep "performance year 2099 is outside the years whose rules acocalc knows" "$ERR" "PY2099"

finish
