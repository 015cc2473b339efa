"""``early_stopping``: the validation split, its scores and the restored best
weights.

Compared with scikit-learn's MLPClassifier where both train alike (see
``training_problems``); everything else against its documented definition.
"""

import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from training_problems import (
    X2,
    X3,
    Y2,
    Y3,
    _quiet_fit,
    assert_same_weights,
    initial_weights,
    ours,
    sklearns,
)
from weights import all_weights

# ---------------------------------------------------------------- early_stopping


def test_early_stopping_attributes_and_restored_weights():
    # Multiclass: reproduce the (stratified) split from the documented order of
    # draws, score the returned model on it, and compare with a run truncated
    # at the best epoch, whose last weights are the best weights.
    params = dict(
        solver="adam",
        early_stopping=True,
        validation_fraction=0.3,
        n_iter_no_change=4,
        max_iter=80,
        batch_size=10,
    )
    est = ours(**params).fit(X3, Y3)
    n = est.n_iter_
    assert n < 80
    assert len(est.validation_scores_) == len(est.validation_loss_curve_) == n
    assert len(est.loss_curve_) == n
    assert est.best_loss_ is None
    assert est.best_validation_score_ == max(est.validation_scores_)
    assert np.isfinite(est.validation_loss_curve_).all()
    assert est.t_ == n * (len(Y3) - round(0.3 * len(Y3)))

    _, _, rng = initial_weights(0, [3, 6, 3])
    train, val = train_test_split(np.arange(len(Y3)), random_state=rng, test_size=0.3, stratify=Y3)
    assert est.score(X3[val], Y3[val]) == est.best_validation_score_
    # validation_loss_curve_ is the mean log-loss on that split, without L2.
    best = int(np.argmax(est.validation_scores_))
    assert best < n - 1  # restoring weights actually matters here
    truncated = _quiet_fit(ours(**dict(params, max_iter=best + 1)), X3, Y3)
    assert truncated.validation_scores_ == est.validation_scores_[: best + 1]
    assert_same_weights(est, truncated, atol=0)
    np.testing.assert_allclose(
        log_loss(Y3[val], truncated.predict_proba(X3[val])),
        est.validation_loss_curve_[best],
        rtol=1e-10,
    )
    # The weights of the last epoch are not the returned ones.
    last = _quiet_fit(ours(**dict(params, early_stopping=False, max_iter=n)), X3[train], Y3[train])
    assert not np.allclose(all_weights(last)[0], est.coefs_[0])


def test_early_stopping_binary_matches_sklearn():
    params = dict(
        solver="adam",
        early_stopping=True,
        validation_fraction=0.25,
        n_iter_no_change=5,
        max_iter=60,
        batch_size=16,
    )
    est = ours(**params).fit(X2, Y2)
    ref = sklearns(**params).fit(X2, Y2)
    assert est.n_iter_ == ref.n_iter_
    assert est.validation_scores_ == ref.validation_scores_
    assert est.best_validation_score_ == ref.best_validation_score_
    np.testing.assert_allclose(est.loss_curve_, ref.loss_curve_, rtol=1e-12)
    assert_same_weights(est, ref)


def test_early_stopping_with_sample_weight_scores_are_weighted():
    sw = np.where(Y2 == 1, 3.0, 1.0)
    est = ours(
        solver="adam",
        early_stopping=True,
        validation_fraction=0.25,
        max_iter=30,
        n_iter_no_change=3,
    ).fit(X2, Y2, sample_weight=sw)
    _, _, rng = initial_weights(0, [3, 6, 1])
    _, val = train_test_split(np.arange(len(Y2)), random_state=rng, test_size=0.25, stratify=Y2)
    np.testing.assert_allclose(
        est.score(X2[val], Y2[val], sample_weight=sw[val]), est.best_validation_score_
    )


def test_multiclass_early_stopping_with_a_rare_class_falls_back_to_a_plain_split():
    # 60 digits: 10 classes cannot all appear in a 6-row validation split,
    # which a stratified split requires; MLPClassifier fits this, and so must we.
    X, y = load_digits(return_X_y=True)
    est = ours(early_stopping=True, random_state=0, max_iter=5).fit(X[:60] / 16, y[:60])
    ref = MLPClassifier(early_stopping=True, random_state=0, max_iter=5).fit(X[:60] / 16, y[:60])
    assert len(est.validation_scores_) == est.n_iter_ == ref.n_iter_ == 5
