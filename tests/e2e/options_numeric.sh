#!/usr/bin/env bash
# Every numeric option of every subcommand keeps the input format's rules:
# a value that is not finite (nan, inf), beyond 2^53, malformed or out of the
# option's range is a usage error: exit 2, nothing on stdout, one line on
# stderr naming the option and the rule, never the words nan or inf. CLI11's
# own range checks let NaN through (it compares false), and whatif's changes
# could make figures no input may hold: those are refused too.
# shellcheck source=tests/e2e/lib.sh
source "$(dirname "$0")/lib.sh"

program=data/anthem-hcp-2013h1.json  # settles, with inpatient_days

# Values no numeric option takes.
hostile=(nan NaN -nan +nan inf -inf +inf infinity -Infinity 1e308 -1e308 1e400 -1e400 1e16
  abc "" 0x10 "1 " 1e 1,5 --1 . - "%")

# OPTION|SUBCOMMAND ARGUMENTS (before the option)|RULE WORDS|out-of-range values
table=(
  "--confidence|report $program|a confidence level from 0.5 to 0.9999|-1 0 0.49 1 2 -0.95"
  "--threads|report $program|a whole number from 1 to 64|0 -1 65 1.5 1e3"
  "--width|report $program|a whole number from 40 to 1000|39 1001 80.5 -80 0 1e4"
  "--width|whatif $program|a whole number from 40 to 1000|39 1001 80.5 -80 0 1e4"
  "--expenditure|whatif $program|a change of -100% or more|-2 -101% -1.0001 -1e3%"
  "--utilization|whatif $program|a change of -100% or more|-2 -101% -1.5"
  "--quality-score|whatif $program|a fraction from 0 to 1|-0.01 1.01 2 -1 50%"
  "--msr|whatif $program|a fraction from 0 to 1|-0.01 1.01 2 5%"
  "--spending-cv|whatif $program|a coefficient of variation > 0 and at most 10|0 -0 -1 10.5 -0.03"
  "--year|import mssp-puf no-such.csv|a performance year from 2012 to 2026|2011 2027 2101 2018.5 -2018 0"
)

for row in "${table[@]}"; do
  IFS='|' read -r option command rule out_of_range <<<"$row"
  read -ra words <<<"$command"
  read -ra extra <<<"$out_of_range"
  for value in "${hostile[@]}" "${extra[@]}"; do
    argument="$option=$value"
    [ "$option" = "--utilization" ] && argument="$option=inpatient_days=$value"
    what="${words[0]} $argument"
    run "${words[@]}" "$argument"
    expect_rc 2 "$what"
    expect_empty "$OUT" "$what: stdout"
    lines=$(wc -l <"$ERR")
    expect_eq 1 "$lines" "$what: stderr lines"
    # Named by its option, with the rule (CLI11's own words for no value), in one line.
    expect_grep "^acocalc: $option( inpatient_days)?: (must be $rule|1 required .* missing)" "$ERR" \
      "$what: the message"
    expect_no_grep '(^|[^a-z])(nan|inf|infinity)([^a-z]|$)' "$ERR" "$what: no nan or inf"
  done
done

# Values in range are taken, and none prints a negative zero.
for args in "--msr=-0" "--quality-score=-0" "--expenditure=-0%" "--utilization=inpatient_days=-0.0" \
  "--spending-cv=1e-300" "--expenditure=+5%" "--expenditure=-100%"; do
  run whatif "$program" "$args"
  expect_rc 0 "whatif $args"
  expect_no_grep '(^|[^0-9A-Za-z_.-])-\$?[0.,]*0([^0-9.,]|$)' "$OUT" "whatif $args: no -0"
done
run whatif "$program" --msr=-0 --expenditure=-0% -f json
expect_rc 0 "whatif -0 in JSON"
py 'import json, sys; d = json.load(open(sys.argv[1])); s = d["programs"][0]["scenario"]; assert s == "expenditure 0, MSR 0", s' "$OUT"
run report "$program" --confidence=9.5e-1 --threads=2e0
expect_rc 0 "report --confidence 9.5e-1 --threads 2e0: exponents are decimal notation too"

# whatif: a change the option allows but the program cannot hold (its
# expenditure or count beyond 2^53) is refused for that program.
for args in "--expenditure=1e15" "--utilization=inpatient_days=1e15" "--expenditure=9007199254740992"; do
  run whatif "$program" "$args"
  expect_rc 2 "whatif $args"
  expect_empty "$OUT" "whatif $args: stdout"
  expect_grep "^acocalc: $program: anthem-hcp-2013h1: .*beyond 2\^53" "$ERR" "whatif $args: the message"
done
# The same metric twice would compound: refused.
run whatif "$program" --utilization inpatient_days=-5% --utilization inpatient_days=-5%
expect_rc 2 "--utilization twice"
expect_grep '"inpatient_days" is changed twice' "$ERR" "--utilization twice: the message"

finish
