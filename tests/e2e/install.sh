#!/usr/bin/env bash
# A tool people install: `cmake --install` lays out the binary, the man page,
# both completions, the schemas and the samples; the man page renders and
# covers every subcommand; bash parses its completion file and completes;
# `cpack -G DEB` makes a package whose acocalc runs and whose Depends names
# libc6.
source "$(dirname "$0")/lib.sh"
build=$(cd "$(dirname "$ACOCALC")" && pwd)
prefix="$TMP/prefix"

if ! cmake --install "$build" --prefix "$prefix" >"$TMP/install.log" 2>&1; then
  fail "cmake --install: $(tail -5 "$TMP/install.log")"
fi
for file in bin/acocalc share/man/man1/acocalc.1 share/bash-completion/completions/acocalc \
  share/zsh/site-functions/_acocalc share/acocalc/schema/input.schema.json \
  share/acocalc/schema/report.schema.json share/acocalc/schema/whatif.schema.json \
  share/acocalc/schema/check.schema.json share/acocalc/examples/anthem-hcp-2013h1.json; do
  if [ -f "$prefix/$file" ]; then pass; else fail "not installed: $file"; fi
done
run_installed() { "$prefix/bin/acocalc" "$@"; }
expect_eq "$(run_installed --version)" "$("$ACOCALC" --version)" "installed --version"
if run_installed report "$prefix/share/acocalc/examples/anthem-hcp-2013h1.json" >/dev/null; then
  pass
else
  fail "the installed binary on an installed sample"
fi
# The installed schema is the one the binary prints.
for which in input report whatif check; do
  expect_eq "$(cat "$prefix/share/acocalc/schema/$which.schema.json")" "$("$ACOCALC" schema "$which")" \
    "installed $which schema"
done

# The man page renders, and covers every subcommand, exit codes and files.
if MANWIDTH=80 man -l "$prefix/share/man/man1/acocalc.1" >"$TMP/man.txt" 2>"$TMP/man.err"; then
  pass
else
  fail "man -l: $(cat "$TMP/man.err")"
fi
expect_empty "$TMP/man.err" "man -l warnings"
for word in "acocalc report" "acocalc check" "acocalc validate" "acocalc whatif" \
  "acocalc import mssp-puf" "acocalc schema" "acocalc rules" "EXIT STATUS" "FILES" "--keep-going"; do
  expect_grep "$word" "$TMP/man.txt" "man page mentions $word"
done
# Every option of `report --help` is in the page: the two cannot drift.
"$ACOCALC" report --help | grep -oE -- '--[a-z-]+' | sort -u >"$TMP/options"
while read -r option; do
  expect_grep "$option" "$TMP/man.txt" "man page has report $option"
done <"$TMP/options"

# bash parses the completion, and completes subcommands, formats and options.
completion="$prefix/share/bash-completion/completions/acocalc"
if bash -n "$completion"; then pass; else fail "bash -n $completion"; fi
complete_words() {  # complete_words WORD... : what bash offers for the last word
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _acocalc; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$completion" "$@"
}
expect_eq "$(complete_words acocalc re | tr '\n' ' ')" "report " "completes a subcommand"
expect_eq "$(complete_words acocalc report -f j | tr '\n' ' ')" "json jsonl " "completes a format"
expect_eq "$(complete_words acocalc report --rol | tr '\n' ' ')" "--rollup " "completes an option"
expect_eq "$(complete_words acocalc schema "" | tr '\n' ' ')" "input report whatif check " "completes schema names"
expect_eq "$(complete_words acocalc whatif --col | tr '\n' ' ')" "--color " "completes whatif --color"
if command -v zsh >/dev/null; then
  if zsh -n "$prefix/share/zsh/site-functions/_acocalc"; then pass; else fail "zsh -n _acocalc"; fi
fi

# The .deb.
if cpack -G DEB --config "$build/CPackConfig.cmake" -B "$TMP/pkg" >"$TMP/cpack.log" 2>&1; then
  pass
else
  fail "cpack -G DEB: $(tail -5 "$TMP/cpack.log")"
fi
deb=$(ls "$TMP"/pkg/acocalc_*.deb 2>/dev/null | head -1)
if [ -n "$deb" ]; then
  dpkg-deb -x "$deb" "$TMP/unpacked"
  expect_eq "$("$TMP/unpacked/usr/bin/acocalc" --version)" "$("$ACOCALC" --version)" ".deb acocalc --version"
  depends=$(dpkg-deb -f "$deb" Depends)
  case "$depends" in *libc6*) pass ;; *) fail "Depends does not name libc6: $depends" ;; esac
  expect_grep "C\+\+ runtime" <(dpkg-deb -f "$deb" Description) ".deb says how it was built"
  if [ -f "$TMP/unpacked/usr/share/man/man1/acocalc.1" ]; then pass; else fail ".deb has no man page"; fi
else
  fail "cpack made no .deb: $(tail -5 "$TMP/cpack.log")"
fi
finish
