"""Compare what the learner's function returned with the engine, output by output.

The returned value is first unpacked by the drill's ``Returns`` (one value, a tuple, a dict,
plus an optional dict of intermediates); a structural problem (a count, a type, a key, a
shape) is reported before any number is. Numbers are compared element-wise within the
drill's tolerance; a failing output's detail names the first differing element, in the
current language (the check runs where the verdict is shown). A failing case is then matched
against the drill's named wrong methods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from quizapp.drills.harness import Opaque
from quizapp.drills.model import Case, Drill, Output, Returns, Tolerance, Value
from quizapp.drills.verdict import MistakeMatch, OutputCheck
from quizapp.i18n import N_, _, ngettext


@dataclass(frozen=True)
class Unpacked:
    outputs: dict[str, Any]
    intermediates: dict[str, Any] | None


def describe_value(value: Any) -> str:
    """A short phrase for a value's structure: 'an array (2, 3)', 'a tuple of 2 values'."""
    if isinstance(value, Opaque):
        return describe_opaque(value)
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _("a number (0-d array)")
        return _("an array {shape}").format(shape=value.shape)
    if isinstance(value, bool):
        return _("the boolean {value}").format(value=value)
    if isinstance(value, int | float):
        return _("the number {value}").format(value=repr(value))
    if isinstance(value, str):
        return _("text")
    if value is None:
        return "None"
    if isinstance(value, tuple | list):
        return _sequence(isinstance(value, tuple), len(value))
    if isinstance(value, dict):
        return _("a dict with keys {keys}").format(keys=_listed(value) or _("(none)"))
    return type(value).__name__


def describe_opaque(value: Opaque) -> str:
    """What came back as no data, in the current language; a repr is shown as it is."""
    shape = f" {value.shape}" if value.shape is not None else ""
    if value.form == "large-array":
        return _("an array too large to compare") + shape
    if value.form == "array-of":
        return _("an array of {dtype}").format(dtype=value.dtype) + shape
    if value.form in ("tuple", "list") and value.count is not None:
        return _sequence(value.form == "tuple", value.count)
    return f"{value.description}{shape}"


def _sequence(is_tuple: bool, count: int) -> str:
    """'a tuple of 2 values' / 'a list of 1001 values'."""
    if is_tuple:
        return ngettext("a tuple of {count} value", "a tuple of {count} values", count).format(
            count=count
        )
    return ngettext("a list of {count} value", "a list of {count} values", count).format(
        count=count
    )


def _listed(keys: Any) -> str:
    """Keys as code: 'h', 'c'."""
    return ", ".join(map(repr, keys))


def expected_form(returns: Returns) -> str:
    names = ", ".join(returns.names)
    if returns.form == "value":
        return _(ONE_OF_KIND[returns.outputs[0].kind])
    if returns.form == "tuple":
        return _("a tuple of {count} ({names})").format(count=len(returns.outputs), names=names)
    return _("a dict with keys {keys}").format(keys=names)


ONE_OF_KIND = {  # what a drill returns, by its one output's kind
    "array": N_("one array"),
    "arrays": N_("one list of arrays"),
    "number": N_("one number"),
    "integer": N_("one integer"),
}


def unpack(returns: Returns, value: Any) -> Unpacked | str:
    """Split a returned value into named outputs (and intermediates), or say what is wrong."""
    names = returns.names
    extra_ok = bool(returns.intermediates)
    if returns.form == "dict":
        if not isinstance(value, dict):
            return _returned(value, returns)
        missing = [n for n in names if n not in value]
        if missing:
            return _("the returned dict has no key {missing} (it has {keys})").format(
                missing=_listed(missing), keys=_listed(value) or _("none")
            )
        return Unpacked({n: value[n] for n in names}, None)
    count = len(names)
    if (
        extra_ok
        and isinstance(value, tuple | list)
        and len(value) == count + 1
        and isinstance(value[-1], dict)
        and not (returns.form == "value" and returns.outputs[0].kind == "arrays")
    ):
        body = value[0] if count == 1 else value[:-1]
        inner = _unpack_plain(returns, body)
        return Unpacked(inner.outputs, dict(value[-1])) if isinstance(inner, Unpacked) else inner
    return _unpack_plain(returns, value)


def _unpack_plain(returns: Returns, value: Any) -> Unpacked | str:
    names = returns.names
    if returns.form == "value":
        return Unpacked({names[0]: value}, None)
    if not isinstance(value, tuple | list) or len(value) != len(names):
        return _returned(value, returns)
    return Unpacked(dict(zip(names, value, strict=True)), None)


def _returned(value: Any, returns: Returns) -> str:
    return _("returned {what}; expected {form}").format(
        what=describe_value(value), form=expected_form(returns)
    )


# -- one output against its expected value ---------------------------------------------------
def check_output(output: Output, expected: Value, returned: Any, tol: Tolerance) -> OutputCheck:
    """ok, or why not: a shape or type problem (``shape``) or the first difference."""
    name = output.name
    if output.kind == "arrays":
        return _check_arrays(name, expected, returned, tol)
    if output.kind in ("number", "integer"):
        number = _as_number(returned)
        if number is None:
            return _shape(name, expected, returned, _("{name} should be a number"))
        if output.kind == "integer":
            ok = number == expected
            return OutputCheck(name, expected, returned, ok, "" if ok else _("a different count"))
        ok = close(np.asarray(number), np.asarray(expected), tol)
        return OutputCheck(
            name, expected, returned, ok, "" if ok else _difference(number, expected)
        )
    exp = np.asarray(expected)
    if isinstance(returned, tuple | list) and any(
        isinstance(item, np.ndarray | tuple | list) for item in returned
    ):  # a list of numbers is an array; a tuple of arrays is several values
        detail = _("{name} should be one array {shape}; returned {what}")
        return _shape(
            name, expected, returned, detail, shape=exp.shape, what=describe_value(returned)
        )
    array = as_float_array(returned)
    if array is None:
        return _shape(
            name, expected, returned, _("{name} should be an array {shape}"), shape=exp.shape
        )
    if array.shape != exp.shape:
        hint = _(" (transposed?)") if array.shape == exp.shape[::-1] and exp.ndim == 2 else ""
        detail = _("{name} has shape {shape}, expected {expected}{hint}")
        return _shape(
            name, expected, returned, detail, shape=array.shape, expected=exp.shape, hint=hint
        )
    ok = close(array, exp, tol)
    return OutputCheck(name, expected, returned, ok, "" if ok else _difference(array, exp))


def _check_arrays(name: str, expected: Any, returned: Any, tol: Tolerance) -> OutputCheck:
    if not isinstance(returned, tuple | list):
        detail = ngettext(
            "{name} should be a list of {count} array",
            "{name} should be a list of {count} arrays",
            len(expected),
        )
        return _shape(name, expected, returned, detail, count=len(expected))
    if len(returned) != len(expected):
        detail = _("{name} has {count} arrays, expected {expected}")
        return _shape(name, expected, returned, detail, count=len(returned), expected=len(expected))
    for k, (got, exp) in enumerate(zip(returned, expected, strict=True)):
        sub = check_output(Output(f"{name}[{k}]"), exp, got, tol)
        if not sub.ok:
            return OutputCheck(name, expected, returned, False, sub.detail, sub.shape)
    return OutputCheck(name, expected, returned, True)


def _shape(name: str, want: Any, got: Any, message: str, **fields: Any) -> OutputCheck:
    """A failed check for a shape or type problem: ``message`` (translated) filled in."""
    return OutputCheck(name, want, got, False, message.format(name=name, **fields), True)


def as_float_array(value: Any) -> np.ndarray | None:
    """The value as a float64 array if it is numeric data (array, number, nested list)."""
    if isinstance(value, Opaque | str | dict) or value is None:
        return None
    try:
        array = np.asarray(value)
    except ValueError:  # ragged lists
        return None
    if array.dtype.kind not in "biuf":
        return None
    return array.astype(np.float64)


def _as_number(value: Any) -> float | None:
    array = as_float_array(value)
    if array is None or array.size != 1:
        return None
    return float(array.reshape(()))


def close(got: np.ndarray, expected: np.ndarray, tol: Tolerance) -> bool:
    if got.shape != expected.shape:
        return False
    return bool(np.all(_close_mask(got, expected, tol)))


def _close_mask(got: np.ndarray, expected: np.ndarray, tol: Tolerance) -> np.ndarray:
    with np.errstate(all="ignore"):
        expected = expected.astype(np.float64)
        mask = np.abs(got - expected) <= tol.abs + tol.rel * np.abs(expected)
        mask |= got == expected  # infinities
        mask |= np.isnan(got) & np.isnan(expected)
    return np.asarray(mask)


def _difference(got: Any, expected: Any) -> str:
    g = np.asarray(got, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    if g.ndim == 0:
        return _("expected {expected}, returned {returned}").format(
            expected=f"{float(e):.10g}", returned=f"{float(g):.10g}"
        )
    bad = np.argwhere(~_close_mask(g, e, _EXACT))
    where = tuple(int(i) for i in bad[0])
    with np.errstate(all="ignore"):
        worst = float(np.nanmax(np.abs(g - e))) if np.isfinite(g).all() else float("nan")
    index = ", ".join(map(str, where))
    text = _(
        "first difference at [{index}]: expected {expected}, returned {returned}; "
        "{count} of {size} elements differ"
    ).format(
        index=index,
        expected=f"{e[where]:.10g}",
        returned=f"{g[where]:.10g}",
        count=len(bad),
        size=g.size,
    )
    if np.isfinite(worst):
        text += _(", largest |difference| {worst}").format(worst=f"{worst:.3g}")
    return text


_EXACT = Tolerance(rel=1e-9, abs=1e-12)


def notes_on(returned: Mapping[str, Any]) -> tuple[str, ...]:
    """Hints a wrong answer's numbers give away: NaN or inf, float32 (English; the verdict's
    rendering translates them)."""
    notes = []
    arrays = [a for v in returned.values() for a in _arrays_in(v)]
    if any(a.dtype.kind == "f" and a.dtype.itemsize < 8 for a in arrays):
        notes.append(
            N_("some returned arrays are not float64: compute in float64 (NumPy's default)")
        )
    with np.errstate(all="ignore"):
        if any(a.dtype.kind == "f" and np.isnan(a).any() for a in arrays):
            notes.append(N_("the result has NaN: look for 0/0, inf − inf or an overflow"))
        elif any(a.dtype.kind == "f" and np.isinf(a).any() for a in arrays):
            notes.append(N_("the result has inf: something overflowed"))
    return tuple(notes)


def _arrays_in(value: Any) -> list[np.ndarray]:
    if isinstance(value, np.ndarray):
        return [value]
    if isinstance(value, tuple | list):
        return [a for v in value for a in _arrays_in(v)]
    return []


# -- named wrong methods ------------------------------------------------------------------------
def match_mistake(
    drill: Drill, case: Case, returned: Mapping[str, Any], failing: Sequence[str]
) -> MistakeMatch | None:
    """The wrong method whose outputs the returned ones equal: all of them if one does, else
    the one explaining the most failing outputs."""
    best: tuple[int, MistakeMatch] | None = None
    for method in drill.mistakes:
        if method.compute is None:
            continue
        slipped = method.compute(case)
        if slipped is None:
            continue
        agrees = {
            output.name: check_output(
                output, slipped[output.name], returned[output.name], drill.tolerance
            ).ok
            for output in drill.returns.outputs
            if output.name in slipped
        }
        explained = tuple(n for n in failing if agrees.get(n, False))
        if not explained:
            continue
        complete = len(agrees) == len(drill.returns.outputs) and all(agrees.values())
        match = MistakeMatch(
            method.id,
            method.name,
            method.explanation,
            method.convention,
            explained,
            complete,
        )
        score = len(explained) + (1000 if complete else 0)
        if best is None or score > best[0]:
            best = (score, match)
    return best[1] if best else None
