"""The child process that runs a learner's file: ``python -I harness.py SCRATCH_DIR``.

It imports only the standard library and NumPy, so it starts as fast as ``import numpy``.
The parent writes ``cases.json`` (the function name, the limits and every case's arguments)
and the learner's file into the scratch directory; this script sets its own resource limits,
compiles and runs the file, calls the function on each case in order and appends one JSON
line per event to ``events.jsonl``, so the parent knows which case was running if the
process is killed. Everything crosses as JSON: never pickle. The learner's prints go to
stdout, which the parent caps; this script's own protocol never uses it.

The parent imports ``encode`` and ``decode`` from here too: one codec for both sides.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import linecache
import os
import sys
import traceback
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAX_ELEMENTS = 100_000  # larger returned arrays cross as their shape only
MAX_ITEMS = 1_000  # longer returned lists cross truncated
MAX_TEXT = 2_000
MODULE_NAME = "solution"
# Exceptions the verdict treats on their own (NumPy raises subclasses: _ArrayMemoryError...).
CATEGORIES = (
    NotImplementedError,
    MemoryError,
    SystemExit,
    FloatingPointError,
    OverflowError,
    ZeroDivisionError,
)


@dataclass(frozen=True)
class Opaque:
    """A returned value that cannot cross as data: an object, text, an array too big to send.

    ``form`` names the values the parent describes in its own words (and language, see
    ``quizapp.drills.compare.describe_value``): "large-array", "array-of" (a dtype that is no
    number), "tuple" or "list" (longer than ``MAX_ITEMS``, of ``count`` items); with no form,
    ``description`` is the value's own repr or type name, shown as it is.
    """

    description: str
    shape: tuple[int, ...] | None = None
    dtype: str | None = None
    form: str | None = None
    count: int | None = None


def encode(value: Any) -> dict[str, Any]:
    """A JSON-ready description of a value; arrays keep their dtype and shape."""
    if value is None:
        return {"none": True}
    if isinstance(value, bool | int | float) and not isinstance(value, np.generic):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 2**63:
            return {"other": "int", "repr": _clip(repr(value), 200)}
        return {"scalar": value}
    if isinstance(value, str):
        return {"text": _clip(value, MAX_TEXT)}
    if isinstance(value, np.ndarray | np.generic):
        return _encode_array(np.asarray(value))
    if isinstance(value, tuple | list):
        items = [encode(v) for v in value[:MAX_ITEMS]]
        return {"seq": items, "tuple": isinstance(value, tuple), "length": len(value)}
    if isinstance(value, dict):
        return {"map": {str(k): encode(v) for k, v in list(value.items())[:MAX_ITEMS]}}
    return {"other": type(value).__name__, "repr": _clip(_safe_repr(value), 200)}


def _encode_array(array: np.ndarray) -> dict[str, Any]:
    if array.dtype.kind not in "biuf":
        return {
            "other": f"array of {array.dtype}",
            "shape": list(array.shape),
            "dtype_of": str(array.dtype),
        }
    if array.size > MAX_ELEMENTS:
        return {"array": None, "shape": list(array.shape), "dtype": array.dtype.name}
    return {"array": array.tolist(), "shape": list(array.shape), "dtype": array.dtype.name}


def decode(data: dict[str, Any]) -> Any:
    """The inverse of ``encode``; what cannot come back as data becomes an ``Opaque``."""
    if "none" in data:
        return None
    if "scalar" in data:
        return data["scalar"]
    if "text" in data:
        return data["text"]
    if "array" in data:
        shape = tuple(data["shape"])
        if data["array"] is None:
            return Opaque("an array too large to compare", shape, data["dtype"], form="large-array")
        return np.array(data["array"], dtype=data["dtype"]).reshape(shape)
    if "seq" in data:
        if data["length"] > len(data["seq"]):
            form = "tuple" if data["tuple"] else "list"
            return Opaque(f"a {form} of {data['length']} items", form=form, count=data["length"])
        items = [decode(item) for item in data["seq"]]
        return tuple(items) if data["tuple"] else items
    if "map" in data:
        return {k: decode(v) for k, v in data["map"].items()}
    dims = tuple(data["shape"]) if "shape" in data else None
    if "dtype_of" in data:
        return Opaque(data["other"], dims, data["dtype_of"], form="array-of")
    return Opaque(data.get("repr") or data["other"], dims, data.get("other"))


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _safe_repr(value: object) -> str:
    try:
        return repr(value)
    except Exception:
        return f"<{type(value).__name__}>"


# -- the child's side -------------------------------------------------------------------------
class Events:
    """events.jsonl, flushed line by line so a killed process leaves what it had done."""

    def __init__(self, path: Path) -> None:
        self._file = path.open("w", encoding="utf-8")

    def emit(self, event: str, **fields: Any) -> None:
        self._file.write(json.dumps({"event": event, **fields}) + "\n")
        self._file.flush()


def set_limits(limits: dict[str, int]) -> None:
    """CPU seconds, address space, file size; no core dumps. Never above the current hard cap."""
    try:
        import resource
    except ImportError:  # not POSIX: the parent's wall-clock timeout still holds
        return
    wanted = {
        resource.RLIMIT_CPU: (limits["cpu_s"], limits["cpu_s"] + 1),
        resource.RLIMIT_AS: (limits["memory_bytes"], limits["memory_bytes"]),
        resource.RLIMIT_FSIZE: (limits["file_bytes"], limits["file_bytes"]),
        resource.RLIMIT_CORE: (0, 0),
    }
    for which, (soft, hard) in wanted.items():
        current_hard = resource.getrlimit(which)[1]
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        with contextlib.suppress(ValueError, OSError):  # a limit this system cannot set
            resource.setrlimit(which, (soft, hard))


def describe(exc: BaseException, filename: str) -> dict[str, Any]:
    """The exception as the learner should see it: only the frames in their own file."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.StackSummary.from_list(frames).format()
    lines += traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    if len(text) > 4 * MAX_TEXT:
        text = text[: 2 * MAX_TEXT] + "\n  …\n" + text[-2 * MAX_TEXT :]
    return {
        "type": type(exc).__name__,
        "category": next((c.__name__ for c in CATEGORIES if isinstance(exc, c)), ""),
        "message": _clip(_exception_text(exc), MAX_TEXT),
        "line": frames[-1].lineno if frames else None,
        "traceback": text,
    }


def _exception_text(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:
        return ""


def _load(source: bytes, filename: str, events: Events) -> types.ModuleType | None:
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        events.emit(
            "syntax_error",
            message=exc.msg,
            line=exc.lineno,
            col=exc.offset,
            text=(exc.text or "").rstrip("\n"),
            type=type(exc).__name__,
        )
        return None
    except ValueError as exc:  # e.g. "source code string cannot contain null bytes"
        events.emit("syntax_error", message=str(exc), line=None, col=None, text="", type="")
        return None
    text = source.decode("utf-8", errors="replace")
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)
    module = types.ModuleType(MODULE_NAME)
    module.__file__ = filename
    sys.modules[MODULE_NAME] = module
    try:
        exec(code, module.__dict__)
    except BaseException as exc:  # the learner's module failed at import: say where
        events.emit("load_error", error=describe(exc, filename))
        return None
    return module


def _function(module: types.ModuleType, name: str, events: Events) -> Any:
    found = [
        key
        for key, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__ == MODULE_NAME
    ]
    function = vars(module).get(name)
    if function is None or not callable(function):
        events.emit("missing_function", found=found, present=function is not None)
        return None
    return function


def _binds(function: Any, args: list[Any], events: Events) -> bool:
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return True
    try:
        signature.bind(*args)
    except TypeError as exc:
        events.emit("signature", message=str(exc), found=_parameters(function, signature))
        return False
    return True


def _parameters(function: Any, signature: inspect.Signature) -> str:
    """name(a, b, *rest, **options): the parameters without annotations or defaults."""
    stars = {"VAR_POSITIONAL": "*", "VAR_KEYWORD": "**"}
    names = [stars.get(p.kind.name, "") + p.name for p in signature.parameters.values()]
    return f"{getattr(function, '__name__', 'function')}({', '.join(names)})"


def run(scratch: Path) -> None:
    spec = json.loads((scratch / "cases.json").read_text(encoding="utf-8"))
    set_limits(spec["limits"])
    events = Events(scratch / "events.jsonl")
    filename = spec["filename"]
    module = _load((scratch / "solution.py").read_bytes(), filename, events)
    if module is None:
        return
    function = _function(module, spec["function"], events)
    cases = spec["cases"]
    if function is None or (cases and not _binds(function, _args(cases[0]), events)):
        return
    events.emit("loaded")
    for index, case in enumerate(cases):
        events.emit("start", case=index)
        args = _args(case)  # fresh arrays per case: a function that writes into them hurts nothing
        try:
            if spec["strict_floats"]:
                with np.errstate(over="raise", divide="raise", invalid="raise"):
                    value = function(*args)
            else:
                value = function(*args)
        except BaseException as exc:  # anything the learner's code raises is a verdict
            events.emit("error", case=index, error=describe(exc, filename))
            return
        events.emit("result", case=index, value=encode(value))
    events.emit("done")


def _args(case: list[dict[str, Any]]) -> list[Any]:
    return [decode(arg) for arg in case]


def main() -> None:
    code = 0
    try:
        run(Path(sys.argv[1]))
    except BaseException as exc:  # a fault of the harness itself: report it, never a traceback
        code = 70
        with contextlib.suppress(Exception):
            Events(Path(sys.argv[1]) / "internal.jsonl").emit(
                "internal", message=f"{type(exc).__name__}: {exc}"
            )
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)  # skip interpreter teardown (and any thread the learner left running)


if __name__ == "__main__":
    main()
