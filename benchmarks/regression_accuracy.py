"""Compare the cross-validated R^2 of NumpyMLPRegressor and MLPRegressor.

Out of the box, as a new user would run them: raw targets, default
parameters (only ``random_state`` is set: 0, or ``--random-state``), a
``StandardScaler`` on ``X``, scored by 5-fold ``KFold(shuffle=True,
random_state=0)`` cross-validation with ``scoring="r2"`` (averaged over the
outputs for multi-output targets). Three models per data set:

MLPRegressor
    ``make_pipeline(StandardScaler(), MLPRegressor())``: raw targets.
MLPRegressor + TTR
    ``TransformedTargetRegressor(make_pipeline(StandardScaler(),
    MLPRegressor()), transformer=StandardScaler())``: the targets
    standardised outside the network (the reference).
NumpyMLPRegressor
    ``make_pipeline(StandardScaler(), NumpyMLPRegressor())``: the targets
    standardised inside it (``normalize_y=True``).

On the count data all three use ``loss="poisson"``, and the reference's
transformer is ``StandardScaler(with_mean=False)`` (division by the standard
deviation only), since centred targets would be negative. The script prints
one markdown table per NumpyMLPRegressor configuration (mean R^2 over the
folds, the difference ours - reference, the mean fit time and ``n_iter_`` of
each model), then a summary. ``ConvergenceWarning`` is suppressed: hitting
``max_iter`` is part of what the defaults are measured on.

Data sets
---------
diabetes
    ``load_diabetes`` (442 x 10, targets 25 to 346).
friedman1
    ``make_friedman1(1000, noise=1, random_state=0)``.
friedman2
    ``make_friedman2(1000, noise=10, random_state=0)`` (targets up to about 1,750).
sine
    A smooth 1-D curve: 500 points ``x`` uniform in ``[-3, 3]``,
    ``y = sin(2 x) + 0.1 * noise``.
multioutput
    ``make_regression(1000, 20, n_informative=10, n_targets=3, noise=10,
    random_state=0)``: three linear targets, standard deviation about 180.
hundreds
    Targets in the hundreds: 1,000 points uniform in ``[0, 1]^4``,
    ``y = 300 + 200 x0 x1 + 150 sin(pi x2) + 100 x3^2 + 10 * noise``.
counts
    Poisson counts (``loss="poisson"``): 1,000 standard normal points in 5
    dimensions, ``y ~ Poisson(exp(1 + 0.5 x0 - 0.4 x1 + 0.3 x2 x3))``.

Parameters
----------
--activation A [A ...]
    Also evaluate NumpyMLPRegressor with these activations.
--learning-rate-init LR [LR ...]
    Also evaluate NumpyMLPRegressor with these ``learning_rate_init`` values.
    Every combination of the given activations (default: relu) and rates
    (default: 0.001) is run; the defaults are not run twice.
--quick
    Only diabetes and sine, 3 folds (a smoke test).
--only NAME [NAME ...]
    Only these data sets.
--folds N
    Number of cross-validation folds (default 5, or 3 with ``--quick``).
--random-state SEED
    ``random_state`` of every network (default 0); the CV split keeps
    ``random_state=0``.

Examples
--------
Defaults only::

    python benchmarks/regression_accuracy.py

Choosing the default activation and ``learning_rate_init``::

    python benchmarks/regression_accuracy.py --activation relu tanh logistic \\
        --learning-rate-init 0.001 0.003 0.01 0.03
"""

import argparse
import itertools
import sys
import time

import numpy as np
from common.cv import cross_validated, print_summary, print_table
from sklearn.compose import TransformedTargetRegressor
from sklearn.datasets import load_diabetes, make_friedman1, make_friedman2, make_regression
from sklearn.model_selection import KFold
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPRegressor

TOLERANCE = 0.02  # our R^2 must be >= the TransformedTargetRegressor's - TOLERANCE


def make_sine(n_samples=500, noise=0.1, random_state=0):
    """``sin(2 x)`` plus Gaussian noise, ``x`` uniform in ``[-3, 3]``."""
    rng = np.random.RandomState(random_state)
    X = rng.uniform(-3.0, 3.0, size=(n_samples, 1))
    return X, np.sin(2.0 * X[:, 0]) + noise * rng.normal(size=n_samples)


def make_hundreds(n_samples=1000, noise=10.0, random_state=0):
    """A smooth function of 4 features with values between about 300 and 700."""
    rng = np.random.RandomState(random_state)
    X = rng.uniform(size=(n_samples, 4))
    y = 300.0 + 200.0 * X[:, 0] * X[:, 1] + 150.0 * np.sin(np.pi * X[:, 2]) + 100.0 * X[:, 3] ** 2
    return X, y + noise * rng.normal(size=n_samples)


def make_counts(n_samples=1000, random_state=0):
    """Poisson counts with a log-linear rate and one interaction."""
    rng = np.random.RandomState(random_state)
    X = rng.normal(size=(n_samples, 5))
    rate = np.exp(1.0 + 0.5 * X[:, 0] - 0.4 * X[:, 1] + 0.3 * X[:, 2] * X[:, 3])
    return X, rng.poisson(rate).astype(float)


# name -> (loader, loss)
DATASETS = {
    "diabetes": (lambda: load_diabetes(return_X_y=True), "squared_error"),
    "friedman1": (lambda: make_friedman1(1000, noise=1.0, random_state=0), "squared_error"),
    "friedman2": (lambda: make_friedman2(1000, noise=10.0, random_state=0), "squared_error"),
    "sine": (make_sine, "squared_error"),
    "multioutput": (
        lambda: make_regression(
            1000, 20, n_informative=10, n_targets=3, noise=10.0, random_state=0
        ),
        "squared_error",
    ),
    "hundreds": (make_hundreds, "squared_error"),
    "counts": (make_counts, "poisson"),
}
QUICK_DATASETS = ("diabetes", "sine")


def raw_mlp(loss, seed):
    """``MLPRegressor`` on raw targets."""
    return make_pipeline(StandardScaler(), MLPRegressor(loss=loss, random_state=seed))


def ttr_mlp(loss, seed):
    """``MLPRegressor`` behind a ``TransformedTargetRegressor`` (the reference)."""
    transformer = StandardScaler(with_mean=(loss != "poisson"))
    return TransformedTargetRegressor(raw_mlp(loss, seed), transformer=transformer)


def ours(loss, seed, **params):
    return make_pipeline(
        StandardScaler(), NumpyMLPRegressor(loss=loss, random_state=seed, **params)
    )


def evaluate(model, X, y, cv):
    """Cross-validated R^2: ``r2``, ``fit_time``, ``n_iter``, ``failed``."""
    result = cross_validated(model, X, y, cv, "r2")
    result["r2"] = result.pop("score")
    return result


def configurations(activations, rates):
    """``{label: params}``: the defaults first, then every other combination."""
    defaults = NumpyMLPRegressor().get_params()
    act0, lr0 = defaults["activation"], defaults["learning_rate_init"]
    configs = {"NumpyMLPRegressor defaults (%s, learning_rate_init=%g)" % (act0, lr0): {}}
    for act, lr in itertools.product(activations or [act0], rates or [lr0]):
        if (act, lr) != (act0, lr0):
            configs["NumpyMLPRegressor %s, learning_rate_init=%g" % (act, lr)] = {
                "activation": act,
                "learning_rate_init": lr,
            }
    return configs


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Cross-validated R^2 of NumpyMLPRegressor vs MLPRegressor."
    )
    parser.add_argument(
        "--activation",
        nargs="+",
        default=[],
        choices=["relu", "tanh", "logistic", "identity"],
        metavar="A",
        help="also evaluate NumpyMLPRegressor with these activations",
    )
    parser.add_argument(
        "--learning-rate-init",
        type=float,
        nargs="+",
        default=[],
        metavar="LR",
        help="also evaluate these learning_rate_init values",
    )
    parser.add_argument("--quick", action="store_true", help="only diabetes and sine, 3 folds")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(DATASETS),
        metavar="NAME",
        help="only these data sets: %s" % ", ".join(DATASETS),
    )
    parser.add_argument(
        "--folds", type=int, default=None, help="number of CV folds (default 5, 3 with --quick)"
    )
    parser.add_argument(
        "--random-state",
        type=int,
        default=0,
        metavar="SEED",
        help="random_state of every network (default 0)",
    )
    args = parser.parse_args(argv)
    seed = args.random_state

    names = list(args.only or (QUICK_DATASETS if args.quick else DATASETS))
    n_folds = args.folds or (3 if args.quick else 5)
    cv = KFold(n_folds, shuffle=True, random_state=0)
    configs = configurations(args.activation, args.learning_rate_init)

    print(
        "# NumpyMLPRegressor vs sklearn MLPRegressor: %d-fold CV R^2, raw targets, "
        "StandardScaler + estimator(random_state=%d)" % (n_folds, seed)
    )
    start = time.perf_counter()
    raw, ref = {}, {}
    results = {label: {} for label in configs}
    for name in names:
        load, loss = DATASETS[name]
        X, y = load()
        print("  %s ..." % name, file=sys.stderr, flush=True)
        raw[name] = evaluate(raw_mlp(loss, seed), X, y, cv)
        ref[name] = evaluate(ttr_mlp(loss, seed), X, y, cv)
        for label, params in configs.items():
            results[label][name] = evaluate(ours(loss, seed, **params), X, y, cv)

    losses = ", ".join("%s: loss='poisson'" % n for n in names if DATASETS[n][1] == "poisson")
    print(
        "\nEvery model uses loss='squared_error'%s. TTR = TransformedTargetRegressor("
        "transformer=StandardScaler()); with loss='poisson', StandardScaler(with_mean="
        "False). The difference is ours - MLPRegressor + TTR."
        % (" except on " + losses if losses else "")
    )
    for label, ours_results in results.items():
        columns = [
            ("MLPRegressor", "raw", raw),
            ("MLPRegressor + TTR", "TTR", ref),
            ("NumpyMLPRegressor", "ours", ours_results),
        ]
        print_table(label, names, columns, "r2", TOLERANCE)
    print_summary(
        "Summary (difference = NumpyMLPRegressor - MLPRegressor + TTR)",
        names,
        "MLPRegressor + TTR",
        ref,
        results,
        "r2",
        TOLERANCE,
    )
    print("\nTotal time: %.1f s" % (time.perf_counter() - start))


if __name__ == "__main__":
    main()
