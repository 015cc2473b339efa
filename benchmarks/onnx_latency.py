"""Single-row prediction latency: the exported ONNX model in onnxruntime
against ``NumpyMLPClassifier.predict_proba`` and scikit-learn's
``MLPClassifier.predict_proba``.

Everything runs in one process. Each workload fits ``NumpyMLPClassifier``
and ``MLPClassifier`` with the same parameters, exports ours with
:func:`sknumpynet.onnx.to_onnx` and opens it in an onnxruntime
``InferenceSession`` (CPU provider, ``intra_op_num_threads=1`` and
``inter_op_num_threads=1``: one row is too little work to share, and the
other two run on one thread for one row too). Then it times one
``predict_proba`` / ``session.run`` call on a single row, call by call,
cycling through the test rows, with the three calls of each round in a
rotating order so that drifts in machine load hit all three alike. Each
figure is the median over ``--calls`` calls, in microseconds; "ratio" is
onnxruntime's median over ours. The onnxruntime call is
``session.run(None, {"X": row})`` (labels and probabilities), from a
float array of the model's dtype, as a service would make it.

The table also gives the largest absolute difference between onnxruntime's
probabilities and ``predict_proba`` over all test rows, and whether the
labels agree.

Workloads (``--quick``: 3 epochs, 200 calls)
--------------------------------------------
digits-f64, digits-f32
    ``load_digits`` / 16 (64 features, 10 classes), first 1,400 rows to
    fit, the rest to predict; ``(100,)``, relu, adam,
    ``learning_rate_init=1e-3``, 30 epochs; float64, then float32 data.
digits-pipeline-f32
    The same in float32, behind a ``StandardScaler`` in a ``Pipeline``
    (the whole pipeline is exported; sklearn's row times its pipeline).
wide-f32
    ``make_classification`` (100 features, 10 classes, seed 0), 5,000
    rows, ``(256, 128)``, logistic, 10 epochs, float32.

Usage::

    python benchmarks/onnx_latency.py            # about a minute
    python benchmarks/onnx_latency.py --quick    # smoke run
"""

import argparse
import os
import platform
import sys
import time
import warnings

import numpy as np
import onnxruntime as ort
import skl2onnx
import sklearn
from common.machine import cpu_model
from sklearn.datasets import load_digits, make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier
from sknumpynet.onnx import to_onnx


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def digits(dtype):
    X, y = load_digits(return_X_y=True)
    X = (X / 16).astype(dtype)
    return X[:1400], y[:1400], X[1400:]


def wide(dtype):
    X, y = make_classification(5200, 100, n_informative=40, n_classes=10, random_state=0)
    X = X.astype(dtype)
    return X[:5000], y[:5000], X[5000:]


WORKLOADS = {
    "digits-f64": (lambda: digits(np.float64), dict(hidden_layer_sizes=(100,)), 30, False),
    "digits-f32": (lambda: digits(np.float32), dict(hidden_layer_sizes=(100,)), 30, False),
    "digits-pipeline-f32": (
        lambda: digits(np.float32),
        dict(hidden_layer_sizes=(100,)),
        30,
        True,
    ),
    "wide-f32": (
        lambda: wide(np.float32),
        dict(hidden_layer_sizes=(256, 128), activation="logistic"),
        10,
        False,
    ),
}


def fit_pair(params, epochs, pipeline, X, y):
    common = dict(
        activation="relu",
        learning_rate_init=1e-3,
        max_iter=epochs,
        tol=0,
        n_iter_no_change=epochs + 1,
        random_state=0,
    )
    common.update(params)
    ours, ref = NumpyMLPClassifier(**common), MLPClassifier(**common)
    if pipeline:
        ours, ref = make_pipeline(StandardScaler(), ours), make_pipeline(StandardScaler(), ref)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return ours.fit(X, y), ref.fit(X, y)


def session_for(model, X):
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    return ort.InferenceSession(
        to_onnx(model, X[:1]).SerializeToString(), options, providers=["CPUExecutionProvider"]
    )


def measure(name, calls, epochs_scale):
    make_data, params, epochs, pipeline = WORKLOADS[name]
    X, y, X_pred = make_data()
    ours, ref = fit_pair(params, max(1, int(epochs * epochs_scale)), pipeline, X, y)
    session = session_for(ours, X)
    label, proba = session.run(None, {"X": X_pred})
    max_diff = float(np.abs(proba - ours.predict_proba(X_pred)).max())
    same_labels = bool((label == ours.predict(X_pred)).all())

    rows = [X_pred[i : i + 1] for i in range(X_pred.shape[0])]
    funcs = {
        "ours": ours.predict_proba,
        "onnxruntime": lambda row: session.run(None, {"X": row}),
        "sklearn": ref.predict_proba,
    }
    names = list(funcs)
    for f in funcs.values():  # warm-up
        for row in rows[:20]:
            f(row)
    times = {n: [] for n in names}
    clock = time.perf_counter_ns
    for i in range(calls):
        row = rows[i % len(rows)]
        k = i % len(names)
        for n in names[k:] + names[:k]:
            f = funcs[n]
            start = clock()
            f(row)
            times[n].append((clock() - start) / 1000.0)
    med = {n: float(np.median(t)) for n, t in times.items()}
    return dict(name=name, dtype=str(X.dtype), med=med, max_diff=max_diff, same_labels=same_labels)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: 3 epochs, 200 calls")
    parser.add_argument("--calls", type=int, default=None, help="timed calls per workload")
    args = parser.parse_args(argv)
    calls = args.calls or (200 if args.quick else 5000)
    scale = 0.1 if args.quick else 1.0
    print("## Machine\n")
    print(
        "- %s, %d CPUs; Python %s, numpy %s, scikit-learn %s, onnxruntime %s, skl2onnx %s"
        % (
            cpu_model(),
            os.cpu_count(),
            platform.python_version(),
            np.__version__,
            sklearn.__version__,
            ort.__version__,
            skl2onnx.__version__,
        )
    )
    if hasattr(os, "getloadavg"):
        print("- Load average at start: %.2f %.2f %.2f" % os.getloadavg())
    print("\n## Single-row latency (median of %d calls, microseconds)\n" % calls)
    print(
        "| workload | ours predict_proba | onnxruntime | MLPClassifier predict_proba "
        "| onnxruntime / ours | max abs diff of probabilities | same labels |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in WORKLOADS:
        log("measuring %s" % name)
        r = measure(name, calls, scale)
        m = r["med"]
        print(
            "| %s | %.1f | %.1f | %.1f | %.2f | %.1e | %s |"
            % (
                name,
                m["ours"],
                m["onnxruntime"],
                m["sklearn"],
                m["onnxruntime"] / m["ours"],
                r["max_diff"],
                "yes" if r["same_labels"] else "NO",
            )
        )
        if not r["same_labels"] or r["max_diff"] > (1e-5 if "f32" in name else 1e-9):
            raise SystemExit("%s: onnxruntime's outputs differ from predict_proba" % name)


if __name__ == "__main__":
    main()
