#!/usr/bin/env python3
"""Exporting the scored 项目 table of the province-scale synthetic data (issue 20).

    python3 Benchmarks/export.py BIN DATASET_FOLDER [RUNS]

Runs suanpan with `:time on`: the scoring (sum(项目.总分)), then `export 项目` to
.xlsx and to .csv (into a scratch folder); prints each statement's median time over
RUNS runs (default 3) against the goals (xlsx ≤ 3 s, csv ≤ 1 s), the files' sizes,
and the peak RSS of a run with the exports against one that only scores (the goal:
memory stays within the dataset's, i.e. exporting adds less than the dataset's size
on disk)."""
import os, re, shutil, statistics, subprocess, sys, tempfile


def run(args):
    """The wall times of the timed statements of one run, and its output."""
    proc = subprocess.run(args, capture_output=True, text=True)
    out, err = proc.stdout, proc.stderr
    if proc.returncode != 0:
        sys.exit(f"export.py: {' '.join(args)} failed:\n{err}")
    # `:time on` says 用时 N 毫秒, or 用时 N 秒 from a second on.
    return [float(x) * (1 if unit == "毫秒" else 1000) for x, unit in re.findall(r"用时 ([0-9.]+) (毫秒|秒)", out)], out


def peak_rss(args):
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(args[0], args)
    _, status, usage = os.wait4(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"export.py: {' '.join(args)} failed")
    return usage.ru_maxrss / 1024


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    scratch = tempfile.mkdtemp(prefix="suanpan-export-bench-")
    xlsx, csv = os.path.join(scratch, "项目.xlsx"), os.path.join(scratch, "项目.csv")
    statements = [
        ("scoring: sum(项目.总分)", "sum(项目.总分)", None),
        ("export 项目 to .xlsx", f'export 项目 to "{xlsx}"', 3000),
        ("export 项目 to .csv", f'export 项目 to "{csv}"', 1000),
    ]
    args = [binary, "--dataset", folder, "-e", ":time on"]
    for _, s, _ in statements:
        args += ["-e", s]
    times = [[] for _ in statements]
    for _ in range(runs):
        found, out = run(args)
        if len(found) != len(statements):
            sys.exit(f"export.py: expected {len(statements)} timings, got {len(found)}:\n{out}")
        for i, t in enumerate(found):
            times[i].append(t)
    data_mb = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder)) / 1e6
    scored = peak_rss([binary, "--dataset", folder, "-e", "sum(项目.总分)"])
    exported = peak_rss(args)
    print(f"== 导出（{folder}，{runs} 次取中位数） ==")
    for (label, _, goal), ts in zip(statements, times):
        verdict = "" if goal is None else ("ok" if statistics.median(ts) <= goal else "OVER")
        limit = "" if goal is None else f"(≤ {goal} ms)"
        print(f"{label:<26} {statistics.median(ts):8.1f} ms  {limit:<12} {verdict}")
    print(f"files: .xlsx {os.path.getsize(xlsx) / 1e6:.1f} MB, .csv {os.path.getsize(csv) / 1e6:.1f} MB; dataset files {data_mb:.0f} MB")
    verdict = "ok" if exported - scored <= data_mb else "OVER"
    print(f"peak RSS: scoring only {scored:.0f} MB, with both exports {exported:.0f} MB (+{exported - scored:.0f} MB; goal ≤ +{data_mb:.0f} MB) {verdict}")
    shutil.rmtree(scratch)


main()
