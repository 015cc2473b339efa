"""Out-of-the-box accuracy against scikit-learn's MLPClassifier.

A subset of ``benchmarks/accuracy.py`` (which runs every activation x solver
and squared-error configuration on twelve data sets and prints the tables):
each case is a configuration and a small data set where it once fell short,
or where the default configuration was tuned. NumpyMLPClassifier with the
configuration's parameters (``learning_rate_init="auto"``) must reach
MLPClassifier's 3-fold accuracy, with the same parameters (or, for
``loss="squared_error"``, its log-loss model), minus the benchmark's
tolerance. Both are measured here, in the same run, on the same folds.
"""

import benchmark_modules
import pytest
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier

from sknumpynet import NumpyMLPClassifier

accuracy = benchmark_modules.load("accuracy")

CASES = [
    ("logistic/adam", "iris"),
    ("logistic/adam", "wine"),
    ("logistic/adam", "moons"),
    ("logistic/adam", "circles"),
    ("logistic/adam", "xor"),
    ("logistic/sgd", "moons"),
    ("logistic/lbfgs", "moons"),
    ("tanh/adam", "wine"),
    ("tanh/adam", "label_noise"),
    ("relu/adam", "moons"),
    ("identity/sgd", "iris"),
    ("squared_error/logistic", "moons"),
    ("squared_error/logistic", "iris"),
    ("squared_error/tanh", "moons"),
    ("squared_error/relu", "circles"),
]


@pytest.mark.parametrize("config, dataset", CASES)
def test_accuracy_at_defaults_matches_mlpclassifier(config, dataset):
    params, ref_params, tolerance = accuracy.CONFIGS[config]
    X, y = accuracy.DATASETS[dataset][0]()
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    ours = accuracy.evaluate(NumpyMLPClassifier(random_state=0, **params), X, y, cv)
    ref = accuracy.evaluate(MLPClassifier(random_state=0, **ref_params), X, y, cv)
    assert ours["failed"] == 0
    assert ours["accuracy"] >= ref["accuracy"] - tolerance, (ours, ref)


def test_seeds_table_names_the_seeds_it_ran():
    def result(acc):
        return {"accuracy": acc}

    for seeds, text in [([0, 1, 2], "0 to 2"), ([0, 5, 9], "0, 5, 9")]:
        runs = {"relu/adam": {s: {"iris": result(0.9 + s / 100)} for s in seeds}}
        (row,) = accuracy.seeds_rows(["iris"], runs, runs)
        assert row[2] == text
