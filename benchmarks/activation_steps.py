"""Step sizes for the SELU, GELU, SiLU and Mish units: a sweep of
``learning_rate_init`` with both stochastic solvers, next to relu units.

Data sets: scikit-learn's breast_cancer and wine and two moons (500
points, noise 0.3, seed 0), behind a ``StandardScaler``, scored by
``StratifiedKFold(3, shuffle=True, random_state=0)``: held-out accuracy
and log-loss, means over the folds. Every other parameter is
``NumpyMLPClassifier``'s default (``weight_init='auto'``: Glorot-uniform
for these units) with ``random_state=0``. ``ConvergenceWarning`` is
suppressed.

Writes ``docs/tables/activation_steps.csv``: per activation, solver and
step, the accuracy and log-loss averaged over the three data sets. The
``'auto'`` entries of ``sknumpynet._solvers.defaults.STEP_SIZES`` for these
units were read from it.
"""

import argparse
import sys
import warnings

import numpy as np
from common.tables import write_table
from sklearn.datasets import load_breast_cancer, load_wine, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

DATASETS = {
    "breast_cancer": lambda: load_breast_cancer(return_X_y=True),
    "wine": lambda: load_wine(return_X_y=True),
    "moons": lambda: make_moons(500, noise=0.3, random_state=0),
}
ACTIVATIONS = ["relu", "selu", "gelu", "silu", "mish"]
STEPS = {"adam": [0.0003, 0.001, 0.003, 0.01], "sgd": [0.003, 0.01, 0.03]}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activations", nargs="+", default=ACTIVATIONS)
    parser.add_argument("--quick", action="store_true", help="moons only, no table")
    args = parser.parse_args(argv)
    names = ["moons"] if args.quick else list(DATASETS)
    data = {name: DATASETS[name]() for name in names}
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    rows = []
    for activation in args.activations:
        for solver, steps in STEPS.items():
            for step in steps:
                scores = []
                for X, y in data.values():
                    model = make_pipeline(
                        StandardScaler(),
                        NumpyMLPClassifier(
                            activation=activation,
                            solver=solver,
                            learning_rate_init=step,
                            random_state=0,
                        ),
                    )
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", ConvergenceWarning)
                        result = cross_validate(
                            model, X, y, cv=cv, scoring=["accuracy", "neg_log_loss"]
                        )
                    scores.append(
                        [result["test_accuracy"].mean(), -result["test_neg_log_loss"].mean()]
                    )
                accuracy, loss = np.mean(scores, axis=0)
                rows.append([activation, solver, step, "%.4f" % accuracy, "%.4f" % loss])
                print(" | ".join(map(str, rows[-1])), file=sys.stderr, flush=True)
    if not args.quick:
        write_table(
            "activation_steps",
            ["activation", "solver", "learning_rate_init", "accuracy", "log-loss"],
            rows,
        )


if __name__ == "__main__":
    main()
