"""What callbacks cost: fits with no callback, a ProgressBar, a ScoringMonitor.

Each fit is timed in CPU time of the whole process (``time.process_time``:
the training thread, and ProgressBar's display thread too), with BLAS on one
thread, so that other processes' load on a shared machine changes the
numbers less than it changes wall-clock time. Everything runs in one
process, interleaved: each repeat fits every
configuration once, in an order that rotates from repeat to repeat, so slow
drift in machine load hits all alike. Each number is a median over
``--repeats`` repeats. Stochastic fits run a fixed number of epochs
(``tol=0``, ``n_iter_no_change`` above ``max_iter``).

Workloads
---------
tiny-adam
    150 x 4 rows (iris, standardised), ``(10,)``, adam, one batch per
    epoch: an epoch takes tens of microseconds, so a per-epoch overhead shows.
    Run for 10 and 200 epochs: the per-epoch cost of a callback is the slope
    of its extra time between the two, its per-fit cost the intercept.
digits-adam
    ``load_digits`` / 16 (1,797 x 64), ``(100,)``, relu, adam, 5 epochs.
cancer-lbfgs
    ``load_breast_cancer``, standardised, ``(100,)``, tanh, lbfgs,
    ``max_iter=20``, ``tol=0``.

Configurations
--------------
none
    No callback: the default.
ProgressBar
    ``sklearn.callback.ProgressBar()``. Its display thread writes to a
    string buffer here (not a terminal), so this is the cost of the events,
    the thread and one final render, without live terminal refreshes.
ScoringMonitor
    ``ScoringMonitor(scoring="accuracy")``: scores the model on the
    training data after every epoch, a full prediction each time.
baseline
    With ``--baseline PATH`` (a ``sknumpynet`` package directory from
    another checkout, e.g. before callbacks were added), the same fit with
    no callback by that code, imported under another name. The "vs none"
    column of the baseline row is the change that code makes.

Usage::

    python benchmarks/callbacks.py [--repeats N] [--baseline PATH] [--quick]

Prints markdown to stdout, progress to stderr.
"""

import argparse
import contextlib
import importlib.util
import io
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

import sknumpynet


def load_package(path):
    """Import the package directory ``path`` as ``sknumpynet_baseline``."""
    path = Path(path)
    spec = importlib.util.spec_from_file_location(
        "sknumpynet_baseline", path / "__init__.py", submodule_search_locations=[str(path)]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["sknumpynet_baseline"] = module
    spec.loader.exec_module(module)
    return module


def workloads(quick):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    fixed = dict(tol=0.0, random_state=0)
    tiny = dict(hidden_layer_sizes=(10,), solver="adam", learning_rate_init=1e-3, **fixed)
    digits_X, digits_y = load_digits(return_X_y=True)
    cancer_X, cancer_y = load_breast_cancer(return_X_y=True)
    cancer_X = StandardScaler().fit_transform(cancer_X)
    epochs = (2, 5) if quick else (10, 200)
    out = [
        (
            f"tiny-adam, {e} epochs",
            "classifier",
            X,
            y,
            dict(tiny, max_iter=e, n_iter_no_change=e + 1),
        )
        for e in epochs
    ]
    n_digits = 300 if quick else None
    out.append(
        (
            f"digits-adam, {2 if quick else 5} epochs",
            "classifier",
            digits_X[:n_digits] / 16,
            digits_y[:n_digits],
            dict(
                hidden_layer_sizes=(100,),
                activation="relu",
                learning_rate_init=1e-3,
                max_iter=2 if quick else 5,
                n_iter_no_change=100,
                **fixed,
            ),
        )
    )
    out.append(
        (
            f"cancer-lbfgs, max_iter={5 if quick else 20}",
            "classifier",
            cancer_X,
            cancer_y,
            dict(
                hidden_layer_sizes=(100,),
                activation="tanh",
                solver="lbfgs",
                max_iter=5 if quick else 20,
                **fixed,
            ),
        )
    )
    return out


def configurations(baseline):
    from sklearn.callback import ProgressBar, ScoringMonitor

    configs = {
        "none": lambda est: est,
        "ProgressBar": lambda est: est.set_callbacks(ProgressBar()),
        "ScoringMonitor": lambda est: est.set_callbacks(ScoringMonitor(scoring="accuracy")),
    }
    if baseline is not None:
        configs["baseline"] = None  # built from the other package
    return configs


def run(args):
    baseline = load_package(args.baseline) if args.baseline else None
    configs = configurations(baseline)
    names = list(configs)
    rows = []
    for title, _, X, y, params in workloads(args.quick):
        print(f"{title} ...", file=sys.stderr)
        times = {name: [] for name in names}
        n_iter = {}
        for r in range(-1, args.repeats):  # round -1 warms up, untimed
            k = r % len(names)
            order = names[k:] + names[:k]
            for name in order:
                if name == "baseline":
                    est = baseline.NumpyMLPClassifier(**params)
                else:
                    est = configs[name](sknumpynet.NumpyMLPClassifier(**params))
                with contextlib.redirect_stdout(io.StringIO()):
                    start = time.process_time()
                    est.fit(X, y)
                    if r >= 0:
                        times[name].append(time.process_time() - start)
                n_iter[name] = est.n_iter_
        none = np.array(times["none"])
        ratios = {k: float(np.median(np.array(v) / none)) for k, v in times.items()}
        rows.append((title, {k: float(np.median(v)) for k, v in times.items()}, n_iter, ratios))
    return names, rows


def report(names, rows, repeats):
    print(
        f"Median fit CPU time in ms over {repeats} interleaved repeats; in brackets, the "
        "difference from `none` and the median of the per-repeat ratios to `none` "
        "(fits of one repeat run back to back).\n"
    )
    print("| workload | n_iter_ | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for title, med, n_iter, ratio in rows:
        cells = [f"{med['none'] * 1e3:.2f}"]
        for name in names[1:]:
            cells.append(
                f"{med[name] * 1e3:.2f} ({(med[name] - med['none']) * 1e3:+.2f}, "
                f"x{ratio[name]:.3f})"
            )
        print(f"| {title} | {n_iter['none']} | " + " | ".join(cells) + " |")
    (_, m1, n1, _), (_, m2, n2, _) = rows[0], rows[1]
    e1, e2 = n1["none"], n2["none"]
    print(
        "\nPer-epoch and per-fit cost of each configuration, from the two tiny-adam rows "
        "(slope and intercept of its extra time):\n"
    )
    print("| configuration | per epoch (µs) | per fit (ms) |")
    print("|---|---:|---:|")
    for name in names[1:]:
        d1, d2 = m1[name] - m1["none"], m2[name] - m2["none"]
        slope = (d2 - d1) / (e2 - e1)
        print(f"| {name} | {slope * 1e6:.1f} | {(d1 - slope * e1) * 1e3:.2f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--baseline", help="a sknumpynet package directory to compare with")
    parser.add_argument("--quick", action="store_true", help="tiny sizes (a smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.repeats = min(args.repeats, 3)
    warnings.simplefilter("ignore", ConvergenceWarning)
    with threadpool_limits(1):
        names, rows = run(args)
    report(names, rows, args.repeats)


if __name__ == "__main__":
    main()
