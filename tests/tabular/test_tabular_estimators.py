"""What the tabular estimators promise beyond the drop-ins: the input
transform makes them blind to each feature's units and offset, the best
epoch is the one kept, predictions are in the units of ``y``, a failed
fit changes nothing, and they save, load and stream as the drop-ins do."""

import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.datasets import make_classification, make_regression
from sklearn.metrics import log_loss

from sknumpynet import LossCurveDisplay, TabularMLPClassifier, TabularMLPRegressor

SMALL = dict(hidden_layer_sizes=(16, 16), max_iter=12, random_state=0)


def _classification(n=300):
    return make_classification(n, 6, n_informative=4, n_classes=3, random_state=0)


def test_units_and_offsets_of_features_do_not_matter():
    X, y = _classification()
    scales = np.array([1e-3, 1.0, 1e4, 3.0, 1e2, 0.5])
    shifts = np.array([5.0, -1e3, 1e5, 0.0, 2.0, -7.0])
    a = TabularMLPClassifier(**SMALL).fit(X, y)
    b = TabularMLPClassifier(**SMALL).fit(X * scales + shifts, y)
    # the same network input up to rounding, so the same model
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X * scales + shifts), atol=2e-4)


def test_the_kept_epoch_is_the_best_validation_epoch():
    X, y = _classification(400)
    X_val, y_val = X[300:], y[300:]
    est = TabularMLPClassifier(**SMALL).fit(X[:300], y[:300], X_val=X_val, y_val=y_val)
    assert len(est.validation_scores_) == est.n_iter_ == 12
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert est.score(X_val, y_val) == pytest.approx(est.best_validation_score_)


def test_regression_predicts_in_the_units_of_y():
    X, y = make_regression(300, 5, noise=5.0, random_state=0)
    a = TabularMLPRegressor(**SMALL).fit(X, y)
    b = TabularMLPRegressor(**SMALL).fit(X, 1000.0 * y + 5.0)
    np.testing.assert_allclose(b.predict(X), 1000.0 * a.predict(X) + 5.0, rtol=1e-3, atol=1.0)
    assert a.score(X, y) > 0.5


def test_a_failed_fit_changes_nothing():
    X, y = _classification()
    est = TabularMLPClassifier(**SMALL).fit(X, y)
    before = (est.feature_median_.copy(), est.predict_proba(X))
    X_bad = X * 10.0
    X_bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        est.fit(X_bad, y)
    np.testing.assert_array_equal(est.feature_median_, before[0])
    np.testing.assert_array_equal(est.predict_proba(X), before[1])


def test_prediction_input_is_checked_before_the_transform():
    X, y = _classification()
    est = TabularMLPClassifier(**SMALL).fit(X, y)
    X_inf = X.copy()
    X_inf[3, 2] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        est.predict(X_inf)
    huge = X.copy()
    huge[:5] = np.finfo(np.float64).max  # finite: clipped, not an error
    assert np.isfinite(est.predict_proba(huge)).all()


@pytest.mark.parametrize("Estimator", [TabularMLPClassifier, TabularMLPRegressor])
def test_sparse_input_is_a_clear_error(Estimator):
    X, y = _classification()
    with pytest.raises(TypeError, match="sparse"):
        Estimator(**SMALL).fit(sp.csr_matrix(X), y)


def test_text_columns_are_a_clear_error():
    pd = pytest.importorskip("pandas")
    X, y = _classification(60)
    frame = pd.DataFrame(X, columns=list("abcdef")).assign(city=["Paris", "Lyon"] * 30)
    with pytest.raises(ValueError, match=r"city.*OneHotEncoder"):
        TabularMLPClassifier(**SMALL).fit(frame, y)


def test_partial_fit_streams_only_without_early_stopping():
    X, y = _classification()
    assert not hasattr(TabularMLPClassifier(), "partial_fit")
    est = TabularMLPClassifier(early_stopping=False, **SMALL)
    est.partial_fit(X[:150], y[:150], classes=[0, 1, 2])
    median = est.feature_median_.copy()
    losses = []
    for _ in range(5):
        est.partial_fit(X[150:], y[150:])
        losses.append(est.loss_)
    # the first call's statistics are kept, and training goes on
    np.testing.assert_array_equal(est.feature_median_, median)
    assert losses[-1] < losses[0]


def test_class_weight_shifts_predictions_to_the_weighted_class():
    X, y = make_classification(400, 5, weights=[0.85], random_state=0)
    plain = TabularMLPClassifier(**SMALL).fit(X, y)
    weighted = TabularMLPClassifier(class_weight={1: 10.0}, **SMALL).fit(X, y)
    assert (weighted.predict(X) == 1).sum() > (plain.predict(X) == 1).sum()


@pytest.mark.parametrize("Estimator", [TabularMLPClassifier, TabularMLPRegressor])
def test_saved_models_predict_the_same(Estimator):
    sio = pytest.importorskip("skops.io")
    X, y = _classification()
    est = Estimator(**SMALL).fit(X, y)
    name = "%s.%s" % (type(est).__module__, type(est).__qualname__)
    for restored in (
        pickle.loads(pickle.dumps(est)),
        sio.loads(sio.dumps(est), trusted=[name]),
    ):
        np.testing.assert_array_equal(restored.predict(X), est.predict(X))
        np.testing.assert_array_equal(restored.feature_scale_, est.feature_scale_)


def test_loss_curve_display_shows_the_validation_curve():
    pytest.importorskip("matplotlib")
    X, y = _classification()
    est = TabularMLPClassifier(**SMALL).fit(X, y)
    display = LossCurveDisplay.from_estimator(est)
    assert len(display.loss_curve) == est.n_iter_


def test_clip_predictions_keeps_predictions_in_the_training_range():
    X, y = make_regression(300, 5, noise=5.0, random_state=0)
    est = TabularMLPRegressor(clip_predictions=True, **SMALL).fit(X, y)
    plain = TabularMLPRegressor(**SMALL).fit(X, y)
    np.testing.assert_array_equal(est.target_min_, [y.min()])
    far = np.vstack([X * 50.0, -X * 50.0])
    clipped, unclipped = est.predict(far), plain.predict(far)
    low, high = np.float32(y.min()), np.float32(y.max())  # predictions are float32
    assert low <= clipped.min() and clipped.max() <= high
    # the same network: clipping changes only what leaves the range
    inside = (unclipped >= y.min()) & (unclipped <= y.max())
    np.testing.assert_allclose(clipped[inside], unclipped[inside], rtol=1e-6)
    assert not inside.all()


def test_dask_arrays_are_a_clear_error():
    da = pytest.importorskip("dask.array")
    X, y = _classification()
    with pytest.raises(TypeError, match="Dask"):
        TabularMLPClassifier(**SMALL).fit(da.from_array(X, chunks=100), y)


def test_ties_in_accuracy_keep_the_best_calibrated_epoch():
    # 95 % of one class: epochs that predict it everywhere tie the best
    # accuracy; the kept one is the tied epoch with the lowest validation loss
    X, y = make_classification(900, 5, weights=[0.95], flip_y=0, class_sep=0.3, random_state=3)
    est = TabularMLPClassifier(hidden_layer_sizes=(16,), max_iter=20, random_state=0)
    est.fit(X[:600], y[:600], X_val=X[600:], y_val=y[600:])
    scores, losses = np.array(est.validation_scores_), np.array(est.validation_loss_curve_)
    tied = np.flatnonzero(scores == scores.max())
    kept = tied[np.argmin(losses[tied])]
    assert len(tied) > 1 and kept != tied[0]  # the first best epoch is not kept
    # the fitted model is that epoch's: its log-loss on the validation set
    assert log_loss(y[600:], est.predict_proba(X[600:])) == pytest.approx(losses[kept], rel=1e-4)


@pytest.mark.parametrize("Estimator", [TabularMLPClassifier, TabularMLPRegressor])
def test_a_weight_of_k_is_k_copies_to_float32_precision(Estimator):
    X, y = _classification(90)
    weights = np.random.RandomState(0).randint(0, 4, len(y))
    params = dict(SMALL, early_stopping=False, shuffle=False, batch_size=400)
    weighted = Estimator(**params).fit(X, y, sample_weight=weights)
    copies = Estimator(**params).fit(np.repeat(X, weights, 0), np.repeat(y, weights))
    np.testing.assert_array_equal(weighted.feature_median_, copies.feature_median_)
    method = "predict_proba" if hasattr(weighted, "predict_proba") else "predict"
    a, b = getattr(weighted, method)(X), getattr(copies, method)(X)
    np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-4)
    # a weight of 0 leaves the row out: a different fit than weights of 1
    ones = Estimator(**params).fit(X, y)
    assert np.abs(getattr(ones, method)(X) - a).max() > 1e-3
