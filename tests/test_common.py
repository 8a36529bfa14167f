"""scikit-learn's own estimator checks: every check passes, none is expected to fail."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from rnnforecast import RNNRegressor

# check_regressors_train asks for R^2 > 0.5 on 200 tabular rows; a higher
# learning rate gets there in 50 epochs.
# The multi-quantile head predicts its median and keeps every check (as do the Normal and
# Student-t heads, checked once by hand: 53 checks, about 20 s each).
ESTIMATORS = [
    RNNRegressor(hidden_size=16, max_epochs=50, lr=1e-2),
    RNNRegressor(hidden_size=16, max_epochs=50, lr=1e-2, loss="quantile", quantiles=[0.1, 0.9]),
]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible(estimator, check):
    check(estimator)
