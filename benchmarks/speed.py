"""Time NumpyMLPClassifier and NumpyMLPRegressor against scikit-learn's
MLPClassifier and MLPRegressor.

Both estimators run in one process, on the same data, with the same
parameters. ``activation`` and ``learning_rate_init`` are always passed
explicitly, because the two estimators' defaults differ. Every stochastic fit
runs a fixed number of epochs: ``tol=0``, ``n_iter_no_change=max_iter + 1``,
and ``ConvergenceWarning`` suppressed. Each measurement is the median of
``--repeats`` runs. Within a repeat the two estimators run back to back, and
the order flips on every repeat (ours first, then sklearn first, ...), so
slow drift in machine load hits both alike; the "paired" column is the median
of the per-repeat ratios. The script prints markdown to stdout and progress
to stderr.

Workloads (full size; ``--quick`` sizes in brackets)
------------------------------------------------------
digits-relu, digits-logistic
    ``load_digits`` (all 1,797 [the first 600] rows) scaled to [0, 1] by
    ``X / 16``, stratified 75/25 train/test split. Hidden layers
    ``(100,)``, adam, ``learning_rate_init=1e-3`` for both estimators and
    both activations. 100 [3] epochs.
synth-f64, synth-f32
    ``make_classification`` (10 classes, seed 0), 50,000 x 100 [2,000 x 20]
    training rows. ``(100,)``, relu, adam, ``learning_rate_init=1e-3``,
    batch size 200 ('auto'), 10 [2] epochs. The same workload runs in
    float64 and in float32; both estimators get the float32 array. Accuracy
    is measured on the 200,000 [20,000] held-out rows of the same
    distribution that ``predict-proba`` uses.
wide-sgd
    ``make_classification`` (10 classes, seed 1), 20,000 x 500 [600 x 50]
    training rows and 5,000 [300] test rows. ``(256, 128)``, logistic, sgd
    with Nesterov momentum 0.9, ``learning_rate_init=0.1``, 5 [2] epochs.
cancer-lbfgs
    ``load_breast_cancer``, stratified 75/25 split, ``StandardScaler``
    fitted on the training part. ``(100,)``, tanh, lbfgs, ``max_iter=200``
    [5], ``tol=0``, ``max_fun=100000``. L-BFGS can still stop early
    (scipy's relative-reduction test), so the table shows both iteration
    counts.
cancer-lbfgs-thread
    The cancer-lbfgs fit run in a worker thread (one
    ``ThreadPoolExecutor`` thread, kept for the whole workload, as in a web
    server or joblib's threading backend), after fits in the main thread.
    Each repeat times both estimators in the worker and in the main thread;
    the main table compares the two in the worker, and a second table
    compares each estimator's worker-thread time with its main-thread time.
    Fit times are measured inside the thread that fits.
predict-proba
    ``predict_proba`` on 200,000 [20,000] rows, using the two synth-f64
    models.
predict-latency
    ``predict`` on a single row, using the two synth-f64 models, timed call
    by call over 2,000 [200] calls that alternate between the estimators.
    Median in microseconds.
fit-memory
    tracemalloc peak during one fit of synth-f64, for each estimator,
    measured from the traced memory just before ``fit``. The training data
    were allocated before and are not counted. tracemalloc sees the buffers
    NumPy allocates, not OpenBLAS's internal work buffers.
gemm-floor
    Time of the matrix products alone for one epoch of synth-f64 and
    synth-f32. The batch size is 200. For each batch the products are
    ``X_b @ W1``, ``H @ W2``, ``D2 @ W2.T``, ``X_b.T @ D1`` and
    ``H.T @ D2``, written into preallocated arrays, with ``X_b`` a
    contiguous slice. The floor is the median over at least 20 epochs. It is
    compared with each estimator's epoch time (median synth fit time /
    epochs).
reg-synth-f64, reg-synth-f32, reg-lbfgs, reg-predict
    NumpyMLPRegressor (``normalize_y=False``) against MLPRegressor: a
    20,000 x 50 adam fit in float64 and float32, an lbfgs fit on friedman1
    and a 200,000-row predict. See ``regression_speed.py``.

The machine section reports the CPU model (``/proc/cpuinfo``), the number
of CPUs, the numpy/scipy/scikit-learn versions, and every library that
``threadpoolctl.threadpool_info()`` reports. The one whose path is under
``numpy.libs`` is the BLAS that numpy's ``@`` uses. The script changes no
threading or BLAS setting (``OPENBLAS_CORETYPE`` etc.); it only reports it.
``--blas-threads`` is the one exception.

The accuracy columns compare the two estimators after the same number of
epochs, from the same initial weights: ``NumpyMLPClassifier`` gets
``weight_init="sklearn"``, which draws ``MLPClassifier``'s weights (its
default Glorot bound is wider for logistic units; for relu and tanh the two
are the same). The accuracies should then agree up to rounding; the table
flags differences above 0.005.

Parameters
----------
--quick
    Tiny sizes for every workload and 2 repeats (unless ``--repeats`` is
    given). This is a smoke test that takes a few seconds. It asserts nothing
    about time or accuracy.
--repeats N
    Number of timed repeats per estimator and workload (default 5, or 2 with
    ``--quick``).
--only NAME [NAME ...]
    Run only these workloads (names as above). predict-proba and
    predict-latency fit the synth-f64 models (untimed) if synth-f64 is not
    selected. gemm-floor omits the epoch multiples if its synth workload is
    not selected.
--json PATH
    Also write every number (raw repeat times included) to ``PATH`` as JSON.
--write-tables
    Also write the tables the documentation quotes (``docs/tables/speed.csv``,
    ``speed_floor.csv``, and their copies in README.md; see
    ``speed_tables.py``). ``--tables-dir DIR`` writes the files to ``DIR``
    instead and leaves the README alone. ``--range-from JSON [JSON ...]``
    adds earlier runs saved with ``--json`` to the tables' range columns.
--blas-threads N
    Limit the BLAS and OpenMP thread pools to ``N`` threads with
    ``threadpoolctl.threadpool_limits`` for the whole run. By default nothing
    is limited. OpenBLAS threads busy-wait, so on a machine that other
    processes keep busy, small products with all cores can be many times
    slower than with 1 thread. ``--blas-threads 1`` separates that effect
    from the estimators' own cost.

Examples
--------
Smoke test::

    python benchmarks/speed.py --quick

Full run, with numbers saved for a plot::

    python benchmarks/speed.py --json speed.json

The documentation's tables, with the ratio ranges of two earlier runs::

    python benchmarks/speed.py --repeats 9 --write-tables --range-from run1.json run2.json

Only the large synthetic fits, 9 repeats::

    python benchmarks/speed.py --only synth-f64 synth-f32 gemm-floor --repeats 9
"""

import argparse
import gc
import json
import os
import platform
import sys
import time
import tracemalloc
import warnings
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy
import sklearn
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info, threadpool_limits

from _timing import log, ordered, stochastic_params, time_fits
from regression_speed import REG_FULL, REG_QUICK, REG_WORKLOADS, RegressionWorkloads, reg_pair
from sknumpynet import NumpyMLPClassifier

ACCURACY_TOLERANCE = 0.005  # |ours - sklearn| accuracy at equal epochs; flagged, not asserted

WORKLOADS = (
    "digits-relu",
    "digits-logistic",
    "synth-f64",
    "synth-f32",
    "wide-sgd",
    "cancer-lbfgs",
    "cancer-lbfgs-thread",
    "predict-proba",
    "predict-latency",
    "fit-memory",
    "gemm-floor",
) + REG_WORKLOADS

FULL = {
    "digits_rows": None,  # all 1,797
    "digits_epochs": 100,
    "synth_rows": 50_000,
    "synth_features": 100,
    "synth_informative": 30,
    "synth_epochs": 10,
    "predict_rows": 200_000,
    "wide_rows": 20_000,
    "wide_test_rows": 5_000,
    "wide_features": 500,
    "wide_informative": 50,
    "wide_epochs": 5,
    "lbfgs_iter": 200,
    "latency_calls": 2000,
    "repeats": 5,
    **REG_FULL,
}
QUICK = {
    "digits_rows": 600,
    "digits_epochs": 3,
    "synth_rows": 2_000,
    "synth_features": 20,
    "synth_informative": 10,
    "synth_epochs": 2,
    "predict_rows": 20_000,
    "wide_rows": 600,
    "wide_test_rows": 300,
    "wide_features": 50,
    "wide_informative": 20,
    "wide_epochs": 2,
    "lbfgs_iter": 5,
    "latency_calls": 200,
    "repeats": 2,
    **REG_QUICK,
}
BATCH_SIZE = 200  # what batch_size='auto' gives on every stochastic workload here


# ----------------------------------------------------------------- machine


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_info():
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count()
    blas = []
    for lib in threadpool_info():
        path = lib.get("filepath", "")
        owner = next(
            (pkg for pkg in ("numpy", "scipy", "scikit_learn") if pkg + ".libs" in path),
            os.path.basename(os.path.dirname(path)),
        )
        blas.append({
            "owner": owner,
            "user_api": lib.get("user_api"),
            "internal_api": lib.get("internal_api"),
            "version": lib.get("version"),
            "architecture": lib.get("architecture"),
            "threading_layer": lib.get("threading_layer"),
            "num_threads": lib.get("num_threads"),
            "filepath": path,
        })
    env = {
        k: v for k, v in os.environ.items()
        if k.startswith(("OPENBLAS", "OMP_", "MKL_", "GOTO", "BLIS"))
    }
    return {
        "cpu": cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": usable,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "sklearn": sklearn.__version__,
        "threadpools": blas,
        "env": env,
        "loadavg_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def print_machine(info):
    print("## Machine\n")
    print("- CPU: %s" % info["cpu"])
    print("- CPUs: %d logical, %d usable by this process"
          % (info["cpu_count"], info["cpus_usable"]))
    print("- Python %s, numpy %s, scipy %s, scikit-learn %s"
          % (info["python"], info["numpy"], info["scipy"], info["sklearn"]))
    if info["env"]:
        print("- Environment: %s" % ", ".join("%s=%s" % kv for kv in sorted(info["env"].items())))
    else:
        print("- Environment: no OPENBLAS_*/OMP_*/MKL_* variable set")
    if info.get("blas_threads_limit") is not None:
        print("- Thread pools limited to %d with --blas-threads" % info["blas_threads_limit"])
    if info["loadavg_start"] is not None:
        print("- Load average at start: %.2f %.2f %.2f" % tuple(info["loadavg_start"]))
    print("\nthreadpoolctl (the `numpy` row is the BLAS behind numpy's `@`):\n")
    print("| library of | user_api | internal_api | version | architecture | num_threads |")
    print("|---|---|---|---|---|---:|")
    for lib in info["threadpools"]:
        print("| %s | %s | %s | %s | %s | %s |" % (
            lib["owner"], lib["user_api"], lib["internal_api"], lib["version"],
            lib["architecture"] or "", lib["num_threads"]))
    print()


# -------------------------------------------------------------------- data


def split_digits(n_rows=None):
    X, y = load_digits(return_X_y=True)
    X, y = X[:n_rows], y[:n_rows]
    X = X / 16.0
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)


def split_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(
        X, y, test_size=0.25, stratify=y, random_state=0
    )
    scaler = StandardScaler().fit(X_tr)
    return scaler.transform(X_tr), scaler.transform(X_te), y_tr, y_te


def synth_data(size):
    """Training rows and the held-out rows (also the predict-proba input)."""
    n_train, n_pred = size["synth_rows"], size["predict_rows"]
    X, y = make_classification(
        n_samples=n_train + n_pred,
        n_features=size["synth_features"],
        n_informative=size["synth_informative"],
        n_redundant=size["synth_features"] // 10,
        n_classes=10,
        random_state=0,
    )
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]


def wide_data(size):
    n_train, n_test = size["wide_rows"], size["wide_test_rows"]
    X, y = make_classification(
        n_samples=n_train + n_test,
        n_features=size["wide_features"],
        n_informative=size["wide_informative"],
        n_redundant=size["wide_features"] // 10,
        n_classes=10,
        random_state=1,
    )
    return X[:n_train], X[n_train:], y[:n_train], y[n_train:]


# -------------------------------------------------------------- estimators


def pair(params):
    """NumpyMLPClassifier and MLPClassifier with the same parameters, starting
    from the same weights."""
    return NumpyMLPClassifier(weight_init="sklearn", **params), MLPClassifier(**params)


def accuracy(est, X, y):
    return float(np.mean(est.predict(X) == y))


# ---------------------------------------------------------------- workloads


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
                    a.astype(dtype) if i < 2 else a
                    for i, a in enumerate(self._synth["float64"])
                )
        return self._synth[key]

    def synth_params(self):
        return stochastic_params(
            self.size["synth_epochs"], hidden_layer_sizes=(100,), activation="relu",
            solver="adam", learning_rate_init=1e-3,
        )

    def add_fit_row(self, name, setup, params, X_tr, X_te, y_tr, y_te, n_train=None,
                    make_pair=pair, score=accuracy):
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
            epochs, hidden_layer_sizes=(100,), activation=activation, solver="adam",
            learning_rate_init=1e-3,
        )
        setup = "digits %dx%d, (100,), %s, adam lr=1e-3, %d epochs" % (
            X_tr.shape + (activation, epochs))
        self.add_fit_row("digits-" + activation, setup, params, X_tr, X_te, y_tr, y_te)

    def synth_fit(self, dtype):
        X_tr, X_te, y_tr, y_te = self.synth(dtype)
        key = np.dtype(dtype).name
        params = self.synth_params()
        setup = "synthetic %dx%d %s, 10 classes, (100,), relu, adam lr=1e-3, %d epochs" % (
            X_tr.shape + (key, self.size["synth_epochs"]))
        name = "synth-f64" if key == "float64" else "synth-f32"
        self.synth_models[key] = self.add_fit_row(name, setup, params, X_tr, X_te, y_tr, y_te)

    def wide(self):
        X_tr, X_te, y_tr, y_te = wide_data(self.size)
        epochs = self.size["wide_epochs"]
        params = stochastic_params(
            epochs, hidden_layer_sizes=(256, 128), activation="logistic", solver="sgd",
            learning_rate_init=0.1, momentum=0.9, nesterovs_momentum=True,
        )
        setup = ("synthetic %dx%d, 10 classes, (256, 128), logistic, sgd lr=0.1 "
                 "nesterov momentum 0.9, %d epochs" % (X_tr.shape + (epochs,)))
        self.add_fit_row("wide-sgd", setup, params, X_tr, X_te, y_tr, y_te)

    def cancer_params(self):
        return dict(
            hidden_layer_sizes=(100,), activation="tanh", solver="lbfgs",
            learning_rate_init=1e-3, max_iter=self.size["lbfgs_iter"], tol=0.0,
            max_fun=100_000, random_state=0,
        )

    def cancer(self):
        X_tr, X_te, y_tr, y_te = split_cancer()
        setup = "breast_cancer %dx%d standardised, (100,), tanh, lbfgs, max_iter=%d, tol=0" % (
            X_tr.shape + (self.size["lbfgs_iter"],))
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
                for name, where in (runs if r % 2 == 0 else runs[::-1]):
                    est = clone(templates[name])
                    gc.collect()
                    if where == "main":
                        times[name, where].append(timed_fit(est))
                    else:
                        times[name, where].append(worker.submit(timed_fit, est).result())
                    fitted[name] = est
        self.rows.append({
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
        })
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
            self.synth_models["float64"] = {"ours": ours.fit(X_tr, y_tr),
                                            "sklearn": ref.fit(X_tr, y_tr)}
        return self.synth_models["float64"]

    def predict_proba(self):
        models = self.models64()
        _, X_pred, _, y_pred = self.synth(np.float64)
        times = {"ours": [], "sklearn": []}
        correct = {}
        for r in range(self.repeats):
            for name in ordered(r, "ours", "sklearn"):
                gc.collect()
                start = time.perf_counter()
                proba = models[name].predict_proba(X_pred)
                times[name].append(time.perf_counter() - start)
                correct[name] = float(np.mean(models[name].classes_[proba.argmax(1)] == y_pred))
                del proba
        self.rows.append({
            "workload": "predict-proba",
            "setup": "predict_proba on %dx%d float64 (synth-f64 models)" % X_pred.shape,
            "unit": "s",
            "n_test": int(X_pred.shape[0]),
            "times": times,
            "ours": float(np.median(times["ours"])),
            "sklearn": float(np.median(times["sklearn"])),
            "acc_ours": correct["ours"],
            "acc_sklearn": correct["sklearn"],
        })

    def latency(self):
        models = self.models64()
        _, X_pred, _, _ = self.synth(np.float64)
        calls = self.size["latency_calls"]
        rows = [X_pred[i:i + 1] for i in range(min(calls, X_pred.shape[0]))]
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
        self.rows.append({
            "workload": "predict-latency",
            "setup": "predict on 1 row, median of %d calls (synth-f64 models)" % calls,
            "unit": "us",
            "times": times,
            "ours": float(np.median(times["ours"])),
            "sklearn": float(np.median(times["sklearn"])),
        })

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
    Z1, Z2, GH = (np.empty((batch, n_hidden), dtype), np.empty((batch, n_out), dtype),
                  np.empty((batch, n_hidden), dtype))
    GW1, GW2 = np.empty((n_features, n_hidden), dtype), np.empty((n_hidden, n_out), dtype)
    W2T = W2.T
    slices = [(s, min(s + batch, X.shape[0])) for s in range(0, X.shape[0], batch)]
    matmul = np.matmul

    def epoch():
        for s, e in slices:
            n = e - s
            Xb = X[s:e]
            Hb, D1b, D2b = H[:n], D1[:n], D2[:n]
            matmul(Xb, W1, out=Z1[:n])       # forward, layer 1
            matmul(Hb, W2, out=Z2[:n])       # forward, layer 2
            matmul(D2b, W2T, out=GH[:n])     # backward, delta to the hidden layer
            matmul(Xb.T, D1b, out=GW1)       # backward, gradient of W1
            matmul(Hb.T, D2b, out=GW2)       # backward, gradient of W2

    epoch()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        epoch()
        times.append(time.perf_counter() - start)
    return times


# ------------------------------------------------------------------ output


def fmt_time(value, unit):
    if unit == "us":
        return "%.1f µs" % value
    if value < 1.0:
        return "%.1f ms" % (value * 1e3)
    return "%.3f s" % value


def paired_ratio(row):
    """Median over repeats of ours / sklearn measured back to back in the
    same repeat (or, for latency, in consecutive calls)."""
    ours, ref = (np.asarray(row["times"][k], dtype=float) for k in ("ours", "sklearn"))
    return float(np.median(ours / ref))


def print_tables(runner, size):
    rows = runner.rows
    if rows:
        print("## Time (median of %d repeats; latency: median of %d calls)\n"
              % (runner.repeats, size["latency_calls"]))
        print("| workload | setup | ours | sklearn | ours/sklearn | paired | score ours "
              "| score sklearn | Δscore | iters ours/sklearn | spread ours, sklearn "
              "| min ours/min sklearn |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            ratio = row["ours"] / row["sklearn"]
            if "acc_ours" in row:
                diff = row["acc_ours"] - row["acc_sklearn"]
                flag = " (!)" if abs(diff) > ACCURACY_TOLERANCE else ""
                acc = "%.4f | %.4f | %+.4f%s" % (row["acc_ours"], row["acc_sklearn"], diff, flag)
            else:
                acc = "— | — | —"
            iters = ("%d/%d" % (row["n_iter_ours"], row["n_iter_sklearn"])
                     if "n_iter_ours" in row else "—")
            spread = ", ".join(
                "%.2f" % (max(row["times"][k]) / min(row["times"][k])) for k in ("ours", "sklearn")
            )
            min_ratio = min(row["times"]["ours"]) / min(row["times"]["sklearn"])
            print("| %s | %s | %s | %s | %.2f | %.2f | %s | %s | %s | %.2f |" % (
                row["workload"], row["setup"], fmt_time(row["ours"], row["unit"]),
                fmt_time(row["sklearn"], row["unit"]), ratio, paired_ratio(row), acc, iters,
                spread, min_ratio))
        print("\nScore = accuracy on the test split (synth rows: the held-out predict-proba "
              "rows; reg-* rows: R^2 on held-out rows); (!) marks |Δscore| > %.3f. Both start from the same weights (ours with "
              "weight_init='sklearn'). Spread = slowest / fastest repeat (latency: "
              "slowest / fastest call); a large spread means the machine was busy and the "
              "medians are noise. Paired = median over repeats of ours/sklearn within "
              "the same repeat (back to back), which cancels slow drifts in machine "
              "speed; min ours/min sklearn compares the fastest runs, which short "
              "bursts of load disturb least." % ACCURACY_TOLERANCE)
        print()
        gaps = [row for row in rows if "prediction_gap" in row]
        if gaps:
            print("Regression rows, largest |prediction ours - prediction sklearn| on the "
                  "held-out rows, in standard deviations of the targets: %s\n" % ", ".join(
                      "%s %.1e" % (row["workload"], row["prediction_gap"]) for row in gaps))

    threads = runner.extra.get("threads")
    if threads:
        print("## cancer-lbfgs in a worker thread against the main thread\n")
        print("| estimator | main thread | worker thread | worker/main | paired |")
        print("|---|---:|---:|---:|---:|")
        for name, label in (("ours", "NumpyMLPClassifier"), ("sklearn", "MLPClassifier")):
            main_t, worker_t = (np.asarray(threads[name][w]) for w in ("main", "worker"))
            print("| %s | %s | %s | %.2f | %.2f |" % (
                label, fmt_time(np.median(main_t), "s"), fmt_time(np.median(worker_t), "s"),
                np.median(worker_t) / np.median(main_t), np.median(worker_t / main_t)))
        print("\nMedians over the repeats; paired = median over repeats of worker/main "
              "within the same repeat. The main table's cancer-lbfgs-thread row compares "
              "the two estimators in the worker thread.")
        print()

    mem = runner.extra.get("fit_memory")
    if mem:
        print("## Peak memory of fit (tracemalloc)\n")
        print("| fit | ours | sklearn | ours/sklearn |")
        print("|---|---:|---:|---:|")
        print("| %s | %.1f MB | %.1f MB | %.2f |" % (
            mem["setup"], mem["ours_mb"], mem["sklearn_mb"], mem["ours_mb"] / mem["sklearn_mb"]))
        print()

    floor = runner.extra.get("gemm_floor")
    if floor:
        print("## GEMM floor of one epoch (the 5 matrix products per batch only)\n")
        print("| data | batches | GEMM floor | ours epoch | ours/floor "
              "| sklearn epoch | sklearn/floor |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        by_name = {row["workload"]: row for row in rows}
        for key, name in (("float64", "synth-f64"), ("float32", "synth-f32")):
            f = floor[key]
            row = by_name.get(name)
            cells = ["—"] * 4
            if row is not None:
                epochs = size["synth_epochs"]
                ours_epoch, sk_epoch = row["ours"] / epochs, row["sklearn"] / epochs
                f["ours_epoch_s"], f["sklearn_epoch_s"] = ours_epoch, sk_epoch
                cells = [fmt_time(ours_epoch, "s"), "%.1f×" % (ours_epoch / f["floor_s"]),
                         fmt_time(sk_epoch, "s"), "%.1f×" % (sk_epoch / f["floor_s"])]
            print("| %s | %d | %s | %s |" % (
                f["setup"], f["batches"], fmt_time(f["floor_s"], "s"), " | ".join(cells)))
        print("\nEpoch time = median fit time of the synth workload / its epoch count "
              "(input validation and setup included).")
        print()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Time NumpyMLPClassifier/NumpyMLPRegressor against sklearn's "
                    "MLPClassifier/MLPRegressor "
                    "(markdown on stdout)."
    )
    parser.add_argument("--quick", action="store_true",
                        help="tiny sizes, 2 repeats: a smoke test")
    parser.add_argument("--repeats", type=int, default=None, metavar="N",
                        help="timed repeats per estimator (default 5, 2 with --quick)")
    parser.add_argument("--only", nargs="+", choices=WORKLOADS, metavar="NAME",
                        help="run only these workloads: %s" % ", ".join(WORKLOADS))
    parser.add_argument("--json", metavar="PATH", help="also write the numbers to PATH")
    parser.add_argument("--write-tables", action="store_true",
                        help="write the docs' tables (docs/tables/speed*.csv, README.md)")
    parser.add_argument("--tables-dir", metavar="DIR",
                        help="with --write-tables: write to DIR, leave README.md alone")
    parser.add_argument("--range-from", nargs="+", metavar="JSON",
                        help="with --write-tables: earlier --json runs for the range columns")
    parser.add_argument("--blas-threads", type=int, default=None, metavar="N",
                        help="limit BLAS/OpenMP threads to N (threadpoolctl); default: as is")
    args = parser.parse_args(argv)
    if args.repeats is not None and args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.blas_threads is not None and args.blas_threads < 1:
        parser.error("--blas-threads must be at least 1")
    if args.blas_threads is None:
        run(args)
    else:
        with threadpool_limits(limits=args.blas_threads):
            run(args)


def run(args):
    size = dict(QUICK if args.quick else FULL)
    repeats = args.repeats or size["repeats"]
    selected = [w for w in WORKLOADS if args.only is None or w in args.only]
    warnings.simplefilter("ignore", category=ConvergenceWarning)

    start = time.perf_counter()
    info = machine_info()
    info["blas_threads_limit"] = args.blas_threads
    print("# NumpyMLPClassifier/NumpyMLPRegressor vs sklearn MLPClassifier/MLPRegressor: "
          "speed%s\n"
          % (" (--quick sizes)" if args.quick else ""))
    print_machine(info)

    # Warm-up: lazy imports, BLAS thread pools, first-call caches.
    X_w, y_w = make_classification(300, 10, n_informative=5, n_classes=3, random_state=0)
    for est in pair(stochastic_params(2, activation="relu", learning_rate_init=1e-3)):
        est.fit(X_w, y_w).predict_proba(X_w)
    for est in reg_pair(stochastic_params(2, activation="relu", learning_rate_init=1e-3)):
        est.fit(X_w, y_w.astype(float)).predict(X_w)

    runner = Runner(size, repeats)
    actions = {
        "digits-relu": lambda: runner.digits("relu"),
        "digits-logistic": lambda: runner.digits("logistic"),
        "synth-f64": lambda: runner.synth_fit(np.float64),
        "synth-f32": lambda: runner.synth_fit(np.float32),
        "wide-sgd": runner.wide,
        "cancer-lbfgs": runner.cancer,
        "cancer-lbfgs-thread": runner.cancer_thread,
        "predict-proba": runner.predict_proba,
        "predict-latency": runner.latency,
        "fit-memory": runner.memory,
        "gemm-floor": runner.floor,
        **runner.regression_actions(),
    }
    for name in selected:
        t0 = time.perf_counter()
        log("running %s ..." % name)
        actions[name]()
        log("  done in %.1f s" % (time.perf_counter() - t0))

    print_tables(runner, size)
    total = time.perf_counter() - start
    load_end = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    if load_end is not None:
        print("Load average at end: %.2f %.2f %.2f" % tuple(load_end))
    print("Total time: %.1f s" % total)

    info["loadavg_end"] = load_end
    out = {
        "quick": args.quick,
        "repeats": repeats,
        "sizes": size,
        "machine": info,
        "workloads": runner.rows,
        **runner.extra,
        "total_seconds": total,
    }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)
        log("wrote %s" % args.json)
    if args.write_tables:
        from _tables import README, TABLES_DIR
        from speed_tables import write_speed_tables

        written = write_speed_tables(
            out, args.range_from, paired_ratio,
            name="speed" if args.blas_threads is None else "speed_blas%d" % args.blas_threads,
            directory=args.tables_dir or TABLES_DIR,
            readme=None if args.tables_dir else README,
        )
        log("wrote %s" % ", ".join(written))


if __name__ == "__main__":
    main()
