"""Gradient lab row: the default lab (three cells, T=100, H=8, and the RNN's critical radius).

This was a test asserting under one second, which failed whenever the machine was busy; a
benchmark reports it instead, beside a baseline of the same three cells' gradient norms alone
(no critical-radius scan), so the ratio shows what the scan costs on this machine today.
"""

from __future__ import annotations

from benchmarks.common import Row, best_of_interleaved
from quizapp.tools.lab import build_cell, lab_curves, lab_inputs
from quizapp.tools.lab_settings import CELL_KINDS, LabSettings

TARGET_MS = 1000.0  # a knob turn should redraw within a second


def rows() -> list[Row]:
    from engine.jacobians import gradient_norms

    settings = LabSettings(length=100, hidden=8)
    lab_curves(LabSettings(length=10))  # imports NumPy and the engine

    def ours() -> None:
        lab_curves(settings)

    def norms_only() -> None:
        xs = lab_inputs(settings)
        for kind in CELL_KINDS:
            gradient_norms(build_cell(settings, kind), xs)

    subject, baseline = best_of_interleaved(ours, norms_only, repeats=3)
    return [
        Row(
            "lab: default settings, every curve and rho*",
            subject,
            baseline,
            "the three cells' gradient norms alone",
            target=TARGET_MS,
            value=subject * 1e3,
            unit="ms",
            notes=f"{subject / baseline:.1f}x the norms alone (the critical-radius scan)",
        )
    ]
