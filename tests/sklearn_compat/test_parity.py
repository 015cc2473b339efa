"""Integration of NumpyMLPClassifier with the scikit-learn ecosystem.

Three groups of tests:

* meta-estimators, model selection, inspection, cloning, persistence and
  display: the estimator must behave like any scikit-learn classifier;
* input handling (pandas, labels, sparse, dtypes, multilabel), compared with
  :class:`sklearn.neural_network.MLPClassifier` where both should agree;
* numerical parity with ``MLPClassifier``, the independent reference: with
  ``activation="relu"`` and ``learning_rate_init=1e-3`` (which make the
  initialisation and the step size the same) and the same ``random_state``,
  both must run the same training loop and end with the same weights.

Data sets are tiny so that every fit takes a few milliseconds.
"""

import io
import pickle
import warnings

import joblib
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from scipy.stats import loguniform
from sklearn.base import clone, is_classifier
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import make_classification
from sklearn.ensemble import BaggingClassifier, StackingClassifier, VotingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.inspection import permutation_importance
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    RandomizedSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
    cross_validate,
)
from sklearn.multiclass import OneVsRestClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import estimator_html_repr

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.usefixtures("single_threaded_blas")

# Settings under which NumpyMLPClassifier and MLPClassifier coincide: relu
# gives the same Glorot bound, and 1e-3 is MLPClassifier's default step.
PARITY = dict(activation="relu", learning_rate_init=1e-3)


def _binary(n_samples=120, n_features=6, random_state=0):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=4,
        n_redundant=0,
        random_state=random_state,
    )
    return StandardScaler().fit_transform(X), y


def _multiclass(n_samples=150, n_features=6, random_state=1):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=4,
        n_redundant=0,
        n_classes=3,
        n_clusters_per_class=1,
        random_state=random_state,
    )
    return StandardScaler().fit_transform(X), y


X_BIN, Y_BIN = _binary()
X_MC, Y_MC = _multiclass()
# Inputs on which fitted models are compared (every parity test uses 6 features).
X_PROBE = np.vstack([X_BIN, X_MC])


def _small(**params):
    """A quick-to-train classifier (lbfgs on a few hidden units)."""
    defaults = dict(hidden_layer_sizes=(6,), solver="lbfgs", max_iter=60, random_state=0)
    defaults.update(params)
    return NumpyMLPClassifier(**defaults)


def _all_weights(est):
    return list(est.coefs_) + list(est.intercepts_)


def _assert_same_weights(a, b, rtol=1e-6, atol=1e-10):
    wa, wb = _all_weights(a), _all_weights(b)
    assert len(wa) == len(wb)
    for x, y in zip(wa, wb):
        assert x.shape == y.shape
        assert_allclose(x, y, rtol=rtol, atol=atol)


def _assert_parity(ours, ref, *, check_curve=True, rtol=1e-6):
    """Same training trajectory as scikit-learn's MLPClassifier."""
    assert ours.n_iter_ == ref.n_iter_
    assert ours.n_layers_ == ref.n_layers_
    assert ours.n_outputs_ == ref.n_outputs_
    assert ours.out_activation_ == ref.out_activation_
    assert_array_equal(ours.classes_, ref.classes_)
    _assert_same_weights(ours, ref, rtol=rtol)
    assert_allclose(ours.loss_, ref.loss_, rtol=rtol)
    if check_curve:
        assert len(ours.loss_curve_) == len(ref.loss_curve_)
        assert_allclose(ours.loss_curve_, ref.loss_curve_, rtol=rtol)
        assert ours.t_ == ref.t_
    # atol: for a binary output MLPClassifier returns ``1 - p``, which rounds
    # to 0 when p is close to 1, where NumpyMLPClassifier computes the logistic
    # of ``-z`` exactly; the probabilities then differ below 1e-12.
    assert ours.n_features_in_ == ref.n_features_in_ == X_PROBE.shape[1]
    assert_allclose(ours.predict_proba(X_PROBE), ref.predict_proba(X_PROBE), rtol=rtol, atol=1e-12)
    assert_array_equal(ours.predict(X_PROBE), ref.predict(X_PROBE))


def _fit_both(X, y, fit_params=None, **params):
    """Fit NumpyMLPClassifier and MLPClassifier with the same parameters."""
    fit_params = fit_params or {}
    ours = NumpyMLPClassifier(**params).fit(X, y, **fit_params)
    ref = MLPClassifier(**params).fit(X, y, **fit_params)
    return ours, ref


# ---------------------------------------------------------------------------
# Pipelines, model selection
# ---------------------------------------------------------------------------


def test_pipeline_with_standard_scaler():
    X, y = _multiclass()
    X = X * 50 + 10  # unscaled features: the scaler matters
    pipe = make_pipeline(StandardScaler(), _small())
    pipe.fit(X, y)
    assert pipe.score(X, y) > 0.85

    # The pipeline is exactly "scale, then fit the classifier".
    scaler = StandardScaler().fit(X)
    direct = _small().fit(scaler.transform(X), y)
    assert_array_equal(pipe.predict(X), direct.predict(scaler.transform(X)))
    assert_allclose(pipe.predict_proba(X), direct.predict_proba(scaler.transform(X)))
    assert_allclose(pipe.predict_log_proba(X), np.log(pipe.predict_proba(X)), atol=1e-10)

    # fit params are routed to the step (sample_weight changes the model).
    w = np.where(y == 0, 5.0, 1.0)
    pipe_w = Pipeline([("scale", StandardScaler()), ("mlp", _small())])
    pipe_w.fit(X, y, mlp__sample_weight=w)
    direct_w = _small().fit(scaler.transform(X), y, sample_weight=w)
    _assert_same_weights(pipe_w.named_steps["mlp"], direct_w, rtol=0, atol=0)
    assert not np.allclose(pipe_w.named_steps["mlp"].coefs_[0], direct.coefs_[0])


def test_grid_search_cv_parallel():
    X, y = X_MC[:90], Y_MC[:90]
    grid = {"hidden_layer_sizes": [(3,), (8,)], "alpha": [1e-4, 1.0]}
    search = GridSearchCV(_small(max_iter=40), grid, cv=3, n_jobs=2)
    search.fit(X, y)

    assert search.best_params_ in list(search.cv_results_["params"])
    assert search.best_params_["hidden_layer_sizes"] in grid["hidden_layer_sizes"]
    assert search.best_params_["alpha"] in grid["alpha"]
    assert len(search.cv_results_["params"]) == 4
    assert len(search.cv_results_["mean_test_score"]) == 4
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    assert search.best_score_ == pytest.approx(np.max(search.cv_results_["mean_test_score"]))

    best = search.best_estimator_
    assert isinstance(best, NumpyMLPClassifier)
    assert best.hidden_layer_sizes == search.best_params_["hidden_layer_sizes"]
    assert best.coefs_[0].shape == (X.shape[1], search.best_params_["hidden_layer_sizes"][0])
    pred = search.predict(X)
    assert pred.shape == (len(y),)
    assert_array_equal(pred, best.predict(X))
    assert search.score(X, y) > 0.7
    assert search.predict_proba(X).shape == (len(y), 3)


def test_randomized_search_cv_parallel():
    X, y = X_BIN[:90], Y_BIN[:90]
    distributions = {
        "alpha": loguniform(1e-5, 1e1),
        "hidden_layer_sizes": [(2,), (5,), (4, 3)],
    }
    search = RandomizedSearchCV(
        _small(max_iter=40), distributions, n_iter=3, cv=3, n_jobs=2, random_state=0
    )
    search.fit(X, y)

    assert set(search.best_params_) == {"alpha", "hidden_layer_sizes"}
    assert 1e-5 <= search.best_params_["alpha"] <= 1e1
    assert len(search.cv_results_["params"]) == 3
    assert np.isfinite(search.cv_results_["mean_test_score"]).all()
    best = search.best_estimator_
    assert best.alpha == search.best_params_["alpha"]
    assert best.n_layers_ == len(search.best_params_["hidden_layer_sizes"]) + 2
    assert_array_equal(search.predict(X), best.predict(X))
    assert search.score(X, y) > 0.7


def test_cross_val_score_matches_manual_folds():
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    est = _small()
    scores = cross_val_score(est, X_MC, Y_MC, cv=cv)
    assert scores.shape == (3,)
    assert scores.mean() > 0.7

    manual = [
        clone(est).fit(X_MC[train], Y_MC[train]).score(X_MC[test], Y_MC[test])
        for train, test in cv.split(X_MC, Y_MC)
    ]
    assert_allclose(scores, manual)
    assert not hasattr(est, "coefs_"), "cross_val_score must fit clones"


def test_cross_validate_multiple_metrics():
    result = cross_validate(
        _small(),
        X_MC,
        Y_MC,
        cv=3,
        scoring=["accuracy", "neg_log_loss", "roc_auc_ovr"],
        return_train_score=True,
        return_estimator=True,
    )
    for key in ("test_accuracy", "train_accuracy", "test_neg_log_loss", "test_roc_auc_ovr"):
        assert result[key].shape == (3,)
        assert np.isfinite(result[key]).all()
    assert (result["test_neg_log_loss"] < 0).all()
    assert result["test_accuracy"].mean() > 0.7
    assert result["test_roc_auc_ovr"].mean() > 0.8
    assert len(result["estimator"]) == 3
    for est in result["estimator"]:
        assert isinstance(est, NumpyMLPClassifier)
        assert_array_equal(est.classes_, [0, 1, 2])


def test_cross_val_predict_proba():
    proba = cross_val_predict(_small(), X_MC, Y_MC, cv=3, method="predict_proba")
    assert proba.shape == (len(Y_MC), 3)
    assert ((proba >= 0) & (proba <= 1)).all()
    assert_allclose(proba.sum(axis=1), 1.0)
    assert (proba.argmax(axis=1) == Y_MC).mean() > 0.7

    # Binary: two columns too, rows summing to 1.
    proba_bin = cross_val_predict(_small(), X_BIN, Y_BIN, cv=3, method="predict_proba")
    assert proba_bin.shape == (len(Y_BIN), 2)
    assert_allclose(proba_bin.sum(axis=1), 1.0)

    # And the log-probabilities.
    log_proba = cross_val_predict(_small(), X_MC, Y_MC, cv=3, method="predict_log_proba")
    assert_allclose(np.exp(log_proba), proba, rtol=1e-8, atol=1e-12)


# ---------------------------------------------------------------------------
# Meta-estimators
# ---------------------------------------------------------------------------


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
        NumpyMLPClassifier(hidden_layer_sizes=(4,), batch_size=5, max_iter=20, random_state=0),
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
    assert all(np.isfinite(c).all() for c in _all_weights(est))
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


# ---------------------------------------------------------------------------
# clone, persistence, display
# ---------------------------------------------------------------------------


def test_clone():
    est = NumpyMLPClassifier(
        hidden_layer_sizes=(7, 3),
        alpha=0.5,
        solver="sgd",
        loss="squared_error",
        weight_init="uniform",
        random_state=3,
        max_iter=5,
    )
    assert is_classifier(est)
    unfitted = clone(est)
    assert unfitted is not est
    assert unfitted.get_params() == est.get_params()

    est.fit(X_BIN, Y_BIN)
    cloned = clone(est)
    assert not hasattr(cloned, "coefs_")
    assert not hasattr(cloned, "classes_")
    assert cloned.get_params() == est.get_params()
    # A clone refits to the very same model (same seed, same params).
    _assert_same_weights(cloned.fit(X_BIN, Y_BIN), est, rtol=0, atol=0)

    # set_params / get_params round trip, nested in a pipeline.
    pipe = make_pipeline(StandardScaler(), est)
    pipe.set_params(**{"numpymlpclassifier__alpha": 2.0})
    assert clone(pipe).get_params()["numpymlpclassifier__alpha"] == 2.0


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_pickle_round_trip_and_resume_partial_fit(solver):
    est = NumpyMLPClassifier(hidden_layer_sizes=(5,), solver=solver, random_state=0, max_iter=10)
    classes = np.unique(Y_MC)
    est.partial_fit(X_MC[:50], Y_MC[:50], classes=classes)
    est.partial_fit(X_MC[50:100], Y_MC[50:100])

    restored = pickle.loads(pickle.dumps(est))
    assert_array_equal(restored.predict(X_MC), est.predict(X_MC))
    assert_array_equal(restored.predict_proba(X_MC), est.predict_proba(X_MC))
    assert restored.get_params() == est.get_params()
    assert restored.loss_curve_ == est.loss_curve_

    # Training continues from the same optimiser state (Adam moments,
    # momentum velocity, sample count), not from a fresh optimiser.
    est.partial_fit(X_MC[100:], Y_MC[100:])
    restored.partial_fit(X_MC[100:], Y_MC[100:])
    _assert_same_weights(restored, est, rtol=0, atol=0)
    assert restored.t_ == est.t_ == len(Y_MC)
    assert restored.loss_curve_ == est.loss_curve_
    fresh = NumpyMLPClassifier(hidden_layer_sizes=(5,), solver=solver, random_state=0)
    fresh.partial_fit(X_MC[:50], Y_MC[:50], classes=classes)
    fresh.partial_fit(X_MC[50:100], Y_MC[50:100])
    del fresh._optimizer  # what a lost optimiser state would look like
    fresh.partial_fit(X_MC[100:], Y_MC[100:])
    assert not np.allclose(fresh.coefs_[0], est.coefs_[0], rtol=0, atol=1e-12)


def test_joblib_round_trip(tmp_path):
    est = _small().fit(X_MC, Y_MC)
    path = tmp_path / "model.joblib"
    joblib.dump(est, path)
    restored = joblib.load(path)
    assert_array_equal(restored.predict(X_MC), est.predict(X_MC))
    assert_array_equal(restored.predict_proba(X_MC), est.predict_proba(X_MC))
    _assert_same_weights(restored, est, rtol=0, atol=0)

    # An adam model fitted with fit() can be reloaded and trained further.
    adam = NumpyMLPClassifier(hidden_layer_sizes=(5,), random_state=0, max_iter=5)
    adam.fit(X_MC, Y_MC)
    buffer = io.BytesIO()
    joblib.dump(adam, buffer)
    buffer.seek(0)
    reloaded = joblib.load(buffer)
    adam.partial_fit(X_MC, Y_MC)
    reloaded.partial_fit(X_MC, Y_MC)
    _assert_same_weights(reloaded, adam, rtol=0, atol=0)
    assert len(reloaded.loss_curve_) == 6


def test_html_repr():
    est = NumpyMLPClassifier(alpha=0.123, hidden_layer_sizes=(7,))
    html = estimator_html_repr(est)
    assert "NumpyMLPClassifier" in html
    assert "alpha=0.123" in html
    assert "hidden_layer_sizes=(7,)" in html
    # Default parameters are not listed in the text representation.
    assert repr(est) == "NumpyMLPClassifier(alpha=0.123, hidden_layer_sizes=(7,))"
    assert repr(NumpyMLPClassifier(activation="logistic")) == "NumpyMLPClassifier()"
    assert "learning_rate_init" in repr(NumpyMLPClassifier(learning_rate_init=1e-3))

    pipe_html = estimator_html_repr(make_pipeline(StandardScaler(), est))
    assert "StandardScaler" in pipe_html and "NumpyMLPClassifier" in pipe_html
    assert "0.123" in pipe_html
    assert "Not fitted" in html
    est.fit(X_BIN, Y_BIN)
    assert "Not fitted" not in estimator_html_repr(est)


# ---------------------------------------------------------------------------
# pandas input and labels
# ---------------------------------------------------------------------------


def _outcome(func):
    """What calling ``func`` does: the exception raised, or the warnings."""
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        try:
            func()
        except Exception as exc:
            return ("raises", type(exc), str(exc))
    messages = sorted(
        str(w.message) for w in record if not issubclass(w.category, ConvergenceWarning)
    )
    return ("warns", tuple(messages))


def _normalise(outcome, name):
    return tuple(
        tuple(m.replace(name, "<EST>") for m in part)
        if isinstance(part, tuple)
        else part.replace(name, "<EST>")
        if isinstance(part, str)
        else part
        for part in outcome
    )


def test_dataframe_feature_names():
    df = pd.DataFrame(X_BIN, columns=["f%d" % i for i in range(X_BIN.shape[1])])
    ours = _small().fit(df, Y_BIN)
    ref = MLPClassifier(hidden_layer_sizes=(6,), solver="lbfgs", random_state=0).fit(df, Y_BIN)
    assert_array_equal(ours.feature_names_in_, df.columns)
    assert ours.feature_names_in_.dtype == object
    assert ours.n_features_in_ == X_BIN.shape[1]
    # Same-named columns: no warning, same result as the array.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from_df = ours.predict_proba(df)
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        from_array = ours.predict_proba(X_BIN)
    assert_array_equal(from_df, from_array)

    renamed = df.rename(columns={"f0": "zzz"})
    reordered = df[df.columns[::-1]]
    extra = df.assign(extra=1.0)
    missing = df.drop(columns=["f5"])
    variants = {
        "renamed": renamed,
        "reordered": reordered,
        "extra column": extra,
        "missing column": missing,
        "numpy array": X_BIN,
        "numpy array, too narrow": X_BIN[:, :5],
    }
    for label, X in variants.items():
        for method in ("predict", "predict_proba", "score"):
            args = (X, Y_BIN) if method == "score" else (X,)
            got = _normalise(
                _outcome(lambda m=method, a=args: getattr(ours, m)(*a)), "NumpyMLPClassifier"
            )
            expected = _normalise(
                _outcome(lambda m=method, a=args: getattr(ref, m)(*a)), "MLPClassifier"
            )
            assert got == expected, (label, method)
    # And the reference behaviour is what we think it is.
    assert _outcome(lambda: ours.predict(renamed))[0] == "raises"
    assert _outcome(lambda: ours.predict(renamed))[1] is ValueError
    assert _outcome(lambda: ours.predict(reordered))[1] is ValueError
    assert "does not have valid feature names" in _outcome(lambda: ours.predict(X_BIN))[1][0]

    # Fitted on an array, predicting on a DataFrame warns the other way.
    plain = _small().fit(X_BIN, Y_BIN)
    assert not hasattr(plain, "feature_names_in_")
    with pytest.warns(UserWarning, match="X has feature names, but NumpyMLPClassifier"):
        plain.predict(df)

    # Non-string column names are not feature names.
    int_cols = pd.DataFrame(X_BIN)
    assert not hasattr(_small().fit(int_cols, Y_BIN), "feature_names_in_")


def test_dataframe_with_pandas_labels_and_partial_fit():
    df = pd.DataFrame(X_MC, columns=list("abcdef"))
    names = np.array(["setosa", "versicolor", "virginica"])
    y = pd.Series(names[Y_MC], dtype=object)
    est = _small().fit(df, y)
    assert_array_equal(est.classes_, names)
    pred = est.predict(df)
    assert set(pred) <= set(names)
    assert (pred == y.to_numpy()).mean() > 0.7

    online = NumpyMLPClassifier(hidden_layer_sizes=(5,), random_state=0)
    online.partial_fit(df.iloc[:60], y.iloc[:60], classes=names)
    online.partial_fit(df.iloc[60:], y.iloc[60:])
    assert_array_equal(online.feature_names_in_, df.columns)
    with pytest.raises(ValueError, match="feature names"):
        online.partial_fit(df.rename(columns={"a": "z"}), y)
    assert set(online.predict(df)) <= set(names)


def test_string_labels_match_sklearn():
    labels = np.array(["cat", "ant", "bee"])  # not sorted on purpose
    y = labels[Y_MC]
    params = dict(hidden_layer_sizes=(6,), random_state=0, max_iter=30, **PARITY)
    ours, ref = _fit_both(X_MC, y, **params)
    assert_array_equal(ours.classes_, ["ant", "bee", "cat"])
    pred = ours.predict(X_MC)
    assert pred.dtype.kind == "U"
    assert set(pred) <= set(labels)
    assert_array_equal(pred, ref.predict(X_MC))
    assert_array_equal(pred, ours.classes_[ours.predict_proba(X_MC).argmax(axis=1)])
    assert ours.score(X_MC, y) == ref.score(X_MC, y)

    # Binary string labels.
    yb = np.where(Y_BIN == 1, "spam", "ham")
    ours_b, ref_b = _fit_both(X_BIN, yb, **params)
    assert_array_equal(ours_b.classes_, ["ham", "spam"])
    assert_array_equal(ours_b.predict(X_BIN), ref_b.predict(X_BIN))
    assert set(ours_b.predict(X_BIN)) == {"ham", "spam"}


def test_integer_labels_not_0_to_k():
    labels = np.array([10, -3, 7])
    y = labels[Y_MC]
    params = dict(hidden_layer_sizes=(6,), random_state=0, max_iter=30, **PARITY)
    ours, ref = _fit_both(X_MC, y, **params)
    assert_array_equal(ours.classes_, [-3, 7, 10])
    pred = ours.predict(X_MC)
    assert pred.dtype.kind == "i"
    assert set(pred) <= {-3, 7, 10}
    assert_array_equal(pred, ref.predict(X_MC))
    assert_array_equal(pred, ours.classes_[ours.predict_proba(X_MC).argmax(axis=1)])

    # Binary {-1, 5}: the positive class is the larger label.
    yb = np.where(Y_BIN == 1, 5, -1)
    est = _small().fit(X_BIN, yb)
    assert_array_equal(est.classes_, [-1, 5])
    pred = est.predict(X_BIN)
    assert set(pred) <= {-1, 5}
    assert_array_equal(pred == 5, est.predict_proba(X_BIN)[:, 1] > 0.5)
    assert est.score(X_BIN, yb) > 0.8


def test_boolean_labels():
    y = Y_BIN.astype(bool)
    est = _small().fit(X_BIN, y)
    assert_array_equal(est.classes_, [False, True])
    assert est.classes_.dtype == bool
    pred = est.predict(X_BIN)
    assert pred.dtype == bool
    assert (pred == y).mean() > 0.8
    ref = MLPClassifier(hidden_layer_sizes=(6,), solver="lbfgs", random_state=0).fit(X_BIN, y)
    assert ref.predict(X_BIN).dtype == pred.dtype


def test_predict_agrees_with_predict_proba_and_sklearn_at_the_boundary():
    # Same weights, same input: the predicted labels must be those of
    # MLPClassifier, and the class of highest predict_proba. Here every
    # output logit is a tiny positive number, whose logistic rounds to exactly
    # 0.5 in float32 (any |z| < 3e-8): MLPClassifier thresholds the
    # probability (0.5 > 0.5 is False: class 0); the class of largest
    # probability is then class 0 too (argmax takes the first of a tie).
    X = X_BIN.astype(np.float32)
    params = dict(hidden_layer_sizes=(4,), random_state=0, max_iter=5, **PARITY)
    ours, ref = _fit_both(X, Y_BIN, **params)
    for est in (ours, ref):
        est.coefs_[-1][:] = 0.0
        est.intercepts_[-1][:] = 1e-9
    proba = ours.predict_proba(X)
    assert_array_equal(proba, ref.predict_proba(X))
    assert (proba == 0.5).all()
    assert_array_equal(ref.predict(X), ref.classes_[proba.argmax(axis=1)])
    assert_array_equal(ours.predict(X), ours.classes_[proba.argmax(axis=1)])
    assert_array_equal(ours.predict(X), ref.predict(X))


def test_partial_fit_label_checks_like_sklearn():
    params = dict(hidden_layer_sizes=(4,), random_state=0)
    for cls in (NumpyMLPClassifier, MLPClassifier):
        est = cls(**params)
        with pytest.raises(ValueError, match="classes must be passed on the first call"):
            est.partial_fit(X_MC[:20], Y_MC[:20])
        est.partial_fit(X_MC[:20], Y_MC[:20], classes=[0, 1, 2, 3])
        assert_array_equal(est.classes_, [0, 1, 2, 3])
        with pytest.raises(ValueError, match=r"not in `self.classes_`"):
            est.partial_fit(X_MC[:20], Y_MC[:20] + 10)
        # partial_fit only exists for the stochastic solvers.
        assert hasattr(cls(solver="sgd"), "partial_fit")
        assert not hasattr(cls(solver="lbfgs"), "partial_fit")
        with pytest.raises(AttributeError, match="partial_fit"):
            cls(solver="lbfgs").partial_fit(X_MC, Y_MC)


# ---------------------------------------------------------------------------
# Sparse input, dtypes, multilabel
# ---------------------------------------------------------------------------


def _sparse_data():
    rng = np.random.RandomState(0)
    X = X_MC.copy()
    X[rng.uniform(size=X.shape) < 0.6] = 0.0
    return X, Y_MC


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
@pytest.mark.parametrize("fmt", [sp.csr_matrix, sp.csc_matrix, sp.csr_array])
def test_sparse_input_matches_dense(solver, fmt):
    X, y = _sparse_data()
    Xs = fmt(X)
    params = dict(hidden_layer_sizes=(5,), solver=solver, random_state=0, max_iter=20)
    dense = NumpyMLPClassifier(**params).fit(X, y)
    sparse = NumpyMLPClassifier(**params).fit(Xs, y)
    assert dense.n_iter_ == sparse.n_iter_
    _assert_same_weights(sparse, dense, rtol=0, atol=1e-10)
    assert_array_equal(sparse.predict(Xs), dense.predict(X))
    assert_allclose(sparse.predict_proba(Xs), dense.predict_proba(X), rtol=0, atol=1e-10)
    # Predicting a sparse matrix with the dense-fitted model works too.
    assert_allclose(dense.predict_proba(Xs), dense.predict_proba(X), rtol=0, atol=1e-12)
    if solver != "lbfgs":
        assert_allclose(sparse.loss_curve_, dense.loss_curve_, rtol=0, atol=1e-10)
        # partial_fit on sparse chunks
        sparse.partial_fit(Xs[:40], y[:40])
        dense.partial_fit(X[:40], y[:40])
        _assert_same_weights(sparse, dense, rtol=0, atol=1e-10)


def test_sparse_input_in_pipeline_and_coo():
    X, y = _sparse_data()
    # COO is converted (to CSR) like any other array-like.
    coo = NumpyMLPClassifier(hidden_layer_sizes=(5,), random_state=0, max_iter=5)
    with pytest.warns(ConvergenceWarning):
        coo.fit(sp.coo_matrix(X), y)
    dense = NumpyMLPClassifier(hidden_layer_sizes=(5,), random_state=0, max_iter=5)
    with pytest.warns(ConvergenceWarning):
        dense.fit(X, y)
    _assert_same_weights(coo, dense, rtol=0, atol=1e-10)
    # Sparse data flows through a sparse-preserving scaler in a pipeline.
    pipe = make_pipeline(StandardScaler(with_mean=False), _small()).fit(sp.csr_matrix(X), y)
    assert pipe.score(sp.csr_matrix(X), y) > 0.7


@pytest.mark.parametrize("solver", ["sgd", "adam", "lbfgs"])
def test_float32_input_keeps_float32(solver):
    X32 = X_MC.astype(np.float32)
    est = NumpyMLPClassifier(hidden_layer_sizes=(5,), solver=solver, random_state=0, max_iter=20)
    est.fit(X32, Y_MC)
    assert all(c.dtype == np.float32 for c in est.coefs_)
    assert all(b.dtype == np.float32 for b in est.intercepts_)
    assert est.predict_proba(X32).dtype == np.float32
    assert est.predict_log_proba(X32).dtype == np.float32
    assert_allclose(est.predict_proba(X32).sum(axis=1), 1.0, rtol=1e-5)
    # float32 sparse too
    est_sp = clone(est).fit(sp.csr_matrix(X32), Y_MC)
    assert all(c.dtype == np.float32 for c in est_sp.coefs_)
    assert est_sp.predict_proba(sp.csr_matrix(X32)).dtype == np.float32

    # Trained in float32, the weights are close to the float64 ones.
    est64 = clone(est).fit(X_MC, Y_MC)
    for c32, c64 in zip(est.coefs_, est64.coefs_):
        assert_allclose(c32, c64, rtol=0, atol=1e-3 if solver != "lbfgs" else 5e-2)

    if solver != "lbfgs":
        # MLPClassifier keeps float32 for the stochastic solvers as well.
        ref = MLPClassifier(
            hidden_layer_sizes=(5,), solver=solver, random_state=0, max_iter=20, **PARITY
        ).fit(X32, Y_MC)
        ours = NumpyMLPClassifier(
            hidden_layer_sizes=(5,), solver=solver, random_state=0, max_iter=20, **PARITY
        ).fit(X32, Y_MC)
        assert ref.coefs_[0].dtype == ours.coefs_[0].dtype == np.float32
        _assert_same_weights(ours, ref, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("dtype", [np.float64, np.int64, np.int32])
@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_float64_and_int_input_give_float64(dtype, solver):
    X = np.round(X_MC * 3).astype(dtype)
    est = NumpyMLPClassifier(hidden_layer_sizes=(5,), solver=solver, random_state=0, max_iter=20)
    est.fit(X, Y_MC)
    assert all(c.dtype == np.float64 for c in est.coefs_)
    assert all(b.dtype == np.float64 for b in est.intercepts_)
    assert est.predict_proba(X).dtype == np.float64
    # Integer input trains exactly like the same values as float64.
    as_float = clone(est).fit(X.astype(np.float64), Y_MC)
    _assert_same_weights(est, as_float, rtol=0, atol=0)


def test_multilabel_indicator_targets():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(120, 5))
    Y = np.c_[X[:, 0] > 0, X[:, 1] + X[:, 2] > 0, X[:, 3] > 0.5, X[:, 4] < 0].astype(int)
    est = _small(hidden_layer_sizes=(10,), max_iter=200).fit(X, Y)
    assert_array_equal(est.classes_, np.arange(4))
    assert est.out_activation_ == "logistic"
    assert est.n_outputs_ == 4
    pred = est.predict(X)
    assert pred.shape == Y.shape
    assert set(np.unique(pred)) <= {0, 1}
    proba = est.predict_proba(X)
    assert proba.shape == (120, 4)
    assert ((proba >= 0) & (proba <= 1)).all()
    # Independent outputs: rows do not sum to 1, prediction is proba > 0.5.
    assert not np.allclose(proba.sum(axis=1), 1.0)
    assert_array_equal(pred, (proba > 0.5).astype(int))
    assert est.score(X, Y) > 0.7  # subset accuracy
    assert (pred == Y).mean() > 0.9

    # Same as scikit-learn with the stochastic solver.
    params = dict(hidden_layer_sizes=(6,), random_state=0, max_iter=20, **PARITY)
    ours, ref = _fit_both(X, Y, **params)
    assert ours.n_iter_ == ref.n_iter_
    _assert_same_weights(ours, ref)
    assert_allclose(ours.loss_curve_, ref.loss_curve_, rtol=1e-6)
    assert_array_equal(ours.predict(X), ref.predict(X))
    assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6)

    # partial_fit with an indicator matrix (classes is still required on the
    # first call, as in MLPClassifier).
    online = NumpyMLPClassifier(hidden_layer_sizes=(6,), random_state=0)
    online.partial_fit(X[:60], Y[:60], classes=np.arange(4))
    online.partial_fit(X[60:], Y[60:])
    assert online.predict(X).shape == Y.shape


# ---------------------------------------------------------------------------
# Parity with sklearn.neural_network.MLPClassifier
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("problem", ["binary", "multiclass"])
@pytest.mark.parametrize("hidden", [(8,), (6, 4)])
def test_parity_adam(problem, hidden):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    ours, ref = _fit_both(X, y, hidden_layer_sizes=hidden, random_state=0, max_iter=40, **PARITY)
    _assert_parity(ours, ref)
    assert ours.n_iter_ == 40
    assert_allclose(ours.best_loss_, ref.best_loss_, rtol=1e-6)


@pytest.mark.parametrize("activation", ["logistic", "tanh", "relu", "identity"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_sklearn_weight_init_draws_mlpclassifier_weights(activation, dtype, problem):
    # One sgd epoch with a step of 1e-300 leaves the initial weights exactly
    # as drawn (the update rounds away), so both estimators' coefs_ are their
    # initial weights: weight_init="sklearn" must draw MLPClassifier's.
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    params = dict(
        activation=activation,
        solver="sgd",
        momentum=0.0,
        learning_rate_init=1e-300,
        hidden_layer_sizes=(5, 4),
        max_iter=1,
        random_state=3,
    )
    ours = NumpyMLPClassifier(weight_init="sklearn", **params).fit(X.astype(dtype), y)
    ref = MLPClassifier(**params).fit(X.astype(dtype), y)
    for a, b in zip(_all_weights(ours), _all_weights(ref)):
        assert a.dtype == b.dtype == dtype
        assert_array_equal(a, b)
    default = NumpyMLPClassifier(**params).fit(X.astype(dtype), y)
    same = all(np.array_equal(a, b) for a, b in zip(_all_weights(default), _all_weights(ref)))
    assert same == (activation != "logistic")


@pytest.mark.parametrize("activation", ["logistic", "tanh"])
@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_parity_sklearn_weight_init(activation, solver):
    # weight_init="sklearn" starts from MLPClassifier's weights for every
    # activation, logistic included, so the whole trajectory coincides.
    X, y = X_MC, Y_MC
    params = dict(
        activation=activation,
        solver=solver,
        learning_rate_init=1e-2,
        hidden_layer_sizes=(8, 5),
        random_state=0,
        max_iter=30,
        batch_size=32,
    )
    ours = NumpyMLPClassifier(weight_init="sklearn", **params).fit(X, y)
    ref = MLPClassifier(**params).fit(X, y)
    _assert_parity(ours, ref)
    # Guard: with logistic units the default bound is wider, so the default
    # initialisation really is a different starting point.
    default = NumpyMLPClassifier(**dict(ours.get_params(), weight_init="glorot_uniform"))
    default.fit(X, y)
    if activation == "logistic":
        assert not np.allclose(default.coefs_[0], ref.coefs_[0], rtol=1e-3, atol=0)
    else:
        _assert_same_weights(default, ours, rtol=0, atol=0)


def test_parity_adam_small_batches_and_convergence():
    # Mini-batches of 16, a large tol: the n_iter_no_change rule stops both
    # at the same epoch, before max_iter.
    params = dict(
        hidden_layer_sizes=(8,),
        random_state=2,
        max_iter=200,
        batch_size=16,
        tol=1e-2,
        n_iter_no_change=3,
        **PARITY,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_MC, Y_MC, **params)
    assert ours.n_iter_ < 200
    _assert_parity(ours, ref)


def test_parity_max_iter_warning():
    params = dict(hidden_layer_sizes=(4,), random_state=0, max_iter=3, **PARITY)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        ours = NumpyMLPClassifier(**params).fit(X_BIN, Y_BIN)
    with pytest.warns(ConvergenceWarning, match="Maximum iterations"):
        ref = MLPClassifier(**params).fit(X_BIN, Y_BIN)
    _assert_parity(ours, ref)


@pytest.mark.parametrize("nesterov", [True, False])
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_sgd_momentum(nesterov, problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    ours, ref = _fit_both(
        X,
        y,
        solver="sgd",
        nesterovs_momentum=nesterov,
        momentum=0.9,
        batch_size=32,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=30,
        **PARITY,
    )
    _assert_parity(ours, ref)


def test_parity_sgd_nesterov_differs_from_plain_momentum():
    # Guard: the two momentum variants really are different trajectories, so
    # the parity test above would notice if one were ignored.
    common = dict(
        solver="sgd", batch_size=32, hidden_layer_sizes=(8,), random_state=0, max_iter=30, **PARITY
    )
    a = NumpyMLPClassifier(nesterovs_momentum=True, **common).fit(X_MC, Y_MC)
    b = NumpyMLPClassifier(nesterovs_momentum=False, **common).fit(X_MC, Y_MC)
    assert not np.allclose(a.coefs_[0], b.coefs_[0], rtol=1e-6, atol=0)


@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_sgd_invscaling(problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    params = dict(
        solver="sgd",
        learning_rate="invscaling",
        power_t=0.25,
        batch_size=20,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=30,
        **PARITY,
    )
    ours, ref = _fit_both(X, y, **params)
    _assert_parity(ours, ref)
    constant = NumpyMLPClassifier(**dict(params, learning_rate="constant")).fit(X, y)
    assert not np.allclose(constant.coefs_[0], ours.coefs_[0], rtol=1e-6, atol=0)


def test_parity_sgd_adaptive():
    # A tol no epoch can meet: every n_iter_no_change + 1 epochs the rate is
    # divided by 5, until it is below 1e-6 and training stops.
    params = dict(
        solver="sgd",
        learning_rate="adaptive",
        tol=10.0,
        n_iter_no_change=2,
        batch_size=30,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=200,
        **PARITY,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_MC, Y_MC, **params)
    # Epoch 1 improves on best_loss_=inf; then every third epoch lowers the
    # rate (epochs 4, 7, 10, 13, 16: 1e-3 / 5**5 < 1e-6) and epoch 19 stops.
    assert ours.n_iter_ == 19
    _assert_parity(ours, ref)
    assert ours._optimizer["learning_rate"] == pytest.approx(ref._optimizer.learning_rate)

    # A learning rate that improves: adaptive on a real plateau.
    params.update(tol=1e-3, learning_rate_init=0.05, n_iter_no_change=3)
    ours, ref = _fit_both(X_BIN, Y_BIN, **params)
    _assert_parity(ours, ref)


@pytest.mark.parametrize("solver", ["adam", "sgd", "lbfgs"])
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_sample_weight(solver, problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    rng = np.random.RandomState(42)
    sw = rng.uniform(0.1, 3.0, size=len(y))
    sw[:10] = 0.0
    params = dict(solver=solver, hidden_layer_sizes=(8,), random_state=0, max_iter=20, **PARITY)
    ours, ref = _fit_both(X, y, fit_params={"sample_weight": sw}, **params)
    unweighted = NumpyMLPClassifier(**params).fit(X, y)
    _assert_parity(
        ours, ref, check_curve=solver != "lbfgs", rtol=1e-6 if solver != "lbfgs" else 1e-4
    )
    assert not np.allclose(unweighted.coefs_[0], ours.coefs_[0], rtol=1e-6, atol=0)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_parity_warm_start(solver):
    params = dict(
        solver=solver,
        warm_start=True,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=15,
        **PARITY,
    )
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    ours.fit(X_MC, Y_MC)
    ref.fit(X_MC, Y_MC)
    first = [c.copy() for c in ours.coefs_]
    _assert_parity(ours, ref)
    ours.fit(X_MC, Y_MC)
    ref.fit(X_MC, Y_MC)
    _assert_parity(ours, ref)
    assert ours.n_iter_ == 15
    assert len(ours.loss_curve_) == 30  # the history continues
    assert ours.t_ == 30 * len(Y_MC)
    # The second fit started from the first solution, not from scratch.
    cold = NumpyMLPClassifier(**dict(params, warm_start=False)).fit(X_MC, Y_MC)
    assert not np.allclose(ours.coefs_[0], first[0], rtol=1e-6, atol=0)
    assert not np.allclose(ours.coefs_[0], cold.coefs_[0], rtol=1e-6, atol=0)

    # Different classes on a warm-start refit are refused, as in sklearn.
    for est in (ours, ref):
        with pytest.raises(ValueError, match="warm_start can only be used"):
            est.fit(X_MC[Y_MC < 2], Y_MC[Y_MC < 2])


def test_parity_warm_start_lbfgs():
    params = dict(
        solver="lbfgs",
        warm_start=True,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=10,
        **PARITY,
    )
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    for _ in range(2):
        with pytest.warns(ConvergenceWarning):
            ours.fit(X_MC, Y_MC)
        with pytest.warns(ConvergenceWarning):
            ref.fit(X_MC, Y_MC)
        _assert_parity(ours, ref, check_curve=False, rtol=1e-4)


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_parity_partial_fit(solver):
    params = dict(solver=solver, hidden_layer_sizes=(8,), random_state=0, **PARITY)
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    classes = np.unique(Y_MC)
    # First chunk lacks class 2: allowed because classes is given.
    chunks = [np.flatnonzero(Y_MC != 2)[:40]] + np.array_split(np.arange(len(Y_MC)), 4)
    for i, idx in enumerate(chunks):
        kwargs = {"classes": classes} if i == 0 else {}
        ours.partial_fit(X_MC[idx], Y_MC[idx], **kwargs)
        ref.partial_fit(X_MC[idx], Y_MC[idx], **kwargs)
        assert ours.n_iter_ == ref.n_iter_ == 1
        assert len(ours.loss_curve_) == i + 1
        _assert_parity(ours, ref)


def test_parity_partial_fit_binary_with_sample_weight():
    params = dict(hidden_layer_sizes=(8,), random_state=3, batch_size=16, **PARITY)
    ours = NumpyMLPClassifier(**params)
    ref = MLPClassifier(**params)
    sw = np.linspace(0.5, 2.0, len(Y_BIN))
    for idx in np.array_split(np.arange(len(Y_BIN)), 3):
        ours.partial_fit(X_BIN[idx], Y_BIN[idx], classes=[0, 1], sample_weight=sw[idx])
        ref.partial_fit(X_BIN[idx], Y_BIN[idx], classes=[0, 1], sample_weight=sw[idx])
    _assert_parity(ours, ref)


@pytest.mark.parametrize("with_weights", [False, True])
def test_parity_early_stopping_binary(with_weights):
    params = dict(
        early_stopping=True,
        validation_fraction=0.2,
        hidden_layer_sizes=(8,),
        random_state=0,
        max_iter=300,
        n_iter_no_change=5,
        batch_size=32,
        **PARITY,
    )
    fit_params = {}
    if with_weights:
        fit_params["sample_weight"] = np.random.RandomState(0).uniform(0.5, 2, len(Y_BIN))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_BIN, Y_BIN, fit_params=fit_params, **params)
    assert ours.n_iter_ < 300  # stopped early
    _assert_parity(ours, ref)
    assert ours.best_loss_ is None and ref.best_loss_ is None
    assert len(ours.validation_scores_) == ours.n_iter_
    assert_allclose(ours.validation_scores_, ref.validation_scores_)
    assert ours.best_validation_score_ == pytest.approx(ref.best_validation_score_)
    assert ours.best_validation_score_ == max(ours.validation_scores_)


def test_parity_early_stopping_restores_best_weights():
    # Long enough that the last epoch is not the best one: both must restore
    # the weights of the best validation epoch, not keep the last ones.
    params = dict(
        early_stopping=True,
        validation_fraction=0.3,
        hidden_layer_sizes=(16,),
        random_state=0,
        max_iter=300,
        n_iter_no_change=8,
        tol=0.0,
        learning_rate_init=1e-2,
        activation="relu",
        batch_size=16,
    )
    X, y = _binary(n_samples=100, random_state=5)
    ours, ref = _fit_both(X, y, **params)
    scores = ours.validation_scores_
    assert int(np.argmax(scores)) < len(scores) - 1
    _assert_parity(ours, ref)


@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_parity_lbfgs(problem):
    X, y = (X_BIN, Y_BIN) if problem == "binary" else (X_MC, Y_MC)
    params = dict(solver="lbfgs", hidden_layer_sizes=(8,), random_state=0, max_iter=20, **PARITY)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        ours = NumpyMLPClassifier(**params).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="lbfgs failed to converge"):
        ref = MLPClassifier(**params).fit(X, y)
    assert ours.n_iter_ == ref.n_iter_ == 20
    _assert_parity(ours, ref, check_curve=False, rtol=1e-4)
    assert len(ours.loss_curve_) == ours.n_iter_
    assert ours.loss_curve_[-1] == pytest.approx(ours.loss_, rel=1e-12)


def test_parity_lbfgs_converged():
    # A strong penalty: both converge (no warning) after the same iterations.
    params = dict(
        solver="lbfgs",
        hidden_layer_sizes=(4,),
        random_state=0,
        max_iter=500,
        alpha=5.0,
        tol=1e-6,
        **PARITY,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        ours, ref = _fit_both(X_BIN, Y_BIN, **params)
    assert ours.n_iter_ < 500
    assert ours.n_iter_ == ref.n_iter_
    _assert_parity(ours, ref, check_curve=False, rtol=1e-4)
