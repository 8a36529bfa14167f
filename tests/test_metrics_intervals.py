from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import mean_pinball_loss

from rnnforecast.datasets import load_m4
from rnnforecast.metrics import coverage, msis, pinball_loss

M4_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "m4"


def test_msis_by_hand():
    # widths 2; second step misses by 3 above: 2 + (2 / 0.5) * 3 = 14; scale 1
    assert msis([5.0, 9.0], [4.0, 4.0], [6.0, 6.0], [1.0, 2.0, 3.0], alpha=0.5) == 8.0


def test_msis_panel_is_mean_over_series_scaled_by_seasonal_naive():
    y_true = np.array([[1.0, 1.0], [1.0, 1.0]])
    lower, upper = y_true - 1, y_true + 1
    value = msis(y_true, lower, upper, [[0.0, 2.0, 4.0], [0.0, 1.0, 2.0]], m=2)
    assert value == pytest.approx(np.mean([2 / 4, 2 / 2]))


def test_coverage_counts_the_bounds_as_inside():
    assert coverage([1.0, 2.0, 3.0], [1.0, 0.0, 3.5], [1.0, 1.0, 4.0]) == pytest.approx(1 / 3)


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_pinball_loss_matches_sklearn(q):
    rng = np.random.RandomState(0)
    y, f = rng.randn(20), rng.randn(20)
    assert pinball_loss(y, f, q) == pytest.approx(mean_pinball_loss(y, f, alpha=q))


@pytest.mark.parametrize("bad", [0, 1, -0.1, 1.5, "a", None])
def test_levels_outside_zero_one_are_refused(bad):
    with pytest.raises(ValueError, match=r"alpha must be .* between 0 and 1; got"):
        msis([1.0], [0.0], [2.0], [0.0, 1.0], alpha=bad)
    with pytest.raises(ValueError, match=r"quantile must be .* between 0 and 1; got"):
        pinball_loss([1.0], [1.0], quantile=bad)


def test_swapped_bounds_are_refused():
    with pytest.raises(ValueError, match=r"lower must be <= upper .* got 1 step"):
        coverage([1.0, 2.0], [0.0, 3.0], [2.0, 1.0])


def test_shapes_must_match():
    # the message names the bound of the wrong length (it said y_pred, no parameter here)
    with pytest.raises(ValueError, match=r"y_true and lower must have the same shape; got "
                                         r"y_true.shape=\(2,\) and lower.shape=\(1,\)"):
        coverage([1.0, 2.0], [0.0], [2.0, 3.0])
    with pytest.raises(ValueError, match=r"y_true and upper must have the same shape"):
        msis([1.0, 2.0], [0.0, 1.0], [2.0], [1.0, 2.0, 3.0])


def test_pandas_bounds_are_paired_with_y_true_by_label():
    # label 2 is below its lower bound: coverage 2/3 by label, 1/3 if paired by position
    y_true = pd.Series([1.0, 2.0, 3.0], index=[0, 1, 2])
    lower = pd.Series([0.5, 1.5, 3.5], index=[0, 1, 2])
    upper = pd.Series([1.5, 2.5, 4.0], index=[0, 1, 2])
    train = [0.0, 1.0, 2.0]
    reversed_lower, reversed_upper = lower.iloc[::-1], upper.iloc[::-1]
    assert coverage(y_true, lower, upper) == pytest.approx(2 / 3)
    assert coverage(y_true, reversed_lower, reversed_upper) == pytest.approx(2 / 3)
    expected = msis(y_true, lower, upper, train, alpha=0.5)
    assert msis(y_true, reversed_lower, reversed_upper, train, alpha=0.5) == pytest.approx(expected)
    # a panel: rows and columns of the bounds in another order
    panel = pd.DataFrame([[1.0, 2.0], [3.0, 4.0]], index=["a", "b"], columns=[1, 2])
    panel_lower, panel_upper = panel - np.array([[1.0, -0.5], [0.5, 2.0]]), panel + 1.0
    by_label = coverage(panel, panel_lower.iloc[::-1, ::-1], panel_upper.iloc[::-1, ::-1])
    assert by_label == coverage(panel.to_numpy(), panel_lower.to_numpy(), panel_upper.to_numpy())


def test_pandas_bounds_with_other_labels_are_refused():
    y_true = pd.Series([1.0, 2.0, 3.0], index=[0, 1, 2])
    bound = pd.Series([0.0, 1.0, 2.0], index=[0, 2, 3])
    match = (
        r"coverage: y_true and lower must have the same index labels.*"
        r"only in y_true \[1\] and only in lower \[3\].*lower\.reindex\(y_true\.index\)"
    )
    with pytest.raises(ValueError, match=match):
        coverage(y_true, bound, y_true + 1.0)
    match = r"msis: y_true and upper must have the same index labels.*only in upper \[3\]"
    with pytest.raises(ValueError, match=match):
        msis(y_true, y_true - 1.0, bound + 5.0, [0.0, 1.0, 2.0])


@pytest.mark.skipif(not (M4_DIR / "Hourly-train.csv").exists(), reason="no M4 data")
def test_msis_of_m4_naive_intervals_on_hourly_matches_official():
    """Naive1 +- 1.95996 sigma sqrt(h) on all 414 series: MSIS 71.245, coverage 0.9385."""
    train = load_m4(M4_DIR / "Hourly-train.csv")["y"].groupby(level=0, sort=False)
    test = load_m4(M4_DIR / "Hourly-test.csv")["y"].groupby(level=0, sort=False)
    train = [g.to_numpy() for _, g in train]
    actual = np.stack([g.to_numpy()[:48] for _, g in test])
    h = np.arange(1, 49)
    last = np.array([t[-1] for t in train])[:, None]
    sigma = np.array([np.sqrt(np.mean(np.diff(t) ** 2)) for t in train])[:, None]
    half = 1.95996 * sigma * np.sqrt(h)
    lower, upper = last - half, last + half
    assert round(msis(actual, lower, upper, train, m=24), 3) == 71.245
    assert round(coverage(actual, lower, upper), 4) == 0.9385
