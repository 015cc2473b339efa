"""The models ``benchmarks/real_data.py`` compares, and one cross-validated
fold of a model on a data set.

:data:`MODELS` is the registry: ``name -> (task, factory)``, where
``factory(seed, **params)`` returns an unfitted estimator; every model is fit
behind the same preprocessing (:func:`preprocessor`). Another estimator joins
the comparison with :func:`register`; ``--models`` and ``--variant`` of
``real_data.py`` then take it by name.
"""

import json
import time
import warnings

import numpy as np
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, log_loss, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sknumpynet import (
    NumpyMLPClassifier,
    NumpyMLPRegressor,
    TabularMLPClassifier,
    TabularMLPRegressor,
)
from sknumpynet._solvers.defaults import resolve_learning_rate

#: name -> (task, factory(seed, **params) -> estimator)
MODELS = {}


def register(name, task, factory):
    """Add a model to the comparison (``task``: 'classification' or 'regression')."""
    MODELS[name] = (task, factory)


register(
    "NumpyMLPClassifier",
    "classification",
    lambda seed, **p: NumpyMLPClassifier(random_state=seed, **p),
)
register(
    "TabularMLPClassifier",
    "classification",
    lambda seed, **p: TabularMLPClassifier(random_state=seed, **p),
)
register(
    "TabularMLPRegressor",
    "regression",
    lambda seed, **p: TabularMLPRegressor(random_state=seed, **p),
)
register("MLPClassifier", "classification", lambda seed, **p: MLPClassifier(random_state=seed, **p))
register(
    "HistGradientBoostingClassifier",
    "classification",
    lambda seed, **p: HistGradientBoostingClassifier(random_state=seed, **p),
)
register("LogisticRegression", "classification", lambda seed, **p: LogisticRegression(**p))
register(
    "NumpyMLPRegressor", "regression", lambda seed, **p: NumpyMLPRegressor(random_state=seed, **p)
)
register("MLPRegressor", "regression", lambda seed, **p: MLPRegressor(random_state=seed, **p))
register(
    "MLPRegressor+TTR",
    "regression",
    lambda seed, **p: TransformedTargetRegressor(
        MLPRegressor(random_state=seed, **p), transformer=StandardScaler()
    ),
)
register(
    "HistGradientBoostingRegressor",
    "regression",
    lambda seed, **p: HistGradientBoostingRegressor(random_state=seed, **p),
)
register("Ridge", "regression", lambda seed, **p: Ridge(**p))

#: The models of a default run, the reference of each task first after ours.
DEFAULT_MODELS = {
    "classification": [
        "NumpyMLPClassifier",
        "TabularMLPClassifier",
        "MLPClassifier",
        "HistGradientBoostingClassifier",
        "LogisticRegression",
    ],
    "regression": [
        "NumpyMLPRegressor",
        "TabularMLPRegressor",
        "MLPRegressor+TTR",
        "MLPRegressor",
        "HistGradientBoostingRegressor",
        "Ridge",
    ],
}
#: ours and the reference each claim compares it with.
OURS = {"classification": "NumpyMLPClassifier", "regression": "NumpyMLPRegressor"}
REFERENCE = {"classification": "MLPClassifier", "regression": "MLPRegressor+TTR"}
#: The models of the raw-features comparison.
RAW_MODELS = ["NumpyMLPClassifier", "MLPClassifier", "TabularMLPClassifier"]


def label(name, params):
    """``Name(k=v, ...)``: how tables name a model and its explicit parameters."""
    if not params:
        return name
    return "%s(%s)" % (name, ", ".join("%s=%r" % kv for kv in sorted(params.items())))


def parse_variant(text):
    """``'Name:k=v,k=v'`` -> ``(name, {k: v})`` (values as Python literals)."""
    import ast

    name, _, rest = text.partition(":")
    params = {}
    for item in filter(None, rest.split(",")):
        key, _, value = item.partition("=")
        try:
            params[key.strip()] = ast.literal_eval(value.strip())
        except (ValueError, SyntaxError):
            params[key.strip()] = value.strip()
    if name not in MODELS:
        raise ValueError("unknown model %r; known: %s" % (name, ", ".join(MODELS)))
    return name, params


def preprocessor(numeric, categorical, raw=False):
    """The one ColumnTransformer of every model: median impute (+ StandardScaler
    unless ``raw``) for numeric columns; constant impute + one-hot for the others."""
    num = [SimpleImputer(strategy="median")] + ([] if raw else [StandardScaler()])
    parts = [("num", make_pipeline(*num), numeric)]
    if categorical:
        parts.append(
            (
                "cat",
                make_pipeline(
                    SimpleImputer(strategy="constant", fill_value="missing"),
                    OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                ),
                categorical,
            )
        )
    return ColumnTransformer(parts)


#: Parameters whose default leaves training as it was before they existed.
TRAINING_OPTION_DEFAULTS = {
    "dropout": 0.0,
    "weight_decay": 0.0,
    "warmup_iter": 0,
    "label_smoothing": 0.0,
    "scaling_layer": False,
}


def cache_key(name, params, dataset, mode, fold, n_folds, seed):
    """JSON key of one fold: the model's full parameters (``'auto'`` step as the
    value ``fit`` uses, so a default and the same explicit value share it)."""
    est = MODELS[name][1](seed, **params)
    full = {k: v for k, v in est.get_params(deep=True).items() if not hasattr(v, "fit")}
    # training options added after results were cached, at the defaults that
    # train exactly as before: left out, so those results stay valid
    for key, default in TRAINING_OPTION_DEFAULTS.items():
        if key in full and full[key] == default:
            del full[key]
    if isinstance(full.get("learning_rate_init"), str):
        full["learning_rate_init"] = resolve_learning_rate(
            full["learning_rate_init"],
            full["activation"],
            full["solver"],
            full.get("loss", "log_loss"),
        )
    return json.dumps(
        [name, full, dataset, mode, fold, n_folds, seed], sort_keys=True, default=repr
    )


def _network(model):
    net = model[-1]
    return getattr(net, "regressor_", net)


def run_fold(name, params, seed, X, y, train, test, numeric, categorical, raw):
    """Fit one model on one fold. Returns a dict of floats: ``accuracy``,
    ``log_loss``, ``train_accuracy``, ``train_classes`` (number of classes
    predicted on the training rows) for classifiers, ``r2`` and ``train_r2``
    for regressors, and ``fit_time`` (s) and ``n_iter`` for both."""
    task, factory = MODELS[name]
    model = make_pipeline(preprocessor(numeric, categorical, raw), factory(seed, **params))
    Xtr, Xte = X.iloc[train], X.iloc[test]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ConvergenceWarning)
        start = time.perf_counter()
        model.fit(Xtr, y[train])
        fit_time = time.perf_counter() - start
    net = _network(model)
    n_iter = getattr(net, "n_iter_", None)  # LogisticRegression: one per class; Ridge: None
    n_iter = np.nan if n_iter is None else np.max(n_iter)
    out = {"fit_time": fit_time, "n_iter": float(n_iter)}
    out.update(score_fold(model, task, Xtr, y[train], Xte, y[test]))
    return {k: float(v) for k, v in out.items()}


def score_text(means, task):
    """``'acc A ll L'`` (classification) or ``'R2 R'``: how the benchmarks
    print a model's held-out scores on a data set."""
    if task == "classification":
        return "acc %.4f ll %.4f" % (means["accuracy"], means["log_loss"])
    return "R2 %.4f" % means["r2"]


def score_fold(model, task, Xtr, ytr, Xte, yte):
    """The held-out and training scores of a fitted model, as :func:`run_fold`
    reports them: ``accuracy``, ``log_loss``, ``train_accuracy`` and
    ``train_classes`` for a classifier, ``r2`` and ``train_r2`` for a
    regressor (floats)."""
    out = {}
    if task == "classification":
        proba = model.predict_proba(Xte)
        pred_train = model.predict(Xtr)
        out["accuracy"] = accuracy_score(yte, model.classes_[proba.argmax(1)])
        out["log_loss"] = log_loss(yte, proba, labels=model.classes_)
        out["train_accuracy"] = accuracy_score(ytr, pred_train)
        out["train_classes"] = float(len(np.unique(pred_train)))
    else:
        out["r2"] = r2_score(yte, model.predict(Xte))
        out["train_r2"] = r2_score(ytr, model.predict(Xtr))
    return {k: float(v) for k, v in out.items()}
