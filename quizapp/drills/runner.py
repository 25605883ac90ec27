"""Run a learner's file in a separate, limited Python process and collect what it did.

The child is ``sys.executable -I harness.py SCRATCH`` (isolated mode: NumPy is importable, the
learner's folder, PYTHON* variables and user site-packages are not), started in a fresh
scratch directory and its own process group, with stdin closed. The harness caps its CPU time,
address space and file sizes itself (no ``preexec_fn``: the TUI runs checks from threads);
this side enforces the wall clock and the output cap, and kills the whole group when either is
hit. Printed output is read as it comes and only its first bytes are kept, so a print of
100 MB neither fills memory nor touches the disk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

HARNESS = Path(__file__).with_name("harness.py")
POSIX = os.name == "posix"


@dataclass(frozen=True)
class Limits:
    """What one check may use. CPU time is whole seconds (RLIMIT_CPU's unit)."""

    cpu_s: int = 10
    wall_s: float = 20.0
    memory_bytes: int = 1 << 30
    output_bytes: int = 1 << 20
    file_bytes: int = 64 << 20
    shown_output_bytes: int = 4096

    def for_child(self) -> dict[str, int]:
        return {
            "cpu_s": self.cpu_s,
            "memory_bytes": self.memory_bytes,
            "file_bytes": self.file_bytes,
        }


@dataclass(frozen=True)
class ChildRun:
    """What the child left: its events in order, how it ended, the start of its output."""

    events: list[dict[str, Any]]
    returncode: int
    stopped: Literal["wall", "output"] | None
    output: str
    output_bytes: int
    seconds: float
    internal: str | None = None

    @property
    def signal_name(self) -> str | None:
        """SIGXCPU, SIGKILL...: the signal that ended the child, if one did."""
        if self.returncode >= 0:
            return None
        try:
            return signal.Signals(-self.returncode).name
        except ValueError:
            return f"signal {-self.returncode}"


@dataclass
class _Capture:
    keep: int
    limit: int
    kept: bytearray = field(default_factory=bytearray)
    total: int = 0
    finished: threading.Event = field(default_factory=threading.Event)
    flooded: bool = False

    def pump(self, stream: Any) -> None:
        """Read until EOF, keeping the first ``keep`` bytes; flag a flood past ``limit``."""
        try:
            while chunk := stream.read1(65536):
                self.total += len(chunk)
                if len(self.kept) < self.keep:
                    self.kept += chunk[: self.keep - len(self.kept)]
                if self.total > self.limit and not self.flooded:
                    self.flooded = True
                    self.finished.set()
        finally:
            self.finished.set()


@contextmanager
def learner_process(
    source: bytes,
    filename: str,
    function: str,
    cases: list[list[dict[str, Any]]],
    strict_floats: bool,
    limits: Limits,
) -> Iterator[Any]:
    """Start the child; yield ``collect()`` so the caller can work while it runs.

    ``cases`` are already encoded (``harness.encode`` per argument). Leaving the block kills
    the process group and deletes the scratch directory, whatever happened.
    """
    with tempfile.TemporaryDirectory(prefix="quizapp-drill-") as tmp:
        scratch = Path(tmp)
        (scratch / "solution.py").write_bytes(source)
        spec = {
            "function": function,
            "filename": filename,
            "strict_floats": strict_floats,
            "limits": limits.for_child(),
            "cases": cases,
        }
        (scratch / "cases.json").write_text(json.dumps(spec), encoding="utf-8")
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-I", str(HARNESS), str(scratch)],
            cwd=scratch,
            env=_child_env(scratch),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=POSIX,
        )
        capture = _Capture(keep=limits.shown_output_bytes, limit=limits.output_bytes)
        reader = threading.Thread(target=capture.pump, args=(process.stdout,), daemon=True)
        reader.start()

        def collect() -> ChildRun:
            return _collect(process, capture, scratch, started, limits)

        try:
            yield collect
        finally:
            if process.returncode is None:
                _kill(process)
                process.wait()
            reader.join(timeout=1.0)
            if process.stdout is not None:
                process.stdout.close()


def _collect(
    process: subprocess.Popen[bytes],
    capture: _Capture,
    scratch: Path,
    started: float,
    limits: Limits,
) -> ChildRun:
    deadline = started + limits.wall_s
    stopped: Literal["wall", "output"] | None = None
    if not capture.finished.wait(max(0.0, deadline - time.monotonic())):
        stopped = "wall"
    elif capture.flooded:
        stopped = "output"
    if stopped is None:
        try:  # the output closed; the process may still be winding down (or sleeping)
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            stopped = "wall"
    if stopped is not None:
        _kill(process)
    returncode = process.wait()
    _kill(process)  # whatever the learner's code started and left behind in its group
    seconds = time.monotonic() - started
    return ChildRun(
        events=_read_events(scratch / "events.jsonl"),
        returncode=returncode,
        stopped=stopped,
        output=capture.kept.decode("utf-8", errors="replace"),
        output_bytes=capture.total,
        seconds=seconds,
        internal=next((e["message"] for e in _read_events(scratch / "internal.jsonl")), None),
    )


def _read_events(path: Path) -> list[dict[str, Any]]:
    """Every complete JSON line; a line cut short by a kill is dropped."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    events = []
    for line in lines:
        try:
            events.append(json.loads(line))
        except ValueError:
            break
    return events


def _kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the child's whole group (anything it started goes too)."""
    try:
        if POSIX:
            os.killpg(process.pid, signal.SIGKILL)
        elif process.poll() is None:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass


def _child_env(scratch: Path) -> dict[str, str]:
    """A small, predictable environment: one BLAS thread, UTF-8, HOME and TMPDIR in scratch."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(scratch),
        "TMPDIR": str(scratch),
        "LANG": "C.UTF-8",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    if "SYSTEMROOT" in os.environ:  # Windows cannot start Python without it
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return env
