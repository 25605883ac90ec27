"""The gradient lab: how far back a gradient reaches in an RNN, an LSTM and a GRU, knob by knob.

For each cell the lab draws random weights with the engine's own ``random`` constructors,
applies the knobs, runs one input sequence and asks ``engine.jacobians.gradient_norms`` for
||dh_T/dh_k||_2, k = 0..T-1 (for the LSTM also ``cell_path_norms``: ||dc_T/dc_k||_2).

Knobs (``LabSettings`` in ``quizapp.tools.lab_settings``):

* ``cell``: rnn, lstm, gru, or all (the three side by side on the same inputs).
* ``length``: T, the sequence length (2..200).
* ``hidden``: the hidden size H (2..16).
* ``radius``: the spectral radius rho(W_hh) = max |eigenvalue|. The recurrent matrix drawn by
  ``random`` is multiplied by ``radius / rho(W_hh)``; for the LSTM and GRU each H x H gate
  block of W_hh is rescaled the same way. Why the spectral radius and not the largest singular
  value: near h = 0 a step's Jacobian is phi'(0) W_hh, and the norm of a product of k equal
  matrices grows like rho^k (Gelfand's formula), so the per-step rate of the curve tends to
  rho * phi'(0): the textbook boundary "rho = 1 / max|phi'|" (1 for tanh and relu) is where
  the knob reads 1. The largest singular value sigma_max >= rho only gives a sufficient
  condition (sigma_max < 1 / max|phi'| guarantees vanishing, Pascanu et al. 2013); the lab
  reports that bound too, as the knob value at which sigma_max(W_hh) = 1.
* ``nonlinearity``: tanh or relu, for the vanilla RNN.
* ``forget_bias``: the LSTM forget-gate bias (``LSTMCell.with_forget_bias``).
* ``clip``: an optional max_norm for ``engine.clipping.clip_grad_norm``: the steps k whose
  gradient ||dh_T/dh_k|| exceeds it are the ones clipping would rescale.
* ``input_scale``: the inputs x_t are standard normal times this (0 = no input).
* ``seed``: weights and inputs come from ``numpy.random.default_rng([seed, stream])``, one
  stream for the inputs and one per cell, so a curve is reproducible and changing one cell's
  knob never redraws another cell's weights.

Classification (``classify``): a least-squares line through ln ||dh_T/dh_k|| against the
distance d = T - k gives a slope s; the per-step rate is e^s. ``vanishing`` when
s < -RATE_TOLERANCE (rate < 0.970), ``exploding`` when s > RATE_TOLERANCE (rate > 1.030),
``stable`` otherwise. With RATE_TOLERANCE = 0.03, a stable curve changes by less than a
factor of e^3 (about 20) over 100 steps. A zero norm counts as vanishing, a non-finite one as
exploding.

The critical radius (``critical_radius``): the value of the radius knob, other knobs fixed,
where the RNN's fitted per-step rate crosses 1. The rate is not monotone in the radius (a
large tanh RNN saturates, and saturated units have phi' near 0), so the lab scans a grid of
radii for the first one whose rate reaches 1 and bisects between it and the grid point before.
If no grid point reaches 1 the crossing is reported as missing; the linear-theory value
1 / max|phi'| = 1 is always shown alongside.

No terminal here: the TUI's gradient lab screen draws these numbers. NumPy and the engine are
imported inside the functions, so importing this module (to build settings) costs nothing.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from quizapp.i18n import N_, _
from quizapp.tools.lab_settings import MAX_RADIUS, MIN_RADIUS, CellKind, LabSettings

if TYPE_CHECKING:
    import numpy as np

    from engine.gru import GRUCell
    from engine.lstm import LSTMCell
    from engine.rnn import RNNCell

CELL_NAMES = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
INPUT_SIZE = 2
RATE_TOLERANCE = 0.03  # |slope of ln-norm per step| at most this: stable
CRITICAL_GRID = tuple(round(0.25 * k, 2) for k in range(1, 13))  # 0.25 .. 3.0
CRITICAL_TOLERANCE = 0.005
ZERO_FLOOR = 1e-300  # a norm of exactly 0 is fitted as this (ln = -690.8)

Verdict = Literal["vanishing", "stable", "exploding"]
# the verdicts as the learner reads them (msgids: ``verdict_name`` translates)
VERDICT_NAMES: dict[Verdict, str] = {
    "vanishing": N_("vanishing"),
    "stable": N_("stable"),
    "exploding": N_("exploding"),
}


# -- results ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Fit:
    """ln ||.|| ~ intercept + slope * (T - k): the geometric rate of a curve and its verdict."""

    slope: float
    verdict: Verdict

    @property
    def rate(self) -> float:
        """The per-step factor e^slope (inf when the curve overflowed)."""
        return math.exp(min(self.slope, 700.0))


@dataclass(frozen=True)
class Clipping:
    """Where clip_grad_norm(max_norm) would rescale the gradient reaching step k."""

    max_norm: float
    clipped: Any  # (T,) the norms after clipping
    steps: tuple[int, ...]  # the k whose norm exceeds max_norm

    def describe(self, length: int) -> str:
        if not self.steps:
            return _("never clipped at {max_norm}").format(max_norm=f"{self.max_norm:g}")
        return _("clipped at {count}/{length} steps (k {steps})").format(
            count=len(self.steps), length=length, steps=_ranges(self.steps)
        )


@dataclass(frozen=True)
class CellCurve:
    """One cell's curve(s) and what they say."""

    kind: CellKind
    norms: Any  # (T,) ||dh_T/dh_k||_2, k = 0..T-1
    fit: Fit
    spectral_radius: float  # of the built W_hh (the largest over the gate blocks)
    largest_singular_value: float  # likewise
    cell_path: Any = None  # (T,) ||dc_T/dc_k||_2 for the LSTM
    cell_path_fit: Fit | None = None
    clipping: Clipping | None = None

    @property
    def name(self) -> str:
        return CELL_NAMES[self.kind]


@dataclass(frozen=True)
class CriticalRadius:
    """Where the RNN's per-step rate crosses 1 as the radius knob moves (others fixed)."""

    value: float | None  # None: no crossing found on the grid up to MAX_RADIUS
    linear_theory: float  # 1 / max|phi'| = 1 for tanh and relu
    vanishing_bound: float  # knob value where sigma_max(W_hh) = 1: below it, vanishing is certain
    nonlinearity: str

    def describe(self) -> str:
        found = (
            f"ρ* ≈ {self.value:.3f}"
            if self.value is not None
            else _("no ρ* up to {limit} ({nonlinearity} saturates)").format(
                limit=f"{MAX_RADIUS:g}", nonlinearity=self.nonlinearity
            )
        )
        theory = _("theory 1/max|φ'| = {value}").format(value=f"{self.linear_theory:g}")
        bound = _("σ_max<1 (sure to vanish) below ρ = {bound}").format(
            bound=f"{self.vanishing_bound:.2f}"
        )
        return f"{found} · {theory} · {bound}"


@dataclass(frozen=True)
class LabResult:
    settings: LabSettings
    curves: tuple[CellCurve, ...]
    critical: CriticalRadius | None  # for the RNN, when it is among the cells

    def curve(self, kind: CellKind) -> CellCurve:
        for curve in self.curves:
            if curve.kind == kind:
                return curve
        raise KeyError(kind)


# -- building the cells -----------------------------------------------------------------------
_STREAMS = {"inputs": 0, "rnn": 1, "lstm": 2, "gru": 3}


def lab_inputs(settings: LabSettings) -> np.ndarray:
    """The input sequence (T, INPUT_SIZE) every cell of these settings reads."""
    import numpy as np

    rng = np.random.default_rng([settings.seed, _STREAMS["inputs"]])
    return settings.input_scale * rng.standard_normal((settings.length, INPUT_SIZE))


def _rescaled(weight_hh: np.ndarray, hidden: int, radius: float) -> np.ndarray:
    """Each H x H block of W_hh multiplied so that its spectral radius equals ``radius``."""
    import numpy as np

    out = weight_hh.copy()
    for start in range(0, weight_hh.shape[0], hidden):
        block = out[start : start + hidden]
        rho = float(np.max(np.abs(np.linalg.eigvals(block))))
        if rho > 1e-12:
            out[start : start + hidden] = block * (radius / rho)
    return out


def build_cell(
    settings: LabSettings, kind: CellKind, *, radius: float | None = None
) -> RNNCell | LSTMCell | GRUCell:
    """The cell the lab measures: engine ``random`` weights, then the knobs applied."""
    import numpy as np

    from engine.gru import GRUCell
    from engine.lstm import LSTMCell
    from engine.rnn import RNNCell

    rho = settings.radius if radius is None else radius
    rng = np.random.default_rng([settings.seed, _STREAMS[kind]])
    H = settings.hidden
    if kind == "rnn":
        rnn = RNNCell.random(INPUT_SIZE, H, rng, nonlinearity=settings.nonlinearity)
        w_hh = _rescaled(rnn.weight_hh, H, rho)
        return RNNCell(rnn.weight_ih, w_hh, rnn.bias_ih, rnn.bias_hh, nonlinearity=rnn.nonlinearity)
    if kind == "lstm":
        lstm = LSTMCell.random(INPUT_SIZE, H, rng)
        w_hh = _rescaled(lstm.weight_hh, H, rho)
        return LSTMCell(lstm.weight_ih, w_hh, lstm.bias_ih, lstm.bias_hh).with_forget_bias(
            settings.forget_bias
        )
    if kind == "gru":
        gru = GRUCell.random(INPUT_SIZE, H, rng)
        w_hh = _rescaled(gru.weight_hh, H, rho)
        return GRUCell(gru.weight_ih, w_hh, gru.bias_ih, gru.bias_hh)  # PyTorch: keep, after
    raise ValueError(f"unknown cell {kind!r}")


def _block_norms(weight_hh: np.ndarray, hidden: int) -> tuple[float, float]:
    import numpy as np

    rhos, sigmas = [], []
    for start in range(0, weight_hh.shape[0], hidden):
        block = weight_hh[start : start + hidden]
        rhos.append(float(np.max(np.abs(np.linalg.eigvals(block)))))
        sigmas.append(float(np.linalg.norm(block, 2)))
    return max(rhos), max(sigmas)


# -- classification ---------------------------------------------------------------------------
def classify(norms: Any) -> Fit:
    """Fit ln-norm against the distance T - k; the slope's sign beyond RATE_TOLERANCE decides."""
    import numpy as np

    values = np.asarray(norms, dtype=np.float64)
    if values.size == 0:
        raise ValueError("need at least one norm")
    if not np.all(np.isfinite(values)):
        return Fit(math.inf, "exploding")
    logs = np.log(np.maximum(values, ZERO_FLOOR))
    distance = np.arange(values.size, 0, -1, dtype=np.float64)  # k = 0 is T steps back
    if values.size == 1:
        slope = float(logs[0])  # one step: ||J_T|| itself is the rate
    else:
        centred = distance - distance.mean()
        slope = float(np.dot(centred, logs - logs.mean()) / np.dot(centred, centred))
    if np.any(values == 0.0):
        return Fit(min(slope, -RATE_TOLERANCE - 1.0), "vanishing")  # gone: nothing reaches back
    return Fit(slope, verdict_for_slope(slope))


def verdict_for_slope(slope: float) -> Verdict:
    if slope < -RATE_TOLERANCE:
        return "vanishing"
    if slope > RATE_TOLERANCE:
        return "exploding"
    return "stable"


def _clipping(norms: np.ndarray, max_norm: float) -> Clipping:
    import numpy as np

    from engine.clipping import clip_grad_norm

    clipped = np.empty_like(norms)
    steps = []
    for k, value in enumerate(norms):
        # The gradient reaching h_k from a unit gradient at h_T along the top singular vector
        # has norm ||dh_T/dh_k||: one array of that norm is what clip_grad_norm sees.
        (scaled,), total = clip_grad_norm([np.array([value])], max_norm)
        clipped[k] = scaled[0]
        if total > max_norm:
            steps.append(k)
    return Clipping(max_norm, clipped, tuple(steps))


# -- the lab ------------------------------------------------------------------------------
def rnn_slope(settings: LabSettings, radius: float) -> float:
    """The RNN's fitted ln-rate per step at this radius, other knobs as in ``settings``."""
    from engine.jacobians import gradient_norms

    cell = build_cell(settings, "rnn", radius=radius)
    return classify(gradient_norms(cell, lab_inputs(settings))).slope


def critical_radius(settings: LabSettings) -> CriticalRadius:
    """The radius where the RNN's per-step rate crosses 1: grid scan, then bisection.

    It depends on the RNN's weights and inputs only (seed, H, T, phi, input scale), not on the
    radius, forget-bias, clipping or cell knobs, so it is computed once per RNN and kept:
    turning those knobs redraws the plot without a scan.
    """
    return _critical_radius(
        settings.replace(
            cell=_DEFAULTS.cell,
            radius=_DEFAULTS.radius,
            forget_bias=_DEFAULTS.forget_bias,
            clip=_DEFAULTS.clip,
        )
    )


_DEFAULTS = LabSettings()


@functools.lru_cache(maxsize=128)
def _critical_radius(settings: LabSettings) -> CriticalRadius:
    import numpy as np

    base = build_cell(settings, "rnn", radius=1.0)
    rho, sigma = _block_norms(base.weight_hh, settings.hidden)
    bound = rho / sigma  # the knob scales W_hh linearly: sigma_max = knob * sigma / rho
    value: float | None = None
    previous = MIN_RADIUS
    if rnn_slope(settings, previous) >= 0.0:
        value = previous
    else:
        for radius in CRITICAL_GRID:
            if rnn_slope(settings, radius) >= 0.0:
                low, high = previous, radius
                while high - low > CRITICAL_TOLERANCE:
                    middle = 0.5 * (low + high)
                    if rnn_slope(settings, middle) >= 0.0:
                        high = middle
                    else:
                        low = middle
                value = float(np.round(0.5 * (low + high), 4))
                break
            previous = radius
    return CriticalRadius(
        value=value,
        linear_theory=1.0,  # max|phi'| = 1: tanh'(0) = 1, relu' = 1 on the positive side
        vanishing_bound=float(bound),
        nonlinearity=settings.nonlinearity,
    )


def cell_curve(settings: LabSettings, kind: CellKind) -> CellCurve:
    from engine.jacobians import cell_path_norms, gradient_norms
    from engine.lstm import LSTMCell

    cell = build_cell(settings, kind)
    xs = lab_inputs(settings)
    norms = gradient_norms(cell, xs)
    rho, sigma = _block_norms(cell.weight_hh, settings.hidden)
    path = fit = None
    if isinstance(cell, LSTMCell):
        path = cell_path_norms(cell, xs)
        fit = classify(path)
    return CellCurve(
        kind=kind,
        norms=norms,
        fit=classify(norms),
        spectral_radius=rho,
        largest_singular_value=sigma,
        cell_path=path,
        cell_path_fit=fit,
        clipping=_clipping(norms, settings.clip) if settings.clip is not None else None,
    )


def lab_curves(settings: LabSettings) -> LabResult:
    """Every curve the settings ask for, their verdicts, and the RNN's critical radius."""
    curves = tuple(cell_curve(settings, kind) for kind in settings.cells)
    critical = critical_radius(settings) if "rnn" in settings.cells else None
    return LabResult(settings=settings, curves=curves, critical=critical)


# -- text ---------------------------------------------------------------------------------
def verdict_name(verdict: Verdict) -> str:
    """'vanishing', '梯度消失': the verdict in the interface's language."""
    return _(VERDICT_NAMES[verdict])


def describe_fit(fit: Fit) -> str:
    """'vanishing (×0.81/step)': the verdict and the fitted per-step factor."""
    if math.isinf(fit.slope):
        return _("{verdict} (overflow)").format(verdict=verdict_name(fit.verdict))
    rate = fit.rate
    shown = f"{rate:.3f}" if 1e-3 <= rate < 1e3 else f"{rate:.1e}"
    return _("{verdict} (×{rate}/step)").format(verdict=verdict_name(fit.verdict), rate=shown)


def _ranges(steps: tuple[int, ...]) -> str:
    """'0-12, 40-41': consecutive k written as ranges."""
    parts = []
    start = prev = steps[0]
    for k in steps[1:]:
        if k != prev + 1:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = k
        prev = k
    parts.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(parts)
