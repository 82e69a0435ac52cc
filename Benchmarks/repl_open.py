#!/usr/bin/env python3
"""Opening the REPL as a person does: suanpan on a pseudo-terminal (libedit sees a
terminal, the bundled dataset loads, the banner shows), timed from fork to the first
`算盘> ` prompt on the screen; then Ctrl-D. Median of 21 opens after one to warm the
page cache. Usage: repl_open.py PATH-TO-suanpan"""
import os, pty, select, shutil, statistics, sys, tempfile, termios, time

binary = sys.argv[1]
state = tempfile.mkdtemp(prefix="suanpan-bench-state-")
env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "1",
       "XDG_STATE_HOME": state, "HOME": state}
prompt = "算盘> ".encode()
times = []
try:
    for run in range(22):
        start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(binary, [binary], env)
        seen = b""
        while prompt not in seen:
            chunk = os.read(fd, 4096)
            if not chunk:
                sys.exit("repl_open: the REPL ended before its prompt: " + seen.decode(errors="replace"))
            seen += chunk
        elapsed = (time.perf_counter() - start) * 1000
        # Ctrl-D once libedit has the terminal in raw mode (typed earlier, the terminal
        # itself would take it), then read until the REPL has gone.
        waited = time.perf_counter()
        while termios.tcgetattr(fd)[3] & termios.ICANON and time.perf_counter() - waited < 5:
            time.sleep(0.001)
        os.write(fd, b"\x04")
        while os.waitpid(pid, os.WNOHANG)[0] == 0:
            if select.select([fd], [], [], 0.02)[0]:
                try:
                    os.read(fd, 4096)
                except OSError:
                    pass
        os.close(fd)
        if run > 0:
            times.append(elapsed)
finally:
    shutil.rmtree(state, ignore_errors=True)
times.sort()
print("REPL on the bundled dataset, start to first prompt: median %.1f ms over %d opens (min %.1f, max %.1f; goal ≤ 50 ms)"
      % (statistics.median(times), len(times), times[0], times[-1]))
