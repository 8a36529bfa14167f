"""The probabilistic losses of RNNRegressor: their checks, and quantiles from a head's parameters.

A network trained with ``loss="quantile", quantiles=[...]``, ``loss="normal"``
or ``loss="student_t"`` outputs P parameters per horizon step
(:mod:`rnnforecast.nn._distributions`); this module turns them into the point
forecast (the median), quantiles at any level, and variances.

Shapes: N = rows, H = horizon steps, P = parameters per step, A = levels asked.
"""

import numpy as np
import torch
from numpy.typing import ArrayLike
from scipy import stats  # a dependency of scikit-learn (its ppf: any scipy it accepts)
from sklearn.utils.validation import check_is_fitted

from ..nn import MultiQuantileLoss, NormalNLL, PinballLoss, StudentTNLL
from ..utils import check_unit_levels

__all__ = [
    "LOSSES", "PROBABILISTIC_LOSSES", "ProbabilisticPredictions", "check_quantiles",
    "check_trained_levels", "distribution_of", "loss_head", "params_point", "params_quantiles",
    "params_var", "trained_levels",
]  # fmt: skip

#: The losses whose networks predict a distribution (``"quantile"`` with ``quantiles``).
PROBABILISTIC_LOSSES = ("quantile", "normal", "student_t")

#: The criterion (torch loss) of each value of RNNRegressor's ``loss``.
LOSSES = {
    "squared_error": torch.nn.MSELoss,
    "absolute_error": torch.nn.L1Loss,
    "huber": torch.nn.HuberLoss,
    "quantile": PinballLoss,
    "normal": NormalNLL,
    "student_t": StudentTNLL,
}


def loss_head(regressor):
    """(distribution, trained quantile levels, skorch criterion parameters) of
    ``regressor``'s ``loss``, ``quantile`` and ``quantiles``, or a ValueError naming
    ``quantile`` / ``quantiles`` when they do not go with the loss.

    distribution is None for a point loss and for one quantile; the levels are None
    unless ``quantiles`` are trained (one head, MultiQuantileLoss).
    """
    owner = type(regressor).__name__
    quantiles = check_quantiles(regressor.quantiles, regressor.loss, owner,
                                quantile=regressor.quantile)
    if (regressor.loss == "quantile") != (regressor.quantile is not None or quantiles is not None):
        raise ValueError(
            f"{owner}: quantile must be set (in (0, 1)), or quantiles, "
            f"exactly when loss='quantile', got loss={regressor.loss!r}, "
            f"quantile={regressor.quantile!r}. Use e.g. loss='quantile', quantile=0.9, or "
            "quantiles=[0.1, 0.5, 0.9]."
        )
    levels = None if quantiles is None else trained_levels(quantiles)
    criterion = {"criterion": LOSSES[regressor.loss]}
    if regressor.quantile is not None:
        criterion["criterion__quantile"] = regressor.quantile
    if levels is not None:
        criterion = {"criterion": MultiQuantileLoss, "criterion__quantiles": levels}
    return distribution_of(regressor.loss, quantiles), levels, criterion


def check_quantiles(quantiles, loss, owner, quantile=None):
    """``quantiles`` as a list of floats, or a ValueError naming ``quantiles``.

    Parameters
    ----------
    quantiles : sequence of float or None
        Levels strictly between 0 and 1, increasing, without duplicates; set
        with ``loss="quantile"`` only.
    loss : str
    owner : str
        The estimator's name in the messages.
    quantile : float or None, default=None
        RNNRegressor's single ``quantile`` (the older way to ask for one level),
        which cannot be combined with ``quantiles``.

    Returns
    -------
    levels : list of float or None
    """
    if quantiles is None:
        return None
    if loss != "quantile":
        raise ValueError(
            f"{owner}: quantiles are trained only with loss='quantile', got "
            f"quantiles={quantiles!r} with loss={loss!r}. Use loss='quantile', or "
            "quantiles=None."
        )
    if quantile is not None:
        raise ValueError(
            f"{owner}: set quantile (one level) or quantiles (several), not both, got "
            f"quantile={quantile!r} and quantiles={quantiles!r}."
        )
    if isinstance(quantiles, (str, bytes)) or not hasattr(quantiles, "__len__"):
        raise ValueError(
            f"{owner}: quantiles must be a list of numbers strictly between 0 and 1, "
            f"got quantiles={quantiles!r}. Use e.g. quantiles=[0.1, 0.5, 0.9]."
        )
    levels = list(quantiles)
    if not levels:
        raise ValueError(
            f"{owner}: quantiles must hold at least one level, got quantiles={quantiles!r}. "
            "Use e.g. quantiles=[0.1, 0.5, 0.9]."
        )
    return check_unit_levels(levels, quantiles, "quantiles", owner, expected="numbers",
                             order="increasing")


def trained_levels(quantiles):
    """The levels a quantile head is trained on: ``quantiles`` with 0.5 added
    where it is missing (the median is the point forecast)."""
    return sorted(set(float(q) for q in quantiles) | {0.5})


def distribution_of(loss, quantiles):
    """The head of ``loss``: "quantile" (with ``quantiles``), "normal",
    "student_t", or None for a point loss (and the single ``quantile``)."""
    if loss == "quantile":
        return None if quantiles is None else "quantile"
    return loss if loss in PROBABILISTIC_LOSSES else None


def params_point(params, distribution, levels=None):
    """(N, H) point forecasts (the medians) from (N, H, P) parameters."""
    if distribution == "quantile":
        return params[..., levels.index(0.5)]
    return params[..., 0]  # Normal and Student-t: the location, also the median


def params_quantiles(params, distribution, alpha, levels=None, owner="RNNRegressor"):
    """(N, H, A) quantiles at the levels ``alpha`` from (N, H, P) parameters.

    A quantile head gives its trained levels exactly and levels between two
    of them by linear interpolation; a level outside the trained ones is a
    ValueError. Normal and Student-t heads give any level.
    """
    alpha = np.asarray(alpha, dtype=float)
    if distribution == "normal":
        return params[..., :1] + params[..., 1:2] * stats.norm.ppf(alpha)
    if distribution == "student_t":
        z = stats.t.ppf(alpha[None, None, :], params[..., 2:3])
        return params[..., :1] + params[..., 1:2] * z
    check_trained_levels(alpha, levels, owner)
    position = np.interp(alpha, levels, np.arange(len(levels)))
    low = np.floor(position).astype(int)
    high = np.minimum(low + 1, len(levels) - 1)
    weight = position - low
    return params[..., low] * (1 - weight) + params[..., high] * weight


def check_trained_levels(alpha, levels, owner):
    """A ValueError naming the levels of ``alpha`` outside the trained ``levels``
    (a quantile head interpolates between its levels, never beyond them)."""
    outside = [round(float(a), 10) for a in np.atleast_1d(alpha)
               if not levels[0] - 1e-12 <= a <= levels[-1] + 1e-12]
    if outside:
        raise ValueError(
            f"{owner}: quantile levels {outside!r} were asked (alpha, or the bounds "
            f"0.5 -/+ coverage/2 of an interval), but the network was trained on the "
            f"quantiles {levels!r} and only levels between {levels[0]!r} and {levels[-1]!r} "
            "can be given (linear interpolation between trained ones). Train with wider "
            "quantiles (e.g. quantiles=[0.025, 0.1, 0.5, 0.9, 0.975] for 80% and 95% "
            "intervals), or use loss='normal' or 'student_t'."
        )


def params_var(params, distribution):
    """(N, H) variances of a Normal or Student-t head: scale^2 (times df/(df - 2))."""
    var = params[..., 1] ** 2
    if distribution == "student_t":
        df = params[..., 2]
        var = var * df / (df - 2)
    return var


class ProbabilisticPredictions:
    """``predict_quantiles`` and ``predict_var`` of RNNRegressor, from its trained head.

    A mixin: it uses the regressor's fitted ``net_``, ``distribution_``,
    ``quantile_levels_``, ``target_map_`` and ``_y_ndim``, and its ``_validate_X``.
    """

    def predict_quantiles(self, X: ArrayLike, quantiles: ArrayLike) -> np.ndarray:
        """Quantiles of the targets of windows ``X``, from the trained distribution.

        Needs ``loss="quantile"`` with ``quantiles``, ``loss="normal"`` or
        ``loss="student_t"``. A quantile head gives its trained levels, and
        levels between two trained ones by linear interpolation (a level
        outside them is a ValueError); Normal and Student-t heads give any
        level.

        Parameters
        ----------
        X : array-like of shape (N, L) or (N, L, F)
        quantiles : array-like of shape (A,)
            Levels in (0, 1).

        Returns
        -------
        y_quantiles : ndarray of shape (N, A) or (N, H, A)
            (N, A) when ``y`` in ``fit`` was 1-D. Increasing along the last
            axis for increasing levels (no crossing).
        """
        params = self._predict_params(X, "predict_quantiles")
        levels = np.atleast_1d(np.asarray(quantiles, dtype=float))
        if levels.ndim != 1 or not ((levels > 0) & (levels < 1)).all():
            raise ValueError(
                f"{type(self).__name__}: quantiles must be levels strictly between 0 and 1, "
                f"got quantiles={quantiles!r}."
            )
        out = params_quantiles(params, self.distribution_, levels, self.quantile_levels_,
                               owner=type(self).__name__)
        unit_map = getattr(self, "target_map_", None)
        if unit_map is not None:  # an increasing map keeps quantiles
            out = unit_map.to_targets(out)
        return out[:, 0] if self._y_ndim == 1 else out

    def predict_var(self, X: ArrayLike) -> np.ndarray:
        """Variances of the targets of windows ``X`` under the trained Normal or
        Student-t distribution (``loss="normal"`` or ``"student_t"``).

        Parameters
        ----------
        X : array-like of shape (N, L) or (N, L, F)

        Returns
        -------
        y_var : ndarray of shape (N,) or (N, H)
            Shaped as the ``y`` given to ``fit``.
        """
        params = self._predict_params(X, "predict_var")
        if self.distribution_ == "quantile" or getattr(self, "target_map_", None) is not None:
            raise ValueError(
                f"{type(self).__name__}: predict_var needs a Normal or Student-t distribution "
                f"in the targets' units, got loss={self.loss!r}"
                + ("" if self.distribution_ == "quantile" else
                   " with targets in other units than the windows (target_map_)")
                + ". Use predict_quantiles."
            )
        var = params_var(params, self.distribution_)
        return var.ravel() if self._y_ndim == 1 else var

    def _predict_params(self, X, method):
        """(N, H, P) parameters of the trained distribution, in the windows' units."""
        check_is_fitted(self)
        if getattr(self, "distribution_", None) is None:
            raise ValueError(
                f"{type(self).__name__}: {method} needs a network trained on a distribution: "
                "loss='quantile' with quantiles=[...], loss='normal' or loss='student_t', "
                f"got loss={self.loss!r}"
                + (f" with one quantile={self.quantile!r}" if self.quantile is not None else "")
                + "."
            )
        X = self._validate_X(X, reset=False)
        return self.net_.predict(X)
