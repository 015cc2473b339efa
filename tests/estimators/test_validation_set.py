"""A validation set given to fit (X_val, y_val, sample_weight_val), as
HistGradientBoosting* take one: scores recomputed with score(X_val, y_val),
no internal split, and metadata routing through a Pipeline."""

import warnings

import numpy as np
import pytest
import sklearn
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

Xc, yc = make_classification(160, 5, n_informative=3, n_classes=3, random_state=0)
Xr, yr = make_regression(160, 5, noise=5.0, random_state=0)
TRAIN, VAL = slice(0, 120), slice(120, None)


def _fit(est, X, y, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return est.fit(X, y, **kwargs)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize(
    "Estimator, X, y", [(NumpyMLPClassifier, Xc, yc), (NumpyMLPRegressor, Xr, yr)]
)
def test_best_score_is_score_on_the_validation_set(Estimator, X, y, weighted):
    """The best epoch's weights are kept, and its validation score is the
    estimator's own score on (X_val, y_val)."""
    sw_val = np.linspace(0.5, 2.0, 40) if weighted else None
    est = _fit(
        Estimator(early_stopping=True, n_iter_no_change=3, max_iter=60, random_state=0),
        X[TRAIN],
        y[TRAIN],
        X_val=X[VAL],
        y_val=y[VAL],
        sample_weight_val=sw_val,
    )
    assert len(est.validation_scores_) == est.n_iter_ > 1
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert est.best_validation_score_ == pytest.approx(
        est.score(X[VAL], y[VAL], sample_weight=sw_val), abs=1e-12
    )


def test_validation_loss_is_log_loss_on_the_validation_set():
    est = _fit(
        NumpyMLPClassifier(early_stopping=True, max_iter=12, random_state=0),
        Xc[TRAIN],
        yc[TRAIN],
        X_val=Xc[VAL],
        y_val=yc[VAL],
    )
    best = int(np.argmax(est.validation_scores_))
    assert est.validation_loss_curve_[best] == pytest.approx(
        log_loss(yc[VAL], est.predict_proba(Xc[VAL])), rel=1e-10
    )


def test_training_sees_every_row_of_X():
    """Without X_val, early stopping holds out validation_fraction of X;
    with X_val nothing is held out: t_ counts every training row."""
    params = dict(early_stopping=True, max_iter=5, n_iter_no_change=50, random_state=0)
    split = _fit(NumpyMLPClassifier(**params), Xc[TRAIN], yc[TRAIN])
    given = _fit(NumpyMLPClassifier(**params), Xc[TRAIN], yc[TRAIN], X_val=Xc[VAL], y_val=yc[VAL])
    assert given.t_ == 120 * 5
    assert split.t_ == 108 * 5


def test_pipeline_routes_and_transforms_the_validation_set():
    """With metadata routing, a Pipeline passes X_val and y_val to the
    network, X_val transformed by the steps before it (transform_input)."""
    X = Xc * 100.0 + 7.0
    with sklearn.config_context(enable_metadata_routing=True):
        clf = NumpyMLPClassifier(early_stopping=True, max_iter=30, random_state=0)
        clf.set_fit_request(X_val=True, y_val=True)
        pipe = Pipeline([("scale", StandardScaler()), ("mlp", clf)], transform_input=["X_val"])
        _fit(pipe, X[TRAIN], yc[TRAIN], X_val=X[VAL], y_val=yc[VAL])
        fitted = pipe.named_steps["mlp"]
        assert fitted.t_ == 120 * fitted.n_iter_
        assert fitted.best_validation_score_ == pytest.approx(pipe.score(X[VAL], yc[VAL]))


@pytest.mark.parametrize(
    "params, kwargs, message",
    [
        ({}, dict(X_val=Xc[VAL], y_val=yc[VAL]), "early_stopping=False"),
        (dict(early_stopping=True), dict(X_val=Xc[VAL]), "X_val and y_val must be given together"),
        (dict(early_stopping=True), dict(y_val=yc[VAL]), "X_val and y_val must be given together"),
        (
            dict(early_stopping=True, solver="lbfgs"),
            dict(X_val=Xc[VAL], y_val=yc[VAL]),
            "X_val='given' needs solver='sgd' or 'adam'",
        ),
        (dict(early_stopping=True), dict(X_val=Xc[VAL], y_val=yc[VAL] + 5), "not classes of y"),
        (dict(early_stopping=True), dict(X_val=Xc[VAL, :3], y_val=yc[VAL]), "features"),
        (dict(early_stopping=True), dict(X_val=Xc[VAL], y_val=yc[VAL][:10]), "X_val has 40 rows"),
        (
            dict(early_stopping=True),
            dict(X_val=Xc[VAL], y_val=yc[VAL], sample_weight_val=np.zeros(40)),
            "sample_weight_val is invalid: Sample weights must contain",
        ),
    ],
)
def test_invalid_validation_sets_are_clear_errors_and_change_nothing(params, kwargs, message):
    est = _fit(NumpyMLPClassifier(max_iter=3, random_state=0), Xc[TRAIN], yc[TRAIN])
    before = [w.copy() for w in est.coefs_]
    est.set_params(**params)
    with pytest.raises(ValueError, match=message):
        est.fit(Xc[TRAIN], yc[TRAIN], **kwargs)
    for a, b in zip(before, est.coefs_):
        np.testing.assert_array_equal(a, b)


def test_regressor_validation_targets_use_the_training_scaling():
    """y_val is scaled with the training targets' scaling (not its own):
    the validation R^2 is the regressor's score on the original units."""
    est = _fit(
        NumpyMLPRegressor(early_stopping=True, max_iter=20, random_state=0),
        Xr[TRAIN],
        yr[TRAIN],
        X_val=Xr[VAL],
        y_val=yr[VAL] + 1000.0,
    )
    assert est.best_validation_score_ == pytest.approx(est.score(Xr[VAL], yr[VAL] + 1000.0))
    assert est.best_validation_score_ < -10  # the shift is not fitted away
