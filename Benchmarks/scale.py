#!/usr/bin/env python3
"""Scale benchmark (issues 6 and 21): suanpan against the reference Python scorer.

    scale.py SUANPAN GEN PEER SIZES...    (SCALE_PEER_MAX=N: no peer run above N projects)

For each size N: generates the synthetic dataset once (bench-data/N), runs
`Benchmarks/scale.suan` on it (the dataset loaded by a timed `load` statement) and
`peer_score.py DIR` three times each, checks that both give the same grade counts and
总分合计 (baseline and scenario) and fails loudly if not, and prints median wall times,
the ratio, suanpan's peak RSS against the files' size, and per phase (from `:time on`)
the load, the first scoring and the scenario (assume ×110% and re-score), each also
in microseconds per project, so that growth beyond linear shows."""
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
    peer_max = int(os.environ.get("SCALE_PEER_MAX", "0")) or None
    print(f"{'N':>8} {'suanpan s':>10} {'peer s':>8} {'ratio':>7} {'RSS MB':>7} {'files MB':>8} {'load ms':>8} {'score ms':>9} {'scenario ms':>11}"
          f" {'µs/project: load':>17} {'score':>6} {'scen.':>6}  check")
    for n in sys.argv[4:]:
        d = f"bench-data/{n}"
        if not os.path.exists(os.path.join(d, "指标.csv")):
            subprocess.run([sys.executable, gen, d, n], check=True, stdout=subprocess.DEVNULL)
        files = sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)) / 2**20
        script = f"/tmp/suanpan-scale-{n}.suan"
        body = open("Benchmarks/scale.suan", encoding="utf-8").read().replace(":time on\n", f':time on\nload "{d}"\n', 1)
        open(script, "w", encoding="utf-8").write(body)
        with_peer = peer_max is None or int(n) <= peer_max
        ours, theirs, rss, out_s, out_p, loads, scoring, scenario = [], [], 0, "", "", [], [], []
        for _ in range(3):
            t, r, out = run([suanpan, "--no-dataset", script])
            out_s, times = figures_and_times(out)
            ours.append(t); rss = max(rss, r)
            # Statements: the load; the baseline counts and sum (the first scoring);
            # assume, counts and sum (the scenario).
            loads.append(times[0]); scoring.append(sum(times[1:3])); scenario.append(sum(times[3:]))
            if with_peer:
                t, _, out_p = run([sys.executable, peer, d])
                theirs.append(t)
        out_s = "\n".join(line for line in out_s.splitlines() if not line.startswith("已载入") and "载入" not in line)
        ms = statistics.median(ours)
        ld, sc, sn = statistics.median(loads), statistics.median(scoring), statistics.median(scenario)
        per = lambda x: x * 1000 / int(n)
        if with_peer:
            # suanpan prints [优, 良, 中, 差] then the sum, twice; the peer the same per line.
            a, b = numbers(out_s), numbers(out_p)
            b = [x for x in b if x != 110]  # the "×110%" in the peer's label
            ok = a == b
            mp = statistics.median(theirs)
            peer_cols = f"{mp:>8.2f} {mp / ms:>6.2f}×"
        else:
            ok, peer_cols = True, f"{'—':>8} {'—':>7}"
        print(f"{n:>8} {ms:>10.2f} {peer_cols} {rss:>7.0f} {files:>8.0f} {ld:>8.0f} {sc:>9.0f} {sn:>11.0f}"
              f" {per(ld):>17.2f} {per(sc):>6.2f} {per(sn):>6.2f}  {('same figures' if ok else 'DIFFERENT') if with_peer else 'no peer run'}", flush=True)
        if not ok:
            sys.exit(f"scale.py: figures differ at N={n}\nsuanpan: {out_s}\npeer: {out_p}")

main()
