"""Where the time of one training batch goes.

Takes the synth-f64 workload of ``speed.py`` (50,000 x 100 float64, 10
classes, hidden layer of 100 relu units, adam, batch size 200) and times
each step of one mini-batch in isolation, with the package's own functions
on arrays of the workload's shapes: the batch gather, the five matrix
products (the GEMM floor), the element-wise work and the optimiser step.
Each step is the median over ``--repeats`` rounds of its mean time per call;
the gather cycles through a fresh shuffle of the rows, as a fit does.

The sum of the steps is then compared with the time per batch of a real fit
(the fastest of ``--fits`` runs before the steps and as many after them,
each over ``--epochs`` epochs): the difference
is the Python and NumPy dispatch cost between the steps, which no single
step shows. Isolated steps run with warm caches, so in a fit each takes
somewhat longer; read the table as a ranking, not as an exact budget.

Prints markdown to stdout. ``--quick`` runs a tiny version (2,000 rows,
3 repeats) as a smoke test; it asserts nothing about time.

Examples
--------
Full run::

    python benchmarks/batch_breakdown.py

Smoke test::

    python benchmarks/batch_breakdown.py --quick
"""

import argparse
import time
import timeit
import warnings

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning

from sknumpynet import NumpyMLPClassifier
from sknumpynet._activations import ACTIVATIONS, DERIVATIVES
from sknumpynet._blas import axpy, serial_other_blas
from sknumpynet._losses import LOSSES
from sknumpynet._optimizers import Adam

BATCH = 200
HIDDEN = 100
CLASSES = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, smoke test")
    parser.add_argument("--repeats", type=int, default=None, help="timing rounds per step")
    parser.add_argument("--fits", type=int, default=3, help="timed fits")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per timed fit")
    return parser.parse_args()


def per_call(stmt, number, repeats):
    """Median over ``repeats`` rounds of the mean time of ``stmt()`` (seconds)."""
    return float(np.median(timeit.repeat(stmt, number=number, repeat=repeats))) / number


def steps(X, y, rng):
    """``(name, callable)`` for every step of one batch, on live arrays."""
    n_features = X.shape[1]
    W1 = rng.uniform(-0.2, 0.2, (n_features, HIDDEN))
    W2 = rng.uniform(-0.2, 0.2, (HIDDEN, CLASSES))
    b1, b2 = np.zeros(HIDDEN), np.zeros(CLASSES)
    Y = np.zeros((X.shape[0], CLASSES), dtype=bool)
    Y[np.arange(X.shape[0]), y] = True
    Xb, Yb = np.empty((BATCH, n_features)), np.empty((BATCH, CLASSES))
    Z1, Z2 = np.empty((BATCH, HIDDEN)), np.empty((BATCH, CLASSES))
    D1, D2 = np.empty((BATCH, HIDDEN)), np.empty((BATCH, CLASSES))
    G1, G2 = np.empty((n_features, HIDDEN)), np.empty((HIDDEN, CLASSES))
    g1, g2 = np.empty(HIDDEN), np.empty(CLASSES)
    ones = np.ones(BATCH)
    n_params = W1.size + W2.size + HIDDEN + CLASSES
    theta, grad = rng.uniform(-0.1, 0.1, n_params), rng.normal(size=n_params) * 1e-2
    weights = theta[: W1.size + W2.size]
    adam = Adam(n_params, np.float64, 1e-3, 0.9, 0.999, 1e-8)

    order = rng.permutation(X.shape[0])
    position = [0]

    def gather():
        start = position[0]
        if start + BATCH > order.size:
            rng.shuffle(order)
            start = 0
        position[0] = start + BATCH
        idx = order[start : start + BATCH]
        X.take(idx, axis=0, out=Xb, mode="clip")
        np.copyto(Yb, Y.take(idx, axis=0))

    gather()
    np.matmul(Xb, W1, out=Z1)
    ACTIVATIONS["relu"](Z1)
    relu_out = Z1.copy()
    np.matmul(relu_out, W2, out=Z2)
    logits = Z2.copy()
    LOSSES["log_loss"](Yb, logits, True, D2)
    slope_in = rng.normal(size=D1.shape)

    gemms = [
        ("X_b @ W1", lambda: np.matmul(Xb, W1, out=Z1)),
        ("H @ W2", lambda: np.matmul(relu_out, W2, out=Z2)),
        ("D2 @ W2.T", lambda: np.matmul(D2, W2.T, out=D1)),
        ("X_b.T @ D1", lambda: np.matmul(Xb.T, D1, out=G1)),
        ("H.T @ D2", lambda: np.matmul(relu_out.T, D2, out=G2)),
    ]

    def bias_adds():
        Z1.__iadd__(b1)
        Z2.__iadd__(b2)

    def relu():
        np.copyto(Z1, relu_out)
        ACTIVATIONS["relu"](Z1)

    def softmax_loss():
        per_sample = LOSSES["log_loss"](Yb, logits, True, D2)
        per_sample.sum()
        D2.__imul__(1.0 / BATCH)

    def relu_slope():
        np.copyto(D1, slope_in)
        DERIVATIVES["relu"](relu_out, D1)

    def bias_grads():
        np.matmul(ones, D1, out=g1)
        np.matmul(ones, D2, out=g2)

    def l2_term():
        float(weights @ weights)
        axpy(1e-4 / BATCH, weights, grad[: weights.size])

    others = [
        ("gather the shuffled batch (X and targets)", gather),
        ("bias adds", bias_adds),
        ("relu", relu),
        ("softmax, log-loss and its gradient", softmax_loss),
        ("relu slope", relu_slope),
        ("bias gradients (two gemv)", bias_grads),
        ("L2 penalty and its gradient", l2_term),
        ("Adam step on %d parameters" % n_params, lambda: adam.step(theta, grad)),
    ]
    # The copies that restore relu's and the slope's inputs are timed too;
    # subtract them so that those rows show the operation alone.
    copies = {
        "relu": lambda: np.copyto(Z1, relu_out),
        "relu slope": lambda: np.copyto(D1, slope_in),
    }
    return gemms, others, copies


def fit_time_per_batch(X, y, fits, epochs):
    params = dict(
        hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam",
        learning_rate_init=1e-3, max_iter=epochs, tol=0.0,
        n_iter_no_change=epochs + 1, random_state=0,
    )
    batches = epochs * -(-X.shape[0] // BATCH)
    times = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        NumpyMLPClassifier(**params).fit(X, y)  # warm-up
        for _ in range(fits):
            start = time.perf_counter()
            NumpyMLPClassifier(**params).fit(X, y)
            times.append(time.perf_counter() - start)
    return min(times) / batches


def main():
    args = parse_args()
    n_samples = 2_000 if args.quick else 50_000
    n_features = 20 if args.quick else 100
    repeats = args.repeats or (3 if args.quick else 15)
    number = 20 if args.quick else 200
    X, y = make_classification(
        n_samples=n_samples, n_features=n_features, n_informative=n_features // 2,
        n_classes=CLASSES, random_state=0,
    )
    rng = np.random.RandomState(0)
    gemms, others, copies = steps(X, y, rng)

    # The fit is timed before and after the steps, and the fastest run
    # counts: on a shared machine, slow spells last seconds.
    fits = 1 if args.quick else args.fits
    in_fit = fit_time_per_batch(X, y, fits, args.epochs)
    rows = []
    with serial_other_blas(), np.errstate(all="ignore"):
        for name, stmt in gemms + others:
            t = per_call(stmt, number, repeats)
            if name in copies:
                t -= per_call(copies[name], number, repeats)
            rows.append((name, t))
    floor = sum(t for _, t in rows[: len(gemms)])
    steps_total = sum(t for _, t in rows)
    in_fit = min(in_fit, fit_time_per_batch(X, y, fits, args.epochs))

    print("# One training batch of %d x %d float64, (%d,), relu, adam, batch %d\n"
          % (n_samples, n_features, HIDDEN, BATCH))
    print("| step | µs per batch | share of a fit's batch |")
    print("|---|---:|---:|")
    for i, (name, t) in enumerate(rows):
        label = ("matrix product " + name) if i < len(gemms) else name
        print("| %s | %.1f | %.0f%% |" % (label, t * 1e6, 100 * t / in_fit))
    print("| **matrix products (the GEMM floor)** | **%.1f** | **%.0f%%** |"
          % (floor * 1e6, 100 * floor / in_fit))
    print("| **all steps** | **%.1f** | **%.0f%%** |" % (steps_total * 1e6, 100 * steps_total / in_fit))
    print("| Python and NumPy dispatch between the steps (fit minus steps) | %.1f | %.0f%% |"
          % ((in_fit - steps_total) * 1e6, 100 * (in_fit - steps_total) / in_fit))
    print("| **a batch of a real fit** | **%.1f** | 100%% |" % (in_fit * 1e6))
    print("\nA fit's batch takes %.2f times the GEMM floor; the steps other than the "
          "matrix products alone take %.2f times it." % (in_fit / floor, (steps_total - floor) / floor))


if __name__ == "__main__":
    main()
