"""``class_weight``: per-class weights that multiply ``sample_weight``.

The contract (see the ``class_weight`` entry of ``NumpyMLPClassifier``'s
docstring): a dict ``{label: weight}`` (labels left out weigh 1) or
``'balanced'`` (``compute_class_weight('balanced', ...)`` over the labels
given to ``fit``) becomes a per-sample weight, multiplied into
``sample_weight``; so every fit with ``class_weight`` must be *exactly* the
fit with the equivalent ``sample_weight``, including the early-stopping
validation score. Multilabel targets, ``'balanced'`` in ``partial_fit``,
unknown labels and negative / non-finite weights are refused with a
``ValueError`` that names ``class_weight``.
"""

import numpy as np
import pandas as pd
import pytest
from class_weight_problems import (
    SOLVERS,
    X2,
    X3,
    XI,
    Y2,
    Y3,
    YI,
    _per_sample,
    _small,
    assert_different_model,
    assert_same_model,
)
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_classification
from sklearn.metrics import balanced_accuracy_score, recall_score
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight
from weights import all_weights

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.filterwarnings("ignore:.*batch_size.*clipped:UserWarning")


# ---------------------------------------------------------- effect on training


def test_balanced_raises_minority_recall_on_imbalanced_data():
    X, y = make_classification(
        n_samples=1000,
        n_features=6,
        n_informative=3,
        n_redundant=0,
        weights=[0.95, 0.05],
        flip_y=0,
        class_sep=1.0,
        random_state=3,
    )
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.5, stratify=y, random_state=3
    )
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    assert (y_test == 1).sum() == 25  # 25 minority samples held out
    params = dict(hidden_layer_sizes=(5,), solver="adam", max_iter=200, random_state=0)
    plain = NumpyMLPClassifier(**params).fit(X_train, y_train)
    balanced = NumpyMLPClassifier(class_weight="balanced", **params).fit(X_train, y_train)
    recall_plain = recall_score(y_test, plain.predict(X_test))
    recall_balanced = recall_score(y_test, balanced.predict(X_test))
    # 0.40 -> 0.76 with these seeds.
    assert recall_balanced >= recall_plain + 0.15
    assert balanced_accuracy_score(y_test, balanced.predict(X_test)) >= (
        balanced_accuracy_score(y_test, plain.predict(X_test)) + 0.05
    )


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_dict_equals_equivalent_sample_weight(solver, problem):
    X, y = (X2, Y2) if problem == "binary" else (X3, Y3)
    class_weight = {0: 1, 1: 3}
    by_class = _small(solver=solver, class_weight=class_weight).fit(X, y)
    by_sample = _small(solver=solver).fit(X, y, sample_weight=_per_sample(class_weight, y))
    assert_same_model(by_class, by_sample, X)
    assert_allclose(by_class.loss_curve_, by_sample.loss_curve_, rtol=1e-12)
    assert_different_model(by_class, _small(solver=solver).fit(X, y))


@pytest.mark.parametrize("solver", SOLVERS)
def test_class_weight_multiplies_sample_weight(solver):
    class_weight = {0: 0.5, 2: 4.0}
    sw = np.random.RandomState(0).uniform(0.2, 3.0, len(Y3))
    both = _small(solver=solver, class_weight=class_weight).fit(X3, Y3, sample_weight=sw)
    product = _small(solver=solver).fit(X3, Y3, sample_weight=sw * _per_sample(class_weight, Y3))
    assert_same_model(both, product, X3)
    # Neither factor alone gives that model.
    assert_different_model(both, _small(solver=solver).fit(X3, Y3, sample_weight=sw))
    assert_different_model(both, _small(solver=solver, class_weight=class_weight).fit(X3, Y3))


@pytest.mark.parametrize("solver", SOLVERS)
@pytest.mark.parametrize("problem", ["binary", "multiclass"])
def test_balanced_equals_compute_class_weight(solver, problem):
    if problem == "binary":
        X, y = XI, YI
    else:  # 3 classes of 30, 20 and 10 samples
        keep = np.r_[
            np.flatnonzero(Y3 == 0), np.flatnonzero(Y3 == 1)[:15], np.flatnonzero(Y3 == 2)[:8]
        ]
        X, y = X3[keep], Y3[keep]
    classes = np.unique(y)
    weights = compute_class_weight("balanced", classes=classes, y=y)
    assert np.ptp(weights) > 0.5  # really imbalanced
    as_dict = dict(zip(classes.tolist(), weights))
    balanced = _small(solver=solver, class_weight="balanced").fit(X, y)
    explicit = _small(solver=solver, class_weight=as_dict).fit(X, y)
    assert_same_model(balanced, explicit, X)
    assert_different_model(balanced, _small(solver=solver).fit(X, y))


def test_balanced_is_computed_on_the_labels_given_to_fit():
    # A second fit on differently balanced labels recomputes the weights.
    est = _small(solver="lbfgs", class_weight="balanced")
    est.fit(X3, Y3)  # balanced classes: every weight is 1
    ones = np.ones(len(Y3))
    assert_same_model(est, _small(solver="lbfgs").fit(X3, Y3, sample_weight=ones), X3)
    keep = np.r_[np.flatnonzero(Y3 != 2), np.flatnonzero(Y3 == 2)[:5]]
    est.fit(X3[keep], Y3[keep])
    weights = compute_class_weight("balanced", classes=np.array([0, 1, 2]), y=Y3[keep])
    explicit = _small(solver="lbfgs").fit(X3[keep], Y3[keep], sample_weight=weights[Y3[keep]])
    assert_same_model(est, explicit, X3)


def test_string_labels_in_dict_and_missing_labels_weigh_one():
    labels = np.array(["cat", "dog", "fish"])
    y = labels[Y3]
    class_weight = {"dog": 2.5}  # "cat" and "fish" left out: weight 1
    by_class = _small(solver="adam", class_weight=class_weight).fit(X3, y)
    by_sample = _small(solver="adam").fit(X3, y, sample_weight=np.where(y == "dog", 2.5, 1.0))
    assert_same_model(by_class, by_sample, X3)
    assert set(by_class.predict(X3)) <= set(labels)
    assert_different_model(by_class, _small(solver="adam").fit(X3, y))
    # String labels with "balanced" too.
    keep = np.r_[np.flatnonzero(y != "fish"), np.flatnonzero(y == "fish")[:4]]
    balanced = _small(solver="lbfgs", class_weight="balanced").fit(X3[keep], y[keep])
    weights = compute_class_weight("balanced", classes=labels, y=y[keep])
    explicit = _small(solver="lbfgs", class_weight=dict(zip(labels, weights)))
    assert_same_model(balanced, explicit.fit(X3[keep], y[keep]), X3)


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_float32_and_pandas_labels(solver):
    X32 = X3.astype(np.float32)
    y = pd.Series(pd.Categorical(np.array(["a", "b", "c"])[Y3]))
    class_weight = {"a": 0.25, "c": 2.0}
    by_class = _small(solver=solver, class_weight=class_weight).fit(X32, y)
    sw = _per_sample(class_weight, y.to_numpy()).astype(np.float32)
    by_sample = _small(solver=solver).fit(X32, y, sample_weight=sw)
    assert by_class.coefs_[0].dtype == np.float32  # class weights keep float32
    assert_same_model(by_class, by_sample, X32, atol=0)
    assert_different_model(by_class, _small(solver=solver).fit(X32, y))


def test_empty_dict_and_unit_weights_change_nothing():
    ones = _small(solver="sgd").fit(X3, Y3, sample_weight=np.ones(len(Y3)))
    plain = _small(solver="sgd").fit(X3, Y3)
    for class_weight in ({}, {0: 1, 1: 1, 2: 1}):
        est = _small(solver="sgd", class_weight=class_weight).fit(X3, Y3)
        assert_same_model(est, ones, X3)
        # Unit weights and no weights differ only by the rounding of the mean.
        assert_same_model(est, plain, X3, atol=1e-9)


def test_zero_class_weight_drops_the_class_from_the_objective():
    # Weight 0 on class 2 is the same as zero sample weights on its samples.
    by_class = _small(solver="lbfgs", class_weight={2: 0}).fit(X3, Y3)
    by_sample = _small(solver="lbfgs").fit(X3, Y3, sample_weight=(Y3 != 2).astype(float))
    assert_same_model(by_class, by_sample, X3)
    assert_array_equal(by_class.classes_, [0, 1, 2])


# ---------------------------------------------------------------- partial_fit


@pytest.mark.parametrize("solver", ["sgd", "adam"])
def test_partial_fit_with_dict_equals_partial_fit_with_sample_weight(solver):
    class_weight = {1: 3.0, 2: 0.5}
    by_class = _small(solver=solver, class_weight=class_weight)
    by_sample = _small(solver=solver)
    halves = np.array_split(np.arange(len(Y3)), 2)
    for i, part in enumerate(halves * 2):
        kwargs = {"classes": [0, 1, 2]} if i == 0 else {}
        by_class.partial_fit(X3[part], Y3[part], **kwargs)
        by_sample.partial_fit(
            X3[part], Y3[part], sample_weight=_per_sample(class_weight, Y3[part]), **kwargs
        )
    assert_same_model(by_class, by_sample, X3)
    assert by_class.t_ == by_sample.t_ == 2 * len(Y3)
    plain = _small(solver=solver)
    for i, part in enumerate(halves * 2):
        plain.partial_fit(X3[part], Y3[part], **({"classes": [0, 1, 2]} if i == 0 else {}))
    assert_different_model(by_class, plain)


def test_partial_fit_dict_may_weigh_a_class_absent_from_the_batch():
    # Class 2 is announced in ``classes`` but absent from the first batch.
    class_weight = {2: 4.0}
    first = Y3 != 2
    by_class = _small(solver="sgd", class_weight=class_weight)
    by_class.partial_fit(X3[first], Y3[first], classes=[0, 1, 2])
    by_class.partial_fit(X3, Y3)
    by_sample = _small(solver="sgd")
    by_sample.partial_fit(X3[first], Y3[first], classes=[0, 1, 2])
    by_sample.partial_fit(X3, Y3, sample_weight=_per_sample(class_weight, Y3))
    assert_same_model(by_class, by_sample, X3)


# --------------------------------------------------------------------- errors


def test_dict_label_not_among_classes_is_named():
    est = _small(solver="lbfgs", class_weight={0: 1.0, 7: 2.0})
    with pytest.raises(ValueError, match=r"class_weight.*\b7\b") as info:
        est.fit(X3, Y3)
    assert "[0, 1, 2]" in str(info.value)  # the classes it should have been
    assert not hasattr(est, "coefs_")
    est = _small(solver="lbfgs", class_weight={"dog": 2.0})
    with pytest.raises(ValueError, match=r"class_weight.*'dog'"):
        est.fit(X3, Y3)
    # partial_fit: checked against ``classes``.
    est = _small(solver="sgd", class_weight={3: 2.0})
    with pytest.raises(ValueError, match=r"class_weight.*\b3\b"):
        est.partial_fit(X3, Y3, classes=[0, 1, 2])
    assert not hasattr(est, "coefs_")


@pytest.mark.parametrize("bad", [-1.0, -1e-300, np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("method", ["fit", "partial_fit"])
def test_negative_or_non_finite_dict_weight(bad, method):
    est = _small(solver="sgd", class_weight={0: 1.0, 1: bad})
    kwargs = {"classes": [0, 1, 2]} if method == "partial_fit" else {}
    with pytest.raises(ValueError, match="class_weight must be finite and non-negative") as info:
        getattr(est, method)(X3, Y3, **kwargs)
    assert "label 1" in str(info.value)
    assert not hasattr(est, "coefs_")


@pytest.mark.parametrize("bad", [None, "heavy", [1, 2], 1 + 2j], ids=repr)
def test_non_numeric_dict_weight_is_a_value_error_naming_class_weight(bad):
    # Like a negative or NaN weight: a ValueError that says what is wrong.
    est = _small(solver="lbfgs", class_weight={0: 1.0, 1: bad})
    with pytest.raises(ValueError, match="class_weight"):
        est.fit(X3, Y3)
    assert not hasattr(est, "coefs_")


@pytest.mark.parametrize("class_weight", ["balanced", {0: 2.0}])
def test_multilabel_target_refused(class_weight):
    Y = np.column_stack([Y3 == 0, Y3 != 1]).astype(int)
    est = _small(solver="adam", class_weight=class_weight)
    with pytest.raises(ValueError, match="class_weight is not supported for multilabel"):
        est.fit(X3, Y)
    assert not hasattr(est, "coefs_")
    with pytest.raises(ValueError, match="class_weight is not supported for multilabel"):
        est.partial_fit(X3, Y, classes=[0, 1])
    # The same target trains without class_weight.
    assert _small(solver="adam").fit(X3, Y).predict(X3).shape == Y.shape


def test_partial_fit_refuses_balanced():
    est = _small(solver="sgd", class_weight="balanced")
    with pytest.raises(ValueError, match=r"class_weight='balanced'.*partial_fit"):
        est.partial_fit(X3, Y3, classes=[0, 1, 2])
    assert not hasattr(est, "coefs_")
    # After a fit too: the fitted model is left untouched.
    est.fit(X3, Y3)
    before = [w.copy() for w in all_weights(est)]
    with pytest.raises(ValueError, match=r"class_weight='balanced'.*partial_fit"):
        est.partial_fit(X3, Y3)
    for u, v in zip(before, all_weights(est)):
        assert_array_equal(u, v)


@pytest.mark.parametrize(
    "class_weight",
    ["auto", "Balanced", ["balanced"], [1.0, 2.0, 3.0], 2.0, np.ones(3)],
    ids=repr,
)
def test_invalid_class_weight_value_is_named(class_weight):
    est = _small(solver="lbfgs", class_weight=class_weight)
    with pytest.raises(ValueError, match="'class_weight' parameter"):
        est.fit(X3, Y3)
    assert not hasattr(est, "coefs_")
    est = _small(solver="sgd", class_weight=class_weight)
    with pytest.raises(ValueError, match="'class_weight' parameter"):
        est.partial_fit(X3, Y3, classes=[0, 1, 2])


def test_class_weight_and_sample_weight_all_zero_together():
    # Each is fine alone; their product is zero everywhere.
    sw = (Y3 == 0).astype(float)
    est = _small(solver="lbfgs", class_weight={0: 0.0})
    with pytest.raises(
        ValueError, match="class_weight times sample_weight gives every sample weight 0"
    ):
        est.fit(X3, Y3, sample_weight=sw)
    assert not hasattr(est, "coefs_")
