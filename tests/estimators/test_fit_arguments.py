"""What ``partial_fit``, ``warm_start`` and ``sample_weight`` refuse, and how
they say it.

Every test asserts the exact behaviour that would break: the exception type
and a message naming the parameter or the problem, the absence of
RuntimeWarnings (overflow, invalid value) and of NaN, and, for failing calls,
that a previously fitted estimator keeps every attribute and prediction.
"""

import numpy as np
import pytest
from sklearn.neural_network import MLPClassifier
from validation_problems import (
    X3,
    Y3,
    _data,
    _fitted,
    _small,
    _Snapshot,
    early_stopping_split,
)

from sknumpynet import NumpyMLPClassifier

# ------------------------------------------------------------------ partial_fit


def test_partial_fit_needs_classes_on_first_call():
    est = _small(solver="sgd")
    with pytest.raises(ValueError, match="classes must be passed on the first call to partial_fit"):
        est.partial_fit(X3, Y3)
    assert not hasattr(est, "classes_")


def test_partial_fit_rejects_changed_classes():
    est = _small(solver="sgd").partial_fit(X3, Y3, classes=[0, 1, 2])
    with pytest.raises(ValueError, match="is not the same as on last call to partial_fit"):
        est.partial_fit(X3, Y3, classes=[0, 1, 2, 3])


def test_partial_fit_rejects_unseen_label_after_first_call():
    est = _small(solver="sgd").partial_fit(X3, Y3, classes=[0, 1, 2])
    with pytest.raises(ValueError, match=r"`y` has classes not in `self.classes_`"):
        est.partial_fit(X3, np.where(Y3 == 2, 7, Y3))


@pytest.mark.parametrize(
    "y, classes",
    [
        (np.where(Y3 == 2, 7, Y3), [0, 1, 2]),  # 7 is not a class
        (Y3, [0, 1]),  # binary classes, y has a third label
    ],
    ids=["multiclass", "binary"],
)
def test_partial_fit_rejects_unseen_label_on_first_call(y, classes):
    with pytest.raises(ValueError, match="classes"):
        MLPClassifier(solver="sgd").partial_fit(X3, y, classes=classes)  # sklearn's behaviour
    est = _small(solver="sgd")
    with pytest.raises(ValueError, match="classes"):
        est.partial_fit(X3, y, classes=classes)
    assert not hasattr(est, "coefs_")


def test_partial_fit_not_available_for_lbfgs():
    est = NumpyMLPClassifier(solver="lbfgs")
    assert not hasattr(est, "partial_fit")
    with pytest.raises(AttributeError, match="has no attribute 'partial_fit'") as info:
        est.partial_fit  # noqa: B018
    assert "only available for stochastic optimizers" in str(info.value.__cause__)
    # Switching solver makes it available, as in sklearn.
    assert hasattr(est.set_params(solver="sgd"), "partial_fit")
    assert hasattr(est.set_params(solver="adam"), "partial_fit")


def test_partial_fit_refuses_early_stopping():
    est = _small(solver="sgd", early_stopping=True)
    with pytest.raises(ValueError, match="partial_fit does not support early_stopping=True"):
        est.partial_fit(X3, Y3, classes=[0, 1, 2])
    assert not hasattr(est, "coefs_")


def test_warm_start_refuses_different_classes():
    est = _fitted(warm_start=True)
    snapshot = _Snapshot(est, X3)
    for y in (np.where(Y3 == 2, 5, Y3), Y3 % 2, np.where(Y3 == 0, 3, Y3)):
        with pytest.raises(
            ValueError, match="warm_start can only be used where `y` has the same classes"
        ):
            est.fit(X3, y)
        snapshot.check(est)


def test_warm_start_refuses_changed_architecture():
    est = _fitted(warm_start=True)
    snapshot = _Snapshot(est, X3)
    est.set_params(hidden_layer_sizes=(5,))
    with pytest.raises(ValueError, match="hidden_layer_sizes"):
        est.fit(X3, Y3)
    est.set_params(hidden_layer_sizes=(4,))
    snapshot.check(est)
    with pytest.raises(ValueError, match="X has 2 features, but NumpyMLPClassifier is expecting 3"):
        est.fit(X3[:, :2], Y3)
    snapshot.check(est)


# ---------------------------------------------------------------- sample_weight


BAD_WEIGHTS = [
    pytest.param(
        -np.ones(len(Y3)), "Negative values in data passed to `sample_weight`", id="negative"
    ),
    pytest.param(
        np.r_[-1.0, np.ones(len(Y3) - 1)], "Negative values.*sample_weight", id="one-negative"
    ),
    pytest.param(np.r_[np.nan, np.ones(len(Y3) - 1)], "Input sample_weight contains NaN", id="nan"),
    pytest.param(
        np.r_[np.inf, np.ones(len(Y3) - 1)], "Input sample_weight contains infinity", id="inf"
    ),
    pytest.param(
        np.zeros(len(Y3)), "(?i)sample.?weights? must contain at least one non-zero", id="all-zero"
    ),
    pytest.param(
        np.ones(len(Y3) - 1), r"sample_weight.shape == \(39,\), expected \(40,\)", id="short"
    ),
    pytest.param(
        np.ones(len(Y3) + 1), r"sample_weight.shape == \(41,\), expected \(40,\)", id="long"
    ),
    pytest.param(np.ones((len(Y3), 1)), "(?i)sample.?weights? must be 1D", id="2d-column"),
    pytest.param(np.ones((len(Y3), 2)), "(?i)sample.?weights? must be 1D", id="2d"),
    pytest.param(np.array(["a"] * len(Y3)), "could not convert string to float", id="strings"),
]


@pytest.mark.parametrize("sample_weight, match", BAD_WEIGHTS)
@pytest.mark.parametrize("solver", ["sgd", "lbfgs"])
def test_bad_sample_weight(sample_weight, match, solver):
    est = _small(solver=solver)
    with pytest.raises(ValueError, match=match):
        est.fit(X3, Y3, sample_weight=sample_weight)
    assert not hasattr(est, "coefs_")
    if solver == "sgd":
        with pytest.raises(ValueError, match=match):
            est.partial_fit(X3, Y3, sample_weight=sample_weight, classes=[0, 1, 2])
        assert not hasattr(est, "coefs_")


def test_early_stopping_zero_weight_validation_split_gives_clear_error():
    X, y = _data(n_classes=2)
    sw = np.zeros(len(y))
    sw[np.flatnonzero(y == 0)[:2]] = 1
    sw[np.flatnonzero(y == 1)[:2]] = 1
    # Reproduce the split (documented order: weights first, then the split,
    # from the same RandomState) to pick seeds whose validation weights are 0.
    seeds = [
        seed
        for seed in range(20)
        if sw[early_stopping_split(seed, y, [3, 4, 1], 0.2)[1]].sum() == 0
    ]
    assert seeds  # the situation does arise
    for seed in seeds[:3]:
        est = _small(early_stopping=True, validation_fraction=0.2, random_state=seed, max_iter=3)
        with pytest.raises(ValueError, match=r"(?i)weight"):
            est.fit(X, y, sample_weight=sw)
        assert not hasattr(est, "coefs_")
