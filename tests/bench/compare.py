#!/usr/bin/env python3
"""Before and after a change, in the same run (tests/bench/README.md).

    compare.py BASE [HEAD] [--programs 100000] [--runs 5] [--callgrind 2000]
               [--work DIR] [--out FILE]

Builds BASE and HEAD (commits; HEAD defaults to the work tree as it is) in
Release from `git archive` (the work tree is copied instead when HEAD is
omitted), then times `report -f jsonl` of the same generated file, one
build after the other in each row, on every road its output can take:

    > FILE          stdout to a regular file
    | cat           stdout to a pipe (cat writing to /dev/null)
    > /dev/null     stdout to a character device
    -o FILE         -o's temporary file, renamed over FILE
    cat | … | cat   standard input a pipe too: one pass, the report held
                    back (spilled to a temporary file past 8 MiB)

with hyperfine (mean and its spread, user CPU), MB/s of input, and peak RSS
(GNU time's %M, the largest of three runs); then instructions by callgrind
(`--callgrind` programs, --threads 1, to a regular file and to a pipe),
which other work on a shared machine does not change. Checks that both
builds give the same bytes. Prints a Markdown report (and writes --out).
Needs hyperfine, GNU time and valgrind (tests/bench/install-tools.sh).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def log(message):
    print(f"compare: {message}", file=sys.stderr, flush=True)


def run(command, **kwargs):
    return subprocess.run(command, check=True, **kwargs)


def build(work, name, commit):
    """Builds acocalc (Release) from COMMIT, or the work tree when None."""
    # Extracted over an earlier extraction, the files keep their times (the
    # commit's, or the work tree's): the build is incremental.
    source, binary_dir = os.path.join(work, name + "-src"), os.path.join(work, name + "-build")
    os.makedirs(source, exist_ok=True)
    if commit:
        archive = subprocess.Popen(["git", "-C", ROOT, "archive", commit], stdout=subprocess.PIPE)
        run(["tar", "-x", "-C", source], stdin=archive.stdout)
        if archive.wait() != 0:
            sys.exit(f"compare: git archive {commit} failed")
    else:
        files = run(["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others",
                     "--exclude-standard"], stdout=subprocess.PIPE).stdout.split(b"\0")
        for path in filter(None, (f.decode() for f in files)):
            if os.path.isfile(os.path.join(ROOT, path)):
                os.makedirs(os.path.dirname(os.path.join(source, path)), exist_ok=True)
                shutil.copy2(os.path.join(ROOT, path), os.path.join(source, path))
    log(f"building {name} ({commit or 'the work tree'})")
    run(["cmake", "-S", source, "-B", binary_dir, "-DCMAKE_BUILD_TYPE=Release",
         "-DACOCALC_TESTS=OFF"], stdout=subprocess.DEVNULL)
    run(["cmake", "--build", binary_dir, "-j2", "--target", "acocalc"], stdout=subprocess.DEVNULL)
    return os.path.join(binary_dir, "acocalc")


def describe(commit):
    if not commit:
        head = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                   stdout=subprocess.PIPE).stdout.decode().strip()
        dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "include"],
                    stdout=subprocess.PIPE).stdout.strip()
        return head + (" + changes" if dirty else "")
    return run(["git", "-C", ROOT, "rev-parse", "--short", commit],
               stdout=subprocess.PIPE).stdout.decode().strip()


def roads(binary, path, out):
    """The shell commands of each road, by name."""
    return {
        "> FILE": f"{binary} report -f jsonl {path} > {out}",
        "| cat": f"{binary} report -f jsonl {path} | cat > /dev/null",
        "> /dev/null": f"{binary} report -f jsonl {path} > /dev/null",
        "-o FILE": f"{binary} report -f jsonl {path} -o {out}",
        # One pass held back, spilled past 8 MiB: what a pipe out would
        # cost read once.
        "cat | … | cat": f"cat {path} | {binary} report -f jsonl | cat > /dev/null",
    }


def peak_rss_mb(command, work):
    peak = 0
    for _ in range(3):
        record = os.path.join(work, "time.txt")
        run(["/usr/bin/time", "-f", "%M", "-o", record, "bash", "-c",
             # exec: the peak is acocalc's, not the shell's (the pipe's
             # cat runs beside it and is not counted).
             command if "|" in command else "exec " + command])
        peak = max(peak, int(open(record).read().split()[-1]))
    return peak / 1024


def instructions(binary, path, road, out):
    """Instructions of acocalc alone, its stdout a regular file or a pipe."""
    with tempfile.NamedTemporaryFile(prefix="compare-cg-") as record:
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={record.name}",
                   binary, "report", "-f", "jsonl", "--threads", "1"]
        if road == "cat | … | cat":  # standard input a pipe, the report held back
            with open(os.devnull, "wb") as null:
                feed = subprocess.Popen(["cat", path], stdout=subprocess.PIPE)
                result = subprocess.run(command, stdin=feed.stdout, stdout=null,
                                        stderr=subprocess.PIPE, check=True)
                feed.stdout.close()
                feed.wait()
        elif road == "| cat":
            command.append(path)
            with open(os.devnull, "wb") as null:
                cat = subprocess.Popen(["cat"], stdin=subprocess.PIPE, stdout=null)
                result = subprocess.run(command, stdout=cat.stdin, stderr=subprocess.PIPE,
                                        check=True)
                cat.stdin.close()
                cat.wait()
        else:
            command.append(path)
            with open(out, "wb") as stdout:
                result = subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, check=True)
        for line in result.stderr.decode().splitlines():
            if "Collected :" in line:
                return int(line.split(":")[-1].strip())
    sys.exit("compare: no instruction count from callgrind")


def cell(road):
    """A road as a Markdown table cell: code, its pipes escaped."""
    return "`" + road.replace("|", "\\|") + "`"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base")
    parser.add_argument("head", nargs="?")
    parser.add_argument("--programs", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--callgrind", type=int, default=2000)
    parser.add_argument("--work", default=os.path.join(ROOT, "build-bench", "compare"))
    parser.add_argument("--out")
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    builds = {"before": (args.base, build(args.work, "base", args.base)),
              "after": (args.head, build(args.work, "head", args.head))}

    data = os.path.join(args.work, f"programs-{args.programs}.jsonl")
    small = os.path.join(args.work, f"programs-{args.callgrind}.jsonl")
    for n, path in ((args.programs, data), (args.callgrind, small)):
        if not os.path.exists(path):
            run([sys.executable, os.path.join(HERE, "generate.py"), str(n), path],
                stdout=subprocess.DEVNULL)
    size = os.path.getsize(data)
    out = os.path.join(args.work, "out.jsonl")

    # The same bytes from both builds, on every road.
    outputs = {}
    for name, (_, binary) in builds.items():
        for road, command in roads(binary, data, out).items():
            if road == "> /dev/null":
                continue
            target = os.path.join(args.work, f"check-{name}.jsonl")
            command = command.replace(f"> {out}", f"> {target}").replace(f"-o {out}",
                                                                          f"-o {target}")
            command = command.replace("| cat > /dev/null", f"| cat > {target}")
            run(["bash", "-c", command])
            digest = run(["sha256sum", target], stdout=subprocess.PIPE).stdout.split()[0]
            outputs.setdefault(digest, []).append(f"{name} {road}")
    if len(outputs) != 1:
        sys.exit(f"compare: the outputs differ: {list(outputs.values())}")

    rows = []
    for road in roads("B", data, out):
        commands = [roads(binary, data, out)[road] for _, binary in builds.values()]
        log(f"timing {road}")
        export = os.path.join(args.work, "hyperfine.json")
        run(["hyperfine", "--warmup", "1", "--runs", str(args.runs), "--style", "none",
             "--export-json", export, *commands], stdout=subprocess.DEVNULL)
        results = json.load(open(export))["results"]
        for (name, _), command, result in zip(builds.items(), commands, results):
            rows.append({"road": road, "build": name, "mean": result["mean"],
                         "stddev": result["stddev"] or 0.0, "user": result["user"],
                         "system": result["system"], "rss": peak_rss_mb(command, args.work)})

    counts = {}
    for name, (_, binary) in builds.items():
        for road in ("> FILE", "| cat", "cat | … | cat"):
            log(f"callgrind {name} {road}")
            counts[(name, road)] = instructions(binary, small, road, out)

    lines = [
        f"# report -f jsonl: {describe(args.base)} (before) against "
        f"{describe(args.head)} (after)",
        "",
        f"{args.programs:,} programs, {size / 1e6:.1f} MB of JSON Lines; hyperfine "
        f"(a shell, --warmup 1, --runs {args.runs}), mean ± standard deviation; user CPU "
        "is hyperfine's mean; peak RSS the largest of three runs (GNU time %M).",
        "",
        "| road | build | wall | MB/s of input | user CPU | system CPU | peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(f"| {cell(row['road'])} | {row['build']} | {row['mean']:.3f} s "
                     f"± {row['stddev']:.3f} | {size / 1e6 / row['mean']:.0f} | "
                     f"{row['user']:.2f} s | {row['system']:.2f} s | {row['rss']:.1f} MB |")
    lines += ["", f"Instructions (callgrind, {args.callgrind:,} programs, --threads 1; "
              "acocalc only, not cat):", "", "| road | before | after | after / before |",
              "|---|---:|---:|---:|"]
    for road in ("> FILE", "| cat", "cat | … | cat"):
        before, after = counts[("before", road)], counts[("after", road)]
        lines.append(f"| {cell(road)} | {before:,} | {after:,} | {after / before:.3f} |")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write(report)


if __name__ == "__main__":
    main()
