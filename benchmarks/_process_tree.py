"""Wall time and peak memory of a command and every process it starts (Linux /proc)."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measurement:
    seconds: float
    peak_rss_bytes: int
    returncode: int

    def line(self, label: str) -> str:
        return (
            f"{label:<48} {self.seconds:7.2f} s  {self.peak_rss_bytes / 2**20:8.0f} MiB"
            f"  (exit {self.returncode})"
        )


def _children(pid: int) -> list[int]:
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        found = []
        for task in tasks:
            text = (task / "children").read_text().split()
            found.extend(int(child) for child in text)
        return found
    except OSError:
        return []


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(root: int) -> int:
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss(pid)
        stack.extend(_children(pid))
    return total


def measure(command: list[str], *, cwd: str | None = None, env: dict | None = None) -> Measurement:
    """Run ``command``, sampling the summed RSS of its process tree every 20 ms."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.02)
    return Measurement(time.perf_counter() - start, peak, process.returncode)
