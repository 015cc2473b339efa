"""The training features on Dask arrays: the stochastic solvers stream the
blocks through the same epoch loop (dropout, decay, smoothing and the
schedules apply), and the combinations a cluster fit cannot honour raise."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from sknumpynet import NumpyMLPClassifier

da = pytest.importorskip("dask.array")
dask = pytest.importorskip("dask")

X, y = make_classification(400, 6, random_state=0)


@pytest.fixture
def blocks():
    with dask.config.set(scheduler="synchronous"):
        yield da.from_array(X, chunks=100), da.from_array(y, chunks=100)


def test_features_train_on_blocks(blocks):
    dX, dy = blocks
    params = dict(
        dropout=0.2,
        label_smoothing=0.1,
        weight_decay=0.01,
        learning_rate="cosine",
        activation=("gelu",),
        max_iter=5,
        random_state=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        est = NumpyMLPClassifier(**params).fit(dX, dy)
        plain = NumpyMLPClassifier(**{**params, "dropout": 0.0}).fit(dX, dy)
    assert len(est.learning_rate_curve_) == 5
    assert est.learning_rate_curve_[-1] < 0.1 * est.learning_rate_init_  # cosine ran
    assert not np.allclose(est.coefs_[0], plain.coefs_[0])  # the masks were applied


def test_validation_set_with_dask_input_is_a_clear_error(blocks):
    dX, dy = blocks
    with pytest.raises(ValueError, match="X_val is not supported when X is a Dask array"):
        NumpyMLPClassifier(early_stopping=True).fit(dX, dy, X_val=X[:50], y_val=y[:50])


def test_label_smoothing_with_lbfgs_on_dask_is_a_clear_error(blocks):
    dX, dy = blocks
    with pytest.raises(ValueError, match="label_smoothing is not supported with solver='lbfgs'"):
        NumpyMLPClassifier(solver="lbfgs", label_smoothing=0.1).fit(dX, dy)
