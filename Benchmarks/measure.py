#!/usr/bin/env python3
"""Runs a command several times and prints its median wall time and peak RSS.

    measure.py RUNS -- COMMAND [ARGS...]

Prints: median_ms min_ms max_ms peak_rss_mb (one line). Uses os.wait4, so the
RSS is the child's own, measured by the kernel."""
import os, statistics, sys, time

def main():
    runs = int(sys.argv[1])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    times, rss = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.execvp(cmd[0], cmd)
        _, status, usage = os.wait4(pid, 0)
        times.append((time.perf_counter() - t0) * 1000)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"measure.py: {' '.join(cmd)} failed with status {os.waitstatus_to_exitcode(status)}")
        rss = max(rss, usage.ru_maxrss / 1024)
    print(f"{statistics.median(times):.1f} {min(times):.1f} {max(times):.1f} {rss:.0f}")

main()
