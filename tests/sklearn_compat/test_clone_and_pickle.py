"""``clone``, pickle and joblib round trips (training resumed after loading)
and the HTML repr.
"""

import io
import pickle
from pathlib import Path

import joblib
import numpy as np
import pytest
from numpy.testing import assert_array_equal
from parity_problems import (
    X_BIN,
    X_MC,
    Y_BIN,
    Y_MC,
    _assert_same_weights,
    _small,
)
from sklearn.base import clone, is_classifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import estimator_html_repr

import sknumpynet
from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor, _doc_link

pytestmark = pytest.mark.usefixtures("single_threaded_blas")


def test_clone():
    est = NumpyMLPClassifier(
        hidden_layer_sizes=(7, 3),
        alpha=0.5,
        solver="sgd",
        loss="squared_error",
        weight_init="uniform",
        random_state=3,
        max_iter=5,
    )
    assert is_classifier(est)
    unfitted = clone(est)
    assert unfitted is not est
    assert unfitted.get_params() == est.get_params()

    est.fit(X_BIN, Y_BIN)
    cloned = clone(est)
    assert not hasattr(cloned, "coefs_")
    assert not hasattr(cloned, "classes_")
    assert cloned.get_params() == est.get_params()
    # A clone refits to the very same model (same seed, same params).
    _assert_same_weights(cloned.fit(X_BIN, Y_BIN), est, rtol=0, atol=0)

    # set_params / get_params round trip, nested in a pipeline.
    pipe = make_pipeline(StandardScaler(), est)
    pipe.set_params(**{"numpymlpclassifier__alpha": 2.0})
    assert clone(pipe).get_params()["numpymlpclassifier__alpha"] == 2.0


@pytest.mark.parametrize("solver", ["adam", "sgd"])
def test_pickle_round_trip_and_resume_partial_fit(solver):
    est = NumpyMLPClassifier(hidden_layer_sizes=(5,), solver=solver, random_state=0, max_iter=10)
    classes = np.unique(Y_MC)
    est.partial_fit(X_MC[:50], Y_MC[:50], classes=classes)
    est.partial_fit(X_MC[50:100], Y_MC[50:100])

    restored = pickle.loads(pickle.dumps(est))
    assert_array_equal(restored.predict(X_MC), est.predict(X_MC))
    assert_array_equal(restored.predict_proba(X_MC), est.predict_proba(X_MC))
    assert restored.get_params() == est.get_params()
    assert restored.loss_curve_ == est.loss_curve_

    # Training continues from the same optimiser state (Adam moments,
    # momentum velocity, sample count), not from a fresh optimiser.
    est.partial_fit(X_MC[100:], Y_MC[100:])
    restored.partial_fit(X_MC[100:], Y_MC[100:])
    _assert_same_weights(restored, est, rtol=0, atol=0)
    assert restored.t_ == est.t_ == len(Y_MC)
    assert restored.loss_curve_ == est.loss_curve_
    fresh = NumpyMLPClassifier(hidden_layer_sizes=(5,), solver=solver, random_state=0)
    fresh.partial_fit(X_MC[:50], Y_MC[:50], classes=classes)
    fresh.partial_fit(X_MC[50:100], Y_MC[50:100])
    del fresh._optimizer  # what a lost optimiser state would look like
    fresh.partial_fit(X_MC[100:], Y_MC[100:])
    assert not np.allclose(fresh.coefs_[0], est.coefs_[0], rtol=0, atol=1e-12)


def test_joblib_round_trip(tmp_path):
    est = _small().fit(X_MC, Y_MC)
    path = tmp_path / "model.joblib"
    joblib.dump(est, path)
    restored = joblib.load(path)
    assert_array_equal(restored.predict(X_MC), est.predict(X_MC))
    assert_array_equal(restored.predict_proba(X_MC), est.predict_proba(X_MC))
    _assert_same_weights(restored, est, rtol=0, atol=0)

    # An adam model fitted with fit() can be reloaded and trained further.
    adam = NumpyMLPClassifier(hidden_layer_sizes=(5,), random_state=0, max_iter=5)
    adam.fit(X_MC, Y_MC)
    buffer = io.BytesIO()
    joblib.dump(adam, buffer)
    buffer.seek(0)
    reloaded = joblib.load(buffer)
    adam.partial_fit(X_MC, Y_MC)
    reloaded.partial_fit(X_MC, Y_MC)
    _assert_same_weights(reloaded, adam, rtol=0, atol=0)
    assert len(reloaded.loss_curve_) == 6


def test_html_repr():
    est = NumpyMLPClassifier(alpha=0.123, hidden_layer_sizes=(7,))
    html = estimator_html_repr(est)
    assert "NumpyMLPClassifier" in html
    assert "alpha=0.123" in html
    assert "hidden_layer_sizes=(7,)" in html
    # Default parameters are not listed in the text representation.
    assert repr(est) == "NumpyMLPClassifier(alpha=0.123, hidden_layer_sizes=(7,))"
    assert repr(NumpyMLPClassifier(activation="relu")) == "NumpyMLPClassifier()"
    assert "learning_rate_init" in repr(NumpyMLPClassifier(learning_rate_init=1e-3))

    pipe_html = estimator_html_repr(make_pipeline(StandardScaler(), est))
    assert "StandardScaler" in pipe_html and "NumpyMLPClassifier" in pipe_html
    assert "0.123" in pipe_html
    assert "Not fitted" in html
    est.fit(X_BIN, Y_BIN)
    assert "Not fitted" not in estimator_html_repr(est)


@pytest.mark.parametrize("cls", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_html_repr_links_to_our_documentation(cls, monkeypatch):
    est = cls(alpha=0.123)
    link = est._get_doc_link()
    # The link names a file of this checkout that defines the class.
    prefix = _doc_link.REPOSITORY + "/blob/main/"
    assert link.startswith(prefix)
    source = Path(sknumpynet.__file__).parent.parent / link[len(prefix) :]
    assert "class %s(" % cls.__name__ in source.read_text()
    html = estimator_html_repr(make_pipeline(StandardScaler(), est))
    assert 'href="%s"' % link in html
    # Parameter tooltips: scikit-learn shows them only with a doc link.
    assert "#:~:text=alpha,-float" in html
    assert 'style="position-anchor: --doc-link-alpha;">' in html
    # A hosted site's API pages: the one template to change, with the
    # names Sphinx gives the pages (docs/api.rst's autosummary).
    monkeypatch.setattr(
        _doc_link,
        "DOC_LINK_TEMPLATE",
        "https://site/generated/{estimator_module}.{estimator_name}.html",
    )
    assert est._get_doc_link() == "https://site/generated/sknumpynet.%s.html" % cls.__name__
