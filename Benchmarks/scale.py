#!/usr/bin/env python3
"""Province-scale benchmark (issue 6): suanpan against the reference Python scorer.

    scale.py SUANPAN GEN PEER SIZES...

For each size N: generates the synthetic dataset once (bench-data/N), runs
`suanpan --dataset DIR Benchmarks/scale.suan` and `peer_score.py DIR` three times each,
checks that both give the same grade counts and 总分合计 (baseline and scenario) and
fails loudly if not, and prints median wall times, suanpan's peak RSS and the ratio,
and (from suanpan's `:time on`) the first scoring's time against the scenario's."""
import os, re, statistics, subprocess, sys, time

def run(cmd):
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open("/tmp/suanpan-scale.out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(fd, 1)
        os.execvp(cmd[0], cmd)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - t0
    out = open("/tmp/suanpan-scale.out", encoding="utf-8").read()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"scale.py: {' '.join(cmd)} failed:\n{out}")
    return elapsed, usage.ru_maxrss / 1024, out

def numbers(text):
    return [float(x.replace(",", "")) for x in re.findall(r"-?[\d,]+(?:\.\d+)?", text)]


def figures_and_times(out):
    """suanpan's output without the `:time on` lines, and those times in ms."""
    figures, times = [], []
    for line in out.splitlines():
        m = re.fullmatch(r"（用时 ([\d.]+) (毫秒|秒)）", line.strip())
        if m:
            times.append(float(m.group(1)) * (1 if m.group(2) == "毫秒" else 1000))
        elif not line.startswith("计时") and not line.startswith("已假设"):  # the assume's confirmation
            figures.append(line)
    return "\n".join(figures), times

def main():
    suanpan, gen, peer = sys.argv[1:4]
    print(f"{'N':>8} {'suanpan s':>10} {'peer s':>8} {'ratio':>7} {'RSS MB':>8} {'score ms':>9} {'scenario ms':>12}  check")
    for n in sys.argv[4:]:
        d = f"bench-data/{n}"
        if not os.path.exists(os.path.join(d, "指标.csv")):
            subprocess.run([sys.executable, gen, d, n], check=True, stdout=subprocess.DEVNULL)
        ours, theirs, rss, out_s, out_p, scoring, scenario = [], [], 0, "", "", [], []
        for _ in range(3):
            t, r, out = run([suanpan, "--dataset", d, "Benchmarks/scale.suan"])
            out_s, times = figures_and_times(out)
            ours.append(t); rss = max(rss, r)
            # Statements: baseline counts and sum (the first scoring), then assume,
            # counts and sum (the scenario).
            scoring.append(sum(times[:2])); scenario.append(sum(times[2:]))
            t, _, out_p = run([sys.executable, peer, d])
            theirs.append(t)
        # suanpan prints [优, 良, 中, 差] then the sum, twice; the peer prints the same per line.
        a, b = numbers(out_s), numbers(out_p)
        b = [x for x in b if x != 110]  # the "×110%" in the peer's label
        ok = a == b
        ms, mp = statistics.median(ours), statistics.median(theirs)
        sc, sn = statistics.median(scoring), statistics.median(scenario)
        print(f"{n:>8} {ms:>10.2f} {mp:>8.2f} {mp / ms:>6.2f}× {rss:>8.0f} {sc:>9.0f} {sn:>7.0f} ({sn / sc:>3.0%})  {'same figures' if ok else 'DIFFERENT'}", flush=True)
        if not ok:
            sys.exit(f"scale.py: figures differ at N={n}\nsuanpan: {out_s}\npeer: {out_p}")

main()
