"""``class_weight`` with early stopping (class-weighted validation score and
loss) and with metadata routing through pipelines and searches.

The contract (see the ``class_weight`` entry of ``NumpyMLPClassifier``'s
docstring): a dict ``{label: weight}`` (labels left out weigh 1) or
``'balanced'`` (``compute_class_weight('balanced', ...)`` over the labels
given to ``fit``) becomes a per-sample weight, multiplied into
``sample_weight``; so every fit with ``class_weight`` must be *exactly* the
fit with the equivalent ``sample_weight``, including the early-stopping
validation score.
"""

import itertools
import warnings

import numpy as np
import pytest
import sklearn
from class_weight_problems import (
    X3,
    XI,
    Y3,
    YI,
    _per_sample,
    _small,
    assert_different_model,
    assert_same_model,
)
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

pytestmark = pytest.mark.filterwarnings("ignore:.*batch_size.*clipped:UserWarning")


# ------------------------------------------------------------- early stopping


def _validation_split(seed, layer_units, y, validation_fraction):
    """The documented early-stopping split, drawn independently of the estimator.

    ``random_state`` seeds the Glorot initialisation (per layer, the weight
    matrix then the bias) and then the stratified ``train_test_split``.
    """
    rng = np.random.RandomState(seed)
    for fan_in, fan_out in itertools.pairwise(layer_units):
        bound = np.sqrt(6.0 / (fan_in + fan_out))
        rng.uniform(-bound, bound, (fan_in, fan_out))
        rng.uniform(-bound, bound, fan_out)
    train, val = train_test_split(
        np.arange(len(y)), random_state=rng, test_size=validation_fraction, stratify=y
    )
    return train, val


def test_early_stopping_validation_score_and_loss_are_class_weighted():
    class_weight = {0: 1.0, 1: 6.0}
    params = dict(
        solver="adam",
        early_stopping=True,
        validation_fraction=0.3,
        n_iter_no_change=4,
        max_iter=40,
        hidden_layer_sizes=(3,),
        random_state=1,
    )
    est = _small(class_weight=class_weight, **params).fit(XI, YI)
    _, val = _validation_split(1, [XI.shape[1], 3, 1], YI, 0.3)
    X_val, y_val = XI[val], YI[val]
    w_val = _per_sample(class_weight, y_val)
    # The weights of the best epoch are restored: its score and loss are the
    # weighted accuracy and weighted mean log-loss of the final model.
    weighted = est.score(X_val, y_val, sample_weight=w_val)
    unweighted = est.score(X_val, y_val)
    assert abs(weighted - unweighted) > 0.01  # the check below can tell them apart
    assert_allclose(est.best_validation_score_, weighted, rtol=1e-12)
    best = int(np.argmax(est.validation_scores_))
    assert_allclose(
        est.validation_loss_curve_[best],
        log_loss(y_val, est.predict_proba(X_val), sample_weight=w_val),
        rtol=1e-10,
    )
    # And the whole run equals the one with the equivalent sample_weight.
    by_sample = _small(**params).fit(XI, YI, sample_weight=_per_sample(class_weight, YI))
    assert est.validation_scores_ == by_sample.validation_scores_
    assert_allclose(est.validation_loss_curve_, by_sample.validation_loss_curve_, rtol=1e-12)
    assert_same_model(est, by_sample, XI)


def test_early_stopping_with_balanced():
    params = dict(
        solver="sgd",
        early_stopping=True,
        validation_fraction=0.25,
        n_iter_no_change=3,
        max_iter=30,
        random_state=2,
    )
    balanced = _small(class_weight="balanced", **params).fit(XI, YI)
    weights = compute_class_weight("balanced", classes=np.array([0, 1]), y=YI)
    # "balanced" is computed once on the whole y, before the split.
    explicit = _small(**params).fit(XI, YI, sample_weight=weights[YI])
    assert balanced.validation_scores_ == explicit.validation_scores_
    assert_same_model(balanced, explicit, XI)
    plain = _small(**params).fit(XI, YI)
    assert balanced.validation_scores_ != plain.validation_scores_


# ----------------------------------------------------------- metadata routing


@pytest.mark.parametrize("scaler_weighted", [False, True])
def test_metadata_routing_through_pipeline_in_grid_search(scaler_weighted):
    X, y = make_classification(
        n_samples=90, n_features=4, n_informative=3, n_redundant=0, random_state=4
    )
    X = X * [1.0, 10.0, 0.1, 3.0] + [0.0, 5.0, -2.0, 1.0]
    w = np.random.RandomState(0).uniform(0.1, 3.0, len(y))
    w[y == 1] *= 4.0

    def pipeline():
        return Pipeline(
            [
                ("scale", StandardScaler().set_fit_request(sample_weight=scaler_weighted)),
                (
                    "mlp",
                    _small(solver="lbfgs", max_iter=40)
                    .set_fit_request(sample_weight=True)
                    .set_score_request(sample_weight=True),
                ),
            ]
        )

    with sklearn.config_context(enable_metadata_routing=True):
        search = GridSearchCV(pipeline(), {"mlp__alpha": [1e-4, 1e-1]}, cv=3)
        search.fit(X, y, sample_weight=w)
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()  # every fold scored
    alpha = search.best_params_["mlp__alpha"]
    best = search.best_estimator_

    # The same two steps fitted by hand, with the weights given explicitly.
    scaler = StandardScaler().fit(X, sample_weight=w if scaler_weighted else None)
    Xs = scaler.transform(X)
    direct = _small(solver="lbfgs", max_iter=40, alpha=alpha).fit(Xs, y, sample_weight=w)
    assert_allclose(best.named_steps["scale"].mean_, scaler.mean_, rtol=1e-14)
    assert_same_model(best.named_steps["mlp"], direct, Xs)
    assert_array_equal(best.predict(X), direct.predict(Xs))
    unweighted = _small(solver="lbfgs", max_iter=40, alpha=alpha).fit(Xs, y)
    assert_different_model(best.named_steps["mlp"], unweighted)
    if scaler_weighted:  # the scaler received them too
        assert np.abs(scaler.mean_ - X.mean(axis=0)).max() > 1e-3
    else:
        assert_allclose(best.named_steps["scale"].mean_, X.mean(axis=0), rtol=1e-14)


def test_metadata_routing_class_weight_with_routed_sample_weight():
    # class_weight set on the routed classifier still multiplies the routed
    # sample_weight.
    w = np.random.RandomState(1).uniform(0.5, 2.0, len(Y3))
    class_weight = {1: 3.0}
    with sklearn.config_context(enable_metadata_routing=True):
        pipe = Pipeline(
            [
                ("scale", StandardScaler().set_fit_request(sample_weight=False)),
                (
                    "mlp",
                    _small(solver="lbfgs", class_weight=class_weight).set_fit_request(
                        sample_weight=True
                    ),
                ),
            ]
        ).fit(X3, Y3, sample_weight=w)
    Xs = StandardScaler().fit_transform(X3)
    direct = _small(solver="lbfgs").fit(Xs, Y3, sample_weight=w * _per_sample(class_weight, Y3))
    assert_same_model(pipe.named_steps["mlp"], direct, Xs)


def test_no_warning_with_class_weight():
    # class_weight adds no warning of its own (ConvergenceWarning aside).
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ConvergenceWarning)
        _small(solver="adam", class_weight="balanced").fit(XI, YI)
        _small(solver="sgd", class_weight={1: 2.0}).partial_fit(XI, YI, classes=[0, 1])
