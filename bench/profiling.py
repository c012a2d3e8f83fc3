"""Profile before optimising (issue 6): py-spy attached to a server we started, summarised.

``PySpy(pid)`` records raw (collapsed) stacks of every thread of the process and its
children until ``stop()``; the summary lists the functions with the most samples, inclusive
and self, which is what RESULTS.md quotes. The raw file stays in bench/out/ for flamegraphs.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

from bench.util import OUT_DIR

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def available() -> bool:
    return shutil.which("py-spy") is not None


class PySpy:
    def __init__(self, pid: int, *, name: str, rate: int = 250, idle: bool = False):
        if not available():
            raise RuntimeError("py-spy is not installed: pip install -r requirements-bench.txt")
        self.out = OUT_DIR / f"profile-{name}.txt"
        cmd = ["py-spy", "record", "--pid", str(pid), "--subprocesses", "--format", "raw", "--rate", str(rate),
               "--output", str(self.out)]
        if idle:
            cmd.append("--idle")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    def stop(self, *, top: int = 15) -> dict:
        """Stop recording (SIGINT makes py-spy write its file) and summarise the stacks."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if not self.out.is_file():
            return {"error": (self.proc.stderr.read() or b"").decode(errors="replace")[-500:]}
        return summarise_raw(self.out, top=top)


def _short(frame: str) -> str:
    match = _FRAME.match(frame.strip())
    if not match:
        return frame.strip()
    path = match["file"]
    for marker in ("site-packages/", "/work/main/", "lib/python3.11/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{match['func']} ({path})"


#: Only stacks inside a callback request count (idle server threads would drown the rest).
WITHIN = "Dash.dispatch"
PROJECT = ("(dashboard/", "(callbacks/", "(layouts/", "(app.py")


def summarise_raw(path: Path, *, top: int = 15, within: str | None = WITHIN) -> dict:
    """Top functions by inclusive and by self samples from py-spy's raw output.

    Percentages are of the samples taken while a callback request was being served
    (stacks through ``within``); ``top_project`` lists the project's own functions.
    """
    inclusive: Counter = Counter()
    own: Counter = Counter()
    total = 0
    all_samples = 0
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        all_samples += n
        frames = [_short(f) for f in stack.split(";") if f]
        if within and not any(f.startswith(within) for f in frames):
            continue
        total += n
        # Skip the "process N" / "thread" roots py-spy adds with --subprocesses.
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        for frame in set(frames):
            inclusive[frame] += n
        if frames:
            own[frames[-1]] += n
    pct = (lambda n: round(100 * n / total, 1)) if total else (lambda n: 0.0)
    project = [(f, c) for f, c in inclusive.most_common() if any(m in f for m in PROJECT)]
    return {
        "samples": total,
        "samples_all_threads": all_samples,
        "top_project": [[f, pct(n)] for f, n in project[:top]],
        "raw_file": str(path.relative_to(OUT_DIR.parent.parent)) if path.is_relative_to(OUT_DIR.parent.parent) else str(path),
        "top_inclusive": [[f, pct(n)] for f, n in inclusive.most_common(top)],
        "top_self": [[f, pct(n)] for f, n in own.most_common(top)],
    }
