#!/usr/bin/env python3
"""The acocalc throughput benchmark (tests/bench/README.md).

    run.py --acocalc BIN [--sizes 1000,100000,1000000] [--runs 5]
           [--peer-runs-large 1] [--cache DIR] [--out FILE] [--smoke]

For each size N, generates N programs (generate.py, cached in --cache) as
JSON Lines and as one document, checks that the peers agree with acocalc
(check_peers.py), then times, in the same run and on the same warm file:

    cat FILE.jsonl                                 the read limit
    acocalc report -f jsonl FILE.jsonl             the measured command
    acocalc report -f json FILE.json               the one-document form
    jq -c -f peer.jq FILE.jsonl                    jq 1.6 peer
    python3 peer.py FILE.jsonl                     Python peer

every command with stdout to /dev/null: wall time (median of the runs),
MB/s, programs/s and peak RSS (ru_maxrss of the child, from wait4). Then the
latency of a one-program report against /bin/true (hyperfine), and the
targets. Prints a Markdown report and writes it to --out. Exits 1 when the
peers disagree or a command fails; missing a target is reported, not fatal.
Standard library only.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import generate  # noqa: E402  (for GENERATOR_VERSION)

SEED = 2024
ONE_PROGRAM = os.path.join(ROOT, "data", "anthem-hcp-2013h1.json")

# Targets from the performance issue.
TARGET_MBPS = 300.0          # report -f jsonl, 100k programs, end to end
TARGET_RSS_MB = 64.0         # peak RSS on the 1M file
TARGET_VS_JQ = 30.0          # times faster than jq
TARGET_VS_PYTHON = 10.0      # times faster than python3
TARGET_LATENCY = 3.0         # one-program report within 3x of /bin/true


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def inputs(cache, n):
    """Paths of the cached JSON Lines and document inputs for N programs."""
    os.makedirs(cache, exist_ok=True)
    stem = os.path.join(cache, f"programs-{n}-seed{SEED}-v{generate.GENERATOR_VERSION}")
    jsonl, document = stem + ".jsonl", stem + ".json"
    if not (os.path.exists(jsonl) and os.path.exists(document)):
        log(f"generating {n} programs into {cache}")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(n), jsonl + ".tmp",
                        "--document", document + ".tmp", "--seed", str(SEED)], check=True)
        os.replace(jsonl + ".tmp", jsonl)
        os.replace(document + ".tmp", document)
    return jsonl, document


def run_once(command, limit_gb, stdin_path=None):
    """Wall seconds, peak RSS in MB, CPU seconds and exit status of one run.

    The peak RSS is GNU time's %M (the command's ru_maxrss): wait4 from here
    would also count the forked Python's pages, which the kernel keeps in
    ru_maxrss across exec. prlimit caps the address space so that a runaway
    run cannot take the machine down.
    """
    with tempfile.NamedTemporaryFile(prefix="acocalc-bench-rss-") as rss_file:
        wrapped = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file.name,
                   "prlimit", f"--as={int(limit_gb * (1 << 30))}", *command]
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        start = time.perf_counter()
        result = subprocess.run(wrapped, stdin=stdin, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, check=False)
        wall = time.perf_counter() - start
        if stdin_path:
            stdin.close()
        lines = open(rss_file.name).read().split()
    try:
        peak, cpu = int(lines[-3]) / 1024.0, float(lines[-2]) + float(lines[-1])
    except (IndexError, ValueError):
        peak = cpu = float("nan")
    if result.returncode != 0:
        log(f"{' '.join(command)} exited {result.returncode}: "
            f"{result.stderr.decode(errors='replace').strip()[:300]}")
    return wall, peak, cpu, result.returncode


def measure(label, command, runs, size_bytes, programs, limit_gb, stdin_path=None):
    log(f"{label}: {runs} run(s) of {' '.join(os.path.basename(c) if os.sep in c else c for c in command)}")
    walls, cpus, rss, failed = [], [], 0.0, None
    for _ in range(runs):
        wall, peak, cpu, code = run_once(command, limit_gb, stdin_path)
        if code != 0:
            failed = code
            break
        walls.append(wall)
        cpus.append(cpu)
        rss = max(rss, peak)
    if failed is not None:
        return {"label": label, "failed": failed, "runs": len(walls)}
    median = statistics.median(walls)
    return {"label": label, "runs": runs, "median": median, "min": min(walls), "walls": walls,
            "cpu": statistics.median(cpus),
            "mbps": size_bytes / 1e6 / median, "pps": programs / median, "rss": rss}


def latency(acocalc, smoke):
    """Mean seconds of /bin/true and of one-program reports, by hyperfine."""
    commands = {
        "/bin/true": "/bin/true",
        "acocalc report ONE (table)": f"{acocalc} report {ONE_PROGRAM}",
        "acocalc report ONE -f json": f"{acocalc} report {ONE_PROGRAM} -f json",
    }
    runs = 30 if smoke else 300
    results = {}
    if shutil.which("hyperfine"):
        with tempfile.TemporaryDirectory(prefix="acocalc-bench-") as tmp:
            export = os.path.join(tmp, "hyperfine.json")
            subprocess.run(["hyperfine", "-N", "--warmup", "20", "--runs", str(runs),
                            "--style", "none", "--export-json", export, *commands.values()],
                           check=True, stdout=subprocess.DEVNULL)
            with open(export) as f:
                data = json.load(f)["results"]
        for name, result in zip(commands, data):
            results[name] = (result["mean"], result["stddev"] or 0.0, result["median"])
        return "hyperfine -N --warmup 20 --runs " + str(runs), results
    for name, command in commands.items():
        walls = [run_once(command.split(), 4)[0] for _ in range(runs)]
        results[name] = (statistics.mean(walls), statistics.pstdev(walls), statistics.median(walls))
    return f"hyperfine missing: fork+wait4 from Python, {runs} runs", results


def tool_version(command):
    try:
        out = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             check=False).stdout.decode(errors="replace").strip()
        return out.splitlines()[0] if out else "?"
    except OSError:
        return "missing"


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = "?"
    try:
        with open("/proc/meminfo") as f:
            memory = f"{int(f.readline().split()[1]) / 1048576:.0f} GB"
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, {memory} RAM, Linux {platform.release()}"


def git_commit():
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              check=True).stdout.decode().strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain", "--", "src", "include"],
                               stdout=subprocess.PIPE, check=True).stdout.strip()
        return head + (" (src/ or include/ modified)" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def fmt_time(seconds):
    return f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def fmt_rate(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}"


def verdict(ok):
    return "PASS" if ok else "FAIL"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acocalc", required=True)
    parser.add_argument("--jq", default="jq")
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--runs", type=int, default=5, help="runs of acocalc and cat (median)")
    parser.add_argument("--peer-runs", type=int, default=5, help="runs of jq and python below 1M")
    parser.add_argument("--peer-runs-large", type=int, default=1,
                        help="runs of jq, python and the acocalc document form at N >= 1M")
    parser.add_argument("--cache", default=os.path.join(ROOT, "build-bench", "bench-cache"))
    parser.add_argument("--out", default=os.path.join(HERE, "results", "latest.md"))
    parser.add_argument("--memory-limit-gb", type=float, default=16.0,
                        help="RLIMIT_AS of every measured command")
    parser.add_argument("--binary-note", default="",
                        help="how the binary was built, for the report")
    parser.add_argument("--smoke", action="store_true",
                        help="a few seconds: the agreement check and one small size; no targets")
    args = parser.parse_args()
    acocalc = os.path.abspath(args.acocalc)
    sizes = [int(s) for s in args.sizes.split(",")]
    python = sys.executable

    load = " ".join(open("/proc/loadavg").read().split()[:3])

    # 1. The peers compute the same figures (on all of the smallest file,
    # and on every 100th program of a 100k file when one is measured).
    agreement = []
    status = 0
    checks = [(min(sizes), 1)] + ([(100_000, 100)] if 100_000 in sizes and min(sizes) != 100_000
                                  else [])
    for n, every in checks:
        jsonl, _ = inputs(args.cache, n)
        log(f"checking the peers on {n} programs (every {every})")
        check = subprocess.run([python, os.path.join(HERE, "check_peers.py"), "--acocalc", acocalc,
                                "--jq", args.jq, "--every", str(every), jsonl],
                               stdout=subprocess.PIPE, check=False)
        agreement.append(check.stdout.decode().rstrip())
        if check.returncode != 0:
            status = 1

    # 2. Throughput, every command on the same warm file in the same run.
    rows = []
    for n in sizes:
        jsonl, document = inputs(args.cache, n)
        size = os.path.getsize(jsonl)
        doc_size = os.path.getsize(document)
        large = n >= 1_000_000
        peer_runs = args.peer_runs_large if large else args.peer_runs
        doc_runs = args.peer_runs_large if large else args.runs
        subprocess.run(["cat", jsonl, document], stdout=subprocess.DEVNULL, check=True)  # warm
        commands = [
            ("cat FILE.jsonl", ["cat", jsonl], args.runs, size, None),
            ("acocalc report -f jsonl FILE.jsonl", [acocalc, "report", "-f", "jsonl", jsonl],
             args.runs, size, None),
            # One thread: what the second core adds.
            ("acocalc report -f jsonl --threads 1 FILE.jsonl",
             [acocalc, "report", "-f", "jsonl", "--threads", "1", jsonl], doc_runs, size, None),
            ("acocalc report -f json FILE.json", [acocalc, "report", "-f", "json", document],
             doc_runs, doc_size, None),
            ("jq -c -f peer.jq FILE.jsonl", [args.jq, "-c", "-f", os.path.join(HERE, "peer.jq"),
                                             jsonl], peer_runs, size, None),
            ("python3 peer.py FILE.jsonl", [python, os.path.join(HERE, "peer.py"), jsonl],
             peer_runs, size, None),
        ]
        if not large:
            # A pipe cannot be read twice: one pass, the report held back (in
            # a temporary file past 8 MiB) until the input has proved valid.
            commands.insert(3, ("cat FILE.jsonl | acocalc report -f jsonl",
                                ["sh", "-c", f'cat "$1" | "$2" report -f jsonl', "sh", jsonl,
                                 acocalc], args.runs, size, None))
        for label, command, runs, nbytes, stdin_path in commands:
            result = measure(f"N={n} {label}", command, runs, nbytes, n, args.memory_limit_gb,
                             stdin_path)
            result.update(n=n, command=label, size=nbytes)
            if "failed" in result:
                status = 1
            rows.append(result)

    # 3. Latency of a one-program report.
    latency_method, latencies = latency(acocalc, args.smoke)

    # 4. The report.
    def row(n, label):
        return next((r for r in rows if r["n"] == n and r["command"] == label), None)

    out = []
    out.append("# acocalc benchmark" + (" (smoke)" if args.smoke else ""))
    out.append("")
    out.append(f"- date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}")
    out.append(f"- machine: {machine()}; load average before the run: {load}")
    out.append(f"- acocalc: work tree at {git_commit()}, `{tool_version([acocalc, '--version'])}`, "
               f"binary {os.path.relpath(acocalc, ROOT)}"
               + (f" ({args.binary_note})" if args.binary_note else ""))
    out.append(f"- peers: {tool_version([args.jq, '--version'])}, "
               f"Python {platform.python_version()} ({python})")
    out.append(f"- inputs: tests/bench/generate.py, seed {SEED}, generator v"
               f"{generate.GENERATOR_VERSION}; files in the page cache (warmed by one cat); "
               f"stdout of every command is /dev/null; "
               f"wall time includes the /usr/bin/time and prlimit wrappers (about 1 ms)")
    out.append(f"- load average after the runs: {' '.join(open('/proc/loadavg').read().split()[:3])}")
    out.append(f"- runs: acocalc and cat {args.runs} each (median); jq and python "
               f"{args.peer_runs} below 1M programs, {args.peer_runs_large} at 1M, as are the "
               f"acocalc `-f json` document form and `--threads 1` at 1M (no pipe row at 1M: "
               f"its held-back report would be 6 GB on disk); peak RSS is the largest ru_maxrss "
               f"of the runs (GNU time %M, i.e. ru_maxrss); CPU s is the median user+system time, steadier than wall time on a busy machine; MB/s and ratios use wall time; MB = 10^6 bytes")
    out.append("")
    out.append("## Peers agree with acocalc")
    out.append("")
    for line in agreement:
        out.append(f"- {line}")
    out.append("")
    out.append("## Throughput")
    out.append("")
    out.append("| N | command | input MB | runs | median s | min s | CPU s | MB/s | programs/s | "
               "peak RSS MB |")
    out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        if "failed" in r:
            out.append(f"| {r['n']:,} | `{r['command']}` | {r['size'] / 1e6:,.1f} | "
                       f"{r['runs']} | failed (exit {r['failed']}) | | | | | |")
            continue
        out.append(f"| {r['n']:,} | `{r['command']}` | {r['size'] / 1e6:,.1f} | {r['runs']} | "
                   f"{fmt_time(r['median'])} | {fmt_time(r['min'])} | {fmt_time(r['cpu'])} | "
                   f"{fmt_rate(r['mbps'])} | "
                   f"{fmt_rate(r['pps'])} | {r['rss']:,.1f} |")
    out.append("")
    out.append("## Ratios (same run, medians)")
    out.append("")
    out.append("| N | jq / acocalc (x faster) | python / acocalc (x faster) | "
               "acocalc / cat (x slower than the read limit) | acocalc json doc / jsonl |")
    out.append("|---:|---:|---:|---:|---:|")
    for n in sizes:
        a = row(n, "acocalc report -f jsonl FILE.jsonl")
        ratios = [(row(n, "jq -c -f peer.jq FILE.jsonl"), a),
                  (row(n, "python3 peer.py FILE.jsonl"), a),
                  (a, row(n, "cat FILE.jsonl")),
                  (row(n, "acocalc report -f json FILE.json"), a)]
        cells = []
        for top, bottom in ratios:
            if not top or not bottom or "failed" in top or "failed" in bottom:
                cells.append("n/a")
            else:
                cells.append(f"{top['median'] / bottom['median']:,.2f}")
        out.append(f"| {n:,} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("## Latency of a one-program report")
    out.append("")
    out.append(f"{latency_method}; ONE = data/anthem-hcp-2013h1.json")
    out.append("")
    out.append("| command | mean ms | stddev ms | median ms | x /bin/true |")
    out.append("|---|---:|---:|---:|---:|")
    true_mean = latencies["/bin/true"][0]
    for name, (mean, stddev, median) in latencies.items():
        out.append(f"| `{name}` | {mean * 1000:.2f} | {stddev * 1000:.2f} | {median * 1000:.2f} | "
                   f"{mean / true_mean:.1f} |")
    out.append("")

    if not args.smoke:
        out.append("## Targets")
        out.append("")
        out.append("| target | measured | verdict |")
        out.append("|---|---:|---|")
        a100 = row(100_000, "acocalc report -f jsonl FILE.jsonl")
        if a100 and "failed" not in a100:
            out.append(f"| >= {TARGET_MBPS:.0f} MB/s, `report -f jsonl`, 100k programs | "
                       f"{a100['mbps']:.1f} MB/s | {verdict(a100['mbps'] >= TARGET_MBPS)} |")
        a1m = row(1_000_000, "acocalc report -f jsonl FILE.jsonl")
        if a1m and "failed" not in a1m:
            out.append(f"| peak RSS <= {TARGET_RSS_MB:.0f} MB on the 1M file (jsonl) | "
                       f"{a1m['rss']:.1f} MB | {verdict(a1m['rss'] <= TARGET_RSS_MB)} |")
        d1m = row(1_000_000, "acocalc report -f json FILE.json")
        if d1m and "failed" not in d1m:
            out.append(f"| peak RSS <= {TARGET_RSS_MB:.0f} MB on the 1M file (json document) | "
                       f"{d1m['rss']:.1f} MB | {verdict(d1m['rss'] <= TARGET_RSS_MB)} |")
        big = max(sizes)
        for label, name, target in (("jq -c -f peer.jq FILE.jsonl", "jq", TARGET_VS_JQ),
                                    ("python3 peer.py FILE.jsonl", "python3", TARGET_VS_PYTHON)):
            for n in sorted(set([100_000, big]) & set(sizes)):
                a = row(n, "acocalc report -f jsonl FILE.jsonl")
                other = row(n, label)
                if a and other and "failed" not in a and "failed" not in other:
                    x = other["median"] / a["median"]
                    out.append(f"| >= {target:.0f}x faster than {name} (N={n:,}) | {x:.2f}x | "
                               f"{verdict(x >= target)} |")
        for name in ("acocalc report ONE (table)", "acocalc report ONE -f json"):
            x = latencies[name][0] / true_mean
            out.append(f"| one-program report within {TARGET_LATENCY:.0f}x of /bin/true "
                       f"(`{name}`) | {x:.1f}x | {verdict(x <= TARGET_LATENCY)} |")
        out.append("")

    out.append("## Individual runs (seconds)")
    out.append("")
    for r in rows:
        if "walls" in r:
            out.append(f"- N={r['n']:,} `{r['command']}`: "
                       + " ".join(fmt_time(w) for w in r["walls"]))
    out.append("")

    text = "\n".join(out)
    print(text)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        f.write(text)
    log(f"wrote {args.out}; load average now {' '.join(open('/proc/loadavg').read().split()[:3])}")
    return status


if __name__ == "__main__":
    sys.exit(main())
