"""Bad and edge inputs of issue 20 that were unclear, silently wrong or crashed.

One test per fix, each failing on the code before it; and a smoke run of a
few cases of the sweep ``benchmarks/bad_inputs.py`` (CI runs benchmarks
only as smoke versions). Networks are tiny: what is checked is the message
or the shape of the answer, not accuracy.
"""

import copy
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rnnforecast import RNNForecaster, RNNRegressor, compare_cells
from rnnforecast.persistence import load

ROOT = Path(__file__).resolve().parents[1]
TINY = dict(window_length=4, hidden_size=2, max_steps=5, random_state=0, combine=None,
            calibration=None)


def _forecaster(**params):
    return RNNForecaster(**{**TINY, **params})


def _monthly(n=40):
    index = pd.period_range("2000-01", periods=n, freq="M")
    return pd.Series(10 + np.sin(np.arange(n) / 2), index=index, name="y")


def _daily(n, start="2020-01-01"):
    """A series on a DatetimeIndex without freq, as read from a CSV file."""
    index = pd.DatetimeIndex(list(pd.date_range(start, periods=n, freq="D")))
    return pd.Series(10 + np.sin(np.arange(n) / 2), index=index, name="y")


def _panel(n=20, ids=("a", "b")):
    times = pd.DatetimeIndex(list(pd.date_range("2020-01-01", periods=n, freq="D")))
    index = pd.MultiIndex.from_product([list(ids), times], names=["id", "time"])
    values = np.tile(10 + np.sin(np.arange(n) / 2), len(ids))
    return pd.DataFrame({"y": values}, index=index)


@pytest.fixture(scope="module")
def fitted():
    return _forecaster().fit(_monthly(), fh=[1, 2])


@pytest.fixture(scope="module")
def calibrated():
    return _forecaster(calibration="insample").fit(_monthly(120), fh=[1, 2])


# ----------------------------------------------------------------- update
@pytest.mark.parametrize("n_new", [1, 2])
def test_update_with_one_or_two_rows_on_a_datetime_index_without_freq(n_new):
    y = _daily(30)
    forecaster = _forecaster().fit(y.iloc[:-n_new], fh=[1])
    y_pred = forecaster.update(y.iloc[-n_new:]).predict()
    assert y_pred.index[0] == pd.Timestamp("2020-01-31")


def test_update_a_panel_with_one_row_per_series():
    data = _panel()
    last = data.groupby(level=0).tail(1)
    forecaster = _forecaster().fit(data.drop(last.index), fh=[1])
    y_pred = forecaster.update(last).predict()
    assert y_pred.index.get_level_values(-1).unique().tolist() == [pd.Timestamp("2020-01-21")]


def test_update_names_a_series_not_seen_in_fit_before_its_index():
    forecaster = _forecaster().fit(_panel(), fh=[1])
    new = _panel(21, ids=("z",)).iloc[[-1]]
    with pytest.raises(ValueError, match=r"update got series \['z'\] that were not seen in fit"):
        forecaster.update(new)


def test_update_with_an_empty_y_warns_and_changes_nothing(fitted):
    # it raised a raw IndexError from deep in the index checks; sktime's own forecasters
    # warn and carry on
    forecaster = copy.deepcopy(fitted)
    expected = forecaster.predict()
    with pytest.warns(UserWarning, match=r"update got an empty y \(no rows\), so nothing "
                                         r"was updated: the cutoff stays at \[Period"):
        forecaster.update(_monthly().iloc[:0])
    pd.testing.assert_series_equal(forecaster.predict(), expected)


def test_update_with_several_columns_after_a_one_target_fit_is_refused():
    # the first column was taken for the target by position: a column of other numbers
    # before it gave forecasts 100 times too large, without a word
    y = _monthly().to_frame("y")
    forecaster = _forecaster().fit(y.iloc[:-3], fh=[1])
    new = y.iloc[-3:].assign(extra=1e6)[["extra", "y"]]
    with pytest.raises(ValueError, match=r"y in update must have the one target column of "
                                         r"fit \('y'\), got 2 columns \['extra', 'y'\]\. Pass "
                                         r"that column alone, e.g. update\(y\[\['y'\]\]\)"):
        forecaster.update(new)
    with pytest.raises(ValueError, match=r"one target column of fit \('y'\)"):
        _forecaster().fit(_panel(), fh=[1]).update(_panel(21).iloc[[20, 41]].assign(z=0.0))


def test_update_of_another_period_frequency_is_named(fitted):
    # pandas' IncompatibleFrequency came out of the gap check
    new = pd.Series([1.0], index=pd.period_range("2003-01", periods=1, freq="Q"))
    with pytest.raises(ValueError, match=r"the index of y in update must have the frequency "
                                         r"seen in fit \('M'\), got 'Q-DEC' \(\['2003Q1'\]\)"):
        copy.deepcopy(fitted).update(new)


def test_nan_in_update_is_located(fitted):
    # sktime's message said neither where nor which series
    new = _monthly(44).iloc[40:].copy()
    new.iloc[2] = np.nan
    with pytest.raises(ValueError, match=r"y must be finite .* at row 2 \(index "
                                         r"Period\('2003-07', 'M'\)\)"):
        copy.deepcopy(fitted).update(new)


# -------------------------------------------------------- levels of intervals
@pytest.mark.parametrize(
    "method, name", [("predict_interval", "coverage"), ("predict_quantiles", "alpha")]
)
def test_an_empty_list_of_levels_is_refused_by_name(calibrated, method, name):
    with pytest.raises(ValueError, match=rf"RNNForecaster: {name} must be a number or a "
                                         rf"non-empty list .* got {name}=\[\]"):
        getattr(copy.deepcopy(calibrated), method)(**{name: []})


def test_numpy_scalar_levels_are_accepted(calibrated):
    forecaster = copy.deepcopy(calibrated)
    interval = forecaster.predict_interval(coverage=np.float32(0.9))
    assert interval.shape == (2, 2)
    assert forecaster.predict_quantiles(alpha=np.float64(0.5)).shape == (2, 1)


def test_predict_var_with_cov_is_refused(calibrated):
    with pytest.raises(NotImplementedError, match=r"predict_var\(cov=True\) .* got cov=True"):
        copy.deepcopy(calibrated).predict_var(cov=True)


# -------------------------------------------------------------------- fh
def test_an_absolute_fh_of_another_index_kind_is_refused(fitted, calibrated):
    fh = pd.DatetimeIndex(["2003-05-01"])
    message = (r"absolute fh must be labelled like the index of y \(PeriodIndex\), got a "
               r"DatetimeIndex")
    with pytest.raises(TypeError, match=message):
        copy.deepcopy(fitted).predict(fh=fh)
    with pytest.raises(TypeError, match=message):
        copy.deepcopy(calibrated).predict_interval(fh=fh)
    with pytest.raises(TypeError, match=message):
        _forecaster().fit(_monthly(), fh=fh)


# ------------------------------------------------------------------ y and X
def test_an_empty_y_is_refused_by_name():
    with pytest.raises(ValueError, match=r"RNNForecaster: y must have at least one value per "
                                         r"series, got an empty Series"):
        _forecaster().fit(pd.Series([], dtype=float), fh=[1])


def test_text_in_y_is_refused_as_not_numeric():
    y = pd.Series(list("abcdefghij"))
    with pytest.raises(TypeError, match=r"RNNForecaster: y must be numeric, got categorical "
                                        r"data \(dtype '(str|object)'\), e.g. 'a' at row 0"):
        _forecaster().fit(y, fh=[1])


def test_text_in_x_is_refused_naming_the_column():
    y = _monthly()
    X = pd.DataFrame({"x": np.arange(40.0), "label": ["a"] * 40}, index=y.index)
    with pytest.raises(TypeError, match=r"X must be numeric, got categorical data \(dtype "
                                        r"'(str|object)'\) in column 'label', e.g. 'a' at row 0"):
        _forecaster().fit(y, X=X, fh=[1])


def test_text_in_update_is_refused_as_not_numeric(fitted):
    new = pd.Series(["a"], index=pd.period_range("2003-05", periods=1, freq="M"))
    with pytest.raises(TypeError, match=r"y must be numeric, got categorical data"):
        copy.deepcopy(fitted).update(new)


def _with_x(n=40):
    y = _monthly(n)
    X = pd.DataFrame({"a": np.arange(n, dtype=float), "b": np.cos(np.arange(n))}, index=y.index)
    return y, X


def test_repeated_column_names_in_x_are_refused_by_name():
    # pandas' "'DataFrame' object has no attribute 'dtype'" before
    y, X = _with_x()
    X.columns = ["a", "a"]
    with pytest.raises(ValueError, match=r"RNNForecaster: X must have unique column names "
                                         r"\(covariates are matched by name\), got \['a'\] "
                                         r"more than once in columns \['a', 'a'\]"):
        _forecaster().fit(y.iloc[:-2], X.iloc[:-2], fh=[1, 2])


@pytest.mark.parametrize("where", ["fit", "predict"])
def test_an_infinite_x_is_refused_naming_the_column_and_the_row(where):
    # inf in X reached the network and came back as "training diverged ... lower lr"
    y, X = _with_x()
    bad = X.copy()
    bad.iloc[5 if where == "fit" else -1, 1] = -np.inf
    message = (r"RNNForecaster: X must hold finite numbers, got -inf in column 'b' at row "
               + (r"5 \(index Period\('2000-06'" if where == "fit" else r"1 \(index Period\('2003-04'"))
    if where == "fit":
        with pytest.raises(ValueError, match=message):
            _forecaster().fit(y.iloc[:-2], bad.iloc[:-2], fh=[1, 2])
    else:
        forecaster = _forecaster().fit(y.iloc[:-2], X.iloc[:-2], fh=[1, 2])
        with pytest.raises(ValueError, match=message):
            forecaster.predict(X=bad.iloc[-2:])


@pytest.mark.parametrize("index, advice", [
    (pd.date_range("2018-01-01", periods=40, freq="MS") + pd.Timedelta(days=14),
     r"Its steps look monthly on varying days: index it by period, "
     r"y.index = y.index.to_period\('M'\)"),
    (pd.DatetimeIndex(list(pd.date_range("2020-01-01", periods=20, freq="D"))
                      + list(pd.date_range("2020-01-25", periods=20, freq="D"))),
     r"Its most common step is 1 days 00:00:00 but 2020-01-20 00:00:00 -> 2020-01-25 00:00:00 "
     r"is 5 days 00:00:00: y.asfreq\('D'\) puts a row at every step"),
    # a month missing: the advice was to_period('M'), which then failed on the gap
    (pd.date_range("2018-01-01", periods=41, freq="MS").delete(20),
     r"Its steps look monthly, but 2019-09 is missing \(1 in all\): index it by period, "
     r"y.index = y.index.to_period\('M'\), put a row at every period, y = y.reindex"),
    (pd.date_range("2018-01-01", periods=42, freq="QS").delete([5, 30]),
     r"Its steps look quarterly, but 2019Q2 is missing \(2 in all\)"),
    (pd.DatetimeIndex(list(pd.date_range("2018-01-01", periods=39, freq="MS"))
                      + [pd.Timestamp("2021-03-20")]),
     r"Its steps look monthly, but 2021-03 holds more than one row: aggregate them by "
     r"period, e.g. y = y.groupby\(y.index.to_period\('M'\)\).mean\(\)"),
    # business days with one missing: the advice was asfreq('D'), a NaN every weekend
    (pd.bdate_range("2023-05-01", periods=41, freq="B").delete(20),
     r"Its steps look like business days \(no Saturday or Sunday\), but 2023-05-29 00:00:00 "
     r"is missing \(1 in all\): y.asfreq\('B'\) puts a row at every business day"),
])
def test_a_datetime_index_without_a_frequency_gets_advice_that_fits_it(index, advice):
    # the advice was y.asfreq('h') for any data: on monthly data 43,000 rows of NaN
    y = pd.Series(np.sin(np.arange(40.0)), index=index)
    with pytest.raises(ValueError, match=r"RNNForecaster: the index of y is a DatetimeIndex "
                                         r"without a frequency that can be inferred .*" + advice):
        _forecaster().fit(y, fh=[1])


def test_x_on_another_kind_of_index_than_y_is_refused():
    y = _monthly()
    X = pd.DataFrame({"x": np.arange(40.0)}, index=y.index.to_timestamp())
    with pytest.raises(TypeError, match=r"the index of X must be of the kind of y's index "
                                        r"\(PeriodIndex\).* got a DatetimeIndex.*to_period"):
        _forecaster().fit(y, X=X, fh=[1])


def test_x_of_predict_on_another_kind_of_index_is_refused():
    y = _monthly()
    X = pd.DataFrame({"x": np.arange(44.0)}, index=pd.period_range("2000-01", periods=44, freq="M"))
    forecaster = _forecaster().fit(y, X=X.iloc[:40], fh=[1, 2])
    with pytest.raises(TypeError, match=r"the index of X in predict must be of the kind seen "
                                        r"in fit \(period\), got DatetimeIndex"):
        forecaster.predict(X=X.iloc[40:].set_axis(X.index[40:].to_timestamp()))


def test_a_numpy_x_with_a_time_indexed_y_is_refused():
    with pytest.raises(TypeError, match=r"X must be a pandas DataFrame indexed by the times of "
                                        r"y .* numpy array of shape \(40, 1\).*PeriodIndex"):
        _forecaster().fit(_monthly(), X=np.ones((40, 1)), fh=[1])


def test_a_duplicated_time_in_a_panel_is_named_before_the_frequency():
    data = _panel()
    data = pd.concat([data, data.iloc[[3]]]).sort_index()
    with pytest.raises(ValueError, match=r"index of y \(series 'a'\) must be unique.*2020-01-04"):
        _forecaster().fit(data, fh=[1])


def test_nan_in_a_panel_names_the_series_and_the_time():
    data = _panel()
    data.iloc[25, 0] = np.nan
    with pytest.raises(ValueError, match=r"y \(series 'b'\) must be finite \(no NaN or inf\), "
                                         r"got \[nan\] at row 5 \(index Timestamp\('2020-01-06"):
        _forecaster().fit(data, fh=[1])


@pytest.mark.parametrize("params, message", [
    ({"lr": -1}, r"The 'lr' parameter of RNNForecaster must be a float in the range \(0.0, "
                 r"inf\). Got -1 instead"),
    ({"dropout": 1.5}, r"The 'dropout' parameter of RNNForecaster must be a float in the "
                       r"range \[0.0, 1.0\). Got 1.5 instead"),
    ({"anchor": "first"}, r"The 'anchor' parameter of RNNForecaster must be a str among"),
    ({"max_steps": None}, r"RNNForecaster: max_epochs and max_steps cannot both be None, got "
                          r"max_epochs=None, max_steps=None"),
    ({"device": "tpu"}, r"RNNForecaster: device='tpu' cannot be used here \(torch does not "
                        r"know that device\): device must be one of 'auto', 'cpu'"),
])
def test_the_networks_parameters_are_refused_as_the_forecasters(params, message):
    # they were refused as "the 'lr' parameter of RNNRegressor", a class the user never made
    with pytest.raises(ValueError, match=message):
        _forecaster(**params).fit(_monthly(), fh=[1])


# --------------------------------------------------------------- regressor
def test_regressor_refuses_a_3d_y_by_name():
    X = np.ones((10, 4))
    with pytest.raises(ValueError, match=r"RNNRegressor: y must have shape \(N,\) or \(N, H\) "
                                         r".* got 3-D input of shape \(10, 2, 2\)"):
        RNNRegressor(max_epochs=1).fit(X, np.ones((10, 2, 2)))


# ------------------------------------------------------------- persistence
def test_load_reads_the_tuple_of_an_in_memory_save(fitted):
    loaded = load(fitted.save())
    pd.testing.assert_series_equal(loaded.predict(), copy.deepcopy(fitted).predict())


@pytest.mark.parametrize(
    "path, message",
    [
        (None, r"path must be a file path \(str or os.PathLike\) .* got NoneType None"),
        (("a", "b", "c"), r"path as a tuple must be the \(class, bytes\) pair .* 3 item\(s\)"),
    ],
)
def test_load_refuses_what_is_not_a_path_by_name(path, message):
    with pytest.raises(TypeError, match=message):
        load(path)


def test_load_finds_the_zip_that_save_wrote_from_the_same_path(fitted, tmp_path):
    # forecaster.save("model") writes model.zip; load("model") said "is not a file"
    fitted.save(tmp_path / "model")
    loaded = load(tmp_path / "model")
    pd.testing.assert_series_equal(loaded.predict(), fitted.predict())
    with pytest.raises(FileNotFoundError, match=r"path='.*other' is not a file \(nor is "
                                                r"'other.zip' beside it\)"):
        load(tmp_path / "other")


# ------------------------------------------------------------- compare_cells
@pytest.mark.parametrize("budget", [0, -1, "10", float("inf"), True])
def test_compare_cells_refuses_a_budget_that_is_not_positive_seconds(budget):
    with pytest.raises(ValueError, match=r"compare_cells: budget must be a positive number of "
                                         rf"seconds .* got {budget!r}"):
        compare_cells(_monthly(), 2, budget=budget)


# ------------------------------------------------------------------- sweep
def _sweep():
    name = "bad_inputs"
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "bad_inputs.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


SMOKE = [
    "unclear/predict_interval(coverage=[])",
    "unclear/fit on an empty y",
    "unclear/compare_cells(budget=0)",
    "crash/update with one new row, DatetimeIndex without freq",
    "item4/coverage pairs reversed pandas bounds by label",
    "fit/duplicate index",
    "window/X 1-D array",
    "metrics/mase m=0",
    "load/None",
]


def test_the_sweep_runs_and_classifies_a_handful_of_cases(capsys):
    sweep = _sweep()
    cases = [case for case in sweep.CASES if case.name in SMOKE]
    assert len(cases) == len(SMOKE)
    assert len(sweep.CASES) >= 80
    results = sweep.run(cases)
    assert all(r.outcome in sweep.PASSING for r in results), [
        (r.case.name, r.outcome, r.detail) for r in results if r.outcome not in sweep.PASSING
    ]
    counts = sweep.print_report(results)
    assert sum(counts.values()) == len(SMOKE)
    assert f"{len(SMOKE)} cases in" in capsys.readouterr().out


def test_the_sweep_tells_unclear_silent_and_crash_apart():
    sweep = _sweep()

    def raw():
        return [][1]  # an IndexError from inside: no parameter named

    def boom():
        raise RuntimeError("deep")

    cases = [
        sweep.Case("a", lambda: 1, sweep.Raises(r"x")),
        sweep.Case("b", raw, sweep.Raises(r"\bx\b")),
        sweep.Case("c", boom, sweep.Raises(r"x")),
        sweep.Case("d", lambda: 2, sweep.Returns(lambda v: v == 3, "3")),
        sweep.Case("e", lambda: int("x"), sweep.Returns(lambda v: True, "anything")),
        sweep.Case("f", lambda: int("x"), sweep.Raises(r"invalid literal")),
    ]
    outcomes = [r.outcome for r in sweep.run(cases)]
    assert outcomes == ["silent", "unclear", "crash", "silent", "crash", "clear"]


def test_a_subclass_errors_name_the_subclass():
    class MyForecaster(RNNForecaster):
        pass

    class MyRegressor(RNNRegressor):
        pass

    y = pd.Series(np.arange(40.0))
    with pytest.raises(ValueError, match=r"^MyForecaster: combine must be one of"):
        MyForecaster(combine="mean").fit(y, fh=[1])
    with pytest.raises(ValueError, match=r"^MyRegressor: X must have shape \(N, L\)"):
        MyRegressor().fit(np.arange(5.0), np.arange(5.0))
