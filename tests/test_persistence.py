"""Saving and loading: skops with public types only, pickle and joblib,
training continued after loading, and models saved by earlier versions."""

import io
import pickle
from pathlib import Path

import joblib
import numpy as np
import pytest
import skops.io as sio
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import is_classifier
from sklearn.datasets import load_iris, make_multilabel_classification

import sknumpynet
from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor
from sknumpynet._solvers import saved_state as _state

FIXTURES = Path(__file__).parent / "fixtures" / "persistence"
X, Y = load_iris(return_X_y=True)
X = (X - X.mean(axis=0)) / X.std(axis=0)
Y = load_iris().target_names[Y]  # string labels
XM, YM = make_multilabel_classification(120, 5, n_classes=3, random_state=0)
RNG = np.random.RandomState(0)
XR = RNG.normal(size=(120, 4))
YR = np.c_[XR @ [1.0, -2.0, 0.5, 0.0] + 30.0, np.abs(XR[:, 0]) * 5]


def _skops(est):
    return sio.loads(sio.dumps(est), trusted=[_name(type(est))])


def _pickle(est):
    return pickle.loads(pickle.dumps(est))


def _joblib(est):
    buffer = io.BytesIO()
    joblib.dump(est, buffer)
    buffer.seek(0)
    return joblib.load(buffer)


def _name(cls):
    return "%s.%s" % (cls.__module__, cls.__qualname__)


def _assert_same_model(a, b):
    for u, v in zip(a.coefs_ + a.intercepts_, b.coefs_ + b.intercepts_):
        assert_array_equal(u, v)
    assert a.loss_curve_ == b.loss_curve_
    assert a.t_ == b.t_ and a.n_iter_ == b.n_iter_


CASES = {
    "adam": (NumpyMLPClassifier(hidden_layer_sizes=(6,), max_iter=8, random_state=0), X, Y),
    "sgd-early-stopping": (
        NumpyMLPClassifier(
            solver="sgd", early_stopping=True, learning_rate="adaptive", max_iter=8, random_state=0
        ),
        X,
        Y,
    ),
    "multilabel-float32": (
        NumpyMLPClassifier(max_iter=8, random_state=0),
        XM.astype(np.float32),
        YM,
    ),
    "regressor": (NumpyMLPRegressor(max_iter=8, random_state=0), XR, YR),
    "poisson-sgd": (
        NumpyMLPRegressor(
            loss="poisson", solver="sgd", learning_rate="invscaling", max_iter=8, random_state=0
        ),
        XR,
        YR[:, 1],
    ),
}


def _predict(est, X):
    return est.predict_proba(X) if hasattr(est, "predict_proba") else est.predict(X)


@pytest.mark.parametrize("case", CASES)
def test_skops_needs_only_the_public_estimator_class(case):
    est, X_, y_ = CASES[case]
    est = est.fit(X_, y_)
    data = sio.dumps(est)
    untrusted = sio.get_untrusted_types(data=data)
    assert untrusted == [_name(type(est))]
    assert getattr(sknumpynet, type(est).__name__) is type(est)  # the public class
    restored = sio.loads(data, trusted=untrusted)
    assert_array_equal(_predict(restored, X_), _predict(est, X_))
    assert_array_equal(restored.predict(X_), est.predict(X_))


@pytest.mark.parametrize("case", CASES)
def test_stored_training_state_is_plain_data(case):
    est, X_, y_ = CASES[case]
    est = est.fit(X_, y_)

    def check(value):
        if isinstance(value, dict):
            assert all(isinstance(k, str) for k in value)
            for v in value.values():
                check(v)
        elif isinstance(value, list):
            for v in value:
                check(v)
        else:
            assert value is None or type(value) in (bool, int, float, str, np.ndarray), value

    assert isinstance(est._optimizer, dict) and isinstance(est._training_state, dict)
    check(est._optimizer)
    check(est._training_state)


@pytest.mark.parametrize("save", [_skops, _pickle, _joblib])
@pytest.mark.parametrize("case", [c for c in CASES if "early-stopping" not in c])
def test_partial_fit_after_loading_equals_never_saving(case, save):
    est, X_, y_ = CASES[case]
    kwargs = {}
    if is_classifier(est):
        kwargs["classes"] = np.unique(y_) if y_.ndim == 1 else np.arange(y_.shape[1])
    kept = est.__class__(**est.get_params())
    kept.partial_fit(X_[:60], y_[:60], **kwargs)
    kept.partial_fit(X_[60:], y_[60:])
    restored = save(kept)
    m_before = {k: v.copy() for k, v in kept._optimizer.items() if isinstance(v, np.ndarray)}
    for model in (kept, restored):
        model.partial_fit(X_[:60], y_[:60])
        model.partial_fit(X_[60:], y_[60:])
    _assert_same_model(restored, kept)
    assert restored._optimizer.keys() == kept._optimizer.keys()
    for key, value in kept._optimizer.items():
        assert_array_equal(restored._optimizer[key], value)
        if key in m_before:  # the moments moved: the comparison is not vacuous
            assert not np.array_equal(value, m_before[key])
    assert_array_equal(_predict(restored, X_), _predict(kept, X_))


@pytest.mark.parametrize("save", [_skops, _pickle])
def test_warm_start_after_loading_equals_never_saving(save):
    est = NumpyMLPClassifier(
        solver="sgd", early_stopping=True, max_iter=5, warm_start=True, random_state=0
    ).fit(X, Y)
    restored = save(est)
    est.fit(X, Y)
    restored.fit(X, Y)
    _assert_same_model(restored, est)
    assert restored.validation_scores_ == est.validation_scores_
    assert restored.best_validation_score_ == est.best_validation_score_


def test_a_later_call_leaves_the_stored_state_unchanged():
    est = NumpyMLPClassifier(max_iter=3, random_state=0).fit(X, Y)
    optimizer, training = est._optimizer, est._training_state
    m, curve = optimizer["m"].copy(), list(training["loss_curve"])
    est.partial_fit(X, Y)
    assert_array_equal(optimizer["m"], m)
    assert training["loss_curve"] == curve
    assert len(est._training_state["loss_curve"]) == len(curve) + 1


# ------------------------------------------------ versions and fixtures


def _load_fixture(fmt):
    directory = FIXTURES / fmt
    clf = pickle.loads((directory / "classifier.pkl").read_bytes())
    reg = pickle.loads((directory / "regressor.pkl").read_bytes())
    return clf, reg, np.load(directory / "expected.npz")


@pytest.mark.parametrize("fmt", ["format1", "format2", "format3"])
def test_models_saved_by_earlier_code_predict_the_same(fmt):
    """format1: pickled by sknumpynet 0.1.0 before the state was plain data
    (optimiser and TrainingState objects); format2: by that storage format;
    format3: with the training features, before the tabular estimators'
    step scales and scaling layer."""
    clf, reg, expected = _load_fixture(fmt)
    assert isinstance(clf._optimizer, dict) and isinstance(reg._training_state, dict)
    assert_allclose(clf.predict_proba(expected["X"]), expected["proba"], rtol=1e-12, atol=1e-14)
    assert_array_equal(clf.predict(expected["X"]), expected["labels"])
    assert_allclose(reg.predict(expected["Xr"]), expected["regression"], rtol=1e-12)


@pytest.mark.parametrize("fmt", ["format1", "format2", "format3"])
def test_models_saved_by_earlier_code_continue_training(fmt):
    clf, reg, expected = _load_fixture(fmt)
    clf.partial_fit(expected["continued_X"], expected["continued_y"])
    reg.partial_fit(expected["continued_Xr"], expected["continued_yr"])
    proba = clf.predict_proba(expected["X"])
    assert_allclose(proba, expected["continued_proba"], rtol=1e-7, atol=1e-10)
    assert_allclose(reg.predict(expected["Xr"]), expected["continued_regression"], rtol=1e-7)
    # Without the saved optimiser state the same step lands elsewhere: the
    # comparison above does test that the state was restored.
    clf, _, _ = _load_fixture(fmt)
    del clf._optimizer
    clf.partial_fit(expected["continued_X"], expected["continued_y"])
    assert np.abs(clf.predict_proba(expected["X"]) - expected["continued_proba"]).max() > 1e-4


def test_a_resaved_old_model_is_stamped_with_this_version():
    clf, _, _ = _load_fixture("format1")
    state = clf.__getstate__()
    assert state["_sknumpynet_version"] == sknumpynet.__version__
    assert state["_sknumpynet_state_format"] == _state.STATE_FORMAT
    assert "_sknumpynet_version" not in _pickle(clf).__dict__


def test_a_model_from_a_newer_format_is_refused_naming_both_versions(monkeypatch):
    est = NumpyMLPClassifier(max_iter=3, random_state=0).fit(X, Y)
    with monkeypatch.context() as m:
        m.setattr(_state, "STATE_FORMAT", _state.STATE_FORMAT + 1)
        m.setattr(sknumpynet, "__version__", "9.1.0")
        data, skops_data = pickle.dumps(est), sio.dumps(est)
    message = r"saved by sknumpynet 9\.1\.0 .*the installed sknumpynet %s" % (
        sknumpynet.__version__.replace(".", r"\.")
    )
    with pytest.raises(ValueError, match=message):
        pickle.loads(data)
    with pytest.raises(ValueError, match=message):
        sio.loads(skops_data, trusted=[_name(NumpyMLPClassifier)])


@pytest.mark.parametrize("save", ["pickle", "skops"])
def test_saving_leaves_the_estimator_unchanged(save):
    """The version stamps go into the saved state only: BaseEstimator's
    ``__getstate__`` hands back the instance's own ``__dict__``, and stamping
    that would add attributes to the model being saved."""
    est, X_, y_ = CASES["regressor"]
    est = est.fit(X_, y_)
    before = dict(vars(est))
    pickle.dumps(est) if save == "pickle" else sio.dumps(est)
    assert vars(est).keys() == before.keys()
    assert all(vars(est)[k] is v for k, v in before.items())
