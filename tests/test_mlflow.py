"""Tracking with MLflow, as the user guide's "Tracking with MLflow" section
describes it, against a local file store in a temporary folder.

Needs the ``mlflow`` extra; CI installs it and runs this module in a step of
its own (.ci/run), so the import skip applies only where it is absent.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sknumpynet import NumpyMLPClassifier

mlflow = pytest.importorskip("mlflow")
mlflow_sklearn = pytest.importorskip("mlflow.sklearn")

CLASS = "sknumpynet._classifier.NumpyMLPClassifier"


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh local file store, and no autologging left behind."""
    monkeypatch.setenv("MLFLOW_TRACKING_URI", tmp_path.joinpath("mlruns").as_uri())
    monkeypatch.setenv("MLFLOW_ALLOW_FILE_STORE", "true")  # may warn on newer MLflow
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        mlflow.set_tracking_uri(tmp_path.joinpath("mlruns").as_uri())
        mlflow.set_experiment("sknumpynet")
        yield mlflow.tracking.MlflowClient()
        mlflow_sklearn.autolog(disable=True)
        mlflow.set_tracking_uri(None)


@pytest.fixture
def data():
    return make_classification(200, 5, n_informative=3, random_state=0)


def _runs(client):
    experiment = client.get_experiment_by_name("sknumpynet")
    return client.search_runs([experiment.experiment_id])


def test_autolog_records_a_pipeline(store, data):
    X, y = data
    # MLflow 3 stores models with skops unless told otherwise, and autolog
    # takes no trusted types: the documented setting is cloudpickle.
    mlflow_sklearn.autolog(serialization_format="cloudpickle", silent=True)
    pipe = make_pipeline(StandardScaler(), NumpyMLPClassifier(alpha=0.123, max_iter=20))
    pipe.fit(X, y)
    (run,) = _runs(store)
    (logged,) = mlflow.search_logged_models(
        experiment_ids=[run.info.experiment_id], output_format="list"
    )
    loaded = mlflow_sklearn.load_model(logged.model_uri)
    np.testing.assert_array_equal(loaded.predict_proba(X), pipe.predict_proba(X))
    assert run.data.params["numpymlpclassifier__alpha"] == "0.123"
    assert run.data.params["numpymlpclassifier__max_iter"] == "20"
    assert run.data.metrics["training_accuracy_score"] == pytest.approx(pipe.score(X, y))


def test_autolog_records_nothing_for_a_bare_fit(store, data):
    # The documented limitation: MLflow patches scikit-learn's classes only.
    # If a later MLflow records this fit, the docs must say so.
    X, y = data
    mlflow_sklearn.autolog(log_models=False, silent=True)
    NumpyMLPClassifier(max_iter=20).fit(X, y)
    assert _runs(store) == []


@pytest.mark.parametrize("serialization", ["cloudpickle", "skops"])
def test_model_logged_by_hand_loads_and_predicts_the_same(store, data, serialization):
    X, y = data
    model = NumpyMLPClassifier(max_iter=20, random_state=0).fit(X, y)
    requirements = ["scikit-learn", "git+https://github.com/sknumpynet/sknumpynet"]
    kwargs = {"serialization_format": serialization}
    if serialization == "skops":
        kwargs = {"serialization_format": "skops", "skops_trusted_types": [CLASS]}
    with mlflow.start_run() as run:
        mlflow.log_params(model.get_params())
        for epoch, loss in enumerate(model.loss_curve_):
            mlflow.log_metric("loss", loss, step=epoch)
        # (read before log_model, which links the run's metrics to the model)
        history = store.get_metric_history(run.info.run_id, "loss")
        info = mlflow_sklearn.log_model(
            model, name="model", pip_requirements=requirements, **kwargs
        )
    assert [m.value for m in sorted(history, key=lambda m: m.step)] == pytest.approx(
        model.loss_curve_
    )
    assert store.get_run(run.info.run_id).data.params["max_iter"] == "20"
    loaded = mlflow_sklearn.load_model(info.model_uri)
    assert type(loaded) is NumpyMLPClassifier
    np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
    path = mlflow.pyfunc.get_model_dependencies(info.model_uri)
    with open(path) as f:
        logged = [line.strip() for line in f if line.strip()]
    assert requirements[1] in logged
    assert not any(line.startswith("sknumpynet==") for line in logged)
