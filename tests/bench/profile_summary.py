#!/usr/bin/env python3
"""Summarizes a callgrind profile of acocalc as Markdown.

    profile_summary.py CALLGRIND.OUT [--top 10]

Two tables: the functions with the most instructions of their own (self),
merged over the files they were inlined from, with templates and parameter
lists shortened; and the share of the whole run spent under each stage of
the report pipeline (inclusive). Standard library only; needs
callgrind_annotate (valgrind).
"""

import argparse
import re
import subprocess
import sys

# Stages of `report -f jsonl`, by the function that runs each (inclusive).
STAGES = [
    ("read: split the input into values", "acocalc::ValueReader::read("),
    ("parse + validate (both passes)", "acocalc::load_value("),
    ("  parse into a JsonTree", "acocalc::JsonTree::parse("),
    ("  validate into a Program", "acocalc::(anonymous namespace)::load_program("),
    ("compute + render (second pass)", "ReportWriter::render("),
    ("  compute_report (the arithmetic)", "acocalc::compute_report("),
    ("  write_program_json (the JSON text)", "acocalc::write_program_json("),
    ("    numbers (shortest digits)", "acocalc::write_json_number("),
    ("    money (to the cent)", "acocalc::write_json_cents("),
    ("ids: duplicate check", "acocalc::IdRegistry::insert("),
    ("malloc (all callers)", "malloc.c:malloc "),
    ("free (all callers)", "malloc.c:free "),
]

LINE = re.compile(r"^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(.*)$")


def annotate(path, inclusive):
    command = ["callgrind_annotate", "--threshold=100", path]
    if inclusive:
        command.insert(1, "--inclusive=yes")
    text = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                          check=True).stdout.decode(errors="replace")
    body = text.split("file:function", 1)[1]
    rows = []
    for line in body.splitlines()[2:]:
        if not line.strip():
            break
        m = LINE.match(line)
        if m:
            rows.append((int(m.group(1).replace(",", "")), float(m.group(2)), m.group(3)))
    total = int(re.search(r"([\d,]+) \(100.0%\)\s+PROGRAM TOTALS", text).group(1).replace(",", ""))
    return total, rows


def short(name):
    name = re.sub(r" \[[^\]]*\]$", "", name)          # object file
    name = re.sub(r"'\d+$", "", name)                 # callgrind's recursion level
    name = name.split(":", 1)[1] if re.match(r"^[^:]*\.(cc|h|hpp|c|S|tcc)?:|^\?\?\?:|^[^:(]*:[^:]",
                                             name) else name
    name = name.replace("nlohmann::json_abi_v3_11_2::", "nlohmann::")
    name = name.replace("std::__cxx11::", "std::").replace("[abi:cxx11]", "")
    previous = None
    while previous != name:                            # templates, innermost first
        previous = name
        name = re.sub(r"<[^<>]*>", "\x01", name)
    previous = None
    while previous != name:                            # parameter lists
        previous = name
        name = re.sub(r"\((?!anonymous)[^()]*\)", "\x02", name)
    name = name.replace("\x01", "<>").replace("\x02", "()").replace("(anonymous namespace)", "(anon)")
    name = name.replace("nlohmann::basic_json<>", "ordered_json")
    return name.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()

    total, rows = annotate(args.profile, inclusive=False)
    merged = {}
    for count, _, name in rows:
        key = short(name)
        merged[key] = merged.get(key, 0) + count
    print(f"Instructions in all: {total:,}")
    print()
    print("| # | function (self, merged over inlined copies) | instructions | % |")
    print("|---:|---|---:|---:|")
    for i, (name, count) in enumerate(sorted(merged.items(), key=lambda kv: -kv[1])[:args.top], 1):
        print(f"| {i} | `{name}` | {count:,} | {100.0 * count / total:.1f} |")
    print()

    _, inclusive = annotate(args.profile, inclusive=True)
    print("| stage (inclusive) | instructions | % |")
    print("|---|---:|---:|")
    for label, needle in STAGES:
        best = max((count for count, _, name in inclusive if needle in name), default=0)
        print(f"| {label} | {best:,} | {100.0 * best / total:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
