"""scikit-learn's own estimator checks: every check passes, none is expected to fail."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from rnnforecast import RNNRegressor

# check_regressors_train asks for R^2 > 0.5 on 200 tabular rows; a higher
# learning rate gets there in 50 epochs.
ESTIMATORS = [RNNRegressor(hidden_size=16, max_epochs=50, lr=1e-2)]


@parametrize_with_checks(ESTIMATORS)
def test_sklearn_compatible(estimator, check):
    check(estimator)
