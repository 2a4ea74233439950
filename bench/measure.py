"""Run one build in a fresh process and report its wall time, CPU time and peak memory.

    from measure import measured_run
    data = measured_run(["python", "-m", "generator", "build", ...], cwd, log, timeout=900)
    data["status"], data["wall"], data["cpu"], data["max_rss"]     # "ok", seconds, seconds, bytes

Shared by bench/run and bench/memory.py. The build runs under an intermediate Python process that
waits for it and prints getrusage(RUSAGE_CHILDREN): a new intermediate per build, so CPU time
(user + sys, summed over the build and everything it waited for) and ru_maxrss cover that build
only. Note that ru_maxrss is the peak of the *largest single* process among them, not a sum: a
build that forks workers reports its biggest process. `sample_every` (seconds) adds a sampled
`tree_pss`: the peak, over samples, of the proportional set size summed over the build's whole
process group (Linux /proc only; a lower bound, since a peak between samples is missed).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

__all__ = ["log_tail", "measured_run"]

# The intermediate process. The build gets its own session (so its process group can be killed
# on timeout, and pool workers can be found by their group for `sample_every`).
_MEASURE = r"""
import json, os, resource, signal, subprocess, sys, time
arguments = json.loads(sys.argv[1])
cmd, cwd, log, timeout = arguments[:4]
sample_every = arguments[4] if len(arguments) > 4 else None


def group_pss(group):
    # Proportional set size (shared pages split between sharers) summed over a process group.
    total = 0
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != group:  # after the command name: state, ppid, pgrp
                continue
            with open(f"/proc/{name}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except (OSError, IndexError, ValueError):
            continue  # the process ended meanwhile, or this is not Linux
    return total


status = "ok"
tree_pss = None
with open(log, "ab") as out:
    out.write(("$ " + " ".join(cmd) + "\n").encode())
    out.flush()
    started = time.perf_counter()
    try:
        child = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
    except OSError as error:
        out.write(f"cannot run: {error}\n".encode())
        code = 127
    else:
        try:
            if sample_every is None:
                code = child.wait(timeout=timeout)
            else:
                tree_pss = 0
                deadline = started + timeout
                while True:
                    tree_pss = max(tree_pss, group_pss(child.pid))
                    try:
                        code = child.wait(timeout=min(sample_every, max(0.0, deadline - time.perf_counter())))
                        break
                    except subprocess.TimeoutExpired:
                        if time.perf_counter() >= deadline:
                            raise
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)  # the build and anything it started
            code = child.wait()
            status = "timeout"
            out.write(f"killed after {timeout} s\n".encode())
    wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
scale = 1 if sys.platform == "darwin" else 1024
result = {"rc": code, "status": status, "wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
          "max_rss": usage.ru_maxrss * scale}
if sample_every is not None:
    result["tree_pss"] = tree_pss
print(json.dumps(result))
"""


def measured_run(command: list[str], cwd: str | Path, log: str | Path, timeout: float,
                 sample_every: float | None = None) -> dict:
    """Run `command` (output appended to `log`), killed after `timeout` seconds.

    Returns {"status", "rc", "wall", "user", "sys", "cpu", "max_rss"} (seconds, bytes; None where
    unknown), plus "tree_pss" (bytes) when `sample_every` is given. "status" is "ok", "timeout" or
    "failed (exit N)".
    """
    arguments = [command, str(cwd), str(log), timeout] + ([sample_every] if sample_every is not None else [])
    process = subprocess.Popen([sys.executable, "-c", _MEASURE, json.dumps(arguments)],
                               stdout=subprocess.PIPE, text=True)
    try:
        output, _ = process.communicate(timeout=timeout + 120)  # the measuring process enforces the timeout
    except subprocess.TimeoutExpired:
        _kill(process)
        return _unknown("timeout", None)
    except BaseException:
        _kill(process)
        raise
    try:
        data = json.loads(output.strip().splitlines()[-1])
    except (ValueError, IndexError):
        rc = process.returncode or 1
        return _unknown(f"failed (exit {rc})", rc)
    if data.get("status") == "timeout":
        return _unknown("timeout", data["rc"])
    data["status"] = "ok" if data["rc"] == 0 else f"failed (exit {data['rc']})"
    data["cpu"] = data["user"] + data["sys"]
    return data


def log_tail(log: str | Path, lines: int = 15) -> list[str]:
    """The last lines of a build's log, to print when it failed."""
    return Path(log).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]


def _unknown(status: str, rc: int | None) -> dict:
    return {"status": status, "rc": rc, "wall": None, "user": None, "sys": None, "cpu": None, "max_rss": None}


def _kill(process: subprocess.Popen) -> None:
    """Last resort when the measuring process itself hangs: kill it (its build has its own group)."""
    process.kill()
    process.communicate()
