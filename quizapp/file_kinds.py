"""What a path that is not a regular file is, in the words of the messages that refuse it:
the bank loader and the progress store both refuse FIFOs, folders, sockets and devices."""

from __future__ import annotations

import stat

from quizapp.i18n import N_


def file_kind(mode: int) -> str:
    """ "a folder", "a FIFO (named pipe)", "a socket", "a device"; "" for a regular file.
    English msgids: ``_(file_kind(mode))`` where the message around them is translated."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return N_("a folder")
    if stat.S_ISFIFO(mode):
        return N_("a FIFO (named pipe)")
    return N_("a socket") if stat.S_ISSOCK(mode) else N_("a device")
