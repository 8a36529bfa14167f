"""The held-out calibration of RNNForecaster's intervals, made when they are first asked for.

On one series or a small panel, ``calibration="auto"`` (or ``"holdout"``) fits a
second network without the last values of each series and measures its errors on
them (:mod:`rnnforecast.forecasting._intervals`): as long as the first fit. A user
who forecasts points only (``predict``, sktime's ``evaluate`` with point metrics, a
grid search) never needs it, so ``fit`` defers that second fit
(:class:`DeferredCalibration`) and ``calibration_`` makes it on first use (once):
``predict_interval``, ``predict_quantiles``, ``predict_var`` or reading the
attribute. Airline, 24 months ahead, one CPU thread (warm): fit and predict took 2.4 s
with the calibration in ``fit``, 1.3-1.4 s with it deferred (docs/user_guide.md).

What it stores is all the calibration reads from the fit: the training series and
exogenous rows, the horizon relative to the fit's cutoff, and an unfitted clone with
the parameters of fit. So the intervals are the same whenever they are asked for:
right after ``fit``, after ``update`` (which moves the cutoff but not the networks),
after a save and load. Where the guard of ``combine="auto"`` has already fitted the clone the
calibration needs (:class:`~rnnforecast.forecasting._origins.Holdouts`), for the
in-sample calibration (no second fit), and for series of 50,000 values or more
(:data:`~rnnforecast.forecasting._auto.COMBINE_BELOW`: a large panel with
``calibration="holdout"``, whose data the fitted forecaster would otherwise keep), nothing is
deferred.
"""

from ..regression._device import resolve_device
from ._auto import COMBINE_BELOW
from ._calibration_plan import calibration_plan
from ._intervals import calibrate
from ._origins import Holdouts

__all__ = ["DeferredCalibration", "calibrate_or_defer"]


class DeferredCalibration:
    """What :func:`~rnnforecast.forecasting._intervals.calibrate` needs, kept from
    ``fit``, and the calibration once made (:meth:`result`).

    A value of the fit that is computed when first read: reading it again, or from a
    copy, gives the same calibration, and the forecaster's own attributes never change
    (sktime's contract: ``predict_interval`` does not change the state of the forecaster).
    """

    def __init__(self, template, series, frames, X, fh):
        self.template = template  # an unfitted clone with the parameters of fit
        self.series, self.frames, self.X, self.fh = series, frames, X, fh
        self._result = None

    def result(self, forecaster):
        """The calibration of the fitted ``forecaster``, as ``fit`` would have made it
        (made on the first call; the data kept for it are then let go)."""
        if self._result is None:
            template = self.template
            try:
                resolve_device(template.device, type(forecaster).__name__)
            except ValueError:  # fitted on CUDA, loaded where there is none: where the
                # networks were mapped to (rnnforecast.persistence)
                template = template.clone().set_params(device=forecaster.regressor_.device_)
            holdouts = Holdouts(forecaster, template=template)
            self._result = calibrate(forecaster, self.series, self.frames, self.X, self.fh,
                                     holdouts=holdouts)
            self.template = self.series = self.frames = self.X = None
        return self._result


def calibrate_or_defer(forecaster, series, frames, X, fh, holdouts):
    """The forecaster's :class:`Calibration` (or why none), or a
    :class:`DeferredCalibration` where it would fit a network of its own."""
    plan = calibration_plan(forecaster, series, fh)
    small = sum(len(values) for _, values in series) < COMBINE_BELOW  # cheap to keep
    if small and isinstance(plan, tuple) and plan[0] == "holdout":
        _, n, K, keep = plan
        kept = tuple(key for (key, _), k in zip(series, keep) if k)
        if not holdouts.has(kept, n + K - 1):  # not the guard's clone: a fit of its own
            relative = None if fh is None else fh.to_relative(forecaster.cutoff)
            return DeferredCalibration(forecaster.clone(), series, frames, X, relative)
    return calibrate(forecaster, series, frames, X, fh, holdouts=holdouts)
