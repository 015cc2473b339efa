"""LossCurveDisplay on fitted estimators."""

import subprocess
import sys

import matplotlib
import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_diabetes, load_iris
from sklearn.exceptions import NotFittedError
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import LossCurveDisplay, NumpyMLPClassifier, NumpyMLPRegressor

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _iris():
    X, y = load_iris(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def test_early_stopping_curves_and_best_epoch():
    X, y = _iris()
    clf = NumpyMLPClassifier(early_stopping=True, random_state=0, max_iter=200).fit(X, y)
    display = LossCurveDisplay.from_estimator(clf)
    train, val_loss, val_score = display.lines_
    for line, curve in [
        (train, clf.loss_curve_),
        (val_loss, clf.validation_loss_curve_),
        (val_score, clf.validation_scores_),
    ]:
        assert_array_equal(line.get_xdata(), np.arange(1, clf.n_iter_ + 1))
        assert_allclose(line.get_ydata(), curve)
    # losses on the main axis, the score on the second one, same epochs
    assert train.axes is display.ax_ and val_loss.axes is display.ax_
    assert val_score.axes is display.score_ax_ is not display.ax_
    assert display.score_ax_.get_ylabel() == "validation accuracy"
    # the mark is at the epoch whose score the estimator kept as its best
    best = display.best_epoch_line_.get_xdata()[0]
    assert clf.validation_scores_[best - 1] == clf.best_validation_score_
    assert clf.n_iter_ > best  # it trained on past the best epoch, then stopped
    assert display.figure_ is display.ax_.figure
    legend = [t.get_text() for t in display.ax_.get_legend().get_texts()]
    assert legend == [
        "training loss",
        "validation loss",
        "validation accuracy",
        "best epoch (weights kept)",
    ]


@pytest.mark.parametrize("solver", ["adam", "lbfgs"])
def test_without_early_stopping_marks_lowest_loss(solver):
    X, y = load_diabetes(return_X_y=True)
    reg = NumpyMLPRegressor(solver=solver, max_iter=40, random_state=0).fit(X, y)
    display = LossCurveDisplay.from_estimator(reg)
    assert len(display.lines_) == 1 and display.score_ax_ is None
    assert len(display.lines_[0].get_xdata()) == reg.n_iter_
    best = display.best_epoch_line_.get_xdata()[0]
    assert reg.loss_curve_[best - 1] == min(reg.loss_curve_)
    assert display.ax_.get_xlabel() == ("L-BFGS iteration" if solver == "lbfgs" else "epoch")


def test_regressor_early_stopping_scores_are_r2():
    X, y = load_diabetes(return_X_y=True)
    reg = NumpyMLPRegressor(early_stopping=True, max_iter=60, random_state=0).fit(X, y)
    display = LossCurveDisplay.from_estimator(reg)
    assert display.score_ax_.get_ylabel() == "validation R²"
    assert_allclose(display.lines_[2].get_ydata(), reg.validation_scores_)


def test_given_axes_pipeline_and_name():
    X, y = load_iris(return_X_y=True)
    pipe = make_pipeline(StandardScaler(), NumpyMLPClassifier(max_iter=30, random_state=0))
    pipe.fit(X, y)
    fig, ax = plt.subplots()
    display = LossCurveDisplay.from_estimator(pipe, ax=ax, name="iris")
    assert display.ax_ is ax and display.figure_ is fig
    assert ax.get_title() == "iris"
    assert_allclose(display.lines_[0].get_ydata(), pipe[-1].loss_curve_)


def test_constructor_then_plot():
    display = LossCurveDisplay([3.0, 2.0, 1.5], best_epoch=3, estimator_name="net").plot()
    assert_allclose(display.lines_[0].get_ydata(), [3.0, 2.0, 1.5])
    assert display.ax_.get_title() == "net"


def test_unfitted_estimator_is_an_error():
    with pytest.raises(NotFittedError):
        LossCurveDisplay.from_estimator(NumpyMLPClassifier())


def test_package_does_not_import_matplotlib():
    code = "import sys, sknumpynet; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
