"""Shared pieces of the benchmarks: a result row and interleaved timers (best-of, median)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field


@dataclass
class Row:
    """One benchmark result: subject time, baseline time and their ratio against a target.

    ``target`` is read with ``target_op``: "<=" means the ratio (or ``value``) must be at most
    the target, ">=" at least. ``value``/``unit`` carry an absolute figure where the issue asks
    for one (draws per second, milliseconds). ``or_ratio``: the row also passes when the
    ratio to its baseline is at most this (a human threshold "or within Nx of the baseline").
    ``extra`` goes to the JSON: medians and min-max over the rounds, counts, loads.
    """

    name: str
    subject_s: float | None
    baseline_s: float | None
    baseline: str
    target: float | None = None
    target_op: str = "<="
    value: float | None = None
    unit: str = "ratio"
    notes: str = ""
    extra: dict[str, float] = field(default_factory=dict)
    or_ratio: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.subject_s is None or not self.baseline_s:
            return None
        return self.subject_s / self.baseline_s

    @property
    def measured(self) -> float | None:
        return self.value if self.value is not None else self.ratio

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.measured is None:
            return None
        met = (
            self.measured <= self.target if self.target_op == "<=" else self.measured >= self.target
        )
        ratio = self.ratio
        return met or (self.or_ratio is not None and ratio is not None and ratio <= self.or_ratio)

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(ratio=self.ratio, measured=self.measured, meets_target=self.meets_target)
        return data

    @staticmethod
    def table(rows: list[Row]) -> str:
        header = f"{'benchmark':<52} {'subject':>10} {'baseline':>10} {'measured':>10} target"
        lines = [header, "-" * len(header)]
        for row in rows:
            subject = f"{row.subject_s * 1e3:.2f}ms" if row.subject_s is not None else "-"
            base = f"{row.baseline_s * 1e3:.2f}ms" if row.baseline_s is not None else "-"
            measured = f"{row.measured:.3g}" if row.measured is not None else "-"
            if row.unit != "ratio":
                measured += f" {row.unit}"
            verdict = {True: "ok", False: "MISSED", None: ""}[row.meets_target]
            target = f"{row.target_op} {row.target:g}" if row.target is not None else ""
            if row.or_ratio is not None:
                target += f" or ratio <= {row.or_ratio:g}"
            target += f" {verdict}" if target else ""
            lines.append(f"{row.name:<52} {subject:>10} {base:>10} {measured:>10} {target}")
            if row.notes:
                lines.append(f"    {row.notes}")
        return "\n".join(lines)


def best_of_interleaved(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    repeats: int = 7,
    number: int = 1,
) -> tuple[float, float]:
    """Best per-call time of subject and baseline, alternating runs so drift hits both."""
    best_subject = best_baseline = float("inf")
    subject()
    baseline()  # warm both up
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            subject()
        best_subject = min(best_subject, (time.perf_counter() - start) / number)
        start = time.perf_counter()
        for _ in range(number):
            baseline()
        best_baseline = min(best_baseline, (time.perf_counter() - start) / number)
    return best_subject, best_baseline


@dataclass(frozen=True)
class Spread:
    """Per-call times of subject and baseline over interleaved rounds, and their ratios."""

    subject: list[float]
    baseline: list[float]

    @property
    def ratios(self) -> list[float]:
        return [s / b for s, b in zip(self.subject, self.baseline, strict=True)]

    def extra(self) -> dict[str, float]:
        """Medians and ranges for the JSON: ratio, subject and baseline."""
        out: dict[str, float] = {}
        for name, values in (
            ("ratio", self.ratios),
            ("subject_s", self.subject),
            ("baseline_s", self.baseline),
        ):
            out[f"{name}_median"] = statistics.median(values)
            out[f"{name}_min"], out[f"{name}_max"] = min(values), max(values)
        return out

    def summary(self, prefix: str = "") -> dict[str, float]:
        """Median and range of each side, in milliseconds, for ``Row.extra``."""
        out: dict[str, float] = {}
        for side, times in (("", self.subject), ("baseline_", self.baseline)):
            out[f"{prefix}{side}median_ms"] = statistics.median(times) * 1e3
            out[f"{prefix}{side}min_ms"] = min(times) * 1e3
            out[f"{prefix}{side}max_ms"] = max(times) * 1e3
        return out

    def describe(self) -> str:
        ratios = self.ratios
        return (
            f"ratio median {statistics.median(ratios):.3g} "
            f"(min {min(ratios):.3g}, max {max(ratios):.3g}) over {len(ratios)} interleaved rounds"
        )


def median_of_interleaved(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    rounds: int = 9,
    number: int = 1,
) -> Spread:
    """Per-call times of each round, subject and baseline alternating (who goes first too).

    A row reports the median ratio with its min-max, so one quiet or busy moment on a shared
    machine can neither flatter nor sink the verdict.
    """
    subject()
    baseline()  # warm both up
    subject_times: list[float] = []
    baseline_times: list[float] = []
    for k in range(rounds):
        pair = [(subject, subject_times), (baseline, baseline_times)]
        for fn, times in pair if k % 2 == 0 else reversed(pair):
            start = time.perf_counter()
            for _ in range(number):
                fn()
            times.append((time.perf_counter() - start) / number)
    return Spread(subject_times, baseline_times)
