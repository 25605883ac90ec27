"""What a learner does, typed into the real ``quizapp`` command in a pty, and what they see.

Each journey starts the console script of this venv (``quizapp --data-dir DIR``) in a
``pty_driver.Terminal`` and recognises screens by text taken from the catalog: Home by its first
and last bank titles, a question by "Question N of" with the start of its prompt (and of every
option), a flashcard's answer by its first line, feedback by the start of the explanation, the
last part of the feedback laid out. Where the numbers of a numeric variant are shown, the stop
screen is checked afterwards against the variant the app really drew (its seed is in the review
log), so a clock can never stop before the question is there to read.

The bare Textual app (``bare_app.py``) walks the same path with the same keys, for the rows'
baselines; ``BareReview`` and ``bare_start`` drive it.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.bare_app import FEEDBACK_TEXT, HOME_TEXT, QUESTION_TEXT
from benchmarks.learner import kind_of
from benchmarks.pty_driver import Chunk, Condition, Terminal, both, shows, squeeze
from quizapp.banks.frozen import (
    ChoiceRecord,
    FlashcardRecord,
    MultiRecord,
    NumericRecord,
    QuestionRecord,
    SpotTheMistakeRecord,
)
from quizapp.core.catalog import Catalog
from quizapp.paths import database_path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
QUIZAPP = BIN / "quizapp"  # the console script pip installed, as a learner starts it
BARE = (sys.executable, str(HERE / "bare_app.py"))
COLS, ROWS = 120, 40
NEEDLE = 40  # characters of a text's first line that identify it on screen
QUESTION_QUIET = 0.05  # pacing only: how long a question screen must stay put before typing
FEEDBACK_QUIET = 0.12  # a feedback frame later than this after the last would be missed
ENTER, SPACE, ESCAPE = "\r", " ", "\x1b"


# -- needles -----------------------------------------------------------------------------------
def first_line(text: str, limit: int = NEEDLE) -> str:
    """The start of ``text``'s first non-empty line, cut at a word boundary within ``limit``."""
    line = next((squeeze(part) for part in text.splitlines() if squeeze(part)), "")
    if len(line) <= limit:
        return line
    cut = line[:limit]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def plain(catalog: Catalog, text: str) -> str:
    """Bank text as the screen shows it: Markdown's markers gone (the catalog's own reading)."""
    parsed = catalog.paragraphs(text)
    return parsed[0] if parsed is not None else re.sub(r"[*_`]", "", text)


def home_shown(catalog: Catalog) -> Condition:
    banks = catalog.banks
    # a title as Home shows it: cut to 40 cells, so a Chinese one (2 cells a character) sooner
    return shows(*(bank.title[: 30 if bank.title.isascii() else 12] for bank in banks[:2]))


HEADINGS = {"en": "Question {position} of", "zh": "第 {position} 题，共"}  # the progress line


def question_shown(catalog: Catalog, question: QuestionRecord, position: int) -> Condition:
    """Question ``position`` laid out, in the catalog's language: heading, prompt, options."""
    heading = HEADINGS[catalog.language].format(position=position)
    needles = [heading, first_line(plain(catalog, question.prompt))]
    if isinstance(question, ChoiceRecord | MultiRecord | SpotTheMistakeRecord):
        needles += [first_line(option.text, 30) for option in question.options]
    return shows(*needles)


def answer_shown(catalog: Catalog, question: FlashcardRecord) -> Condition:
    return shows(first_line(plain(catalog, question.answer)))


VERDICTS = ("✓ Right", "✗ Not quite", "✓ Self-rated flashcard")  # the feedback's first line


def feedback_shown(catalog: Catalog, question: QuestionRecord, position: int) -> Condition:
    """The feedback in place of question ``position``: its verdict line and its explanation
    (the heading "Question N of ..." stays on screen above the feedback)."""
    explanation = first_line(plain(catalog, question.explanation or ""))
    verdicts = [shows(verdict) for verdict in VERDICTS]
    return both(shows(explanation), lambda lines: any(v(lines) for v in verdicts))


_COUNT_WORDS = {"two": 2, "three": 3, "four": 4}


def numbers_asked(lines: list[str]) -> int:
    """How many numbers the answer line asks for ("a vector of 3 numbers", "two numbers")."""
    form = " ".join(line for line in lines if squeeze(line).startswith("Answer:"))
    match = re.search(r"\b(\d+|two|three|four) numbers\b", form)
    if match is None:
        return 1
    word = match.group(1)
    return _COUNT_WORDS.get(word) or int(word)


def typed_answer(question: QuestionRecord, lines: list[str]) -> str:
    """A plausible answer of the right form (mostly wrong: feedback then shows its diagnosis)."""
    match question:
        case ChoiceRecord() | MultiRecord() | SpotTheMistakeRecord():
            return "a"
        case NumericRecord():
            return " ".join(["1"] * numbers_asked(lines))
        case _:
            return "the gates"


# -- the variant really drawn --------------------------------------------------------------------
def last_variant_seed(data_dir: Path) -> int | None:
    with closing(sqlite3.connect(database_path(data_dir))) as connection:
        row = connection.execute("SELECT variant_seed FROM reviews ORDER BY id DESC").fetchone()
    return None if row is None else row[0]


def variant_line(question: NumericRecord, seed: int) -> str:
    """A line of the drawn variant with its numbers (in a code block if it has one)."""
    from quizapp.templates import get_template

    assert question.template is not None
    prompt = get_template(question.template).draw(seed, dict(question.params)).prompt
    lines: list[str] = []
    fenced: list[str] = []
    in_fence = False
    for line in prompt.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        elif re.search(r"\d", line):
            (fenced if in_fence else lines).append(line)
    chosen = (fenced or lines or [prompt])[0]
    return first_line(chosen)


# -- start-up ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StartUp:
    """One start: spawn to Home shown, 'r' to the first question laid out, peak RSS then."""

    home_s: float
    question_s: float
    rss_kib: int
    screen: list[str]  # the screen when the clock stopped
    stopped_at: float  # the arrival of the chunk that completed the first question
    chunks: tuple[Chunk, ...]  # everything the program wrote, with arrival times

    @property
    def total_s(self) -> float:
        """Start-up to the first question, less the driver's own reaction between the two."""
        return self.home_s + self.question_s


def quizapp_start(data_dir: Path, catalog: Catalog, first: QuestionRecord) -> StartUp:
    """Start ``quizapp`` on ``data_dir`` in the catalog's language (``--lang``) and open
    today's review, whose first question is ``first``; a numeric variant's numbers are checked
    on the stop screen afterwards."""
    command = [str(QUIZAPP), "--data-dir", str(data_dir), "--lang", catalog.language]
    with Terminal(command, cols=COLS, rows=ROWS) as term:
        home = term.wait_for(home_shown(catalog), what="Home") - term.started
        key = term.press("r")
        shown = question_shown(catalog, first, 1)
        question = term.settle(shown, QUESTION_QUIET, what=f"the first question ({first.id})")
        rss, screen = term.peak_rss_kib(), term.lines
        if isinstance(first, NumericRecord) and first.template:
            # Answer it, so the review log holds the seed of the variant that was on screen.
            term.press(typed_answer(first, screen) + ENTER)
            term.settle(feedback_shown(catalog, first, 1), FEEDBACK_QUIET, what="feedback")
    result = StartUp(home, question - key, rss, screen, question, tuple(term.chunks))
    if isinstance(first, NumericRecord) and first.template:
        seed = last_variant_seed(data_dir)
        needle = variant_line(first, seed) if seed is not None else "(no seed logged)"
        if not shows(needle)(result.screen):
            raise AssertionError(
                f"the clock stopped before {first.id}'s numbers ({needle!r}) were on screen:\n"
                + "\n".join(result.screen)
            )
    return result


def bare_start() -> StartUp:
    with Terminal(BARE, cols=COLS, rows=ROWS) as term:
        home = term.wait_for(shows(HOME_TEXT), what="bare home") - term.started
        key = term.press("r")
        shown = shows(QUESTION_TEXT.format(n=1))
        question = term.settle(shown, QUESTION_QUIET, what="bare question")
        rss = term.peak_rss_kib()
    return StartUp(home, question - key, rss, term.lines, question, tuple(term.chunks))


# -- answering -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Answer:
    question_id: str
    kind: str
    feedback_s: float  # the answering key to the feedback laid out
    next_s: float  # Enter on the feedback to the next question laid out (0 for the last)


@dataclass
class Review:
    """Answers so far, and the peak RSS (KiB) after given numbers of answers."""

    answers: list[Answer] = field(default_factory=list)
    rss_after: dict[int, int] = field(default_factory=dict)


def _typed(term: Terminal, keys: str) -> None:
    """Type ``keys`` and wait until the screen shows them (the echo settled)."""
    before = term.changed_at
    term.press(keys)
    term.settle(lambda lines: term.changed_at != before, 0.03, what=f"the echo of {keys!r}")


def answer(
    term: Terminal, catalog: Catalog, question: QuestionRecord, position: int
) -> tuple[float, float]:
    """Answer the question on screen: the answering key's time and the feedback's (laid out).

    A flashcard is revealed (Space, its answer waited for) and rated Good with 3, the key
    timed; anything else gets a typed answer, its echo waited for, and Enter is timed.
    """
    if isinstance(question, FlashcardRecord):
        term.press(SPACE)
        term.settle(answer_shown(catalog, question), 0.03, what=f"{question.id}'s answer")
        final = "3"
    else:
        _typed(term, typed_answer(question, term.lines))
        final = ENTER
    key = term.press(final)
    feedback = term.settle(
        feedback_shown(catalog, question, position),
        FEEDBACK_QUIET,
        what=f"feedback on {question.id}",
    )
    return key, feedback


class QuizappReview:
    """Today's review in a running ``quizapp``, answered question by question (``step``)."""

    def __init__(
        self, data_dir: Path, catalog: Catalog, queue: list[str], rss_at: tuple[int, ...] = ()
    ) -> None:
        self.catalog = catalog
        self.queue = queue
        self.rss_at = set(rss_at)
        self.review = Review()
        self.term = Terminal([str(QUIZAPP), "--data-dir", str(data_dir)], cols=COLS, rows=ROWS)
        self.term.wait_for(home_shown(catalog), what="Home")
        self.term.press("r")
        self._next_key: float | None = None

    @property
    def done(self) -> bool:
        return len(self.review.answers) >= len(self.queue)

    def step(self, count: int) -> None:
        for _ in range(count):
            if self.done:
                return
            self._answer_one()

    def _answer_one(self) -> None:
        term, catalog = self.term, self.catalog
        position = len(self.review.answers) + 1
        question = catalog.questions[self.queue[position - 1]]
        shown = term.settle(
            question_shown(catalog, question, position),
            QUESTION_QUIET,
            what=f"question {position} ({question.id})",
        )
        if self._next_key is not None:
            previous = self.review.answers[-1]
            self.review.answers[-1] = Answer(
                previous.question_id, previous.kind, previous.feedback_s, shown - self._next_key
            )
        key, feedback = answer(term, catalog, question, position)
        self.review.answers.append(Answer(question.id, kind_of(question), feedback - key, 0.0))
        if position in self.rss_at:
            self.review.rss_after[position] = term.peak_rss_kib()
        self._next_key = term.press(ENTER)

    def close(self) -> int:
        return self.term.close()


class BareReview:
    """The bare app's question and feedback screens, pushed and popped as ``quizapp``'s are."""

    def __init__(self, rss_at: tuple[int, ...] = ()) -> None:
        self.rss_at = set(rss_at)
        self.review = Review()
        self.term = Terminal(BARE, cols=COLS, rows=ROWS)
        self.term.wait_for(shows(HOME_TEXT), what="bare home")
        self.term.press("r")

    def step(self, count: int) -> None:
        term = self.term
        for _ in range(count):
            n = len(self.review.answers) + 1
            term.settle(shows(QUESTION_TEXT.format(n=n)), QUESTION_QUIET, what=f"bare {n}")
            _typed(term, "a")
            key = term.press(ENTER)
            shown = shows(FEEDBACK_TEXT.format(n=n))
            feedback = term.settle(shown, FEEDBACK_QUIET, what=f"bare feedback {n}")
            self.review.answers.append(Answer(f"bare-{n}", "bare", feedback - key, 0.0))
            if n in self.rss_at:
                self.review.rss_after[n] = term.peak_rss_kib()
            term.press(ENTER)

    def close(self) -> int:
        return self.term.close()


# -- the gradient lab ----------------------------------------------------------------------------
LAB_READY = "×rate/step"  # the status line once a computation is shown ("computing…" before)
LAB_TITLE = "‖dh_T/dh_k‖, log scale"


@dataclass(frozen=True)
class KnobStep:
    knob: str
    value: str  # the value the knob moved to, as the lab shows it
    redrawn_s: float  # the key to the redrawn plot (the frame that completes it)


def knob_line(label: str, value: str) -> str:
    """The selected knob's line as the lab draws it: '▸ radius ρ    ◂ 1.05 ▸'."""
    return f"▸ {label:<12}◂ {value} ▸"


def lab_walk(data_dir: Path, catalog: Catalog, rounds: int = 1) -> list[KnobStep]:
    """Open the lab from Home (g) and move every knob one step right and back, ``rounds`` times,
    timing each key to the plot redrawn for the new value (status ready, screen still)."""
    from quizapp.tools.lab_settings import KNOBS, LabSettings

    settings = LabSettings()
    steps: list[KnobStep] = []
    with Terminal([str(QUIZAPP), "--data-dir", str(data_dir)], cols=COLS, rows=ROWS) as term:
        term.wait_for(home_shown(catalog), what="Home")
        term.press("g")
        first = KNOBS[0]
        ready = shows(LAB_TITLE, LAB_READY, knob_line(first.label, first.shown(settings)))
        term.settle(ready, FEEDBACK_QUIET, what="the lab's first plot")
        for _ in range(rounds):
            for index, knob in enumerate(KNOBS):
                if index:
                    term.press("\x1b[B")  # Down: the next knob
                    line = knob_line(knob.label, knob.shown(settings))
                    term.settle(shows(line), QUESTION_QUIET, what=f"knob {knob.name}")
                for key, direction in (("\x1b[C", 1), ("\x1b[D", -1)):  # Right, then Left
                    moved = knob.step(settings, direction)
                    if moved == settings:
                        continue  # at the end of its ladder: nothing to redraw
                    settings = moved
                    at = term.press(key)
                    value = knob.shown(settings)
                    done = term.settle(
                        shows(LAB_TITLE, LAB_READY, knob_line(knob.label, value)),
                        FEEDBACK_QUIET,
                        what=f"the plot for {knob.name} = {value}",
                    )
                    steps.append(KnobStep(knob.name, value, done - at))
            for _ in KNOBS[1:]:
                term.press("\x1b[A")  # Up, back to the first knob
            term.settle(shows(knob_line(first.label, first.shown(settings))), QUESTION_QUIET)
    return steps
