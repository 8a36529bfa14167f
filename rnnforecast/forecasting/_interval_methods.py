"""How RNNForecaster answers for its intervals: the calibration made in ``fit`` (or
deferred to first use, :mod:`rnnforecast.forecasting._deferred_calibration`), and the
quantiles and variances that sktime's ``predict_interval``, ``predict_quantiles`` and
``predict_var`` ask for, from conformal errors of the point forecast
(:mod:`rnnforecast.forecasting._intervals`) or from the networks' distribution
(:mod:`rnnforecast.forecasting._probabilistic`).
"""

from ._deferred_calibration import DeferredCalibration
from ._intervals import Calibration, predict_quantiles
from ._nonnegative import floor_at_zero
from ._point_forecast import point_forecast
from ._probabilistic import QuantileCalibration, network_quantiles, network_var, probabilistic
from ._targets import predict_target_quantiles

__all__ = ["IntervalMethods"]


class IntervalMethods:
    """The interval methods of RNNForecaster (a mixin before sktime's BaseForecaster)."""

    @property
    def calibration_(self):
        """The calibration of the intervals (:mod:`rnnforecast.forecasting._intervals`),
        made on first use where ``fit`` deferred it (``_deferred_calibration``)."""
        if "forecaster_" in self.__dict__:  # k target columns: the inner forecaster's
            return self.forecaster_.calibration_
        if "calibration_" not in self.__dict__:
            raise AttributeError(f"{self._owner} has no calibration_ before fit.")
        value = self.__dict__["calibration_"]
        return value.result(self) if isinstance(value, DeferredCalibration) else value

    @calibration_.setter
    def calibration_(self, value):
        self.__dict__["calibration_"] = value

    def _predict_quantiles(self, fh, X, alpha):
        """Point forecast plus calibrated quantiles of the errors (rnnforecast.forecasting._intervals),
        or the network's quantiles (a probabilistic loss, forecasting._probabilistic)."""
        alpha = list(alpha)
        if hasattr(self, "target_columns_"):
            return predict_target_quantiles(self, fh, X, alpha)
        if self._network_intervals:
            return floor_at_zero(self, network_quantiles(self, fh, X, alpha))
        # about the point forecast before its floor, then floored
        point, spread = point_forecast(self, fh, X, spread=True)
        return floor_at_zero(self, predict_quantiles(self, point, fh, alpha, spread))

    @property
    def _network_intervals(self):
        """Whether the intervals come from the networks' distribution (a probabilistic
        loss, its quantiles conformalised or not), not from conformal errors of the
        point forecast (a point loss, or a ``Calibration`` set by hand)."""
        return probabilistic(self) and not isinstance(self.calibration_, Calibration)

    def _predict_var(self, fh, X=None, cov=False):
        """Marginal variances: the network's (loss "normal" or "student_t"), else from
        the quantiles (sktime's normal approximation); no covariances between steps."""
        if cov:
            raise NotImplementedError(
                f"{self._owner}: predict_var(cov=True) needs the covariances of the errors "
                "between forecast steps, but the conformal calibration "
                "estimates each step's error distribution on its own, got cov=True. Use "
                "predict_var(cov=False) for the variance of each step, or predict_interval."
            )
        if self._network_intervals and self.loss in ("normal", "student_t") and not isinstance(
            self.calibration_, QuantileCalibration
        ):
            return network_var(self, fh, X)
        return super()._predict_var(fh=fh, X=X, cov=cov)
