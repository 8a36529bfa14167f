"""RNNRegressor: a scikit-learn regressor over windows, trained with skorch."""

from __future__ import annotations

from numbers import Integral, Real

from numpy.typing import ArrayLike
import numpy as np
import torch
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ..nn import ANCHORS, CELLS, warn_unused_anchor, warn_unused_dropout
from ._data_scale import measure_data_scale
from ._device import forked_devices, map_to_available_device, resolve_device
from ._probabilistic import (
    ProbabilisticPredictions,
    LOSSES,
    loss_head,
    params_point,
)
from ._routing import SkorchHabits
from ._target_units import fit_unit_map
from ._net import build_net
from ._warm_start import snapshot, train_further
from ._window_input import validate_windows, warn_unflagged_padding

__all__ = ["RNNRegressor"]



def _positive_int():
    return [Interval(Integral, 1, None, closed="left")]


class RNNRegressor(SkorchHabits, ProbabilisticPredictions, RegressorMixin, BaseEstimator):
    """Recurrent neural network regressor on windows of a time series.

    Each row of ``X`` is one input window: shape (N, L) for windows of a
    single series (one feature per time step) or (N, L, F) for F features per
    step (N = rows, L = window length, F = features). ``y`` holds one target,
    shape (N,), or H targets per window, shape (N, H) (a direct multi-step
    forecast). The network is torch's fused ``nn.RNN``, ``nn.LSTM`` or
    ``nn.GRU`` with a linear head (:class:`rnnforecast.nn.RNNNet`), trained
    with skorch by Adam on mini-batches.

    The architecture is made of plain parameters, so ``GridSearchCV`` can
    choose it like any other hyperparameter.

    Parameters
    ----------
    cell : {"rnn", "lstm", "gru"}, default="gru"
        Recurrent cell: Elman RNN (tanh), LSTM or GRU.
    hidden_size : int, default=32
        Features in the hidden state.
    num_layers : int, default=1
        Stacked recurrent layers.
    dropout : float, default=0.0
        Dropout between stacked recurrent layers: with ``num_layers=1`` it
        has no effect, and fitting says so (a warning).
    step_length : int, default=1
        Values of the window fed to the cell per recurrent step. A window of
        168 hourly values with ``step_length=24`` is a recurrence of 7 steps
        of one day each: faster, and easier to train on long windows.
    normalize : bool, default=False
        Standardise each window by its own mean and standard deviation (and
        map the outputs back), with the loss computed on that scale. Use it
        when rows come from series of very different scales. Scale-free: ``c``
        times the data (c from 1e-30 to 1e30) gives ``c`` times the
        predictions. The outputs are in the units of the windows' first
        feature; when the targets are not (a scaler or a log step before
        ``WindowTransformer`` in a ``Pipeline``, targets left unscaled),
        ``fit`` detects it and learns the increasing map between the two
        units from their quantiles (``target_map_``). With ``normalize=False``
        the data are standardised as a whole instead: one mean and standard
        deviation per feature of the windows and per target column, measured
        in ``fit`` (``data_scale_``), the loss on that scale; levels stay
        comparable across windows, and values in the thousands train as well
        as values near 0.
    padding_flag : bool, default=False
        The last feature of ``X`` is a 0/1 flag of padded time steps (as
        ``WindowTransformer(add_indicator=True)`` and RNNForecaster's short
        series make): with ``normalize``, window statistics ignore those
        steps, so that padding never sets a window's level or scale.
    anchor : {"mean", "last"}, default="mean"
        With ``normalize``, what an output of 0 stands for: the window's mean,
        or its last value (the network then learns changes from the naive
        forecast, a safer start on short series).
    loss : {"squared_error", "absolute_error", "huber", "quantile", "normal", "student_t"}, \
default="squared_error"
        Training loss. "quantile" is the pinball loss of ``quantile`` (the
        network then predicts that quantile of the targets) or of each of
        ``quantiles``. "normal" and "student_t" train a likelihood head (as
        DeepAR): per target a location and a scale (and degrees of freedom),
        by negative log-likelihood. With ``quantiles``, "normal" or
        "student_t", :meth:`predict` gives the median and
        :meth:`predict_quantiles` any quantile.
    quantile : float or None, default=None
        The quantile, in (0, 1), predicted with ``loss="quantile"`` (as in
        ``HistGradientBoostingRegressor``); must be None with another loss.
    quantiles : list of float or None, default=None
        Several quantile levels, increasing, in (0, 1), trained together
        with ``loss="quantile"`` by one head (the pinball loss averaged over
        the levels and targets), which never lets them cross; 0.5 is added
        when missing. Instead of ``quantile``.
    max_epochs : int or None, default=100
        Passes over the training rows. None: as many as ``max_steps`` needs
        (then ``max_steps`` must be set).
    max_steps : int or None, default=None
        Stop after this many optimizer steps (mini-batches), mid-epoch if need
        be. A budget in steps means the same amount of training for 100 rows
        as for 100,000, which a budget in epochs does not.
    batch_size : int, default=64
        Rows per gradient step.
    lr : float, default=1e-3
        Learning rate of the Adam optimizer.
    lr_schedule : {"constant", "cosine"}, default="constant"
        "cosine" decays the learning rate from ``lr`` to 0 along a half cosine
        over the training steps (``max_steps``, or ``max_epochs`` times the
        batches per epoch, whichever is smaller).
    weight_decay : float, default=0.0
        L2 penalty of the optimizer.
    clip_grad_norm : float or None, default=1.0
        Clip the gradients' global norm to this value (None: no clipping).
    validation_fraction : float or None, default=None
        Fraction of the rows held out for early stopping: always the *latest*
        rows, never shuffled. The best weights are restored at the end.
    patience : int, default=10
        Epochs without improvement of the validation loss before stopping.
    max_time : float or None, default=None
        Stop training after the first epoch that ends past this many seconds
        (None: no time limit). With a limit, the number of epochs depends on
        the machine's speed.
    device : {"auto", "cpu", "cuda"} or str, default="auto"
        Torch device; "auto" uses CUDA when available, else the CPU. A device
        torch cannot train on here ("cuda" without CUDA, "mps" without an
        Apple GPU, "meta", ...) is refused in ``fit`` with the usable ones.
    random_state : int, RandomState instance or None, default=None
        Seeds weights, dropout and shuffling. The same seed gives identical
        predictions on the CPU.
    verbose : int, default=0
        0: silent. 1 or more: a progress bar over the epochs (on stderr, see
        :class:`rnnforecast.regression.EpochProgress`) and a table of losses.
    callbacks : list of skorch callbacks or None, default=None
        Extra skorch callbacks, e.g. ``skorch.callbacks.Checkpoint``. A
        callback that monitors the validation loss (``EarlyStopping``,
        ``Checkpoint``) needs ``validation_fraction``; a learning-rate
        scheduler (``LRScheduler``) needs ``lr_schedule="constant"``.
    optimizer : torch.optim.Optimizer class, default=torch.optim.Adam
        The optimizer, as in skorch (e.g. ``torch.optim.SGD``); its learning
        rate is ``lr`` and its weight decay ``weight_decay``.
    warm_start : bool, default=False
        ``fit`` on a fitted regressor trains its network further (as
        :meth:`partial_fit`) instead of starting from new weights; parameters
        changed since apply, but not those that shape the network or its loss.
    **routed : skorch's routed parameters
        ``optimizer__*``, ``module__*`` and ``criterion__*`` keywords go to the
        optimizer, the :class:`rnnforecast.nn.RNNNet` module and the loss, as
        in skorch (e.g. ``optimizer__momentum=0.9``), and
        ``callbacks__<name>__<parameter>`` to one of ``callbacks`` (named by
        its tuple's name or its class name: ``callbacks__es__patience=5``,
        which a grid search can tune). One that duplicates a
        parameter of this class (``module__dropout``, ``optimizer__lr``, ...)
        is refused with the parameter to use, and so is one of skorch's
        NeuralNet parameters spelled otherwise here (``train_split``: use
        ``validation_fraction``; ``criterion``: ``loss``; ``iterator_train__*``).

    Attributes
    ----------
    net_ : skorch.NeuralNetRegressor
        The fitted skorch net (``net_.save_params``, ``net_.history``, ...).
        As on a skorch net, ``history``, ``module_``, ``optimizer_``,
        ``criterion_``, ``callbacks_``, ``save_params`` and ``load_params``
        can be reached on the regressor itself (they are the net's).
    history_ : skorch.History
        Per-epoch losses (``history_[:, "train_loss"]``).
    device_ : str
        The device the network was trained on.
    n_features_in_ : int
        Columns of ``X``: L for (N, L) or (N, L, F) input.
    input_shape_ : tuple of int
        ``X.shape[1:]`` seen in ``fit``.
    n_outputs_ : int
        H, targets per row.
    target_map_ : object or None
        With ``normalize``, the map from the units of the windows' first
        feature to the targets' units, when ``fit`` found the targets in other
        units (a standard deviation over 1.5 times larger or smaller than that
        of the windows' last values, or a mean more than one such standard
        deviation away); None when they share the windows' units.
    data_scale_ : tuple of 4 lists of float, or None
        Without ``normalize``: the mean and standard deviation of each feature
        of the training windows (over their observed steps) and of each target
        column, ``(in_loc, in_scale, out_loc, out_scale)``, by which the network
        standardises its inputs and maps its outputs back
        (:class:`~rnnforecast.nn.RNNNet`'s ``data_scale``); None with
        ``normalize``.
    net_params_ : dict
        The parameters ``net_`` was built with (``get_params(deep=False)``
        without ``warm_start`` and ``verbose``): ``partial_fit`` applies those
        changed since, or refuses those that shape the network.

    See Also
    --------
    rnnforecast.WindowTransformer : Makes windows inside a ``Pipeline``.
    rnnforecast.RNNForecaster : sktime forecaster built on this regressor.

    Examples
    --------
    >>> import numpy as np
    >>> from rnnforecast import RNNRegressor
    >>> t = np.arange(200, dtype=float)
    >>> series = np.sin(t / 4)
    >>> X = np.lib.stride_tricks.sliding_window_view(series[:-1], 12)
    >>> y = series[12:]
    >>> reg = RNNRegressor(cell="lstm", max_epochs=5, random_state=0).fit(X, y)
    >>> reg.predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints = {
        "cell": [StrOptions(set(CELLS))],
        "hidden_size": _positive_int(),
        "num_layers": _positive_int(),
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "step_length": _positive_int(),
        "normalize": ["boolean"],
        "padding_flag": ["boolean"],
        "anchor": [StrOptions(set(ANCHORS))],
        "loss": [StrOptions(set(LOSSES))],
        "quantile": [Interval(Real, 0, 1, closed="neither"), None],
        "quantiles": [list, tuple, np.ndarray, None],
        "max_epochs": [Interval(Integral, 1, None, closed="left"), None],
        "max_steps": [Interval(Integral, 1, None, closed="left"), None],
        "batch_size": _positive_int(),
        "lr": [Interval(Real, 0, None, closed="neither")],
        "lr_schedule": [StrOptions({"constant", "cosine"})],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "clip_grad_norm": [Interval(Real, 0, None, closed="neither"), None],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither"), None],
        "patience": _positive_int(),
        "max_time": [Interval(Real, 0, None, closed="neither"), None],
        "device": [str, torch.device],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "callbacks": [list, None],
        "optimizer": [callable],
        "warm_start": ["boolean"],
    }

    # regressors saved before these parameters existed had their defaults
    anchor = "mean"
    optimizer = torch.optim.Adam
    warm_start = False
    quantiles = None

    def __init__(
        self,
        cell="gru",
        hidden_size=32,
        num_layers=1,
        *,
        dropout=0.0,
        step_length=1,
        normalize=False,
        padding_flag=False,
        anchor="mean",
        loss="squared_error",
        quantile=None,
        quantiles=None,
        max_epochs=100,
        max_steps=None,
        batch_size=64,
        lr=1e-3,
        lr_schedule="constant",
        weight_decay=0.0,
        clip_grad_norm=1.0,
        validation_fraction=None,
        patience=10,
        max_time=None,
        device="auto",
        random_state=None,
        verbose=0,
        callbacks=None,
        optimizer=torch.optim.Adam,
        warm_start=False,
        **routed,
    ):
        self.cell = cell
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.step_length = step_length
        self.normalize = normalize
        self.padding_flag = padding_flag
        self.anchor = anchor
        self.loss = loss
        self.quantile = quantile
        self.quantiles = quantiles
        self.max_epochs = max_epochs
        self.max_steps = max_steps
        self.batch_size = batch_size
        self.lr = lr
        self.lr_schedule = lr_schedule
        self.weight_decay = weight_decay
        self.clip_grad_norm = clip_grad_norm
        self.validation_fraction = validation_fraction
        self.patience = patience
        self.max_time = max_time
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.optimizer = optimizer
        self.warm_start = warm_start
        for name, value in routed.items():  # checked in fit (check_routed)
            setattr(self, name, value)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: ArrayLike, y: ArrayLike) -> RNNRegressor:
        """Fit the network on windows ``X`` and targets ``y``.

        Parameters
        ----------
        X : array-like of shape (N, L) or (N, L, F)
            Input windows, oldest value first. A strided view of windows is
            used as it is, without materialising it.
        y : array-like of shape (N,) or (N, H)
            Targets.

        Returns
        -------
        self : RNNRegressor
        """
        if self.warm_start and hasattr(self, "net_"):
            return self.partial_fit(X, y)
        X, y = self._validate_X(X, y, reset=True)
        return self._fit_validated(X, y.reshape(len(y), -1), y.ndim)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X: ArrayLike, y: ArrayLike) -> RNNRegressor:
        """Train the fitted network further on ``X`` and ``y`` (fit it if it is not).

        As skorch's ``partial_fit``: the weights and the optimizer's state are
        kept, and the training runs the budget of ``fit`` again (``max_steps``
        or ``max_epochs``, with the learning-rate schedule from its start). ``X``
        must have the shape seen in the first fit and ``y`` as many targets.
        Parameters changed with ``set_params`` since the fit apply (``lr``,
        ``max_epochs``, ``batch_size``, ``callbacks``, ...), except those that shape
        the network or its loss (``cell``, ``hidden_size``, ``loss``, ``module__*``,
        ...): changing one of those is refused, naming it.

        Parameters
        ----------
        X : array-like of shape (N, L) or (N, L, F)
        y : array-like of shape (N,) or (N, H)

        Returns
        -------
        self : RNNRegressor
        """
        if not hasattr(self, "net_"):
            return self.fit(X, y)
        X, y = self._validate_X(X, y, reset=False)
        y2 = y.reshape(len(y), -1)
        if X.shape[1:] != tuple(self.input_shape_) or y2.shape[1] != self.n_outputs_:
            raise ValueError(
                f"{type(self).__name__}: partial_fit (and fit with warm_start=True) needs "
                f"windows of shape (N, {', '.join(map(str, self.input_shape_))}) and "
                f"{self.n_outputs_} target(s) per row as in the first fit, got X of shape "
                f"{X.shape} and {y2.shape[1]} target(s). Fit a new regressor for new shapes."
            )
        return train_further(self, X, y2)  # with set_params' changes (_warm_start)

    def _fit_windows(self, windows):
        """Fit on a lazy :class:`rnnforecast.panel.PanelWindows` (RNNForecaster's panels).

        The windows hold their targets and are gathered a batch at a time:
        ``validate_data`` would materialise them, so only the parameters are
        validated here.
        """
        self._validate_params()
        self.n_features_in_ = windows.shape[1]
        return self._fit_validated(windows, None, 2)

    def _fit_validated(self, X, y2, y_ndim):
        """Train on checked (N, L, F) windows ``X`` and (N, H) targets ``y2``
        (None: ``X`` is a PanelWindows that serves them)."""
        warn_unused_dropout(self.dropout, self.num_layers, type(self).__name__, stacklevel=4)
        warn_unused_anchor(self.anchor, self.normalize, type(self).__name__, stacklevel=4)
        if self.validation_fraction is not None and len(X) < 2:
            raise ValueError(
                f"{type(self).__name__}: validation_fraction needs at least 2 rows to split "
                f"into training and validation, got {len(X)}."
            )
        if self.max_epochs is None and self.max_steps is None:
            raise ValueError(
                f"{type(self).__name__}: max_epochs and max_steps cannot both be None, got "
                "max_epochs=None, max_steps=None. Set one of them, e.g. max_steps=2000."
            )
        # the loss and its head: point, quantiles or a distribution (_probabilistic)
        distribution, levels, criterion = loss_head(self)
        if self.padding_flag and X.shape[2] < 2:
            raise ValueError(
                f"{type(self).__name__}: padding_flag=True needs X with a padding flag as its last "
                f"feature after the values (at least 2 features per time step), got "
                f"{X.shape[2]}."
            )
        if y2 is not None:  # arrays of windows (a forecaster's panels are flagged)
            warn_unflagged_padding(self, X)
        self.distribution_, self.quantile_levels_ = distribution, levels
        self.device_ = resolve_device(self.device, type(self).__name__)
        self.input_shape_ = X.shape[1:]
        self.n_outputs_ = X.n_outputs if y2 is None else y2.shape[1]
        self._y_ndim = y_ndim
        self.target_map_ = None
        if self.normalize and y2 is not None:
            # targets in other units than the windows (a scaler or log step before
            # WindowTransformer): trained on in the windows' units (_target_units)
            self.target_map_ = fit_unit_map(X[:, -1, 0], y2[:, 0])
            if self.target_map_ is not None:
                y2 = self.target_map_.to_windows(y2)
        # without normalize: one global standardisation of the windows (_data_scale)
        self.data_scale_ = (None if self.normalize
                            else measure_data_scale(X, y2, self.padding_flag))
        seed = int(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        self.net_ = build_net(self, X.shape[2], len(X), criterion, seed)  # _net
        devices = forked_devices(self.device_)
        with torch.random.fork_rng(devices=devices):
            torch.manual_seed(seed)
            self.net_.fit(X, y2)
        self.net_params_ = snapshot(self)  # what partial_fit compares with (_warm_start)
        return self

    def predict(self, X: ArrayLike) -> np.ndarray:
        """Predict the targets of windows ``X``.

        Parameters
        ----------
        X : array-like of shape (N, L) or (N, L, F)
            Windows shaped as in ``fit``.

        Returns
        -------
        y_pred : ndarray of shape (N,) or (N, H)
            Shaped as the ``y`` given to ``fit``.
        """
        check_is_fitted(self)
        X = self._validate_X(X, reset=False)
        y_pred = self.net_.predict(X)
        distribution = getattr(self, "distribution_", None)  # None in older regressors
        if distribution is not None:
            y_pred = params_point(y_pred, distribution, self.quantile_levels_)
        return self._to_targets(y_pred)

    def _to_targets(self, y_pred):
        unit_map = getattr(self, "target_map_", None)  # None in regressors saved before it
        if unit_map is not None:
            y_pred = unit_map.to_targets(y_pred)
        return y_pred.ravel() if self._y_ndim == 1 else y_pred

    def _validate_X(self, X, y="no_validation", *, reset):
        """Check X (and y); return X as an (N, L, F) array (a view if possible)."""
        return validate_windows(self, X, y, reset=reset)

    def __setstate__(self, state):
        # a CUDA-trained net unpickled without CUDA is on the CPU (rnnforecast.persistence)
        super().__setstate__(state)
        map_to_available_device(self)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.three_d_array = True
        tags.target_tags.multi_output = True
        return tags

