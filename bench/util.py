"""Shared plumbing for the benchmarks: sizes, statistics, processes, cached inputs.

Every benchmark compares against a baseline measured in the same run, because this machine
is shared and noisy (issue 6): we report medians, p95 and ratios, never a single time.
"""
from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench"
#: Generated postings, built cubes, profiles: git-ignored, reused by reruns.
OUT_DIR = BENCH_DIR / "out"
ESCO_DIR = REPO_ROOT.parent / "shared" / "esco"
PYTHON = sys.executable


class Skip(Exception):
    """A benchmark cannot run here (missing product piece, input or tool); the reason is reported."""


@dataclass(frozen=True)
class Sizes:
    """How big each benchmark runs. Targets in issue 6 are stated for the full size."""

    mode: str
    #: Postings in the cube the app serves (latency, first load, start-up, concurrency).
    serve_postings: int
    #: Postings in the timed product build.
    build_postings: int
    #: Postings in the plain-pandas baseline build (issue 6: 1M at full size).
    baseline_postings: int
    latency_interactions: int
    first_load_runs: int
    startup_runs: int
    picker_terms: int
    load_users: int
    load_seconds: float
    load_baseline_seconds: float

    def as_dict(self) -> dict:
        return asdict(self)


REDUCED = Sizes(
    mode="reduced",
    serve_postings=1_000_000,
    build_postings=1_000_000,
    baseline_postings=200_000,
    latency_interactions=30,
    first_load_runs=3,
    startup_runs=3,
    picker_terms=6,
    load_users=50,
    load_seconds=15,
    load_baseline_seconds=5,
)
FULL = Sizes(
    mode="full",
    serve_postings=10_000_000,
    build_postings=10_000_000,
    baseline_postings=1_000_000,
    latency_interactions=200,
    first_load_runs=5,
    startup_runs=5,
    picker_terms=20,
    load_users=50,
    load_seconds=60,
    load_baseline_seconds=15,
)


# -- statistics ----------------------------------------------------------------------


def summarise(samples: Sequence[float], *, digits: int = 2) -> dict:
    """n, median, p95, min, max of a sample (same unit in and out)."""
    values = np.asarray([s for s in samples if s is not None], dtype="float64")
    if values.size == 0:
        return {"n": 0, "median": None, "p95": None, "min": None, "max": None}
    return {
        "n": int(values.size),
        "median": round(float(np.median(values)), digits),
        "p95": round(float(np.percentile(values, 95)), digits),
        "min": round(float(values.min()), digits),
        "max": round(float(values.max()), digits),
    }


def ratio(baseline: float | None, measured: float | None, *, digits: int = 1) -> float | None:
    """How many times better ``measured`` is than ``baseline`` (both "smaller is better")."""
    if not baseline or not measured:
        return None
    return round(float(baseline) / float(measured), digits)


def target(name: str, *, measured: float | None, limit: float, unit: str, higher_is_better: bool = False,
           full_size: bool = True) -> dict:
    """One target line of results.json: met is None when nothing was measured.

    ``full_size=False`` marks a target stated for the full size measured at a smaller one:
    a miss there is a miss, but a pass proves nothing, so it is reported as None.
    """
    if measured is None:
        met = None
    else:
        met = bool(measured >= limit) if higher_is_better else bool(measured <= limit)
        if met and not full_size:
            met = None
    op = ">=" if higher_is_better else "<="
    return {"name": name, "target": f"{op} {limit:g} {unit}", "measured": measured, "unit": unit, "met": met}


def machine_info() -> dict:
    """What the run happened on, so numbers are read with their context (shared 2-core box)."""
    load1, load5, _ = os.getloadavg()
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                             text=True, check=False).stdout.strip()
    except OSError:
        rev = ""
    return {"cpus": os.cpu_count(), "loadavg_1m": round(load1, 2), "loadavg_5m": round(load5, 2),
            "python": sys.version.split()[0], "git": rev}


# -- processes -----------------------------------------------------------------------


def free_port() -> int:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**extra: str) -> dict:
    """This environment without JOB_ATLAS_* (the app rejects unknown ones) plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("JOB_ATLAS_") and k != "PORT"}
    env.setdefault("PYTHONUNBUFFERED", "1")
    env.update(extra)
    return env


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its children, in bytes (0 when gone)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


class RssSampler:
    """Samples the RSS of a process tree in a thread; ``peak`` is the largest sum seen."""

    def __init__(self, pid: int, *, interval: float = 0.1):
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def run_measured(cmd: Sequence[str], *, env: dict | None = None, timeout: float = 3600, log: Path | None = None) -> dict:
    """Run a command; wall time, CPU time, peak RSS of its process tree, exit code, tail of its stderr.

    CPU time (user + system of the command and the children it waited for) is the figure
    the other engineers' load on this shared machine moves least.
    """
    log = log or OUT_DIR / "last-command.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as sink:
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.Popen(list(map(str, cmd)), cwd=REPO_ROOT, env=env or clean_env(),
                                stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
        with RssSampler(proc.pid) as sampler:
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                stop_process(proc)
                code = None
        wall = time.perf_counter() - start
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(sampler.peak / 2**20, 1), "returncode": code,
            "output_tail": tail, "command": " ".join(map(str, cmd))}


def stop_process(proc: subprocess.Popen, *, grace: float = 10) -> None:
    """Stop a process we started (and its session's children) by its own id: TERM, then KILL."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)


def wait_http(url: str, *, timeout: float, proc: subprocess.Popen | None = None, status: int = 200) -> float:
    """Poll ``url`` until it answers ``status``; seconds waited. Raises when the process dies."""
    import requests

    start = time.perf_counter()
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with code {proc.returncode} before {url} answered")
        try:
            if requests.get(url, timeout=2).status_code == status:
                return time.perf_counter() - start
        except requests.RequestException:
            pass
        if time.perf_counter() - start > timeout:
            raise TimeoutError(f"{url} did not answer {status} within {timeout:.0f} s")
        time.sleep(0.02)


@dataclass
class Server:
    """A running server process (ours) on loopback."""

    proc: subprocess.Popen
    port: int
    ready_s: float
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serve(kind: str, data_dir: Path | None, *, workers: int = 2, timeout: float = 120, name: str = "server",
          occupations: Path | None = None) -> Iterator[Server]:
    """Start the app (``kind`` "app": ``python app.py``; "gunicorn": ``gunicorn -w N app:server``;
    "baseline": ``bench.baseline_app`` with ``occupations`` as its picker options).

    ``ready_s`` is the time from spawning the process to the first 200 on ``/``.
    """
    port = free_port()
    if kind == "app":
        cmd = [PYTHON, "app.py", "--port", str(port), "--data-dir", str(data_dir)]
        env = clean_env()
    elif kind == "gunicorn":
        cmd = [PYTHON, "-m", "gunicorn"]
        if (REPO_ROOT / "gunicorn.conf.py").is_file():
            cmd += ["-c", "gunicorn.conf.py"]
        cmd += ["-w", str(workers), "-b", f"127.0.0.1:{port}", "app:server"]
        env = clean_env(JOB_ATLAS_DATA_DIR=str(data_dir))
    elif kind == "baseline":
        cmd = [PYTHON, "-m", "bench.baseline_app", "--port", str(port)]
        cmd += ["--occupations", str(occupations)] if occupations else []
        env = clean_env()
    else:
        raise ValueError(kind)
    log = OUT_DIR / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    sink = open(log, "wb")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        try:
            wait_http(f"http://127.0.0.1:{port}/", timeout=timeout, proc=proc)
        except (RuntimeError, TimeoutError) as error:
            tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
            raise RuntimeError(f"{' '.join(cmd)}: {error}\n{tail}") from None
        yield Server(proc=proc, port=port, ready_s=time.perf_counter() - start, log=log)
    finally:
        stop_process(proc)
        sink.close()


# -- cached inputs -------------------------------------------------------------------


def require_esco() -> Path:
    if not any(ESCO_DIR.glob("*.zip")):
        raise Skip(f"real ESCO bundle not found in {ESCO_DIR}")
    return ESCO_DIR


def postings_file(count: int, *, seed: int = 7) -> Path:
    return OUT_DIR / f"postings-{count}-seed{seed}.parquet"


def ensure_postings(count: int, *, seed: int = 7, log=print) -> Path:
    """Synthetic postings over the real ESCO taxonomy from the product generator (cached)."""
    esco = require_esco()
    out = postings_file(count, seed=seed)
    if out.is_file():
        return out
    generator = REPO_ROOT / "data" / "jobs" / "generate_postings.py"
    if not generator.is_file():
        raise Skip("data/jobs/generate_postings.py (brief B) has not landed yet")
    log(f"  generating {count:,} postings -> {out.relative_to(REPO_ROOT)}")
    partial = out.with_suffix(".partial.parquet")
    result = run_measured([PYTHON, generator, "--esco", esco, "--postings-count", count, "--seed", seed, "--out", partial],
                          log=OUT_DIR / f"generate-{count}.log")
    if result["returncode"] != 0 or not partial.is_file():
        raise RuntimeError(f"postings generator failed:\n{result['output_tail']}")
    partial.replace(out)
    log(f"  generated in {result['wall_s']} s (peak RSS {result['peak_rss_mb']} MB)")
    return out


def cube_dir(count: int) -> Path:
    return OUT_DIR / f"cube-{count}"


def cube_is_built(data_dir: Path, postings: Path) -> bool:
    """A published cube built from exactly this postings file (marker written after the build)."""
    marker = data_dir / ".bench-input.json"
    if not (data_dir / "CURRENT").is_file() or not marker.is_file():
        return False
    stat = postings.stat()
    return json.loads(marker.read_text()) == {"postings": str(postings), "size": stat.st_size, "mtime": stat.st_mtime}


def mark_cube(data_dir: Path, postings: Path) -> None:
    stat = postings.stat()
    (data_dir / ".bench-input.json").write_text(
        json.dumps({"postings": str(postings), "size": stat.st_size, "mtime": stat.st_mtime}))


def build_command(postings: Path, data_dir: Path) -> list:
    return [PYTHON, "-m", "dashboard", "build", "--esco", require_esco(), "--postings", postings, "--data-dir", data_dir]


def ensure_cube(count: int, *, log=print) -> Path:
    """A cube built from ``count`` postings over the real ESCO taxonomy (cached)."""
    if not (REPO_ROOT / "dashboard" / "build.py").is_file():
        raise Skip("dashboard/building/build.py (brief C) has not landed yet")
    postings = ensure_postings(count, log=log)
    data_dir = cube_dir(count)
    if cube_is_built(data_dir, postings):
        return data_dir
    log(f"  building cube from {count:,} postings -> {data_dir.relative_to(REPO_ROOT)}")
    result = run_measured(build_command(postings, data_dir), log=OUT_DIR / f"build-{count}.log")
    if result["returncode"] != 0:
        raise RuntimeError(f"cube build failed (exit {result['returncode']}):\n{result['output_tail']}")
    mark_cube(data_dir, postings)
    log(f"  built in {result['wall_s']} s (peak RSS {result['peak_rss_mb']} MB)")
    return data_dir
