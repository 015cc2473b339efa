"""Out-of-the-box accuracy: defaults must match scikit-learn's MLPClassifier.

With default parameters behind a StandardScaler, the 5-fold accuracy of
NumpyMLPClassifier must be at least MLPClassifier's minus 0.01 on every data
set of ``benchmarks/accuracy.py`` (which prints the full table). Both are
measured here, in the same run, on the same folds.
"""

import importlib.util
from pathlib import Path

import pytest
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier

from sknumpynet import NumpyMLPClassifier

_path = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy.py"
_spec = importlib.util.spec_from_file_location("accuracy_benchmark", _path)
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)


@pytest.mark.parametrize("dataset", sorted(accuracy.DATASETS))
def test_default_accuracy_matches_mlpclassifier(dataset):
    X, y = accuracy.DATASETS[dataset]()
    cv = StratifiedKFold(5, shuffle=True, random_state=0)
    ours = accuracy.evaluate(NumpyMLPClassifier(random_state=0), X, y, cv)
    ref = accuracy.evaluate(MLPClassifier(random_state=0), X, y, cv)
    assert ours["failed"] == 0
    assert ours["accuracy"] >= ref["accuracy"] - accuracy.TOLERANCE, (ours, ref)
