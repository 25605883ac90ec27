"""A program in a real pseudo-terminal, read the way a terminal shows it: the benchmarks' eyes.

The TUI rows start the ``quizapp`` command (and the bare Textual app they compare it with) in a
pty of a fixed size, type keys into it, and stop their clocks when the screen shows what the
row names. A thread reads the pty as fast as the program writes and stamps every chunk with the
time it arrived; the chunks are fed, in order, to pyte (a VT100 emulator), so "shown" means
"these characters are on the emulated screen", never "the program said it drew them".

Two ways to wait, both answering with arrival times, not with the time the check ran:

- ``wait_for(condition)``: the arrival of the chunk after which the screen first satisfies
  ``condition`` (a function of the screen's lines).
- ``settle(condition, quiet)``: the screen satisfies ``condition`` and then no chunk changed a
  character for ``quiet`` seconds; the answer is the arrival of the last chunk that did change
  one (the frame that completed the picture). Style-only changes (a blinking cursor) are not
  changes: pyte's ``display`` holds characters only.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyte
from wcwidth import wcwidth

Condition = Callable[[list[str]], bool]

# The child's environment: a modern terminal (xterm, 256 colours and truecolor, UTF-8) and
# nothing of the caller's that changes what Textual draws or how Python starts.
DROPPED_ENV = ("TEXTUAL_", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES", "PYTHONDONTWRITEBYTECODE")
TERMINAL_ENV = {"TERM": "xterm-256color", "COLORTERM": "truecolor", "LANG": "C.UTF-8"}


EXIT_GRACE_S = 10.0  # from the terminal's close to the exit status, on a loaded machine


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(DROPPED_ENV)}
    env.update(TERMINAL_ENV)
    env.update(extra or {})
    return env


def display(screen: pyte.Screen) -> list[str]:
    """The screen's lines, as ``pyte.Screen.display`` gives them, but safe where a wide (CJK)
    character was partly overwritten: pyte leaves an empty stub cell behind it, on which its
    own ``display`` raises IndexError. Such a stub is read as a blank, as a terminal shows it."""
    lines = []
    for y in range(screen.lines):
        row = screen.buffer[y]
        cells: list[str] = []
        skip = False
        for x in range(screen.columns):
            if skip:
                skip = False
                continue
            data = row[x].data
            cells.append(data or " ")  # an orphaned stub: a blank cell on a terminal
            skip = bool(data) and wcwidth(data[0]) == 2
        lines.append("".join(cells))
    return lines


@dataclass(frozen=True)
class Chunk:
    at: float  # time.perf_counter() when os.read returned it
    data: bytes


class PtyError(RuntimeError):
    """The program did not show what was waited for; the message holds the screen as it was."""


class Terminal:
    """``argv`` running in a pty of ``cols`` x ``rows``; close it (or use ``with``)."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        cols: int = 120,
        rows: int = 40,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.screen.write_process_input = self._answer  # type: ignore[method-assign]
        self.stream = pyte.ByteStream(self.screen)
        self.chunks: list[Chunk] = []  # every chunk read, in order (for tests and dumps)
        self._fed = 0  # chunks fed to pyte so far
        self._lines: list[str] = display(self.screen)
        self._changed_at: float | None = None  # arrival of the last chunk that changed a char
        self._arrived = threading.Condition()
        self._eof = False
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self._master = master
        # Wake the reader thread promptly when it has bytes: the GIL is handed over within
        # 0.1 ms instead of 5, so a chunk's arrival stamp is not late by a parsing slice.
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-4)
        self.started = time.perf_counter()
        # Its own session, whose controlling terminal is the pty: util-linux ``setsid --ctty``
        # does it between fork and exec. Python's preexec_fn can deadlock the child when the
        # parent runs threads (a lock held at the fork), so it is only the fallback.
        setsid = shutil.which("setsid")
        self.process = subprocess.Popen(
            [setsid, "--ctty", *argv] if setsid else list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env) if env is not None else child_env(),
            cwd=cwd,
            start_new_session=setsid is None,
            preexec_fn=None if setsid else _take_controlling_terminal,
            close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    # -- reading -----------------------------------------------------------------------------
    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 1 << 16)
            except OSError:  # EIO: the program closed its side
                data = b""
            at = time.perf_counter()
            with self._arrived:
                if data:
                    self.chunks.append(Chunk(at, data))
                else:
                    self._eof = True
                self._arrived.notify_all()
            if not data:
                return

    def _answer(self, data: str) -> None:
        """Reply to the program's queries (device attributes, cursor position) as xterm does."""
        with contextlib.suppress(OSError):
            os.write(self._master, data.encode())

    def _feed_next(self, until: float) -> Chunk | None:
        """Feed the next chunk to the screen if it arrived by ``until`` (waiting for it until
        then); None when none did (or the program has exited)."""
        with self._arrived:
            exited_at: float | None = None
            while self._fed >= len(self.chunks):
                now = time.perf_counter()
                left = until - now
                if self._eof or left <= 0:
                    return None
                # a program that exited is done once its last output had time to arrive (the
                # pty's EOF can lag when another process still holds the terminal open)
                if exited_at is None and self.process.poll() is not None:
                    exited_at = now
                if exited_at is not None and now - exited_at > 0.5:
                    return None
                self._arrived.wait(min(left, 0.2))
            chunk = self.chunks[self._fed]
            if chunk.at > until:
                return None
            self._fed += 1
        self.stream.feed(chunk.data)
        lines = display(self.screen)
        if lines != self._lines:
            self._lines = lines
            self._changed_at = chunk.at
        return chunk

    @property
    def lines(self) -> list[str]:
        """The screen's characters, one string per row, as of the chunks fed so far."""
        return list(self._lines)

    @property
    def changed_at(self) -> float | None:
        """Arrival of the last chunk (fed so far) that changed a character on screen."""
        return self._changed_at

    @property
    def text(self) -> str:
        return "\n".join(self._lines)

    # -- waiting -----------------------------------------------------------------------------
    def wait_for(self, condition: Condition, timeout: float = 30.0, what: str = "") -> float:
        """Arrival time of the chunk after which the screen first satisfies ``condition``."""
        deadline = time.perf_counter() + timeout
        if condition(self._lines) and self._changed_at is not None:
            return self._changed_at
        while True:
            chunk = self._feed_next(deadline)
            if chunk is None:
                raise self._failure(what or "the awaited screen", timeout)
            if condition(self._lines):
                return chunk.at

    def settle(
        self, condition: Condition, quiet: float = 0.15, timeout: float = 30.0, what: str = ""
    ) -> float:
        """Arrival of the last chunk that changed a character, once ``condition`` holds and
        no chunk arriving within ``quiet`` seconds after it changed one."""
        deadline = time.perf_counter() + timeout
        while True:
            if condition(self._lines) and self._changed_at is not None:
                changed = self._changed_at
                if self._feed_next(min(deadline, changed + quiet)) is None:
                    if time.perf_counter() < changed + quiet and self.process.poll() is None:
                        raise self._failure(what or "a settled screen", timeout)
                    return changed
            elif self._feed_next(deadline) is None:
                raise self._failure(what or "the awaited screen", timeout)

    def drain(self) -> None:
        """Feed what has arrived so far (a screen dump after the clock stopped)."""
        while self._feed_next(time.perf_counter()) is not None:
            pass

    def _failure(self, what: str, timeout: float) -> PtyError:
        code = self.process.poll()
        if code is None and self._eof:
            # The program closed the terminal: it is exiting. Its files close before its exit
            # status can be collected, and on a loaded machine it can wait for a CPU between
            # the two, so the status is waited for rather than read as "still running".
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = self.process.wait(EXIT_GRACE_S)
        status = f"exited with {code}" if code is not None else f"no match in {timeout:g} s"
        return PtyError(f"{what}: {status}; the screen was:\n{self.text}")

    # -- typing ------------------------------------------------------------------------------
    def press(self, keys: str | bytes) -> float:
        """Type ``keys`` (as a terminal sends them: b"\\r" is Enter); the time just before."""
        data = keys.encode() if isinstance(keys, str) else keys
        at = time.perf_counter()
        os.write(self._master, data)
        return at

    # -- the process -------------------------------------------------------------------------
    def peak_rss_kib(self) -> int:
        """The program's peak resident set so far (VmHWM), in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
        if match is None:
            raise PtyError("no VmHWM in /proc: peak RSS needs Linux")
        return int(match.group(1))

    def close(self, quit_keys: bytes = b"\x11", timeout: float = 5.0) -> int:
        """Quit with ``quit_keys`` (Ctrl+Q), else end the program; its exit status."""
        if self.process.poll() is None:
            with contextlib.suppress(OSError):
                self.press(quit_keys)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
        self._reader.join(timeout)
        with contextlib.suppress(OSError):
            os.close(self._master)
        sys.setswitchinterval(self._switch_interval)
        return self.process.returncode

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def replay(chunks: Sequence[Chunk], until: float, cols: int, rows: int) -> list[str]:
    """The screen as it stood once every chunk that arrived by ``until`` was drawn."""
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    for chunk in chunks:
        if chunk.at > until:
            break
        stream.feed(chunk.data)
    return display(screen)


def _take_controlling_terminal() -> None:  # runs in the child, after setsid
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


# -- conditions ------------------------------------------------------------------------------
_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    """Whitespace runs as one space, ends stripped: how a needle and a screen line compare."""
    return _SPACES.sub(" ", text).strip()


def shows(*needles: str) -> Condition:
    """Every needle appears within one screen line (whitespace runs compared as one space)."""
    wanted = [squeeze(n) for n in needles if squeeze(n)]

    def condition(lines: list[str]) -> bool:
        squeezed = [squeeze(line) for line in lines]
        return all(any(n in line for line in squeezed) for n in wanted)

    return condition


def lacks(*needles: str) -> Condition:
    present = shows
    checks = [present(n) for n in needles]
    return lambda lines: not any(check(lines) for check in checks)


def both(*conditions: Condition) -> Condition:
    return lambda lines: all(c(lines) for c in conditions)
