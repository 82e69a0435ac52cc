#!/usr/bin/env python3
"""Row sets on the province-scale synthetic data: sort, group by and pivot after scoring.

    python3 Benchmarks/tables.py BIN DATASET_FOLDER [RUNS]

Runs suanpan with `:time on`: first the scoring (sum(项目.总分)), then each row-set
statement on the scored projects; prints each statement's median time over RUNS runs
(default 3) against the goal (≤ 200 ms after scoring, issue 19)."""
import re, statistics, subprocess, sys

STATEMENTS = [
    ("scoring: sum(项目.总分)", "sum(项目.总分)"),
    ("sort 总分 desc first 10", "count(项目 sort 总分 desc first 10)"),
    ("sort 主管部门, 总分 desc", "count(项目 sort 主管部门, 总分 desc first 10)"),
    ("group 主管部门 : 3 figures", "count(项目 group 主管部门 : n = count(项目), 预算 = sum(调整后预算数), 执行率 = 执行率(sum(全年执行数), sum(调整后预算数)))"),
    ("pivot 主管部门 by 等级", "count(项目 pivot 主管部门 by 等级)"),
]


def main():
    binary, folder = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    args = [binary, "--dataset", folder, "-e", ":time on"]
    for _, s in STATEMENTS:
        args += ["-e", s]
    times = [[] for _ in STATEMENTS]
    for _ in range(runs):
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
        found = [float(x) for x in re.findall(r"用时 ([0-9.]+) 毫秒", out)]
        if len(found) != len(STATEMENTS):
            sys.exit(f"tables.py: expected {len(STATEMENTS)} timings, got {len(found)}:\n{out}")
        for i, t in enumerate(found):
            times[i].append(t)
    print(f"== 行集合（{folder}，{runs} 次取中位数；计分之后的目标 ≤ 200 ms） ==")
    for (label, _), ts in zip(STATEMENTS, times):
        goal = "" if label.startswith("scoring") else ("ok" if statistics.median(ts) <= 200 else "OVER")
        print(f"{label:<34} {statistics.median(ts):8.1f} ms  {goal}")


main()
