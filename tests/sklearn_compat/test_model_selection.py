"""NumpyMLPClassifier in pipelines and model selection (grid and randomized
search in parallel, cross-validation), as any scikit-learn classifier.
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
    _multiclass,
    _small,
)
from scipy.stats import loguniform
from sklearn.base import clone
from sklearn.model_selection import (
    GridSearchCV,
    RandomizedSearchCV,
    StratifiedKFold,
    cross_val_predict,
    cross_val_score,
    cross_validate,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.usefixtures("single_threaded_blas")


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
