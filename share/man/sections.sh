#!/usr/bin/env bash
# Writes help2man's --include file for acocalc(1): every subcommand's own
# --help (the same text the program prints, so the page cannot drift from
# it), then the input format, exit codes and files. Usage: sections.sh ACOCALC OUT
set -euo pipefail
bin=$1
out=$2
{
  echo "[SUBCOMMANDS]"
  for sub in report check validate whatif "import mssp-puf" schema rules; do
    echo ".SS \"acocalc $sub\""
    echo ".nf"
    # Every line of the subcommand's help, with roff's special leading
    # characters and backslashes escaped.
    # shellcheck disable=SC2086
    "$bin" $sub --help | sed -e 's/\\/\\e/g' -e 's/^\([.'"'"']\)/\\\&\1/'
    echo ".fi"
  done
  cat <<'ROFF'
[INPUT FORMAT]
Version 1: a JSON document holding one program object, or
{"acocalc": 1, "programs": [PROGRAM, ...]}; JSON Lines (one program a line)
and several documents one after another are read too. A program has an
\fBid\fR, a \fBbaseline\fR and a \fBperformance\fR period (member months or
members and months; expenditure or pmpm; utilization counts or rates per
1,000; quality numerators and denominators or rates), an optional
\fBcomparison\fR group, a \fBcontract\fR (shared savings or "model": "mssp")
and an \fBexpect\fR block that \fBacocalc check\fR evaluates.
\fBacocalc schema input\fR prints the whole format as a JSON Schema.
[EXIT STATUS]
.TP
.B 0
success.
.TP
.B 1
check: an expectation failed.
.TP
.B 2
bad input or usage: one line per problem on stderr, nothing on stdout.
.TP
.B 3
--keep-going: some programs were invalid and left out; the valid ones were reported.
[FILES]
.TP
.I share/acocalc/schema/
the JSON Schemas of the input format and of the JSON outputs of report, whatif and check.
.TP
.I share/acocalc/examples/
the sample programs.
[ENVIRONMENT]
.TP
.B NO_COLOR
set and not empty: no colors in tables.
[EXAMPLES]
.nf
acocalc report share/acocalc/examples/*.json
acocalc report data.json -f json -o report.json --rollup
acocalc import mssp-puf PY2023.csv PY2024.csv | acocalc check
acocalc whatif program.json --expenditure=-2%
acocalc rules 2024
.fi
ROFF
} >"$out"
