"""NumpyMLPClassifier inside scikit-learn's meta-estimators (calibration,
voting, stacking, bagging, one-vs-rest), metadata routing and
permutation importance.
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from parity_problems import (
    X_BIN,
    X_MC,
    Y_BIN,
    Y_MC,
    _assert_same_weights,
    _small,
)
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import BaggingClassifier, StackingClassifier, VotingClassifier
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    cross_validate,
)
from sklearn.multiclass import OneVsRestClassifier
from weights import all_weights

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.usefixtures("single_threaded_blas")


def test_calibrated_classifier_cv():
    for method in ("sigmoid", "isotonic"):
        calibrated = CalibratedClassifierCV(_small(), method=method, cv=3)
        calibrated.fit(X_MC, Y_MC)
        assert len(calibrated.calibrated_classifiers_) == 3
        for cc in calibrated.calibrated_classifiers_:
            assert isinstance(cc.estimator, NumpyMLPClassifier)
            assert hasattr(cc.estimator, "coefs_")
        proba = calibrated.predict_proba(X_MC)
        assert proba.shape == (len(Y_MC), 3)
        assert_allclose(proba.sum(axis=1), 1.0)
        assert calibrated.score(X_MC, Y_MC) > 0.7

    # A prefit estimator can be calibrated too (FrozenEstimator).
    from sklearn.frozen import FrozenEstimator

    prefit = _small().fit(X_BIN[:80], Y_BIN[:80])
    calibrated = CalibratedClassifierCV(FrozenEstimator(prefit), method="sigmoid")
    calibrated.fit(X_BIN[80:], Y_BIN[80:])
    assert calibrated.calibrated_classifiers_[0].estimator.estimator is prefit
    assert calibrated.predict_proba(X_BIN).shape == (len(Y_BIN), 2)


def test_voting_classifier_soft():
    voting = VotingClassifier([("mlp", _small()), ("lr", LogisticRegression())], voting="soft").fit(
        X_MC, Y_MC
    )
    mlp, lr = voting.estimators_
    assert isinstance(mlp, NumpyMLPClassifier)
    expected = (mlp.predict_proba(X_MC) + lr.predict_proba(X_MC)) / 2
    assert_allclose(voting.predict_proba(X_MC), expected)
    assert_array_equal(voting.predict(X_MC), expected.argmax(axis=1))
    assert voting.score(X_MC, Y_MC) > 0.7


def test_stacking_classifier():
    stack = StackingClassifier(
        [("mlp", _small()), ("mlp2", _small(hidden_layer_sizes=(3,), random_state=1))],
        final_estimator=LogisticRegression(),
        cv=3,
    ).fit(X_MC, Y_MC)
    assert stack.stack_method_ == ["predict_proba", "predict_proba"]
    # Two base models with three class probabilities each.
    assert stack.final_estimator_.n_features_in_ == 6
    assert_allclose(stack.transform(X_MC)[:, :3], stack.estimators_[0].predict_proba(X_MC))
    assert stack.predict(X_MC).shape == (len(Y_MC),)
    assert stack.score(X_MC, Y_MC) > 0.7


def test_bagging_classifier():
    bag = BaggingClassifier(_small(), n_estimators=3, random_state=0).fit(X_MC, Y_MC)
    assert len(bag.estimators_) == 3
    assert all(isinstance(e, NumpyMLPClassifier) for e in bag.estimators_)
    # Different bootstrap samples give different members.
    assert not np.allclose(bag.estimators_[0].coefs_[0], bag.estimators_[1].coefs_[0])
    proba = bag.predict_proba(X_MC)
    expected = np.mean([e.predict_proba(X_MC) for e in bag.estimators_], axis=0)
    assert_allclose(proba, expected)
    assert bag.score(X_MC, Y_MC) > 0.7


def test_bagging_relies_on_sample_weight_as_counts():
    # BaggingClassifier passes bootstrap counts as sample_weight to estimators
    # that accept it; a weight of k must then count a sample k times. With the
    # full-batch lbfgs solver that is exact.
    rng = np.random.RandomState(0)
    counts = rng.randint(0, 3, len(Y_MC))
    weighted = _small(max_iter=20).fit(X_MC, Y_MC, sample_weight=counts)
    idx = np.repeat(np.arange(len(Y_MC)), counts)
    repeated = _small(max_iter=20).fit(X_MC[idx], Y_MC[idx])
    _assert_same_weights(weighted, repeated, rtol=1e-6, atol=1e-8)


def test_bagging_with_small_minibatches():
    # BaggingClassifier gives the ~37% of samples left out of a bootstrap a
    # sample_weight of 0. With small mini-batches some batch then has only
    # zero weights; the docstring promises that "0 drops it", so training must
    # go on (the batch contributes nothing) instead of failing.
    bag = BaggingClassifier(
        # logistic units at their 'auto' step of 0.1 learn this in 20 short epochs
        NumpyMLPClassifier(
            hidden_layer_sizes=(4,),
            activation="logistic",
            alpha=1e-4,
            batch_size=5,
            max_iter=20,
            random_state=0,
        ),
        n_estimators=3,
        random_state=0,
    )
    bag.fit(X_BIN, Y_BIN)
    assert len(bag.estimators_) == 3
    assert bag.score(X_BIN, Y_BIN) > 0.6

    # Minimal form: the first mini-batch (no shuffling) has only zero weights.
    sw = np.ones(len(Y_BIN))
    sw[:10] = 0.0
    est = NumpyMLPClassifier(
        hidden_layer_sizes=(4,), batch_size=10, shuffle=False, max_iter=5, random_state=0
    ).fit(X_BIN, Y_BIN, sample_weight=sw)
    assert all(np.isfinite(c).all() for c in all_weights(est))
    assert np.isfinite(est.loss_curve_).all()


def test_metadata_routing_sample_weight():
    import sklearn

    w = np.where(Y_BIN == 1, 3.0, 1.0)
    with sklearn.config_context(enable_metadata_routing=True):
        est = (
            _small(max_iter=30)
            .set_fit_request(sample_weight=True)
            .set_score_request(sample_weight=False)
        )
        result = cross_validate(
            est,
            X_BIN,
            Y_BIN,
            cv=3,
            params={"sample_weight": w},
            return_estimator=True,
            return_indices=True,
        )
        search = GridSearchCV(est, {"alpha": [1e-4, 1.0]}, cv=3)
        search.fit(X_BIN, Y_BIN, sample_weight=w)
    train = result["indices"]["train"][0]
    direct = _small(max_iter=30).fit(X_BIN[train], Y_BIN[train], sample_weight=w[train])
    _assert_same_weights(result["estimator"][0], direct, rtol=0, atol=0)
    unweighted = _small(max_iter=30).fit(X_BIN[train], Y_BIN[train])
    assert not np.allclose(unweighted.coefs_[0], direct.coefs_[0])
    assert search.best_params_["alpha"] in (1e-4, 1.0)
    refit = _small(max_iter=30, alpha=search.best_params_["alpha"]).fit(
        X_BIN, Y_BIN, sample_weight=w
    )
    _assert_same_weights(search.best_estimator_, refit, rtol=0, atol=0)


def test_one_vs_rest_classifier():
    ovr = OneVsRestClassifier(_small()).fit(X_MC, Y_MC)
    assert len(ovr.estimators_) == 3
    for est in ovr.estimators_:
        assert isinstance(est, NumpyMLPClassifier)
        assert_array_equal(est.classes_, [0, 1])
        assert est.out_activation_ == "logistic"
    proba = ovr.predict_proba(X_MC)
    assert proba.shape == (len(Y_MC), 3)
    assert_allclose(proba.sum(axis=1), 1.0)
    assert ovr.score(X_MC, Y_MC) > 0.7

    # Multilabel targets through OneVsRest.
    Y = np.c_[X_MC[:, 0] > 0, X_MC[:, 1] > 0].astype(int)
    ovr_ml = OneVsRestClassifier(_small()).fit(X_MC, Y)
    assert ovr_ml.predict(X_MC).shape == Y.shape


def test_permutation_importance_ranks_informative_feature():
    rng = np.random.RandomState(0)
    n = 200
    informative = rng.normal(size=n)
    noise = rng.normal(size=n)
    X = np.c_[informative, noise]
    y = (informative > 0).astype(int)
    est = _small(hidden_layer_sizes=(4,)).fit(X, y)
    result = permutation_importance(est, X, y, n_repeats=5, random_state=0)
    assert result.importances.shape == (2, 5)
    assert result.importances_mean[0] > 0.2
    assert result.importances_mean[0] > result.importances_mean[1] + 0.2
