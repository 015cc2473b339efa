"""scikit-learn's callback API (scikit-learn >= 1.9) on the tabular
estimators: a score per epoch, the progress bar, and a stop request."""

import pytest

pytest.importorskip("sklearn.callback", reason="scikit-learn < 1.9 has no callback API")

from sklearn.callback import ProgressBar, ScoringMonitor
from sklearn.datasets import make_classification

from sknumpynet import TabularMLPClassifier


def _fit(*callbacks, **params):
    X, y = make_classification(200, 5, random_state=0)
    est = TabularMLPClassifier(hidden_layer_sizes=(8,), max_iter=6, random_state=0, **params)
    return est.set_callbacks(*callbacks).fit(X, y), X, y


def test_scoring_monitor_logs_one_score_per_epoch():
    monitor = ScoringMonitor(scoring="accuracy")
    est, X, y = _fit(monitor, early_stopping=False)
    rows = [r for r in monitor.get_logs().data if r["task_name"] != "fit"]
    assert len(rows) == est.n_iter_ == 6
    # the last epoch is the fitted model (no best epoch kept here): its
    # score on the raw training rows, through the input transform
    assert rows[-1]["accuracy"] == pytest.approx(est.score(X, y))


def test_progress_bar_names_the_estimator(capsys):
    _fit(ProgressBar())
    assert "TabularMLPClassifier - fit" in capsys.readouterr().out
