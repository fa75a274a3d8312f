#!/usr/bin/env python3
"""Runs a command RUNS times and prints its median wall time (s) and max peak RSS (MiB) as 'SECONDS MIB'.

usage: measure.py RUNS COMMAND [ARGS...]   (the command's output is discarded; a failure aborts)
"""
import os, resource, statistics, subprocess, sys, time

runs, command = int(sys.argv[1]), sys.argv[2:]
walls, peak = [], 0
for _ in range(runs):
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        try:
            os.execvp(command[0], command)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    walls.append(time.monotonic() - start)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"measure: '{' '.join(command)}' failed with status {os.waitstatus_to_exitcode(status)}")
    peak = max(peak, usage.ru_maxrss // 1024)
print(f"{statistics.median(walls):.2f} {peak}")
