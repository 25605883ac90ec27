"""Which quizapp processes have the database open, and which of them ended without closing.

Each open store holds two advisory locks (``flock``, released by the kernel when a process
dies, ``kill -9`` included):
- a shared lock on ``progress.sqlite3.lock``: the file may only be moved aside by a process
  that can take this lock exclusively, that is, when no other instance has it open;
- an exclusive lock on its own marker ``progress.sqlite3.in-use-<pid>-<token>``, deleted on a
  clean close. A marker whose lock can be taken belongs to a process that is gone without
  closing: the database deserves a full check. One instance closing never clears another's.

Without ``fcntl`` (Windows) locks are not available: every leftover marker then counts as an
unclean exit (a check that was not needed costs time, never data) and nothing can tell that
another instance is running, so the database is never moved aside while open there.
"""

from __future__ import annotations

import os
import sys
import time
import weakref
from pathlib import Path
from typing import IO

if sys.platform == "win32":  # pragma: no cover - no advisory locks there
    fcntl = None
else:
    import fcntl

LOCK_WAIT_S = 10.0  # as long as SQLite's busy timeout: a move aside takes far less


class Instance:
    """This process's registration beside one database file."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self._lock_file: IO[bytes] | None = None
        self._marker: IO[bytes] | None = None
        self._marker_path: Path | None = None
        self.stale: list[tuple[Path, IO[bytes] | None]] = []  # markers of processes gone
        # a store dropped without close() (a test, a crash path) still lets go of its files;
        # its marker stays, so the next start treats it as the unclean exit it was
        self._handles: list[IO[bytes]] = []
        weakref.finalize(self, _close_all, self._handles)

    @property
    def lock_path(self) -> Path:
        return self.database.with_name(self.database.name + ".lock")

    def register(self) -> None:
        """Take the shared lock, place this process's marker and collect the stale ones."""
        self._lock_file = self._opened(self.lock_path, "ab")
        _wait_for(self._lock_file, shared=True)
        self.stale = self._collect_stale()
        token = os.urandom(4).hex()
        self._marker_path = self.database.with_name(
            f"{self.database.name}.in-use-{os.getpid()}-{token}"
        )
        self._marker = self._opened(self._marker_path, "wb")
        _try_lock(self._marker, shared=False)

    @property
    def unclean_exit(self) -> bool:
        """A process had the database open and ended without closing it."""
        return bool(self.stale)

    def checked(self) -> None:
        """The full check passed (or the file was replaced): the stale markers go."""
        for path, handle in self.stale:
            path.unlink(missing_ok=True)
            if handle is not None:
                handle.close()
        self.stale = []

    def exclusive(self) -> bool:
        """Hold the lock alone (for a move aside) if no other process has the file open."""
        if fcntl is None or self._lock_file is None:  # pragma: no cover - Windows
            return True
        fcntl.flock(self._lock_file, fcntl.LOCK_UN)
        if _try_lock(self._lock_file, shared=False):
            return True
        _wait_for(self._lock_file, shared=True)
        return False

    def shared(self) -> None:
        """Back to sharing the file with other instances (after ``exclusive``)."""
        if fcntl is not None and self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_SH)

    def close(self, *, clean: bool = True) -> None:
        """Release the locks; a clean close deletes this process's marker."""
        if self._marker is not None:
            if clean and self._marker_path is not None:
                self._marker_path.unlink(missing_ok=True)
            self._marker.close()
            self._marker = None
        for _, handle in self.stale:
            if handle is not None:
                handle.close()
        self.stale = []
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def _opened(self, path: Path, mode: str) -> IO[bytes]:
        handle: IO[bytes] = path.open(mode)
        self._handles.append(handle)
        return handle

    def _collect_stale(self) -> list[tuple[Path, IO[bytes] | None]]:
        """Markers nobody holds: their processes ended without closing. Each is kept locked
        until the check is done, so a second instance starting meanwhile does not check too."""
        stale: list[tuple[Path, IO[bytes] | None]] = []
        prefix = self.database.name + ".in-use"
        try:
            names = [n for n in os.listdir(self.database.parent) if n.startswith(prefix)]
        except OSError:
            return stale
        for name in sorted(names):
            path = self.database.with_name(name)
            try:
                handle = self._opened(path, "rb")
            except OSError:  # deleted meanwhile by its closing owner
                continue
            if _try_lock(handle, shared=False):
                stale.append((path, handle))
            else:
                handle.close()
        return stale


def _close_all(handles: list[IO[bytes]]) -> None:
    for handle in handles:
        handle.close()


def _try_lock(handle: IO[bytes], *, shared: bool) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(handle, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for(handle: IO[bytes], *, shared: bool) -> None:
    """Block for the lock (another instance is moving a damaged file aside); give up after
    ``LOCK_WAIT_S`` with the SQLite-style busy error the caller already explains."""
    deadline = time.monotonic() + LOCK_WAIT_S
    while not _try_lock(handle, shared=shared):
        if time.monotonic() > deadline:
            raise TimeoutError("another quizapp is holding the database lock")
        time.sleep(0.02)
