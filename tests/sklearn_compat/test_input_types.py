"""Sparse input, dtypes (float32 kept, float64 and ints to float64) and
multilabel targets, compared with ``MLPClassifier`` where both should agree.
"""

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from parity_problems import (
    PARITY,
    X_MC,
    Y_MC,
    _assert_same_weights,
    _fit_both,
    _small,
)
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

pytestmark = pytest.mark.usefixtures("single_threaded_blas")


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
