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

import itertools
import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import make_blobs, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import balanced_accuracy_score, log_loss, recall_score
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.filterwarnings("ignore:.*batch_size.*clipped:UserWarning")

SOLVERS = ["adam", "sgd", "lbfgs"]

# --------------------------------------------------------------------- helpers


def _blobs(n_samples=60, n_classes=3, seed=0):
    X, y = make_blobs(
        n_samples=n_samples, centers=n_classes, n_features=3, cluster_std=2.0, random_state=seed
    )
    return (X - X.mean(axis=0)) / X.std(axis=0), y


X3, Y3 = _blobs()  # 3 classes, 20 samples each
X2, Y2 = _blobs(n_classes=2)  # binary


def _imbalanced_binary(n_samples=200, seed=0):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=4,
        n_informative=3,
        n_redundant=0,
        weights=[0.8, 0.2],
        flip_y=0.05,
        random_state=seed,
    )
    return StandardScaler().fit_transform(X), y


XI, YI = _imbalanced_binary()


def _small(**params):
    defaults = dict(
        hidden_layer_sizes=(5,),
        activation="tanh",
        learning_rate_init=0.01,
        batch_size=16,
        max_iter=15,
        random_state=0,
    )
    defaults.update(params)
    return NumpyMLPClassifier(**defaults)


def _weights(est):
    return list(est.coefs_) + list(est.intercepts_)


def assert_same_model(a, b, X, atol=1e-12):
    wa, wb = _weights(a), _weights(b)
    assert [w.shape for w in wa] == [w.shape for w in wb]
    for u, v in zip(wa, wb):
        assert_allclose(u, v, rtol=0, atol=atol)
    assert_array_equal(a.predict(X), b.predict(X))
    assert_allclose(a.predict_proba(X), b.predict_proba(X), rtol=0, atol=atol)


def assert_different_model(a, b):
    assert max(np.abs(u - v).max() for u, v in zip(_weights(a), _weights(b))) > 1e-4


def _per_sample(class_weight, y):
    return np.array([class_weight.get(label, 1.0) for label in y], dtype=float)


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
    before = [w.copy() for w in _weights(est)]
    with pytest.raises(ValueError, match=r"class_weight='balanced'.*partial_fit"):
        est.partial_fit(X3, Y3)
    for u, v in zip(before, _weights(est)):
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
