"""The pty driver stops its clocks when the screen shows the text, by the text's arrival time.

Each child stamps ``time.perf_counter()`` (CLOCK_MONOTONIC, shared by every process) just
before it writes, so a test can compare the driver's answer with the moment the bytes left.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.pty_driver import PtyError, Terminal, lacks, replay, shows, squeeze


def child(script: str) -> list[str]:
    return [sys.executable, "-c", textwrap.dedent(script)]


STAMPED = """
    import sys, time
    def write(text):
        with open(sys.argv[1], "a") as stamps:  # beside the screen, not on it
            stamps.write(f"{time.perf_counter()!r}\\n")
        sys.stdout.write(text)
        sys.stdout.flush()
"""


def stamped(script: str, tmp_path: Path) -> tuple[list[str], Path]:
    path = tmp_path / "stamps"
    return [*child(STAMPED + script), str(path)], path


def stamps(path: Path) -> list[float]:
    return [float(line) for line in path.read_text().split()]


def test_wait_for_answers_the_arrival_of_the_chunk_that_showed_the_text(tmp_path: Path) -> None:
    argv, path = stamped(
        """
    time.sleep(0.2)
    write("\\x1b[5;10Hhello there")
    time.sleep(1.5)
    """,
        tmp_path,
    )
    with Terminal(argv, cols=80, rows=40) as term:
        shown = term.wait_for(shows("hello there"), timeout=10)
        (written,) = stamps(path)
        assert written <= shown < written + 0.5
        # drawn where the cursor was sent: row 5, column 10 of the emulated screen
        assert term.lines[4][9:20] == "hello there"
        before = replay(term.chunks, shown - 1e-9, 80, 40)
        assert not shows("hello there")(before)
        assert shows("hello there")(replay(term.chunks, shown, 80, 40))


def test_text_split_across_writes_counts_once_it_is_whole(tmp_path: Path) -> None:
    argv, path = stamped(
        """
    write("\\x1b[2;1Hfirst half")
    time.sleep(0.3)
    write(" and the rest")
    time.sleep(1.5)
    """,
        tmp_path,
    )
    with Terminal(argv, cols=80, rows=40) as term:
        shown = term.wait_for(shows("first half and the rest"), timeout=10)
        first, second = stamps(path)
        assert second <= shown
        assert shown - first >= 0.25


def test_settle_waits_for_the_last_frame_that_changed_a_character(tmp_path: Path) -> None:
    argv, path = stamped(
        """
    write("\\x1b[1;1Hquestion")
    time.sleep(0.06)
    write("\\x1b[3;1Hits options, drawn later")
    time.sleep(0.06)
    # style only: the same characters in reverse video (a blinking cursor does this)
    write("\\x1b[1;1H\\x1b[7mquestion\\x1b[0m")
    time.sleep(1.5)
    """,
        tmp_path,
    )
    with Terminal(argv, cols=80, rows=40) as term:
        done = term.settle(shows("question"), quiet=0.3, timeout=10)
        _, options, restyled = stamps(path)
        assert options <= done < restyled  # the restyle changed no character
        assert shows("its options, drawn later")(term.lines)


def test_settle_fails_loudly_when_the_screen_never_shows_the_text() -> None:
    with (
        Terminal(
            child("import time; print('something else', flush=True); time.sleep(1.5)")
        ) as term,
        pytest.raises(PtyError, match="something else"),
    ):
        term.settle(shows("never written"), quiet=0.05, timeout=0.5)


def test_a_program_that_exits_ends_the_wait_with_its_status() -> None:
    with (
        Terminal(child("raise SystemExit(3)")) as term,
        pytest.raises(PtyError, match="exited with 3"),
    ):
        # the exit ends the wait; the timeout only has to outlast a loaded machine's start
        term.wait_for(shows("anything"), timeout=120)


def test_an_exit_still_under_way_when_the_terminal_closes_is_waited_for() -> None:
    """The race a loaded machine runs into: the program's side of the pty closes (the reader
    sees EOF) a moment before its exit status can be collected. Here the moment is a second."""
    script = "import os, time; [os.close(fd) for fd in (0, 1, 2)]; time.sleep(1); os._exit(3)"
    with Terminal(child(script)) as term, pytest.raises(PtyError, match="exited with 3"):
        term.wait_for(shows("anything"), timeout=120)


def test_the_child_has_the_pty_as_its_terminal_and_gets_answers_to_queries() -> None:
    script = """
    import os, sys, termios, tty
    size = os.get_terminal_size()
    tty.setraw(0)
    sys.stdout.write("\\x1b[6n"); sys.stdout.flush()  # where is the cursor?
    reply = b""
    while not reply.endswith(b"R"):
        reply += os.read(0, 1)
    os.close(os.open("/dev/tty", os.O_RDWR))  # only a process with a controlling terminal can
    print(f"\\r\\n{size.columns}x{size.lines} tty={os.isatty(0)} reply={reply[1:]!r}", flush=True)
    import time; time.sleep(1.5)
    """
    with Terminal(child(script), cols=100, rows=30) as term:
        term.wait_for(shows("100x30 tty=True"), timeout=10)
        assert shows("reply=b'[1;1R'")(term.lines)


def test_keys_reach_the_program_and_peak_rss_grows_with_it() -> None:
    script = """
    import sys, tty
    tty.setraw(0)
    print("ready", flush=True)
    key = sys.stdin.read(1)
    data = bytearray(80 * 1024 * 1024)  # touched: 80 MiB resident
    print(f"got {key!r}", flush=True)
    import time; time.sleep(1.5)
    """
    with Terminal(child(script)) as term:
        term.wait_for(shows("ready"), timeout=10)
        small = term.peak_rss_kib()
        term.press("x")
        term.wait_for(shows("got 'x'"), timeout=10)
        assert term.peak_rss_kib() - small > 70 * 1024


def test_shows_compares_lines_with_whitespace_squeezed() -> None:
    lines = ["  a   question   of   interest  ", "second"]
    assert shows("a question of", "second")(lines)
    assert not shows("question second")(lines)  # never across lines
    assert lacks("third")(lines)
    assert squeeze("\tx  y \n") == "x y"


def test_a_wide_character_half_overwritten_reads_as_the_terminal_shows_it() -> None:
    """pyte's own ``display`` raises IndexError on the stub a CJK character leaves when its
    first cell is overwritten (a Chinese screen redrawn in place); the driver's does not."""
    import pyte

    from benchmarks.pty_driver import display

    screen = pyte.Screen(6, 2)
    stream = pyte.Stream(screen)
    stream.feed("中文ab\r\n门")
    assert display(screen) == list(screen.display) == ["中文ab", "门    "]
    stream.feed("\x1b[1;1Hx")  # row 1, column 1: x over the first half of 中
    with pytest.raises(IndexError):
        list(screen.display)
    assert display(screen) == ["x 文ab", "门    "]
