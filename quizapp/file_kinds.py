"""What a path that is not a regular file is, in the words of the messages that refuse it:
the bank loader and the progress store both refuse FIFOs, folders, sockets and devices."""

from __future__ import annotations

import stat


def file_kind(mode: int) -> str:
    """ "a folder", "a FIFO (named pipe)", "a socket", "a device"; "" for a regular file."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    return "a socket" if stat.S_ISSOCK(mode) else "a device"
