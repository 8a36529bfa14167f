"""A sweep of bad and edge inputs over rnnforecast's public entry points (issue 20).

Each case makes one call and declares what is right: a correct result
(:class:`Returns`, checked on the value), an error whose message names the
parameter (:class:`Raises`, a regex on the message), or a warning
(:class:`Warns`). Each run is classified as

- ``clear``: the expected error (or warning), with a message that matches;
- ``correct``: the expected result;
- ``unclear``: an error, but its message does not match (e.g. a raw
  ``TypeError`` or ``IndexError`` from inside numpy, pandas or torch, or one
  that names an internal parameter);
- ``silent``: no error where one was due, or a wrong value;
- ``crash``: an exception on valid input, or an exception of a type no
  validation raises (``AttributeError``, ``RuntimeError``, ...).

The cases cover the items of issue 20 (intervals from too few errors, tiny
values, scalers before the windows, pandas labels in the interval metrics,
``predict_var(cov=True)``, the CLI, gaps in ``make_supervised``, the crashes,
the skorch/scikit-learn habits, the unclear messages it names) and the other
entry points: RNNForecaster's fit/predict/predict_interval/predict_quantiles/
predict_var/update, RNNRegressor, WindowTransformer, make_supervised, the
metrics, persistence, compare_cells, the datasets and the CLI, and issue 19's
bad inputs (covariate roles, several target columns, the heads' quantiles). Models are
tiny (hidden_size 4-8, at most 30 steps): the sweep takes a minute or two on
one core.

Run ``python benchmarks/bad_inputs.py`` (``-k TEXT`` runs the cases whose name
contains TEXT, ``--verbose`` prints every case, ``--list`` the names).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import io
import os
import pickle
import re
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd
import torch
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sktime.forecasting.base import ForecastingHorizon

from rnnforecast import (
    RNNForecaster,
    RNNRegressor,
    WindowTransformer,
    compare_cells,
    datasets,
    make_supervised,
    metrics,
)
from rnnforecast.persistence import load

CLEAR, CORRECT, UNCLEAR, SILENT, CRASH = "clear", "correct", "unclear", "silent", "crash"
OUTCOMES = (CLEAR, CORRECT, UNCLEAR, SILENT, CRASH)
PASSING = (CLEAR, CORRECT)


# ----------------------------------------------------------------- expectations
@dataclass
class Raises:
    """The right answer is an error of ``types`` whose message matches ``match``."""

    match: str
    types: tuple = (ValueError, TypeError)


@dataclass
class Warns:
    """The right answer is a warning of ``category`` whose message matches ``match``."""

    match: str
    category: type = Warning


@dataclass
class Returns:
    """The right answer is a value that passes ``check`` (False or an AssertionError: wrong).

    ``or_raises`` / ``or_warns``: a refusal (or a warning) that names the
    reason is right too.
    """

    check: Callable[[Any], Any]
    what: str
    or_raises: Raises | None = None
    or_warns: Warns | None = None


@dataclass
class Case:
    name: str
    call: Callable[[], Any]
    expect: Any
    note: str = ""


@dataclass
class Result:
    case: Case
    outcome: str
    detail: str
    seconds: float = 0.0
    where: str = ""


CASES: list[Case] = []


def add(name, call, expect, note=""):
    if any(c.name == name for c in CASES):
        raise ValueError(f"bad_inputs: duplicate case name {name!r}")
    CASES.append(Case(name, call, expect, note))


# exceptions a validation raises; any other type is a crash
VALIDATION_ERRORS = (ValueError, TypeError, LookupError, NotImplementedError, OSError)


class CLIExit(Exception):
    """The CLI exited with a non-zero status (its stderr is the message)."""


def _short(text, n=220):
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 3] + "..."


def _where(error):
    """file:line of the innermost frame that raised ``error`` (outside this file)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if not f.filename.endswith("bad_inputs.py")]
    if not frames:
        return ""
    frame = frames[-1]
    path = frame.filename
    for marker in ("site-packages/", "rnnforecast/"):
        if marker in path:
            path = (marker if marker == "rnnforecast/" else "") + path.split(marker)[-1]
            break
    return f"{path}:{frame.lineno}"


def _is_validation_error(error):
    from sklearn.exceptions import NotFittedError

    from rnnforecast.exceptions import RNNForecastError

    return isinstance(error, (*VALIDATION_ERRORS, NotFittedError, RNNForecastError, CLIExit))


def _matching_warning(caught, expect):
    for w in caught:
        if issubclass(w.category, expect.category) and re.search(expect.match, str(w.message)):
            return w
    return None


def classify(case):
    """Run ``case`` once and return its :class:`Result`."""
    start = time.perf_counter()
    expect = case.expect
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                value = case.call()
        except Exception as error:  # noqa: BLE001 - the point of the sweep
            seconds = time.perf_counter() - start
            return _classify_error(case, error, seconds)
    seconds = time.perf_counter() - start
    if isinstance(expect, Raises):
        warned = [_short(f"{w.category.__name__}: {w.message}", 120) for w in caught
                  if not issubclass(w.category, (FutureWarning, DeprecationWarning))]
        extra = f" (warnings: {warned[:2]})" if warned else ""
        return Result(case, SILENT, f"no error, returned {_short(repr(value), 120)}{extra}",
                      seconds)
    if isinstance(expect, Warns):
        if _matching_warning(caught, expect):
            return Result(case, CLEAR, "warned", seconds)
        return Result(case, SILENT, f"no matching warning; returned {_short(repr(value), 120)}",
                      seconds)
    try:
        ok = expect.check(value)
        wrong = f"{expect.what}: got {_short(repr(value), 150)}" if ok is False else None
    except AssertionError as error:
        wrong = f"{expect.what}: {_short(error)}"
    except Exception as error:  # noqa: BLE001 - a check that cannot read the value
        wrong = (f"{expect.what}: the result could not be checked "
                 f"({type(error).__name__}: {_short(error, 150)})")
    if wrong is None:
        return Result(case, CORRECT, expect.what, seconds)
    warned = expect.or_warns and _matching_warning(caught, expect.or_warns)
    if warned:  # a wrong value, but said so
        return Result(case, CLEAR, f"{wrong}; warned {warned.category.__name__}: "
                      f"{_short(warned.message, 150)}", seconds)
    return Result(case, SILENT, wrong, seconds)


def _classify_error(case, error, seconds):
    expect = case.expect
    message = f"{type(error).__name__}: {_short(error)}"
    where = _where(error)
    refusal = expect if isinstance(expect, Raises) else getattr(expect, "or_raises", None)
    if refusal is not None and isinstance(error, refusal.types) and re.search(
        refusal.match, str(error), flags=re.S
    ):
        return Result(case, CLEAR, message, seconds, where)
    if not _is_validation_error(error):
        return Result(case, CRASH, message, seconds, where)
    if refusal is None:  # valid input: any error is a crash
        return Result(case, CRASH, message, seconds, where)
    return Result(case, UNCLEAR, message, seconds, where)


def run(cases=None):
    """Classify ``cases`` (default: all) one after the other; the list of Results."""
    torch.set_num_threads(1)
    return [classify(case) for case in (CASES if cases is None else cases)]


def summary(results):
    counts = {outcome: 0 for outcome in OUTCOMES}
    for r in results:
        counts[r.outcome] += 1
    return counts


# --------------------------------------------------------------------- fixtures
FAST = dict(window_length=12, hidden_size=4, max_steps=20, random_state=0, combine=None,
            calibration=None)


def fc(**params):
    """A tiny RNNForecaster (no intervals, the network alone) with ``params`` changed."""
    return RNNForecaster(**{**FAST, **params})


def reg(**params):
    return RNNRegressor(**{"hidden_size": 4, "max_epochs": 2, "random_state": 0, **params})


@functools.cache
def airline():
    return datasets.load_airline()


def months(n, start="2000-01"):
    return pd.period_range(start, periods=n, freq="M")


def noise(n, seed=0, sd=5.0, level=100.0):
    """White noise around ``level`` on an integer index (no season)."""
    return pd.Series(level + sd * np.random.default_rng(seed).standard_normal(n))


def dated(values, freq="MS", start="2000-01-01", keep_freq=False):
    """``values`` on a DatetimeIndex, without its freq (as read from a CSV) unless kept."""
    index = pd.date_range(start, periods=len(values), freq=freq)
    if not keep_freq:
        index = pd.DatetimeIndex(list(index))
    return pd.Series(np.asarray(values, dtype=float), index=index, name="y")


def panel(lengths, freq="D", start="2020-01-01", seed=0):
    """A pd-multiindex panel frame, series "a", "b", ...; dates without freq."""
    rng = np.random.default_rng(seed)
    pieces = []
    for i, n in enumerate(lengths):
        times = pd.date_range(start, periods=n, freq=freq)
        values = 50 + 10 * np.sin(np.arange(n) / 3) + rng.standard_normal(n)
        pieces.append(pd.DataFrame(
            {"y": values},
            index=pd.MultiIndex.from_arrays([[chr(97 + i)] * n, times], names=["id", "time"]),
        ))
    return pd.concat(pieces)


def fresh(fit):
    """A cached fit, copied for each call: predict(fh=...) and update change a forecaster."""
    fit = functools.cache(fit)

    @functools.wraps(fit)
    def copy_of_fit():
        return copy.deepcopy(fit())
    return copy_of_fit


@fresh
def fitted():
    """Tiny forecaster fitted on airline with fh=1..3, no intervals."""
    return fc().fit(airline(), fh=[1, 2, 3])


@fresh
def fitted_cal():
    """Tiny forecaster with in-sample intervals, fitted on airline with fh=1..3."""
    return fc(calibration="insample").fit(airline(), fh=[1, 2, 3])


@fresh
def issue_example():
    """The forecaster of issue 20, item 1: default calibration and combine, no fh in fit."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return RNNForecaster(window_length=12, hidden_size=8, max_steps=30,
                             random_state=0).fit(airline())


@fresh
def fitted_x():
    """Tiny forecaster fitted on airline with one exogenous column."""
    y = airline()
    X = pd.DataFrame({"x": np.arange(len(y) + 6, dtype=float)},
                     index=pd.period_range(y.index[0], periods=len(y) + 6, freq="M"))
    return fc().fit(y, X=X.iloc[: len(y)], fh=[1, 2]), X


@fresh
def fitted_reg():
    X = np.random.default_rng(0).standard_normal((40, 5))
    y = X.sum(axis=1)
    return reg().fit(X, y)


def interval_widths(frame):
    """(steps, levels) widths upper - lower of a predict_interval frame."""
    levels = sorted({c[1] for c in frame.columns})
    return np.column_stack([
        frame.xs((lv, "upper"), axis=1, level=[1, 2]).to_numpy().ravel()
        - frame.xs((lv, "lower"), axis=1, level=[1, 2]).to_numpy().ravel()
        for lv in levels
    ])


def rolling_coverage(forecaster, y, start, h, level):
    """Coverage of ``level`` intervals of steps 1..h from origins start, start + h, ...

    The forecaster is fitted on ``y[:start]`` then moved on by ``update``
    (no refit): one fit, many origins.
    """
    inside = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster.fit(y.iloc[:start], fh=list(range(1, h + 1)))
        for origin in range(start, len(y) - h + 1, h):
            if origin > start:
                forecaster.update(y.iloc[origin - h : origin])
            bounds = forecaster.predict_interval(fh=list(range(1, h + 1)), coverage=level)
            actual = y.iloc[origin : origin + h].to_numpy()
            inside += list((bounds.iloc[:, 0].to_numpy() <= actual)
                           & (actual <= bounds.iloc[:, 1].to_numpy()))
    return float(np.mean(inside))


def cli(*argv):
    """Run the CLI in-process: its stdout, or CLIExit with its stderr when status != 0."""
    from rnnforecast.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exit_:  # argparse
            code = exit_.code
    if code:
        raise CLIExit(f"exit {code}: {err.getvalue().strip()}")
    return out.getvalue()


@functools.cache
def tmpdir():
    return Path(tempfile.mkdtemp(prefix="rnnforecast-bad-inputs-"))


def csv_file(name, text):
    path = tmpdir() / name
    path.write_text(text)
    return str(path)


def cli_csv(name, text, *extra):
    """``forecast`` of the column "value" of a CSV with the time column "date"."""
    columns = () if "--time-column" in extra else ("--column", "value", "--time-column", "date")
    return cli("forecast", "--csv", csv_file(name, text), *columns, "--horizon", "2",
               "--max-epochs", "1",
               "--window-length", "4", "--hidden-size", "4", "--quiet", *extra)


def close(a, b, rtol=1e-6, atol=0.0):
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float),
                               rtol=rtol, atol=atol)
    return True


def mape(pred, actual):
    pred, actual = np.asarray(pred, dtype=float), np.asarray(actual, dtype=float)
    return float(np.mean(np.abs(pred - actual) / np.abs(actual)) * 100)


def finite_series(n):
    def check(value):
        assert len(value) == n, f"{len(value)} values, expected {n}"
        assert np.isfinite(np.asarray(value, dtype=float)).all(), "non-finite forecasts"
        return True
    return check


# ============================================================== issue 20 items
# 1. intervals from too few errors
def _item1_nested(frame):
    widths = interval_widths(frame)
    assert (widths[:, 0] > 0).all(), f"80% widths {widths[:, 0].round(3).tolist()} (lower == upper)"
    assert (widths[:, 1] > widths[:, 0]).all(), (
        f"95% widths {widths[:, 1].round(3).tolist()} not wider than 80% "
        f"{widths[:, 0].round(3).tolist()}")
    return True


add("item1/no fh in fit: 80% and 95% intervals have width and are nested",
    lambda: issue_example().predict_interval(fh=[1, 2], coverage=[0.8, 0.95]),
    Returns(_item1_nested, "lower < upper and 95% wider than 80%",
            or_warns=Warns("calibration|coverage|cover", Warning)))
add("item1/no fh in fit: predict_var > 0",
    lambda: issue_example().predict_var(fh=[1, 2]),
    Returns(lambda v: (v.to_numpy() > 0).all(), "positive variances"))
add("item1/fh=[1] in fit: 80/95/99% widths increase",
    lambda: fc(calibration="insample").fit(airline(), fh=[1]).predict_interval(
        coverage=[0.8, 0.95, 0.99]),
    Returns(lambda f: (np.diff(interval_widths(f), axis=1) > 0).all()
            and (interval_widths(f) > 0).all(),
            "widths 0 < w80 < w95 < w99", or_warns=Warns("calibration errors|cover", Warning)))
add("item1/fh=1..3 in fit: 80/95/99% widths increase",
    lambda: fitted_cal().predict_interval(coverage=[0.8, 0.95, 0.99]),
    Returns(lambda f: (np.diff(interval_widths(f), axis=1) > 0).all(),
            "widths w80 < w95 < w99", or_warns=Warns("calibration errors|cover", Warning)))


def _point_inside(forecaster):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        point = forecaster.predict(fh=[1, 2, 3]).to_numpy()
        bounds = forecaster.predict_interval(fh=[1, 2, 3], coverage=0.9)
    lower, upper = bounds.iloc[:, 0].to_numpy(), bounds.iloc[:, 1].to_numpy()
    assert ((lower <= point) & (point <= upper)).all(), (
        f"forecast {point.round(2).tolist()} outside [{lower.round(2).tolist()}, "
        f"{upper.round(2).tolist()}]")
    return True


add("item1/the point forecast lies inside its own 90% interval (combine=median)",
    lambda: issue_example(), Returns(_point_inside, "lower <= forecast <= upper"))


def _coverage_at_least(minimum):
    def check(value):
        assert value >= minimum, f"coverage {value:.2f}, expected at least {minimum}"
        return True
    return check


add("item1/white noise sd 5, fh 1..6 in fit: 90% intervals cover >= 0.8",
    lambda: rolling_coverage(fc(calibration=RNNForecaster().calibration,  # the default
                                 max_steps=30, hidden_size=8),
                             noise(200, seed=1), start=110, h=6, level=0.9),
    Returns(_coverage_at_least(0.8), "empirical coverage of 90% intervals"))


def _no_fh_coverage():
    y = noise(200, seed=2)
    forecaster = RNNForecaster(window_length=12, hidden_size=8, max_steps=30, random_state=0,
                               combine=None)
    inside = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        forecaster.fit(y.iloc[:110])  # no fh: how sktime's tuners refit
        for origin in range(110, 194, 6):
            if origin > 110:
                forecaster.update(y.iloc[origin - 6 : origin])
            b = forecaster.predict_interval(fh=list(range(1, 7)), coverage=0.9)
            actual = y.iloc[origin : origin + 6].to_numpy()
            lower, upper = b.iloc[:, 0].to_numpy(), b.iloc[:, 1].to_numpy()
            inside += list((lower <= actual) & (actual <= upper))
    return float(np.mean(inside))


add("item1/white noise sd 5, no fh in fit: 90% intervals cover >= 0.8",
    _no_fh_coverage, Returns(_coverage_at_least(0.8), "empirical coverage of 90% intervals"))


# 2. tiny values
def _tiny_regressor():
    rng = np.random.default_rng(0)
    t = np.arange(300)
    series = np.sin(2 * np.pi * t / 12) + 2 + 0.05 * rng.standard_normal(300)
    X = np.lib.stride_tricks.sliding_window_view(series[:-1], 12)
    y = series[12:]
    tiny = reg(normalize=True, max_epochs=5).fit(X[:250] * 1e-10, y[:250] * 1e-10)
    unit = reg(normalize=True, max_epochs=5).fit(X[:250], y[:250])
    return tiny.predict(X[250:] * 1e-10), unit.predict(X[250:]) * 1e-10


add("item2/RNNRegressor(normalize=True) on values ~1e-10: 1e-10 x the predictions at scale 1",
    _tiny_regressor, Returns(lambda r: close(r[0], r[1], rtol=1e-3), "scale-free predictions"))


def _scale_free():
    y = airline()
    a = fc().fit(y, fh=[1, 2, 3]).predict()
    b = fc().fit(y * 1e-30, fh=[1, 2, 3]).predict()
    return close(b.to_numpy() / 1e-30, a.to_numpy(), rtol=1e-3)


add("item2/airline x 1e-30 is forecast as 1e-30 x the airline forecast", _scale_free,
    Returns(lambda ok: ok, "scale-free forecasts"))


# 3. a scaler or log step before the windows
def _pipeline_mape(step):
    from sklearn.pipeline import make_pipeline


    features, targets = make_supervised(airline())
    pipe = make_pipeline(step, WindowTransformer(12),
                         reg(normalize=True, max_epochs=None, max_steps=30, hidden_size=8))
    pipe.fit(features.iloc[:-12], targets.iloc[:-12])
    return mape(pipe.predict(features.iloc[-12:]), targets.iloc[-12:])


add("item3/Pipeline(StandardScaler, WindowTransformer, RNNRegressor(normalize=True))",
    lambda: _pipeline_mape(StandardScaler()),
    Returns(lambda m: m < 30, "MAPE under 30% on airline's last 12 targets"))
add("item3/Pipeline(FunctionTransformer(log1p), WindowTransformer, RNNRegressor(normalize=True))",
    lambda: _pipeline_mape(
        FunctionTransformer(np.log1p)),
    Returns(lambda m: m < 30, "MAPE under 30% on airline's last 12 targets"))


# 4. interval metrics pair pandas bounds by label
def _reversed_bounds(func):
    index = pd.Index([10, 11, 12])
    y_true = pd.Series([1.0, 5.0, 9.0], index=index)
    lower = pd.Series([0.0, 4.0, 8.0], index=index)
    upper = pd.Series([2.0, 6.0, 10.0], index=index)
    args = (y_true, lower[::-1], upper[::-1])
    if func == "msis":
        return metrics.msis(*args, y_train=[1.0, 2.0, 4.0]), metrics.msis(
            y_true, lower, upper, y_train=[1.0, 2.0, 4.0])
    return getattr(metrics, func)(*args), getattr(metrics, func)(y_true, lower, upper)


add("item4/coverage pairs reversed pandas bounds by label", lambda: _reversed_bounds("coverage"),
    Returns(lambda r: r[0] == r[1] == 1.0, "coverage 1.0 either order"))
add("item4/msis pairs reversed pandas bounds by label", lambda: _reversed_bounds("msis"),
    Returns(lambda r: close(r[0], r[1]), "msis the same in either order"))


# 5. predict_var(cov=True)
def _is_cov_matrix(frame):
    values = frame.to_numpy()
    assert values.shape == (3, 3), f"shape {values.shape}, expected (3, 3) (steps x steps)"
    return close(values, values.T)


add("item5/predict_var(cov=True) is a covariance matrix or refused",
    lambda: fitted_cal().predict_var(cov=True),
    Returns(_is_cov_matrix, "a (3, 3) symmetric matrix",
            or_raises=Raises(r"cov=True", (NotImplementedError, ValueError))))

# 6. CLI
MONTHLY_DAYFIRST = "date,value\n" + "".join(  # day-first dates: 01/MM/YYYY, monthly
    f"01/{month:02d}/{year},{100 + 3 * i + i % 5}\n"
    for i, (year, month) in enumerate((y, m) for y in (2018, 2019, 2020) for m in range(1, 13))
)


def _dayfirst_output(text):
    times = [line.split()[0] for line in text.strip().splitlines()[2:]]
    assert times and all(t.startswith("2021-0") for t in times), (
        f"forecast times {times}, expected 2021-01 and 2021-02 (monthly, day-first input)")
    return True


add("item6/CLI reads day-first dates 01/02/2020 as monthly data",
    lambda: cli_csv("dayfirst.csv", MONTHLY_DAYFIRST),
    Returns(_dayfirst_output, "monthly forecast times",
            or_raises=Raises(r"--dayfirst|day-first|dayfirst", (CLIExit,))))
add("item6/CLI --window-length 0", lambda: cli("forecast", "--dataset", "airline", "--horizon", "2",
                                              "--window-length", "0"),
    Raises(r"--window-length.*0", (CLIExit,)))
add("item6/CLI --hidden-size 0", lambda: cli("forecast", "--dataset", "airline", "--horizon", "2",
                                            "--hidden-size", "0"),
    Raises(r"--hidden-size.*0", (CLIExit,)))


# 7. gaps in make_supervised, 1e39 in WindowTransformer
def _supervised_gap():
    index = pd.DatetimeIndex(["2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04",
                              "2020-01-06", "2020-01-07"])
    return make_supervised(pd.Series([1.0, 2, 3, 4, 6, 7], index=index))


add("item7/make_supervised on a DatetimeIndex without freq and with a gap", _supervised_gap,
    Returns(lambda r: r[1].loc["2020-01-04"] != 6.0, "2020-01-04 not paired with 2020-01-06",
            or_raises=Raises(r"\by\b.*(gap|frequency|regular)")))
add("item7/WindowTransformer on values of 1e39",
    lambda: WindowTransformer(3).fit_transform(np.full((10, 1), 1e39)),
    Raises(r"\bX\b.*float32"))

# ============================================================= crashes of the issue
add("crash/12 monthly values, DatetimeIndex without freq, fh=[2]",
    lambda: fc(window_length=3).fit(dated(100 + np.arange(12.0)), fh=[2]).predict(),
    Returns(finite_series(1), "one finite forecast"))
add("crash/11-value daily panel, fh=[1]",
    lambda: fc(window_length=3, calibration="insample").fit(panel([11, 11]), fh=[1]).predict(),
    Returns(finite_series(2), "two finite forecasts"))
add("crash/absolute fh on a daily panel",
    lambda: fc(window_length=3).fit(panel([30, 30])).predict(
        fh=pd.DatetimeIndex(["2020-01-31", "2020-02-01"])),
    Returns(finite_series(4), "two steps of two series"))


def _update_rows(n_new):
    y = dated(100 + np.sin(np.arange(60.0)), freq="D")
    forecaster = fc(window_length=5).fit(y.iloc[:-n_new], fh=[1])
    return forecaster.update(y.iloc[-n_new:]).predict()


add("crash/update with one new row, DatetimeIndex without freq", lambda: _update_rows(1),
    Returns(lambda p: str(p.index[0].date()) == "2000-03-01", "forecast of 2000-03-01"))
add("crash/update with two new rows, DatetimeIndex without freq", lambda: _update_rows(2),
    Returns(lambda p: str(p.index[0].date()) == "2000-03-01", "forecast of 2000-03-01"))


def _update_panel_one_row():
    data = panel([30, 30])
    last = data.groupby(level=0).tail(1)
    forecaster = fc(window_length=5).fit(data.drop(last.index), fh=[1])
    return forecaster.update(last).predict()


add("crash/update a daily panel with one row per series", _update_panel_one_row,
    Returns(finite_series(2), "two finite forecasts"))


def _update_unknown_series():
    data = panel([30, 30])
    forecaster = fc(window_length=5).fit(data, fh=[1])
    new = panel([31], seed=1).rename(index={"a": "z"}).iloc[[-1]]
    return forecaster.update(new)


add("crash/update with a series not seen in fit", _update_unknown_series,
    Raises(r"'z'.*not seen in fit|not seen in fit.*'z'"))
add("crash/CLI header-only CSV", lambda: cli_csv("header.csv", "date,value\n"),
    Raises(r"no (data )?rows|header", (CLIExit,)))
add("crash/CLI --threads 0", lambda: cli("forecast", "--dataset", "airline", "--horizon", "2",
                                       "--threads", "0"),
    Raises(r"--threads.*0", (CLIExit,)))
add("crash/CLI --threads -1", lambda: cli("forecast", "--dataset", "airline", "--horizon", "2",
                                        "--threads", "-1"),
    Raises(r"--threads.*-1", (CLIExit,)))


# ================================================================ habits of users
def _early_stopping(callback):
    X = np.random.default_rng(0).standard_normal((30, 4))
    return reg(callbacks=[callback]).fit(X, X.sum(axis=1))


def _skorch(name):
    import skorch.callbacks as cb

    return getattr(cb, name)


add("habit/skorch optimizer=torch.optim.SGD",
    lambda: reg(optimizer=torch.optim.SGD).fit(
        np.ones((20, 4)) * np.arange(20)[:, None], np.arange(20.0)).predict(np.ones((2, 4))),
    Returns(finite_series(2), "fits and predicts"))
add("habit/skorch optimizer__weight_decay",
    lambda: reg(optimizer__momentum=0.5, optimizer=torch.optim.SGD).fit(
        np.ones((20, 4)), np.ones(20)).predict(np.ones((2, 4))),
    Returns(finite_series(2), "fits and predicts"))
add("habit/skorch optimizer__weight_decay beside weight_decay",
    lambda: reg(optimizer__weight_decay=0.1).fit(np.ones((20, 4)), np.ones(20)),
    Returns(lambda m: m is not None, "fits", or_raises=Raises(r"weight_decay")))
add("habit/skorch module__dropout",
    lambda: reg(module__dropout=0.1).fit(np.ones((20, 4)), np.ones(20)),
    Returns(lambda m: m is not None, "fits", or_raises=Raises(r"dropout")))
add("habit/skorch warm_start=True",
    lambda: reg(warm_start=True).fit(np.ones((20, 4)), np.ones(20)).fit(
        np.ones((20, 4)), np.ones(20)).history_,
    Returns(lambda h: len(h) == 4, "4 epochs in the history after two fits"))
add("habit/skorch partial_fit",
    lambda: reg().partial_fit(np.ones((20, 4)), np.ones(20)).partial_fit(
        np.ones((20, 4)), np.ones(20)).history_,
    Returns(lambda h: len(h) == 4, "4 epochs in the history after two partial_fits"))
add("habit/skorch EarlyStopping without validation_fraction",
    lambda: _early_stopping(_skorch("EarlyStopping")()), Raises(r"validation_fraction"))
add("habit/skorch Checkpoint without validation_fraction",
    lambda: _early_stopping(_skorch("Checkpoint")(dirname=str(tmpdir() / "cp"))),
    Raises(r"validation_fraction"))
add("habit/skorch LRScheduler beside lr_schedule='cosine'",
    lambda: reg(lr_schedule="cosine", callbacks=[
        _skorch("LRScheduler")(policy="StepLR", step_size=1)]).fit(np.ones((20, 4)), np.ones(20)),
    Raises(r"lr_schedule"))


def _pandas_output():
    import sklearn
    from sklearn.pipeline import make_pipeline


    features, targets = make_supervised(airline())
    with sklearn.config_context(transform_output="pandas"):
        pipe = make_pipeline(WindowTransformer(12), reg(normalize=True))
        return pipe.fit(features, targets).predict(features.iloc[-2:])


add("habit/sklearn set_config(transform_output='pandas') with WindowTransformer",
    _pandas_output,
    Returns(finite_series(2), "fits and predicts",
            or_raises=Raises(r"transform_output.*set_output\(transform='default'\)")))
add("habit/CLI --horizon 0",
    lambda: cli("forecast", "--dataset", "airline", "--horizon", "0"),
    Raises(r"--horizon.*0", (CLIExit,)))
add("habit/CLI text in the value column",
    lambda: cli_csv("text.csv", "date,value\n2020-01-01,1\n2020-01-02,x\n2020-01-03,3\n"
                    "2020-01-04,4\n2020-01-05,5\n2020-01-06,6\n"),
    Raises(r"numeric.*(line|row)|(line|row).*numeric", (CLIExit,)))
add("habit/CLI duplicate dates",
    lambda: cli_csv("dup.csv", "date,value\n" + "".join(
        f"2020-01-{d:02d},{d}\n" for d in [1, 2, 3, 3, 4, 5, 6, 7])),
    Raises(r"(duplicate|repeat).*2020-01-03", (CLIExit,)))
add("habit/CLI blank date",
    lambda: cli_csv("blank.csv", "date,value\n" + "".join(
        f"{'' if d == 4 else f'2020-01-{d:02d}'},{d}\n" for d in range(1, 9))),
    Raises(r"blank|empty|missing", (CLIExit,)))
add("habit/CLI empty file", lambda: cli_csv("empty.csv", ""),
    Raises(r"empty", (CLIExit,)))
add("habit/CLI --budget 0",
    lambda: cli("compare", "--dataset", "airline", "--horizon", "2", "--budget", "0"),
    Raises(r"--budget.*0", (CLIExit,)))
add("habit/CLI --random-state -1",
    lambda: cli("forecast", "--dataset", "airline", "--horizon", "2", "--random-state", "-1"),
    Raises(r"--random-state.*-1", (CLIExit,)))
add("habit/CLI --coverage 1.5",
    lambda: cli("forecast", "--dataset", "airline", "--horizon", "2", "--coverage", "1.5"),
    Raises(r"--coverage.*1\.5", (CLIExit,)))


def _plot_interval():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection

    from rnnforecast.plotting import plot_forecast

    forecaster = fitted_cal()
    bounds = forecaster.predict_interval(coverage=0.9)
    fig, ax = plot_forecast(airline(), forecaster.predict(), pred_interval=bounds)
    return sum(isinstance(c, PolyCollection) for c in ax.collections)


add("habit/plot_forecast draws the interval (CLI --plot --coverage)", _plot_interval,
    Returns(lambda n: n >= 1, "a filled band"))

# ====================================================== unclear messages of the issue
add("unclear/predict_interval(coverage=[])", lambda: fitted_cal().predict_interval(coverage=[]),
    Raises(r"coverage.*(empty|\[\])"))
add("unclear/predict_interval(coverage=np.float32(0.9))",
    lambda: fitted_cal().predict_interval(coverage=np.float32(0.9)),
    Returns(lambda f: f.shape == (3, 2), "a (3, 2) interval frame"))
add("unclear/load(f.save()) given the tuple of an in-memory save",
    lambda: load(fitted().save()),
    Returns(lambda m: m.predict() is not None, "the model",
            or_raises=Raises(r"path.*tuple|tuple.*path", (TypeError, ValueError))))
add("unclear/fit on an empty y", lambda: fc().fit(pd.Series([], dtype=float), fh=[1]),
    Raises(r"\by\b.*(empty|no values|0 values|at least)"))
add("unclear/y on a PeriodIndex, X on a DatetimeIndex",
    lambda: fc().fit(airline(), X=pd.DataFrame({"x": np.arange(144.0)},
                                              index=airline().index.to_timestamp()), fh=[1]),
    Raises(r"index of X.*(PeriodIndex|period).*(DatetimeIndex|datetime)|"
           r"(DatetimeIndex|datetime).*(PeriodIndex|period)"))
add("unclear/compare_cells(budget=0)",
    lambda: compare_cells(airline(), 3, budget=0),
    Raises(r"budget.*0"))

# ===================================================== RNNForecaster: fit inputs
Y = airline
add("fit/y as a list", lambda: fc().fit([1.0 * i for i in range(30)], fh=[1]),
    Returns(lambda f: f.predict() is not None, "fits",
            or_raises=Raises(r"\by\b.*(Series|DataFrame|pandas)")))
add("fit/y as a 1-D numpy array",
    lambda: fc(window_length=4).fit(np.arange(30.0), fh=[1]).predict(),
    Returns(finite_series(1), "one forecast"))
add("fit/y with NaN", lambda: fc().fit(Y().where(Y().index != Y().index[50]), fh=[1]),
    Raises(r"\by\b.*(NaN|missing|finite)"))
add("fit/y with inf", lambda: fc().fit(Y().replace(Y().iloc[3], np.inf), fh=[1]),
    Raises(r"\by\b.*(inf|finite)"))
add("fit/y beyond float32", lambda: fc().fit(Y() * 1e37, fh=[1]),
    Raises(r"\by\b.*float32"))
add("fit/y of strings", lambda: fc().fit(pd.Series(list("abcdefghijklmnop")), fh=[1]),
    Raises(r"\by\b.*numeric"))
add("fit/y of booleans", lambda: fc().fit(pd.Series([True, False] * 10), fh=[1]),
    Raises(r"\by\b.*numeric"))
add("fit/y of objects with None",
    lambda: fc().fit(pd.Series([1.0, 2.0, None, 4.0] * 5, dtype=object), fh=[1]),
    Raises(r"\by\b.*(missing|NaN|None)"))
add("fit/y of integers",
    lambda: fc(window_length=4).fit(pd.Series(np.arange(40)), fh=[1]).predict(),
    Returns(finite_series(1), "one forecast"))
add("fit/constant y",
    lambda: fc(window_length=4).fit(pd.Series(np.full(40, 7.0)), fh=[1, 2]).predict(),
    Returns(lambda p: close(p, [7.0, 7.0], rtol=1e-2), "forecasts of 7"))
add("fit/zero y", lambda: fc(window_length=4).fit(pd.Series(np.zeros(40)), fh=[1]).predict(),
    Returns(lambda p: close(p, [0.0], atol=1e-6), "forecast 0"))
add("fit/y of 3 values, window_length 12",
    lambda: fc().fit(pd.Series([1.0, 2.0, 3.0]), fh=[1]).predict(),
    Returns(finite_series(1), "a forecast from padded windows",
            or_raises=Raises(r"\by\b.*(values|short)")))
add("fit/y of one value", lambda: fc().fit(pd.Series([1.0]), fh=[1]),
    Raises(r"(\by\b|series).*(1 value|one value|at most 1|short)"))
add("fit/duplicate index",
    lambda: fc().fit(pd.Series(np.arange(20.0), index=[0] * 2 + list(range(1, 19))), fh=[1]),
    Raises(r"index of y.*unique"))
add("fit/unsorted index", lambda: fc().fit(Y().iloc[::-1], fh=[1]),
    Raises(r"index of y.*increasing"))
add("fit/integer index with a gap",
    lambda: fc().fit(pd.Series(np.arange(20.0), index=list(range(10)) + list(range(11, 21))),
                     fh=[1]),
    Raises(r"index of y.*gap"))
add("fit/irregular DatetimeIndex",
    lambda: fc().fit(pd.Series(np.arange(5.0), index=pd.DatetimeIndex(
        ["2020-01-01", "2020-01-02", "2020-01-05", "2020-01-06", "2020-01-09"])), fh=[1]),
    Raises(r"index of y.*(frequency|gap|irregular)"))
add("fit/string index",
    lambda: fc().fit(pd.Series(np.arange(20.0), index=[f"t{i}" for i in range(20)]), fh=[1]),
    Raises(r"index of y.*(PeriodIndex|DatetimeIndex|integer)"))
add("fit/two-column DataFrame y",
    lambda: fc(window_length=4).fit(pd.DataFrame({"a": np.arange(30.0), "b": np.arange(30.0) * 2}),
                                    fh=[1]).predict(),
    Returns(lambda p: p.shape == (1, 2), "one forecast per column",
            or_raises=Raises(r"\by\b.*(column|univariate)")))
add("fit/y with a DatetimeIndex with freq",
    lambda: fc(window_length=4).fit(dated(np.arange(30.0), freq="D", keep_freq=True), fh=[1])
    .predict(),
    Returns(lambda p: str(p.index[0].date()) == "2000-01-31", "forecast of 2000-01-31"))

# fh
add("fit/fh=0", lambda: fc().fit(Y(), fh=0), Raises(r"fh.*(in-sample|in sample|>= ?1|0)",
                                                   (NotImplementedError, ValueError)))
add("fit/fh=-1", lambda: fc().fit(Y(), fh=-1), Raises(r"fh.*(in-sample|in sample|-1)",
                                                     (NotImplementedError, ValueError)))
add("fit/fh=[]", lambda: fc().fit(Y(), fh=[]), Raises(r"fh.*empty"))
add("fit/fh=1.5", lambda: fc().fit(Y(), fh=1.5), Raises(r"fh.*(int|float)"))
add("fit/fh='3'", lambda: fc().fit(Y(), fh="3"), Raises(r"fh.*(int|str)"))
add("fit/fh=[1, 1]", lambda: fc().fit(Y(), fh=[1, 1]), Raises(r"fh.*duplicate"))
add("fit/fh=range(1, 4)", lambda: fc().fit(Y(), fh=range(1, 4)).predict(),
    Returns(finite_series(3), "three forecasts"))
add("fit/fh=np.array([1, 2])", lambda: fc().fit(Y(), fh=np.array([1, 2])).predict(),
    Returns(finite_series(2), "two forecasts"))
add("predict/fh=[3, 1] unsorted", lambda: fitted().predict(fh=[3, 1]),
    Returns(lambda p: close(p.to_numpy(), fitted().predict(fh=[1, 3]).to_numpy()),
            "the forecasts of steps 1 and 3"))
add("predict/fh beyond the fitted horizon (recursive)", lambda: fitted().predict(fh=[1, 10]),
    Returns(finite_series(2), "two forecasts"))
add("predict/absolute fh before the cutoff",
    lambda: fitted().predict(fh=pd.PeriodIndex(["1950-01"], freq="M")),
    Raises(r"(in-sample|in sample)", (NotImplementedError, ValueError)))
add("predict/absolute fh of another frequency (quarters of a monthly y)",
    lambda: fitted().predict(fh=pd.period_range("1961Q1", periods=2, freq="Q")),
    Raises(r"fh must be times of y's frequency"))
add("predict/fh as time spans on monthly data",
    lambda: fitted().predict(fh=pd.TimedeltaIndex(["31D"])),
    Raises(r"fh given as time spans must be whole steps"))
add("predict/fh as time spans of a daily y",
    lambda: fc().fit(pd.Series(np.arange(60.0) + 1, index=pd.date_range(
        "2020-01-01", periods=60, freq="D"))).predict(fh=pd.TimedeltaIndex(["1D", "2D"])),
    Returns(finite_series(2), "two forecasts"))
add("predict/absolute fh of another index type",
    lambda: fitted().predict(fh=pd.DatetimeIndex(["1961-01-01"])),
    Returns(finite_series(1), "one forecast",
            or_raises=Raises(r"fh.*(Period|Datetime|type)")))
add("predict/without fh in fit or predict", lambda: fc().fit(Y()).predict(),
    Raises(r"fh.*(fit|predict)"))
add("predict/before fit", lambda: fc().predict(fh=[1]), Raises(r"fit", (Exception,)))

# parameters (checked in fit)
for _name, _value, _regex in [
    ("window_length", 0, r"window_length.*0"),
    ("window_length", 2.5, r"window_length.*2\.5"),
    ("window_length", "12", r"window_length.*'12'"),
    ("window_length", True, r"window_length.*True"),
    ("hidden_size", 0, r"hidden_size.*0"),
    ("horizon", 0, r"horizon.*0"),
    ("cell", "transformer", r"cell.*transformer"),
    ("sp", 0, r"sp.*0"),
    ("n_models", 0, r"n_models.*0"),
    ("batch_size", 0, r"batch_size.*0"),
    ("combine", "mean", r"combine.*mean"),
    ("calibration", "cv", r"calibration.*cv"),
    ("lr", -1.0, r"lr.*-1"),
    ("dropout", 1.5, r"dropout.*1\.5"),
    ("loss", "mse", r"loss.*mse"),
    ("anchor", "first", r"anchor.*first"),
    ("max_steps", 0, r"max_steps.*0"),
    ("max_epochs", 0, r"max_epochs.*0"),
    ("step_length", 0, r"step_length.*0"),
    ("validation_fraction", 1.5, r"validation_fraction.*1\.5"),
    ("device", "tpu", r"device.*tpu"),
    ("normalize", "yes", r"normalize.*yes"),
]:
    add(f"params/RNNForecaster({_name}={_value!r})",
        functools.partial(lambda n, v: fc(**{n: v}).fit(Y(), fh=[1]), _name, _value),
        Raises(_regex))
add("params/RNNForecaster(step_length=5) with window_length=12",
    lambda: fc(step_length=5).fit(Y(), fh=[1]).predict(),
    Returns(finite_series(1), "a forecast", or_raises=Raises(r"step_length.*5.*window_length|"
                                                            r"window_length.*step_length")))
add("params/RNNForecaster(horizon=3) with fh=[1..6]",
    lambda: fc(horizon=3).fit(Y(), fh=list(range(1, 7))).predict(),
    Returns(finite_series(6), "six forecasts (recursive beyond 3)"))
add("params/RNNForecaster(sp=12, deseasonalize=True) on 20 values",
    lambda: fc(sp=12, window_length=4).fit(pd.Series(100 + np.arange(20.0)), fh=[1]).predict(),
    Returns(finite_series(1), "a forecast (too short to deseasonalize)"))

# intervals
add("interval/coverage=0", lambda: fitted_cal().predict_interval(coverage=0),
    Raises(r"coverage.*0"))
add("interval/coverage=1", lambda: fitted_cal().predict_interval(coverage=1),
    Raises(r"coverage.*1"))
add("interval/coverage=1.5", lambda: fitted_cal().predict_interval(coverage=1.5),
    Raises(r"coverage.*1\.5"))
add("interval/coverage='0.9'", lambda: fitted_cal().predict_interval(coverage="0.9"),
    Raises(r"coverage.*'0\.9'"))
add("interval/coverage=None", lambda: fitted_cal().predict_interval(coverage=None),
    Raises(r"coverage.*None"))
add("interval/coverage=[0.95, 0.8] unsorted",
    lambda: fitted_cal().predict_interval(coverage=[0.95, 0.8]),
    Returns(lambda f: f.shape == (3, 4), "both levels",
            or_raises=Raises(r"coverage.*sorted")))
add("interval/coverage=np.array([0.8, 0.9])",
    lambda: fitted_cal().predict_interval(coverage=np.array([0.8, 0.9])),
    Returns(lambda f: f.shape == (3, 4), "both levels"))
add("interval/coverage=(0.8,)", lambda: fitted_cal().predict_interval(coverage=(0.8,)),
    Returns(lambda f: f.shape == (3, 2), "one level"))
add("interval/calibration=None", lambda: fitted().predict_interval(),
    Raises(r"calibration"))
add("interval/fh beyond the calibrated steps", lambda: fitted_cal().predict_interval(fh=[1, 12]),
    Returns(lambda f: (interval_widths(f)[1] >= interval_widths(f)[0]).all(),
            "step 12 at least as wide as step 1"))
add("quantiles/alpha=[0.1, 0.5, 0.9]",
    lambda: fitted_cal().predict_quantiles(alpha=[0.1, 0.5, 0.9]),
    Returns(lambda f: (np.diff(f.to_numpy(), axis=1) >= 0).all(), "increasing quantiles"))
add("quantiles/alpha=0.5 equals the point forecast",
    lambda: (fitted_cal().predict_quantiles(alpha=0.5), fitted_cal().predict()),
    Returns(lambda r: close(r[0].to_numpy().ravel(), r[1].to_numpy(), rtol=0.05),
            "median near the point forecast"))
add("quantiles/alpha=0", lambda: fitted_cal().predict_quantiles(alpha=0), Raises(r"alpha.*0"))
add("quantiles/alpha=[]", lambda: fitted_cal().predict_quantiles(alpha=[]),
    Raises(r"alpha.*(empty|\[\])"))
add("quantiles/alpha=[0.9, 0.1] unsorted",
    lambda: fitted_cal().predict_quantiles(alpha=[0.9, 0.1]),
    Returns(lambda f: f.shape == (3, 2), "both quantiles",
            or_raises=Raises(r"alpha.*sorted")))
add("var/predict_var(cov=False)", lambda: fitted_cal().predict_var(),
    Returns(lambda v: v.shape == (3, 1) and (v.to_numpy() > 0).all(), "three positive variances"))

# exogenous X
add("X/fewer rows than y",
    lambda: fc().fit(Y(), X=pd.DataFrame({"x": np.arange(100.0)}, index=Y().index[:100]), fh=[1]),
    Raises(r"\bX\b.*(row|missing)"))
add("X/with NaN",
    lambda: fc().fit(Y(), X=pd.DataFrame({"x": np.r_[np.nan, np.arange(143.0)]},
                                        index=Y().index), fh=[1]),
    Raises(r"\bX\b.*(NaN|finite|missing)"))
add("X/of strings",
    lambda: fc().fit(Y(), X=pd.DataFrame({"x": ["a"] * 144}, index=Y().index), fh=[1]),
    Raises(r"\bX\b.*numeric"))
add("X/with a duplicated index",
    lambda: fc().fit(Y(), X=pd.DataFrame({"x": np.arange(145.0)},
                                        index=Y().index.append(Y().index[:1])), fh=[1]),
    Raises(r"index of X.*unique"))
add("X/as a numpy array", lambda: fc().fit(Y(), X=np.arange(144.0)[:, None], fh=[1]),
    Returns(lambda f: f.predict(X=np.ones((1, 1))) is not None, "fits",
            or_raises=Raises(r"\bX\b.*(DataFrame|pandas|index)")))
add("X/predict without X after a fit with X",
    lambda: fc().fit(Y(), X=pd.DataFrame({"x": np.arange(144.0)}, index=Y().index),
                     fh=[1]).predict(),
    Raises(r"\bX\b.*(predict|None)"))
add("X/predict with other columns than in fit",
    lambda: fitted_x()[0].predict(X=fitted_x()[1].rename(columns={"x": "z"})),
    Raises(r"\bX\b.*(column|'x'|'z')"))
add("X/predict with the known future rows given in fit",
    lambda: fc().fit(Y(), X=fitted_x()[1], fh=[1, 2]).predict(),
    Returns(finite_series(2), "two forecasts"))
add("X/predict with X when fit had none",
    lambda: fitted().predict(X=pd.DataFrame({"x": [1.0, 2.0, 3.0]}, index=months(3, "1961-01"))),
    Returns(finite_series(3), "three forecasts (X ignored)",
            or_raises=Raises(r"\bX\b.*(fit|None)")))

# update
add("update/before fit", lambda: fc().update(Y()), Raises(r"fit", (Exception,)))
add("update/with a gap", lambda: fitted().update(pd.Series([1.0], index=months(1, "1962-01"))),
    Raises(r"update.*gap"))
add("update/with NaN",
    lambda: fitted().update(pd.Series([np.nan], index=months(1, "1961-01"))),
    Raises(r"\by\b.*(NaN|finite|missing)"))
add("update/with an integer index after a PeriodIndex",
    lambda: fitted().update(pd.Series([1.0], index=[144])),
    Raises(r"index of y.*(kind|Period)"))
add("update/with strings",
    lambda: fitted().update(pd.Series(["a"], index=months(1, "1961-01"))),
    Raises(r"\by\b.*numeric"))
add("update/with rows already seen (overlap)",
    lambda: fitted().update(Y().iloc[-5:]).predict(),
    Returns(lambda p: close(p.to_numpy(), fitted().predict().to_numpy()), "unchanged forecasts"))
add("update/moves the cutoff",
    lambda: fitted().update(pd.Series([450.0], index=months(1, "1961-01"))).predict(),
    Returns(lambda p: str(p.index[0]) == "1961-02", "forecasts from 1961-02"))


# panels
add("panel/series of different lengths",
    lambda: fc(window_length=4).fit(panel([40, 25, 10]), fh=[1, 2]).predict(),
    Returns(finite_series(6), "two forecasts per series"))
add("panel/a series of one value",
    lambda: fc(window_length=4).fit(panel([40, 1]), fh=[1]).predict(),
    Returns(finite_series(2), "a forecast per series",
            or_raises=Raises(r"series 'b'|'b'")))
add("panel/duplicated time in one series",
    lambda: fc().fit(pd.concat([panel([20]), panel([20]).iloc[[3]]]).sort_index(), fh=[1]),
    Raises(r"(unique|duplicat).*2020-01-04|'a'.*unique"))
add("panel/NaN in one series",
    lambda: fc().fit(panel([20, 20]).assign(y=lambda d: d["y"].where(np.arange(40) != 25)),
                     fh=[1]),
    Raises(r"\by\b.*'b'.*(NaN|finite)|'b'.*(NaN|finite)"))
add("panel/update with a series not seen in fit, next to known ones",
    lambda: fc(window_length=4).fit(panel([20, 20]), fh=[1]).update(
        panel([21, 21, 21]).groupby(level=0).tail(1)),
    Raises(r"'c'.*not seen|not seen.*'c'"))

# ================================================================== RNNRegressor
_X = np.random.default_rng(0).standard_normal((40, 5))
add("regressor/X 1-D", lambda: reg().fit(np.arange(10.0), np.arange(10.0)),
    Raises(r"\bX\b.*(2D|2-D|shape|dimension)"))
add("regressor/X 4-D", lambda: reg().fit(np.ones((10, 3, 2, 2)), np.ones(10)),
    Raises(r"\bX\b.*(3D|3-D|shape|dim)"))
add("regressor/y of another length", lambda: reg().fit(_X, np.ones(39)),
    Raises(r"(inconsistent|samples|rows|length).*(39|40)"))
add("regressor/X with NaN", lambda: reg().fit(np.where(_X > 2, np.nan, _X), np.ones(40)),
    Raises(r"\bX\b.*(NaN|finite)|(NaN|finite).*\bX\b"))
add("regressor/y with NaN", lambda: reg().fit(_X, np.r_[np.nan, np.ones(39)]),
    Raises(r"\by\b.*(NaN|finite)|(NaN|finite).*\by\b"))
add("regressor/X with no rows", lambda: reg().fit(np.ones((0, 5)), np.ones(0)),
    Raises(r"(0 sample|no rows|empty|minimum of 1)"))
add("regressor/y 3-D", lambda: reg().fit(_X, np.ones((40, 2, 2))),
    Raises(r"\by\b.*(shape|dim|1d|2d)"))
add("regressor/X of strings", lambda: reg().fit(np.array([["a"] * 5] * 10), np.ones(10)),
    Raises(r"(\bX\b|string|float|numeric)"))
add("regressor/X beyond float32", lambda: reg().fit(_X * 1e39, np.ones(40)),
    Raises(r"\bX\b.*float32"))
add("regressor/hidden_size=0", lambda: reg(hidden_size=0).fit(_X, np.ones(40)),
    Raises(r"hidden_size.*0"))
add("regressor/cell='lstmx'", lambda: reg(cell="lstmx").fit(_X, np.ones(40)),
    Raises(r"cell.*lstmx"))
add("regressor/quantile without loss='quantile'", lambda: reg(quantile=0.9).fit(_X, np.ones(40)),
    Raises(r"quantile.*loss|loss.*quantile"))
add("regressor/loss='quantile' with quantile=1.5",
    lambda: reg(loss="quantile", quantile=1.5).fit(_X, np.ones(40)), Raises(r"quantile.*1\.5"))
add("regressor/max_epochs=None and max_steps=None",
    lambda: reg(max_epochs=None).fit(_X, np.ones(40)), Raises(r"max_epochs.*max_steps"))
add("regressor/validation_fraction=1.0",
    lambda: reg(validation_fraction=1.0).fit(_X, np.ones(40)),
    Raises(r"validation_fraction.*1\.0"))
add("regressor/step_length=2 with windows of 5",
    lambda: reg(step_length=2).fit(_X, _X.sum(axis=1)).predict(_X[:2]),
    Returns(finite_series(2), "fits (last step padded)",
            or_raises=Raises(r"step_length.*2.*(5|window)")))
add("regressor/padding_flag with one feature",
    lambda: reg(padding_flag=True).fit(_X, np.ones(40)), Raises(r"padding_flag"))
add("regressor/predict with another window length", lambda: fitted_reg().predict(np.ones((3, 6))),
    Raises(r"(6|5).*(feature|window|shape)|(feature|window|shape).*(6|5)"))
add("regressor/predict before fit", lambda: reg().predict(_X), Raises(r"fit", (Exception,)))
add("regressor/device='cuda:7'", lambda: reg(device="cuda:7").fit(_X, np.ones(40)),
    Raises(r"device.*cuda"))
add("regressor/y of shape (N, 2) gives (N, 2) predictions",
    lambda: reg().fit(_X, np.column_stack([_X.sum(1), _X.mean(1)])).predict(_X[:3]),
    Returns(lambda p: p.shape == (3, 2), "shape (3, 2)"))
add("regressor/float32 input", lambda: reg().fit(_X.astype(np.float32), _X.sum(1)).predict(_X[:2]),
    Returns(finite_series(2), "two predictions"))
add("regressor/pandas DataFrame X",
    lambda: reg().fit(pd.DataFrame(_X, columns=list("abcde")), _X.sum(1)).predict(
        pd.DataFrame(_X[:2], columns=list("abcde"))),
    Returns(finite_series(2), "two predictions"))
add("regressor/constant windows with normalize",
    lambda: reg(normalize=True).fit(np.full((20, 5), 3.0), np.full(20, 3.0)).predict(
        np.full((2, 5), 3.0)),
    Returns(lambda p: close(p, [3.0, 3.0], rtol=1e-3), "predicts 3"))

# ============================================================= WindowTransformer
WT = WindowTransformer
add("window/window_length=0", lambda: WT(0).fit(np.ones((10, 1))), Raises(r"window_length.*0"))
add("window/window_length='3'", lambda: WT("3").fit(np.ones((10, 1))),
    Raises(r"window_length.*'3'"))
add("window/window_length longer than the series", lambda: WT(20).fit(np.ones((10, 1))),
    Raises(r"window_length.*20"))
add("window/X 1-D array", lambda: WT(3).fit(np.ones(10)), Raises(r"\bX\b.*(shape|2D|1-D)"))
add("window/X with NaN", lambda: WT(3).fit(np.r_[np.ones(9), np.nan][:, None]),
    Raises(r"\bX\b.*(NaN|finite)"))
add("window/X of strings", lambda: WT(3).fit(np.array([["a"]] * 10)),
    Raises(r"(\bX\b|string|float).*"))
add("window/transform with more features than fit",
    lambda: WT(3).fit(np.ones((10, 1))).transform(np.ones((10, 2))),
    Raises(r"(2|1) features"))
add("window/transform before fit", lambda: WT(3).transform(np.ones((10, 1))),
    Raises(r"fit", (Exception,)))
add("window/duplicated index",
    lambda: WT(3).fit(pd.DataFrame({"y": np.arange(10.0)}, index=[0, 0] + list(range(1, 9)))),
    Raises(r"index of X.*unique"))
add("window/unsorted index", lambda: WT(3).fit(pd.DataFrame({"y": np.arange(10.0)},
                                                            index=list(range(10))[::-1])),
    Raises(r"index of X.*increasing"))
add("window/panel windows never mix series",
    lambda: WT(3, add_indicator=False).fit_transform(panel([5, 5])[["y"]]),
    Returns(lambda w: w[5, 0, 0] == 0.0 and w[5, 2, 0] == panel([5, 5])["y"].iloc[5],
            "series b's first window padded, not taken from series a"))
add("window/flatten with set_output(transform='pandas')",
    lambda: WT(3, flatten=True).set_output(transform="pandas").fit_transform(
        pd.DataFrame({"y": np.arange(10.0)})),
    Returns(lambda f: isinstance(f, pd.DataFrame) and f.shape == (10, 6), "a (10, 6) frame"))
add("window/continues history on the next rows",
    lambda: WT(3, add_indicator=False).fit(pd.DataFrame({"y": np.arange(10.0)})).transform(
        pd.DataFrame({"y": [10.0]}, index=[10])),
    Returns(lambda w: w[0, :, 0].tolist() == [8.0, 9.0, 10.0], "window [8, 9, 10]"))

# =============================================================== make_supervised
MS = make_supervised
add("supervised/horizon=0", lambda: MS(np.arange(10.0), horizon=0), Raises(r"horizon.*0"))
add("supervised/horizon=1.5", lambda: MS(np.arange(10.0), horizon=1.5), Raises(r"horizon.*1\.5"))
add("supervised/horizon >= len(y)", lambda: MS(np.arange(5.0), horizon=5), Raises(r"horizon.*5"))
add("supervised/y 2-D array", lambda: MS(np.ones((10, 2))), Raises(r"\by\b.*shape"))
add("supervised/y DataFrame of 2 columns",
    lambda: MS(pd.DataFrame({"a": np.arange(5.0), "b": np.arange(5.0)})),
    Raises(r"\by\b.*column"))
add("supervised/X of another length", lambda: MS(np.arange(10.0), X=np.ones((9, 1))),
    Raises(r"\bX\b.*(shape|length)"))
add("supervised/X with another index",
    lambda: MS(pd.Series(np.arange(10.0)), X=pd.DataFrame({"x": np.ones(10)}, index=range(1, 11))),
    Raises(r"\bX\b.*index"))
add("supervised/X with a column named y",
    lambda: MS(pd.Series(np.arange(10.0)), X=pd.DataFrame({"y": np.ones(10)})),
    Raises(r"\bX\b.*'y'|columns of X"))
add("supervised/y with NaN", lambda: MS(np.r_[1.0, np.nan, 3.0, 4.0]),
    Raises(r"\by\b.*(NaN|finite)"))
add("supervised/y of strings", lambda: MS(np.array(["a", "b", "c"])), Raises(r"\by\b.*numeric"))
add("supervised/empty y", lambda: MS(np.array([])), Raises(r"\by\b.*(0 values|empty|no row)"))
add("supervised/unsorted index", lambda: MS(pd.Series(np.arange(5.0), index=[4, 3, 2, 1, 0])),
    Raises(r"index of y.*increasing"))
add("supervised/a panel keeps series apart",
    lambda: MS(panel([4, 4])["y"]),
    Returns(lambda r: len(r[1]) == 6 and close(r[1].loc["a"].iloc[-1], panel([4, 4])["y"].iloc[3]),
            "3 rows per series, no target from the other series"))

# ======================================================================== metrics
_m = metrics

add("metrics/smape shapes differ", lambda: _m.smape([1.0, 2.0], [1.0, 2.0, 3.0]),
    Raises(r"y_true.*y_pred.*shape"))
add("metrics/smape empty", lambda: _m.smape([], []), Raises(r"y_true.*empty"))
add("metrics/smape NaN", lambda: _m.smape([1.0, np.nan], [1.0, 2.0]),
    Raises(r"y_true.*(NaN|finite)"))
add("metrics/smape strings", lambda: _m.smape(["a"], [1.0]), Raises(r"y_true.*(numeric|float)"))
add("metrics/smape of zeros", lambda: _m.smape([0.0, 0.0], [0.0, 0.0]),
    Returns(lambda v: v == 0.0, "0"))
add("metrics/smape pandas with other labels",
    lambda: _m.smape(pd.Series([1.0, 2.0], index=[0, 1]), pd.Series([1.0, 2.0], index=[5, 6])),
    Raises(r"y_true.*y_pred.*labels"))
add("metrics/mase m=0", lambda: _m.mase([1.0], [1.0], y_train=[1.0, 2.0], m=0), Raises(r"\bm\b.*0"))
add("metrics/mase y_train shorter than m",
    lambda: _m.mase([1.0], [1.0], y_train=[1.0, 2.0], m=12), Raises(r"y_train.*(longer|m=12)"))
add("metrics/mase constant y_train", lambda: _m.mase([1.0], [2.0], y_train=[1.0, 1.0, 1.0]),
    Raises(r"y_train.*(zero|undefined)"))
add("metrics/mase a Series against an array",
    lambda: _m.mase(pd.Series([5.0, 6.0]), np.array([4.0, 6.0]), y_train=[1.0, 2.0, 3.0, 4.0]),
    Returns(lambda v: v == 0.5, "0.5"))
add("metrics/coverage lower > upper", lambda: _m.coverage([1.0], [2.0], [0.0]),
    Raises(r"lower.*upper"))
add("metrics/coverage of a predict_interval frame's columns",
    lambda: _m.coverage(pd.Series([1.0, 2.0], index=[3, 4]),
                        pd.Series([0.0, 0.0], index=[3, 4]), pd.Series([1.5, 1.5], index=[3, 4])),
    Returns(lambda v: v == 0.5, "0.5"))
add("metrics/msis alpha=1", lambda: _m.msis([1.0], [0.0], [2.0], y_train=[1.0, 2.0], alpha=1),
    Raises(r"alpha.*1"))
add("metrics/pinball quantile=0", lambda: _m.pinball_loss([1.0], [1.0], quantile=0),
    Raises(r"quantile.*0"))
add("metrics/owa naive2 of 0", lambda: _m.owa(1.0, 1.0, 0.0, 1.0), Raises(r"smape_naive2.*0"))

# ==================================================================== persistence
LOAD = load
add("load/a path that does not exist", lambda: LOAD(str(tmpdir() / "nothing.zip")),
    Raises(r"path.*nothing\.zip", (FileNotFoundError,)))
add("load/a folder", lambda: LOAD(str(tmpdir())), Raises(r"path.*(not a file|folder|directory)",
                                                          (OSError, ValueError)))
add("load/a text file", lambda: LOAD(csv_file("notes.txt", "hello\n")),
    Raises(r"path.*not a saved"))
add("load/a pickled dict", lambda: LOAD(_pickled({"a": 1})),
    Raises(r"path.*dict.*(RNNForecaster|RNNRegressor)"))
add("load/None", lambda: LOAD(None), Raises(r"path.*None"))
add("load/round trip of forecaster.save(path)",
    lambda: (LOAD(_saved_zip()).predict(), fitted().predict()),
    Returns(lambda r: close(r[0].to_numpy(), r[1].to_numpy()), "the same forecasts"))
add("load/round trip of a pickled regressor", lambda: LOAD(_pickled(fitted_reg())).predict(_X[:3]),
    Returns(lambda p: close(p, fitted_reg().predict(_X[:3])), "the same predictions"))


def _pickled(obj):
    path = tmpdir() / f"obj{len(list(tmpdir().iterdir()))}.pkl"
    with open(path, "wb") as file:
        pickle.dump(obj, file)
    return str(path)


def _saved_zip():
    path = tmpdir() / "model"
    fitted().save(path)
    return str(path) + ".zip"


# ================================================================= compare_cells
def compare(**kwargs):
    params = dict(cells=("gru",), n_folds=1, window_length=6, hidden_size=4, max_epochs=1,
                  random_state=0)
    return compare_cells(airline().iloc[:60], 3, **{**params, **kwargs})


add("compare/budget=-1", lambda: compare(budget=-1), Raises(r"budget.*-1"))
add("compare/budget='10'", lambda: compare(budget="10"), Raises(r"budget.*'10'"))
add("compare/cells=[]", lambda: compare(cells=[]), Raises(r"cells.*\[\]|cells.*empty"))
add("compare/cells=['foo']", lambda: compare(cells=["foo"]), Raises(r"cell.*foo"))
add("compare/cells='gru' (a string)", lambda: compare(cells="gru"),
    Returns(lambda t: list(t["cell"]) == ["gru"], "one row for gru",
            or_raises=Raises(r"cells.*'gru'")))
add("compare/cells repeated", lambda: compare(cells=["gru", "gru"]), Raises(r"cells.*repeat"))
add("compare/score='mae'", lambda: compare(score="mae"), Raises(r"score.*mae"))
add("compare/fh=0", lambda: compare_cells(airline(), 0),
    Raises(r"fh.*0"))
add("compare/n_folds=0", lambda: compare(n_folds=0), Raises(r"n_folds.*0"))
add("compare/y too short", lambda: compare_cells(
    airline().iloc[:5], 3, cells=("gru",), window_length=6), Raises(r"(y|series|values).*short|"
                                                                   r"needs|too few"))
add("compare/random_state in forecaster_params",
    lambda: compare_cells(airline(), 3, **{"random_state": 0,
                                                                     "max_time": 1}),
    Raises(r"max_time|random_state"))
add("compare/a tiny valid comparison", lambda: compare(),
    Returns(lambda t: list(t["cell"]) == ["gru"] and bool(t["recommended"].iloc[0]),
            "one recommended row"))

# ======================================================================== datasets
_d = datasets

add("datasets/load_airline", _d.load_airline,
    Returns(lambda y: len(y) == 144 and y.index.freqstr == "M", "144 monthly values"))
add("datasets/load_m4 of a missing file", lambda: _d.load_m4(tmpdir() / "Hourly.csv"),
    Raises(r"path.*Hourly\.csv", (FileNotFoundError,)))
add("datasets/load_m4 n_series=0", lambda: _d.load_m4(csv_file("m4.csv", '"V1","V2"\n"H1","1"\n'),
                                                    n_series=0),
    Raises(r"n_series.*0"))
add("datasets/load_m4 of a CSV that is not M4",
    lambda: _d.load_m4(csv_file("notm4.csv", "a,b\n1,2\n")), Raises(r"V1"))
add("datasets/load_m4 of an empty file", lambda: _d.load_m4(csv_file("empty_m4.csv", "")),
    Raises(r"empty"))
add("datasets/load_m4 with a gap inside a series",
    lambda: _d.load_m4(csv_file("gap.csv", '"V1","V2","V3","V4"\n"H1","1",,"3"\n')),
    Raises(r"gap"))
add("datasets/load_m4 of a valid file",
    lambda: _d.load_m4(csv_file("ok.csv", '"V1","V2","V3"\n"H1","1","2"\n"H2","3",\n')),
    Returns(lambda p: p["y"].tolist() == [1.0, 2.0, 3.0], "values 1, 2, 3"))


# ===================================================================== more edges
add("fh/absolute fh of another index type in fit",
    lambda: fc().fit(Y(), fh=pd.DatetimeIndex(["1961-01-01"])),
    Raises(r"fh.*PeriodIndex.*DatetimeIndex|fh.*DatetimeIndex.*PeriodIndex"))
add("fh/integer labels are steps ahead on a PeriodIndex y",
    lambda: fitted().predict(fh=pd.Index([2])),
    Returns(lambda p: str(p.index[0]) == "1961-02", "the forecast of 1961-02"))
add("fh/predict_interval with an absolute fh of another index type",
    lambda: fitted_cal().predict_interval(fh=pd.DatetimeIndex(["1961-01-01"])),
    Raises(r"fh.*PeriodIndex.*DatetimeIndex"))
add("fh/a relative ForecastingHorizon",
    lambda: fitted().predict(fh=ForecastingHorizon([1, 2], is_relative=True)),
    Returns(finite_series(2), "two forecasts"))
add("fh/an absolute PeriodIndex fh", lambda: fitted().predict(fh=months(2, "1961-02")),
    Returns(lambda p: [str(t) for t in p.index] == ["1961-02", "1961-03"], "1961-02, 1961-03"))
add("quantiles/alpha=np.float32(0.5)",
    lambda: fitted_cal().predict_quantiles(alpha=np.float32(0.5)),
    Returns(lambda f: f.shape == (3, 1), "one quantile column"))
add("y/a one-column DataFrame gives a DataFrame",
    lambda: fc(window_length=4).fit(Y().to_frame("passengers"), fh=[1]).predict(),
    Returns(lambda p: isinstance(p, pd.DataFrame) and list(p.columns) == ["passengers"],
            "a frame with column 'passengers'"))
add("y/a Series without a name",
    lambda: fc(window_length=4).fit(Y().rename(None), fh=[1]).predict(),
    Returns(finite_series(1), "one forecast"))
add("panel/three index levels (hierarchical)",
    lambda: fc(window_length=4).fit(_hierarchy(), fh=[1]).predict(),
    Returns(finite_series(4), "a forecast per bottom series (and totals if any)",
            or_raises=Raises(r"hierarch|level")))
add("panel/integer time index and an absolute fh",
    lambda: fc(window_length=4).fit(panel([20, 20]).pipe(_integer_times), fh=[1]).predict(
        fh=pd.Index([20, 21])),
    Returns(finite_series(4), "two steps of two series"))
add("update/with X after a fit with X",
    lambda: _update_with_x(), Returns(finite_series(2), "two forecasts"))
add("params/n_models=2", lambda: fc(n_models=2, window_length=4).fit(Y(), fh=[1]).predict(),
    Returns(finite_series(1), "the median of two networks"))
add("sktime/ForecastingGridSearchCV refits without fh", lambda: _grid_search(),
    Returns(finite_series(2), "the best forecaster's two forecasts"))
add("sktime/clone keeps the parameters",
    lambda: fc(hidden_size=7).clone().get_params()["hidden_size"],
    Returns(lambda v: v == 7, "hidden_size 7"))
add("pickle/a forecaster round trip",
    lambda: (pickle.loads(pickle.dumps(fitted())).predict(), fitted().predict()),
    Returns(lambda r: close(r[0].to_numpy(), r[1].to_numpy()), "the same forecasts"))
add("regressor/fit(sample_weight=...)",
    lambda: reg().fit(_X, np.ones(40), sample_weight=np.ones(40)),
    Raises(r"sample_weight"))
add("window/add_indicator='yes'", lambda: WT(3, add_indicator="yes").fit(np.ones((10, 1))),
    Raises(r"add_indicator.*yes"))
add("supervised/horizon=np.int64(2)", lambda: MS(np.arange(6.0), horizon=np.int64(2))[1].shape,
    Returns(lambda shape: shape == (4, 2), "(4, 2) targets"))
add("metrics/smape of a panel (2-D)", lambda: _m.smape([[1.0, 1.0], [2.0, 2.0]],
                                                       [[1.0, 1.0], [2.0, 6.0]]),
    Returns(lambda v: close(v, 25.0), "25.0"))
add("metrics/mase with the wrong number of training series",
    lambda: _m.mase([[1.0], [2.0]], [[1.0], [2.0]], y_train=[[1.0, 2.0]]),
    Raises(r"y_train.*(one training series|series)"))
add("datasets/load_m4 n_series=1.5",
    lambda: _d.load_m4(csv_file("m4b.csv", '"V1","V2"\n"H1","1"\n'), n_series=1.5),
    Raises(r"n_series.*1\.5"))
add("datasets/load_lynx and load_shampoo",
    lambda: (len(_d.load_lynx()), len(_d.load_shampoo())),
    Returns(lambda n: n[0] > 100 and n[1] == 36, "lynx > 100 values, shampoo 36"))

add("X/predict with X on another kind of index than in fit",
    lambda: fitted_x()[0].predict(X=fitted_x()[1].set_axis(
        fitted_x()[1].index.to_timestamp())),
    Raises(r"\bX\b.*(PeriodIndex|Period).*(DatetimeIndex|Timestamp)|"
           r"index of X.*(kind|PeriodIndex)"))
add("X/a Series as X",
    lambda: fc().fit(Y(), X=pd.Series(np.arange(144.0), index=Y().index, name="x"),
                     fh=[1]).predict(X=pd.Series([1.0], index=months(1, "1961-01"), name="x")),
    Returns(finite_series(1), "one forecast"))
add("update/X missing at the new times after a fit with X",
    lambda: fc().fit(Y().iloc[:-1], X=pd.DataFrame({"x": np.arange(143.0)}, index=Y().index[:-1]),
                  fh=[1]).update(Y().iloc[-1:]),
    Raises(r"update needs X|\bX\b.*(missing|new times)"))
add("y/tz-aware hourly DatetimeIndex with freq",
    lambda: fc(window_length=4).fit(pd.Series(
        np.sin(np.arange(60.0)), index=pd.date_range("2020-01-01", periods=60, freq="h",
                                                     tz="Europe/Paris")), fh=[1]).predict(),
    Returns(lambda p: str(p.index[0]) == "2020-01-03 12:00:00+01:00", "2020-01-03 12:00 +01"))
add("y/quarterly PeriodIndex: sp 4",
    lambda: fc(window_length=4).fit(pd.Series(100 + np.arange(40.0), index=pd.period_range(
        "2000Q1", periods=40, freq="Q")), fh=[1]).sp_,
    Returns(lambda sp: sp == 4, "sp_ 4"))
add("interval/a panel", lambda: fc(window_length=4, calibration="insample").fit(
    panel([40, 40]), fh=[1, 2]).predict_interval(coverage=0.9),
    Returns(lambda f: f.shape == (4, 2) and (f.iloc[:, 1] > f.iloc[:, 0]).all(),
            "4 rows (2 series x 2 steps), lower < upper"))
add("panel/a single series in a MultiIndex",
    lambda: fc(window_length=4).fit(panel([30]), fh=[1]).predict(),
    Returns(lambda p: p.shape == (1, 1) and isinstance(p.index, pd.MultiIndex),
            "one row indexed (id, time)"))
add("panel/a Series with a MultiIndex (frame.set_index([...])[column])",
    lambda: fc(window_length=4).fit(panel([30, 30])["y"], fh=[1]).predict(),
    Returns(lambda p: isinstance(p, pd.Series) and p.shape == (2,)
            and isinstance(p.index, pd.MultiIndex), "a Series of 2 rows indexed (id, time)"))
add("y/deseasonalize='additive' that no series gets (white noise, sp=12)",
    lambda: fc(window_length=4, sp=12, deseasonalize="additive").fit(pd.Series(
        np.random.default_rng(0).normal(10, 1, 60),
        index=pd.period_range("2010-01", periods=60, freq="M")), fh=[1]),
    Warns(r"deseasonalize='additive' was asked, but no series was seasonally adjusted",
          UserWarning))
add("window/DatetimeIndex with a gap and no freq (step from fit)",
    lambda: WT(2).fit(pd.DataFrame({"y": np.arange(4.0)},
                                   index=pd.date_range("2020-01-01", periods=4, freq="D")))
    .transform(pd.DataFrame({"y": [9.0]}, index=pd.DatetimeIndex(["2020-01-07"]))),
    Returns(lambda w: w[0, 0, 1] == 1.0, "the window is padded, not continued across the gap",
            or_raises=Raises(r"index of X.*gap")))
add("supervised/PeriodIndex with a gap",
    lambda: MS(pd.Series(np.arange(4.0), index=pd.PeriodIndex(
        ["2020-01", "2020-02", "2020-04", "2020-05"], freq="M"))),
    Raises(r"index of y.*gap"))


def _hierarchy():
    frame = panel([20, 20, 20, 20])
    keys = frame.index.get_level_values(0)
    region = np.where(np.isin(keys, ["a", "b"]), "north", "south")
    return frame.set_index(pd.MultiIndex.from_arrays(
        [region, keys, frame.index.get_level_values(1)], names=["region", "id", "time"]))


def _integer_times(frame):
    times = frame.groupby(level=0).cumcount().to_numpy()
    return frame.set_index(pd.MultiIndex.from_arrays(
        [frame.index.get_level_values(0), times], names=["id", "time"]))


def _update_with_x():
    y = Y()
    X = pd.DataFrame({"x": np.arange(len(y) + 2, dtype=float)},
                     index=pd.period_range(y.index[0], periods=len(y) + 2, freq="M"))
    forecaster = fc().fit(y.iloc[:-1], X=X.iloc[: len(y) - 1], fh=[1, 2])
    return forecaster.update(y.iloc[-1:], X=X.iloc[len(y) - 1 :]).predict()


def _grid_search():
    from sktime.forecasting.model_selection import ForecastingGridSearchCV
    from sktime.split import ExpandingWindowSplitter

    search = ForecastingGridSearchCV(
        fc(window_length=6), cv=ExpandingWindowSplitter(fh=[1, 2], initial_window=120,
                                                        step_length=10),
        param_grid={"hidden_size": [4, 6]}, backend=None)
    return search.fit(Y(), fh=[1, 2]).predict()


# ============================================= covariate roles, targets, heads (issue 19)
def _with_x(change=None):
    """(y, X) of 60 monthly values with one covariate x; ``change`` edits X."""
    index = pd.period_range("2000-01", periods=60, freq="M")
    y = pd.Series(np.asarray(noise(60)), index=index, name="y")
    X = pd.DataFrame({"x": np.asarray(noise(60, seed=1))}, index=index)
    return y, (change(X) if change else X)


def _gap(X):
    X.iloc[20, 0] = np.nan
    return X


def _stops(X):
    X.iloc[50:, 0] = np.nan
    return X


def _targets(change):
    index = pd.period_range("2000-01", periods=60, freq="M")
    y = pd.DataFrame({"load": np.asarray(noise(60)), "temp": np.asarray(noise(60, seed=2))},
                     index=index)
    return change(y)


def _two_kinds():
    frame = panel([30, 30])
    kind = pd.Series(np.where(frame.index.get_level_values(0) == "a", "x", "y"),
                     index=frame.index, name="kind")
    kind.iloc[3] = "z"  # varies within series 'a'
    return frame, kind.to_frame()


add("roles/past column with a gap",
    lambda: fc(past_covariates=["x"], window_length=6).fit(*_with_x(_gap), fh=[1]),
    Raises(r"past-only column 'x' \(past_covariates\) must have no gaps"))
add("roles/past column that stops before the cutoff",
    lambda: fc(past_covariates=["x"], window_length=6).fit(*_with_x(_stops), fh=[1]),
    Raises(r"past-only column 'x' \(past_covariates\) must have a value at every time"))
add("roles/past_covariates names no column of X",
    lambda: fc(past_covariates=["temperature"], window_length=6).fit(*_with_x(), fh=[1]),
    Raises(r"past_covariates must name columns of X, got \['temperature'\]"))
add("roles/past_covariates a bare string",
    lambda: fc(past_covariates="x", window_length=6).fit(*_with_x(), fh=[1]),
    Raises(r"past_covariates must be a list of column names"))
add("roles/static column that varies within a series",
    lambda: fc(static_covariates=["kind"], window_length=6).fit(*_two_kinds(), fh=[1]),
    Raises(r"static column 'kind' \(static_covariates\) must be constant within each series"))
add("targets/columns of different lengths",
    lambda: fc(window_length=6).fit(_targets(
        lambda y: y.assign(temp=y["temp"].where(y.index < y.index[-2]))), fh=[1]),
    Raises(r"target columns of y must have the same length"))
add("targets/NaN inside a column",
    lambda: fc(window_length=6).fit(_targets(
        lambda y: y.assign(load=np.where(np.arange(60) == 7, np.nan, y["load"]))), fh=[1]),
    Raises(r"target columns of y must have no missing values, got 1 NaN in column 'load'"))
add("heads/quantiles outside (0, 1)",
    lambda: fc(loss="quantile", quantiles=[0.1, 1.0]).fit(Y(), fh=[1]),
    Raises(r"quantiles must be numbers strictly between 0 and 1, got 1\.0"))
add("heads/quantiles unsorted",
    lambda: fc(loss="quantile", quantiles=[0.9, 0.1]).fit(Y(), fh=[1]),
    Raises(r"quantiles must be increasing and without duplicates.*Use \[0\.1, 0\.9\]"))
add("heads/loss='quantile' without quantiles",
    lambda: fc(loss="quantile").fit(Y(), fh=[1]),
    Raises(r"quantiles"))
add("heads/quantile head's intervals",
    lambda: fc(loss="quantile", quantiles=[0.1, 0.5, 0.9], calibration=None)
    .fit(Y(), fh=[1, 2]).predict_interval(coverage=0.8),
    Returns(lambda band: (band.iloc[:, 0] <= band.iloc[:, 1]).all(), "lower <= upper"))


# =========================================================================== main
def print_report(results, verbose=False, stream=sys.stdout):
    counts = summary(results)
    total = sum(r.seconds for r in results)
    slowest = sorted(results, key=lambda r: -r.seconds)[:3]
    print("slowest: " + ", ".join(f"{r.case.name} ({r.seconds:.1f} s)" for r in slowest),
          file=stream)
    print(f"{len(results)} cases in {total:.0f} s: " + ", ".join(
        f"{counts[o]} {o}" for o in OUTCOMES), file=stream)
    shown = results if verbose else [r for r in results if r.outcome not in PASSING]
    if shown:
        print("", file=stream)
    for r in shown:
        where = f" [{r.where}]" if r.where and r.outcome not in PASSING else ""
        print(f"{r.outcome.upper():8} {r.case.name}\n         {r.detail}{where}", file=stream)
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", metavar="TEXT", help="run the cases whose name contains TEXT")
    parser.add_argument("--verbose", action="store_true", help="print every case")
    parser.add_argument("--list", action="store_true", help="list the case names and exit")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if args.k is None or args.k in c.name]
    if args.list:
        print("\n".join(c.name for c in cases))
        return 0
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    print_report(run(cases), verbose=args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
