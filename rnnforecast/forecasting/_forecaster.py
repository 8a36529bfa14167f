"""RNNForecaster: an sktime forecaster for one series or a panel, built on RNNRegressor.

N = windows, L = ``window_length``, F = 1 + number of exogenous columns,
H = the direct horizon (outputs of the network).

The network sees, for each time t, the window of rows t-L+1..t of the
features ``[y_t, P_t, X_{t+H}, S]``: the series, its past-only covariates,
the future-known covariates *led by H steps* (so that a window ending at the
cutoff carries them for all H forecast steps) and the series' static
covariates (:mod:`rnnforecast.forecasting._covariate_roles`). It outputs
y_{t+1}..y_{t+H} at once (direct multi-output); steps beyond H are forecast
by feeding forecasts back (recursive), except with past-only covariates,
which are not known after the cutoff.
"""

from sktime.forecasting.base import BaseForecaster

from ._aligned_input import AlignedInput
from ._covariate_roles import CovariateHooks
from ._fitting import fit_series
from ._interval_methods import IntervalMethods
from ._networks import check_params, make_regressor
from ._nonnegative import floor_at_zero
from ._point_forecast import point_forecast
from ._targets import fit_targets, is_multitarget, update_targets
from ._updates import update_series

__all__ = ["RNNForecaster"]

class RNNForecaster(IntervalMethods, CovariateHooks, AlignedInput, BaseForecaster):
    """Recurrent neural network forecaster (Elman RNN, LSTM or GRU) for sktime.

    One network (or a small ensemble, ``n_models``) is trained on the
    windows of all series given to ``fit``: a single series, or a panel
    (``pd-multiindex``: series id x time) for a global model. Each series is
    first seasonally adjusted (classical decomposition, when its seasonality
    at lag ``sp`` is significant) and each window is standardised by its own
    mean and standard deviation (``normalize=True``), so series of very
    different scales share one model; forecasts are mapped back. Series
    shorter than a window are padded (and flagged to the network; padded
    steps are left out of the window statistics), so every series is
    trained on and forecast.

    Parameters
    ----------
    window_length : int or "auto", default="auto"
        L, time steps in each input window. "auto": two seasons or two
        horizons, whichever is longer (at least 8; a week, seven seasons,
        for hourly ``sp=24``, which also has a weekly cycle; one season for
        long seasons, ``sp >= 24``, when more than 10% of the series are too
        short for two and the horizon), capped so that the longest series
        gives at least 4 complete windows (down to a window of 4 values: a
        yearly series of 15 values forecast 6 ahead gets four windows of 6).
    horizon : int or None, default=None
        H, steps forecast directly by the network. None: the largest step of
        the ``fh`` given to ``fit`` (absolute times counted from the end of each
        series of a panel: one that ends earlier is more steps from them), or 1
        when ``fit`` has no ``fh``. Longer horizons are forecast recursively.
    sp : int or "auto", default="auto"
        Seasonal period (sktime's name). "auto": from the frequency of the
        index (monthly 12, quarterly 4, weekly 52, daily 7, business daily 5,
        hourly 24, under an hour the steps of a day: 48 half-hours; 1, no
        seasonality, when unknown, e.g. an integer index, or when the longest
        series holds no full season).
    deseasonalize : bool or {"multiplicative", "additive", "best_fit"}, default=True
        Remove each series' seasonal pattern before training and put it back
        into the forecasts. True is "multiplicative": a positive series is
        divided by its seasonal indices (a swing that grows with the level);
        "additive" subtracts them (a swing of a constant size, as in
        temperatures); "best_fit" takes, per series, whichever fits its last
        two seasons better relative to its values. A series with values <= 0
        is always adjusted additively. Applied only to series with at least 3
        ``sp`` values whose autocorrelation at lag ``sp`` is significant
        (90%), as in the M4 benchmarks; other series are used as they are.
        ``seasonal_`` holds the indices used. A kind named here (a str) that
        no series gets warns, saying why.
    cell : {"rnn", "lstm", "gru"}, default="gru"
        Recurrent cell.
    hidden_size : int or "auto", default="auto"
        Features in the hidden state. "auto": 32, or 64 when the series give
        50,000 training windows or more (a global model of a large panel).
    num_layers : int, default=1
        Stacked recurrent layers.
    dropout : float, default=0.0
        Dropout between stacked recurrent layers: with ``num_layers=1`` it has
        no effect, and fitting says so (a warning).
    step_length : int or "auto", default="auto"
        Values fed to the cell per recurrent step (see
        :class:`rnnforecast.RNNRegressor`). "auto": one season per step
        (``sp``) for long seasons (``sp >= 24``: hourly, weekly) when the
        window holds two seasons or more (half a season when it holds one),
        so that the recurrence runs over a few seasons rather than hundreds
        of values; with shorter seasons, on a single series, the largest
        divisor of ``sp`` that leaves the window at least 8 recurrent steps (a
        monthly window of 36: 4 values a step; quarterly 16: 2), else 1.
    normalize : bool, default=True
        Standardise each window by its own statistics. False: one
        standardisation of all windows (the training data's mean and standard
        deviation), so that the network sees each series' level (what static
        covariates can explain).
    anchor : {"mean", "last"}, default="mean"
        What a network output of 0 stands for (with ``normalize``): the
        window's mean, or its last value (the naive forecast).
    loss : {"absolute_error", "squared_error", "huber", "quantile", "normal", "student_t"}, \
default="absolute_error"
        Training loss, on the normalised scale. "quantile" trains one head for
        all of ``quantiles`` (pinball loss, quantiles that never cross);
        "normal" and "student_t" a likelihood head (DeepAR style: location,
        scale, and degrees of freedom, by negative log-likelihood). With these
        three the point forecast is the network's median, and
        ``predict_quantiles``, ``predict_interval`` and ``predict_var`` come
        from the network's distribution (conformalised with ``calibration``
        "holdout" or "insample"; :mod:`rnnforecast.forecasting._probabilistic`).
    quantiles : list of float or None, default=None
        The levels trained with ``loss="quantile"`` (required then, and only
        then), increasing in (0, 1); 0.5 is added when missing. Quantiles
        between two trained levels are interpolated linearly; levels outside
        them are refused (e.g. ``[0.025, 0.1, 0.5, 0.9, 0.975]`` gives 80% and
        95% intervals).
    max_epochs : int or None, default=None
        Passes over the windows; None: as many as ``max_steps`` takes.
    max_steps : int, "auto" or None, default="auto"
        Optimizer steps per network: the training budget (stopping
        mid-epoch if need be). "auto": ten passes over the windows, but at
        least 2,000 steps (a short series needs many passes) and at most
        10,000 (a large panel learns its patterns in fewer passes); with
        little data the least is 1 step per window of one series, 2 per
        window of a panel, and at least 300 (2,000 fixed steps overfit one
        series, short or long).
        With ``max_epochs`` too, whichever ends first.
    batch_size : int, default=256
    lr : float, default=3e-3
        Adam's (initial) learning rate.
    lr_schedule : {"cosine", "constant"}, default="cosine"
        "cosine" decays the learning rate to 0 over the training steps. Set
        "constant" when a scheduler callback of your own sets it.
    weight_decay : float, default=0.0
    clip_grad_norm : float or None, default=1.0
    validation_fraction : float or None, default=None
        Latest fraction of the windows held out for early stopping.
    patience : int, default=10
    max_time : float or None, default=None
        Stop training after the first epoch that ends past this many seconds.
    n_models : int, default=1
        Networks trained with different seeds (drawn from ``random_state``; the
        first is the network of ``n_models=1``); the forecast is their median.
    n_jobs : int or None, default=None
        Processes that train the ``n_models`` networks side by side on the CPU
        (joblib's meaning: None one, -1 every core), each with an equal share
        of torch's threads; the same forecasts as one after another on the
        same number of threads. One network, or a GPU, trains in this process.
    device : str, default="auto"
    random_state : int or None, default=None
        The same seed gives the same forecast (on the CPU).
    verbose : int, default=0
    callbacks : list of skorch callbacks or None, default=None
        Extra skorch callbacks for the network, e.g. an ``LRScheduler``.
    calibration : {"auto", "insample", "holdout"} or None, default="auto"
        How ``predict_interval`` and ``predict_quantiles`` learn the errors
        (:mod:`rnnforecast.forecasting._intervals`): "insample" measures the
        fitted network's errors on its own last training targets (no extra
        fit; narrow where the network has partly learnt them); "holdout" fits
        a second network without the last steps of each series and measures
        its errors on them (as long as the fit, made when intervals are first
        asked for, so that point forecasts never wait for it); "auto" is "holdout" below
        50,000 training windows (one series, a small panel: the network passes
        over each window many times, and in-sample errors covered 0.77 where
        0.80 was asked, 0.93 for 0.95; held-out ones 0.83 and 0.96) and
        "insample" above (M4 Hourly and Weekly: as good as "holdout", without
        the second fit); None: no intervals. Either way each series' interval
        is scaled by its own error level. With a probabilistic ``loss``
        ("quantile", "normal", "student_t") the intervals come from the
        network's distribution: None takes its quantiles as they are,
        "holdout" and "insample" conformalise them (CQR: each level moved by
        the quantile of its errors on those values,
        :mod:`rnnforecast.forecasting._probabilistic`), and "auto" is "holdout"
        below 50,000 training windows (where the network's own quantiles are
        far too narrow) and None above (M4: the network's are best).

    combine : {"auto", "median"} or None, default="auto"
        "median": each forecast step is the median of the network's forecast
        and two classical ones of the same (seasonally adjusted) series, the
        Theta method and Holt's damped trend (with a seasonal correction that
        follows the errors on a seasonal series): a network that strays from
        both is overruled. None: the network alone. "auto": "median" when
        the network trains on fewer than 50,000 windows (one series, a small
        panel) and there is no ``X`` (which the classical forecasts cannot
        use), the network alone otherwise; the median is replaced by the
        network alone when a second network, fitted without each series' last
        values, forecasts them better than the median does: on a panel of 20
        series or more a paired comparison over the series, on fewer (one
        series) over 6 blocks of ``horizon`` values at the end of each series
        at least twice as long as those blocks
        (``rnnforecast.forecasting._guard``).
        Measured on data never used to choose it (M1, one model per series),
        see the design notes. With a probabilistic ``loss``, "auto" is the
        network alone; "median" re-centres the network's distribution on the
        combined point forecast.
    nonnegative : {"auto", True, False}, default="auto"
        Clip forecasts and quantiles (``predict``, ``predict_interval``,
        ``predict_quantiles``) at 0. "auto": for each series without a
        negative value in ``fit`` (a count, sales), until ``update`` brings one;
        True: every series; False: none. ``predict_var`` and ``predict_proba``
        are not clipped (``rnnforecast.forecasting._nonnegative``).
    past_covariates : list of str or None, default=None
        Columns of ``X`` known only up to the cutoff (a measured temperature,
        a competitor's sales): fed to the network as the series is, on the
        rows of each window, so that ``predict`` needs no future values of
        them. The network then forecasts at most ``horizon`` steps, all
        directly: fit with the ``fh`` to forecast (or ``horizon=``).
    static_covariates : list of str or None, default=None
        Columns of ``X`` constant within each series (store size, region):
        numeric columns are standardised over the series, others (text,
        categorical, boolean) one-hot encoded (both learnt in ``fit``), and
        fed on every row of the series' windows, unnormalised. ``predict``
        and ``update`` take them from ``fit``; given again, they must hold
        the same values. The other
        columns of ``X`` are future-known: ``predict`` needs their values
        for the forecast steps (given to ``predict``, or to ``fit`` after the
        end of ``y``).
    channels : {"independent", "mixing"}, default="independent"
        How one network forecasts the k columns of a ``y`` with several
        target columns (a DataFrame, or a panel frame, of k >= 2 columns;
        ``rnnforecast.forecasting._targets``). "independent": each column is
        one more series of a panel, the network sees one column at a time
        (shared weights, channel independence as in PatchTST). "mixing":
        each window carries all k columns of its series as features and the
        network outputs the k x H values at once. Either way each column is
        seasonally adjusted, scaled and calibrated on its own, and ``X`` is
        shared by the columns. No effect on a single target column. On ETTh1
        (7 columns, 24 hours ahead) "independent" had lower errors than
        "mixing" and than one network per column (docs/benchmarks.md).

    Notes
    -----
    Training parameters are those of :class:`rnnforecast.RNNRegressor`.

    **Covariates.** See the user guide's "Covariates" section. With
    ``normalize=True`` each window is standardised by its own statistics, so
    static covariates tell the network how a series moves rather than its
    level; fit with ``normalize=False`` for levels the static columns encode.

    **Input checks and alignment.** The time index of ``y`` and ``X`` (of
    each series of a panel) must be a ``PeriodIndex``, a ``DatetimeIndex``
    with a regular frequency or consecutive integers, unique, increasing and
    without gaps. ``X`` is matched to ``y`` by label, never by position: in
    ``fit`` and ``update`` it may start earlier (those rows are dropped) and
    go further (those rows are known future covariates, used by ``predict``
    and ``update`` when ``X`` is not given again). ``update`` accepts rows
    that overlap or precede the seen ones (time order is kept, new values
    win) but refuses a gap. An absolute ``fh`` names the same times for
    every series of a panel; a relative one counts from each series' end.

    Attributes
    ----------
    regressors_ : list of RNNRegressor
        The fitted networks (``n_models`` of them), shared by all series.
    regressor_ : RNNRegressor
        The first of them.
    horizon_ : int
        H used in fit.
    sp_ : int
        The seasonal period used.
    window_length_ : int
        L used.
    step_length_ : int
        Values per recurrent step used.
    max_steps_ : int or None
        The step budget used per network.
    hidden_size_ : int
        The hidden size used.
    combine_ : "median" or None
        The combination used (None: the network alone).
    calibration_ : Calibration
        The errors the intervals come from (or why there are none); a held-out
        calibration is made on first use (``predict_interval``, reading it).
    seasonal_ : dict
        Per series id (None for a single series), its
        :class:`rnnforecast.seasonality.SeasonalIndices`, or None where the
        series was not adjusted.
    n_series_ : int
        Series seen in fit.
    covariates_ : CovariateRoles
        The columns of ``X`` by role (``future``, ``past``, ``static``) and the
        encoding of the static ones
        (:class:`rnnforecast.forecasting._covariate_roles.CovariateRoles`).
    target_columns_ : list
        With k >= 2 target columns: their names (absent otherwise).
    forecaster_ : RNNForecaster
        With k >= 2 target columns: the forecaster fitted on them as a panel
        of k series per series of ``y`` (its fitted attributes are shown
        here too).

    Examples
    --------
    >>> from rnnforecast import RNNForecaster
    >>> from rnnforecast.datasets import load_airline
    >>> y = load_airline()
    >>> f = RNNForecaster(window_length=24, max_epochs=5, random_state=0)
    >>> y_pred = f.fit(y, fh=[1, 2, 3]).predict()
    >>> y_pred.index.astype(str).tolist()
    ['1961-01', '1961-02', '1961-03']
    """

    _tags = {
        "authors": ["rnnforecast developers"],
        "maintainers": ["rnnforecast developers"],
        "python_dependencies": ["torch", "skorch"],
        "y_inner_mtype": ["pd.Series", "pd.DataFrame", "pd-multiindex", "pd_multiindex_hier"],
        "X_inner_mtype": ["pd.DataFrame", "pd-multiindex", "pd_multiindex_hier"],
        "capability:multivariate": True,  # k target columns (_targets)
        "capability:exogenous": True,
        "capability:insample": False,
        "capability:pred_int": True,
        "capability:pred_int:insample": False,  # no in-sample forecasts, so no intervals
        "capability:missing_values": False,
        "capability:update": True,
        "requires-fh-in-fit": False,
        "X-y-must-have-same-index": True,
        "capability:non_contiguous_X": False,
        "capability:random_state": True,
        # random with random_state=None, the same forecast for the same random_state
        "property:randomness": "derandomized",
    }
    # the forecaster keeps the last window of each series itself
    _config = {"remember_data": False}

    def __init__(
        self,
        window_length="auto",
        horizon=None,
        *,
        sp="auto",
        deseasonalize=True,
        cell="gru",
        hidden_size="auto",
        num_layers=1,
        dropout=0.0,
        step_length="auto",
        normalize=True,
        anchor="mean",
        loss="absolute_error",
        quantiles=None,
        max_epochs=None,
        max_steps="auto",
        batch_size=256,
        lr=3e-3,
        lr_schedule="cosine",
        weight_decay=0.0,
        clip_grad_norm=1.0,
        validation_fraction=None,
        patience=10,
        max_time=None,
        n_models=1,
        n_jobs=None,
        device="auto",
        random_state=None,
        verbose=0,
        callbacks=None,
        calibration="auto",
        combine="auto",
        nonnegative="auto",
        past_covariates=None,
        static_covariates=None,
        channels="independent",
    ):
        self.window_length = window_length
        self.horizon = horizon
        self.sp = sp
        self.deseasonalize = deseasonalize
        self.cell = cell
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.step_length = step_length
        self.normalize = normalize
        self.anchor = anchor
        self.loss = loss
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
        self.n_models = n_models
        self.n_jobs = n_jobs
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.callbacks = callbacks
        self.calibration = calibration
        self.combine = combine
        self.nonnegative = nonnegative
        self.past_covariates = past_covariates
        self.static_covariates = static_covariates
        self.channels = channels
        super().__init__()
        # sktime's own storage of the data, used only if remember_data is set
        self._y, self._X = None, None

    # fit, predict, predict_interval, predict_quantiles and update: AlignedInput;
    # calibration_, _predict_quantiles and _predict_var: IntervalMethods
    @property
    def _owner(self):
        """The class's name in error messages (a subclass's errors name the subclass)."""
        return type(self).__name__

    # ------------------------------------------------------------------ fit
    def _fit(self, y, X=None, fh=None):
        check_params(self)  # forecasting._networks
        self.__dict__.pop("calibration_", None)  # a property: sktime's reset keeps it
        if is_multitarget(y):  # k target columns: rnnforecast.forecasting._targets
            return fit_targets(self, y, X, fh)
        return fit_series(self, y, X, fh)  # one target column: forecasting._fitting

    @property
    def regressor_(self):
        """The first fitted network (the only one when ``n_models=1``)."""
        return self.regressors_[0]

    @regressor_.setter
    def regressor_(self, regressor):
        self.regressors_ = [regressor]

    # forecasters saved before ``combine`` and ``anchor`` existed: the network alone
    combine, combine_, anchor, quantiles = None, None, "mean", None
    # and before ``channels``: one target column; before ``nonnegative``: no floor
    channels, _mixed = "independent", None
    nonnegative = False
    n_jobs = None  # and before ``n_jobs``: networks trained one after another

    @property
    def _rows_kept(self):
        """L + H: the latest rows of a series (and X) that the network's forecast depends on."""
        return self.window_length_ + self.horizon_

    def _remember(self, series, frames):
        """Keep the last L + H rows of each series (and of X's time-varying columns),
        all that the network needs; all of the series when the classical forecasts of
        ``combine`` need them."""
        keep = self._rows_kept
        time = self._roles.time
        self._last_y = [(key, s if self.combine_ else s.iloc[-keep:]) for key, s in series]
        self._last_X = [None if f is None or not time else f[time].iloc[-keep:]
                        for f in frames]

    def _make_regressor(self, seed):
        """The network of one ensemble member (forecasting._networks)."""
        return make_regressor(self, seed)

    # -------------------------------------------------------------- predict
    def _predict(self, fh, X=None):
        # rnnforecast.forecasting._point_forecast, then the floor of ._nonnegative
        return floor_at_zero(self, point_forecast(self, fh, X))

    def _update(self, y, X=None, update_params=True):
        """Move the cutoff; forecasts then start from the newest window (no refit)."""
        if hasattr(self, "target_columns_"):
            return update_targets(self, y, X, update_params)
        return update_series(self, y, X)  # rnnforecast.forecasting._updates

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Three tiny, fast parameter sets for sktime's conformance tests: the defaults'
        path (the guard, the median, a holdout calibration), several target columns with
        the network alone calibrated in-sample (no holdout fits), and a likelihood head,
        whose intervals need no calibration fit."""
        return [
            {"window_length": 3, "hidden_size": 4, "max_epochs": 2, "random_state": 0},
            {
                "window_length": 4,
                "cell": "lstm",
                "hidden_size": 3,
                "step_length": 2,
                "max_epochs": 1,
                "loss": "squared_error",
                "channels": "mixing",  # several target columns in one window
                "combine": None,
                "calibration": "insample",
                "random_state": 1,
            },
            {"window_length": 3, "hidden_size": 3, "max_epochs": 1, "loss": "normal",
             "calibration": None, "random_state": 2},
        ]
