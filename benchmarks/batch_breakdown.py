"""Where the time of one training batch goes.

Takes the synth-f64 workload of ``speed.py`` (its data: 50,000 x 100
float64, 10 classes; a hidden layer of 100 relu units, adam, batch size 200)
and times each step of one mini-batch in isolation, with the package's own
functions on arrays of the workload's shapes: the batch gather, the five
matrix products, the element-wise work and the optimiser step. Each step is
the fastest over ``--repeats`` interleaved rounds of its mean time per call,
with warm caches; the gather cycles through a fresh shuffle of the rows, as
a fit does.

The sum of the steps is compared with the time per batch of a real fit,
measured as the difference between fits of 1 and ``1 + --epochs`` epochs
(the fastest of ``--fits`` runs each, timed before and after the steps), so
that input validation and other per-fit setup are left out. What remains
between the two is everything no single step shows: Python and NumPy
dispatch between the steps, the per-epoch shuffle, and cache misses that
warm-cache timings hide. The GEMM floor as ``speed.py`` measures it (the
same five products stepping through the whole 40 MB ``X``) is printed too;
it is slower than the products timed on one cached batch.

Prints markdown to stdout. ``--write-tables`` also writes the grouped table
that the documentation shows to ``docs/tables/batch_breakdown.csv`` (see
``common/tables.py``; ``--tables-dir DIR`` writes it to ``DIR`` instead).
``--quick`` runs ``speed.py``'s tiny version of
the workload (2,000 x 20) as a smoke test; it asserts nothing about time.

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
from common.speed_workloads import BATCH_SIZE, gemm_epoch_times, synth_data
from common.timing import stochastic_params
from sklearn.exceptions import ConvergenceWarning
from speed import FULL, QUICK

from sknumpynet import NumpyMLPClassifier
from sknumpynet._nn.activations import ACTIVATIONS, DERIVATIVES
from sknumpynet._nn.axpy import axpy
from sknumpynet._nn.losses import LOSSES
from sknumpynet._solvers.optimizers import Adam
from sknumpynet._threads import serial_other_blas

BATCH = BATCH_SIZE
HIDDEN = 100
CLASSES = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, smoke test")
    parser.add_argument("--repeats", type=int, default=None, help="timing rounds per step")
    parser.add_argument("--fits", type=int, default=3, help="timed fits")
    parser.add_argument("--epochs", type=int, default=3, help="epochs per timed fit")
    parser.add_argument(
        "--write-tables",
        action="store_true",
        help="write the docs' table to docs/tables/batch_breakdown.csv",
    )
    parser.add_argument(
        "--tables-dir", metavar="DIR", help="with --write-tables: write the file to DIR instead"
    )
    return parser.parse_args()


def doc_table(rows, n_gemms, part_rows, in_fit, speed_floor):
    """The documentation's table: the steps grouped as the text discusses them,
    largest first, with the GEMM floor as speed.py measures it."""
    t = dict(rows)
    gemms = rows[:n_gemms]
    adam = next(name for name in t if name.startswith("Adam"))
    n_params = int(adam.split()[3])
    groups = [
        (
            "gather the shuffled batch (``X`` rows and targets)",
            t["gather the shuffled batch (X and targets)"],
        ),
        (
            "Adam step on {:,} parameters (its ``np.sqrt`` alone {:.0f})".format(
                n_params, dict(part_rows)["of which np.sqrt"] * 1e6
            ),
            t[adam],
        ),
        ("softmax, log-loss and its gradient", t["softmax, log-loss and its gradient"]),
        ("relu and its slope", t["relu"] + t["relu slope"]),
        ("bias adds and bias gradients", t["bias adds"] + t["bias gradients (two gemv)"]),
        ("L2 penalty and its gradient", t["L2 penalty and its gradient"]),
    ]
    groups.sort(key=lambda g: -g[1])
    products = sum(v for _, v in gemms)
    widest = max(gemms, key=lambda g: g[1])
    others = sum(v for _, v in groups)
    table = (
        [
            (
                "the five matrix products, on one cached batch (``%s`` alone %.0f)"
                % (widest[0], widest[1] * 1e6),
                products,
            )
        ]
        + groups
        + [
            ("**all steps but the matrix products**", others),
            (
                "everything else: dispatch between the steps, the per-epoch shuffle, "
                "cache misses that warm-cache timings hide",
                in_fit - products - others,
            ),
            ("**a batch of a real fit**", in_fit),
            (
                "the GEMM floor as ``speed.py`` measures it, stepping through all of ``X``",
                speed_floor,
            ),
        ]
    )
    return [[label, "%.0f" % (v * 1e6), "%.0f%%" % (100 * v / in_fit)] for label, v in table]


def per_call(stmts, number, repeats):
    """Fastest over ``repeats`` rounds of the mean time per call of each
    statement (seconds). Each round times every statement once, so that all
    of them sample the whole run: this machine's speed changes for seconds
    at a time, and a step timed only in a slow spell would look costlier."""
    best = [np.inf] * len(stmts)
    for _ in range(repeats):
        for i, stmt in enumerate(stmts):
            best[i] = min(best[i], timeit.timeit(stmt, number=number))
    return [t / number for t in best]


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
    LOSSES["log_loss"](Yb, logits, "softmax", D2)
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
        per_sample = LOSSES["log_loss"](Yb, logits, "softmax", D2)
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
    sqrt_scratch = np.empty(n_params)
    parts = [
        ("of which np.sqrt", lambda: np.sqrt(adam.v, out=sqrt_scratch)),
    ]
    # The copies that restore relu's and the slope's inputs are timed too;
    # subtract them so that those rows show the operation alone.
    copies = {
        "copy for relu": lambda: np.copyto(Z1, relu_out),
        "copy for relu slope": lambda: np.copyto(D1, slope_in),
    }
    return gemms, others, copies, parts


def fit_time(X, y, epochs, fits):
    """Fastest of ``fits`` fits of ``epochs`` epochs (seconds)."""
    params = stochastic_params(
        epochs,
        hidden_layer_sizes=(HIDDEN,),
        activation="relu",
        solver="adam",
        learning_rate_init=1e-3,
    )
    times = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(fits):
            start = time.perf_counter()
            NumpyMLPClassifier(**params).fit(X, y)
            times.append(time.perf_counter() - start)
    return min(times)


def fit_time_per_batch(X, y, epochs, fits):
    """Time per batch of the training loop alone: fits of 1 and ``1 + epochs``
    epochs differ by ``epochs`` epochs of batches and nothing else."""
    batches = epochs * -(-X.shape[0] // BATCH)
    fit_time(X, y, 1, 1)  # warm-up
    return (fit_time(X, y, 1 + epochs, fits) - fit_time(X, y, 1, fits)) / batches


def main():
    args = parse_args()
    size = QUICK if args.quick else FULL
    repeats = args.repeats or (3 if args.quick else 15)
    number = 20 if args.quick else 200
    fits = 1 if args.quick else args.fits
    X, _, y, _ = synth_data(size)
    rng = np.random.RandomState(0)
    gemms, others, copies, parts = steps(X, y, rng)

    # The fit is timed before and after the steps, and the fastest run
    # counts: on a shared machine, slow spells last seconds.
    in_fit = fit_time_per_batch(X, y, args.epochs, fits)
    timed = gemms + others + parts + list(copies.items())
    with np.errstate(all="ignore"):
        times = dict(
            zip(
                [name for name, _ in timed],
                serial_other_blas(per_call, [stmt for _, stmt in timed], number, repeats),
            )
        )
    # relu and its slope are timed with the copy that restores their input
    rows = [(name, times[name] - times.get("copy for " + name, 0.0)) for name, _ in gemms + others]
    part_rows = [(name, times[name]) for name, _ in parts]
    in_fit = min(in_fit, fit_time_per_batch(X, y, args.epochs, fits))
    floor = sum(t for _, t in rows[: len(gemms)])
    steps_total = sum(t for _, t in rows)
    n_batches = -(-X.shape[0] // BATCH)
    speed_floor = np.median(gemm_epoch_times(X, HIDDEN, CLASSES, BATCH, 3 if args.quick else 20))
    speed_floor /= n_batches

    print(
        "# One training batch of %d x %d float64, (%d,), relu, adam, batch %d\n"
        % (X.shape[0], X.shape[1], HIDDEN, BATCH)
    )
    print("| step | µs per batch | share of a fit's batch |")
    print("|---|---:|---:|")

    def row(label, t, bold=False):
        fmt = "| **%s** | **%.1f** | **%.0f%%** |" if bold else "| %s | %.1f | %.0f%% |"
        print(fmt % (label, t * 1e6, 100 * t / in_fit))

    for i, (name, t) in enumerate(rows):
        row(("matrix product " + name) if i < len(gemms) else name, t)
        if name.startswith("Adam"):
            for part, tp in part_rows:
                row("&nbsp;&nbsp;" + part, tp)
    row("matrix products, one cached batch", floor, bold=True)
    row("all steps", steps_total, bold=True)
    row(
        "everything else: dispatch between the steps, per-epoch shuffle, cache misses",
        in_fit - steps_total,
    )
    row("a batch of a real fit (training loop only)", in_fit, bold=True)
    print(
        "\nThe steps other than the matrix products take %.2f times the products "
        "on one cached batch. The GEMM floor as speed.py measures it, stepping "
        "through all of X: %.1f µs per batch; a fit's batch takes %.2f times that."
        % ((steps_total - floor) / floor, speed_floor * 1e6, in_fit / speed_floor)
    )
    if args.write_tables:
        from common.tables import TABLES_DIR, write_table

        written = write_table(
            "batch_breakdown",
            ["step", "µs per batch", "share of a batch"],
            doc_table(rows, len(gemms), part_rows, in_fit, speed_floor),
            directory=args.tables_dir or TABLES_DIR,
            readme=None,
        )
        print("\nWrote " + ", ".join(written))


if __name__ == "__main__":
    main()
