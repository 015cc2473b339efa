"""scikit-learn's callback API (scikit-learn >= 1.9) on both estimators.

A recording callback written here against the ``FitCallback`` protocol, and
scikit-learn's own ``ProgressBar`` and ``ScoringMonitor``.
"""

import threading
import warnings

import numpy as np
import pytest

pytest.importorskip("sklearn.callback", reason="scikit-learn < 1.9 has no callback API")

from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import _fit_context
from sklearn.callback import (
    ProgressBar,
    ScoringMonitor,
    _progressbar,
)
from sklearn.callback._transport import open_listener, send
from sklearn.datasets import make_classification, make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

SOLVERS = ["sgd", "adam", "lbfgs"]


class Recorder:
    """A ``FitCallback``: records every hook with its task and, at the end of
    each task, the weights of ``fitted_estimator``. Messages go through
    scikit-learn's transport so that copies in worker processes report to
    this one. ``stop_at``: ask to stop at the end of that many subtasks."""

    def __init__(self, stop_at=None):
        self.stop_at = stop_at
        self.record = []
        self._handle = open_listener(self.record.append, owner=self)

    def __getstate__(self):
        return {**self.__dict__, "record": []}

    def _send(self, hook, estimator, context, **extra):
        send(
            self._handle,
            dict(
                hook=hook,
                estimator=type(estimator).__name__,
                estimator_id=id(estimator),
                task=context.task_name,
                task_id=context.task_id,
                root=context.parent is None or context.source_estimator_name is not None,
                **extra,
            ),
        )

    def setup(self, estimator, context):
        self._send("setup", estimator, context)

    def teardown(self, estimator, context):
        self._send("teardown", estimator, context)

    def on_fit_task_begin(self, estimator, context, *, X=None, y=None, fitted_estimator=None):
        coefs = [c.copy() for c in getattr(fitted_estimator, "coefs_", [])]
        self._send("begin", estimator, context, coefs=coefs)

    def on_fit_task_end(
        self, estimator, context, *, X=None, y=None, metadata=None, fitted_estimator=None
    ):
        extra = {}
        if hasattr(fitted_estimator, "coefs_"):  # ours (not a pipeline's scaler)
            extra = dict(
                coefs=[c.copy() for c in fitted_estimator.coefs_],
                n_iter=fitted_estimator.n_iter_,
                score=fitted_estimator.score(X, y),
            )
        self._send("end", estimator, context, **extra)
        done = sum(r["hook"] == "end" and not r["root"] for r in self.record)
        return self.stop_at is not None and done >= self.stop_at

    def hooks(self, hook, root=None):
        return [r for r in self.record if r["hook"] == hook and (root is None or r["root"] == root)]


class AutoRecorder(Recorder):
    """The recorder, auto-propagated from a meta-estimator to ours."""

    max_propagation_depth = None


def _data(kind, n_samples=120):
    if kind == "classifier":
        X, y = make_classification(
            n_samples=n_samples, n_features=6, n_informative=4, n_classes=3, random_state=0
        )
        return X, y
    X, y = make_regression(n_samples=n_samples, n_features=6, noise=1.0, random_state=0)
    return X, y


def _estimator(kind, **params):
    params = {"hidden_layer_sizes": (8,), "random_state": 0, "max_iter": 15, **params}
    if params.get("solver", "adam") != "lbfgs":
        params.setdefault("tol", 0.0)  # run every epoch: a fixed count to compare
        params.setdefault("n_iter_no_change", 1000)
    est = NumpyMLPClassifier if kind == "classifier" else NumpyMLPRegressor
    return est(**params)


def _rich_monitors():
    return [t for t in threading.enumerate() if isinstance(t, _progressbar.RichProgressMonitor)]


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
@pytest.mark.parametrize("solver", SOLVERS)
def test_one_subtask_per_iteration(kind, solver):
    X, y = _data(kind)
    recorder = Recorder()
    est = _estimator(kind, solver=solver).set_callbacks(recorder)
    est.fit(X, y)

    assert len(recorder.hooks("setup")) == len(recorder.hooks("teardown")) == 1
    assert len(recorder.hooks("begin", root=True)) == len(recorder.hooks("end", root=True)) == 1
    begins, ends = recorder.hooks("begin", root=False), recorder.hooks("end", root=False)
    assert len(begins) == len(ends) == est.n_iter_ > 1
    assert [r["task_id"] for r in ends] == list(range(est.n_iter_))
    assert {r["task"] for r in ends} == {"lbfgs iteration" if solver == "lbfgs" else "epoch"}
    # every hook gets the estimator fit was called on, never the fit's draft
    assert {r["estimator_id"] for r in recorder.record} == {id(est)}
    # fitted_estimator: the weights each task starts from / ends with
    assert [r["n_iter"] for r in ends] == list(range(1, est.n_iter_ + 1))
    for before, after in zip(ends[:-1], begins[1:]):
        for a, b in zip(before["coefs"], after["coefs"]):
            assert_array_equal(a, b)
    for a, b in zip(ends[-1]["coefs"], est.coefs_):
        assert a.dtype == b.dtype
        assert_array_equal(a, b)
    # each epoch's weights differ from the previous one's: a snapshot, not a view
    assert not np.array_equal(ends[0]["coefs"][0], ends[-1]["coefs"][0])


def test_epoch_weights_match_a_fit_stopped_there():
    """fitted_estimator at the end of epoch k is the model fit(max_iter=k) gives."""
    X, y = _data("classifier")
    recorder = Recorder()
    _estimator("classifier").set_callbacks(recorder).fit(X, y)
    ends = recorder.hooks("end", root=False)
    for k in (1, 4, 15):
        reference = _estimator("classifier", max_iter=k).fit(X, y)
        for a, b in zip(ends[k - 1]["coefs"], reference.coefs_):
            assert_allclose(a, b, rtol=1e-12)
        assert ends[k - 1]["score"] == pytest.approx(reference.score(X, y))


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
def test_partial_fit_is_one_task_per_call(kind):
    X, y = _data(kind)
    recorder = Recorder()
    est = _estimator(kind, solver="sgd").set_callbacks(recorder)
    extra = {"classes": np.unique(y)} if kind == "classifier" else {}
    for _ in range(3):
        est.partial_fit(X, y, **extra)
    assert [r["hook"] for r in recorder.record] == [
        "setup",
        "begin",
        "begin",
        "end",
        "end",
        "teardown",
    ] * 3
    assert {r["task"] for r in recorder.hooks("end", root=True)} == {"partial_fit"}
    assert_array_equal(recorder.record[-3]["coefs"][0], est.coefs_[0])


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
@pytest.mark.parametrize("solver", SOLVERS)
def test_scoring_monitor_logs_one_score_per_epoch(kind, solver):
    X, y = _data(kind)
    scoring = "accuracy" if kind == "classifier" else "r2"
    monitor = ScoringMonitor(scoring=scoring)
    recorder = Recorder()
    est = _estimator(kind, solver=solver).set_callbacks(monitor, recorder)
    est.fit(X, y)
    rows = [r for r in monitor.get_logs().data if r["task_name"] != "fit"]
    assert len(rows) == est.n_iter_
    # the same scores as fitted_estimator.score in our own callback
    expected = [r["score"] for r in recorder.hooks("end", root=False)]
    assert_allclose([r[scoring] for r in rows], expected)
    # the last one is the fitted model's score (no early stopping here)
    assert rows[-1][scoring] == pytest.approx(est.score(X, y))


@pytest.mark.parametrize("kind", ["classifier", "regressor"])
@pytest.mark.parametrize("solver", SOLVERS)
def test_stop_request_ends_training(kind, solver):
    X, y = _data(kind)
    est = _estimator(kind, solver=solver).set_callbacks(Recorder(stop_at=3))
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)  # a stop is no failure
        est.fit(X, y)
    assert est.n_iter_ == 3
    assert len(est.loss_curve_) == 3
    reference = _estimator(kind, solver=solver, max_iter=3).fit(X, y)
    for a, b in zip(est.coefs_, reference.coefs_):
        assert_allclose(a, b, rtol=1e-10)


def test_progress_bar_prints_and_leaves_no_thread(capsys):
    X, y = _data("classifier")
    est = _estimator("classifier").set_callbacks(ProgressBar())
    est.fit(X, y)
    assert "NumpyMLPClassifier - fit" in capsys.readouterr().out
    assert not _rich_monitors() and not _progressbar._run_monitors


class _FailAtEnd(Recorder):
    def on_fit_task_end(self, estimator, context, **kwargs):
        super().on_fit_task_end(estimator, context, **kwargs)
        raise RuntimeError("callback failed")


class _FailAtSetup(Recorder):
    def setup(self, estimator, context):
        super().setup(estimator, context)
        raise RuntimeError("setup failed")


@pytest.mark.parametrize("failure", ["diverged", "bad input", "callback", "setup"])
def test_failing_fit_tears_down_what_it_set_up(failure):
    X, y = _data("classifier")
    est = _estimator("classifier", solver="sgd").fit(X, y)
    before = {k: v for k, v in vars(est).items()}
    coefs = [c.copy() for c in est.coefs_]
    first, last = Recorder(), Recorder()
    middle = {"callback": _FailAtEnd(), "setup": _FailAtSetup()}.get(failure, Recorder())
    est.set_callbacks(first, ProgressBar(), middle, last)
    X_fit, y_fit = X, y
    if failure == "diverged":
        est.set_params(activation="identity", learning_rate_init=1e10)
        X_fit = X * 1e10  # diverges after a few epochs
    elif failure == "bad input":
        X_fit = X[:, :3]  # a warm start on fewer features
        est.set_params(warm_start=True)
    with pytest.raises((ValueError, RuntimeError)):
        est.fit(X_fit, y_fit)
    for callback in (first, middle):
        assert len(callback.hooks("setup")) == len(callback.hooks("teardown")) == 1
    # the last callback is set up unless an earlier setup failed; torn down iff set up
    n_setup = 0 if failure == "setup" else 1
    assert len(last.hooks("setup")) == len(last.hooks("teardown")) == n_setup
    assert not _rich_monitors() and not _progressbar._run_monitors
    # the estimator is as it was: same weights, no callback state left on it
    for a, b in zip(est.coefs_, coefs):
        assert_array_equal(a, b)
    assert set(vars(est)) - {"_skl_callbacks"} == set(before)
    assert not hasattr(est, "_callback_fit_ctx")


class _RefitTwice(NumpyMLPClassifier):
    """A subclass whose wrapped ``fit`` calls the wrapped ``fit`` and
    ``partial_fit``: each inner call must tear down its own callbacks only."""

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        super().fit(X, y)
        self.partial_fit(X, y)
        return self


def test_nested_fit_context_calls_each_tear_down_their_own():
    X, y = _data("classifier")
    recorder = Recorder()
    est = _RefitTwice(hidden_layer_sizes=(8,), max_iter=4, random_state=0, tol=0.0)
    est.set_callbacks(recorder, ProgressBar()).fit(X, y)
    hooks = [(r["hook"], r["root"]) for r in recorder.record]

    def run(n):
        return [("setup", True), ("begin", True)] + [("begin", False), ("end", False)] * n

    assert hooks == run(4) + [("end", True), ("teardown", True)] + run(1) + [
        ("end", True),
        ("teardown", True),
    ]
    assert not _rich_monitors() and not _progressbar._run_monitors


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_nested_bars_in_a_search_over_a_pipeline(n_jobs, capsys):
    X, y = _data("classifier", n_samples=60)
    pipe = make_pipeline(StandardScaler(), _estimator("classifier", max_iter=3))
    search = GridSearchCV(pipe, {"numpymlpclassifier__alpha": [1e-4, 1e-2]}, cv=2, n_jobs=n_jobs)
    recorder = AutoRecorder()
    search.set_callbacks(ProgressBar(max_propagation_depth=None), recorder)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "does not support callbacks" would fail here
        warnings.simplefilter("ignore", ConvergenceWarning)
        search.fit(X, y)
    n_fits = 2 * 2 + 1  # candidates x folds, then the refit
    lines = capsys.readouterr().out.splitlines()
    ours = [line for line in lines if "fit-final-estimator | NumpyMLPClassifier - fit" in line]
    assert len(ours) == n_fits
    # nested: each of our bars is indented under its pipeline's bar
    assert all(line.startswith("    ") for line in ours)
    epochs = [
        r
        for r in recorder.hooks("end", root=False)
        if r["estimator"] == "NumpyMLPClassifier" and r["task"] == "epoch"
    ]
    assert len(epochs) == 3 * n_fits
    assert not _rich_monitors()


class _PartialFitInside(Recorder):
    """Calls ``partial_fit`` on the estimator from inside its ``fit`` (at the
    end of the first epoch), then optionally makes the outer fit fail."""

    def __init__(self, fail_outer):
        super().__init__()
        self.fail_outer = fail_outer

    def on_fit_task_end(self, estimator, context, *, X=None, y=None, fitted_estimator=None):
        super().on_fit_task_end(estimator, context, X=X, y=y, fitted_estimator=fitted_estimator)
        if context.task_name == "epoch" and context.parent.task_name == "fit":
            if context.task_id == 0:
                estimator.partial_fit(X, y)
            elif self.fail_outer:
                raise RuntimeError("outer fit fails")


@pytest.mark.parametrize("fail_outer", [False, True])
def test_wrapped_call_inside_a_fit_does_not_tear_the_fit_down(fail_outer):
    X, y = _data("classifier")
    est = _estimator("classifier", max_iter=3).fit(X, y)
    recorder = _PartialFitInside(fail_outer)
    est.set_callbacks(recorder, ProgressBar())
    if fail_outer:
        with pytest.raises(RuntimeError, match="outer fit fails"):
            est.fit(X, y)
    else:
        est.fit(X, y)
    setups, teardowns = recorder.hooks("setup"), recorder.hooks("teardown")
    # the inner partial_fit's run, then the outer fit's: each torn down once
    assert [r["task"] for r in setups] == ["fit", "partial_fit"]
    assert [r["task"] for r in teardowns] == ["partial_fit", "fit"]
    assert recorder.record[-1]["hook"] == "teardown"
    assert not _rich_monitors() and not _progressbar._run_monitors
    assert not hasattr(est, "_callback_fit_ctx")
