"""Regression workloads of speed.py: NumpyMLPRegressor against MLPRegressor.

``NumpyMLPRegressor`` runs with ``normalize_y=False`` and
``weight_init="sklearn"``, so both estimators do the same arithmetic from the
same initial weights; the targets are standardised once, before timing, so
that R^2 means something after a few epochs. The score columns of these rows
are R^2 on held-out rows, and the table under the main one gives the largest
difference between the two models' predictions, in units of the targets'
standard deviation.

Workloads (full size; ``--quick`` sizes in brackets)
------------------------------------------------------
reg-synth-f64, reg-synth-f32
    ``make_regression`` (50 features, 20 informative, noise 10, seed 0),
    20,000 [2,000] training rows, targets standardised. ``(100,)``, relu,
    adam, ``learning_rate_init=1e-3``, batch size 200, 10 [2] epochs, in
    float64 and in float32 (both estimators get the float32 arrays). R^2 on
    the held-out rows that ``reg-predict`` uses.
reg-lbfgs
    ``make_friedman1`` (2,000 training and 1,000 test rows, noise 1, seed
    0), ``StandardScaler`` fitted on the training part, targets
    standardised. ``(100,)``, relu, lbfgs, ``max_iter=200`` [5], ``tol=0``,
    ``max_fun=100000``.
reg-predict
    ``predict`` on 200,000 [20,000] rows, using the two reg-synth-f64 models.
"""

import numpy as np
from common.timing import log, prediction_row, stochastic_params, time_predictions
from sklearn.datasets import make_friedman1, make_regression
from sklearn.metrics import r2_score
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPRegressor

REG_WORKLOADS = ("reg-synth-f64", "reg-synth-f32", "reg-lbfgs", "reg-predict")
REG_FULL = {
    "reg_rows": 20_000,
    "reg_features": 50,
    "reg_informative": 20,
    "reg_epochs": 10,
    "reg_lbfgs_iter": 200,
}
REG_QUICK = {
    "reg_rows": 2_000,
    "reg_features": 20,
    "reg_informative": 10,
    "reg_epochs": 2,
    "reg_lbfgs_iter": 5,
}


def reg_pair(params):
    """NumpyMLPRegressor and MLPRegressor doing the same arithmetic from the
    same initial weights."""
    return (
        NumpyMLPRegressor(weight_init="sklearn", normalize_y=False, **params),
        MLPRegressor(**params),
    )


def r2(est, X, y):
    return float(r2_score(y, est.predict(X)))


def standardised(y_train, y_test):
    mean, std = y_train.mean(), y_train.std()
    return (y_train - mean) / std, (y_test - mean) / std


def reg_synth_data(size):
    """Training rows and the held-out rows (also the reg-predict input)."""
    n_train, n_pred = size["reg_rows"], size["predict_rows"]
    X, y = make_regression(
        n_samples=n_train + n_pred,
        n_features=size["reg_features"],
        n_informative=size["reg_informative"],
        noise=10.0,
        random_state=0,
    )
    y_tr, y_te = standardised(y[:n_train], y[n_train:])
    return X[:n_train], X[n_train:], y_tr, y_te


def friedman_data():
    X, y = make_friedman1(3000, noise=1.0, random_state=0)
    scaler = StandardScaler().fit(X[:2000])
    y_tr, y_te = standardised(y[:2000], y[2000:])
    return scaler.transform(X[:2000]), scaler.transform(X[2000:]), y_tr, y_te


def prediction_gap(models, X, y):
    """Largest |ours - sklearn| prediction, in standard deviations of ``y``."""
    gap = np.abs(models["ours"].predict(X) - models["sklearn"].predict(X)).max()
    return float(gap / y.std())


class RegressionWorkloads:
    """Regression workloads for speed.py's ``Runner`` (which provides
    ``size``, ``repeats``, ``rows`` and ``add_fit_row``)."""

    def regression_actions(self):
        return {
            "reg-synth-f64": lambda: self.reg_synth_fit(np.float64),
            "reg-synth-f32": lambda: self.reg_synth_fit(np.float32),
            "reg-lbfgs": self.reg_lbfgs,
            "reg-predict": self.reg_predict,
        }

    def reg_synth(self, dtype):
        cache = self.__dict__.setdefault("_reg_synth", {})
        if "float64" not in cache:
            cache["float64"] = reg_synth_data(self.size)
        key = np.dtype(dtype).name
        if key not in cache:
            cache[key] = tuple(a.astype(dtype) for a in cache["float64"])
        return cache[key]

    def reg_params(self):
        return stochastic_params(
            self.size["reg_epochs"],
            hidden_layer_sizes=(100,),
            activation="relu",
            solver="adam",
            learning_rate_init=1e-3,
        )

    def add_reg_row(self, name, setup, params, data):
        fitted = self.add_fit_row(name, setup, params, *data, make_pair=reg_pair, score=r2)
        self.rows[-1]["score"] = "R^2"
        self.rows[-1]["prediction_gap"] = prediction_gap(fitted, data[1], data[3])
        return fitted

    def reg_synth_fit(self, dtype):
        data = self.reg_synth(dtype)
        key = np.dtype(dtype).name
        setup = "regression %dx%d %s, (100,), relu, adam lr=1e-3, %d epochs" % (
            data[0].shape + (key, self.size["reg_epochs"])
        )
        name = "reg-synth-f64" if key == "float64" else "reg-synth-f32"
        models = self.add_reg_row(name, setup, self.reg_params(), data)
        self.__dict__.setdefault("reg_models", {})[key] = models

    def reg_lbfgs(self):
        data = friedman_data()
        iters = self.size["reg_lbfgs_iter"]
        params = dict(
            hidden_layer_sizes=(100,),
            activation="relu",
            solver="lbfgs",
            max_iter=iters,
            tol=0.0,
            max_fun=100_000,
            random_state=0,
        )
        setup = "friedman1 %dx%d standardised, (100,), relu, lbfgs, max_iter=%d, tol=0" % (
            data[0].shape + (iters,)
        )
        self.add_reg_row("reg-lbfgs", setup, params, data)

    def reg_predict(self):
        models = self.__dict__.get("reg_models", {}).get("float64")
        _, X_pred, _, y_pred = self.reg_synth(np.float64)
        if models is None:
            log("  (fitting the reg-synth-f64 models, untimed)")
            X_tr, _, y_tr, _ = self.reg_synth(np.float64)
            ours, ref = reg_pair(self.reg_params())
            models = {"ours": ours.fit(X_tr, y_tr), "sklearn": ref.fit(X_tr, y_tr)}
        times, scores = time_predictions(
            models,
            "predict",
            X_pred,
            lambda model, pred: float(r2_score(y_pred, pred)),
            self.repeats,
        )
        self.rows.append(
            {
                **prediction_row(
                    "reg-predict",
                    "predict on %dx%d float64 (reg-synth-f64 models)" % X_pred.shape,
                    X_pred,
                    times,
                    scores,
                ),
                "score": "R^2",
                "prediction_gap": prediction_gap(models, X_pred, y_pred),
            }
        )
