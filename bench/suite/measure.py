"""Timing and memory measurement shared by every workload."""

import os
import statistics
import subprocess
import threading
import time

_PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * _PAGE


class PeakMemory:
    """Peak resident memory above the level at entry, sampled every `interval` seconds by a
    background thread (the native code under test releases the GIL, so the sampler keeps
    running). Allocations freed between two samples are missed, so the figure is a lower bound
    that is accurate for the large arrays that dominate these workloads."""

    def __init__(self, interval=0.002):
        self.interval = interval
        self.peak = 0

    def __enter__(self):
        self.base = rss_bytes()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(self.interval)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())
        return False

    @property
    def megabytes(self):
        return (self.peak - self.base) / 2**20


def run_child(argv, env=None):
    """Run one of the benchmark programs to completion; returns its stdout. (The programs report
    their own peak memory: a parent's view of a child's high-water mark includes the parent's.)"""
    proc = subprocess.run(argv, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({proc.returncode}): {proc.stderr.strip()}")
    return proc.stdout


def summarise(times):
    """Median and spread ((max - min) / median) of repeated timings; None for no timings."""
    times = [t for t in times if t is not None]
    if not times:
        return None
    med = statistics.median(times)
    spread = (max(times) - min(times)) / med if med > 0 else 0.0
    return {"median": med, "spread": spread, "runs": times}
