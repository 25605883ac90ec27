"""The verdict on one check, as typed values the CLI and the TUI both render.

A ``Verdict`` holds one ``Outcome``: ``Passed`` or the first thing that went wrong, each kind
its own dataclass carrying what its message needs (the failing case's inputs, expected and
returned values side by side, the first diverging intermediate, the named wrong method, the
learner's own trimmed traceback, the limit that was hit). ``kind`` is a stable identifier for
storage and statistics; ``drill_id``, ``code_sha256``, ``kind`` and ``seconds`` are what an
attempt record needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from quizapp.drills.model import LearnerError


@dataclass(frozen=True)
class Shown:
    """A named value in a verdict: an input, or an output as expected or as returned."""

    name: str
    value: Any


@dataclass(frozen=True)
class FailedCase:
    """The case that failed: its number (1-based), what it probes and its inputs."""

    number: int
    total: int
    label: str
    inputs: tuple[Shown, ...]


@dataclass(frozen=True)
class OutputCheck:
    """One output (or intermediate) compared: ``detail`` says where and how it differs;
    ``shape``: it is a shape or type problem, not a difference of numbers."""

    name: str
    expected: Any
    returned: Any
    ok: bool
    detail: str = ""
    shape: bool = False


@dataclass(frozen=True)
class MistakeMatch:
    """A known wrong method the returned value (or the error) matches.

    ``outputs``: which outputs it explains; ``complete``: every output equals that method's.
    """

    id: str
    name: str
    explanation: str
    convention: bool
    outputs: tuple[str, ...] = ()
    complete: bool = True


@dataclass(frozen=True)
class Passed:
    kind: ClassVar[str] = "passed"


@dataclass(frozen=True)
class WrongAnswer:
    kind: ClassVar[str] = "wrong-answer"
    case: FailedCase
    outputs: tuple[OutputCheck, ...]
    divergence: OutputCheck | None = None
    mistake: MistakeMatch | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class WrongShape:
    """Returned the wrong structure: a shape, a count of values, a type, a missing key."""

    kind: ClassVar[str] = "wrong-shape"
    case: FailedCase
    problem: str
    expected: tuple[Shown, ...]
    returned: Any
    mistake: MistakeMatch | None = None


@dataclass(frozen=True)
class NotWritten:
    kind: ClassVar[str] = "not-written"
    function: str
    message: str


@dataclass(frozen=True)
class SyntaxProblem:
    kind: ClassVar[str] = "syntax-error"
    message: str
    line: int | None
    column: int | None
    text: str
    error_type: str = "SyntaxError"


@dataclass(frozen=True)
class MissingFunction:
    kind: ClassVar[str] = "missing-function"
    function: str
    found: tuple[str, ...]
    suggestion: str | None = None
    not_callable: bool = False


@dataclass(frozen=True)
class BadSignature:
    """``expected``: the call the drill makes, name(args...); ``found``: the learner's
    parameters in the same form."""

    kind: ClassVar[str] = "bad-signature"
    expected: str
    found: str
    message: str


@dataclass(frozen=True)
class RaisedError:
    """The learner's code raised; ``case`` is None when it raised while the file loaded."""

    kind: ClassVar[str] = "exception"
    case: FailedCase | None
    error: LearnerError
    mistake: MistakeMatch | None = None


@dataclass(frozen=True)
class OutOfTime:
    kind: ClassVar[str] = "timeout"
    case: FailedCase | None
    limit: Literal["cpu", "wall"]
    seconds: float


@dataclass(frozen=True)
class OutOfMemory:
    kind: ClassVar[str] = "memory"
    case: FailedCase | None
    limit_bytes: int
    error: LearnerError | None = None


@dataclass(frozen=True)
class ExitedEarly:
    """The process ended before the check did: ``sys.exit`` (raised) or ``os._exit``."""

    kind: ClassVar[str] = "exited"
    case: FailedCase | None
    code: str
    how: Literal["sys.exit", "os._exit"]


@dataclass(frozen=True)
class OutputFlood:
    """Printed more than the cap. (A file past its size cap is the learner's own OSError:
    Python ignores SIGXFSZ, so the write fails with EFBIG instead.)"""

    kind: ClassVar[str] = "output-flood"
    case: FailedCase | None
    limit_bytes: int


@dataclass(frozen=True)
class Crashed:
    """The process died of a signal nobody sent on purpose, or the harness itself failed."""

    kind: ClassVar[str] = "crashed"
    case: FailedCase | None
    detail: str


Outcome = (
    Passed
    | WrongAnswer
    | WrongShape
    | NotWritten
    | SyntaxProblem
    | MissingFunction
    | BadSignature
    | RaisedError
    | OutOfTime
    | OutOfMemory
    | ExitedEarly
    | OutputFlood
    | Crashed
)


@dataclass(frozen=True)
class Verdict:
    drill_id: str
    outcome: Outcome
    cases_passed: int
    cases_total: int
    seconds: float
    code_sha256: str
    output: str = ""
    output_bytes: int = 0

    @property
    def passed(self) -> bool:
        return isinstance(self.outcome, Passed)

    @property
    def kind(self) -> str:
        return self.outcome.kind
