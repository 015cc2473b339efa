"""The classifier workloads of ``speed.py``: their data, the estimator pairs
(``NumpyMLPClassifier`` with ``weight_init="sklearn"`` and ``MLPClassifier``,
so both start from the same weights) and :class:`Runner`, which times each
workload and keeps its row (the regression workloads come from
``regression_speed.RegressionWorkloads``); and the GEMM floor of an epoch.
"""

import gc
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from regression_speed import RegressionWorkloads
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

from .timing import log, ordered, prediction_row, stochastic_params, time_fits, time_predictions

BATCH_SIZE = 200  # what batch_size='auto' gives on every stochastic workload here


def split_digits(n_rows=None):
    X, y = load_digits(return_X_y=True)
    X, y = X[:n_rows], y[:n_rows]
    X = X / 16.0
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)


def split_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    scaler = StandardScaler().fit(X_tr)
    return scaler.transform(X_tr), scaler.transform(X_te), y_tr, y_te


def _classification(n_train, n_test, n_features, n_informative, random_state):
    """``(X_train, X_test, y_train, y_test)`` of a 10-class
    ``make_classification`` problem."""
    X, y = make_classification(
        n_samples=n_train + n_test,
        n_features=n_features,
        n_informative=n_informative,
        n_redundant=n_features // 10,
        n_classes=10,
        random_state=random_state,
    )
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]


def synth_data(size):
    """Training rows and the held-out rows (also the predict-proba input)."""
    return _classification(
        size["synth_rows"],
        size["predict_rows"],
        size["synth_features"],
        size["synth_informative"],
        random_state=0,
    )


def wide_data(size):
    return _classification(
        size["wide_rows"],
        size["wide_test_rows"],
        size["wide_features"],
        size["wide_informative"],
        random_state=1,
    )


def pair(params):
    """NumpyMLPClassifier and MLPClassifier with the same parameters, starting
    from the same weights."""
    return NumpyMLPClassifier(weight_init="sklearn", **params), MLPClassifier(**params)


def accuracy(est, X, y):
    return float(np.mean(est.predict(X) == y))


class Runner(RegressionWorkloads):
    def __init__(self, size, repeats):
        self.size = size
        self.repeats = repeats
        self.rows = []  # timed rows of the main table
        self.extra = {}  # memory, floor, ...
        self._synth = {}
        self.synth_models = {}  # dtype name -> {"ours": est, "sklearn": est}

    def synth(self, dtype):
        key = np.dtype(dtype).name
        if key not in self._synth:
            if "float64" not in self._synth:
                self._synth["float64"] = synth_data(self.size)
            if key != "float64":
                self._synth[key] = tuple(
                    a.astype(dtype) if i < 2 else a for i, a in enumerate(self._synth["float64"])
                )
        return self._synth[key]

    def synth_params(self):
        return stochastic_params(
            self.size["synth_epochs"],
            hidden_layer_sizes=(100,),
            activation="relu",
            solver="adam",
            learning_rate_init=1e-3,
        )

    def add_fit_row(
        self,
        name,
        setup,
        params,
        X_tr,
        X_te,
        y_tr,
        y_te,
        n_train=None,
        make_pair=pair,
        score=accuracy,
    ):
        ours, ref = make_pair(params)
        times, fitted = time_fits(ours, ref, X_tr, y_tr, self.repeats)
        row = {
            "workload": name,
            "setup": setup,
            "unit": "s",
            "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in params.items()},
            "n_train": int(X_tr.shape[0]),
            "n_test": int(X_te.shape[0]),
            "times": times,
            "ours": float(np.median(times["ours"])),
            "sklearn": float(np.median(times["sklearn"])),
            "acc_ours": score(fitted["ours"], X_te, y_te),
            "acc_sklearn": score(fitted["sklearn"], X_te, y_te),
            "n_iter_ours": int(fitted["ours"].n_iter_),
            "n_iter_sklearn": int(fitted["sklearn"].n_iter_),
        }
        self.rows.append(row)
        return fitted

    # -- fits

    def digits(self, activation):
        X_tr, X_te, y_tr, y_te = split_digits(self.size["digits_rows"])
        epochs = self.size["digits_epochs"]
        params = stochastic_params(
            epochs,
            hidden_layer_sizes=(100,),
            activation=activation,
            solver="adam",
            learning_rate_init=1e-3,
        )
        setup = "digits %dx%d, (100,), %s, adam lr=1e-3, %d epochs" % (
            X_tr.shape + (activation, epochs)
        )
        self.add_fit_row("digits-" + activation, setup, params, X_tr, X_te, y_tr, y_te)

    def synth_fit(self, dtype):
        X_tr, X_te, y_tr, y_te = self.synth(dtype)
        key = np.dtype(dtype).name
        params = self.synth_params()
        setup = "synthetic %dx%d %s, 10 classes, (100,), relu, adam lr=1e-3, %d epochs" % (
            X_tr.shape + (key, self.size["synth_epochs"])
        )
        name = "synth-f64" if key == "float64" else "synth-f32"
        self.synth_models[key] = self.add_fit_row(name, setup, params, X_tr, X_te, y_tr, y_te)

    def wide(self):
        X_tr, X_te, y_tr, y_te = wide_data(self.size)
        epochs = self.size["wide_epochs"]
        params = stochastic_params(
            epochs,
            hidden_layer_sizes=(256, 128),
            activation="logistic",
            solver="sgd",
            learning_rate_init=0.1,
            momentum=0.9,
            nesterovs_momentum=True,
        )
        setup = (
            "synthetic %dx%d, 10 classes, (256, 128), logistic, sgd lr=0.1 "
            "nesterov momentum 0.9, %d epochs" % (X_tr.shape + (epochs,))
        )
        self.add_fit_row("wide-sgd", setup, params, X_tr, X_te, y_tr, y_te)

    def cancer_params(self):
        return dict(
            hidden_layer_sizes=(100,),
            activation="tanh",
            solver="lbfgs",
            learning_rate_init=1e-3,
            max_iter=self.size["lbfgs_iter"],
            tol=0.0,
            max_fun=100_000,
            random_state=0,
        )

    def cancer(self):
        X_tr, X_te, y_tr, y_te = split_cancer()
        setup = "breast_cancer %dx%d standardised, (100,), tanh, lbfgs, max_iter=%d, tol=0" % (
            X_tr.shape + (self.size["lbfgs_iter"],)
        )
        self.add_fit_row("cancer-lbfgs", setup, self.cancer_params(), X_tr, X_te, y_tr, y_te)

    def cancer_thread(self):
        X_tr, X_te, y_tr, y_te = split_cancer()
        templates = dict(zip(("ours", "sklearn"), pair(self.cancer_params())))
        runs = [(name, where) for name in ("ours", "sklearn") for where in ("main", "worker")]
        times = {run: [] for run in runs}
        fitted = {}

        def timed_fit(est):
            start = time.perf_counter()
            est.fit(X_tr, y_tr)
            return time.perf_counter() - start

        with ThreadPoolExecutor(max_workers=1) as worker:
            for r in range(self.repeats):
                for name, where in runs if r % 2 == 0 else runs[::-1]:
                    est = clone(templates[name])
                    gc.collect()
                    if where == "main":
                        times[name, where].append(timed_fit(est))
                    else:
                        times[name, where].append(worker.submit(timed_fit, est).result())
                    fitted[name] = est
        self.rows.append(
            {
                "workload": "cancer-lbfgs-thread",
                "setup": "breast_cancer %dx%d, as cancer-lbfgs, in a worker thread after "
                "main-thread fits" % X_tr.shape,
                "unit": "s",
                "params": self.cancer_params(),
                "n_train": int(X_tr.shape[0]),
                "n_test": int(X_te.shape[0]),
                "times": {name: times[name, "worker"] for name in ("ours", "sklearn")},
                "ours": float(np.median(times["ours", "worker"])),
                "sklearn": float(np.median(times["sklearn", "worker"])),
                "acc_ours": accuracy(fitted["ours"], X_te, y_te),
                "acc_sklearn": accuracy(fitted["sklearn"], X_te, y_te),
                "n_iter_ours": int(fitted["ours"].n_iter_),
                "n_iter_sklearn": int(fitted["sklearn"].n_iter_),
            }
        )
        self.extra["threads"] = {
            name: {where: times[name, where] for where in ("main", "worker")}
            for name in ("ours", "sklearn")
        }

    # -- prediction

    def models64(self):
        if "float64" not in self.synth_models:
            log("  (fitting the synth-f64 models, untimed)")
            X_tr, _, y_tr, _ = self.synth(np.float64)
            ours, ref = pair(self.synth_params())
            self.synth_models["float64"] = {
                "ours": ours.fit(X_tr, y_tr),
                "sklearn": ref.fit(X_tr, y_tr),
            }
        return self.synth_models["float64"]

    def predict_proba(self):
        models = self.models64()
        _, X_pred, _, y_pred = self.synth(np.float64)
        times, correct = time_predictions(
            models,
            "predict_proba",
            X_pred,
            lambda model, proba: float(np.mean(model.classes_[proba.argmax(1)] == y_pred)),
            self.repeats,
        )
        self.rows.append(
            prediction_row(
                "predict-proba",
                "predict_proba on %dx%d float64 (synth-f64 models)" % X_pred.shape,
                X_pred,
                times,
                correct,
            )
        )

    def latency(self):
        models = self.models64()
        _, X_pred, _, _ = self.synth(np.float64)
        calls = self.size["latency_calls"]
        rows = [X_pred[i : i + 1] for i in range(min(calls, X_pred.shape[0]))]
        ours, ref = models["ours"], models["sklearn"]
        ours.predict(rows[0]), ref.predict(rows[0])  # warm-up
        times = {"ours": [], "sklearn": []}
        clock = time.perf_counter_ns
        for i in range(calls):
            row = rows[i % len(rows)]
            for name in ordered(i, "ours", "sklearn"):
                est = ours if name == "ours" else ref
                start = clock()
                est.predict(row)
                times[name].append((clock() - start) / 1000.0)
        self.rows.append(
            {
                "workload": "predict-latency",
                "setup": "predict on 1 row, median of %d calls (synth-f64 models)" % calls,
                "unit": "us",
                "times": times,
                "ours": float(np.median(times["ours"])),
                "sklearn": float(np.median(times["sklearn"])),
            }
        )

    # -- memory and floor

    def memory(self):
        X_tr, _, y_tr, _ = self.synth(np.float64)
        ours, ref = pair(self.synth_params())
        peaks = {}
        tracemalloc.start()
        try:
            for name, est in (("ours", ours), ("sklearn", ref)):
                gc.collect()
                tracemalloc.reset_peak()
                base = tracemalloc.get_traced_memory()[0]
                est.fit(X_tr, y_tr)
                peaks[name] = (tracemalloc.get_traced_memory()[1] - base) / 2**20
                del est
        finally:
            tracemalloc.stop()
        self.extra["fit_memory"] = {
            "setup": "fit of synth-f64, %dx%d float64 (%.1f MB of X, not counted)"
            % (X_tr.shape + (X_tr.nbytes / 2**20,)),
            "ours_mb": peaks["ours"],
            "sklearn_mb": peaks["sklearn"],
        }

    def floor(self):
        result = {}
        for dtype in (np.float64, np.float32):
            X_tr = self.synth(dtype)[0]
            key = np.dtype(dtype).name
            samples = gemm_epoch_times(X_tr, 100, 10, BATCH_SIZE, max(20, self.repeats))
            result[key] = {
                "setup": "%dx%d %s, batch %d, hidden 100, 10 outputs"
                % (X_tr.shape + (key, BATCH_SIZE)),
                "batches": -(-X_tr.shape[0] // BATCH_SIZE),
                "times": samples,
                "floor_s": float(np.median(samples)),
            }
        self.extra["gemm_floor"] = result


def gemm_epoch_times(X, n_hidden, n_out, batch, repeats):
    """Times of the 5 GEMMs per batch over one epoch of ``X``."""
    rng = np.random.RandomState(0)
    dtype = X.dtype
    n_features = X.shape[1]

    def rand(*shape):
        return rng.standard_normal(shape).astype(dtype)

    W1, W2 = rand(n_features, n_hidden), rand(n_hidden, n_out)
    H, D1, D2 = rand(batch, n_hidden), rand(batch, n_hidden), rand(batch, n_out)
    Z1, Z2, GH = (
        np.empty((batch, n_hidden), dtype),
        np.empty((batch, n_out), dtype),
        np.empty((batch, n_hidden), dtype),
    )
    GW1, GW2 = np.empty((n_features, n_hidden), dtype), np.empty((n_hidden, n_out), dtype)
    W2T = W2.T
    slices = [(s, min(s + batch, X.shape[0])) for s in range(0, X.shape[0], batch)]
    matmul = np.matmul

    def epoch():
        for s, e in slices:
            n = e - s
            Xb = X[s:e]
            Hb, D1b, D2b = H[:n], D1[:n], D2[:n]
            matmul(Xb, W1, out=Z1[:n])  # forward, layer 1
            matmul(Hb, W2, out=Z2[:n])  # forward, layer 2
            matmul(D2b, W2T, out=GH[:n])  # backward, delta to the hidden layer
            matmul(Xb.T, D1b, out=GW1)  # backward, gradient of W1
            matmul(Hb.T, D2b, out=GW2)  # backward, gradient of W2

    epoch()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - start)
    return times
