"""scikit-learn's own estimator checks, in full, on the main configurations."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

CONFIGURATIONS = [
    NumpyMLPClassifier(),
    NumpyMLPClassifier(solver="sgd"),
    NumpyMLPClassifier(solver="lbfgs"),
    # Every activation at its defaults (learning_rate_init="auto" resolves per activation).
    NumpyMLPClassifier(activation="relu"),
    NumpyMLPClassifier(activation="tanh"),
    NumpyMLPClassifier(activation="identity"),
    # MLPClassifier's initialisation (narrower for the default logistic units).
    NumpyMLPClassifier(weight_init="sklearn"),
    NumpyMLPClassifier(activation="tanh", hidden_layer_sizes=(20, 10)),
    # The notebook's loss with every other parameter at its default, and with
    # the other stochastic solver and tanh units (each its own "auto" step).
    NumpyMLPClassifier(loss="squared_error"),
    NumpyMLPClassifier(loss="squared_error", solver="sgd"),
    NumpyMLPClassifier(loss="squared_error", activation="tanh"),
    # The notebook's network: 3 hidden units started from uniform [0, 1) weights.
    NumpyMLPClassifier(weight_init="uniform", solver="sgd", hidden_layer_sizes=(3,)),
    # The regressor (relu by default), each solver, deeper tanh, logistic units.
    NumpyMLPRegressor(),
    NumpyMLPRegressor(solver="sgd"),
    NumpyMLPRegressor(solver="lbfgs"),
    NumpyMLPRegressor(activation="tanh", hidden_layer_sizes=(20, 10)),
    NumpyMLPRegressor(activation="logistic"),
    # Poisson declares positive-only targets, so the checks draw them so.
    NumpyMLPRegressor(loss="poisson"),
    # Raw targets, exactly as MLPRegressor trains.
    NumpyMLPRegressor(normalize_y=False),
]


@parametrize_with_checks(CONFIGURATIONS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
