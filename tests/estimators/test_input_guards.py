"""Input that NumPy would convert silently, and fitted models whose weights
were broken after fit: each gets a clear error (or, for a model saved by a
newer release, a warning) instead of a confident but meaningless answer.
scikit-learn's input check for numeric data is the reference for strings."""

import pickle

import numpy as np
import pytest
from sklearn.utils.validation import check_array

import sknumpynet
from sknumpynet import NumpyMLPClassifier, NumpyMLPRegressor

RNG = np.random.RandomState(0)
X = RNG.normal(size=(60, 3))
Y = (X[:, 0] > 0).astype(int)
NOT_NUMBERS = {
    "strings": X.astype(str),
    "dates": (X * 1000).astype(int).astype("datetime64[D]"),
    "time spans": (X * 1000).astype(int).astype("timedelta64[s]"),
}


@pytest.fixture(scope="module")
def fitted():
    return NumpyMLPClassifier(hidden_layer_sizes=(4,), max_iter=20, random_state=0).fit(X, Y)


@pytest.mark.parametrize("kind", NOT_NUMBERS)
@pytest.mark.parametrize("Estimator", [NumpyMLPClassifier, NumpyMLPRegressor])
def test_fit_rejects_strings_dates_and_time_spans(kind, Estimator):
    with pytest.raises(ValueError, match="X holds %s" % kind):
        Estimator(max_iter=2).fit(NOT_NUMBERS[kind], Y)


@pytest.mark.parametrize("kind", NOT_NUMBERS)
def test_predict_rejects_strings_dates_and_time_spans(fitted, kind):
    for method in (fitted.predict, fitted.predict_proba):
        with pytest.raises(ValueError, match="X holds %s" % kind):
            method(NOT_NUMBERS[kind])


def test_string_arrays_are_rejected_as_scikit_learn_rejects_them():
    with pytest.raises(ValueError, match="strings"):
        check_array(NOT_NUMBERS["strings"], dtype="numeric")
    with pytest.raises(ValueError, match="strings"):
        NumpyMLPClassifier(max_iter=2).fit(NOT_NUMBERS["strings"], Y)


def test_dataframe_with_a_date_column_is_rejected():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"a": X[:, 0], "when": NOT_NUMBERS["dates"][:, 0]})
    with pytest.raises(ValueError, match="X holds dates"):
        NumpyMLPClassifier(max_iter=2).fit(frame, Y)


def test_nan_weights_are_blamed_on_the_weights_not_the_input(fitted):
    broken = pickle.loads(pickle.dumps(fitted))
    broken.coefs_[0][0, 0] = np.nan
    with pytest.raises(ValueError, match=r"weights .* contain NaN") as caught:
        broken.predict_proba(X)
    assert "Scale the input" not in str(caught.value)


@pytest.mark.parametrize("edit", ["drop_layer", "drop_intercept", "wrong_width"])
def test_weights_edited_after_fit_raise_a_clear_error(edit):
    est = NumpyMLPRegressor(hidden_layer_sizes=(4, 3), max_iter=5, random_state=0)
    est.fit(X, X @ [1.0, 2.0, 3.0])
    if edit == "drop_layer":
        del est.coefs_[1], est.intercepts_[1]
    elif edit == "drop_intercept":
        del est.intercepts_[0]
    else:
        est.coefs_[1] = est.coefs_[1][:, :2]
    with pytest.raises(ValueError, match="do not form a network"):
        est.predict(X)


def test_a_model_saved_by_a_newer_release_warns_on_loading(fitted, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(sknumpynet, "__version__", "99.0.0")
        saved = pickle.dumps(fitted)
    with pytest.warns(UserWarning, match="saved by sknumpynet 99.0.0, newer than the installed"):
        loaded = pickle.loads(saved)
    np.testing.assert_array_equal(loaded.predict_proba(X), fitted.predict_proba(X))


def test_a_model_saved_by_this_release_loads_without_warning(fitted, recwarn):
    pickle.loads(pickle.dumps(fitted))
    assert not [w for w in recwarn if "newer than the installed" in str(w.message)]
