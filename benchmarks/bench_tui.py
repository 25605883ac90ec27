"""TUI rows: start-up to the first question, keypress to feedback, and peak memory.

Start-up and memory run each app in a fresh subprocess (headless, built-in banks, a data
directory holding 100,000 review rows) beside a bare Textual app that shows one Static, and
report the ratios. Keypress to feedback is measured in-process over many answers (median).
"""

from __future__ import annotations

import compileall
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import ClassVar

from benchmarks.common import Row

ROOT = Path(__file__).resolve().parent.parent

# Both children run headless with an auto-pilot, which Textual starts the moment the app is
# ready. Ours posts the 'r' key event then, as a terminal delivers a key typed during start-up;
# run_test() would first wait for every widget to go idle, which is test-harness time. Both
# stop the clock at the end of the first frame that shows what matters laid out: the
# question's prompt with all its parts for us, the one Static for the bare app. "Laid out" is
# checked after each compositor refresh: the first refresh after a screen mounts can come
# before widgets that mount their own children (Textual's Markdown) have any height, and
# counting it would stop the clock before the learner can read anything. Pilot's press() and
# pause() are not used: they add ~100 ms of their own settling.
SHOWN = """
def _laid_out(widget):
    \"\"\"The widget and every part of it shown has a size on screen.\"\"\"
    parts = [widget, *(w for w in widget.query("*") if w.display)]
    return all(part.region.height > 0 for part in parts if not part.children)

def stop_when_shown(screen_type, selector, waiting, announce=False):
    \"\"\"Set the last event in ``waiting`` after the first frame that shows ``selector``
    laid out on a ``screen_type`` (and print "shown" then, for a parent's clock); returns a
    function that takes the hook out again.\"\"\"
    from textual.screen import Screen  # imported here: our app imports Textual in prepare()

    refresh = Screen._compositor_refresh  # private: the one place every frame passes through

    def checked(screen):
        refresh(screen)
        if waiting and not waiting[-1].is_set() and isinstance(screen, screen_type):
            if _laid_out(screen.query_one(selector)):
                waiting[-1].set()
                if announce:
                    print("shown", flush=True)

    Screen._compositor_refresh = checked
    return lambda: setattr(Screen, "_compositor_refresh", refresh)
"""

PEAK = """
def _peak_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

OURS = textwrap.dedent(
    """
    import asyncio, sys
    from pathlib import Path
    from quizapp.launch import prepare

    app = prepare(Path(sys.argv[1]), seed=0)  # as the quizapp command starts it

    from textual import events
    from quizapp.tui.screens.question import QuestionScreen

    shown = asyncio.Event()
    stop_when_shown(QuestionScreen, "#prompt", [shown], announce=True)

    async def press_r(pilot):  # runs the moment the app is ready, as typed-ahead keys do
        app.post_message(events.Key("r", "r"))
        await asyncio.wait_for(shown.wait(), 30)
        print("first:", app.screen.session.current.question.id, flush=True)
        app.exit()

    asyncio.run(app.run_async(headless=True, size=(100, 30), auto_pilot=press_r))
    app.context.close()
    print(PEAK_RSS)
    """
)

BARE = textwrap.dedent(
    """
    import asyncio
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Static

    shown = asyncio.Event()

    class Bare(App):
        def compose(self):
            yield Static("hello", id="hello")

    stop_when_shown(Screen, "#hello", [shown], announce=True)

    async def wait(pilot):
        await asyncio.wait_for(shown.wait(), 30)
        pilot.app.exit()

    asyncio.run(Bare().run_async(headless=True, size=(100, 30), auto_pilot=wait))
    print(PEAK_RSS)
    """
)


def _run(script: str, *args: str) -> tuple[float, int, list[str]]:
    """Seconds from spawn to the 'shown' line, the child's peak RSS in KiB, and its output."""
    script = SHOWN + script.replace("print(PEAK_RSS)", PEAK + "print(_peak_kib())")
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
    return shown_at, int(lines[-1]), lines


def _in_process(name: str):
    namespace: dict[str, object] = {}
    exec(SHOWN, namespace)  # the same check the start-up children run
    return namespace[name]


def _keypress_to_feedback(data_dir: Path, answers: int = 25) -> list[float]:
    """Seconds from the answering key event to the frame that shows the feedback's explanation."""
    import asyncio

    from textual import events

    from quizapp.core.context import open_context
    from quizapp.tui.factory import build_app
    from quizapp.tui.screens.feedback import FeedbackScreen
    from quizapp.tui.screens.question import QuestionScreen

    rendered: list[asyncio.Event] = []

    async def main() -> list[float]:
        context = open_context(data_dir, seed=1)
        app = build_app(context)
        timings = []
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("r")
            while len(timings) < answers and isinstance(app.screen, QuestionScreen):
                current = app.screen.session.current
                if current.kind == "flashcard":
                    await pilot.press("space")
                    key, character = "3", "3"
                else:
                    await pilot.press("a" if current.options else "1")
                    key, character = "enter", "\r"
                rendered.append(asyncio.Event())
                start = time.perf_counter()
                app.post_message(events.Key(key, character))
                try:
                    await asyncio.wait_for(rendered[-1].wait(), 5)
                except TimeoutError:  # an unreadable answer: clear it and move on
                    app.screen.show_next(app.screen.session.next_question())
                    continue
                timings.append(time.perf_counter() - start)
                await pilot.press("enter")
        context.close()
        return timings

    unhook = _in_process("stop_when_shown")(FeedbackScreen, "#explanation", rendered)
    try:
        return asyncio.run(main())
    finally:
        unhook()


def _bare_keypress(pushes: int = 25) -> list[float]:
    """The same measurement for a bare app that pushes a screen holding one Static."""
    import asyncio

    from textual import events
    from textual.app import App, ComposeResult
    from textual.screen import Screen
    from textual.widgets import Static

    rendered: list[asyncio.Event] = []

    class Pushed(Screen[None]):
        BINDINGS: ClassVar = [("enter", "dismiss", "")]

        def compose(self) -> ComposeResult:
            yield Static("feedback", id="feedback")

    class Bare(App[None]):
        BINDINGS: ClassVar = [("enter", "open", "")]

        def compose(self) -> ComposeResult:
            yield Static("question")

        def action_open(self) -> None:
            self.push_screen(Pushed())

    async def main() -> list[float]:
        app = Bare()
        timings = []
        async with app.run_test(size=(100, 30)) as pilot:
            for _ in range(pushes):
                rendered.append(asyncio.Event())
                start = time.perf_counter()
                app.post_message(events.Key("enter", "\r"))
                await asyncio.wait_for(rendered[-1].wait(), 5)
                timings.append(time.perf_counter() - start)
                await pilot.press("enter")
        return timings

    unhook = _in_process("stop_when_shown")(Pushed, "#feedback", rendered)
    try:
        return asyncio.run(main())
    finally:
        unhook()


def rows() -> list[Row]:
    from benchmarks.bench_store import populate

    # Byte-compile as `pip install` does: in a checkout run with PYTHONDONTWRITEBYTECODE
    # (as here) every start would otherwise compile quizapp from source, which an installed
    # app never does, while Textual in site-packages is compiled.
    compileall.compile_dir(ROOT / "quizapp", quiet=1)
    compileall.compile_dir(ROOT / "engine", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        populate(data_dir, questions=5_000, reviews=100_000).close()
        _run(OURS, str(data_dir))  # builds the catalog cache, as the first start after install
        ours_runs, bare_runs = [], []
        for _ in range(5):  # interleaved; the best of each is compared (a noisy machine)
            ours_runs.append(_run(OURS, str(data_dir)))
            bare_runs.append(_run(BARE))
        key_times = _keypress_to_feedback(Path(tmp) / "keys")
        bare_key_times = _bare_keypress()
    ours_start = min(t for t, _, _ in ours_runs)
    bare_start = min(t for t, _, _ in bare_runs)
    ours_rss = min(r for _, r, _ in ours_runs)
    bare_rss = min(r for _, r, _ in bare_runs)
    first = next(line for line in ours_runs[0][2] if line.startswith("first:"))
    median_ms = statistics.median(key_times) * 1e3
    bare_ms = statistics.median(bare_key_times) * 1e3
    return [
        Row(
            "tui: start to first question (100k reviews)",
            ours_start,
            bare_start,
            "bare Textual app showing one Static",
            target=1.5,
            notes=f"until the prompt is laid out; the first question was {first.split()[-1]}",
        ),
        Row(
            "tui: keypress to feedback rendered (median)",
            median_ms / 1e3,
            None,
            "",
            target=50,
            value=median_ms,
            unit="ms",
            notes=(
                f"{len(key_times)} answers, until the explanation is laid out; "
                f"a bare app pushing one Static: {bare_ms:.0f} ms"
            ),
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
