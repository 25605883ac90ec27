"""TUI rows: start-up to the first question, keypress to feedback, and peak memory.

Start-up and memory run each app in a fresh subprocess (headless, built-in banks, a data
directory holding 100,000 review rows) beside a bare Textual app that shows one Static, and
report the ratios. Keypress to feedback is measured in-process over many answers (median).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent

OURS = textwrap.dedent(
    """
    import asyncio, resource, sys
    from pathlib import Path
    from quizapp.core.context import open_context
    from quizapp.tui.factory import build_app
    from quizapp.tui.screens.question import QuestionScreen

    async def main():
        context = open_context(Path(sys.argv[1]), seed=0)
        app = build_app(context)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("r")
            await pilot.pause()
            assert isinstance(app.screen, QuestionScreen)
            print("shown", flush=True)
        context.close()
    asyncio.run(main())
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)

BARE = textwrap.dedent(
    """
    import asyncio, resource
    from textual.app import App
    from textual.widgets import Static

    class Bare(App):
        def compose(self):
            yield Static("hello")

    async def main():
        app = Bare()
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            print("shown", flush=True)
    asyncio.run(main())
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    """
)


def _run(script: str, *args: str) -> tuple[float, int]:
    """Seconds from spawn to the 'shown' line, and the child's peak RSS in KiB."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    shown_at = None
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if line.startswith("shown") and shown_at is None:
            shown_at = time.perf_counter() - start
    proc.wait()
    if proc.returncode != 0 or shown_at is None:
        raise RuntimeError(f"benchmark child failed: {lines}")
    return shown_at, int(lines[-1])


def _keypress_to_feedback(data_dir: Path, answers: int = 25) -> list[float]:
    import asyncio

    from quizapp.core.context import open_context
    from quizapp.tui.factory import build_app
    from quizapp.tui.screens.feedback import FeedbackScreen
    from quizapp.tui.screens.question import QuestionScreen

    async def main() -> list[float]:
        context = open_context(data_dir, seed=1)
        app = build_app(context)
        timings = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("r")
            await pilot.pause()
            while len(timings) < answers and isinstance(app.screen, QuestionScreen):
                current = app.screen.session.current
                if current.kind == "flashcard":
                    await pilot.press("space")
                    keys = ["3"]
                else:
                    keys = ["a", "enter"] if current.options else ["1", "enter"]
                    await pilot.press(*keys[:-1])
                    keys = keys[-1:]
                start = time.perf_counter()
                await pilot.press(*keys)
                await pilot.pause()
                if isinstance(app.screen, FeedbackScreen):
                    timings.append(time.perf_counter() - start)
                    await pilot.press("enter")
                    await pilot.pause()
                else:  # an unreadable answer: clear and move on
                    app.screen.show_next(app.screen.session.next_question())
        context.close()
        return timings

    return asyncio.run(main())


def rows() -> list[Row]:
    from benchmarks.bench_store import populate

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        populate(data_dir, questions=5_000, reviews=100_000).close()
        ours_runs, bare_runs = [], []
        for _ in range(3):
            ours_runs.append(_run(OURS, str(data_dir)))
            bare_runs.append(_run(BARE))
        key_times = _keypress_to_feedback(Path(tmp) / "keys")
    ours_start = min(t for t, _ in ours_runs)
    bare_start = min(t for t, _ in bare_runs)
    ours_rss = min(r for _, r in ours_runs)
    bare_rss = min(r for _, r in bare_runs)
    median_ms = statistics.median(key_times) * 1e3
    return [
        Row(
            "tui: start to first question (100k reviews)",
            ours_start,
            bare_start,
            "bare Textual app showing one Static",
            target=1.5,
        ),
        Row(
            "tui: keypress to feedback rendered (median)",
            median_ms / 1e3,
            None,
            "",
            target=50,
            value=median_ms,
            unit="ms",
            notes=f"{len(key_times)} answers",
        ),
        Row(
            "tui: peak RSS vs bare app",
            None,
            None,
            "bare Textual app",
            target=1.5,
            value=ours_rss / bare_rss,
            unit="x",
            notes=f"{ours_rss / 1024:.0f} MiB vs {bare_rss / 1024:.0f} MiB",
        ),
    ]
