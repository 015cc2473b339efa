"""scikit-learn's estimator checks, in full, with the training features on:
dropout, weight decay, label smoothing, the schedules and the new units."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

CONFIGURATIONS = [
    NumpyMLPClassifier(dropout=0.2),
    NumpyMLPClassifier(weight_decay=0.01, solver="sgd"),
    NumpyMLPClassifier(label_smoothing=0.1),
    NumpyMLPClassifier(learning_rate="cosine", warmup_iter=5),
    NumpyMLPClassifier(learning_rate="coslog4", solver="sgd"),
    NumpyMLPClassifier(activation="selu"),
    NumpyMLPClassifier(activation="mish"),
    NumpyMLPClassifier(
        hidden_layer_sizes=(20, 10), activation=("gelu", "silu"), dropout=[0.1, 0.0]
    ),
    NumpyMLPRegressor(activation="gelu"),
    NumpyMLPRegressor(dropout=0.1, weight_decay=0.01, learning_rate="cosine"),
]


def _expected_failures(estimator):
    """Dropout draws one mask per row: a row of weight 2 and the same row
    twice see different masks, so the two fits agree only in expectation,
    not exactly as this check asks."""
    if getattr(estimator, "dropout", 0):
        return {
            "check_sample_weight_equivalence_on_dense_data": "dropout masks are per row",
            "check_sample_weight_equivalence_on_sparse_data": "dropout masks are per row",
        }
    return {}


@parametrize_with_checks(CONFIGURATIONS, expected_failed_checks=_expected_failures)
def test_sklearn_estimator_checks_with_training_features(estimator, check):
    check(estimator)
